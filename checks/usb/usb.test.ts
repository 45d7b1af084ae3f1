import { describe, expect, it } from 'vitest';
import type { EvidenceAnswer, EvidenceRequest, RegistryValue } from '../../core/evidence.js';
import type { AnyCheck, Finding } from '../../core/model.js';
import { checks, usbRequests as U } from './index.js';
import { historyRequests as H } from './history.js';
import { GUID_REMOVABLE_DISK, GUID_WPD, WIN_DEVINST, WIN_REMOVABLE, WIN_SDBUS, WIN_UASPSTOR, WIN_USBSTOR } from './channels.js';
import { LINUX_USB_STATE, USBGUARD_CONF, USBGUARD_RULES } from './linux.js';
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
import { statusOf } from '../../test/helpers/contract.js';

/** This family's recorded fixtures: `fixture(name)` judges one the way the runner would and holds its status. */
const { recorded, fixture } = familyFixtures(new URL('fixtures/', import.meta.url), checks);
const img = (name: string): string => new URL(`../../test/fixtures/images/${name}/`, import.meta.url).pathname;
const check = (id: string): AnyCheck => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(id);
  return c;
};
const statuses = (fs: Finding[]): string[] => fs.map((f) => f.status);
const cmd = (data: string): EvidenceAnswer => ok(data, { exitCode: 0 });
const dword = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });
const reg = (
  key: string,
  values: RegistryValue[],
  children?: Record<string, RegistryValue[]>,
  subkeys: string[] = Object.keys(children ?? {}),
): EvidenceAnswer => ({ status: 'ok', registry: { key, values, subkeys, ...(children ? { children } : {}) } });
const regMissing: EvidenceAnswer = { status: 'missing', reason: 'no such key' };
const denied: EvidenceAnswer = { status: 'denied', reason: 'access denied' };
const denyRW = [dword('Deny_Read', 1), dword('Deny_Write', 1), dword('Deny_Execute', 1)];

describe('usb checks never pass on missing evidence', () => {
  for (const c of checks) {
    for (const a of [unsupported, denied, { status: 'error', reason: 'timeout' } as EvidenceAnswer]) {
      it(`${c.id}: every request ${a.status} → no pass`, () => {
        for (const p of [LINUX, WINDOWS]) expect(statuses(run(c, allAnswered(c, a), p))).not.toContain('pass');
      });
    }
    it(`${c.id}: nothing gathered → no pass`, () => {
      for (const p of [LINUX, WINDOWS]) expect(statuses(run(c, evidenceOf([]), p))).not.toContain('pass');
    });
  }
  it('every request missing → no pass, except history where a missing Enum\\USBSTOR key is itself the record of "never attached"', () => {
    for (const c of checks) {
      for (const p of [LINUX, WINDOWS]) {
        const fs = run(c, allAnswered(c, missing), p);
        if (c.id === 'usb.device-history' && p.os === 'windows') expect(fs[0].message.en).toContain('No USB storage device');
        else expect(statuses(fs)).not.toContain('pass');
      }
    }
  });
});

describe('usb.storage-blocked on Linux', () => {
  const c = check('usb.storage-blocked');
  it('offline, a modprobe file asked by name that could not be read leaves its channel unknown, not "no install rule"', () => {
    const params = { includePhones: false, modprobeFiles: ['usb-storage.conf'] };
    const answers = c
      .requests(params)
      .map((r): [EvidenceRequest, EvidenceAnswer] => [
        r,
        r.os === 'windows'
          ? unsupported
          : r.kind === 'file' && r.path === '/etc/modprobe.d/usb-storage.conf'
            ? { status: 'denied', reason: 'permission denied' }
            : r.kind === 'glob'
              ? { status: 'ok', entries: [], files: [] }
              : missing,
      ]);
    const f = c.evaluate(evidenceOf(answers), {
      params,
      platform: LINUX,
      targetKind: 'image',
      now: new Date('2026-11-21T00:00:00Z'),
    });
    const text = f.map((x) => x.message.en).join('\n');
    // The unread file may hold the rule for either module: neither channel is "open", so no fail.
    expect(statusOf(f), text).toBe('error');
    expect(text).not.toMatch(/no install … \/bin\/false rule/);
    expect(JSON.stringify(f.map((x) => x.details))).toMatch(/modprobe files not read: \/etc\/modprobe.d\/usb-storage.conf/);
  });
  it('live: install /bin/false for both modules, not loaded, USBGuard blocking → pass', () => {
    const fs = fixture('storage-blocked-linux-pass-live-locked');
    expect(statuses(fs)).toEqual(['pass']);
  });
  it('live: drivers built into the kernel defeat modprobe rules → fail that says so', () => {
    const fs = fixture('storage-blocked-linux-fail-builtin');
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('built into kernel 5.15.0-pos-rt');
  });
  it('live: partial lockdown (usb-storage blocked, uas only blacklisted, no USBGuard) fails naming uas and phones', () => {
    const fs = fixture('storage-blocked-linux-fail-partial-no-usbguard');
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('partial lockdown');
    expect(fs[0].message.en).toContain('uas');
    expect(fs[0].message.en).toContain('only "blacklist"');
    expect(fs[0].message.en).toContain('MTP');
    expect(fs[0].message.en).not.toContain('usb-storage)');
    expect(fs[0].message.ja).toContain('一部のみ');
  });
  it('live: without phones, the same partial lockdown still fails on uas', () => {
    expect(recorded('storage-blocked-linux-fail-partial-without-phones').params).toEqual({ includePhones: false });
    const fs = fixture('storage-blocked-linux-fail-partial-without-phones');
    expect(statuses(fs)).toEqual(['fail']);
  });
  it('USBGuard rules.conf unreadable without root and modprobe block incomplete → error, not pass', () => {
    const fs = fixture('storage-blocked-linux-error-usbguard-rules-denied');
    expect(statuses(fs)).toEqual(['error']);
  });
  it('a catch-all allow rule defeats USBGuard', () => {
    const fs = fixture('storage-blocked-linux-fail-usbguard-catch-all-allow');
    expect(statuses(fs)).toEqual(['fail']);
  });
  it('offline image: locked image passes from files (modprobe.d, usbguard, .ko present)', async () => {
    expect(statuses(await evaluateOnImage(c, img('linux-usb-locked')))).toEqual(['pass']);
  });
  it('offline image: open image fails', async () => {
    const fs = await evaluateOnImage(c, img('linux-usb-open'));
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('usb-storage');
  });
});

describe('usb.storage-blocked on Windows', () => {
  const c = check('usb.storage-blocked');
  const base = (over: Recorded = []): Recorded => [
    [WIN_USBSTOR, reg(WIN_USBSTOR.key, [dword('Start', 3)])],
    [WIN_UASPSTOR, reg(WIN_UASPSTOR.key, [dword('Start', 3)])],
    [WIN_SDBUS, reg(WIN_SDBUS.key, [dword('Start', 3)])],
    [WIN_REMOVABLE, regMissing],
    [WIN_DEVINST, regMissing],
    ...over,
  ];
  it('Deny_All=1 passes', () => {
    expect(
      statuses(run(c, evidenceOf(base([[WIN_REMOVABLE, reg(WIN_REMOVABLE.key, [dword('Deny_All', 1)])]])), WINDOWS)),
    ).toEqual(['pass']);
  });
  it('USBSTOR Start=4 only: partial lockdown that names UAS, SD and phones', () => {
    const fs = run(c, evidenceOf(base([[WIN_USBSTOR, reg(WIN_USBSTOR.key, [dword('Start', 4)])]])), WINDOWS);
    expect(statuses(fs)).toEqual(['fail']);
    for (const s of ['UASPStor', 'SD cards', 'MTP/WPD', 'partial']) expect(fs[0].message.en).toContain(s);
    expect(fs[0].message.en).not.toContain('USB mass storage (USBSTOR)');
  });
  it('USBSTOR and UASPStor off, Removable Disks and both WPD classes denied → pass', () => {
    const children = { [GUID_REMOVABLE_DISK]: denyRW, [GUID_WPD[0].toUpperCase()]: denyRW, [GUID_WPD[1]]: denyRW };
    const ev = evidenceOf(
      base([
        [WIN_USBSTOR, reg(WIN_USBSTOR.key, [dword('Start', 4)])],
        [WIN_UASPSTOR, reg(WIN_UASPSTOR.key, [dword('Start', 4)])],
        [WIN_REMOVABLE, reg(WIN_REMOVABLE.key, [], children)],
      ]),
    );
    expect(statuses(run(c, ev, WINDOWS))).toEqual(['pass']);
  });
  it('only one of the two WPD classes denied leaves phones open', () => {
    const children = { [GUID_REMOVABLE_DISK]: denyRW, [GUID_WPD[0]]: denyRW };
    const ev = evidenceOf(
      base([
        [WIN_USBSTOR, reg(WIN_USBSTOR.key, [dword('Start', 4)])],
        [WIN_UASPSTOR, reg(WIN_UASPSTOR.key, [dword('Start', 4)])],
        [WIN_REMOVABLE, reg(WIN_REMOVABLE.key, [], children)],
      ]),
    );
    const fs = run(c, ev, WINDOWS);
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('MTP/WPD');
  });
  it('policy keys unreadable: error naming what could not be read', () => {
    const fs = run(
      c,
      evidenceOf(
        base([
          [WIN_REMOVABLE, denied],
          [WIN_DEVINST, denied],
          [WIN_USBSTOR, reg(WIN_USBSTOR.key, [dword('Start', 4)])],
          [WIN_UASPSTOR, reg(WIN_UASPSTOR.key, [dword('Start', 4)])],
          [WIN_SDBUS, reg(WIN_SDBUS.key, [dword('Start', 4)])],
        ]),
      ),
      WINDOWS,
    );
    expect(statuses(fs)).toEqual(['error']);
    expect(fs[0].message.en).toContain('could not read');
  });
});

describe('usb.autorun-disabled', () => {
  const c = check('usb.autorun-disabled');
  it('all three set passes', () => {
    const ev = evidenceOf([
      [U.WIN_EXPLORER_POLICY, reg(U.WIN_EXPLORER_POLICY.key, [dword('NoDriveTypeAutoRun', 255), dword('NoAutorun', 1)])],
      [U.WIN_EXPLORER_GPO, reg(U.WIN_EXPLORER_GPO.key, [dword('NoAutoplayfornonVolume', 1)])],
    ]);
    expect(statuses(run(c, ev, WINDOWS))).toEqual(['pass']);
  });
  it('the Windows default 0x95 fails and shows the value', () => {
    const ev = evidenceOf([
      [U.WIN_EXPLORER_POLICY, reg(U.WIN_EXPLORER_POLICY.key, [dword('NoDriveTypeAutoRun', 0x95)])],
      [U.WIN_EXPLORER_GPO, regMissing],
    ]);
    const fs = run(c, ev, WINDOWS);
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('NoDriveTypeAutoRun=0x95');
    expect(fs[0].message.en).toContain('NoAutoplayfornonVolume=not set');
  });
  it('unreadable key: error', () => {
    expect(
      statuses(
        run(
          c,
          evidenceOf([
            [U.WIN_EXPLORER_POLICY, denied],
            [U.WIN_EXPLORER_GPO, regMissing],
          ]),
          WINDOWS,
        ),
      ),
    ).toEqual(['error']);
  });
  it('Linux: not applicable', () => {
    expect(statuses(run(c, evidenceOf([]), LINUX))).toEqual(['not-applicable']);
  });
});

describe('usb.allowed-peripherals', () => {
  const c = check('usb.allowed-peripherals');
  it('offline locked image: USBGuard allow list of the POS peripherals passes and is reported', async () => {
    const fs = await evaluateOnImage(c, img('linux-usb-locked'));
    expect(statuses(fs)).toEqual(['pass']);
    const list = (fs[0].details?.allowList ?? []) as Array<{ id: string }>;
    expect(list.map((x) => x.id)).toEqual(['0c2e:0b61', '04b8:0202', '0b00:0084', '046a:0023']);
    expect(fs[0].message.ja).toContain('許可リスト');
  });
  it('offline open image: no USBGuard → fail, any device accepted', async () => {
    const fs = await evaluateOnImage(c, img('linux-usb-open'));
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('any USB device');
  });
  it('USBGuard block with no peripheral rules → fail (store IT would allow everything)', () => {
    const ev = evidenceOf([
      [LINUX_USB_STATE, cmd('usbguard_active=active\nmodules_list=ok\n')],
      [USBGUARD_CONF, ok('ImplicitPolicyTarget=block\n')],
      [USBGUARD_RULES, ok('allow id 1d6b:0002 with-interface 09:00:00\n')],
    ]);
    const fs = run(c, ev, LINUX);
    expect(statuses(fs)).toEqual(['fail']);
    expect(fs[0].message.en).toContain('allow everything');
  });
  it('class-wide HID allow without ids → warn', () => {
    const ev = evidenceOf([
      [LINUX_USB_STATE, cmd('usbguard_active=active\n')],
      [USBGUARD_CONF, ok('ImplicitPolicyTarget=block\n')],
      [USBGUARD_RULES, ok('allow with-interface equals { 03:*:* }\n')],
    ]);
    expect(statuses(run(c, ev, LINUX))).toEqual(['warn']);
  });
  it('Windows: DenyUnspecified with AllowDeviceIDs passes and lists them', () => {
    const ids = [
      { name: '1', type: 'REG_SZ', data: 'USB\\VID_0C2E&PID_0B61' },
      { name: '2', type: 'REG_SZ', data: 'USB\\VID_04B8&PID_0202' },
    ] as RegistryValue[];
    const fs = run(
      c,
      evidenceOf([
        [WIN_DEVINST, reg(WIN_DEVINST.key, [dword('DenyUnspecified', 1), dword('AllowDeviceIDs', 1)], { AllowDeviceIDs: ids })],
      ]),
      WINDOWS,
    );
    expect(statuses(fs)).toEqual(['pass']);
    expect(fs[0].details?.allowDeviceIDs).toEqual(['USB\\VID_0C2E&PID_0B61', 'USB\\VID_04B8&PID_0202']);
  });
  it('Windows: DenyUnspecified with an empty allow list fails; no policy fails', () => {
    expect(statuses(run(c, evidenceOf([[WIN_DEVINST, reg(WIN_DEVINST.key, [dword('DenyUnspecified', 1)])]]), WINDOWS))).toEqual([
      'fail',
    ]);
    expect(statuses(run(c, evidenceOf([[WIN_DEVINST, regMissing]]), WINDOWS))).toEqual(['fail']);
  });
});

describe('usb.device-history', () => {
  const c = check('usb.device-history');
  it('Linux journal: the SanDisk stick is reported with ids and time; the HID scanner is not storage', () => {
    const fs = fixture('device-history-linux-warn-journal-sandisk');
    expect(statuses(fs)).toEqual(['warn']);
    expect(fs[0].location).toBe('0781:5567 4C530001230517112383');
    expect(fs[0].message.en).toContain('2026-11-18T09:12:01+0900');
    expect(fs[0].message.en).toContain('SanDisk Cruzer Blade');
  });
  it('a device in knownDevices is reported as approved', () => {
    expect(recorded('device-history-linux-pass-journal-known-device').params).toEqual({ knownDevices: ['4C530001230517112383'] });
    const fs = fixture('device-history-linux-pass-journal-known-device');
    expect(statuses(fs)).toEqual(['pass']);
  });
  it('Linux journal not readable without root, no log files: error', () => {
    const fs = run(
      c,
      evidenceOf([
        [H.LINUX_KERNEL_USB_LOG, cmd('journal_first=\n')],
        [H.LINUX_LOG_FILES[0], missing],
        [H.LINUX_LOG_FILES[1], denied],
      ]),
      LINUX,
    );
    expect(statuses(fs)).toEqual(['error']);
  });
  it('offline image: kern.log gives the device', async () => {
    const fs = await evaluateOnImage(c, img('linux-usb-open'));
    expect(statuses(fs)).toEqual(['warn']);
    expect(fs[0].details?.serial).toBe('4C530001230517112383');
  });
  it('offline image without logs: error', async () => {
    expect(statuses(await evaluateOnImage(c, img('linux-usb-locked')))).toEqual(['error']);
  });
  it('Windows: Enum\\USBSTOR plus Kernel-PnP events give ids with times', () => {
    const fs = fixture('device-history-windows-warn-usbstor-pnp-events');
    const sandisk = fs.find((f) => f.location?.includes('Cruzer'));
    expect(sandisk?.message.en).toContain('2026-11-18T00:12:03Z');
    expect(fs.some((f) => f.location === 'USBSTOR\\Disk&Ven_Generic&Prod_SD_Reader&Rev_1.0')).toBe(true);
    expect(fs.some((f) => f.location?.startsWith('SWD\\WPDBUSENUM'))).toBe(true);
  });
  it('POSReady 7 (PowerShell 2.0, no Kernel-PnP channel): setupapi.dev.log gives the times', () => {
    expect(recorded('device-history-windows-warn-posready7-setupapi').platform).toMatchObject({
      distro: 'Windows Embedded POSReady 7',
      version: '6.1',
    });
    const fs = fixture('device-history-windows-warn-posready7-setupapi');
    expect(fs).toHaveLength(1);
    expect(fs[0].message.en).toContain('2026/06/14 21:47:05');
    expect(fs[0].details?.sources).toEqual(['setupapi.dev.log', 'Enum\\USBSTOR']);
  });
  it('Windows: registry unreadable and no other source: error', () => {
    const ev = evidenceOf([
      [H.WIN_ENUM_USBSTOR, denied],
      [H.WIN_PNP_EVENTS, unsupported],
      [H.WIN_SETUPAPI, missing],
    ]);
    expect(statuses(run(c, ev, WINDOWS))).toEqual(['error']);
  });
});

describe('usb.storage-blocked on an image reads every modprobe.d file', () => {
  it('honours a rule in a file of any name (read through the glob, not a list of known names)', async () => {
    const { cpSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = join(mkdtempSync(join(tmpdir(), 'posaudit-usb-')), 'img');
    cpSync(new URL('../../test/fixtures/images/linux-usb-open', import.meta.url), root, { recursive: true });
    writeFileSync(join(root, 'etc/modprobe.d/99-store-policy.conf'), 'install usb-storage /bin/false\ninstall uas /bin/false\n');
    const f = await evaluateOnImage(checks.find((c) => c.id === 'usb.storage-blocked') as AnyCheck, root);
    const channels = f[0].details?.channels as Array<{ name: string; state: string; why: string }>;
    expect(channels.filter((c) => c.state === 'closed').map((c) => c.why)).toEqual([
      'install usb_storage /bin/false in /etc/modprobe.d/99-store-policy.conf',
      'install uas /bin/false in /etc/modprobe.d/99-store-policy.conf',
    ]);
    expect(f[0].message.en).toContain('partial lockdown');
  });
});
