/**
 * Remote access (PCI 1.2.5, 2.2.4, 2.2.7, 8.2.7, 8.4.2, 8.4.3; POS 方針4): SSH, RDP and third-party remote tools installed or
 * listening.
 */
import type { Evidence, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import { isKnown, keysOf } from '../kit/answers.js';
import { int } from '../kit/config.js';
import { cannotRead, osOf, UNKNOWN_OS } from '../kit/findings.js';
import { regString, regValue, regValues } from '../kit/registry.js';
import { clip, quoted } from '../kit/text.js';
import { checks as dataTransferChecks } from './data-transfer.js';
import { LISTENERS_PS, procNetListeners, psListeners, RDP_PORT, REMOTE_TOOLS } from './tools.js';
import { SSHD_CONFIG, SSHD_CONFIG_WIN, SSHD_REQUESTS, sshdSettings, unknownSetting } from '../ssh/sshd-config.js';

interface RemoteParams {
  approvedTools: string[];
}

const TS: EvidenceRequest = { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server', os: 'windows' };
const TS_POLICY: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
  os: 'windows',
};
const RDP_TCP: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
  os: 'windows',
};
const UNINSTALL: EvidenceRequest[] = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
].map((key) => ({ kind: 'registry', key, subkeys: true, os: 'windows', maxBytes: 4 * 1024 * 1024 }));
const WIN_LISTEN: EvidenceRequest = { kind: 'command', name: 'tcp listeners', os: 'windows', command: { ps: LISTENERS_PS } };
const LINUX_PATHS: EvidenceRequest[] = REMOTE_TOOLS.flatMap((tool) =>
  [...(tool.linuxPaths ?? []), ...(tool.enabledPaths ?? [])].map((pattern): EvidenceRequest => ({
    kind: 'glob',
    pattern,
    os: 'linux',
  })),
);
/** The Windows OpenSSH server service (the optional feature and the Win32-OpenSSH MSI both install it as `sshd`). */
const WIN_SSHD: EvidenceRequest = { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\sshd', os: 'windows' };
const PROC_TCP: EvidenceRequest[] = ['/proc/net/tcp', '/proc/net/tcp6'].map((path) => ({
  kind: 'file',
  path,
  os: 'linux',
  maxBytes: 2 * 1024 * 1024,
}));

const remoteTools: Check<RemoteParams> = {
  id: 'remote.tools',
  family: 'remote',
  title: t('Only approved remote-access tools, and RDP only with NLA', '承認済みのリモート操作ツールだけを使い、RDP は NLA 付き'),
  description: t(
    'Lists remote-access paths: an SSH server (installed, enabled at boot, the Windows sshd service, or listening; ' +
      'approved SSH also shows whether every login needs two authentication methods, PCI 8.4.3), RDP (enabled, Network Level ' +
      'Authentication, port), VNC, TeamViewer, AnyDesk, RustDesk, Chrome Remote Desktop, NoMachine, LogMeIn, ScreenConnect, ' +
      'Splashtop and others, installed (Windows Uninstall entries; Linux program paths) or listening on their usual ports ' +
      '(live). Any tool not in approvedTools fails, and RDP without NLA fails even when approved. On an offline image only ' +
      'what is installed can be seen.',
    'リモート操作の経路を一覧にします：SSH サーバー（導入済み、起動時に有効、Windows の sshd サービス、または待ち受け。' +
      '承認済みの SSH は、すべてのログインに2つの認証方式が必要か（PCI 8.4.3）も示します）、RDP（有効か、' +
      'ネットワーク レベル認証、ポート）、VNC、TeamViewer、AnyDesk、RustDesk、Chrome リモート デスクトップ、NoMachine、' +
      'LogMeIn、ScreenConnect、Splashtop など。導入済み（Windows のアンインストール情報、Linux のプログラムのパス）か、' +
      '通常のポートで待ち受けているか（ライブ）を確認します。approvedTools にないツールは不合格、' +
      'RDP は承認済みでも NLA がなければ不合格です。オフラインのイメージでは導入状況だけを確認できます。',
  ),
  remediation: t(
    'Uninstall remote tools the store has not approved. If remote support is needed, use one approved tool with MFA (PCI ' +
      '8.4.2), list it in approvedTools, and for RDP require Network Level Authentication (UserAuthentication=1) or turn it ' +
      'off (fDenyTSConnections=1).',
    '店舗で承認していないリモート操作ツールはアンインストールしてください。リモート保守が必要な場合は多要素認証（PCI ' +
      '8.4.2）付きの承認済みツールを1つに絞って approvedTools に登録し、RDP はネットワーク レベル認証（UserAuthentication=1）' +
      'を必須にするか、無効（fDenyTSConnections=1）にしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      approvedTools: {
        type: 'array',
        items: { type: 'string', enum: ['rdp', ...REMOTE_TOOLS.map((r) => r.id)] },
        default: [],
        description: 'Tool ids the store approved (ssh, rdp, vnc, teamviewer, anydesk, rustdesk, …).',
      },
    },
    additionalProperties: false,
  },
  requests: () => [TS, TS_POLICY, RDP_TCP, ...UNINSTALL, WIN_LISTEN, WIN_SSHD, ...LINUX_PATHS, ...PROC_TCP, ...SSHD_REQUESTS],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? remoteWindows(ev, ctx) : remoteLinux(ev, ctx);
  },
};

interface Seen {
  tool: string;
  name: string;
  how: Text;
}

/** A tool's name for a Japanese sentence: product names stay, the generic ones are said in Japanese. */
const NAME_JA: Record<string, string> = { 'SSH server (sshd)': 'SSH サーバー（sshd）', 'An RDP server': 'RDP サーバー' };
const nameJa = (name: string): string => NAME_JA[name] ?? name;
const listeningOn = (port: number | string): Text => t(`listening on TCP ${port}`, `TCP ${port} で待ち受け`);

function judgeTools(seen: Seen[], approved: Set<string>, evidence: string[], ssh?: SshFactors): Finding[] {
  const out: Finding[] = [];
  const byTool = new Map<string, Seen[]>();
  for (const s of seen) byTool.set(s.tool, [...(byTool.get(s.tool) ?? []), s]);
  for (const [tool, list] of byTool) {
    const how = clip(list.map((s) => s.how.en).join('; '));
    const howJa = clip(list.map((s) => s.how.ja).join('、'));
    if (tool === 'ssh' && approved.has(tool)) {
      out.push(sshApproved(t(how, howJa), ssh, evidence));
      continue;
    }
    out.push(
      approved.has(tool)
        ? {
            status: 'pass',
            message: t(
              `${list[0].name} is present and approved (${how}).`,
              `${nameJa(list[0].name)} があり、承認済みです（${howJa}）。`,
            ),
            location: tool,
            evidence,
          }
        : {
            status: 'fail',
            message: t(
              `${list[0].name} is present but not approved (${how}).`,
              `${nameJa(list[0].name)} がありますが、承認されていません（${howJa}）。`,
            ),
            location: tool,
            evidence,
          },
    );
  }
  return out;
}

/**
 * What sshd asks of a user logging in, from its settings (undefined when there is no configuration:
 * OpenSSH's default, one factor). `unread` when the configuration, or a drop-in folder that may set
 * AuthenticationMethods, could not be read: then the factors are unknown.
 */
interface SshFactors {
  /** AuthenticationMethods, when it lists more than one method in a list (two factors). */
  multi?: string;
  methods: string;
  unread?: Finding;
}

const SSHD_AUTH = t('the SSH server configuration (AuthenticationMethods)', 'SSH サーバーの設定（AuthenticationMethods）');

function sshFactors(ev: Evidence, os: 'linux' | 'windows'): SshFactors | undefined {
  const r = sshdSettings(ev, os);
  if (!r.ok) {
    if (r.absent) return undefined;
    const file = os === 'windows' ? SSHD_CONFIG_WIN : SSHD_CONFIG;
    return { methods: 'unknown', unread: cannotRead(SSHD_AUTH, ev.get(file), file) };
  }
  const folder = unknownSetting(r.settings, 'authenticationmethods');
  if (folder) return { methods: 'unknown', unread: cannotRead(SSHD_AUTH, ev.get(folder), folder) };
  const methods = r.settings.values.get('authenticationmethods') ?? 'any';
  // Every comma list must name two methods for every login to need two; "any" or a single method is one factor.
  const lists = methods.split(/\s+/).filter(Boolean);
  const multi = lists.length > 0 && lists.every((l) => l.split(',').length >= 2) ? methods : undefined;
  return { multi, methods };
}

/** An approved SSH server: pass when every login needs two methods, else a warning that 8.4.3 needs MFA from outside. */
function sshApproved(how: Text, ssh: SshFactors | undefined, evidence: string[]): Finding {
  if (ssh?.unread) return ssh.unread;
  if (ssh?.multi)
    return {
      status: 'pass',
      message: t(
        `SSH server (sshd) is present and approved (${how.en}); every login needs two authentication methods ` +
          `(AuthenticationMethods ${quoted(ssh.multi)}).`,
        `SSH サーバー（sshd）があり、承認済みです（${how.ja}）。` +
          `すべてのログインで2つの認証方式が必要です（AuthenticationMethods ${quoted(ssh.multi)}）。`,
      ),
      location: 'ssh',
      evidence,
    };
  return {
    status: 'warn',
    message: t(
      `SSH server (sshd) is present and approved (${how.en}), but one authentication method is enough to log in ` +
        `(AuthenticationMethods ${ssh ? quoted(ssh.methods) : 'unknown'}): remote access from outside the store network ` +
        `needs multi-factor authentication (PCI 8.4.3), and vendor access must be enabled only when needed (8.2.7).`,
      `SSH サーバー（sshd）があり、承認済みです（${how.ja}）が、1つの認証方式でログインできます（AuthenticationMethods ` +
        `${ssh ? quoted(ssh.methods) : '不明'}）。店舗ネットワーク外からのリモートアクセスには多要素認証が必要です（PCI ` +
        `8.4.3）。ベンダーのアクセスは必要なときだけ有効にしてください（8.2.7）。`,
    ),
    location: 'ssh',
    evidence,
    remediation: t(
      'Require two factors for SSH logins from outside the store, for example "AuthenticationMethods ' +
        'publickey,keyboard-interactive" with a one-time-password PAM module, or reach the terminal only through a jump host ' +
        'or VPN that enforces MFA; enable vendor accounts only for the session.',
      '店舗外からの SSH ログインには2要素を必須にしてください（例："AuthenticationMethods ' +
        'publickey,keyboard-interactive" とワンタイムパスワードの PAM モジュール）。' +
        'または多要素認証を強制する踏み台や VPN を経由してのみ接続させ、' +
        'ベンダーのアカウントはセッションの間だけ有効にしてください。',
    ),
  };
}

/** sshd listening on a port its configuration names other than 22 (22 is found by the port table). */
function sshdPortSeen(ev: Evidence, os: 'linux' | 'windows', ports: number[]): Seen[] {
  const r = sshdSettings(ev, os);
  if (!r.ok) return [];
  const port = int(r.settings.values.get('port'));
  return port !== undefined && port !== 22 && ports.includes(port)
    ? [
        {
          tool: 'ssh',
          name: 'SSH server (sshd)',
          how: t(`listening on TCP ${port} (Port in the sshd configuration)`, `TCP ${port} で待ち受け（sshd の設定の Port）`),
        },
      ]
    : [];
}

function portTools(ports: number[], already: Set<string>): Seen[] {
  const out: Seen[] = [];
  for (const tool of REMOTE_TOOLS)
    for (const p of tool.ports ?? [])
      if (ports.includes(p) && !already.has(`${tool.id}:${p}`)) {
        out.push({ tool: tool.id, name: tool.name, how: listeningOn(p) });
        already.add(`${tool.id}:${p}`);
      }
  return out;
}

function remoteWindows(ev: Evidence, ctx: CheckContext<RemoteParams>): Finding[] {
  const approved = new Set(ctx.params.approvedTools);
  const ts = ev.get(TS);
  if (ts.status !== 'ok') return [cannotRead(t('the Remote Desktop settings', 'リモート デスクトップの設定'), ts, TS)];
  const pol = ev.get(TS_POLICY);
  if (!isKnown(pol)) return [cannotRead(t('the Remote Desktop policy', 'リモート デスクトップのポリシー'), pol, TS_POLICY)];
  const evidence = keysOf(TS, TS_POLICY, RDP_TCP, ...UNINSTALL, WIN_LISTEN);
  const deny = int(regValue(regValues(pol), 'fdenytsconnections')) ?? int(regValue(regValues(ts), 'fdenytsconnections')) ?? 1;
  const out: Finding[] = [];
  if (deny === 0) {
    const rdp = ev.get(RDP_TCP);
    const v = regValues(rdp);
    const nla = int(regValue(regValues(pol), 'userauthentication')) ?? int(regValue(v, 'userauthentication'));
    const port = int(regValue(v, 'portnumber')) ?? RDP_PORT;
    if (!approved.has('rdp'))
      out.push({
        status: 'fail',
        message: t(
          `Remote Desktop is enabled (port ${port}) but not approved.`,
          `リモート デスクトップが有効（ポート ${port}）ですが、承認されていません。`,
        ),
        location: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
        evidence,
      });
    if (rdp.status !== 'ok') out.push(cannotRead(t('the RDP listener settings', 'RDP の待ち受け設定'), rdp, RDP_TCP));
    else if (nla !== 1)
      out.push({
        status: 'fail',
        message: t(
          `Remote Desktop accepts connections without Network Level Authentication (UserAuthentication=${nla ?? 'unset'}).`,
          `リモート デスクトップがネットワーク レベル認証なしで接続を受け付けます（UserAuthentication=${nla ?? '未設定'}）。`,
        ),
        location: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
        evidence,
      });
    else if (approved.has('rdp'))
      out.push({
        status: 'pass',
        message: t(
          `Remote Desktop is enabled on port ${port}, approved, with Network Level Authentication.`,
          `リモート デスクトップはポート ${port} で有効で、承認済み、ネットワーク レベル認証付きです。`,
        ),
        evidence,
      });
  }
  const seen: Seen[] = [];
  for (const req of UNINSTALL) {
    const a = ev.get(req);
    if (a.status === 'missing') continue;
    if (a.status !== 'ok')
      return [...out, cannotRead(t('the installed programs list', 'インストール済みプログラムの一覧'), a, req)];
    for (const values of Object.values(a.registry?.children ?? {})) {
      const name = regString(values, 'displayname');
      if (!name) continue;
      const tool = REMOTE_TOOLS.find((r) => r.displayName?.test(name));
      if (tool)
        seen.push({
          tool: tool.id,
          name: tool.name,
          how: t(`installed as ${quoted(name)}`, `${quoted(name)} としてインストール`),
        });
    }
  }
  const listen = ev.get(WIN_LISTEN);
  const notes: Finding[] = [];
  const sshd = ev.get(WIN_SSHD);
  if (sshd.status === 'ok') {
    const start = int(regValue(regValues(sshd), 'start'));
    if (start !== 4)
      seen.push({
        tool: 'ssh',
        name: 'SSH server (sshd)',
        how: t(
          `service sshd installed, start type ${start === 2 ? 'automatic' : start === 3 ? 'manual' : (start ?? 'unknown')}`,
          `sshd サービスがインストール済み、スタートアップの種類: ${start === 2 ? '自動' : start === 3 ? '手動' : (start ?? '不明')}`,
        ),
      });
  } else if (sshd.status !== 'missing')
    notes.push(cannotRead(t('the OpenSSH server service', 'OpenSSH サーバーのサービス'), sshd, WIN_SSHD));
  if (listen.status === 'ok' && (listen.exitCode ?? 0) === 0) {
    const ports = psListeners(listen.data ?? '');
    seen.push(...portTools(ports, new Set()), ...sshdPortSeen(ev, 'windows', ports));
  } else if (listen.status !== 'unsupported')
    notes.push(cannotRead(t('the listening ports', '待ち受けポート'), listen, WIN_LISTEN));
  out.push(
    ...judgeTools(seen, approved, [...evidence, ...keysOf(WIN_SSHD, ...SSHD_REQUESTS)], sshFactors(ev, 'windows')),
    ...notes,
  );
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `Remote Desktop is off and no third-party remote-access tool is installed` +
          `${listen.status === 'unsupported' ? ' (offline: listening ports not checked)' : ' or listening'}.`,
        `リモート デスクトップは無効で、他社製のリモート操作ツールは` +
          (listen.status === 'unsupported'
            ? '導入されていません（オフラインのため待ち受けポートは未確認）'
            : '導入も待ち受けもされていません') +
          `。`,
      ),
      evidence,
    });
  return out;
}

function remoteLinux(ev: Evidence, ctx: CheckContext<RemoteParams>): Finding[] {
  const approved = new Set(ctx.params.approvedTools);
  const evidence = keysOf(...LINUX_PATHS, ...PROC_TCP);
  const seen: Seen[] = [];
  const bad = LINUX_PATHS.find((r) => ev.get(r).status !== 'ok');
  if (bad) return [cannotRead(t('the program paths', 'プログラムのパス'), ev.get(bad), bad)];
  for (const tool of REMOTE_TOOLS) {
    for (const pattern of tool.linuxPaths ?? []) {
      const entries = ev.get({ kind: 'glob', pattern, os: 'linux' }).entries ?? [];
      if (entries.length > 0)
        seen.push({ tool: tool.id, name: tool.name, how: t(`installed at ${pattern}`, `${pattern} にインストール`) });
    }
    for (const pattern of tool.enabledPaths ?? []) {
      const entries = ev.get({ kind: 'glob', pattern, os: 'linux' }).entries ?? [];
      if (entries.length > 0)
        seen.push({ tool: tool.id, name: tool.name, how: t(`enabled at boot (${pattern})`, `起動時に有効（${pattern}）`) });
    }
  }
  const notes: Finding[] = [];
  const tcp = PROC_TCP.map((r) => ev.text(r));
  let listening = false;
  if (tcp[0] !== undefined) {
    listening = true;
    const ports = procNetListeners(tcp.filter((x): x is string => x !== undefined).join('\n'));
    seen.push(...portTools(ports, new Set()), ...sshdPortSeen(ev, 'linux', ports));
    if (ports.includes(RDP_PORT) && !seen.some((s) => s.tool === 'xrdp' || s.tool === 'gnome-remote-desktop'))
      seen.push({ tool: 'rdp', name: 'An RDP server', how: listeningOn(RDP_PORT) });
  } else if (ctx.targetKind !== 'image')
    notes.push(cannotRead(t('the listening ports', '待ち受けポート'), ev.get(PROC_TCP[0]), PROC_TCP[0]));
  const out = [...judgeTools(seen, approved, [...evidence, ...keysOf(...SSHD_REQUESTS)], sshFactors(ev, 'linux')), ...notes];
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `No remote-access tool is installed${listening ? ' or listening' : ' (offline: listening ports not checked)'}.`,
        `リモート操作ツールは` +
          `${listening ? '導入も待ち受けもされていません' : '導入されていません（オフラインのため待ち受けポートは未確認）'}。`,
      ),
      evidence,
    });
  return out;
}

export const checks: AnyCheck[] = [remoteTools, ...dataTransferChecks];
