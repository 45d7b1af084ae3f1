/** Firmware and boot checks: BIOS/UEFI admin password, Secure Boot, TPM, USB boot, GRUB password.
 * Firmware state is not on disk: on an offline image these answer `manual` (or read what the
 * registry recorded at last boot), never `pass` by default. */
import type { Evidence, EvidenceRequest, FileRequest, GlobRequest, RegistryRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import {
  LINUX_DMI_24,
  LINUX_FW_AUTH,
  LINUX_FW_BOOT_SETTINGS,
  LINUX_MOKUTIL,
  WIN_FW_BOOT_SETTINGS,
  WIN_FW_PASSWORD,
  WIN_SECURE_BOOT,
  WIN_TPM,
} from './commands.js';
import {
  classifyWmiError,
  dmiAdminStatus,
  efiVarByte,
  isUsbBootSetting,
  onOff,
  parseFwAuth,
  parseFwSettings,
  parseGrubAuth,
  userCfgHasHash,
  type FwSetting,
} from './parse.js';
import { commandText, isKnown, keysOf, reasonOf, reasonTextOf } from '../kit/answers.js';
import { firstValue, keyValueLines, psBool } from '../kit/config.js';
import { cannotRead, needsRunningSystem, notFoundButUnread, unreadAmong } from '../kit/findings.js';
import { regNumber, regValues } from '../kit/registry.js';
import { clip } from '../kit/text.js';

const FAMILY = 'firmware';

/** What a person does when the firmware tells the OS nothing. */
const SETUP_PROCEDURE = t(
  'Restart the terminal and open the firmware setup (usually F1, F2, F10, Del or Esc at power-on; see the vendor manual). ' +
    'Confirm that setup asks for an administrator (supervisor) password, and record who checked, when, and what was seen as ' +
    'an attestation.',
  '端末を再起動し、電源投入時に F1・F2・F10・Del・Esc などのキー（機種のマニュアルを参照）でファームウェア（BIOS/UEFI）' +
    '設定画面を開いてください。設定画面に入るときに管理者（スーパーバイザー）パスワードを求められることを確認し、確認者・' +
    '日付・結果を記録（アテステーション）してください。',
);

function manual(message: Text, procedure: Text, evidence: string[]): Finding {
  return { status: 'manual', message, remediation: procedure, evidence };
}

// ---------------------------------------------------------------- firmware.admin-password

interface AdminPasswordParams {
  lenovoSmpCountsAsAdmin: boolean;
}

function adminPasswordLinux(ev: Evidence, ctx: CheckContext<AdminPasswordParams>): Finding[] {
  const evKeys = keysOf(LINUX_FW_AUTH, LINUX_DMI_24);
  const authAns = ev.get(LINUX_FW_AUTH);
  if (authAns.status === 'unsupported' || ctx.targetKind === 'image') {
    return [
      needsRunningSystem(
        t('The firmware administrator password', 'ファームウェア管理者パスワードの設定有無'),
        SETUP_PROCEDURE,
        evKeys,
      ),
    ];
  }
  const notes: Text[] = [];
  const authText = commandText(ev, LINUX_FW_AUTH);
  if (authText === undefined)
    notes.push(t(`firmware-attributes: ${reasonOf(authAns)}`, `firmware-attributes: ${reasonTextOf(authAns).ja}`));
  const objects = authText !== undefined ? parseFwAuth(authText) : undefined;
  if (objects) {
    const admins = objects.filter((o) => o.role === 'bios-admin');
    const set = admins.find((o) => o.isEnabled === '1' || (o.certificateThumbprint ?? '').replace(/[\s0]/g, '') !== '');
    const spm = objects.find((o) => /"State"\s*:\s*"provisioned"/i.test(o.status ?? ''));
    const details = { objects: objects.slice(0, 16) };
    if (set || spm) {
      const where = (set ?? spm)?.path ?? '';
      return [
        {
          status: 'pass',
          message: t(
            `A firmware administrator password (or certificate) is set (${where}).`,
            `ファームウェア管理者パスワード（または証明書認証）が設定されています（${where}）。`,
          ),
          location: where,
          evidence: evKeys,
          details,
        },
      ];
    }
    if (admins.length > 0) {
      const where = admins.map((o) => o.path).join(', ');
      return [
        {
          status: 'fail',
          message: t(
            `The firmware reports no administrator password: is_enabled is not 1 for ${where}.`,
            `ファームウェアの管理者パスワードが設定されていません（${where} の is_enabled が 1 ではありません）。`,
          ),
          location: admins[0].path,
          evidence: evKeys,
          details,
        },
      ];
    }
    notes.push(
      t(
        'firmware-attributes: no object with role bios-admin',
        'firmware-attributes: role が bios-admin のオブジェクトがありません',
      ),
    );
  } else if (authText !== undefined) {
    notes.push(t('firmware-attributes: class absent', 'firmware-attributes: クラスがありません'));
  }
  // SMBIOS type 24 fallback.
  const dmiAns = ev.get(LINUX_DMI_24);
  const dmi = dmiAns.status === 'ok' && dmiAns.exitCode === 0 ? dmiAdminStatus(ev.text(LINUX_DMI_24) ?? '') : undefined;
  if (dmi === 'enabled') {
    return [
      {
        status: 'pass',
        message: t(
          'SMBIOS reports the administrator password as enabled (dmidecode type 24).',
          'SMBIOS（dmidecode type 24）で管理者パスワードが「有効」と報告されています。',
        ),
        evidence: evKeys,
      },
    ];
  }
  if (dmi === 'disabled') {
    return [
      {
        status: 'fail',
        message: t(
          'SMBIOS reports the administrator password as disabled (dmidecode type 24).',
          'SMBIOS（dmidecode type 24）で管理者パスワードが「無効」と報告されています。',
        ),
        evidence: evKeys,
      },
    ];
  }
  if (dmiAns.status === 'ok' && dmiAns.exitCode === 127)
    notes.push(t('dmidecode: not installed', 'dmidecode: インストールされていません'));
  else if (dmiAns.status === 'ok' && dmiAns.exitCode !== 0) {
    const stderr = clip(dmiAns.stderr ?? '', 80);
    notes.push(
      t(
        `dmidecode: exit ${dmiAns.exitCode ?? '?'} (needs root) ${stderr}`,
        `dmidecode: 終了コード ${dmiAns.exitCode ?? '?'}（root 権限が必要） ${stderr}`,
      ),
    );
  } else if (dmiAns.status !== 'ok') notes.push(t(`dmidecode: ${reasonOf(dmiAns)}`, `dmidecode: ${reasonTextOf(dmiAns).ja}`));
  else
    notes.push(
      dmi !== undefined
        ? t(`dmidecode: ${dmi}`, `dmidecode: ${dmi}`)
        : t('dmidecode: no type 24 record', 'dmidecode: type 24 のレコードがありません'),
    );
  const why = t(notes.map((n) => n.en).join('; '), notes.map((n) => n.ja).join('、'));
  return [
    manual(
      t(
        `The firmware does not tell the OS whether an administrator password is set (${why.en}).`,
        `ファームウェアが管理者パスワードの設定有無を OS に公開していません（${why.ja}）。`,
      ),
      SETUP_PROCEDURE,
      evKeys,
    ),
  ];
}

function adminPasswordWindows(ev: Evidence, ctx: CheckContext<AdminPasswordParams>): Finding[] {
  const evKeys = keysOf(WIN_FW_PASSWORD);
  const ans = ev.get(WIN_FW_PASSWORD);
  if (ans.status === 'unsupported' || ctx.targetKind === 'image') {
    return [
      needsRunningSystem(
        t('The firmware administrator password', 'ファームウェア管理者パスワードの設定有無'),
        SETUP_PROCEDURE,
        evKeys,
      ),
    ];
  }
  const text = commandText(ev, WIN_FW_PASSWORD);
  if (text === undefined)
    return [cannotRead(t('the firmware password state (WMI)', 'ファームウェアパスワードの状態（WMI）'), ans, evKeys)];
  const pairs = keyValueLines(text, 500);
  const denied: string[] = [];
  const errors: string[] = [];
  for (const [k, v] of pairs) {
    if (!k.endsWith('.error')) continue;
    const c = classifyWmiError(v);
    if (c.kind === 'denied') denied.push(k.slice(0, -6));
    else if (c.kind === 'error') errors.push(`${k.slice(0, -6)}: ${c.detail}`);
  }
  const verdicts: Array<{ vendor: string; set: boolean; raw: string }> = [];
  for (const [k, v] of pairs) {
    if (/^dell\.admin$/i.test(k)) {
      const b = psBool(v);
      if (b !== undefined) verdicts.push({ vendor: 'Dell', set: b, raw: `${k}=${clip(v, 20)}` });
    } else if (/^hp\.setup password$/i.test(k)) {
      const b = psBool(v);
      if (b !== undefined) verdicts.push({ vendor: 'HP', set: b, raw: `${k}=${clip(v, 20)}` });
    } else if (k === 'lenovo.PasswordState' && /^\d+$/.test(v)) {
      const n = Number(v);
      const mask = 2 | 128 | (ctx.params.lenovoSmpCountsAsAdmin ? 64 : 0);
      verdicts.push({ vendor: 'Lenovo', set: (n & mask) !== 0, raw: `${k}=${n}` });
    }
  }
  if (verdicts.length > 0) {
    const setOne = verdicts.find((v) => v.set);
    const raw = verdicts.map((v) => v.raw).join(', ');
    if (setOne)
      return [
        {
          status: 'pass',
          message: t(
            `${setOne.vendor} firmware reports an administrator password is set (${raw}).`,
            `${setOne.vendor} のファームウェアで管理者パスワードが設定されています（${raw}）。`,
          ),
          evidence: evKeys,
          details: { wmi: raw },
        },
      ];
    return [
      {
        status: 'fail',
        message: t(
          `${verdicts[0].vendor} firmware reports no administrator password (${raw}).`,
          `${verdicts[0].vendor} のファームウェアで管理者パスワードが設定されていません（${raw}）。`,
        ),
        evidence: evKeys,
        details: { wmi: raw },
      },
    ];
  }
  if (denied.length > 0) {
    return [
      {
        status: 'error',
        message: t(
          `The vendor firmware interface refused access (${denied.join(', ')}): run the scan as an administrator (elevated).`,
          `メーカーのファームウェア管理インターフェースへのアクセスが拒否されました（${denied.join(', ')}）。` +
            `管理者権限（昇格）でスキャンしてください。`,
        ),
        evidence: evKeys,
      },
    ];
  }
  const smbios = firstValue(pairs, 'smbios.AdminPasswordStatus');
  if (smbios === '1')
    return [
      {
        status: 'pass',
        message: t(
          'Windows reports the firmware administrator password as enabled (Win32_ComputerSystem.AdminPasswordStatus = 1).',
          'Windows がファームウェア管理者パスワードを「有効」と報告しています（Win32_ComputerSystem.AdminPasswordStatus = 1）。',
        ),
        evidence: evKeys,
      },
    ];
  if (smbios === '0')
    return [
      {
        status: 'fail',
        message: t(
          'Windows reports the firmware administrator password as disabled (Win32_ComputerSystem.AdminPasswordStatus = 0).',
          'Windows がファームウェア管理者パスワードを「無効」と報告しています（Win32_ComputerSystem.AdminPasswordStatus = 0）。',
        ),
        evidence: evKeys,
      },
    ];
  const why = [`AdminPasswordStatus=${clip(smbios ?? 'none', 10)}`, ...errors].join('; ');
  return [
    manual(
      t(
        `No Dell, HP or Lenovo firmware interface answered and SMBIOS does not say whether a password is set (${why}).`,
        `Dell・HP・Lenovo のファームウェア管理インターフェースがなく、SMBIOS からもパスワードの有無がわかりません（${why}）。`,
      ),
      SETUP_PROCEDURE,
      evKeys,
    ),
  ];
}

const adminPassword: Check<AdminPasswordParams> = {
  id: 'firmware.admin-password',
  family: FAMILY,
  title: t('Firmware (BIOS/UEFI) administrator password is set', 'ファームウェア（BIOS/UEFI）の管理者パスワードが設定されている'),
  description: t(
    'Without a setup password anyone at the till can change the boot order or turn off Secure Boot and start another ' +
      'system from a USB stick, bypassing every control in the OS. Read from the Linux firmware-attributes class (by role, ' +
      'not folder name), Dell/HP/Lenovo WMI on Windows, and SMBIOS as a fallback.',
    '設定画面のパスワードがないと、レジの前にいる人が起動順序の変更や Secure Boot の無効化を行い、' +
      'USB メモリから別の OS を起動して OS 側の対策をすべて回避できます。Linux では ' +
      'firmware-attributes（フォルダー名ではなく role で判定）、Windows では Dell・HP・Lenovo の WMI、' +
      '最後に SMBIOS を参照します。',
  ),
  remediation: t(
    'Set an administrator (supervisor/setup) password in the firmware setup, keep it in the password vault, and do not ' +
      'share it with store staff.',
    'ファームウェア設定画面で管理者（スーパーバイザー／セットアップ）パスワードを設定し、' +
      'パスワード管理台帳で保管してください。店舗スタッフには共有しないでください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      lenovoSmpCountsAsAdmin: {
        type: 'boolean',
        default: false,
        description: 'Count a Lenovo system-management password (bit 64) as an administrator password.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [LINUX_FW_AUTH, LINUX_DMI_24, WIN_FW_PASSWORD],
  evaluate: (ev, ctx) => (ctx.platform.os === 'windows' ? adminPasswordWindows(ev, ctx) : adminPasswordLinux(ev, ctx)),
};

// ---------------------------------------------------------------- firmware.secure-boot

const EFI_GUID = '8be4df61-93ca-11d2-aa0d-00e098032b8c';
const EFI_SECURE_BOOT: FileRequest = {
  kind: 'file',
  os: 'linux',
  binary: true,
  maxBytes: 64,
  path: `/sys/firmware/efi/efivars/SecureBoot-${EFI_GUID}`,
};
const EFI_SETUP_MODE: FileRequest = {
  kind: 'file',
  os: 'linux',
  binary: true,
  maxBytes: 64,
  path: `/sys/firmware/efi/efivars/SetupMode-${EFI_GUID}`,
};
const EFI_OLD_SECURE_BOOT: FileRequest = {
  kind: 'file',
  os: 'linux',
  binary: true,
  maxBytes: 64,
  path: `/sys/firmware/efi/vars/SecureBoot-${EFI_GUID}/data`,
};
const EFI_DIR: GlobRequest = { kind: 'glob', os: 'linux', pattern: '/sys/firmware/efi/*', maxEntries: 50 };
const WIN_SB_STATE: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecureBoot\\State',
};

interface SecureBootParams {
  legacyBoot: 'fail' | 'warn';
}

const SB_PROCEDURE = t(
  'Open the firmware setup and confirm that Secure Boot is Enabled and the platform is in User mode (not Setup mode), with ' +
    'the boot mode set to UEFI.',
  'ファームウェア設定画面を開き、起動モードが UEFI で、Secure Boot が「有効（Enabled）」' +
    'かつユーザーモード（セットアップモードではない）であることを確認してください。',
);

function legacyFinding(ctx: CheckContext<SecureBootParams>, evidence: string[]): Finding {
  return {
    status: ctx.params.legacyBoot,
    message: t(
      'The terminal boots in legacy BIOS mode, so Secure Boot cannot be on.',
      '端末がレガシー BIOS モードで起動しているため、Secure Boot を有効にできません。',
    ),
    remediation: t(
      'Switch the firmware to UEFI boot and enable Secure Boot; where the hardware cannot, record a compensating control ' +
        '(firmware password and locked boot order).',
      'ファームウェアを UEFI 起動に切り替えて Secure Boot を有効にしてください。ハードウェアが対応していない場合は、' +
        '代替策（ファームウェアパスワードと起動順序のロック）を記録してください。',
    ),
    evidence,
  };
}

function secureBootLinux(ev: Evidence, ctx: CheckContext<SecureBootParams>): Finding[] {
  const evKeys = keysOf(EFI_SECURE_BOOT, EFI_SETUP_MODE, EFI_OLD_SECURE_BOOT, EFI_DIR, LINUX_MOKUTIL);
  if (ctx.targetKind === 'image') return [needsRunningSystem(t('Secure Boot', 'Secure Boot の状態'), SB_PROCEDURE, evKeys)];
  const sbAns = ev.get(EFI_SECURE_BOOT);
  let sb = efiVarByte(ev.bytes(EFI_SECURE_BOOT), true);
  if (sb === undefined && sbAns.status === 'missing') sb = efiVarByte(ev.bytes(EFI_OLD_SECURE_BOOT), false);
  const setup = efiVarByte(ev.bytes(EFI_SETUP_MODE), true);
  const mok = commandText(ev, LINUX_MOKUTIL) ?? '';
  if (sb === 1 && setup === 0)
    return [
      {
        status: 'pass',
        message: t(
          'Secure Boot is on and the firmware is in user mode (SecureBoot=1, SetupMode=0).',
          'Secure Boot が有効で、ファームウェアはユーザーモードです（SecureBoot=1、SetupMode=0）。',
        ),
        evidence: evKeys,
      },
    ];
  if (sb === 1 && setup === 1)
    return [
      {
        status: 'fail',
        message: t(
          'SecureBoot reads 1 but the firmware is in setup mode (SetupMode=1): signatures are not enforced.',
          'SecureBoot は 1 ですが、ファームウェアがセットアップモード（SetupMode=1）のため署名検証が行われていません。',
        ),
        evidence: evKeys,
      },
    ];
  if (sb === 0)
    return [
      {
        status: 'fail',
        message: t('Secure Boot is off (SecureBoot=0).', 'Secure Boot が無効です（SecureBoot=0）。'),
        evidence: evKeys,
      },
    ];
  if (sb === 1) {
    if (/^SecureBoot enabled/m.test(mok))
      return [
        {
          status: 'pass',
          message: t(
            'Secure Boot is on (SecureBoot=1; mokutil: SecureBoot enabled).',
            'Secure Boot が有効です（SecureBoot=1、mokutil: SecureBoot enabled）。',
          ),
          evidence: evKeys,
        },
      ];
    return [
      {
        status: 'error',
        message: t(
          `SecureBoot reads 1 but SetupMode could not be read (${reasonOf(ev.get(EFI_SETUP_MODE))}), so enforcement is unknown.`,
          `SecureBoot は 1 ですが SetupMode を読み取れず（${reasonTextOf(ev.get(EFI_SETUP_MODE)).ja}）、署名検証が有効か判断できません。`,
        ),
        evidence: evKeys,
      },
    ];
  }
  if (/^SecureBoot disabled/m.test(mok))
    return [
      {
        status: 'fail',
        message: t(
          'Secure Boot is off (mokutil: SecureBoot disabled).',
          'Secure Boot が無効です（mokutil: SecureBoot disabled）。',
        ),
        evidence: evKeys,
      },
    ];
  const dir = ev.get(EFI_DIR);
  if (sbAns.status === 'missing' && dir.status === 'ok') {
    if ((dir.entries ?? []).length === 0) return [legacyFinding(ctx, evKeys)];
    return [
      {
        status: 'fail',
        message: t(
          'The terminal boots in UEFI mode but the firmware has no SecureBoot variable: it does not support or offer Secure Boot.',
          '端末は UEFI で起動していますが、SecureBoot 変数がありません（ファームウェアが Secure Boot に対応していないか、' +
            '提供していません）。',
        ),
        evidence: evKeys,
      },
    ];
  }
  if (sbAns.status === 'ok')
    return [
      {
        status: 'error',
        message: t(
          'The SecureBoot variable is malformed (shorter than its 4-byte header and value).',
          'SecureBoot 変数の形式が不正です（4 バイトのヘッダーと値より短い）。',
        ),
        evidence: evKeys,
      },
    ];
  // No variable, and the EFI folder could not be listed: whether the terminal boots UEFI at all is unknown.
  if (sbAns.status === 'missing' && !isKnown(dir))
    return [
      cannotRead(t('whether the terminal boots in UEFI mode', '端末が UEFI で起動しているか'), dir, evKeys, EFI_DIR.pattern),
    ];
  return [cannotRead(t('the SecureBoot EFI variable', 'SecureBoot の EFI 変数'), sbAns, evKeys, EFI_SECURE_BOOT.path)];
}

function secureBootWindows(ev: Evidence, ctx: CheckContext<SecureBootParams>): Finding[] {
  const evKeys = keysOf(WIN_SECURE_BOOT, WIN_SB_STATE);
  const text = commandText(ev, WIN_SECURE_BOOT);
  const pairs = text !== undefined ? keyValueLines(text, 50) : [];
  const confirm = firstValue(pairs, 'confirm');
  const confirmErr = firstValue(pairs, 'confirm.error') ?? '';
  if (confirm !== undefined && psBool(confirm) === true)
    return [
      {
        status: 'pass',
        message: t(
          'Confirm-SecureBootUEFI reports Secure Boot on.',
          'Confirm-SecureBootUEFI で Secure Boot が有効と報告されました。',
        ),
        evidence: evKeys,
      },
    ];
  if (confirm !== undefined && psBool(confirm) === false)
    return [
      {
        status: 'fail',
        message: t(
          'Confirm-SecureBootUEFI reports Secure Boot off (or the firmware is in setup mode).',
          'Confirm-SecureBootUEFI で Secure Boot が無効（またはセットアップモード）と報告されました。',
        ),
        evidence: evKeys,
      },
    ];
  if (
    /PlatformNotSupported|not supported on this platform/i.test(confirmErr) ||
    firstValue(pairs, 'firmware_type')?.toLowerCase() === 'legacy'
  )
    return [legacyFinding(ctx, evKeys)];
  const regAns = ev.get(WIN_SB_STATE);
  const live = ctx.targetKind !== 'image';
  const when = live ? t('', '') : t(' (as recorded at the last boot of the image)', '（イメージの最終起動時の記録）');
  const enabled = regNumber(regValues(regAns), 'UEFISecureBootEnabled');
  if (enabled === 1)
    return [
      {
        status: 'pass',
        message: t(
          `The registry records Secure Boot on (UEFISecureBootEnabled=1)${when.en}.`,
          `レジストリに Secure Boot 有効（UEFISecureBootEnabled=1）と記録されています${when.ja}。`,
        ),
        location: WIN_SB_STATE.key,
        evidence: evKeys,
      },
    ];
  if (enabled === 0)
    return [
      {
        status: 'fail',
        message: t(
          `The registry records Secure Boot off or in setup mode (UEFISecureBootEnabled=0)${when.en}.`,
          `レジストリに Secure Boot 無効またはセットアップモード（UEFISecureBootEnabled=0）と記録されています${when.ja}。`,
        ),
        location: WIN_SB_STATE.key,
        evidence: evKeys,
      },
    ];
  if (regAns.status === 'missing' || (regAns.status === 'ok' && enabled === undefined)) {
    return [
      manual(
        t(
          'Windows has no Secure Boot state (no SecureBoot\\State key): the OS is older than Windows 8 or booted in legacy ' +
            'mode. Check the firmware by hand.',
          'Windows に Secure Boot の状態が記録されていません（SecureBoot\\State キーなし）。Windows 8 より前の OS か、' +
            'レガシーモードで起動しています。ファームウェアを目視で確認してください。',
        ),
        SB_PROCEDURE,
        evKeys,
      ),
    ];
  }
  return [cannotRead(t('the Secure Boot state', 'Secure Boot の状態'), regAns, evKeys, WIN_SB_STATE.key)];
}

const secureBoot: Check<SecureBootParams> = {
  id: 'firmware.secure-boot',
  family: FAMILY,
  title: t('Secure Boot is on', 'Secure Boot が有効になっている'),
  description: t(
    'Secure Boot stops an unsigned boot loader or kernel from starting, so a tampered disk or a USB stick cannot take over ' +
      'the terminal. Pass needs SecureBoot=1 with SetupMode=0 (Linux efivars), or Confirm-SecureBootUEFI / ' +
      'UEFISecureBootEnabled=1 (Windows).',
    'Secure Boot は署名のないブートローダーやカーネルの起動を止め、改ざんされたディスクや USB ' +
      'メモリによる乗っ取りを防ぎます。Linux では efivars の SecureBoot=1 かつ SetupMode=0、' +
      'Windows では Confirm-SecureBootUEFI または UEFISecureBootEnabled=1 で合格とします。',
  ),
  remediation: t(
    'Enable Secure Boot in the firmware setup (UEFI mode, user mode, vendor keys enrolled).',
    'ファームウェア設定画面で Secure Boot を有効にしてください（UEFI モード、ユーザーモード、メーカーの鍵を登録済み）。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      legacyBoot: {
        type: 'string',
        enum: ['fail', 'warn'],
        default: 'fail',
        description: 'Status when the terminal boots in legacy BIOS mode.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [EFI_SECURE_BOOT, EFI_SETUP_MODE, EFI_OLD_SECURE_BOOT, EFI_DIR, LINUX_MOKUTIL, WIN_SECURE_BOOT, WIN_SB_STATE],
  evaluate: (ev, ctx) => (ctx.platform.os === 'windows' ? secureBootWindows(ev, ctx) : secureBootLinux(ev, ctx)),
};

// ---------------------------------------------------------------- firmware.tpm-present

const TPM_DEVICES: GlobRequest = { kind: 'glob', os: 'linux', pattern: '/sys/class/tpm/tpm*', maxEntries: 8 };
const TPM_VERSION: FileRequest = { kind: 'file', os: 'linux', maxBytes: 16, path: '/sys/class/tpm/tpm0/tpm_version_major' };
const TPM_RM: GlobRequest = { kind: 'glob', os: 'linux', pattern: '/dev/tpmrm*', maxEntries: 8 };
const WIN_TPM20_ENUM: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Enum\\ACPI\\MSFT0101',
};
const WIN_TPM12_ENUM: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Enum\\ACPI\\PNP0C31',
};

interface TpmParams {
  minVersion: 1 | 2;
}

function tpmVerdict(version: number | undefined, ctx: CheckContext<TpmParams>, source: string, evidence: string[]): Finding {
  if (version === undefined) {
    return {
      status: 'warn',
      message: t(
        `A TPM is present but its version is unknown (${source}).`,
        `TPM はありますが、バージョンがわかりません（${source}）。`,
      ),
      evidence,
    };
  }
  if (version < ctx.params.minVersion) {
    return {
      status: 'fail',
      message: t(
        `The TPM is version ${version}; version ${ctx.params.minVersion} or newer is required (${source}).`,
        `TPM のバージョンが ${version} です。${ctx.params.minVersion} 以上が必要です（${source}）。`,
      ),
      evidence,
    };
  }
  return {
    status: 'pass',
    message: t(
      `A TPM ${version === 2 ? '2.0' : '1.2'} is present (${source}).`,
      `TPM ${version === 2 ? '2.0' : '1.2'} があります（${source}）。`,
    ),
    evidence,
  };
}

const TPM_PROCEDURE = t(
  'Open the firmware setup and confirm a TPM (Security Chip / PTT / fTPM) is present and enabled, or check the hardware ' +
    'specification of the terminal model.',
  'ファームウェア設定画面で TPM（セキュリティチップ／PTT／fTPM）が存在し有効であることを確認するか、端末機種の仕様書で確認してください。',
);

function tpmLinux(ev: Evidence, ctx: CheckContext<TpmParams>): Finding[] {
  const evKeys = keysOf(TPM_DEVICES, TPM_VERSION, TPM_RM);
  if (ctx.targetKind === 'image') return [needsRunningSystem(t('The TPM', 'TPM の有無'), TPM_PROCEDURE, evKeys)];
  const devs = ev.get(TPM_DEVICES);
  if (devs.status !== 'ok') return [cannotRead(t('/sys/class/tpm', '/sys/class/tpm'), devs, evKeys)];
  if ((devs.entries ?? []).length === 0)
    return [
      {
        status: 'fail',
        message: t(
          'No TPM: /sys/class/tpm is empty (none fitted, disabled in firmware, or no driver).',
          'TPM がありません（/sys/class/tpm が空です。未搭載、ファームウェアで無効、またはドライバーなし）。',
        ),
        evidence: evKeys,
      },
    ];
  const major = (ev.text(TPM_VERSION) ?? '').trim();
  let version: number | undefined = /^[12]$/.test(major) ? Number(major) : undefined;
  if (version === undefined && (ev.get(TPM_RM).entries ?? []).length > 0) version = 2;
  // The version file or the resource manager that would have told the version could not be read: unknown, not a warning.
  const unread = version === undefined ? unreadAmong(ev, [TPM_VERSION, TPM_RM]) : [];
  if (unread.length > 0) return [notFoundButUnread(t('TPM version', 'TPM のバージョン'), ev, unread, evKeys)];
  return [tpmVerdict(version, ctx, 'sysfs', evKeys)];
}

function tpmWindows(ev: Evidence, ctx: CheckContext<TpmParams>): Finding[] {
  const evKeys = keysOf(WIN_TPM, WIN_TPM20_ENUM, WIN_TPM12_ENUM);
  const text = commandText(ev, WIN_TPM);
  const pairs = text !== undefined ? keyValueLines(text, 50) : [];
  const count = firstValue(pairs, 'tpm.count');
  const err = firstValue(pairs, 'tpm.error');
  const notes: Text[] = [];
  if (count !== undefined && /^\d+$/.test(count)) {
    if (Number(count) > 0) {
      const spec = firstValue(pairs, 'tpm.spec') ?? '';
      const v = /^\s*2\./.test(spec) ? 2 : /^\s*1\./.test(spec) ? 1 : undefined;
      return [tpmVerdict(v, ctx, `Win32_Tpm SpecVersion ${clip(spec, 40) || '?'}`, evKeys)];
    }
    notes.push(t('Win32_Tpm: no instance', 'Win32_Tpm: インスタンスがありません'));
  } else if (err !== undefined) {
    const detail = classifyWmiError(err).detail;
    notes.push(t(`Win32_Tpm: ${detail}`, `Win32_Tpm: ${detail}`));
  } else {
    notes.push(t(`Win32_Tpm: ${reasonOf(ev.get(WIN_TPM))}`, `Win32_Tpm: ${reasonTextOf(ev.get(WIN_TPM)).ja}`));
  }
  const notesEn = notes.map((n) => n.en).join('; ');
  const notesJa = notes.map((n) => n.ja).join('、');
  // Registry: the TPM was enumerated by Windows (state at last boot on an image).
  const r20 = ev.get(WIN_TPM20_ENUM);
  const r12 = ev.get(WIN_TPM12_ENUM);
  if (r20.status === 'ok') return [tpmVerdict(2, ctx, 'Enum\\ACPI\\MSFT0101', evKeys)];
  if (r12.status === 'ok') return [tpmVerdict(1, ctx, 'Enum\\ACPI\\PNP0C31', evKeys)];
  const wmiSaysNone = count === '0' || (err !== undefined && classifyWmiError(err).kind === 'absent');
  if (
    r20.status === 'missing' &&
    r12.status === 'missing' &&
    (wmiSaysNone || ctx.targetKind === 'image' || ev.get(WIN_TPM).status === 'unsupported')
  ) {
    return [
      {
        status: 'fail',
        message: t(
          `Windows has never enumerated a TPM (no Enum\\ACPI\\MSFT0101 or PNP0C31; ${notesEn}).`,
          `Windows が TPM を一度も認識していません（Enum\\ACPI\\MSFT0101・PNP0C31 なし。${notesJa}）。`,
        ),
        evidence: evKeys,
      },
    ];
  }
  const bad = r20.status !== 'missing' ? r20 : r12;
  const why = `${notesEn}; registry: ${reasonOf(bad)}`;
  const whyJa = `${notesJa}、レジストリ: ${reasonTextOf(bad).ja}`;
  return [
    {
      status: 'error',
      message: t(`Could not tell whether a TPM is present (${why}).`, `TPM の有無を判断できませんでした（${whyJa}）。`),
      evidence: evKeys,
    },
  ];
}

const tpmPresent: Check<TpmParams> = {
  id: 'firmware.tpm-present',
  family: FAMILY,
  title: t('A TPM is present', 'TPM が搭載されている'),
  description: t(
    'A TPM holds disk-encryption keys and measures the boot, so a stolen disk or a changed boot chain is detectable.',
    'TPM はディスク暗号化の鍵を保護し、起動過程を計測します。ディスクの持ち出しや起動処理の改ざんを検知できるようにします。',
  ),
  remediation: t(
    'Enable the TPM (Security Chip, PTT or fTPM) in the firmware setup; replace terminals that have none at the next refresh.',
    'ファームウェア設定画面で TPM（セキュリティチップ、PTT、fTPM）を有効にしてください。TPM のない端末は次回の更新時に入れ替えてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      minVersion: { type: 'integer', enum: [1, 2], default: 2, description: 'Lowest TPM major version that passes.' },
    },
    additionalProperties: false,
  },
  requests: () => [TPM_DEVICES, TPM_VERSION, TPM_RM, WIN_TPM, WIN_TPM20_ENUM, WIN_TPM12_ENUM],
  evaluate: (ev, ctx) => (ctx.platform.os === 'windows' ? tpmWindows(ev, ctx) : tpmLinux(ev, ctx)),
};

// ---------------------------------------------------------------- firmware.usb-boot-disabled

interface UsbBootParams {
  extraSettingNames: string[];
}

const USB_BOOT_PROCEDURE = t(
  'Open the firmware setup and confirm that booting from USB and other removable media is disabled (or that the boot menu ' +
    'needs the administrator password). Check the one-time boot menu (F12 or similar) too.',
  'ファームウェア設定画面を開き、USB ' +
    'やその他のリムーバブルメディアからの起動が無効になっていること（または起動メニューに管理者パスワードが必要なこと）' +
    'を確認してください。ワンタイム起動メニュー（F12 など）も確認してください。',
);

function usbBootFromSettings(settings: FwSetting[], params: UsbBootParams, evidence: string[], notes: Text[]): Finding[] {
  const extra = new Set(params.extraSettingNames.map((n) => n.toLowerCase()));
  const relevant = settings.filter((s) => isUsbBootSetting(s.name) || extra.has(s.name.toLowerCase()));
  const details = { settings: settings.slice(0, 30) };
  const on = relevant.filter((s) => onOff(s.value) === 'on');
  const unknown = relevant.filter((s) => onOff(s.value) === undefined);
  const list = (xs: FwSetting[]): string => xs.map((s) => `${s.name}=${s.value}`).join(', ');
  if (on.length > 0)
    return [
      {
        status: 'fail',
        message: t(
          `Booting from USB/removable media is allowed: ${list(on)}.`,
          `USB／リムーバブルメディアからの起動が許可されています：${list(on)}。`,
        ),
        evidence,
        details,
      },
    ];
  if (relevant.length > 0 && unknown.length === 0)
    return [
      {
        status: 'pass',
        message: t(
          `Booting from USB/removable media is disabled: ${list(relevant)}.`,
          `USB／リムーバブルメディアからの起動は無効です：${list(relevant)}。`,
        ),
        evidence,
        details,
      },
    ];
  const why =
    unknown.length > 0
      ? t(`unrecognised values: ${list(unknown)}`, `解釈できない値: ${list(unknown)}`)
      : notes.length > 0
        ? t(notes.map((n) => n.en).join('; '), notes.map((n) => n.ja).join('、'))
        : t('no USB boot setting exposed', 'USB 起動の設定が公開されていません');
  return [
    manual(
      t(
        `The firmware does not show whether USB boot is disabled (${why.en}).`,
        `USB からの起動が無効か、ファームウェアから確認できません（${why.ja}）。`,
      ),
      USB_BOOT_PROCEDURE,
      evidence,
    ),
  ];
}

const usbBootDisabled: Check<UsbBootParams> = {
  id: 'firmware.usb-boot-disabled',
  family: FAMILY,
  title: t('Booting from USB or removable media is disabled', 'USB・リムーバブルメディアからの起動が無効になっている'),
  description: t(
    'Booting another system from a USB stick bypasses the OS lockdown and allowlisting. Read from vendor firmware settings ' +
      '(Linux firmware-attributes, Dell/HP/Lenovo WMI); a boot order alone is not a control.',
    'USB メモリから別の OS を起動されると、OS 側の制限やホワイトリスト（許可リスト）が回避されます。' +
      'メーカーのファームウェア設定（Linux の firmware-attributes、Dell・HP・Lenovo の WMI）から読み取ります。' +
      '起動順序だけでは対策になりません。',
  ),
  remediation: t(
    'Disable USB/removable-media boot in the firmware setup and protect setup with an administrator password.',
    'ファームウェア設定画面で USB／リムーバブルメディアからの起動を無効にし、設定画面を管理者パスワードで保護してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      extraSettingNames: {
        type: 'array',
        items: { type: 'string', maxLength: 80 },
        default: [],
        description: 'Extra firmware setting names (exact, case-insensitive) that control USB boot on your models.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [LINUX_FW_BOOT_SETTINGS, WIN_FW_BOOT_SETTINGS],
  evaluate: (ev, ctx) => {
    const req = ctx.platform.os === 'windows' ? WIN_FW_BOOT_SETTINGS : LINUX_FW_BOOT_SETTINGS;
    const evKeys = keysOf(req);
    const ans = ev.get(req);
    if (ans.status === 'unsupported' || ctx.targetKind === 'image')
      return [needsRunningSystem(t('USB boot', 'USB からの起動設定'), USB_BOOT_PROCEDURE, evKeys)];
    const text = commandText(ev, req);
    if (text === undefined) return [cannotRead(t('the firmware boot settings', 'ファームウェアの起動設定'), ans, evKeys)];
    const pairs = keyValueLines(text, 2000);
    const notes: Text[] = [];
    if (firstValue(pairs, 'class') === 'absent')
      notes.push(t('no /sys/class/firmware-attributes', '/sys/class/firmware-attributes がありません'));
    const denied = pairs
      .filter(([k, v]) => k.endsWith('.error') && classifyWmiError(v).kind === 'denied')
      .map(([k]) => k.slice(0, -6));
    const settings = parseFwSettings(text);
    if (settings.length === 0 && denied.length > 0) {
      return [
        {
          status: 'error',
          message: t(
            `The vendor firmware interface refused access (${denied.join(', ')}): run the scan as an administrator (elevated).`,
            `メーカーのファームウェア管理インターフェースへのアクセスが拒否されました（${denied.join(', ')}）。` +
              `管理者権限（昇格）でスキャンしてください。`,
          ),
          evidence: evKeys,
        },
      ];
    }
    return usbBootFromSettings(settings, ctx.params, evKeys, notes);
  },
};

// ---------------------------------------------------------------- firmware.bootloader-password

interface BootloaderParams {
  grubConfigs: string[];
}

const GRUB_USER_CFGS: FileRequest[] = ['/boot/grub2/user.cfg', '/boot/grub/user.cfg'].map((path) => ({
  kind: 'file',
  os: 'linux',
  path,
  maxBytes: 4096,
}));

function grubConfigRequests(params: BootloaderParams): FileRequest[] {
  return params.grubConfigs.map((path) => ({ kind: 'file', os: 'linux', path, maxBytes: 1024 * 1024 }));
}

const bootloaderPassword: Check<BootloaderParams> = {
  id: 'firmware.bootloader-password',
  family: FAMILY,
  title: t('The boot loader (GRUB) is password-protected', 'ブートローダー（GRUB）がパスワードで保護されている'),
  description: t(
    'Without a GRUB superuser anyone at the keyboard can edit the kernel command line at boot (for example init=/bin/sh) ' +
      'and get a root shell. Read from grub.cfg and user.cfg, so it works on offline images too.',
    'GRUB のスーパーユーザーが設定されていないと、キーボードの前にいる人が起動時にカーネルのコマンドラインを編集（例：' +
      'init=/bin/sh）して root シェルを得られます。grub.cfg と user.cfg を読むため、オフラインのイメージでも確認できます。',
  ),
  remediation: t(
    'Set a GRUB superuser with a PBKDF2 password. RHEL family: `grub2-setpassword` (its boot entries stay bootable without ' +
      'the password). Debian/Ubuntu: put `set superusers="grubadmin"` and `password_pbkdf2 grubadmin <hash from ' +
      'grub-mkpasswd-pbkdf2>` in /etc/grub.d/40_custom, and add `--unrestricted` to the menu entries (for example ' +
      '`CLASS="--class gnu-linux --class gnu --class os --unrestricted"` in /etc/grub.d/10_linux): without it every boot ' +
      'stops and asks for the password, so an unattended terminal no longer starts. Then run update-grub and check that ' +
      'grub.cfg has "menuentry ... --unrestricted" and that editing an entry asks for the password.',
    'PBKDF2 形式のパスワードで GRUB のスーパーユーザーを設定してください。RHEL 系は ' +
      '`grub2-setpassword`（起動エントリーはパスワードなしで起動できるままです）。' +
      'Debian/Ubuntu 系は /etc/grub.d/40_custom に `set superusers="grubadmin"` と `password_pbkdf2 grubadmin ' +
      '<grub-mkpasswd-pbkdf2 で作成したハッシュ>` を書き、メニューのエントリーに `--unrestricted` を付けてください（例：' +
      '/etc/grub.d/10_linux の `CLASS="--class gnu-linux --class gnu --class os --unrestricted"`）。' +
      '付けないと起動のたびにパスワードを求められ、無人の端末が起動しなくなります。その後 update-grub を実行し、' +
      'grub.cfg に "menuentry ... --unrestricted" があること、' +
      'エントリーの編集時にパスワードを求められることを確認してください。',
  ),
  platforms: ['linux'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      grubConfigs: {
        type: 'array',
        items: { type: 'string', pattern: '^/', maxLength: 200 },
        default: ['/boot/grub/grub.cfg', '/boot/grub2/grub.cfg', '/boot/efi/EFI/redhat/grub.cfg'],
        description: 'grub.cfg locations to read (the first that exists is used).',
      },
    },
    additionalProperties: false,
  },
  requests: (params) => [...grubConfigRequests(params), ...GRUB_USER_CFGS],
  evaluate: (ev, ctx) => {
    if (ctx.platform.os !== 'linux')
      return [
        { status: 'not-applicable', message: t('GRUB applies to Linux terminals only.', 'GRUB は Linux 端末のみが対象です。') },
      ];
    const reqs = grubConfigRequests(ctx.params);
    const evKeys = keysOf(...reqs, ...GRUB_USER_CFGS);
    const found = reqs.find((r) => ev.get(r).status === 'ok');
    if (!found) {
      const bad = reqs.map((r) => ev.get(r)).find((a) => a.status !== 'missing');
      if (bad) return [cannotRead(t('grub.cfg', 'grub.cfg'), bad, evKeys)];
      return [
        manual(
          t(
            `No grub.cfg found (${ctx.params.grubConfigs.join(', ')}): the terminal may use another boot loader.`,
            `grub.cfg が見つかりません（${ctx.params.grubConfigs.join(', ')}）。別のブートローダーを使っている可能性があります。`,
          ),
          t(
            'Identify the boot loader in use and confirm that editing boot entries needs a password.',
            '使用しているブートローダーを特定し、起動項目の編集にパスワードが必要なことを確認してください。',
          ),
          evKeys,
        ),
      ];
    }
    const auth = parseGrubAuth(ev.text(found) ?? '');
    const loc = found.path;
    if (auth.plainUsers.length > 0) {
      return [
        {
          status: 'fail',
          message: t(
            `grub.cfg holds a plain-text password for ${auth.plainUsers.join(', ')}.`,
            `grub.cfg に ${auth.plainUsers.join(', ')} の平文パスワードが書かれています。`,
          ),
          location: loc,
          evidence: evKeys,
        },
      ];
    }
    if (auth.superusers.length === 0) {
      return [
        {
          status: 'fail',
          message: t(
            'GRUB has no superuser: anyone at the keyboard can edit boot entries.',
            'GRUB にスーパーユーザーが設定されていません。誰でも起動項目を編集できます。',
          ),
          location: loc,
          evidence: evKeys,
        },
      ];
    }
    const protectedUsers = auth.pbkdf2Users.filter((u) => auth.superusers.includes(u));
    if (protectedUsers.length === 0) {
      return [
        {
          status: 'fail',
          message: t(
            `GRUB superusers (${auth.superusers.join(', ')}) have no PBKDF2 password.`,
            `GRUB のスーパーユーザー（${auth.superusers.join(', ')}）に PBKDF2 パスワードが設定されていません。`,
          ),
          location: loc,
          evidence: evKeys,
        },
      ];
    }
    if (auth.usesUserCfg) {
      const uc = GRUB_USER_CFGS.find((r) => ev.get(r).status === 'ok');
      if (uc && userCfgHasHash(ev.text(uc) ?? ''))
        return [
          {
            status: 'pass',
            message: t(
              `GRUB superuser ${protectedUsers.join(', ')} has a PBKDF2 password (${uc.path}).`,
              `GRUB スーパーユーザー ${protectedUsers.join(', ')} に PBKDF2 パスワードが設定されています（${uc.path}）。`,
            ),
            location: uc.path,
            evidence: evKeys,
          },
        ];
      const bad = GRUB_USER_CFGS.map((r) => ev.get(r)).find((a) => a.status !== 'missing' && a.status !== 'ok');
      if (bad) return [cannotRead(t('GRUB user.cfg', 'GRUB の user.cfg'), bad, evKeys)];
      return [
        {
          status: 'fail',
          message: t(
            'grub.cfg takes the password from user.cfg (GRUB2_PASSWORD), but no user.cfg holds a PBKDF2 hash: no password is set.',
            'grub.cfg は user.cfg（GRUB2_PASSWORD）からパスワードを読みますが、' +
              'PBKDF2 ハッシュを含む user.cfg がありません（パスワード未設定）。',
          ),
          location: loc,
          evidence: evKeys,
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: t(
          `GRUB superuser ${protectedUsers.join(', ')} has a PBKDF2 password.`,
          `GRUB スーパーユーザー ${protectedUsers.join(', ')} に PBKDF2 パスワードが設定されています。`,
        ),
        location: loc,
        evidence: evKeys,
      },
    ];
  },
};

export const checks: AnyCheck[] = [adminPassword, secureBoot, tpmPresent, usbBootDisabled, bootloaderPassword];

/** Exported for tests. */
export const firmwareRequests = {
  LINUX_FW_AUTH,
  LINUX_DMI_24,
  WIN_FW_PASSWORD,
  EFI_SECURE_BOOT,
  EFI_SETUP_MODE,
  EFI_OLD_SECURE_BOOT,
  EFI_DIR,
  LINUX_MOKUTIL,
  WIN_SECURE_BOOT,
  WIN_SB_STATE,
  TPM_DEVICES,
  TPM_VERSION,
  TPM_RM,
  WIN_TPM,
  WIN_TPM20_ENUM,
  WIN_TPM12_ENUM,
  LINUX_FW_BOOT_SETTINGS,
  WIN_FW_BOOT_SETTINGS,
  GRUB_USER_CFGS,
} satisfies Record<string, EvidenceRequest | EvidenceRequest[]>;
