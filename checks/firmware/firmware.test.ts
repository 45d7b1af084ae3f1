import { describe, expect, it } from 'vitest';
import { shippedRequirementsOf } from '../../test/helpers/mappings.js';
import { requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Finding } from '../../core/model.js';
import { checks, firmwareRequests as R } from './index.js';
import {
  allAnswered,
  evidenceOf,
  LINUX,
  missing,
  ok,
  run,
  unsupported,
  WINDOWS,
  type Recorded,
} from '../../test/helpers/evidence.js';
import { evaluateOnImage } from '../../test/helpers/image.js';
import { familyFixtures } from '../../test/helpers/recorded.js';

const check = (id: string): AnyCheck => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(id);
  return c;
};
const statuses = (fs: Finding[]): string[] => fs.map((f) => f.status);
const cmd = (data: string, exitCode = 0, stderr = ''): EvidenceAnswer => ok(data, { exitCode, stderr });
const bin = (bytes: number[]): EvidenceAnswer => ({
  status: 'ok',
  data: Buffer.from(bytes).toString('base64'),
  encoding: 'base64',
});
/** This family's recorded fixtures: `fixture(name)` judges one the way the runner would and holds its status. */
const { recorded, fixture } = familyFixtures(new URL('fixtures/', import.meta.url), checks);
/** The recorded stdout of one command of a fixture, for variants built from it. */
const stdoutOf = (name: string, req: EvidenceRequest): string => recorded(name).answers[requestKey(req)]?.data ?? '';
const LINUX_USB_LOCKED = new URL('../../test/fixtures/images/linux-usb-locked/', import.meta.url).pathname;
const LINUX_USB_OPEN = new URL('../../test/fixtures/images/linux-usb-open/', import.meta.url).pathname;

describe('firmware checks never pass on missing evidence', () => {
  for (const c of checks) {
    for (const a of [
      missing,
      unsupported,
      { status: 'denied', reason: 'permission denied' } as EvidenceAnswer,
      { status: 'error', reason: 'timeout' } as EvidenceAnswer,
    ]) {
      it(`${c.id}: every request ${a.status} → no pass (Linux and Windows)`, () => {
        for (const p of [LINUX, WINDOWS]) {
          const fs = run(c, allAnswered(c, a), p);
          expect(fs.length).toBeGreaterThan(0);
          expect(statuses(fs)).not.toContain('pass');
        }
      });
    }
    it(`${c.id}: nothing gathered at all → no pass`, () => {
      expect(statuses(run(c, evidenceOf([]), LINUX))).not.toContain('pass');
      expect(statuses(run(c, evidenceOf([]), WINDOWS))).not.toContain('pass');
    });
  }
  it('every check has bilingual text and the shipped profiles map it to the guideline and, but for the TPM, to PCI DSS', () => {
    for (const c of checks) {
      for (const txt of [c.title, c.description, c.remediation]) expect(txt.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      const reqs = shippedRequirementsOf(c.id);
      expect(reqs.some((r: string) => r.startsWith('POS 方針'))).toBe(true);
      // A TPM is not key management separate from logon (3.5.1.3): it evidences no PCI DSS requirement by itself.
      expect(
        reqs.some((r: string) => r.startsWith('PCI ')),
        c.id,
      ).toBe(c.id !== 'firmware.tpm-present');
    }
  });
});

describe('firmware.admin-password', () => {
  const c = check('firmware.admin-password');
  it('Linux Dell: selects the bios-admin role and passes when is_enabled=1', () => {
    const fs = fixture('admin-password-linux-pass-dell-sysman');
    expect(statuses(fs)).toEqual(['pass']);
    expect(fs[0].location).toContain('dell-wmi-sysman/authentication/Admin');
  });
  it('Linux HP: the folder "Setup Password" is found by role, and unset fails', () => {
    const fs = fixture('admin-password-linux-fail-hp-bioscfg-unset');
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('Setup Password');
  });
  it('Linux HP: a provisioned Secure Platform Management counts', () => {
    const text = stdoutOf('admin-password-linux-fail-hp-bioscfg-unset', R.LINUX_FW_AUTH).replace(
      '"not provisioned"',
      '"provisioned"',
    );
    expect(statuses(run(c, evidenceOf([[R.LINUX_FW_AUTH, cmd(text)]]), LINUX))).toEqual(['pass']);
  });
  it('Linux without the class: SMBIOS "Not Implemented" gives manual with the setup procedure', () => {
    const fs = fixture('admin-password-linux-manual-dmidecode-notimpl');
    expect(statuses(fs)).toEqual(['manual']);
    expect(fs[0].remediation?.ja).toContain('設定画面');
  });
  it('Linux without the class and without root for dmidecode: manual that says so', () => {
    const fs = run(
      c,
      evidenceOf([
        [R.LINUX_FW_AUTH, cmd('class=absent\n')],
        [R.LINUX_DMI_24, cmd('', 1, '/dev/mem: Permission denied')],
      ]),
      LINUX,
    );
    expect(statuses(fs)).toEqual(['manual']);
    expect(fs[0].message.en).toContain('needs root');
  });
  it('Windows Dell PasswordObject Admin=1 passes', () => {
    expect(statuses(fixture('admin-password-windows-pass-dell-admin-set'))).toEqual(['pass']);
  });
  it('Windows HP Setup Password IsSet=0 fails', () => {
    expect(statuses(fixture('admin-password-windows-fail-hp-setup-not-set'))).toEqual(['fail']);
  });
  it('Windows Lenovo supervisor bit passes; power-on bit alone fails', () => {
    expect(statuses(fixture('admin-password-windows-pass-lenovo-supervisor'))).toEqual(['pass']);
    const pop = stdoutOf('admin-password-windows-pass-lenovo-supervisor', R.WIN_FW_PASSWORD).replace(
      'PasswordState=2',
      'PasswordState=1',
    );
    expect(statuses(run(c, evidenceOf([[R.WIN_FW_PASSWORD, cmd(pop)]]), WINDOWS))).toEqual(['fail']);
  });
  it('Windows Lenovo without elevation: error asking for an elevated scan', () => {
    const fs = fixture('admin-password-windows-error-lenovo-denied');
    expect(statuses(fs)).toEqual(['error']);
    expect(fs[0].message.en).toMatch(/administrator/);
  });
  it('POSReady 7 (PowerShell 2.0, no vendor WMI, SMBIOS not implemented): manual, not pass', () => {
    const fs = fixture('admin-password-windows-manual-posready7-no-vendor');
    expect(recorded('admin-password-windows-manual-posready7-no-vendor').platform).toMatchObject({
      distro: 'Windows Embedded POSReady 7',
      version: '6.1',
    });
    expect(statuses(fs)).toEqual(['manual']);
  });
  it('the PowerShell stays 2.0-compatible (no ConvertTo-Json, falls back to Get-WmiObject)', () => {
    const ps = R.WIN_FW_PASSWORD.command.ps ?? '';
    expect(ps).not.toMatch(/ConvertTo-Json/);
    expect(ps).toMatch(/Get-WmiObject/);
  });
  it('offline image: manual, firmware state needs a running terminal', async () => {
    const fs = await evaluateOnImage(c, LINUX_USB_LOCKED);
    expect(statuses(fs)).toEqual(['manual']);
    expect(fs[0].message.en).toContain('running terminal');
  });
});

describe('firmware.secure-boot', () => {
  const c = check('firmware.secure-boot');
  const linux = (sb: EvidenceAnswer, setup: EvidenceAnswer, extra: Recorded = []): Finding[] =>
    run(
      c,
      evidenceOf([
        [R.EFI_SECURE_BOOT, sb],
        [R.EFI_SETUP_MODE, setup],
        [R.EFI_DIR, { status: 'ok', entries: ['/sys/firmware/efi/efivars'] }],
        ...extra,
      ]),
      LINUX,
    );
  it('Linux: SecureBoot=1 after the 4-byte header and SetupMode=0 passes', () => {
    expect(statuses(linux(bin([6, 0, 0, 0, 1]), bin([6, 0, 0, 0, 0])))).toEqual(['pass']);
  });
  it('Linux: the attribute header is not the value (header 0x06 with value 0 fails)', () => {
    expect(statuses(linux(bin([6, 0, 0, 0, 0]), bin([6, 0, 0, 0, 0])))).toEqual(['fail']);
  });
  it('Linux: setup mode fails even with SecureBoot=1', () => {
    const fs = linux(bin([6, 0, 0, 0, 1]), bin([6, 0, 0, 0, 1]));
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('setup mode');
  });
  it('Linux: legacy BIOS boot (no efi dir) fails, or warns by param', () => {
    const ev = evidenceOf([
      [R.EFI_SECURE_BOOT, missing],
      [R.EFI_OLD_SECURE_BOOT, missing],
      [R.EFI_DIR, { status: 'ok', entries: [] }],
    ]);
    expect(statuses(run(c, ev, LINUX))).toEqual(['fail']);
    expect(statuses(run(c, ev, LINUX, { legacyBoot: 'warn' }))).toEqual(['warn']);
  });
  it('Linux: no SecureBoot variable and /sys/firmware/efi the account cannot list: an error naming the folder', () => {
    const ev = evidenceOf([
      [R.EFI_SECURE_BOOT, missing],
      [R.EFI_OLD_SECURE_BOOT, missing],
      [R.EFI_DIR, { status: 'denied', reason: 'cannot list /sys/firmware/efi' }],
    ]);
    const f = run(c, ev, LINUX);
    expect(statuses(f)).toEqual(['error']);
    // Was "Could not read the SecureBoot EFI variable: missing": UEFI or legacy boot is what is unknown.
    expect(f[0].message.en).toMatch(/cannot list \/sys\/firmware\/efi/);
    expect(f[0].message.ja).toMatch(/フォルダー \/sys\/firmware\/efi の一覧を取得できません/);
  });
  it('Linux: SetupMode unreadable is an error unless mokutil confirms', () => {
    expect(statuses(linux(bin([6, 0, 0, 0, 1]), { status: 'denied', reason: 'permission denied' }))).toEqual(['error']);
    expect(statuses(linux(bin([6, 0, 0, 0, 1]), missing, [[R.LINUX_MOKUTIL, cmd('SecureBoot enabled\n')]]))).toEqual(['pass']);
  });
  it('Windows: Confirm-SecureBootUEFI True passes; legacy BIOS fails', () => {
    expect(statuses(fixture('secure-boot-windows-pass-confirm-true'))).toEqual(['pass']);
    expect(statuses(fixture('secure-boot-windows-fail-legacy-bios'))).toEqual(['fail']);
  });
  it('Windows without admin: falls back to the registry state', () => {
    expect(statuses(fixture('secure-boot-windows-fail-denied-registry-off'))).toEqual(['fail']);
  });
  it('POSReady 7 (no cmdlet, no SecureBoot\\State key): manual, not pass', () => {
    expect(statuses(fixture('secure-boot-windows-manual-posready7'))).toEqual(['manual']);
  });
  it('Linux offline image: manual', async () => {
    expect(statuses(await evaluateOnImage(c, LINUX_USB_OPEN))).toEqual(['manual']);
  });
});

describe('firmware.tpm-present', () => {
  const c = check('firmware.tpm-present');
  it('Linux: tpm0 with version 2 passes; empty class fails; version 1 fails the default minimum', () => {
    const with0 = (v: string): Recorded => [
      [R.TPM_DEVICES, { status: 'ok', entries: ['/sys/class/tpm/tpm0'] }],
      [R.TPM_VERSION, ok(`${v}\n`)],
    ];
    expect(statuses(run(c, evidenceOf(with0('2')), LINUX))).toEqual(['pass']);
    expect(statuses(run(c, evidenceOf(with0('1')), LINUX))).toEqual(['fail']);
    expect(statuses(run(c, evidenceOf([[R.TPM_DEVICES, { status: 'ok', entries: [] }]]), LINUX))).toEqual(['fail']);
  });
  it('Windows: Win32_Tpm 2.0 passes; no instance and no Enum key fails', () => {
    expect(statuses(fixture('tpm-present-windows-pass-tpm20'))).toEqual(['pass']);
    expect(statuses(fixture('tpm-present-windows-fail-none'))).toEqual(['fail']);
  });
  it('Windows without admin: the Enum\\ACPI\\MSFT0101 key answers', () => {
    expect(statuses(fixture('tpm-present-windows-pass-denied-enum-key'))).toEqual(['pass']);
  });
  it('Windows without admin and unreadable registry: error', () => {
    expect(statuses(fixture('tpm-present-windows-error-denied'))).toEqual(['error']);
  });
});

describe('firmware.usb-boot-disabled', () => {
  const c = check('firmware.usb-boot-disabled');
  it('Windows Lenovo USBBIOSSupport=Disable passes (BootOrderLock is not a boot-from-USB setting)', () => {
    expect(statuses(fixture('usb-boot-disabled-windows-pass-lenovo-off'))).toEqual(['pass']);
  });
  it('Windows HP USB Storage Boot=Enable fails and names the setting', () => {
    const fs = fixture('usb-boot-disabled-windows-fail-hp-usb-storage-boot');
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('USB Storage Boot=Enable');
  });
  it('Linux thinklmi USBBIOSSupport=Enable fails', () => {
    expect(statuses(fixture('usb-boot-disabled-linux-fail-thinklmi'))).toEqual(['fail']);
  });
  it('no vendor interface: manual with the procedure', () => {
    const fs = run(c, evidenceOf([[R.LINUX_FW_BOOT_SETTINGS, cmd('class=absent\n')]]), LINUX);
    expect(statuses(fs)).toEqual(['manual']);
    expect(fs[0].remediation?.en).toContain('F12');
  });
  it('offline image: manual', async () => {
    expect(statuses(await evaluateOnImage(c, LINUX_USB_LOCKED))).toEqual(['manual']);
  });
});

describe('firmware.bootloader-password', () => {
  const c = check('firmware.bootloader-password');
  it('the Debian remediation keeps the terminal booting unattended: --unrestricted on the menu entries', () => {
    expect(c.remediation.en).toMatch(
      /add `--unrestricted` to the menu entries[\s\S]*without it every boot stops and asks for the password/,
    );
    expect(c.remediation.ja).toMatch(/--unrestricted/);
  });
  const grubReq = { kind: 'file', os: 'linux', path: '/boot/grub/grub.cfg', maxBytes: 1024 * 1024 } as EvidenceRequest;
  const grub2Req = { kind: 'file', os: 'linux', path: '/boot/grub2/grub.cfg', maxBytes: 1024 * 1024 } as EvidenceRequest;
  it('RHEL: ${GRUB2_PASSWORD} with a hashed user.cfg passes; without user.cfg fails', () => {
    const cfg =
      '### BEGIN /etc/grub.d/01_users ###\nif [ -f ${prefix}/user.cfg ]; then\n  source ${prefix}/user.cfg\n  if [ -n ' +
      '"${GRUB2_PASSWORD}" ]; then\n    set superusers="root"\n    export superusers\n    password_pbkdf2 root ' +
      '${GRUB2_PASSWORD}\n  fi\nfi\n';
    const hash = `GRUB2_PASSWORD=grub.pbkdf2.sha512.10000.${'A1'.repeat(32)}.${'B2'.repeat(32)}\n`;
    const base: Recorded = [
      [grubReq, missing],
      [grub2Req, ok(cfg)],
    ];
    expect(statuses(run(c, evidenceOf([...base, [R.GRUB_USER_CFGS[0], ok(hash)]]), LINUX))).toEqual(['pass']);
    expect(
      statuses(run(c, evidenceOf([...base, [R.GRUB_USER_CFGS[0], missing], [R.GRUB_USER_CFGS[1], missing]]), LINUX)),
    ).toEqual(['fail']);
  });
  it('a plain-text password fails', () => {
    const fs = run(c, evidenceOf([[grubReq, ok('set superusers="admin"\npassword admin secret\n')]]), LINUX);
    expect(statuses(fs)).toEqual(['fail']);
  });
  it('offline image with a superuser and PBKDF2 password passes; without one fails', async () => {
    expect(statuses(await evaluateOnImage(c, LINUX_USB_LOCKED))).toEqual(['pass']);
    expect(statuses(await evaluateOnImage(c, LINUX_USB_OPEN))).toEqual(['fail']);
  });
  it('grub.cfg unreadable without root: error', () => {
    expect(statuses(run(c, evidenceOf([[grubReq, { status: 'denied', reason: 'permission denied' }]]), LINUX))).toEqual([
      'error',
    ]);
  });
});
