/** Application allowlisting (POS 方針5; PCI 2.2.4, 5.x, 11.5.2): enforcement, write protection, autostart review. */
import type { Evidence, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import { isKnown, keysOf, locationOf } from '../kit/answers.js';
import { iniSections, int, settings, wildcard } from '../kit/config.js';
import { cannotList, dropIns, readDropIns } from '../kit/dropins.js';
import { cannotRead, needsRunningSystem, notFoundButUnread, osOf, UNKNOWN_OS } from '../kit/findings.js';
import { regChild, regString, regValue, regValues, valueText } from '../kit/registry.js';
import { clip, MAX_ITEMS, quoted } from '../kit/text.js';

// ---------------------------------------------------------------------------------------------
// allowlist.enforced

interface EnforcedParams {
  confinementCounts: boolean;
}

const SRPV2: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SrpV2',
  subkeys: true,
  os: 'windows',
};
const SRPV2_EXE: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SrpV2\\Exe',
  subkeys: true,
  os: 'windows',
  maxBytes: 2 * 1024 * 1024,
};
const APPIDSVC: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\AppIDSvc',
  value: 'Start',
  os: 'windows',
};
const SAFER: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Safer\\CodeIdentifiers',
  os: 'windows',
};
const DEVICEGUARD: EvidenceRequest = {
  kind: 'command',
  name: 'device guard umci',
  os: 'windows',
  command: {
    ps:
      "try { $d = Get-WmiObject -Namespace 'root\\Microsoft\\Windows\\DeviceGuard' -Class Win32_DeviceGuard -ErrorAction " +
      "Stop; 'umci=' + $d.UsermodeCodeIntegrityPolicyEnforcementStatus; 'kmci=' + $d.CodeIntegrityPolicyEnforcementStatus } " +
      "catch { 'umci=unavailable' }",
  },
};
const FAPOLICYD: EvidenceRequest = { kind: 'file', path: '/etc/fapolicyd/fapolicyd.conf', os: 'linux' };
const FAPOLICYD_ON: EvidenceRequest = {
  kind: 'glob',
  pattern: '/etc/systemd/system/multi-user.target.wants/fapolicyd.service',
  os: 'linux',
};
const FAPOLICYD_RULES = dropIns('/etc/fapolicyd/rules.d/*.rules');
const SELINUX: EvidenceRequest = { kind: 'file', path: '/etc/selinux/config', os: 'linux' };
const SELINUX_LIVE: EvidenceRequest = { kind: 'file', path: '/sys/fs/selinux/enforce', os: 'linux' };
const APPARMOR_LIVE: EvidenceRequest = { kind: 'file', path: '/sys/module/apparmor/parameters/enabled', os: 'linux' };
const APPARMOR_PROFILES: EvidenceRequest = { kind: 'file', path: '/sys/kernel/security/apparmor/profiles', os: 'linux' };
const CMDLINE: EvidenceRequest = { kind: 'file', path: '/proc/cmdline', os: 'linux' };
const GRUB_DEFAULT: EvidenceRequest = { kind: 'file', path: '/etc/default/grub', os: 'linux' };
const KERNEL_CMDLINE: EvidenceRequest = { kind: 'file', path: '/etc/kernel/cmdline', os: 'linux' };

const enforced: Check<EnforcedParams> = {
  id: 'allowlist.enforced',
  family: 'allowlist',
  title: t('Only allowed programs can run', '許可されたプログラムだけが実行できる'),
  description: t(
    'Windows: AppLocker executable rules in enforce mode (SrpV2\\Exe EnforcementMode=1, with rules, AppIDSvc not ' +
      'disabled), App Control/WDAC user-mode code integrity enforced (live), or a default-deny Software Restriction Policy ' +
      '(POSReady 7). Linux: fapolicyd enabled and not permissive. SELinux or AppArmor enforcing confine programs but do not ' +
      'block unknown ones: they pass only when confinementCounts is on, otherwise they are a warning. Audit-only modes are a ' +
      'warning.',
    'Windows：AppLocker の実行ファイル規則が強制モード（SrpV2\\Exe の EnforcementMode=1、規則あり、' +
      'AppIDSvc が無効でない）、App Control/WDAC のユーザーモード コード整合性が強制（ライブ）、' +
      'または既定拒否のソフトウェア制限ポリシー（POSReady 7）のいずれかを確認します。Linux：' +
      'fapolicyd が有効で permissive でないことを確認します。SELinux や AppArmor の強制モードはプログラムを制限しますが、' +
      '未知のプログラムは止めないため、confinementCounts を有効にした場合だけ合格、それ以外は警告です。' +
      '監査のみのモードも警告です。',
  ),
  remediation: t(
    'Windows: deploy AppLocker (or App Control for Business) rules that allow only the POS software and Windows, set the ' +
      'Executable rules to "Enforce rules", and set the Application Identity service to Automatic. Linux: install fapolicyd, ' +
      'set `permissive = 0`, keep a final `deny` rule, and enable the service.',
    'Windows：POS ソフトと Windows だけを許可する AppLocker（または App Control for Business）の規則を配布し、' +
      '実行可能ファイルの規則を「規則を適用」にし、Application Identity サービスを自動にしてください。Linux：' +
      'fapolicyd を導入し、`permissive = 0` にして最後に `deny` 規則を置き、サービスを有効にしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      confinementCounts: {
        type: 'boolean',
        default: false,
        description: 'Accept SELinux/AppArmor enforcing as allowlisting (they confine, they do not allowlist).',
      },
    },
    additionalProperties: false,
  },
  requests: () => [
    SRPV2,
    SRPV2_EXE,
    APPIDSVC,
    SAFER,
    DEVICEGUARD,
    FAPOLICYD,
    FAPOLICYD_ON,
    FAPOLICYD_RULES.glob,
    SELINUX,
    SELINUX_LIVE,
    APPARMOR_LIVE,
    APPARMOR_PROFILES,
    CMDLINE,
    GRUB_DEFAULT,
    KERNEL_CMDLINE,
  ],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? enforcedWindows(ev) : enforcedLinux(ev, ctx);
  },
};

/** An AppLocker rule that allows everyone to run anything: `Path="*"` for S-1-1-0. */
function isAllowAll(xml: string): boolean {
  return (
    /<FilePathRule[^>]*UserOrGroupSid="S-1-1-0"[^>]*Action="Allow"[\s\S]*?<FilePathCondition\s+Path="\*"/i.test(xml) ||
    /<FilePathRule[^>]*Action="Allow"[^>]*UserOrGroupSid="S-1-1-0"[\s\S]*?<FilePathCondition\s+Path="\*"/i.test(xml)
  );
}

function enforcedWindows(ev: Evidence): Finding[] {
  const srp = ev.get(SRPV2);
  const exe = ev.get(SRPV2_EXE);
  const svc = ev.get(APPIDSVC);
  const safer = ev.get(SAFER);
  const dg = ev.get(DEVICEGUARD);
  const evidence = keysOf(SRPV2, SRPV2_EXE, APPIDSVC, SAFER, DEVICEGUARD);
  const out: Finding[] = [];
  let enforcedBy: Text | undefined;
  let auditOnly = false;
  // AppLocker
  if (!isKnown(srp)) out.push(cannotRead(t('the AppLocker policy', 'AppLocker のポリシー'), srp, SRPV2));
  else {
    const mode = int(regValue(regChild(srp, 'Exe'), 'enforcementmode'));
    const rules = exe.status === 'ok' ? Object.values(exe.registry?.children ?? {}) : [];
    const allowAll = rules.some((vals) => isAllowAll(regString(vals, 'value') ?? ''));
    const start = svc.status === 'ok' ? int(regValue(regValues(svc), 'start')) : undefined;
    if (mode === 1 && rules.length > 0 && !allowAll && start !== 4)
      enforcedBy = t(`AppLocker (${rules.length} executable rules)`, `AppLocker（実行ファイルの規則 ${rules.length} 件）`);
    else if (mode === 1 && allowAll)
      out.push({
        status: 'fail',
        message: t(
          'AppLocker is enforced, but a rule lets Everyone run any path (*): it allows everything.',
          'AppLocker は強制モードですが、Everyone にすべてのパス（*）の実行を許す規則があり、すべて許可されます。',
        ),
        location: 'SrpV2\\Exe',
        evidence,
      });
    else if (mode === 1 && start === 4)
      out.push({
        status: 'fail',
        message: t(
          'AppLocker is set to enforce, but the Application Identity service (AppIDSvc) is disabled, so nothing is enforced.',
          'AppLocker は強制モードですが、Application Identity サービス（AppIDSvc）が無効のため、何も強制されません。',
        ),
        location: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\AppIDSvc',
        evidence,
      });
    else if (mode === 1 && exe.status !== 'ok' && exe.status !== 'missing')
      out.push(cannotRead(t('the AppLocker executable rules', 'AppLocker の実行ファイル規則'), exe, SRPV2_EXE));
    else if (mode === 0) auditOnly = true;
  }
  // Software Restriction Policies (default level 0 = disallowed)
  if (safer.status === 'ok' && int(regValue(regValues(safer), 'defaultlevel')) === 0)
    enforcedBy ??= t('Software Restriction Policies (default: disallowed)', 'ソフトウェアの制限のポリシー（既定: 許可しない）');
  else if (!isKnown(safer))
    out.push(cannotRead(t('the Software Restriction Policies', 'ソフトウェア制限のポリシー'), safer, SAFER));
  // WDAC / App Control (live only)
  const umci = dg.status === 'ok' ? /^umci=(\d)/m.exec(dg.data ?? '')?.[1] : undefined;
  if (umci === '2')
    enforcedBy ??= t(
      'App Control for Business (WDAC) user-mode code integrity',
      'App Control for Business（WDAC）のユーザーモード コード整合性',
    );
  else if (umci === '1') auditOnly = true;
  if (enforcedBy)
    return [
      {
        status: 'pass',
        message: t(
          `Program allowlisting is enforced by ${enforcedBy.en}.`,
          `${enforcedBy.ja} によりプログラムのホワイトリスト（許可リスト）が強制されています。`,
        ),
        evidence,
      },
    ];
  if (out.some((f) => f.status === 'fail')) return out;
  if (out.length > 0) return out;
  if (auditOnly)
    return [
      {
        status: 'warn',
        message: t(
          'Program allowlisting runs in audit-only mode: unknown programs are logged, not blocked.',
          'プログラムの許可リストは監査のみのモードです。未知のプログラムは記録されるだけで、止められません。',
        ),
        evidence,
      },
    ];
  if (dg.status === 'unsupported')
    return [
      needsRunningSystem(
        t('Whether an App Control (WDAC) policy is enforced', 'App Control（WDAC）のポリシーが強制されているか'),
        t(
          'No AppLocker or SRP enforcement is in the registry. Check C:\\Windows\\System32\\CodeIntegrity\\CiPolicies\\' +
            'Active for a non-Microsoft policy, or scan the terminal live.',
          'レジストリには AppLocker や SRP の強制設定がありません。C:\\Windows\\System32\\CodeIntegrity\\CiPolicies\\' +
            'Active に Microsoft 以外のポリシーがあるか確認するか、ライブでスキャンしてください。',
        ),
        evidence,
      ),
    ];
  if (umci === undefined && dg.status !== 'ok')
    return [cannotRead(t('the App Control (WDAC) status', 'App Control（WDAC）の状態'), dg, DEVICEGUARD)];
  return [
    {
      status: 'fail',
      message: t(
        'No program allowlisting is enforced (no AppLocker, App Control/WDAC or Software Restriction Policy in enforce mode).',
        'プログラムの許可リストが強制されていません（AppLocker、App Control/WDAC、' +
          'ソフトウェア制限ポリシーのいずれも強制モードではありません）。',
      ),
      evidence,
    },
  ];
}

/** Kernel command line: live, else what the boot configuration would pass. */
function cmdline(ev: Evidence): string {
  const live = ev.text(CMDLINE);
  if (live !== undefined) return live;
  const grub = settings(ev.text(GRUB_DEFAULT) ?? '', { sep: /=/ });
  return [grub.get('grub_cmdline_linux') ?? '', grub.get('grub_cmdline_linux_default') ?? '', ev.text(KERNEL_CMDLINE) ?? ''].join(
    ' ',
  );
}

function enforcedLinux(ev: Evidence, ctx: CheckContext<EnforcedParams>): Finding[] {
  const evidence = keysOf(
    FAPOLICYD,
    FAPOLICYD_ON,
    SELINUX,
    SELINUX_LIVE,
    APPARMOR_LIVE,
    APPARMOR_PROFILES,
    CMDLINE,
    GRUB_DEFAULT,
  );
  const fa = ev.get(FAPOLICYD);
  const out: Finding[] = [];
  if (fa.status === 'ok') {
    const conf = settings(fa.data ?? '', { sep: /\s*=\s*/ });
    const on = ev.get(FAPOLICYD_ON);
    const enabled = on.status === 'ok' ? (on.entries ?? []).length > 0 : undefined;
    const permissive = conf.get('permissive') ?? '0';
    if (enabled === false)
      out.push({
        status: 'fail',
        message: t(
          'fapolicyd is installed but not enabled at boot.',
          'fapolicyd は導入されていますが、起動時に有効になっていません。',
        ),
        location: '/etc/fapolicyd/fapolicyd.conf',
        evidence,
      });
    else if (permissive !== '0')
      out.push({
        status: 'warn',
        message: t(
          `fapolicyd runs in permissive mode (permissive = ${quoted(permissive)}): it logs but does not block.`,
          `fapolicyd が permissive モード（permissive = ${quoted(permissive)}）で、記録するだけで止めません。`,
        ),
        location: '/etc/fapolicyd/fapolicyd.conf',
        evidence,
      });
    else if (enabled === undefined)
      out.push(cannotRead(t('whether fapolicyd is enabled', 'fapolicyd が有効か'), on, FAPOLICYD_ON));
    else {
      const rules = readDropIns(ev, FAPOLICYD_RULES);
      const all = [...rules.files.values()]
        .join('\n')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
      const last = all[all.length - 1] ?? '';
      // A rules.d the account cannot list may end in an allow: no pass, no "last rule" verdict from nothing.
      const notListed = cannotList(t('the fapolicyd rules folder', 'fapolicyd の規則フォルダー'), rules, FAPOLICYD_RULES);
      if (notListed) out.push(notListed);
      else if (rules.files.size > 0 && !/^deny/.test(last))
        out.push({
          status: 'warn',
          message: t(
            `fapolicyd is enforcing, but its last rule is not a deny (${quoted(last)}): unknown programs may still run.`,
            `fapolicyd は強制モードですが、最後の規則が deny ではありません（${quoted(last)}）。` +
              `未知のプログラムが実行される可能性があります。`,
          ),
          evidence,
        });
      else
        return [
          {
            status: 'pass',
            message: t(
              `fapolicyd is enabled and enforcing (integrity = ${quoted(conf.get('integrity') ?? 'none')}).`,
              `fapolicyd が有効で強制モードです（integrity = ${quoted(conf.get('integrity') ?? 'none')}）。`,
            ),
            location: '/etc/fapolicyd/fapolicyd.conf',
            evidence,
          },
        ];
    }
  } else if (fa.status !== 'missing') out.push(cannotRead(t('the fapolicyd configuration', 'fapolicyd の設定'), fa, FAPOLICYD));

  // Confinement (SELinux / AppArmor): not an allowlist by itself.
  const cl = cmdline(ev);
  let confinement: string | undefined;
  const seLive = ev.text(SELINUX_LIVE)?.trim();
  const seConf = settings(ev.text(SELINUX) ?? '', { sep: /=/ })
    .get('selinux')
    ?.toLowerCase();
  if (seLive === '1' || (seLive === undefined && seConf === 'enforcing' && !/\b(selinux|enforcing)=0\b/.test(cl)))
    confinement = 'SELinux enforcing';
  const aaLive = ev.text(APPARMOR_LIVE)?.trim();
  const aaProfiles = ev.text(APPARMOR_PROFILES);
  if (!confinement && aaLive === 'Y' && aaProfiles && /\(enforce\)/.test(aaProfiles))
    confinement = `AppArmor (${(aaProfiles.match(/\(enforce\)/g) ?? []).length} profiles enforced)`;
  if (out.length > 0) return out;
  if (confinement)
    return [
      ctx.params.confinementCounts
        ? {
            status: 'pass',
            message: t(
              `${confinement} confines programs (accepted as allowlisting by this profile).`,
              `${confinement} がプログラムを制限しています（このプロファイルでは許可リストとして認めています）。`,
            ),
            evidence,
          }
        : {
            status: 'warn',
            message: t(
              `${confinement} confines programs, but nothing blocks unknown programs (no fapolicyd).`,
              `${confinement} でプログラムは制限されていますが、未知のプログラムを止める仕組み（fapolicyd）がありません。`,
            ),
            evidence,
          },
    ];
  // Whether SELinux/AppArmor enforce, when what shows it could not be read.
  const unread = (r: EvidenceRequest) => !isKnown(ev.get(r)) && ev.get(r).status !== 'unsupported';
  const clUnread = unread(CMDLINE) || (ev.text(CMDLINE) === undefined && (unread(GRUB_DEFAULT) || unread(KERNEL_CMDLINE)));
  const confUnread = [
    ...(seLive === undefined && (unread(SELINUX_LIVE) || unread(SELINUX)) ? [SELINUX_LIVE, SELINUX] : []),
    ...(seLive === undefined && seConf === 'enforcing' && clUnread ? [CMDLINE, GRUB_DEFAULT, KERNEL_CMDLINE] : []),
    ...(unread(APPARMOR_LIVE) || (aaLive === 'Y' && unread(APPARMOR_PROFILES)) ? [APPARMOR_LIVE, APPARMOR_PROFILES] : []),
  ].filter(unread);
  // With confinement accepted as allowlisting, an unread SELinux/AppArmor state may be the pass: error, not fail.
  if (fa.status === 'missing' && confUnread.length > 0 && ctx.params.confinementCounts)
    return [notFoundButUnread(t('program allowlisting', 'プログラムの許可リスト'), ev, confUnread, evidence)];
  if (fa.status === 'missing')
    return [
      {
        status: 'fail',
        // Without confinementCounts, fapolicyd missing decides alone: SELinux/AppArmor could at most make it a warning.
        message:
          confUnread.length > 0
            ? t(
                `No program allowlisting is in place (fapolicyd is not installed); whether SELinux/AppArmor enforce could ` +
                  `not be read (${confUnread.map((r) => locationOf(r)).join(', ')}), and they would not count as ` +
                  `allowlisting here.`,
                `プログラムの許可リストがありません（fapolicyd が導入されていません）。` +
                  `SELinux／AppArmor ` +
                  `が強制モードかは読み取れませんでした（${confUnread.map((r) => locationOf(r)).join('、')}）。ただし、` +
                  `このプロファイルではこれらを許可リストとして認めていません。`,
              )
            : t(
                'No program allowlisting is in place (fapolicyd is not installed; SELinux/AppArmor are not enforcing).',
                'プログラムの許可リストがありません（fapolicyd が導入されておらず、SELinux／AppArmor も強制モードではありません）。',
              ),
        evidence,
      },
    ];
  return [cannotRead(t('the fapolicyd configuration', 'fapolicyd の設定'), fa, FAPOLICYD)];
}

// ---------------------------------------------------------------------------------------------
// allowlist.write-protection

const UWF: EvidenceRequest = {
  kind: 'command',
  name: 'uwf filter state',
  os: 'windows',
  command: {
    ps:
      "try { $f = Get-WmiObject -Namespace 'root\\standardcimv2\\embedded' -Class UWF_Filter -ErrorAction Stop; 'current=' + " +
      "$f.CurrentEnabled; 'next=' + $f.NextEnabled } catch { 'uwf=unavailable' }",
  },
};
const UWF_SERVICE: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\uwfvol',
  value: 'Start',
  os: 'windows',
};
const MOUNTS: EvidenceRequest = { kind: 'file', path: '/proc/mounts', os: 'linux' };
const FSTAB: EvidenceRequest = { kind: 'file', path: '/etc/fstab', os: 'linux' };
const OVERLAYROOT: EvidenceRequest = { kind: 'file', path: '/etc/overlayroot.conf', os: 'linux' };

const writeProtection: Check<Record<string, never>> = {
  id: 'allowlist.write-protection',
  family: 'allowlist',
  title: t('The system disk is write-protected', 'システムディスクが書き込み保護されている'),
  description: t(
    'Windows: Unified Write Filter enabled (live; offline the uwfvol driver only shows it is installed). Linux: IMA ' +
      'appraisal enforced (ima_appraise=enforce), a dm-verity root, overlayroot, or the root file system mounted read-only ' +
      '(live /proc/mounts, offline /etc/fstab). A protected disk undoes tampering at reboot and supports program ' +
      'allowlisting.',
    'Windows：統合書き込みフィルター（UWF）が有効か確認します（ライブ。オフラインでは uwfvol ' +
      'ドライバーで導入済みかだけ分かります）。Linux：IMA の appraise 強制（ima_appraise=enforce）、dm-verity のルート、' +
      'overlayroot、またはルートファイルシステムの読み取り専用マウント（ライブは /proc/mounts、オフラインは /etc/fstab）' +
      'を確認します。保護されたディスクは再起動で改ざんを元に戻し、許可リストを補強します。',
  ),
  remediation: t(
    'Windows IoT Enterprise: enable Unified Write Filter (`uwfmgr filter enable`, protect C:, reboot). Linux: mount / ' +
      'read-only (with /var on its own volume), use overlayroot or dm-verity, or enforce IMA appraisal with signed files.',
    'Windows IoT Enterprise：統合書き込みフィルターを有効にしてください（`uwfmgr filter enable`、C: を保護、再起動）。' +
      'Linux：/ を読み取り専用でマウントし（/var は別ボリューム）、overlayroot や dm-verity を使うか、' +
      '署名付きファイルで IMA の appraise を強制してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'low',
  params: { type: 'object', properties: {}, additionalProperties: false },
  requests: () => [UWF, UWF_SERVICE, MOUNTS, FSTAB, OVERLAYROOT, CMDLINE, GRUB_DEFAULT, KERNEL_CMDLINE],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? writeWindows(ev) : writeLinux(ev);
  },
};

function writeWindows(ev: Evidence): Finding[] {
  const uwf = ev.get(UWF);
  const svc = ev.get(UWF_SERVICE);
  const evidence = keysOf(UWF, UWF_SERVICE);
  if (uwf.status === 'ok') {
    const cur = /^current=(\w+)/m.exec(uwf.data ?? '')?.[1];
    if (cur && /^true$/i.test(cur))
      return [
        { status: 'pass', message: t('Unified Write Filter is enabled.', '統合書き込みフィルター（UWF）が有効です。'), evidence },
      ];
    if (cur)
      return [
        {
          status: 'fail',
          message: t(
            `Unified Write Filter is installed but off (next boot: ${quoted(/^next=(\w+)/m.exec(uwf.data ?? '')?.[1] ?? 'unknown')}).`,
            `統合書き込みフィルター（UWF）は導入されていますが無効です（次回起動時：` +
              `${quoted(/^next=(\w+)/m.exec(uwf.data ?? '')?.[1] ?? '不明')}）。`,
          ),
          evidence,
        },
      ];
    if (svc.status === 'missing')
      return [
        {
          status: 'fail',
          message: t(
            'Unified Write Filter is not installed, so the system disk is not write-protected.',
            '統合書き込みフィルター（UWF）が導入されておらず、システムディスクは書き込み保護されていません。',
          ),
          evidence,
        },
      ];
  }
  if (uwf.status === 'unsupported') {
    if (svc.status === 'missing')
      return [
        {
          status: 'fail',
          message: t(
            'Unified Write Filter is not installed (no uwfvol driver in the image).',
            '統合書き込みフィルター（UWF）が導入されていません（イメージに uwfvol ドライバーがありません）。',
          ),
          evidence,
        },
      ];
    if (svc.status === 'ok')
      return [
        needsRunningSystem(
          t('Whether Unified Write Filter is switched on', '統合書き込みフィルターが有効か'),
          t(
            'UWF is installed. On the running terminal run `uwfmgr get-config` and check that the filter is ON for C:.',
            'UWF は導入されています。稼働中の端末で `uwfmgr get-config` を実行し、C: でフィルターが ON か確認してください。',
          ),
          evidence,
        ),
      ];
    return [cannotRead(t('the UWF driver settings', 'UWF ドライバーの設定'), svc, UWF_SERVICE)];
  }
  return [cannotRead(t('the Unified Write Filter state', '統合書き込みフィルターの状態'), uwf, UWF)];
}

function writeLinux(ev: Evidence): Finding[] {
  const evidence = keysOf(MOUNTS, FSTAB, OVERLAYROOT, CMDLINE, GRUB_DEFAULT, KERNEL_CMDLINE);
  const cl = cmdline(ev);
  if (/\bima_appraise=enforce\b/.test(cl))
    return [
      {
        status: 'pass',
        message: t(
          'IMA appraisal is enforced (ima_appraise=enforce): files must carry a valid signature or hash.',
          'IMA の appraise が強制されています（ima_appraise=enforce）。ファイルには正しい署名またはハッシュが必要です。',
        ),
        evidence,
      },
    ];
  if (/\b(roothash|systemd\.verity_root_hash|systemd\.verity)=/.test(cl))
    return [
      {
        status: 'pass',
        message: t('The root file system is verified by dm-verity.', 'ルートファイルシステムは dm-verity で検証されています。'),
        evidence,
      },
    ];
  const overlay = settings(ev.text(OVERLAYROOT) ?? '', { sep: /=/ }).get('overlayroot');
  if (overlay && overlay !== 'disabled' && overlay !== '')
    return [
      {
        status: 'pass',
        message: t(
          `overlayroot keeps the root file system read-only (overlayroot=${quoted(overlay)}).`,
          `overlayroot がルートファイルシステムを読み取り専用にしています（overlayroot=${quoted(overlay)}）。`,
        ),
        location: '/etc/overlayroot.conf',
        evidence,
      },
    ];
  const mounts = ev.text(MOUNTS);
  const table = mounts ?? ev.text(FSTAB);
  const source = mounts !== undefined ? '/proc/mounts' : '/etc/fstab';
  if (table === undefined) return [cannotRead(t('the mount table', 'マウントの一覧'), ev.get(FSTAB), FSTAB)];
  const root = table
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f.length >= 4 && !f[0].startsWith('#') && f[1] === '/');
  if (!root)
    return [
      {
        status: 'error',
        message: t(`No entry for / was found in ${source}.`, `${source} に / の項目が見つかりませんでした。`),
        location: source,
        evidence,
      },
    ];
  if (root[3].split(',').includes('ro'))
    return [
      {
        status: 'pass',
        message: t(
          `The root file system is mounted read-only (${source}).`,
          `ルートファイルシステムは読み取り専用でマウントされています（${source}）。`,
        ),
        location: source,
        evidence,
      },
    ];
  return [
    {
      status: 'fail',
      message: t(
        `The root file system is writable (${source}: ${quoted(root[3])}) and no IMA appraisal, dm-verity or overlayroot protects it.`,
        `ルートファイルシステムが書き込み可能で（${source}：${quoted(root[3])}）、IMA、dm-verity、overlayroot による保護もありません。`,
      ),
      location: source,
      evidence,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// allowlist.autostart-review

interface AutostartParams {
  allowed: string[];
}

const RUN_KEYS: EvidenceRequest[] = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run',
].map((key) => ({ kind: 'registry', key, os: 'windows' }));
const STARTUP_FOLDER: EvidenceRequest = {
  kind: 'glob',
  pattern: 'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp\\*',
  os: 'windows',
};
const XDG = dropIns('/etc/xdg/autostart/*.desktop');
const WANTS: EvidenceRequest[] = ['multi-user', 'graphical'].map((target) => ({
  kind: 'glob',
  pattern: `/etc/systemd/system/${target}.target.wants/*`,
  os: 'linux',
  maxEntries: 500,
}));
const RC_LOCAL: EvidenceRequest = { kind: 'file', path: '/etc/rc.local', os: 'linux' };

/** Common distribution units and Windows entries that need no review. A profile adds the POS software. */
const DEFAULT_ALLOWED = [
  'ssh.service',
  'sshd.service',
  'cron.service',
  'crond.service',
  'rsyslog.service',
  'auditd.service',
  'chrony.service',
  'chronyd.service',
  'systemd-timesyncd.service',
  'ntp.service',
  'ntpsec.service',
  'networking.service',
  'NetworkManager.service',
  'systemd-networkd.service',
  'systemd-resolved.service',
  'fapolicyd.service',
  'apparmor.service',
  'usbguard.service',
  'firewalld.service',
  'nftables.service',
  'ufw.service',
  'irqbalance.service',
  'remote-fs.target',
  'e2scrub_reap.service',
  'dbus.service',
  'cups.service',
  'SecurityHealth',
  'WindowsDefender',
];

const autostart: Check<AutostartParams> = {
  id: 'allowlist.autostart-review',
  family: 'allowlist',
  title: t('Every program started automatically is known', '自動起動するプログラムがすべて把握されている'),
  description: t(
    'Lists what starts by itself: Windows Run/RunOnce keys (64- and 32-bit) and the all-users Startup folder; Linux ' +
      'enabled systemd units (multi-user and graphical targets), XDG autostart entries and /etc/rc.local. Entries that match ' +
      'no pattern in `allowed` (wildcards, matched against the entry name or its command) are reported as unknown and fail.',
    '自動で起動するものを一覧にします：Windows の Run／RunOnce キー（64ビットと32ビット）' +
      'と全ユーザーのスタートアップ フォルダー、Linux の有効な systemd ユニット（multi-user と graphical）、XDG の自動起動、' +
      '/etc/rc.local。`allowed` のどのパターン（ワイルドカード可、名前またはコマンドと照合）' +
      'にも合わない項目は未知として不合格になります。',
  ),
  remediation: t(
    'Review each unknown entry: remove what the store did not approve, and add approved POS software to the profile’s `allowed` list.',
    '未知の項目を一つずつ確認し、店舗で承認していないものは削除し、承認済みの POS ソフトはプロファイルの `allowed` に追加してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      allowed: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: DEFAULT_ALLOWED,
        description: 'Wildcard patterns of approved autostart names or commands.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [...RUN_KEYS, STARTUP_FOLDER, XDG.glob, ...WANTS, RC_LOCAL],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const got = os === 'windows' ? autostartWindows(ev) : autostartLinux(ev);
    if (!Array.isArray(got)) return [got];
    return judgeAutostart(
      got[0],
      got[1],
      ctx.params.allowed,
      os === 'windows' ? keysOf(...RUN_KEYS, STARTUP_FOLDER) : keysOf(XDG.glob, ...WANTS, RC_LOCAL),
    );
  },
};

interface Entry {
  name: string;
  command?: string;
  where: string;
}

function autostartWindows(ev: Evidence): [Entry[], Finding[]] | Finding {
  const out: Entry[] = [];
  for (const req of RUN_KEYS) {
    const a = ev.get(req);
    if (a.status === 'missing') continue;
    if (a.status !== 'ok') return cannotRead(t('the Run keys', 'Run キー'), a, req);
    for (const v of a.registry?.values ?? [])
      if (v.name) out.push({ name: v.name, command: valueText(v), where: req.kind === 'registry' ? req.key : '' });
  }
  const notes: Finding[] = [];
  const folder = ev.get(STARTUP_FOLDER);
  if (folder.status === 'ok')
    for (const p of folder.entries ?? []) out.push({ name: p.split(/[\\/]/).pop() ?? p, where: 'Startup folder' });
  else if (folder.status !== 'missing')
    notes.push(cannotRead(t('the Startup folder', 'スタートアップ フォルダー'), folder, STARTUP_FOLDER));
  return [out.filter((e) => e.name.toLowerCase() !== 'desktop.ini'), notes];
}

function autostartLinux(ev: Evidence): [Entry[], Finding[]] | Finding {
  const out: Entry[] = [];
  const notes: Finding[] = [];
  for (const req of WANTS) {
    const a = ev.get(req);
    if (a.status !== 'ok') return cannotRead(t('the enabled systemd units', '有効な systemd ユニット'), a, req);
    for (const p of a.entries ?? [])
      out.push({ name: p.split('/').pop() ?? p, where: req.kind === 'glob' ? req.pattern.replace(/\/\*$/, '') : '' });
  }
  const xdg = readDropIns(ev, XDG);
  const xdgNotListed = cannotList(t('the XDG autostart folder', 'XDG 自動起動フォルダー'), xdg, XDG);
  if (xdgNotListed) notes.push(xdgNotListed);
  for (const [path, text] of xdg.files) {
    const entry = iniSections(text).get('desktop entry');
    if (entry?.get('hidden')?.toLowerCase() === 'true' || entry?.get('x-gnome-autostart-enabled')?.toLowerCase() === 'false')
      continue;
    out.push({ name: path.split('/').pop() ?? path, command: entry?.get('exec'), where: path });
  }
  for (const p of xdg.unread) out.push({ name: p.split('/').pop() ?? p, command: '(content not readable offline)', where: p });
  const rc = ev.text(RC_LOCAL);
  if (rc !== undefined)
    for (const line of rc.split('\n')) {
      const l = line.trim();
      if (!l || l.startsWith('#') || /^exit\b/.test(l)) continue;
      out.push({ name: 'rc.local', command: l, where: '/etc/rc.local' });
    }
  else if (!isKnown(ev.get(RC_LOCAL))) notes.push(cannotRead(t('/etc/rc.local', '/etc/rc.local'), ev.get(RC_LOCAL), RC_LOCAL));
  return [out, notes];
}

function judgeAutostart(entries: Entry[], notes: Finding[], allowed: string[], evidence: string[]): Finding[] {
  const unknown = entries.filter(
    (e) => !allowed.some((p) => wildcard(p, e.name) || (e.command !== undefined && wildcard(p, e.command))),
  );
  const out: Finding[] = [...notes];
  for (const e of unknown.slice(0, MAX_ITEMS))
    out.push({
      status: 'fail',
      message: t(
        `Unknown autostart entry ${quoted(e.name)}${e.command ? `: ${quoted(e.command)}` : ''}.`,
        `未知の自動起動項目 ${quoted(e.name)}${e.command ? `：${quoted(e.command)}` : ''}。`,
      ),
      location: clip(e.where),
      evidence,
    });
  if (unknown.length > MAX_ITEMS)
    out.push({
      status: 'fail',
      message: t(
        `…and ${unknown.length - MAX_ITEMS} more unknown autostart entries.`,
        `ほかに未知の自動起動項目が${unknown.length - MAX_ITEMS}件あります。`,
      ),
      evidence,
    });
  if (unknown.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `All ${entries.length} autostart entries are on the allowed list.`,
        `自動起動項目${entries.length}件はすべて許可リストにあります。`,
      ),
      evidence,
      details: { entries: entries.slice(0, MAX_ITEMS).map((e) => clip(e.name, 100)) },
    });
  return out;
}

export const checks: AnyCheck[] = [enforced, writeProtection, autostart];
