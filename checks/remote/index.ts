/** Remote access (PCI 1.2.5, 2.2.4, 2.2.7, 8.4.2; POS 方針4): RDP and third-party remote tools installed or listening. */
import type { Evidence, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t } from '../../core/i18n.js';
import { clip, int, isKnown, keyOf, q, regString, regValues, unreadable } from '../kit/shared.js';
import { osOf, UNKNOWN_OS } from '../kit/platform.js';
import { checks as dataTransferChecks } from './data-transfer.js';
import { LISTENERS_PS, procNetListeners, psListeners, RDP_PORT, REMOTE_TOOLS } from './tools.js';

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
  (tool.linuxPaths ?? []).map((pattern): EvidenceRequest => ({ kind: 'glob', pattern, os: 'linux' })),
);
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
    'Lists remote-access paths: RDP (enabled, Network Level Authentication, port), VNC, TeamViewer, AnyDesk, RustDesk, Chrome Remote Desktop, NoMachine, LogMeIn, ScreenConnect, Splashtop and others, installed (Windows Uninstall entries; Linux program paths) or listening on their usual ports (live). Any tool not in approvedTools fails, and RDP without NLA fails even when approved. On an offline image only what is installed can be seen.',
    'リモート操作の経路を一覧にします：RDP（有効か、ネットワーク レベル認証、ポート）、VNC、TeamViewer、AnyDesk、RustDesk、Chrome リモート デスクトップ、NoMachine、LogMeIn、ScreenConnect、Splashtop など。導入済み（Windows のアンインストール情報、Linux のプログラムのパス）か、通常のポートで待ち受けているか（ライブ）を確認します。approvedTools にないツールは不合格、RDP は承認済みでも NLA がなければ不合格です。オフラインのイメージでは導入状況だけを確認できます。',
  ),
  remediation: t(
    'Uninstall remote tools the store has not approved. If remote support is needed, use one approved tool with MFA (PCI 8.4.2), list it in approvedTools, and for RDP require Network Level Authentication (UserAuthentication=1) or turn it off (fDenyTSConnections=1).',
    '店舗で承認していないリモート操作ツールはアンインストールしてください。リモート保守が必要な場合は多要素認証（PCI 8.4.2）付きの承認済みツールを1つに絞って approvedTools に登録し、RDP はネットワーク レベル認証（UserAuthentication=1）を必須にするか、無効（fDenyTSConnections=1）にしてください。',
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
        description: 'Tool ids the store approved (rdp, vnc, teamviewer, anydesk, rustdesk, …).',
      },
    },
    additionalProperties: false,
  },
  requests: () => [TS, TS_POLICY, RDP_TCP, ...UNINSTALL, WIN_LISTEN, ...LINUX_PATHS, ...PROC_TCP],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? remoteWindows(ev, ctx) : remoteLinux(ev, ctx);
  },
};

interface Seen {
  tool: string;
  name: string;
  how: string;
}

function judgeTools(seen: Seen[], approved: Set<string>, evidence: string[]): Finding[] {
  const out: Finding[] = [];
  const byTool = new Map<string, Seen[]>();
  for (const s of seen) byTool.set(s.tool, [...(byTool.get(s.tool) ?? []), s]);
  for (const [tool, list] of byTool) {
    const how = clip(list.map((s) => s.how).join('; '));
    out.push(
      approved.has(tool)
        ? {
            status: 'pass',
            message: t(`${list[0].name} is present and approved (${how}).`, `${list[0].name} があり、承認済みです（${how}）。`),
            location: tool,
            evidence,
          }
        : {
            status: 'fail',
            message: t(
              `${list[0].name} is present but not approved (${how}).`,
              `${list[0].name} がありますが、承認されていません（${how}）。`,
            ),
            location: tool,
            evidence,
          },
    );
  }
  return out;
}

function portTools(ports: number[], already: Set<string>): Seen[] {
  const out: Seen[] = [];
  for (const tool of REMOTE_TOOLS)
    for (const p of tool.ports ?? [])
      if (ports.includes(p) && !already.has(`${tool.id}:${p}`)) {
        out.push({ tool: tool.id, name: tool.name, how: `listening on TCP ${p}` });
        already.add(`${tool.id}:${p}`);
      }
  return out;
}

function remoteWindows(ev: Evidence, ctx: CheckContext<RemoteParams>): Finding[] {
  const approved = new Set(ctx.params.approvedTools);
  const ts = ev.get(TS);
  if (ts.status !== 'ok') return [unreadable(t('the Remote Desktop settings', 'リモート デスクトップの設定'), TS, ts)];
  const pol = ev.get(TS_POLICY);
  if (!isKnown(pol)) return [unreadable(t('the Remote Desktop policy', 'リモート デスクトップのポリシー'), TS_POLICY, pol)];
  const evidence = keyOf(TS, TS_POLICY, RDP_TCP, ...UNINSTALL, WIN_LISTEN);
  const deny = int(regValues(pol).get('fdenytsconnections')?.data) ?? int(regValues(ts).get('fdenytsconnections')?.data) ?? 1;
  const out: Finding[] = [];
  if (deny === 0) {
    const rdp = ev.get(RDP_TCP);
    const v = regValues(rdp);
    const nla = int(regValues(pol).get('userauthentication')?.data) ?? int(v.get('userauthentication')?.data);
    const port = int(v.get('portnumber')?.data) ?? RDP_PORT;
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
    if (rdp.status !== 'ok') out.push(unreadable(t('the RDP listener settings', 'RDP の待ち受け設定'), RDP_TCP, rdp));
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
      return [...out, unreadable(t('the installed programs list', 'インストール済みプログラムの一覧'), req, a)];
    for (const values of Object.values(a.registry?.children ?? {})) {
      const name = regString(values.find((x) => x.name.toLowerCase() === 'displayname'));
      if (!name) continue;
      const tool = REMOTE_TOOLS.find((r) => r.displayName?.test(name));
      if (tool) seen.push({ tool: tool.id, name: tool.name, how: `installed as ${q(name)}` });
    }
  }
  const listen = ev.get(WIN_LISTEN);
  const notes: Finding[] = [];
  if (listen.status === 'ok' && (listen.exitCode ?? 0) === 0) seen.push(...portTools(psListeners(listen.data ?? ''), new Set()));
  else if (listen.status !== 'unsupported')
    notes.push(unreadable(t('the listening ports', '待ち受けポート'), WIN_LISTEN, listen));
  out.push(...judgeTools(seen, approved, evidence), ...notes);
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `Remote Desktop is off and no third-party remote-access tool is installed${listen.status === 'unsupported' ? ' (offline: listening ports not checked)' : ' or listening'}.`,
        `リモート デスクトップは無効で、他社製のリモート操作ツールは${listen.status === 'unsupported' ? '導入されていません（オフラインのため待ち受けポートは未確認）' : '導入も待ち受けもされていません'}。`,
      ),
      evidence,
    });
  return out;
}

function remoteLinux(ev: Evidence, ctx: CheckContext<RemoteParams>): Finding[] {
  const approved = new Set(ctx.params.approvedTools);
  const evidence = keyOf(...LINUX_PATHS, ...PROC_TCP);
  const seen: Seen[] = [];
  const bad = LINUX_PATHS.find((r) => ev.get(r).status !== 'ok');
  if (bad) return [unreadable(t('the program paths', 'プログラムのパス'), bad, ev.get(bad))];
  for (const tool of REMOTE_TOOLS)
    for (const pattern of tool.linuxPaths ?? []) {
      const entries = ev.get({ kind: 'glob', pattern, os: 'linux' }).entries ?? [];
      if (entries.length > 0) seen.push({ tool: tool.id, name: tool.name, how: `installed at ${pattern}` });
    }
  const notes: Finding[] = [];
  const tcp = PROC_TCP.map((r) => ev.text(r));
  let listening = false;
  if (tcp[0] !== undefined) {
    listening = true;
    const ports = procNetListeners(tcp.filter((x): x is string => x !== undefined).join('\n'));
    seen.push(...portTools(ports, new Set()));
    if (ports.includes(RDP_PORT) && !seen.some((s) => s.tool === 'xrdp' || s.tool === 'gnome-remote-desktop'))
      seen.push({ tool: 'rdp', name: 'An RDP server', how: `listening on TCP ${RDP_PORT}` });
  } else if (ctx.targetKind !== 'image')
    notes.push(unreadable(t('the listening ports', '待ち受けポート'), PROC_TCP[0], ev.get(PROC_TCP[0])));
  const out = [...judgeTools(seen, approved, evidence), ...notes];
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `No remote-access tool is installed${listening ? ' or listening' : ' (offline: listening ports not checked)'}.`,
        `リモート操作ツールは${listening ? '導入も待ち受けもされていません' : '導入されていません（オフラインのため待ち受けポートは未確認）'}。`,
      ),
      evidence,
    });
  return out;
}

export const checks: AnyCheck[] = [remoteTools, ...dataTransferChecks];
