import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceAnswer, RegistryRequest } from '../../core/evidence.js';
import {
  OfflineRegistry,
  isWindowsImage,
  samAccountPolicy,
  windowsPlatform,
  type OfflineRegistryKeyData,
} from '../../targets/image-windows.js';
import { writeHive } from '../helpers/hive-writer.js';
import { CASHIER_SID, IMAGE_PLATFORM, POLICY_ROWS, SAM_POLICY, makeWindowsImage } from '../helpers/windows-image.js';

const reg = (key: string, extra: Partial<RegistryRequest> = {}): RegistryRequest => ({ kind: 'registry', key, ...extra });
const valueOf = (a: EvidenceAnswer, name: string): unknown =>
  a.registry?.values.find((v) => v.name.toLowerCase() === name.toLowerCase())?.data;

let dir: string;
let hardened: string;
let misconfigured: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'posaudit-winimg-'));
  hardened = makeWindowsImage(join(dir, 'hardened'), 'hardened');
  misconfigured = makeWindowsImage(join(dir, 'misconfigured'), 'misconfigured', { lowerCase: true, dirtySystem: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Windows image detection and platform', () => {
  it('detects a Windows layout in any case, and not a Linux rootfs', async () => {
    expect(await isWindowsImage(hardened)).toBe(true);
    expect(await isWindowsImage(misconfigured)).toBe(true);
    const linux = join(dir, 'linux');
    mkdirSync(join(linux, 'etc'), { recursive: true });
    writeFileSync(join(linux, 'etc/os-release'), 'ID=debian\n');
    expect(await isWindowsImage(linux)).toBe(false);
  });

  it('reads edition, build with UBR, arch and hostname from the hives', async () => {
    expect(await windowsPlatform(hardened)).toEqual({
      ...IMAGE_PLATFORM,
      hostname: 'POS-HARD-01',
      pretty: 'Windows 10 IoT Enterprise LTSC 2021 21H2 (build 19044.5487)',
    });
  });

  it('names Windows 11 by its build, since ProductName still says Windows 10', async () => {
    const root = join(dir, 'win11');
    mkdirSync(join(root, 'Windows/System32/config'), { recursive: true });
    const cv = {
      ProductName: 'Windows 10 IoT Enterprise LTSC',
      CurrentBuild: '26100',
      UBR: 3194,
      DisplayVersion: '24H2',
      EditionID: 'IoTEnterpriseS',
    };
    writeFileSync(
      join(root, 'Windows/System32/config/SOFTWARE'),
      writeHive({ keys: { Microsoft: { keys: { 'Windows NT': { keys: { CurrentVersion: { values: cv } } } } } } }),
    );
    const p = await windowsPlatform(root);
    expect(p.distro).toBe('Windows 11 IoT Enterprise LTSC');
    expect(p.build).toBe('26100.3194');
    expect(p.arch).toBeUndefined();
  });
});

describe('OfflineRegistry on the fixture images', () => {
  it.each(POLICY_ROWS.map((r) => [r.key, r.value, r] as const))(
    '%s @ %s holds the documented value in each image',
    (key, value, row) => {
      for (const [root, kind] of [
        [hardened, 'hardened'],
        [misconfigured, 'misconfigured'],
      ] as const) {
        const a = new OfflineRegistry(root).answer(reg(key, { value }));
        const want = row[kind];
        // Absent: either the key is missing, or it exists without the value (ok, no values).
        if (want === undefined)
          expect(
            a.status === 'missing' || (a.status === 'ok' && a.registry?.values.length === 0),
            `${kind} ${key}@${value}`,
          ).toBe(true);
        else {
          expect(a.status, `${kind} ${key}@${value}: ${a.reason}`).toBe('ok');
          expect(valueOf(a, value), kind).toEqual(typeof want === 'bigint' ? Number(want) : want);
        }
      }
    },
  );

  it('maps CurrentControlSet through Select\\Current, not the decoy ControlSet002', () => {
    const r = new OfflineRegistry(hardened);
    expect(valueOf(r.answer(reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR')), 'Start')).toBe(4);
    expect(valueOf(r.answer(reg('HKLM\\SYSTEM\\ControlSet002\\Services\\USBSTOR')), 'Start')).toBe(3);
    expect(r.answer(reg('HKLM\\SYSTEM')).registry?.subkeys).toEqual(
      expect.arrayContaining(['ControlSet001', 'ControlSet002', 'Select', 'CurrentControlSet']),
    );
  });

  it('follows Select\\Current when it names another control set', () => {
    const root = join(dir, 'cs2');
    mkdirSync(join(root, 'Windows/System32/config'), { recursive: true });
    const svc = (start: number) => ({ keys: { Services: { keys: { USBSTOR: { values: { Start: start } } } } } });
    writeFileSync(
      join(root, 'Windows/System32/config/SYSTEM'),
      writeHive({ keys: { Select: { values: { Current: 2 } }, ControlSet001: svc(3), ControlSet002: svc(4) } }),
    );
    expect(valueOf(new OfflineRegistry(root).answer(reg('HKLM:\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR')), 'Start')).toBe(
      4,
    );
  });

  it('errors rather than guesses when Select\\Current is missing', () => {
    const root = join(dir, 'nosel');
    mkdirSync(join(root, 'Windows/System32/config'), { recursive: true });
    writeFileSync(join(root, 'Windows/System32/config/SYSTEM'), writeHive({ keys: { ControlSet001: {} } }));
    const a = new OfflineRegistry(root).answer(reg('HKLM\\SYSTEM\\CurrentControlSet\\Services'));
    expect(a).toMatchObject({ status: 'error', reason: expect.stringMatching(/Select\\Current/) });
  });

  it('marks answers from a dirty hive as stale', () => {
    const r = new OfflineRegistry(misconfigured);
    expect(r.answer(reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR')).registry?.stale).toBe(true);
    expect(r.answer(reg('HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319')).registry?.stale).toBeUndefined();
  });

  it('answers subkeys with their values (children)', () => {
    const a = new OfflineRegistry(hardened).answer(
      reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy', { subkeys: true }),
    );
    expect(a.status).toBe('ok');
    expect(a.registry?.subkeys).toEqual(['DomainProfile', 'PublicProfile', 'StandardProfile']);
    expect(a.registry?.children?.PublicProfile).toEqual([
      { name: 'EnableFirewall', type: 'REG_DWORD', data: 1 },
      { name: 'DefaultInboundAction', type: 'REG_DWORD', data: 1 },
    ]);
  });

  it('merges Registry.pol values the hive lacks and says so', () => {
    const a = new OfflineRegistry(hardened).answer(reg('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Explorer'));
    expect(a.status).toBe('ok');
    expect(a.registry?.values).toEqual([{ name: 'NoAutoplayfornonVolume', type: 'REG_DWORD', data: 1 }]);
    expect((a.registry as OfflineRegistryKeyData).sources).toEqual(['Windows/System32/GroupPolicy/Machine/Registry.pol']);
    // The parent lists the policy-only key as a subkey.
    expect(new OfflineRegistry(hardened).answer(reg('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows')).registry?.subkeys).toContain(
      'Explorer',
    );
  });

  it('answers HKCU from the Default profile and HKU\\<SID> from the profile in ProfileList', () => {
    const r = new OfflineRegistry(misconfigured);
    expect(
      valueOf(r.answer(reg('HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop')), 'ScreenSaverIsSecure'),
    ).toBe('0');
    const run = r.answer(reg(`HKU\\${CASHIER_SID}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`));
    expect(valueOf(run, 'AnyDesk')).toMatch(/AnyDesk\.exe/);
    expect(r.answer(reg('HKU')).registry?.subkeys).toEqual(['.DEFAULT', CASHIER_SID]);
    expect(r.answer(reg('HKU\\.DEFAULT\\Software')).registry?.subkeys).toEqual(['Microsoft']);
    expect(r.answer(reg('HKU\\S-1-5-21-1-2-3-500\\Software')).status).toBe('error');
  });

  it('says what it cannot answer offline', () => {
    const r = new OfflineRegistry(hardened);
    expect(r.answer(reg('HKLM\\HARDWARE\\DEVICEMAP\\SERIALCOMM'))).toMatchObject({
      status: 'unsupported',
      reason: expect.stringMatching(/boot/),
    });
    expect(r.answer(reg('HKLM\\SECURITY\\Policy'))).toMatchObject({ status: 'unsupported' });
    expect(r.answer(reg('HKLM\\SOFTWARE\\NoSuchVendor'))).toMatchObject({ status: 'missing' });
    expect(r.answer(reg('not a path'))).toMatchObject({ status: 'error' });
    expect(r.answer(reg('HKLM')).registry?.subkeys).toEqual(['SAM', 'SOFTWARE', 'SYSTEM']);
  });

  it('reports a corrupt hive as an error for the requests that need it', () => {
    const root = join(dir, 'corrupt');
    makeWindowsImage(root, 'hardened');
    writeFileSync(join(root, 'Windows/System32/config/SOFTWARE'), Buffer.alloc(9000, 0x41));
    const r = new OfflineRegistry(root);
    expect(r.answer(reg('HKLM\\SOFTWARE\\Microsoft'))).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/SOFTWARE hive is unreadable.*regf/),
    });
    expect(valueOf(r.answer(reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR')), 'Start')).toBe(4);
  });

  it('never follows a symbolic link out of the image', () => {
    const root = join(dir, 'symlinked');
    mkdirSync(join(root, 'Windows/System32/config'), { recursive: true });
    symlinkSync(join(hardened, 'Windows/System32/config/SYSTEM'), join(root, 'Windows/System32/config/SYSTEM'));
    expect(new OfflineRegistry(root).answer(reg('HKLM\\SYSTEM\\Select'))).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/symbolic link/),
    });
  });

  it('caps the answer at maxBytes and marks it truncated', () => {
    const a = new OfflineRegistry(hardened).answer(
      reg('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', { maxBytes: 120 }),
    );
    expect(a.status).toBe('ok');
    expect(a.truncated).toBe(true);
    expect(a.registry?.values.length).toBeLessThan(5);
  });
});

describe('SAM account policy', () => {
  it('decodes password and lockout policy from SAM\\Domains\\Account\\F', () => {
    expect(samAccountPolicy(hardened)).toEqual({ ...SAM_POLICY.hardened, source: 'HKLM\\SAM\\SAM\\Domains\\Account\\F' });
    expect(samAccountPolicy(misconfigured)).toMatchObject({
      minPasswordLength: 0,
      lockoutThreshold: 0,
      maxPasswordAgeDays: -1,
      passwordComplexity: false,
    });
  });

  it('is undefined when the SAM hive is absent', () => {
    expect(samAccountPolicy(join(dir, 'win11'))).toBeUndefined();
  });
});
