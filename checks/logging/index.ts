/** Logging (PCI 10.2, 10.3.3, 10.5.1; POS 方針8): audit policy, local retention, remote forwarding. */
import { PROCESSES, SERVICES } from '../fim/index.js';
import type { Evidence, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import { fileText, isKnown, keysOf, locationOf, reasonOf, reasonTextOf } from '../kit/answers.js';
import { iniSections, int, settings } from '../kit/config.js';
import { cannotList, dropIns, readDropIns } from '../kit/dropins.js';
import { cannotRead, needsRunningSystem, notFoundButUnread, osOf, UNKNOWN_OS, unreadAmong } from '../kit/findings.js';
import { regChild, regValue, regValues, valueText } from '../kit/registry.js';
import { clip, MAX_ITEMS, quoted } from '../kit/text.js';
import {
  AUDIT_GROUPS,
  AUDITPOL_PS,
  DEFAULT_SUBCATEGORIES,
  GUID_SUFFIX,
  LOCAL_AUDIT_CSV,
  parseAuditCsv,
  parseAuditRules,
} from './audit.js';

// ---------------------------------------------------------------------------------------------
// logging.audit-policy

interface AuditParams {
  subcategories: Array<{ guid: string; name: string; setting: number }>;
  watchPaths: string[];
  syscalls: string[];
}

const AUDITPOL: EvidenceRequest = { kind: 'command', name: 'auditpol backup', os: 'windows', command: { ps: AUDITPOL_PS } };
const AUDIT_CSV: EvidenceRequest = { kind: 'file', path: LOCAL_AUDIT_CSV, os: 'windows', binary: true };
const AUDITCTL_L: EvidenceRequest = {
  kind: 'command',
  name: 'auditctl -l',
  os: 'linux',
  command: { sh: 'LC_ALL=C auditctl -l' },
};
const AUDITCTL_S: EvidenceRequest = {
  kind: 'command',
  name: 'auditctl -s',
  os: 'linux',
  command: { sh: 'LC_ALL=C auditctl -s' },
};
const AUDIT_RULES: EvidenceRequest = { kind: 'file', path: '/etc/audit/audit.rules', os: 'linux' };
const AUDIT_RULES_D = dropIns('/etc/audit/rules.d/*.rules');
const AUDIT_RULES_MAIN: EvidenceRequest = { kind: 'file', path: '/etc/audit/rules.d/audit.rules', os: 'linux' };
const AUDITD_ENABLED: EvidenceRequest = {
  kind: 'glob',
  pattern: '/etc/systemd/system/multi-user.target.wants/auditd.service',
  os: 'linux',
};

const SETTING_TEXT = ['No Auditing', 'Success', 'Failure', 'Success and Failure'];
const SETTING_JA = ['監査なし', '成功', '失敗', '成功と失敗'];

const auditPolicy: Check<AuditParams> = {
  id: 'logging.audit-policy',
  family: 'logging',
  title: t('Security events are audited', 'セキュリティイベントが監査されている'),
  description: t(
    'Windows: the advanced audit policy (auditpol backup, keyed by subcategory GUID so any display language works; ' +
      'offline, the local GPO audit.csv) includes each required subcategory. Linux: auditd is enabled and its rules (loaded ' +
      'rules when readable, otherwise the rule files) watch the account files and record time changes and module loading.',
    'Windows：詳細な監査ポリシー（auditpol のバックアップをサブカテゴリの GUID で判定するため表示言語に依存しません。' +
      'オフラインではローカル GPO の audit.csv）が必要なサブカテゴリを含むか確認します。Linux：auditd が有効で、' +
      'そのルール（読めればロード済みのルール、読めなければルールファイル）がアカウント関連ファイルの変更、時刻変更、' +
      'モジュールの読み込みを記録するか確認します。',
  ),
  remediation: t(
    'Windows: enable the listed subcategories with `auditpol /set /subcategory:{GUID} /success:enable /failure:enable` or ' +
      'Group Policy (Advanced Audit Policy Configuration), and set "Force audit policy subcategory settings" on. Linux: ' +
      'install auditd, enable it, and add rules in /etc/audit/rules.d/ (for example `-w /etc/passwd -p wa -k identity`, `-a ' +
      'always,exit -F arch=b64 -S clock_settime -k time-change`, `-a always,exit -F arch=b64 -S execve -F euid=0 -k rootcmd` ' +
      'for commands run as root, `-w /var/run/faillock -p wa -k logins` for failed logins, `-w /var/log/audit/ -k auditlog`, ' +
      '`-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -k modules`), then run `augenrules --load`.',
    'Windows：`auditpol /set /subcategory:{GUID} /success:enable /failure:enable` かグループ ' +
      'ポリシー（監査ポリシーの詳細な構成）で一覧のサブカテゴリを有効にし、「監査ポリシー サブカテゴリの設定を強制する」' +
      'を有効にしてください。Linux：auditd を導入・有効化し、/etc/audit/rules.d/ にルール（例：`-w /etc/passwd -p wa -k ' +
      'identity`、`-a always,exit -F arch=b64 -S clock_settime -k time-change`、root で実行したコマンドには `-a always,exit ' +
      '-F arch=b64 -S execve -F euid=0 -k rootcmd`、ログイン失敗には `-w /var/run/faillock -p wa -k logins`、`-w ' +
      '/var/log/audit/ -k auditlog`、`-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -k modules`）' +
      'を追加して `augenrules --load` を実行してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      subcategories: {
        type: 'array',
        default: DEFAULT_SUBCATEGORIES,
        items: {
          type: 'object',
          properties: {
            guid: { type: 'string', pattern: '^[0-9A-Fa-f]{8}$' },
            name: { type: 'string' },
            setting: { type: 'integer', minimum: 1, maximum: 3 },
          },
          required: ['guid', 'name', 'setting'],
          additionalProperties: false,
        },
        description:
          'Windows subcategories: first 8 hex digits of the GUID (…-69AE-11D9-BED3-505054503030); setting 1 success, 2 failure, 3 both.',
      },
      watchPaths: {
        type: 'array',
        items: { type: 'string' },
        default: ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/sudoers'],
      },
      syscalls: {
        type: 'array',
        items: { type: 'string' },
        default: ['clock_settime', 'settimeofday', 'adjtimex', 'init_module', 'delete_module'],
      },
    },
    additionalProperties: false,
  },
  requests: () => [
    AUDITPOL,
    AUDIT_CSV,
    AUDITCTL_L,
    AUDITCTL_S,
    AUDIT_RULES,
    AUDIT_RULES_MAIN,
    AUDIT_RULES_D.glob,
    AUDITD_ENABLED,
  ],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? auditWindows(ev, ctx.params) : auditLinux(ev, ctx);
  },
};

function auditWindows(ev: Evidence, p: AuditParams): Finding[] {
  const a = ev.get(AUDITPOL);
  let csv: string | undefined;
  let evidence = keysOf(AUDITPOL);
  const notes: Finding[] = [];
  if (a.status === 'ok' && (a.exitCode ?? 0) === 0 && a.data) csv = a.data;
  else if (a.status !== 'unsupported')
    return [
      cannotRead(
        t('the audit policy (auditpol needs an administrator)', '監査ポリシー（auditpol には管理者権限が必要）'),
        a.status === 'ok' ? { ...a, status: 'error', reason: clip(a.data || a.stderr || `exit code ${a.exitCode}`) } : a,
        AUDITPOL,
      ),
    ];
  else {
    csv = fileText(ev, AUDIT_CSV);
    evidence = keysOf(AUDIT_CSV);
    if (csv === undefined)
      return [
        needsRunningSystem(
          t('The effective audit policy', '有効な監査ポリシー'),
          t(
            'No local Group Policy audit.csv exists in the image. On the running terminal run `auditpol /get /category:*` ' +
              'as an administrator, or scan it live.',
            'イメージにローカル グループ ポリシーの audit.csv がありません。稼働中の端末で管理者として `auditpol /get ' +
              '/category:*` を実行するか、ライブでスキャンしてください。',
          ),
          keysOf(AUDITPOL, AUDIT_CSV),
        ),
      ];
    notes.push({
      status: 'warn',
      message: t(
        'Offline image: read the local Group Policy audit.csv; a domain policy may add to it.',
        'オフラインのイメージのため、ローカル グループ ポリシーの audit.csv を読みました。ドメインのポリシーで変わる場合があります。',
      ),
      location: LOCAL_AUDIT_CSV,
      evidence,
    });
  }
  const got = parseAuditCsv(csv);
  if (got.size === 0)
    return [
      {
        status: 'error',
        message: t(
          'The audit policy export had no subcategory rows that could be parsed.',
          '監査ポリシーの出力に解析できるサブカテゴリの行がありませんでした。',
        ),
        evidence,
      },
    ];
  const missing: string[] = [];
  const missingJa: string[] = [];
  for (const s of p.subcategories) {
    const have = got.get(`${s.guid.toUpperCase()}${GUID_SUFFIX}`) ?? 0;
    if ((have & s.setting) !== s.setting) {
      missing.push(`${s.name} (${SETTING_TEXT[have]}; needs ${SETTING_TEXT[s.setting]})`);
      missingJa.push(`${s.name}（${SETTING_JA[have]}、必要：${SETTING_JA[s.setting]}）`);
    }
  }
  if (missing.length > 0)
    return [
      ...notes,
      {
        status: 'fail',
        message: t(
          `${missing.length} audit subcategories are not audited as required: ${missing.join('; ')}.`,
          `${missing.length}個の監査サブカテゴリが必要どおりに監査されていません：${missingJa.join('、')}。`,
        ),
        evidence,
        details: { missing: missing.slice(0, MAX_ITEMS) },
      },
    ];
  return [
    ...notes,
    {
      status: 'pass',
      message: t(
        `All ${p.subcategories.length} required audit subcategories are audited.`,
        `必要な監査サブカテゴリ${p.subcategories.length}個がすべて監査されています。`,
      ),
      evidence,
    },
  ];
}

function auditLinux(ev: Evidence, ctx: CheckContext<AuditParams>): Finding[] {
  const p = ctx.params;
  const out: Finding[] = [];
  const loaded = ev.get(AUDITCTL_L);
  const status = ev.get(AUDITCTL_S);
  const evidence = keysOf(AUDITCTL_L, AUDITCTL_S, AUDIT_RULES, AUDIT_RULES_MAIN, AUDIT_RULES_D.glob, AUDITD_ENABLED);
  let rulesText: string | undefined;
  /** Judging the files, rules.d could not be listed and no compiled audit.rules says what it held. */
  let rulesDNotListed: Finding | undefined;
  let source = t('auditctl -l', 'auditctl -l');
  if (loaded.status === 'ok' && loaded.exitCode === 0 && loaded.data !== undefined) rulesText = loaded.data;
  if (status.status === 'ok' && status.exitCode === 0) {
    const enabled = /^enabled\s+(\d)/m.exec(status.data ?? '');
    if (enabled && enabled[1] === '0')
      out.push({
        status: 'fail',
        message: t(
          'The kernel audit system is disabled (auditctl -s: enabled 0).',
          'カーネルの監査機能が無効です（auditctl -s: enabled 0）。',
        ),
        evidence,
      });
  }
  if (rulesText === undefined) {
    const files = readDropIns(ev, AUDIT_RULES_D, [AUDIT_RULES_MAIN]);
    const compiled = ev.text(AUDIT_RULES);
    const texts = [...files.files.values(), ...(compiled !== undefined ? [compiled] : [])];
    const notInstalled = (loaded.status === 'ok' && loaded.exitCode === 127) || loaded.status === 'unsupported';
    if (texts.length === 0) {
      // A rules file or folder the account may not read (/etc/audit is root-only) is not an absent one;
      // only auditctl missing from a live system (exit 127) says auditd is not installed whatever the files hold.
      const unreadable = [AUDIT_RULES, AUDIT_RULES_MAIN, AUDIT_RULES_D.glob].filter((r) => !isKnown(ev.get(r)));
      const first = unreadable[0];
      if (first && !(loaded.status === 'ok' && loaded.exitCode === 127))
        return [cannotRead(t('the audit rules', '監査ルール'), ev.get(first), keysOf(...unreadable), locationOf(first))];
      if (files.unread.length > 0)
        return [
          needsRunningSystem(
            t('The audit rule files', '監査ルールのファイル'),
            t(
              `Open ${files.unread.slice(0, 5).join(', ')} in the image and compare with the required rules.`,
              `イメージ内の ${files.unread.slice(0, 5).join('、')} を開き、必要なルールと比べてください。`,
            ),
            evidence,
          ),
        ];
      if (notInstalled || loaded.status === 'ok')
        return [
          {
            status: 'fail',
            message: t(
              'auditd is not installed or has no rules (no /etc/audit rules found).',
              'auditd が導入されていないか、ルールがありません（/etc/audit にルールが見つかりません）。',
            ),
            evidence,
          },
        ];
      return [cannotRead(t('the loaded audit rules', 'ロード済みの監査ルール'), loaded, AUDITCTL_L)];
    }
    rulesText = texts.join('\n');
    source = t('the rule files in /etc/audit', '/etc/audit のルールファイル');
    if (compiled === undefined)
      rulesDNotListed = cannotList(t('the audit rules folder', '監査ルールのフォルダー'), files, AUDIT_RULES_D);
    if (ctx.targetKind !== 'image' && loaded.status !== 'unsupported')
      out.push({
        status: 'warn',
        message: t(
          `Could not read the loaded rules (${clip(loaded.data || loaded.stderr || loaded.reason || loaded.status)}); ` +
            `judged the rule files instead. Scan with root to see what is loaded.`,
          `ロード済みのルールを読めなかった（${clip(loaded.data || loaded.stderr || loaded.reason || loaded.status)}）` +
            `ため、ルールファイルで判定しました。ロード状態を見るには root で実行してください。`,
        ),
        evidence,
      });
    const enabledLink = ev.get(AUDITD_ENABLED);
    if (enabledLink.status === 'ok' && (enabledLink.entries ?? []).length === 0)
      out.push({
        status: 'fail',
        message: t('auditd.service is not enabled at boot.', 'auditd.service が起動時に有効になっていません。'),
        location: '/etc/systemd/system/multi-user.target.wants',
        evidence,
      });
    else if (enabledLink.status === 'denied' || enabledLink.status === 'error')
      out.push(
        cannotRead(
          t('whether auditd.service is enabled at boot', 'auditd.service が起動時に有効か'),
          enabledLink,
          AUDITD_ENABLED,
        ),
      );
  }
  const rules = parseAuditRules(rulesText);
  // A rule missing from the files read may be in a rules.d file the account cannot list: not a fail.
  const missingAny = (r: ReturnType<typeof parseAuditRules>) =>
    r.count === 0 ||
    AUDIT_GROUPS.some((g) => !g.covered(r)) ||
    p.watchPaths.some((w) => !r.watches.has(w.replace(/\/$/, ''))) ||
    p.syscalls.some((c) => !r.syscalls.has(c));
  if (rulesDNotListed && missingAny(rules)) return [...out, rulesDNotListed];
  if (rules.count === 0)
    return [
      ...out,
      {
        status: 'fail',
        message: t(`No audit rules are defined (${source.en}).`, `監査ルールが定義されていません（${source.ja}）。`),
        evidence,
      },
    ];
  const missWatch = p.watchPaths.filter((w) => !rules.watches.has(w.replace(/\/$/, '')));
  const missCalls = p.syscalls.filter((s) => !rules.syscalls.has(s));
  const missGroups = AUDIT_GROUPS.filter((g) => !g.covered(rules));
  if (missGroups.length)
    out.push({
      status: 'fail',
      message: t(
        `Audit rules (${source.en}) do not record what PCI DSS ${missGroups.map((g) => g.requirement).join(', ')} ask ` +
          `for: ${missGroups.map((g) => `${g.requirement} ${g.en}`).join('; ')}.`,
        `監査ルール（${source.ja}）が PCI DSS ${missGroups.map((g) => g.requirement).join('、')}` +
          ` の求める記録をしていません：${missGroups.map((g) => `${g.requirement} ${g.ja}`).join('。')}。`,
      ),
      evidence,
      details: { missingRequirements: missGroups.map((g) => g.requirement) },
    });
  if (missWatch.length || missCalls.length)
    out.push({
      status: 'fail',
      message: t(
        `Audit rules (${source.en}) lack ` +
          [
            missWatch.length ? `watches on ${missWatch.join(', ')}` : '',
            missCalls.length ? `syscalls ${missCalls.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' and ') +
          `.`,
        `監査ルール（${source.ja}）に` +
          [
            missWatch.length ? `${missWatch.join('、')} の監視` : '',
            missCalls.length ? `システムコール ${missCalls.join('、')}` : '',
          ]
            .filter(Boolean)
            .join('と') +
          `がありません。`,
      ),
      evidence,
    });
  else
    out.push({
      status: 'pass',
      message: t(
        `${rules.count} audit rules (${source.en}) cover the required files and ` +
          `syscalls${rules.immutable ? ' and are locked (-e 2)' : ''}` +
          `${
            missGroups.length
              ? ''
              : `, and record PCI DSS ${AUDIT_GROUPS.map((g) => g.requirement).join(', ')} (auditd itself records its start, ` +
                `stop and configuration changes, 10.2.1.6)`
          }` +
          `.`,
        `${rules.count}個の監査ルール（${source.ja}）が必要なファイルとシステムコールを網羅しています` +
          `${rules.immutable ? '（-e 2 で固定）' : ''}` +
          `${
            missGroups.length
              ? ''
              : `。PCI DSS ${AUDIT_GROUPS.map((g) => g.requirement).join('、')} の記録も行います（auditd の開始・停止・` +
                `設定変更は auditd 自身が記録します：10.2.1.6）`
          }。`,
      ),
      evidence,
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// logging.retention

interface RetentionParams {
  keepDays: number;
  atHandDays: number;
  securityMinKB: number;
  otherMinKB: number;
}

const EVENTLOG = (log: string): EvidenceRequest => ({
  kind: 'registry',
  key: `HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\${log}`,
  os: 'windows',
});
const EVENTLOG_POLICY: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog',
  os: 'windows',
  subkeys: true,
};
const LOGS = ['Application', 'Security', 'System'];
const OLDEST_SECURITY: EvidenceRequest = {
  kind: 'command',
  name: 'oldest security event',
  os: 'windows',
  command: { ps: 'wevtutil qe Security /c:1 /rd:false /f:xml' },
};
const LOGROTATE: EvidenceRequest = { kind: 'file', path: '/etc/logrotate.conf', os: 'linux' };
const LOGROTATE_SYSLOG: EvidenceRequest[] = [
  '/etc/logrotate.d/rsyslog',
  '/etc/logrotate.d/syslog',
  '/etc/logrotate.d/syslog-ng',
].map((path) => ({ kind: 'file', path, os: 'linux' }));
const JOURNALD: EvidenceRequest = { kind: 'file', path: '/etc/systemd/journald.conf', os: 'linux' };
const JOURNAL_DIR: EvidenceRequest = { kind: 'glob', pattern: '/var/log/journal', os: 'linux' };

const retention: Check<RetentionParams> = {
  id: 'logging.retention',
  family: 'logging',
  title: t('Logs are kept long enough', 'ログが十分な期間保存されている'),
  description: t(
    'PCI DSS 10.5.1 asks for 12 months of logs (keepDays), the last 3 months at hand (atHandDays). Windows: event log ' +
      'sizes (policy over local settings) against minimums, and the age of the oldest Security event (live). Linux: ' +
      'logrotate rotation of the syslog files (rotate × period) and the journal storage. Less than keepDays locally but at ' +
      'least atHandDays is a warning: the rest must be kept on the central log server.',
    'PCI DSS 10.5.1 はログを12か月（keepDays）保存し、直近3か月（atHandDays）はすぐ見られることを求めます。Windows：' +
      'イベントログのサイズ（ポリシー優先）を最小値と比べ、最も古いセキュリティイベントの日付（ライブ）を確認します。Linux：' +
      'syslog ファイルの logrotate（ローテーション回数×周期）とジャーナルの保存先を確認します。' +
      '端末内の保存が keepDays 未満でも atHandDays 以上なら警告で、残りは中央のログサーバーで保存する必要があります。',
  ),
  remediation: t(
    'Windows: set the Security log to at least 196,608 KB and Application/System to at least 32,768 KB (Group Policy > ' +
      'Event Log Service), and forward events to a central server that keeps 12 months. Linux: in /etc/logrotate.d/rsyslog ' +
      'use `daily` with `rotate 90` or more (or weekly/`rotate 13`), set `Storage=persistent` in journald.conf, and forward ' +
      'logs centrally for 12 months.',
    'Windows：セキュリティログを196,608 KB以上、アプリケーション／システムを32,768 ' +
      'KB以上にし（グループ ポリシー ＞ イベント ログ サービス）、12か月保存する中央サーバーへ転送してください。Linux：' +
      '/etc/logrotate.d/rsyslog で `daily` と `rotate 90` 以上（または weekly と `rotate 13`）にし、' +
      'journald.conf で `Storage=persistent` にし、ログを12か月分中央へ転送してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      keepDays: { type: 'integer', minimum: 1, default: 365 },
      atHandDays: { type: 'integer', minimum: 1, default: 90 },
      securityMinKB: { type: 'integer', minimum: 1, default: 196608 },
      otherMinKB: { type: 'integer', minimum: 1, default: 32768 },
    },
    additionalProperties: false,
  },
  requests: () => [
    ...LOGS.map(EVENTLOG),
    EVENTLOG_POLICY,
    OLDEST_SECURITY,
    LOGROTATE,
    ...LOGROTATE_SYSLOG,
    JOURNALD,
    JOURNAL_DIR,
  ],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? retentionWindows(ev, ctx) : retentionLinux(ev, ctx.params);
  },
};

function judgeDays(
  days: number,
  p: RetentionParams,
  what: string,
  whatJa: string,
  evidence: string[],
  location?: string,
): Finding {
  if (days >= p.keepDays)
    return {
      status: 'pass',
      message: t(`${what} keeps about ${days} days locally.`, `${whatJa}は端末内に約${days}日分を保存します。`),
      evidence,
      location,
    };
  if (days >= p.atHandDays)
    return {
      status: 'warn',
      message: t(
        `${what} keeps about ${days} days locally: at least ${p.atHandDays} at hand, but the rest of ${p.keepDays} days ` +
          `must be kept on a central log server.`,
        `${whatJa}は端末内に約${days}日分を保存します。${p.atHandDays}日分はありますが、` +
          `${p.keepDays}日までの残りは中央のログサーバーで保存する必要があります。`,
      ),
      evidence,
      location,
    };
  return {
    status: 'fail',
    message: t(
      `${what} keeps only about ${days} days locally; at least ${p.atHandDays} must be at hand.`,
      `${whatJa}は端末内に約${days}日分しか保存しません。${p.atHandDays}日分はすぐ見られる必要があります。`,
    ),
    evidence,
    location,
  };
}

function retentionWindows(ev: Evidence, ctx: CheckContext<RetentionParams>): Finding[] {
  const p = ctx.params;
  const out: Finding[] = [];
  const policy = ev.get(EVENTLOG_POLICY);
  // Group Policy wins over the local MaxSize either way: unread, no log size can be judged from the local value.
  if (!isKnown(policy))
    out.push(cannotRead(t('the event log size policy', 'イベントログのサイズのポリシー'), policy, EVENTLOG_POLICY));
  for (const log of isKnown(policy) ? LOGS : []) {
    const req = EVENTLOG(log);
    const a = ev.get(req);
    const pol = policy.status === 'ok' ? regChild(policy, log) : undefined;
    const polKB = int(regValue(pol, 'maxsize'));
    let kb: number | undefined;
    let from = '';
    if (polKB !== undefined) {
      kb = polKB;
      from = ' (Group Policy)';
    } else if (a.status === 'ok') {
      const bytes = int(regValue(regValues(a), 'maxsize'));
      kb = bytes === undefined ? undefined : Math.floor(bytes / 1024);
    }
    if (kb === undefined) {
      out.push(
        a.status === 'ok' || a.status === 'missing'
          ? {
              status: 'error',
              message: t(`The ${log} log has no MaxSize value.`, `${log} ログに MaxSize の値がありません。`),
              location: req.kind === 'registry' ? req.key : undefined,
              evidence: keysOf(req),
            }
          : cannotRead(t(`the ${log} log settings`, `${log} ログの設定`), a, req),
      );
      continue;
    }
    const min = log === 'Security' ? p.securityMinKB : p.otherMinKB;
    const evidence = keysOf(req, EVENTLOG_POLICY);
    out.push(
      kb >= min
        ? {
            status: 'pass',
            message: t(
              `The ${log} log may grow to ${kb} KB${from}.`,
              `${log} ログの上限は ${kb} KB です${from ? '（グループ ポリシー）' : ''}。`,
            ),
            evidence,
          }
        : {
            status: 'fail',
            message: t(
              `The ${log} log is limited to ${kb} KB${from}; at least ${min} KB is required.`,
              `${log} ログの上限が ${kb} KB です${from ? '（グループ ポリシー）' : ''}。${min} KB 以上が必要です。`,
            ),
            evidence,
            details: { log, maxSizeKB: kb },
          },
    );
  }
  const oldest = ev.get(OLDEST_SECURITY);
  const when = oldest.status === 'ok' ? /SystemTime=["'](\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(oldest.data ?? '') : null;
  if (when) {
    const days = Math.floor((ctx.now.getTime() - Date.parse(`${when[1]}Z`)) / 86_400_000);
    out.push(judgeDays(Math.max(0, days), p, 'The Security log', 'セキュリティログ', keysOf(OLDEST_SECURITY)));
  } else if (oldest.status === 'unsupported')
    out.push(
      needsRunningSystem(
        t('The age of the oldest Security event', '最も古いセキュリティイベントの日付'),
        t(
          'Open Security.evtx from the image in Event Viewer and check that its oldest event is at least 90 days old, or ' +
            'that the central log server holds 3 months at hand.',
          'イメージの Security.evtx をイベント ビューアーで開き、最も古いイベントが90日以上前か、' +
            '中央のログサーバーに3か月分あるか確認してください。',
        ),
        keysOf(OLDEST_SECURITY),
      ),
    );
  else
    out.push(
      cannotRead(
        t('the oldest Security event (needs an administrator)', '最も古いセキュリティイベント（管理者権限が必要）'),
        oldest.status === 'ok' ? { ...oldest, status: 'error', reason: 'no event time in the output' } : oldest,
        OLDEST_SECURITY,
      ),
    );
  return out;
}

/** Days covered by a logrotate stanza: rotate count × period (daily 1, weekly 7, monthly 30, yearly 365). */
function rotationDays(text: string, inherited: { rotate?: number; period?: number }): { rotate?: number; period?: number } {
  const s = { ...inherited };
  for (const line of text.split('\n')) {
    const l = line.replace(/#.*/, '').trim();
    const r = /^rotate\s+(\d{1,6})$/.exec(l);
    if (r) s.rotate = Number(r[1]);
    const per = /^(daily|weekly|monthly|yearly)$/.exec(l);
    if (per) s.period = { daily: 1, weekly: 7, monthly: 30, yearly: 365 }[per[1] as 'daily'];
  }
  return s;
}

function retentionLinux(ev: Evidence, p: RetentionParams): Finding[] {
  const out: Finding[] = [];
  const main = ev.text(LOGROTATE);
  const mainAns = ev.get(LOGROTATE);
  if (main === undefined && mainAns.status !== 'missing')
    return [cannotRead(t('the logrotate configuration', 'logrotate の設定'), mainAns, LOGROTATE)];
  const defaults = rotationDays(main ?? '', {});
  const stanza = LOGROTATE_SYSLOG.find((r) => ev.text(r) !== undefined);
  const evidence = keysOf(LOGROTATE, ...LOGROTATE_SYSLOG, JOURNALD, JOURNAL_DIR);
  if (stanza && stanza.kind === 'file') {
    const s = rotationDays(ev.text(stanza) ?? '', defaults);
    const days = (s.rotate ?? 0) * (s.period ?? 7);
    out.push(
      judgeDays(days, p, `Syslog rotation (${stanza.path})`, `syslog のローテーション（${stanza.path}）`, evidence, stanza.path),
    );
  } else if (LOGROTATE_SYSLOG.some((r) => !isKnown(ev.get(r)))) {
    const r = LOGROTATE_SYSLOG.find((x) => !isKnown(ev.get(x))) ?? LOGROTATE_SYSLOG[0];
    out.push(cannotRead(t('the syslog rotation settings', 'syslog のローテーション設定'), ev.get(r), r));
  }
  const jtext = ev.text(JOURNALD);
  const journal = iniSections(jtext ?? '').get('journal');
  const storage = (journal?.get('storage') ?? 'auto').toLowerCase();
  const dir = ev.get(JOURNAL_DIR);
  const persistent = storage === 'persistent' || (storage === 'auto' && dir.status === 'ok' && (dir.entries ?? []).length > 0);
  const maxRet = journal?.get('maxretentionsec');
  // "Lost at reboot" needs both halves seen: no rotation stanza (an unread one is an error above) and a volatile journal.
  const rotationUnread = !stanza && LOGROTATE_SYSLOG.some((r) => !isKnown(ev.get(r)));
  const journalUnread = persistent ? [] : unreadAmong(ev, storage === 'auto' ? [JOURNALD, JOURNAL_DIR] : [JOURNALD]);
  if (!persistent && !stanza && (rotationUnread || journalUnread.length > 0)) {
    if (journalUnread.length > 0)
      out.push(notFoundButUnread(t('persistent journal storage', 'ジャーナルの永続保存の設定'), ev, journalUnread, evidence));
  } else if (!persistent && !stanza)
    out.push({
      status: 'fail',
      message: t(
        `The journal is not kept on disk (Storage=${storage}) and no syslog file rotation was found: logs are lost at reboot.`,
        `ジャーナルがディスクに保存されず（Storage=${storage}）、syslog ファイルのローテーション設定も見つかりません。` +
          `再起動でログが消えます。`,
      ),
      location: '/etc/systemd/journald.conf',
      evidence,
    });
  else if (!persistent && storage !== 'auto')
    out.push({
      status: 'warn',
      message: t(
        `The journal is not kept on disk (Storage=${clip(storage, 20)}); only the syslog files persist.`,
        `ジャーナルがディスクに保存されません（Storage=${clip(storage, 20)}）。残るのは syslog ファイルだけです。`,
      ),
      location: '/etc/systemd/journald.conf',
      evidence,
    });
  if (persistent && maxRet) {
    const m = /^(\d{1,6})\s*(d|day|days|w|week|weeks|month|months|y|year|years)?$/.exec(maxRet.trim());
    if (m) {
      const unit = m[2] ?? 'd';
      const days = Number(m[1]) * (unit.startsWith('w') ? 7 : unit.startsWith('mo') ? 30 : unit.startsWith('y') ? 365 : 1);
      if (days < p.atHandDays)
        out.push({
          status: 'fail',
          message: t(
            `The journal deletes entries after ${days} days (MaxRetentionSec=${quoted(maxRet)}).`,
            `ジャーナルは${days}日でエントリーを削除します（MaxRetentionSec=${quoted(maxRet)}）。`,
          ),
          location: '/etc/systemd/journald.conf',
          evidence,
        });
    }
  }
  if (out.length === 0) {
    if (jtext === undefined && !isKnown(ev.get(JOURNALD)))
      return [cannotRead(t('the journald configuration', 'journald の設定'), ev.get(JOURNALD), JOURNALD)];
    out.push({
      status: 'error',
      message: t(
        'No syslog rotation was found, so how long logs are kept locally is unknown.',
        'syslog のローテーション設定が見つからず、端末内の保存期間が分かりません。',
      ),
      evidence,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// logging.remote-forwarding

interface ForwardParams {
  designatedHosts: string[];
}

const WEF: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog\\EventForwarding\\SubscriptionManager',
  os: 'windows',
};
const AGENT_SERVICES = ['SplunkForwarder', 'nxlog', 'winlogbeat', 'WazuhSvc', 'OssecSvc', 'fluent-bit', 'elastic-agent'];
const AGENT_REQ = (svc: string): EvidenceRequest => ({
  kind: 'registry',
  key: `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${svc}`,
  value: 'Start',
  os: 'windows',
});
const RSYSLOG: EvidenceRequest = { kind: 'file', path: '/etc/rsyslog.conf', os: 'linux' };
const RSYSLOG_D = dropIns('/etc/rsyslog.d/*.conf');
const FORWARD_FILES: EvidenceRequest[] = [
  '/etc/syslog-ng/syslog-ng.conf',
  '/etc/systemd/journal-upload.conf',
  '/etc/audit/audisp-remote.conf',
  '/etc/audit/plugins.d/au-remote.conf',
  '/etc/audisp/plugins.d/au-remote.conf',
  '/opt/splunkforwarder/etc/system/local/outputs.conf',
  '/etc/filebeat/filebeat.yml',
].map((path) => ({ kind: 'file', path, os: 'linux' }));
/** Whether each log agent service runs (a service that is merely "not disabled" forwards nothing). WinRM carries event forwarding. */
const WIN_AGENT_STATE: EvidenceRequest = {
  kind: 'command',
  name: 'log agent services',
  os: 'windows',
  command: {
    ps:
      `foreach ($n in @(` +
      ['WinRM', 'SplunkForwarder', 'nxlog', 'winlogbeat', 'WazuhSvc', 'OssecSvc', 'fluent-bit', 'elastic-agent']
        .map((n) => `'${n}'`)
        .join(', ') +
      `)) { $s = Get-Service -Name $n -ErrorAction SilentlyContinue; if ($s) { 'svc=' + $n + '|' + $s.Status } }`,
  },
};
const JOURNAL_UPLOAD_ENABLED: EvidenceRequest = {
  kind: 'glob',
  pattern: '/etc/systemd/system/multi-user.target.wants/systemd-journal-upload.service',
  os: 'linux',
};

const remoteForwarding: Check<ForwardParams> = {
  id: 'logging.remote-forwarding',
  family: 'logging',
  title: t('Logs are forwarded to a central server', 'ログが中央のサーバーへ転送されている'),
  description: t(
    'Windows: a Windows Event Forwarding subscription manager (WinRM running), or a log agent service (Splunk, NXLog, ' +
      'Winlogbeat, Wazuh…) that is running (offline: set to start automatically). Linux: an rsyslog or syslog-ng network ' +
      'target, systemd-journal-upload, audisp-remote, Splunk outputs or Filebeat, with its program running (offline: enabled ' +
      'at boot); rsyslog targets say whether they use UDP, plain TCP or TLS. With designatedHosts set, targets must be among ' +
      'them.',
    'Windows：Windows イベント転送のサブスクリプション マネージャー（WinRM が稼働）、' +
      'または稼働中のログエージェントのサービス（Splunk、NXLog、Winlogbeat、Wazuh など。オフラインでは自動起動の設定）' +
      'を確認します。Linux：rsyslog や syslog-ng の転送先、systemd-journal-upload、audisp-remote、Splunk の outputs、' +
      'Filebeat と、そのプログラムの稼働（オフラインでは起動時に有効か）を確認し、rsyslog の転送先が UDP、' +
      '暗号化されていない TCP、TLS のどれかも示します。designatedHosts を指定すると、転送先がその中にあることも確認します。',
  ),
  remediation: t(
    'Forward logs to the central log server: Windows Event Forwarding (Group Policy > Event Forwarding > Configure target ' +
      'Subscription Manager) or a log agent; and keep its service running. On Linux with rsyslog, "@@host:6514" alone is ' +
      'plain TCP: for TLS install rsyslog-gnutls and write in /etc/rsyslog.d/90-forward.conf ' +
      '`global(DefaultNetstreamDriverCAFile="/etc/ssl/certs/log-ca.pem")` and `*.* action(type="omfwd" target="logs.example" ' +
      'port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name" ' +
      'StreamDriverPermittedPeers="logs.example")`, then restart rsyslog and keep it running.',
    'ログを中央のログサーバーへ転送してください。Windows はイベント転送（グループ ポリシー ＞ イベント転送 ＞ ターゲット ' +
      'サブスクリプション マネージャーの構成）またはログエージェント、サービスを稼働させたままにしてください。' +
      'Linux の rsyslog では "@@host:6514" だけでは暗号化されない TCP です。TLS にするには rsyslog-gnutls を導入し、' +
      '/etc/rsyslog.d/90-forward.conf に `global(DefaultNetstreamDriverCAFile="/etc/ssl/certs/log-ca.pem")` と `*.* ' +
      'action(type="omfwd" target="logs.example" port="6514" protocol="tcp" StreamDriver="gtls" StreamDriverMode="1" ' +
      'StreamDriverAuthMode="x509/name" StreamDriverPermittedPeers="logs.example")` を書いてから rsyslog を再起動し、' +
      '稼働させたままにしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      designatedHosts: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'Central log hosts; empty accepts any network target.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [
    WEF,
    ...AGENT_SERVICES.map(AGENT_REQ),
    WIN_AGENT_STATE,
    RSYSLOG,
    RSYSLOG_D.glob,
    ...FORWARD_FILES,
    JOURNAL_UPLOAD_ENABLED,
    PROCESSES,
    SERVICES,
  ],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const found = os === 'windows' ? forwardWindows(ev) : forwardLinux(ev);
    if (!Array.isArray(found)) return [found.problem];
    // "No forwarding" is a fail only when every place a forwarder could be set up was read.
    const unread =
      found.length === 0 ? unreadAmong(ev, os === 'windows' ? AGENT_SERVICES.map(AGENT_REQ) : forwardSourcesLinux(ev)) : [];
    if (unread.length > 0) return [notFoundButUnread(t('log forwarding', 'ログ転送の設定'), ev, unread)];
    const running = os === 'windows' ? runningWindows(ev, found) : runningLinux(ev, found, ctx.targetKind === 'image');
    const judged = judgeForward(
      running,
      ctx.params,
      os === 'windows'
        ? keysOf(WEF, ...AGENT_SERVICES.map(AGENT_REQ), WIN_AGENT_STATE)
        : keysOf(RSYSLOG, RSYSLOG_D.glob, ...FORWARD_FILES, PROCESSES, SERVICES),
    );
    // With designated hosts, an rsyslog.d the account cannot list may forward to another host: no pass.
    const notListed =
      os === 'linux' && ctx.params.designatedHosts.length > 0
        ? cannotList(t('the rsyslog drop-in folder', 'rsyslog の追加設定フォルダー'), readDropIns(ev, RSYSLOG_D), RSYSLOG_D)
        : undefined;
    return notListed ? [...judged, notListed] : judged;
  },
};

interface Target {
  via: string;
  host?: string;
  where: string;
  /** How rsyslog sends: UDP, plain TCP, or TCP with TLS (the gtls/ossl netstream driver in mode 1). */
  transport?: 'udp' | 'tcp' | 'tls';
  /** Set when the forwarding program is not running (live) or not enabled at boot (offline). */
  notRunning?: Text;
  /** Offline: enabled at boot, not seen running. */
  runningNote?: Text;
  /** Windows service start type (2 automatic, 3 manual). */
  start?: number;
  /** Whether it runs could not be read (an error, not a fail). */
  runningUnknown?: boolean;
}

/** Process names (comm, 15 characters at most) and systemd units of each Linux forwarder. */
const LINUX_FORWARDERS: Record<string, { name: string; proc: RegExp; unit: RegExp }> = {
  rsyslog: { name: 'rsyslogd', proc: /^rsyslogd$/, unit: /^rsyslog\.service$/ },
  'syslog-ng': { name: 'syslog-ng', proc: /^syslog-ng$/, unit: /^syslog-ng\.service$/ },
  'audisp-remote': { name: 'audisp-remote', proc: /^audisp-remote$/, unit: /^auditd\.service$/ },
  'Splunk forwarder': { name: 'splunkd', proc: /^splunkd$/, unit: /^(SplunkForwarder|splunk)\.service$/ },
  Filebeat: { name: 'filebeat', proc: /^filebeat$/, unit: /^filebeat\.service$/ },
};

function runningLinux(ev: Evidence, found: Target[], offline: boolean): Target[] {
  const procs = ev.get(PROCESSES);
  const names =
    procs.status === 'ok' && (procs.exitCode ?? 0) === 0
      ? new Set((procs.data ?? '').split('\n').map((x) => x.trim()))
      : undefined;
  const procsReason = procs.status === 'ok' ? `exit code ${procs.exitCode ?? '?'}` : reasonOf(procs);
  const services = ev.get(SERVICES);
  const units = (services.entries ?? []).map((e) => e.slice(e.lastIndexOf('/') + 1));
  return found.map((f) => {
    const w = LINUX_FORWARDERS[f.via];
    if (!w) return f; // systemd-journal-upload: already required to be enabled
    if (names)
      return [...names].some((n) => w.proc.test(n))
        ? f
        : { ...f, notRunning: t(`${w.name} is not running`, `${w.name} が稼働していません`) };
    // Live, an unread process list is not an empty one either: whether the forwarder runs is unknown (error, never pass).
    if (!offline)
      return {
        ...f,
        runningUnknown: true,
        notRunning: t(
          `whether ${w.name} runs could not be read (${procsReason})`,
          `${w.name} が稼働しているか読めませんでした（${procsReason}）`,
        ),
      };
    // An unread list of enabled services is not an empty one: say so instead of "not enabled".
    if (services.status !== 'ok' && services.status !== 'missing')
      return {
        ...f,
        runningUnknown: true,
        notRunning: t(
          `whether its service is enabled at boot could not be read (${reasonOf(services)})`,
          `サービスが起動時に有効か読めませんでした（${reasonOf(services)}）`,
        ),
      };
    return units.some((u) => w.unit.test(u))
      ? { ...f, runningNote: t('offline: enabled at boot, not seen running', 'オフラインのため稼働は未確認。起動時に有効') }
      : { ...f, notRunning: t('its service is not enabled at boot', 'サービスが起動時に有効になっていません') };
  });
}

function runningWindows(ev: Evidence, found: Target[]): Target[] {
  const state = ev.get(WIN_AGENT_STATE);
  const live = state.status === 'ok' && (state.exitCode ?? 0) === 0;
  const status = new Map<string, string>();
  if (live)
    for (const m of (state.data ?? '').matchAll(/^svc=([A-Za-z0-9_-]+)\|(\w+)\s*$/gm)) status.set(m[1].toLowerCase(), m[2]);
  return found.map((f) => {
    const svc = f.via === 'Windows Event Forwarding' ? 'WinRM' : f.via.replace(/ service$/, '');
    if (!live && state.status !== 'unsupported')
      return {
        ...f,
        runningUnknown: true,
        notRunning: t(
          `whether the ${svc} service runs could not be read (${reasonOf(state)})`,
          `${svc} サービスが稼働しているか読めませんでした（${reasonTextOf(state).ja}）`,
        ),
      };
    if (!live)
      return f.start === 2 || f.via === 'Windows Event Forwarding'
        ? { ...f, runningNote: t('offline: not seen running', 'オフラインのため稼働は未確認') }
        : { ...f, notRunning: t(`the ${svc} service does not start automatically`, `${svc} サービスが自動起動ではありません`) };
    const st = status.get(svc.toLowerCase());
    return st === 'Running'
      ? f
      : {
          ...f,
          notRunning: t(
            `the ${svc} service is ${st ? st.toLowerCase() : 'not installed'}`,
            `${svc} サービスの状態: ${st ?? '未導入'}`,
          ),
        };
  });
}

function forwardWindows(ev: Evidence): Target[] | { problem: Finding } {
  const out: Target[] = [];
  const wef = ev.get(WEF);
  if (wef.status === 'ok')
    for (const v of wef.registry?.values ?? []) {
      const s = valueText(v) ?? '';
      const m = /Server=(?:https?:\/\/)?([^:/,\s]+)/i.exec(s);
      if (m) out.push({ via: 'Windows Event Forwarding', host: m[1], where: 'SubscriptionManager' });
    }
  else if (wef.status !== 'missing')
    return { problem: cannotRead(t('the event forwarding policy', 'イベント転送のポリシー'), wef, WEF) };
  for (const svc of AGENT_SERVICES) {
    const a = ev.get(AGENT_REQ(svc));
    const start = a.status === 'ok' ? int(regValue(regValues(a), 'start')) : undefined;
    if (start !== undefined && start !== 4) out.push({ via: `${svc} service`, where: `Services\\${svc}`, start });
  }
  return out;
}

/**
 * Where a Linux forwarder could be set up: each configuration file, plus what decides whether it is
 * on (the journal-upload unit once a URL is set, the au-remote plugin once a remote server is set).
 */
function forwardSourcesLinux(ev: Evidence): EvidenceRequest[] {
  const [ng, upload, audisp, plugin, oldPlugin, splunk, beat] = FORWARD_FILES;
  const out = [RSYSLOG, RSYSLOG_D.glob, ng, upload, audisp, splunk, beat].filter((r): r is EvidenceRequest => r !== undefined);
  if (
    upload &&
    iniSections(ev.text(upload) ?? '')
      .get('upload')
      ?.get('url')
  )
    out.push(JOURNAL_UPLOAD_ENABLED);
  if (audisp && plugin && oldPlugin && settings(ev.text(audisp) ?? '').get('remote_server')) {
    out.push(plugin);
    if (ev.get(plugin).status !== 'ok') out.push(oldPlugin);
  }
  return out;
}

function forwardLinux(ev: Evidence): Target[] | { problem: Finding } {
  const out: Target[] = [];
  const rs = readDropIns(ev, RSYSLOG_D, [RSYSLOG]);
  if (!isKnown(ev.get(RSYSLOG)) && rs.files.size === 0)
    return { problem: cannotRead(t('the rsyslog configuration', 'rsyslog の設定'), ev.get(RSYSLOG), RSYSLOG) };
  const all = [...rs.files.values()].join('\n').replace(/^\s*#.*$/gm, '');
  // Legacy directives: TLS needs the gtls (or ossl) netstream driver and send mode 1; "@@" alone is plain TCP.
  const legacyTls =
    /^\s*\$DefaultNetstreamDriver\s+(gtls|ossl)\b/im.test(all) && /^\s*\$ActionSendStreamDriverMode\s+1\b/im.test(all);
  const globalDriver = /global\s*\([^)]*DefaultNetstreamDriver\s*=\s*"(gtls|ossl)"/i.test(all);
  for (const [path, text] of rs.files)
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('#')) continue;
      const legacy = /^\S+\s+(@@?)(?:\([^)]*\))?\[?([A-Za-z0-9._:-]+?)\]?(?::\d+)?\s*(;.*)?$/.exec(line);
      const omfwd =
        /type\s*=\s*"omfwd"[^)]*?target\s*=\s*"([^"]+)"/i.exec(line) ??
        /target\s*=\s*"([^"]+)"[^)]*?type\s*=\s*"omfwd"/i.exec(line);
      if (legacy)
        out.push({
          via: 'rsyslog',
          host: legacy[2],
          where: path,
          transport: legacy[1] === '@' ? 'udp' : legacyTls ? 'tls' : 'tcp',
        });
      else if (omfwd) {
        const attr = (n: string) => new RegExp(`\\b${n}\\s*=\\s*"([^"]*)"`, 'i').exec(line)?.[1]?.toLowerCase();
        const tcp = attr('protocol') === 'tcp';
        const driver = attr('streamdriver') ?? (globalDriver ? 'gtls' : undefined);
        const tls = tcp && (driver === 'gtls' || driver === 'ossl') && attr('streamdrivermode') === '1';
        out.push({ via: 'rsyslog', host: omfwd[1], where: path, transport: tls ? 'tls' : tcp ? 'tcp' : 'udp' });
      }
    }
  const file = (path: string) => {
    const r = FORWARD_FILES.find((x) => x.kind === 'file' && x.path === path);
    return r ? ev.text(r) : undefined;
  };
  const ng = file('/etc/syslog-ng/syslog-ng.conf');
  for (const m of (ng ?? '').matchAll(/^[^#\n]*\b(?:network|tcp|udp|syslog)\s*\(\s*"?([A-Za-z0-9._-]+)"?/gm))
    out.push({ via: 'syslog-ng', host: m[1], where: '/etc/syslog-ng/syslog-ng.conf' });
  const upload = iniSections(file('/etc/systemd/journal-upload.conf') ?? '')
    .get('upload')
    ?.get('url');
  const uploadOn = ev.get(JOURNAL_UPLOAD_ENABLED);
  if (upload && uploadOn.status === 'ok' && (uploadOn.entries ?? []).length > 0)
    out.push({
      via: 'systemd-journal-upload',
      host: /^(?:https?:\/\/)?([^:/]+)/.exec(upload)?.[1],
      where: '/etc/systemd/journal-upload.conf',
    });
  const audisp = settings(file('/etc/audit/audisp-remote.conf') ?? '').get('remote_server');
  const plugin = settings(file('/etc/audit/plugins.d/au-remote.conf') ?? file('/etc/audisp/plugins.d/au-remote.conf') ?? '').get(
    'active',
  );
  if (audisp && plugin === 'yes') out.push({ via: 'audisp-remote', host: audisp, where: '/etc/audit/audisp-remote.conf' });
  const splunk = /^\s*server\s*=\s*([A-Za-z0-9._-]+)/m.exec(file('/opt/splunkforwarder/etc/system/local/outputs.conf') ?? '');
  if (splunk) out.push({ via: 'Splunk forwarder', host: splunk[1], where: '/opt/splunkforwarder/etc/system/local/outputs.conf' });
  const beat = /^\s*hosts:\s*\[\s*["']?([A-Za-z0-9._-]+)/m.exec(file('/etc/filebeat/filebeat.yml') ?? '');
  if (beat) out.push({ via: 'Filebeat', host: beat[1], where: '/etc/filebeat/filebeat.yml' });
  if (out.length === 0 && rs.unread.length > 0)
    return {
      problem: needsRunningSystem(
        t('The rsyslog drop-in files', 'rsyslog の追加設定ファイル'),
        t(
          `Open ${rs.unread.slice(0, 5).join(', ')} in the image and look for a network target (@@host or omfwd).`,
          `イメージ内の ${rs.unread.slice(0, 5).join('、')} を開き、転送先（@@ホスト や omfwd）があるか確認してください。`,
        ),
        keysOf(RSYSLOG_D.glob),
      ),
    };
  return out;
}

const TRANSPORT: Record<string, Text> = {
  udp: t(' over UDP (messages can be lost; no TLS)', '（UDP で送信。欠落の可能性があり、TLS もありません）'),
  tcp: t(
    ' over plain TCP (not encrypted: no TLS netstream driver)',
    '（暗号化されていない TCP。TLS のネットストリーム ドライバーがありません）',
  ),
  tls: t(' over TCP with TLS (gtls/ossl netstream driver)', '（TLS 付きの TCP。gtls／ossl ネットストリーム ドライバー）'),
};

function judgeForward(found: Target[], p: ForwardParams, evidence: string[]): Finding[] {
  if (found.length === 0)
    return [
      {
        status: 'fail',
        message: t('No log forwarding to a central server was found.', '中央のサーバーへのログ転送が見つかりませんでした。'),
        evidence,
      },
    ];
  const designated = p.designatedHosts.map((h) => h.toLowerCase());
  const out: Finding[] = [];
  for (const f of found.slice(0, MAX_ITEMS)) {
    const host = f.host ? clip(f.host, 100) : undefined;
    if (designated.length > 0 && host && !designated.includes(host.toLowerCase()))
      out.push({
        status: 'fail',
        message: t(
          `${f.via} sends logs to ${quoted(host)}, which is not a designated log host.`,
          `${f.via} が指定外のホスト ${quoted(host)} へログを送っています。`,
        ),
        location: f.where,
        evidence,
      });
    else if (f.notRunning)
      out.push({
        status: f.runningUnknown ? 'error' : 'fail',
        message: f.runningUnknown
          ? t(
              `${f.via} is set to forward logs${host ? ` to ${quoted(host)}` : ''}, but ${f.notRunning.en}: whether ` +
                `anything is forwarded is not known.`,
              `${f.via} はログを転送する設定${host ? `（転送先 ${quoted(host)}）` : ''}ですが、${f.notRunning.ja}。` +
                `転送されているかは分かりません。`,
            )
          : t(
              `${f.via} is set to forward logs${host ? ` to ${quoted(host)}` : ''}, but ${f.notRunning.en}: nothing is forwarded.`,
              `${f.via} はログを転送する設定${host ? `（転送先 ${quoted(host)}）` : ''}ですが、${f.notRunning.ja}。何も転送されません。`,
            ),
        location: f.where,
        evidence,
      });
    else {
      const how = TRANSPORT[f.transport ?? ''] ?? t('', '');
      const note = f.runningNote ? t(` (${f.runningNote.en})`, `（${f.runningNote.ja}）`) : t('', '');
      out.push({
        status: 'pass',
        message: t(
          `${f.via} forwards logs${host ? ` to ${quoted(host)}` : ''}${how.en}${note.en}.`,
          `${f.via} がログを転送しています${host ? `（転送先 ${quoted(host)}）` : ''}${how.ja}${note.ja}。`,
        ),
        location: f.where,
        evidence,
        ...(f.transport ? { details: { transport: f.transport } } : {}),
      });
    }
  }
  if (designated.length > 0 && !out.some((f) => f.status === 'pass'))
    out.push({
      status: 'fail',
      message: t('No forwarding to a designated log host.', '指定されたログホストへの転送がありません。'),
      evidence,
    });
  return out.some((f) => f.status === 'pass') ? out.filter((f) => f.status === 'pass' || designated.length > 0) : out;
}

export const checks: AnyCheck[] = [auditPolicy, retention, remoteForwarding];
