/** Host firewall on and denying inbound by default; listening services reported (PCI DSS 1.x on the host). */
import type {
  CommandRequest,
  Evidence,
  EvidenceRequest,
  FileRequest,
  GlobRequest,
  RegistryRequest,
} from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { requestKey } from '../../core/evidence.js';
import { answerReason } from '../kit/answers.js';
import { notFoundButUnread, unreadAmong } from '../kit/findings.js';
import { regChild, regNumber } from '../kit/registry.js';
import { quoted } from '../kit/text.js';
import {
  iptablesInputState,
  isLoopback,
  nftInputState,
  procNetListeners,
  ssProcesses,
  ufwState,
  windowsListeners,
  type FwState,
  type Listener,
} from './parse.js';

const cmd = (name: string, sh: string): CommandRequest => ({
  kind: 'command',
  name,
  os: 'linux',
  timeoutMs: 30_000,
  command: { sh },
});
export const NFT_RULESET = cmd('nft list ruleset', 'command -v nft >/dev/null 2>&1 || exit 127; nft list ruleset');
export const IPTABLES_INPUT = cmd('iptables -S INPUT', 'command -v iptables >/dev/null 2>&1 || exit 127; iptables -S INPUT');
export const UFW_STATUS = cmd('ufw status verbose', 'command -v ufw >/dev/null 2>&1 || exit 127; ufw status verbose');
export const FIREWALLD_STATE = cmd(
  'firewall-cmd state',
  'command -v firewall-cmd >/dev/null 2>&1 || exit 127; firewall-cmd --state 2>&1; firewall-cmd --get-default-zone 2>&1; exit 0',
);
const file = (path: string): FileRequest => ({ kind: 'file', path, os: 'linux', maxBytes: 512 * 1024 });
export const UFW_CONF = file('/etc/ufw/ufw.conf');
export const UFW_DEFAULTS = file('/etc/default/ufw');
export const NFT_CONFS = [file('/etc/nftables.conf'), file('/etc/sysconfig/nftables.conf')];
export const IPT_SAVED = [file('/etc/iptables/rules.v4'), file('/etc/sysconfig/iptables')];
export const FIREWALLD_CONF = file('/etc/firewalld/firewalld.conf');
const wants = (unit: string): GlobRequest => ({ kind: 'glob', pattern: `/etc/systemd/system/*.wants/${unit}`, os: 'linux' });
export const ENABLED_UNITS = {
  nftables: wants('nftables.service'),
  iptables: wants('iptables.service'),
  persistent: wants('netfilter-persistent.service'),
  firewalld: wants('firewalld.service'),
};

export const WIN_FW_LOCAL: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy',
  subkeys: true,
  os: 'windows',
};
export const WIN_FW_POLICY: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall',
  subkeys: true,
  os: 'windows',
};
export const WIN_MPSSVC: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MpsSvc',
  value: 'Start',
  os: 'windows',
};

type Profile = 'domain' | 'private' | 'public';
const PROFILE_KEYS: Record<Profile, { local: string; policy: string; en: string; ja: string }> = {
  domain: { local: 'DomainProfile', policy: 'DomainProfile', en: 'Domain', ja: 'ドメイン' },
  private: { local: 'StandardProfile', policy: 'PrivateProfile', en: 'Private', ja: 'プライベート' },
  public: { local: 'PublicProfile', policy: 'PublicProfile', en: 'Public', ja: 'パブリック' },
};

export interface HostFirewallParams {
  profiles: Profile[];
}

function windowsFirewall(ev: Evidence, ctx: CheckContext<HostFirewallParams>): Finding[] {
  const local = ev.get(WIN_FW_LOCAL);
  const pol = ev.get(WIN_FW_POLICY);
  const svc = ev.get(WIN_MPSSVC);
  const evidence = [requestKey(WIN_FW_LOCAL), requestKey(WIN_FW_POLICY), requestKey(WIN_MPSSVC)];
  const bad = (
    [
      [WIN_FW_LOCAL, local],
      [WIN_FW_POLICY, pol],
      [WIN_MPSSVC, svc],
    ] as const
  ).filter(([r, a]) => a.status !== 'ok' && !(a.status === 'missing' && r === WIN_FW_POLICY));
  if (bad.length) {
    return [
      {
        status: 'error',
        message: t(
          `The Windows Firewall settings could not be read: ${bad.map(([r, a]) => answerReason(r, a).en).join('; ')}.`,
          `Windows ファイアウォールの設定を読み取れませんでした: ${bad.map(([r, a]) => answerReason(r, a).ja).join('、')}。`,
        ),
        evidence,
      },
    ];
  }
  if (regNumber(svc.registry?.values, 'Start') === 4) {
    return [
      {
        status: 'fail',
        message: t(
          'The Windows Firewall service (MpsSvc) is disabled.',
          'Windows ファイアウォールのサービス（MpsSvc）が無効になっています。',
        ),
        evidence,
      },
    ];
  }
  const problems: Text[] = [];
  const details: Record<string, unknown> = {};
  for (const p of ctx.params.profiles) {
    const k = PROFILE_KEYS[p];
    const lv = regChild(local, k.local);
    const pv = pol.status === 'ok' ? regChild(pol, k.policy) : undefined;
    const enabled = regNumber(pv, 'EnableFirewall') ?? regNumber(lv, 'EnableFirewall') ?? 1;
    const inbound = regNumber(pv, 'DefaultInboundAction') ?? regNumber(lv, 'DefaultInboundAction') ?? 1;
    details[p] = { enabled: enabled === 1, inboundBlock: inbound === 1 };
    if (enabled !== 1) problems.push(t(`${k.en} profile is off`, `${k.ja} プロファイルが無効`));
    else if (inbound !== 1)
      problems.push(t(`${k.en} profile allows inbound connections by default`, `${k.ja} プロファイルが既定で受信を許可`));
  }
  if (problems.length) {
    return [
      {
        status: 'fail',
        message: t(
          `Windows Firewall: ${problems.map((x) => x.en).join('; ')}.`,
          `Windows ファイアウォール: ${problems.map((x) => x.ja).join('、')}。`,
        ),
        evidence,
        details,
      },
    ];
  }
  return [
    {
      status: 'pass',
      message: t(
        `Windows Firewall is on and blocks inbound by default in the ` +
          `${ctx.params.profiles.map((p) => PROFILE_KEYS[p].en).join(', ')} profiles.`,
        `Windows ファイアウォールは ${ctx.params.profiles.map((p) => PROFILE_KEYS[p].ja).join('・')} プロファイルで有効で、` +
          `既定で受信をブロックしています。`,
      ),
      evidence,
      details,
    },
  ];
}

function liveLinux(ev: Evidence): Array<{ tool: string; state: FwState; evidence: string; why?: Text }> {
  const out: Array<{ tool: string; state: FwState; evidence: string; why?: Text }> = [];
  const probe = (tool: string, req: CommandRequest, judge: (s: string) => FwState) => {
    const a = ev.get(req);
    if (a.status !== 'ok')
      return out.push({
        tool,
        state: a.status === 'unsupported' ? 'absent' : 'unknown',
        evidence: requestKey(req),
        why: answerReason(req, a),
      });
    if (a.exitCode === 127) return out.push({ tool, state: 'absent', evidence: requestKey(req) });
    if (a.exitCode !== 0)
      return out.push({
        tool,
        state: 'unknown',
        evidence: requestKey(req),
        why: t(
          `${req.name} exited with ${a.exitCode} (root rights may be needed)`,
          `${req.name} が終了コード ${a.exitCode} で終了しました（root 権限が必要な可能性があります）`,
        ),
      });
    return out.push({ tool, state: judge(a.data ?? ''), evidence: requestKey(req) });
  };
  probe('nftables', NFT_RULESET, nftInputState);
  probe('iptables', IPTABLES_INPUT, iptablesInputState);
  probe('ufw', UFW_STATUS, ufwState);
  probe('firewalld', FIREWALLD_STATE, (s) => {
    const [state, zone] = s.split(/\r?\n/).map((x) => x.trim());
    if (state !== 'running') return 'open';
    return zone === 'trusted' ? 'open' : 'deny';
  });
  return out;
}

function offlineLinux(ev: Evidence): Array<{ tool: string; state: FwState; evidence: string; why?: Text }> {
  const out: Array<{ tool: string; state: FwState; evidence: string; why?: Text }> = [];
  const enabled = (g: GlobRequest) => (ev.get(g).entries ?? []).length > 0;
  // A deny policy whose on-switch (unit link, ufw defaults) could not be read is unknown, not "open".
  const unreadSwitch = (tool: string, ...reqs: EvidenceRequest[]) => {
    const r = reqs.find((x) => ev.get(x).status !== 'ok' && ev.get(x).status !== 'missing');
    return r ? { tool, state: 'unknown' as const, evidence: requestKey(r), why: answerReason(r, ev.get(r)) } : undefined;
  };
  const ufw = ev.text(UFW_CONF);
  if (ufw !== undefined) {
    const on = /^\s*ENABLED\s*=\s*"?yes"?\s*$/m.test(ufw);
    const deny = /^\s*DEFAULT_INPUT_POLICY\s*=\s*"?(DROP|REJECT)"?\s*$/m.test(ev.text(UFW_DEFAULTS) ?? '');
    out.push(
      (on && !deny && unreadSwitch('ufw', UFW_DEFAULTS)) || {
        tool: 'ufw',
        state: on && deny ? 'deny' : 'open',
        evidence: requestKey(UFW_CONF),
      },
    );
  }
  for (const req of NFT_CONFS) {
    const text = ev.text(req);
    if (text === undefined) continue;
    const denies = nftInputState(text) === 'deny';
    out.push(
      (denies && !enabled(ENABLED_UNITS.nftables) && unreadSwitch('nftables', ENABLED_UNITS.nftables)) || {
        tool: 'nftables',
        state: denies && enabled(ENABLED_UNITS.nftables) ? 'deny' : 'open',
        evidence: requestKey(req),
      },
    );
  }
  for (const req of IPT_SAVED) {
    const text = ev.text(req);
    if (text === undefined) continue;
    const denies = iptablesInputState(text) === 'deny';
    const on = enabled(ENABLED_UNITS.iptables) || enabled(ENABLED_UNITS.persistent);
    out.push(
      (denies && !on && unreadSwitch('iptables', ENABLED_UNITS.iptables, ENABLED_UNITS.persistent)) || {
        tool: 'iptables',
        state: denies && on ? 'deny' : 'open',
        evidence: requestKey(req),
      },
    );
  }
  const fwd = ev.text(FIREWALLD_CONF);
  if (fwd !== undefined && enabled(ENABLED_UNITS.firewalld)) {
    const zone = /^\s*DefaultZone\s*=\s*(\S+)/m.exec(fwd)?.[1] ?? 'public';
    out.push({ tool: 'firewalld', state: zone === 'trusted' ? 'open' : 'deny', evidence: requestKey(FIREWALLD_CONF) });
  } else if (fwd !== undefined && !/^\s*DefaultZone\s*=\s*trusted\b/m.test(fwd)) {
    const unknown = unreadSwitch('firewalld', ENABLED_UNITS.firewalld);
    if (unknown) out.push(unknown);
  }
  // A rules file whose service is provably not enabled at boot cannot make the host deny: unread, it does not matter.
  const off = (...g: GlobRequest[]) => g.every((x) => ev.get(x).status === 'ok' && !enabled(x));
  const matters = (req: FileRequest) =>
    NFT_CONFS.includes(req)
      ? !off(ENABLED_UNITS.nftables)
      : IPT_SAVED.includes(req)
        ? !off(ENABLED_UNITS.iptables, ENABLED_UNITS.persistent)
        : req === FIREWALLD_CONF
          ? !off(ENABLED_UNITS.firewalld)
          : true;
  for (const req of [UFW_CONF, ...NFT_CONFS, ...IPT_SAVED, FIREWALLD_CONF].filter(matters)) {
    const a = ev.get(req);
    if (a.status !== 'ok' && a.status !== 'missing')
      out.push({ tool: req.path, state: 'unknown', evidence: requestKey(req), why: answerReason(req, a) });
  }
  return out;
}

function linuxFirewall(ev: Evidence): Finding[] {
  const live = liveLinux(ev);
  const liveRan = [NFT_RULESET, IPTABLES_INPUT, UFW_STATUS, FIREWALLD_STATE].some((r) => ev.get(r).status === 'ok');
  const results = liveRan ? live : offlineLinux(ev);
  const from = liveRan
    ? t('', '')
    : t(
        ' (from saved configuration: the running rules are not visible offline)',
        '（保存された設定から判定。オフラインでは実行中のルールは確認できません）',
      );
  const deny = results.find((x) => x.state === 'deny');
  const evidence = results.map((x) => x.evidence);
  if (deny)
    return [
      {
        status: 'pass',
        message: t(
          `${deny.tool} denies inbound traffic by default${from.en}.`,
          `${deny.tool} が既定で受信通信を拒否しています${from.ja}。`,
        ),
        evidence,
        details: { tool: deny.tool },
      },
    ];
  const unknown = results.filter((x) => x.state === 'unknown');
  if (unknown.length) {
    return [
      {
        status: 'error',
        message: t(
          `The firewall state could not be read: ${unknown.map((x) => x.why?.en ?? x.tool).join('; ')}.`,
          `ファイアウォールの状態を読み取れませんでした: ${unknown.map((x) => x.why?.ja ?? x.tool).join('、')}。`,
        ),
        evidence,
      },
    ];
  }
  if (!liveRan && results.length === 0) {
    const anyRead = [UFW_CONF, ...NFT_CONFS, ...IPT_SAVED, FIREWALLD_CONF].some((r) => ev.get(r).status === 'missing');
    if (!anyRead)
      return [
        {
          status: 'error',
          message: t(
            'Neither firewall commands nor firewall configuration files could be read.',
            'ファイアウォールのコマンドも設定ファイルも読み取れませんでした。',
          ),
          evidence: [requestKey(NFT_RULESET), requestKey(UFW_CONF)],
        },
      ];
  }
  // Live, a firewall command that was denied or failed may be the one whose running rules deny: the files cannot rule it out.
  const unreadLive = liveRan ? [] : unreadAmong(ev, [NFT_RULESET, IPTABLES_INPUT, UFW_STATUS, FIREWALLD_STATE]);
  if (unreadLive.length > 0)
    return [
      notFoundButUnread(t('default-deny host firewall', '既定で受信を拒否するホストファイアウォール'), ev, unreadLive, evidence),
    ];
  const open = results.filter((x) => x.state === 'open').map((x) => x.tool);
  return [
    {
      status: 'fail',
      message: open.length
        ? t(
            `No host firewall denies inbound traffic by default (${open.join(', ')}: accept or inactive)${from.en}.`,
            `既定で受信を拒否するホストファイアウォールがありません（${open.join('、')}: 許可または無効）${from.ja}。`,
          )
        : t(
            `No host firewall (nftables, iptables, ufw, firewalld) was found${from.en}.`,
            `ホストファイアウォール（nftables、iptables、ufw、firewalld）が見つかりません${from.ja}。`,
          ),
      evidence,
    },
  ];
}

export const firewallHostEnabled: Check<HostFirewallParams> = {
  id: 'firewall.host-enabled',
  family: 'firewall',
  title: t('Host firewall is on and blocks inbound by default', 'ホストファイアウォールが有効で、既定で受信をブロックしている'),
  description: t(
    'Windows: every firewall profile enabled with inbound blocked by default (policy over local settings) and the MpsSvc ' +
      'service not disabled. Linux: nftables, iptables, ufw or firewalld with a default-deny input policy.',
    'Windows: すべてのファイアウォールプロファイルが有効で、既定で受信をブロックしていること（ポリシー設定を優先）、' +
      'MpsSvc サービスが無効でないこと。Linux: nftables、iptables、ufw、firewalld のいずれかで、' +
      '受信の既定ポリシーが拒否であること。',
  ),
  remediation: t(
    'Turn the host firewall on with inbound denied by default, and allow only the ports the POS application needs ' +
      '(Windows: Group Policy > Windows Defender Firewall; Linux: ufw default deny incoming && ufw enable, or an nftables ' +
      'input chain with policy drop).',
    'ホストファイアウォールを有効にし、受信は既定で拒否、POS アプリに必要なポートだけを許可してください（Windows: ' +
      'グループポリシーの Windows Defender ファイアウォール。Linux: ufw default deny incoming と ufw enable、または policy ' +
      'drop の nftables input チェーン）。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      profiles: {
        type: 'array',
        items: { type: 'string', enum: ['domain', 'private', 'public'] },
        minItems: 1,
        uniqueItems: true,
        default: ['domain', 'private', 'public'],
        description: 'Windows firewall profiles that must be on with inbound blocked.',
      },
    },
  },
  requests(): EvidenceRequest[] {
    return [
      NFT_RULESET,
      IPTABLES_INPUT,
      UFW_STATUS,
      FIREWALLD_STATE,
      UFW_CONF,
      UFW_DEFAULTS,
      ...NFT_CONFS,
      ...IPT_SAVED,
      FIREWALLD_CONF,
      ...Object.values(ENABLED_UNITS),
      WIN_FW_LOCAL,
      WIN_FW_POLICY,
      WIN_MPSSVC,
    ];
  },
  evaluate(ev, ctx) {
    return ctx.platform.os === 'windows' ? windowsFirewall(ev, ctx) : linuxFirewall(ev);
  },
};

// ---- firewall.listening-services ----
export const PROC_NET: Array<[FileRequest, 'tcp' | 'udp']> = [
  [{ kind: 'file', path: '/proc/net/tcp', os: 'linux', maxBytes: 2 * 1024 * 1024 }, 'tcp'],
  [{ kind: 'file', path: '/proc/net/tcp6', os: 'linux', maxBytes: 2 * 1024 * 1024 }, 'tcp'],
  [{ kind: 'file', path: '/proc/net/udp', os: 'linux', maxBytes: 2 * 1024 * 1024 }, 'udp'],
  [{ kind: 'file', path: '/proc/net/udp6', os: 'linux', maxBytes: 2 * 1024 * 1024 }, 'udp'],
];
export const SS_LISTEN: CommandRequest = {
  kind: 'command',
  name: 'ss -H -ltunp',
  os: 'linux',
  timeoutMs: 30_000,
  command: { sh: 'command -v ss >/dev/null 2>&1 || exit 127; ss -H -ltunp' },
};
export const WIN_LISTEN: CommandRequest = {
  kind: 'command',
  name: 'netstat -ano',
  os: 'windows',
  timeoutMs: 60_000,
  maxBytes: 1024 * 1024,
  command: { ps: "netstat -ano\n'----tasklist----'\ntasklist /fo csv /nh" },
};

export interface ForbiddenPort {
  port: number;
  proto?: 'tcp' | 'udp';
  name: string;
}

export interface ListeningParams {
  forbidden: ForbiddenPort[];
  allowedPorts: number[];
  includeLoopback: boolean;
}

const MAX_LISTENER_FINDINGS = 200;

export const DEFAULT_FORBIDDEN: ForbiddenPort[] = [
  { port: 21, proto: 'tcp', name: 'ftp' },
  { port: 23, proto: 'tcp', name: 'telnet' },
  { port: 69, proto: 'udp', name: 'tftp' },
  { port: 512, proto: 'tcp', name: 'rexec' },
  { port: 513, proto: 'tcp', name: 'rlogin' },
  { port: 514, proto: 'tcp', name: 'rsh' },
  { port: 3389, name: 'rdp' },
  { port: 5800, proto: 'tcp', name: 'vnc-http' },
  ...[5900, 5901, 5902, 5903].map((port): ForbiddenPort => ({ port, proto: 'tcp', name: 'vnc' })),
  { port: 5938, name: 'teamviewer' },
  { port: 7070, proto: 'tcp', name: 'anydesk' },
];

export const firewallListeningServices: Check<ListeningParams> = {
  id: 'firewall.listening-services',
  family: 'firewall',
  title: t('Only approved services listen on the network', '承認されたサービスだけがネットワークで待ち受けている'),
  description: t(
    'Lists every listening TCP/UDP socket as a finding, and fails on insecure or remote-control services (telnet, ftp, ' +
      'VNC, RDP and others in the forbidden list) unless their port is allowed.',
    '待ち受け中の TCP/UDP ソケットをすべて一覧にし、安全でないサービスや遠隔操作のサービス（telnet、ftp、VNC、' +
      'RDP など禁止リストにあるもの）は、許可されたポートでない限り不合格にします。',
  ),
  remediation: t(
    'Stop and disable services the terminal does not need; for an approved remote tool, document the business reason and ' +
      'add its port to allowedPorts.',
    '端末に不要なサービスは停止し、自動起動を無効にしてください。業務で承認された遠隔操作ツールは、その理由を文書にし、' +
      'ポートを allowedPorts に追加してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      forbidden: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['port', 'name'],
          properties: {
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            proto: { type: 'string', enum: ['tcp', 'udp'] },
            name: { type: 'string', maxLength: 40 },
          },
        },
        default: DEFAULT_FORBIDDEN,
        description: 'Ports whose listener fails the check.',
      },
      allowedPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        default: [],
        description: 'Forbidden ports approved for this terminal (business reason documented).',
      },
      includeLoopback: {
        type: 'boolean',
        default: false,
        description: 'Also fail forbidden services that listen on loopback only.',
      },
    },
  },
  requests(): EvidenceRequest[] {
    return [...PROC_NET.map(([r]) => r), SS_LISTEN, WIN_LISTEN];
  },
  evaluate(ev, ctx) {
    const win = ctx.platform.os === 'windows';
    let listeners: Listener[] = [];
    const evidence: string[] = [];
    if (win) {
      const a = ev.get(WIN_LISTEN);
      if (a.status === 'ok') {
        listeners = windowsListeners(a.data ?? '');
        evidence.push(requestKey(WIN_LISTEN));
      } else return [notLive(ctx, answerReason(WIN_LISTEN, a), requestKey(WIN_LISTEN))];
    } else {
      const read = PROC_NET.filter(([r]) => ev.get(r).status === 'ok');
      if (read.length === 0) {
        const first = PROC_NET[0][0];
        return [notLive(ctx, answerReason(first, ev.get(first)), requestKey(first))];
      }
      for (const [r, proto] of read) {
        listeners.push(...procNetListeners(ev.text(r) ?? '', proto));
        evidence.push(requestKey(r));
      }
      const names = ssProcesses(ev.text(SS_LISTEN) ?? '');
      for (const l of listeners) l.process = names.get(`${l.proto}/${l.port}`);
    }
    const seen = new Set<string>();
    listeners = listeners.filter((l) => {
      const k = `${l.proto}/${l.address}/${l.port}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
    if (listeners.length === 0)
      return [
        {
          status: 'pass',
          message: t('No service listens on the network.', 'ネットワークで待ち受けているサービスはありません。'),
          evidence,
        },
      ];
    const { forbidden, allowedPorts, includeLoopback } = ctx.params;
    const findings: Finding[] = listeners.map((l) => {
      const bad = forbidden.find((f) => f.port === l.port && (!f.proto || f.proto === l.proto));
      const where = `${l.proto}/${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
      const proc = l.process ? ` (${quoted(l.process)})` : '';
      const local = isLoopback(l.address);
      const details = {
        proto: l.proto,
        address: l.address,
        port: l.port,
        ...(l.process ? { process: l.process.slice(0, 64) } : {}),
        ...(bad ? { service: bad.name } : {}),
      };
      if (bad && !allowedPorts.includes(l.port) && (includeLoopback || !local)) {
        return {
          status: 'fail',
          message: t(
            `${bad.name} is listening on ${where}${proc}; it is not on the allowed list.`,
            `${bad.name} が ${where}${proc} で待ち受けています。許可リストにありません。`,
          ),
          location: where,
          evidence,
          details,
        };
      }
      return {
        status: 'pass',
        message: bad
          ? t(
              `${bad.name} listens on ${where}${proc}: ${local ? 'loopback only' : 'allowed by allowedPorts'}.`,
              `${bad.name} が ${where}${proc} で待ち受けています（${local ? 'ループバックのみ' : 'allowedPorts で許可済み'}）。`,
            )
          : t(`Listening on ${where}${proc}.`, `${where}${proc} で待ち受けています。`),
        location: where,
        evidence,
        details,
      } satisfies Finding;
    });
    findings.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
    if (findings.length > MAX_LISTENER_FINDINGS) {
      const rest = findings.length - MAX_LISTENER_FINDINGS;
      return [
        ...findings.slice(0, MAX_LISTENER_FINDINGS),
        {
          status: 'pass',
          message: t(
            `${rest} more listening sockets are not listed.`,
            `ほかに ${rest} 個の待ち受けソケットがあります（一覧は省略）。`,
          ),
          evidence,
        },
      ];
    }
    return findings;
  },
};

function notLive(ctx: CheckContext<ListeningParams>, why: Text, key: string): Finding {
  if (ctx.targetKind === 'image') {
    return {
      status: 'not-applicable',
      message: t(
        'Offline image: nothing is running, so no socket listens. Check the enabled services instead.',
        'オフラインのイメージです。動作中ではないため待ち受けソケットはありません。代わりに自動起動するサービスを確認してください。',
      ),
      evidence: [key],
    };
  }
  return {
    status: 'error',
    message: t(`Listening sockets could not be listed: ${why.en}.`, `待ち受けソケットを一覧できませんでした: ${why.ja}。`),
    evidence: [key],
  };
}

export const checks: AnyCheck[] = [firewallHostEnabled, firewallListeningServices];
