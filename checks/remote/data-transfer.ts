/**
 * Remote access that can copy card data off the terminal (PCI 3.4.2): RDP clipboard and drive
 * redirection, and SSH (SFTP/scp or a shell) open to every account. Pure: reads the Terminal
 * Services policy and the sshd configuration gathered once; the SSH reading is shared with ssh.*.
 */
import type { Evidence, EvidenceRequest } from '../../core/evidence.js';
import { t } from '../../core/i18n.js';
import { reasonJa } from '../../core/reasons.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { isKnown, keysOf } from '../kit/answers.js';
import { int } from '../kit/config.js';
import { cannotRead, osOf, UNKNOWN_OS } from '../kit/findings.js';
import { regValue, regValues } from '../kit/registry.js';
import { clip } from '../kit/text.js';
import { SSHD_REQUESTS, sshdSettings } from '../ssh/sshd-config.js';

const TS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
const TS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
const RDP_TCP_KEY = `${TS_KEY}\\WinStations\\RDP-Tcp`;
export const TS: EvidenceRequest = { kind: 'registry', key: TS_KEY, os: 'windows' };
export const TS_POLICY: EvidenceRequest = { kind: 'registry', key: TS_POLICY_KEY, os: 'windows' };
export const RDP_TCP: EvidenceRequest = { kind: 'registry', key: RDP_TCP_KEY, os: 'windows' };

/** The RDP redirections that move data between the session and the client, by registry value. */
const REDIRECTIONS = [
  { value: 'fdisableclip', name: 'fDisableClip', what: t('clipboard redirection', 'クリップボードのリダイレクト') },
  { value: 'fdisablecdm', name: 'fDisableCdm', what: t('drive redirection', 'ドライブのリダイレクト') },
] as const;

const REMEDIATION_RDP = t(
  `Set the Group Policy "Do not allow Clipboard redirection" and "Do not allow drive redirection" (Computer Configuration ` +
    `> Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Device and ` +
    `Resource Redirection), which writes fDisableClip=1 and fDisableCdm=1 under ${TS_POLICY_KEY}; or turn Remote Desktop off ` +
    `(fDenyTSConnections=1).`,
  `グループ ポリシーの「クリップボードのリダイレクトを許可しない」と「ドライブのリダイレクトを許可しない」` +
    `（コンピューターの構成 > 管理用テンプレート > Windows コンポーネント > リモート デスクトップ サービス > リモート ` +
    `デスクトップ セッション ホスト > デバイスとリソースのリダイレクト）を有効にしてください。${TS_POLICY_KEY}` +
    ` に fDisableClip=1 と fDisableCdm=1 が書き込まれます。または、リモート デスクトップを無効（fDenyTSConnections=1）` +
    `にしてください。`,
);
const REMEDIATION_SSH = t(
  'Limit SSH logins to the named administrators who are authorised to copy data (AllowUsers or AllowGroups in ' +
    'sshd_config), remove the "Subsystem sftp" line where file transfer is not needed, and record who is authorised and why ' +
    '(PCI 3.4.2). A shell login can still copy files, so the allow-list is what matters.',
  'SSH でログインできる利用者を、データのコピーを許可された管理者に限ってください（sshd_config の AllowUsers または ' +
    'AllowGroups）。ファイル転送が不要なら "Subsystem sftp" の行を削除し、誰がなぜ許可されているかを記録してください（PCI ' +
    '3.4.2）。シェルでログインできればファイルはコピーできるため、許可する利用者の限定が要点です。',
);

const dataTransfer: Check<Record<string, never>> = {
  id: 'remote.data-transfer',
  family: 'remote',
  title: t(
    'Remote sessions cannot copy files or clipboard data off the terminal',
    'リモートセッションで端末からファイルやクリップボードのデータを持ち出せない',
  ),
  description: t(
    `Windows: when Remote Desktop is enabled, clipboard and drive redirection must be off (fDisableClip=1 and ` +
      `fDisableCdm=1 under ${TS_POLICY_KEY}, or on the RDP-Tcp listener). Linux and Windows OpenSSH: an SSH server lets ` +
      `every account that can log in copy files (SFTP, scp or the shell), so it must be limited to named users or groups ` +
      `(AllowUsers/AllowGroups); with a limit, a person confirms that those are the people authorised to copy card data. ` +
      `Other remote tools' file transfer is a manual step of the control.`,
    `Windows: リモート デスクトップが有効な場合、` +
      `クリップボードとドライブのリダイレクトを無効にする必要があります（${TS_POLICY_KEY}` +
      ` または RDP-Tcp の待ち受け設定の fDisableClip=1 と fDisableCdm=1）。Linux と Windows の OpenSSH: ` +
      `SSH サーバーにログインできるアカウントはすべてファイルをコピーできる（SFTP、scp、シェル）ため、ログインできる利用者・` +
      `グループを限定する必要があります（AllowUsers/AllowGroups）。限定されている場合は、` +
      `それがカードデータのコピーを許可された人であることを人が確認します。` +
      `その他のリモートツールのファイル転送は管理策の手動確認で扱います。`,
  ),
  remediation: t(`${REMEDIATION_RDP.en} ${REMEDIATION_SSH.en}`, `${REMEDIATION_RDP.ja}${REMEDIATION_SSH.ja}`),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: { type: 'object', properties: {}, additionalProperties: false },
  requests: () => [TS, TS_POLICY, RDP_TCP, ...SSHD_REQUESTS],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const out = os === 'windows' ? rdpFindings(ev) : [];
    out.push(...sshFindings(ev, ctx));
    return out;
  },
};

/** RDP on Windows: off, or on with clipboard and drive redirection disabled by policy or on the listener. */
function rdpFindings(ev: Evidence): Finding[] {
  const ts = ev.get(TS);
  if (ts.status !== 'ok') return [cannotRead(t('the Remote Desktop settings', 'リモート デスクトップの設定'), ts, TS)];
  const pol = ev.get(TS_POLICY);
  if (!isKnown(pol)) return [cannotRead(t('the Remote Desktop policy', 'リモート デスクトップのポリシー'), pol, TS_POLICY)];
  const policy = regValues(pol);
  const evidence = keysOf(TS, TS_POLICY, RDP_TCP);
  const deny = int(regValue(policy, 'fdenytsconnections')) ?? int(regValue(regValues(ts), 'fdenytsconnections')) ?? 1;
  if (deny !== 0)
    return [
      {
        status: 'pass',
        message: t(
          'Remote Desktop is off (fDenyTSConnections is not 0): no RDP session can copy data off the terminal.',
          'リモート デスクトップは無効（fDenyTSConnections が 0 以外）で、RDP のセッションで端末からデータを持ち出すことはできません。',
        ),
        location: TS_KEY,
        evidence,
      },
    ];
  const rdp = ev.get(RDP_TCP);
  if (!isKnown(rdp)) return [cannotRead(t('the RDP listener settings', 'RDP の待ち受け設定'), rdp, RDP_TCP)];
  const listener = regValues(rdp);
  const open: string[] = [];
  const openJa: string[] = [];
  const set: string[] = [];
  for (const r of REDIRECTIONS) {
    const fromPolicy = int(regValue(policy, r.value));
    const value = fromPolicy ?? int(regValue(listener, r.value));
    if (value === 1) set.push(`${r.name}=1${fromPolicy === undefined ? ' (RDP-Tcp)' : ''}`);
    else {
      open.push(`${r.what.en} (${r.name}=${value ?? 'unset'})`);
      openJa.push(`${r.what.ja}（${r.name}=${value ?? '未設定'}）`);
    }
  }
  if (open.length > 0)
    return [
      {
        status: 'fail',
        message: t(
          `Remote Desktop is enabled and allows ${open.join(' and ')}: a remote user can copy card data off the terminal.`,
          `リモート デスクトップが有効で、${openJa.join('と')}が許可されています。リモートの利用者が端末からカードデータを持ち出せます。`,
        ),
        location: TS_POLICY_KEY,
        evidence,
        remediation: REMEDIATION_RDP,
      },
    ];
  return [
    {
      status: 'pass',
      message: t(
        `Remote Desktop is enabled with clipboard and drive redirection off (${set.join(', ')}).`,
        `リモート デスクトップは有効ですが、クリップボードとドライブのリダイレクトは無効です（${set.join('、')}）。`,
      ),
      location: TS_POLICY_KEY,
      evidence,
    },
  ];
}

/** SSH: every account that can log in can copy files; only a login allow-list is a technical control. */
function sshFindings(ev: Evidence, ctx: CheckContext<Record<string, never>>): Finding[] {
  const r = sshdSettings(ev, ctx.platform.os);
  if (!r.ok) {
    if (r.absent)
      return [
        {
          status: 'pass',
          message: t(
            'No SSH server configuration found: there is no SSH or SFTP path to copy files.',
            'SSH サーバーの設定が見つからないため、SSH や SFTP でファイルをコピーする経路はありません。',
          ),
        },
      ];
    return [
      {
        status: 'error',
        message: t(
          `Could not read the SSH server configuration: ${clip(r.reason)}`,
          `SSH サーバーの設定を読めませんでした: ${clip(reasonJa(r.reason))}`,
        ),
      },
    ];
  }
  const s = r.settings;
  const sftp = /^sftp\s/i.test(s.values.get('subsystem') ?? '');
  const allow = ['allowusers', 'allowgroups']
    .filter((k) => s.values.has(k))
    .map((k) => `${k} ${clip(s.values.get(k) ?? '', 120)}`);
  const how = sftp ? 'SFTP, scp and the shell' : 'scp and the shell';
  const howJa = sftp ? 'SFTP・scp・シェル' : 'scp・シェル';
  const base = { location: s.location, evidence: s.evidence };
  if (allow.length === 0)
    return [
      {
        ...base,
        status: 'fail',
        message: t(
          `The SSH server is configured with no AllowUsers or AllowGroups: every account that can log in can copy files ` +
            `off the terminal (${how}).`,
          `SSH サーバーに AllowUsers も AllowGroups も設定されていないため、` +
            `ログインできるアカウントはすべて端末からファイルをコピーできます（${howJa}）。`,
        ),
        remediation: REMEDIATION_SSH,
      },
    ];
  const match = s.hasMatch ? ' Match blocks exist and may change this for some connections.' : '';
  const matchJa = s.hasMatch ? 'Match ブロックがあり、一部の接続ではこれが変わる可能性があります。' : '';
  return [
    {
      ...base,
      status: 'manual',
      message: t(
        `SSH logins are limited (${allow.join('; ')}); those accounts can copy files (${how}). Confirm each one is ` +
          `documented as authorised to copy card data with a business need (PCI 3.4.2).${match}`,
        `SSH のログインは限定されています（${allow.join('、')}）。` +
          `これらのアカウントはファイルをコピーできます（${howJa}）。` +
          `それぞれがカードデータのコピーを業務上の必要により許可された人として文書化されているか確認してください（PCI ` +
          `3.4.2）。${matchJa}`,
      ),
    },
  ];
}

export const checks: AnyCheck[] = [dataTransfer];
