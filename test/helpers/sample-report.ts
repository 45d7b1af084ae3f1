/**
 * Builders of Report objects for reporter tests: every status, waivers (live and expired),
 * an attestation, a manual procedure, an unreachable host, hostile strings from a terminal,
 * and fleets of N hosts with store tags.
 */
import { t } from '../../core/i18n.js';
import {
  STATUSES,
  worstStatus,
  type CheckResult,
  type Finding,
  type Report,
  type Severity,
  type Status,
  type Summary,
  type TargetResult,
} from '../../core/model.js';
import type { RuleInfo } from '../../reporters/sarif.js';

/** A file name an attacker could leave on a terminal. */
export const HOSTILE = '<img src=x onerror=alert(1)>';
export const HOSTILE_SCRIPT = '</script><script>alert(2)</script>';

export function summarize(targets: TargetResult[]): Summary {
  const s = Object.fromEntries(STATUSES.map((k) => [k, 0])) as Record<Status, number>;
  let total = 0;
  for (const tg of targets)
    for (const r of tg.results) {
      s[r.status]++;
      total++;
    }
  return { ...s, total };
}

function verdictOf(targets: TargetResult[], failOn: Severity): Report['verdict'] {
  const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
  const atGate = (r: CheckResult) => rank[r.severity] >= rank[failOn];
  // Findings at the gate are certain whatever else is missing; otherwise anything unknown makes it incomplete.
  if (targets.some((tg) => tg.results.some((r) => r.status === 'fail' && atGate(r)))) return 'non-compliant';
  if (targets.some((tg) => tg.state === 'error' || tg.results.some((r) => r.status === 'error' && atGate(r))))
    return 'incomplete';
  return 'compliant';
}

interface ResultSpec {
  check: string;
  control?: string;
  requirements: string[];
  severity: Severity;
  findings: Finding[];
  status?: Status;
  extra?: Partial<CheckResult>;
}

function result(spec: ResultSpec): CheckResult {
  const control = spec.control ?? spec.check.replace(/\..*/, '') + '-control';
  return {
    controlId: control,
    checkId: spec.check,
    profileIds: ['pci-dss-4.0.1'],
    requirements: spec.requirements,
    title: t(`Title of ${spec.check}`, `${spec.check} のタイトル`),
    controlTitle: t(`Control ${control}`, `管理策 ${control}`),
    status:
      spec.status ??
      worstStatus(
        spec.findings.map((f) => f.status),
        'pass',
      ),
    severity: spec.severity,
    findings: spec.findings,
    remediation: t(`Fix ${spec.check}.`, `${spec.check} を修正してください。`),
    ...spec.extra,
  };
}

const timing = (connectMs = 120): TargetResult['timing'] => ({
  startedAt: '2026-11-21T00:00:00.000Z',
  finishedAt: '2026-11-21T00:00:02.500Z',
  connectMs,
  gatherMs: 1800,
  activeMs: 400,
  evaluateMs: 12,
  roundTrips: 2,
  requests: 41,
});

/** Results for one scanned host: every status appears once. */
export function everyStatusResults(host: string): CheckResult[] {
  return [
    result({
      check: 'ssh.root-login-disabled',
      requirements: ['PCI 2.2.6', 'PCI 8.2.2', 'POS 方針3'],
      severity: 'high',
      findings: [
        {
          status: 'fail',
          message: t('PermitRootLogin yes (expected no).', 'PermitRootLogin が yes です(no が必要)。'),
          location: '/etc/ssh/sshd_config',
          evidence: ['command:sshd -T'],
          details: { line: 32, value: 'yes' },
        },
      ],
    }),
    result({
      check: 'usb.storage-blocked',
      requirements: ['PCI 5.3.3', 'POS 方針5'],
      severity: 'medium',
      findings: [
        {
          status: 'pass',
          message: t('usb-storage is blacklisted.', 'usb-storage はブラックリスト登録済みです。'),
          location: '/etc/modprobe.d/usb.conf',
        },
      ],
    }),
    result({
      check: 'tls.legacy-disabled',
      requirements: ['PCI 4.2.1'],
      severity: 'high',
      findings: [
        {
          status: 'warn',
          message: t('TLS 1.1 offered on port 8443.', 'ポート 8443 で TLS 1.1 が有効です。'),
          location: 'tcp/8443',
        },
      ],
    }),
    result({
      check: 'patches.os-supported',
      requirements: ['PCI 6.3.3', 'POS 方針6'],
      severity: 'critical',
      findings: [
        {
          status: 'error',
          message: t('Could not read /etc/os-release: permission denied.', '/etc/os-release を読めません: 権限がありません。'),
          location: '/etc/os-release',
        },
      ],
    }),
    result({
      check: 'windows.smb1-disabled',
      requirements: ['PCI 2.2.4'],
      severity: 'medium',
      findings: [{ status: 'not-applicable', message: t('Windows only.', 'Windows のみ対象です。') }],
    }),
    result({
      check: 'firmware.password-set',
      requirements: ['PCI 2.2.2', 'POS 方針1'],
      severity: 'high',
      status: 'manual',
      findings: [],
      extra: {
        procedure: t(
          'Enter firmware setup and confirm a supervisor password is required.',
          'ファームウェア設定画面に入り、管理者パスワードが必要なことを確認してください。',
        ),
      },
    }),
    result({
      check: 'pan.stored-data',
      requirements: ['PCI 3.3.1', 'POS 方針2'],
      severity: 'critical',
      status: 'waived',
      findings: [
        {
          status: 'fail',
          message: t(
            `Possible PAN 411111******1111 in ${JSON.stringify('/var/log/' + HOSTILE)}.`,
            `${JSON.stringify('/var/log/' + HOSTILE)} にカード番号らしき 411111******1111 があります。`,
          ),
          location: `/var/log/${HOSTILE}`,
          details: { masked: '411111******1111', file: HOSTILE_SCRIPT },
        },
      ],
      extra: {
        waiver: {
          reason: 'Vendor log rotation fix due (CHG-4411)',
          approver: 'j.tanaka',
          expires: '2026-12-31',
          source: 'waivers.yaml:4',
        },
      },
    }),
    result({
      check: 'accounts.default-passwords',
      requirements: ['PCI 2.2.2'],
      severity: 'high',
      findings: [
        {
          status: 'fail',
          message: t('Account "pos" uses a vendor default password.', 'アカウント "pos" がベンダー既定のパスワードです。'),
          location: 'user:pos',
        },
      ],
      extra: { expiredWaiver: { reason: 'Old exception', approver: 'k.sato', expires: '2026-01-31', source: 'waivers.yaml:9' } },
    }),
    result({
      check: 'physical.tamper-seal',
      requirements: ['PCI 9.5.1', 'POS 方針8'],
      severity: 'medium',
      status: 'pass',
      findings: [],
      extra: {
        attestation: {
          by: 'store manager',
          date: '2026-11-01',
          expires: '2027-11-01',
          observed: 'Seal #A-1234 intact',
          status: 'pass',
          source: 'attest.yaml:2',
        },
      },
    }),
  ].map((r) => ({ ...r, tags: [host.startsWith('pos') ? 'pos' : 'other'] }));
}

export const SAMPLE_RULES: RuleInfo[] = everyStatusResults('x').map((r) => ({
  id: r.checkId,
  title: r.title,
  description: t(`Description of ${r.checkId}.`, `${r.checkId} の説明。`),
  remediation: r.remediation,
  severity: r.severity,
}));

export interface SampleOptions {
  createdAt?: string;
  lang?: Report['lang'];
}

/** Three hosts: one with every status, one hostile-named host, one unreachable. */
export function sampleReport(opts: SampleOptions = {}): Report {
  const targets: TargetResult[] = [
    {
      id: 'ssh:10.17.0.1',
      kind: 'ssh',
      name: 'pos-0001',
      tags: { store: 'store-017', region: 'kanto' },
      platform: { os: 'linux', distro: 'debian', version: '12', pretty: 'Debian GNU/Linux 12 (bookworm)', hostname: 'pos-0001' },
      state: 'scanned',
      results: everyStatusResults('pos-0001'),
      timing: timing(),
    },
    {
      id: `ssh:${HOSTILE}`,
      kind: 'ssh',
      name: HOSTILE,
      tags: { store: '渋谷店' },
      platform: { os: 'windows', pretty: `Windows ${HOSTILE_SCRIPT}`, build: '19044.5487' },
      state: 'scanned',
      results: [
        result({
          check: 'usb.storage-blocked',
          requirements: ['PCI 5.3.3', 'POS 方針5'],
          severity: 'medium',
          findings: [
            {
              status: 'fail',
              message: t(
                `USB storage enabled; found ${JSON.stringify(HOSTILE)}.`,
                `USB ストレージが有効です。${JSON.stringify(HOSTILE)} を検出。`,
              ),
              location: `E:\\${HOSTILE}`,
              details: { name: HOSTILE_SCRIPT },
            },
          ],
        }),
      ],
      timing: timing(300),
    },
    {
      id: 'ssh:10.17.0.42',
      kind: 'ssh',
      name: 'pos-0042',
      tags: { store: 'store-017' },
      platform: { os: 'unknown' },
      state: 'error',
      error: 'SSH connection to 10.17.0.42:22 timed out after 15 s.',
      results: [],
      timing: { startedAt: '2026-11-21T00:00:00.000Z', finishedAt: '2026-11-21T00:00:15.000Z', roundTrips: 0, requests: 0 },
    },
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'posaudit', version: '0.1.0' },
    createdAt: opts.createdAt ?? '2026-11-21T00:03:12.000Z',
    lang: opts.lang ?? 'en',
    failOn: 'high',
    profiles: [
      {
        id: 'pci-dss-4.0.1',
        title: t('PCI DSS v4.0.1 (posaudit mapping)', 'PCI DSS v4.0.1(posaudit 対応表)'),
        version: '1.0.0',
        source: 'profiles/pci-dss-4.0.1.yaml',
      },
    ],
    targets,
    summary: summarize(targets),
    verdict: verdictOf(targets, 'high'),
    expiredWaivers: [{ reason: 'Old exception', approver: 'k.sato', expires: '2026-01-31', source: 'waivers.yaml:9' }],
  };
}

const FLEET_STATUSES: Status[] = [
  'pass',
  'pass',
  'pass',
  'pass',
  'pass',
  'pass',
  'fail',
  'not-applicable',
  'manual',
  'warn',
  'error',
  'waived',
];
const FLEET_SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const PCI = [
  '1.2.1',
  '1.4.1',
  '2.2.1',
  '2.2.2',
  '2.2.4',
  '2.2.6',
  '3.3.1',
  '4.2.1',
  '5.2.1',
  '5.3.3',
  '6.3.3',
  '7.2.1',
  '8.2.2',
  '8.3.6',
  '9.5.1',
  '10.2.1',
  '11.3.1',
  '12.3.1',
];

export interface FleetOptions {
  hosts: number;
  resultsPerHost: number;
  stores?: number;
  unreachableEvery?: number;
  seed?: number;
}

/** A fleet of N hosts spread over stores, deterministic for a seed. */
export function fleetReport(opts: FleetOptions): Report {
  const stores = opts.stores ?? Math.max(1, Math.ceil(opts.hosts / 20));
  const seed = opts.seed ?? 1;
  const targets: TargetResult[] = [];
  for (let h = 0; h < opts.hosts; h++) {
    const store = `store-${String((h % stores) + 1).padStart(3, '0')}`;
    const name = `pos-${String(h + 1).padStart(4, '0')}`;
    const unreachable = opts.unreachableEvery !== undefined && h % opts.unreachableEvery === opts.unreachableEvery - 1;
    const results: CheckResult[] = [];
    if (!unreachable) {
      for (let c = 0; c < opts.resultsPerHost; c++) {
        const status = FLEET_STATUSES[(h * 7 + c * 13 + seed) % FLEET_STATUSES.length];
        const findingStatus: Status = status === 'waived' ? 'fail' : status;
        const req = PCI[c % PCI.length];
        results.push(
          result({
            check: `family${c % 9}.check-${c}`,
            control: `control-${c}`,
            severity: FLEET_SEVERITIES[c % FLEET_SEVERITIES.length],
            requirements: [`PCI ${req}`, `POS 方針${(c % 8) + 1}`],
            status,
            findings:
              status === 'manual'
                ? []
                : [
                    {
                      status: findingStatus,
                      message: t(`Check ${c} on ${name}: ${status}.`, `${name} のチェック ${c}: ${status}。`),
                      location: `/etc/posaudit/c${c}.conf`,
                    },
                  ],
            extra: {
              ...(status === 'manual' ? { procedure: t('Look at the device.', '機器を確認してください。') } : {}),
              ...(status === 'waived'
                ? { waiver: { reason: 'Accepted risk', approver: 'auditor', expires: '2027-01-01', source: 'waivers.yaml:1' } }
                : {}),
            },
          }),
        );
      }
    }
    targets.push({
      id: `ssh:${name}`,
      kind: 'ssh',
      name,
      tags: { store },
      platform: unreachable ? { os: 'unknown' } : { os: 'linux', pretty: 'Debian GNU/Linux 12 (bookworm)' },
      state: unreachable ? 'error' : 'scanned',
      ...(unreachable ? { error: 'connection refused' } : {}),
      results,
      timing: timing(),
    });
  }
  return {
    schemaVersion: 1,
    tool: { name: 'posaudit', version: '0.1.0' },
    createdAt: '2026-11-21T00:00:00.000Z',
    lang: 'en',
    failOn: 'high',
    profiles: [
      {
        id: 'pci-dss-4.0.1',
        title: t('PCI DSS v4.0.1', 'PCI DSS v4.0.1'),
        version: '1.0.0',
        source: 'profiles/pci-dss-4.0.1.yaml',
      },
    ],
    targets,
    summary: summarize(targets),
    verdict: verdictOf(targets, 'high'),
  };
}

/** A copy of a report with its targets replaced (summary and verdict recomputed). */
export function withTargets(report: Report, targets: TargetResult[]): Report {
  return { ...report, targets, summary: summarize(targets), verdict: verdictOf(targets, report.failOn) };
}
