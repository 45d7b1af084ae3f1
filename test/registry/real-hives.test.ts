/**
 * The offline registry reader on real hives taken from real Windows machines (regipy's test data,
 * see test/helpers/real-hives.ts), cross-checked with hivex where hivex can read the same thing.
 * Each block proves one defect of issue 17 fixed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import type { AnyCheck } from '../../core/model.js';
import { windowsPlatform } from '../../targets/image-windows.js';
import { HiveError, openHive } from '../../targets/registry/hive.js';
import { OfflineRegistry } from '../../targets/registry/offline.js';
import { windowsPlatformFromLines } from '../../targets/platform.js';
import { writeHive, type HiveTree } from '../helpers/hive-writer.js';
import { evaluateOnImage } from '../helpers/image.js';
import { makePan, maskOf, rng } from '../helpers/pan-corpus.js';
import { redactAnswer } from '../../engine/runner.js';
import { realHive, realHivePath, type RealHive } from '../helpers/real-hives.js';
import { setIn } from '../helpers/windows-image.js';

/** An image folder holding real hives under Windows/System32/config (and more files if given). */
export function realImage(files: Partial<Record<'SYSTEM' | 'SAM' | 'SOFTWARE', RealHive | Buffer>>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'posaudit-real-image-'));
  const config = path.join(root, 'Windows', 'System32', 'config');
  mkdirSync(config, { recursive: true });
  for (const [name, src] of Object.entries(files)) {
    if (Buffer.isBuffer(src)) writeFileSync(path.join(config, name), src);
    else copyFileSync(realHivePath(src), path.join(config, name));
  }
  return root;
}

const hivexLines = (hive: RealHive, key: string, value: string): string[] =>
  execFileSync('hivexget', [realHivePath(hive), key, value], { encoding: 'utf8', timeout: 20_000 }).split('\n');

describe('REG_MULTI_SZ with empty strings inside (PendingFileRenameOperations)', () => {
  const cases: Array<[RealHive, number]> = [
    ['SYSTEM_2', 2],
    ['SYSTEM_B', 8],
    ['SYSTEM_WIN_10_1709', 137],
  ];
  for (const [hive, files] of cases)
    it(`${hive}: all ${files} file operations, in hivex's order, empty targets kept`, () => {
      const reg = new OfflineRegistry(realImage({ SYSTEM: hive }));
      const a = reg.answer({
        kind: 'registry',
        key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
        value: 'PendingFileRenameOperations',
      });
      expect(a.status).toBe('ok');
      const data = a.registry?.values[0]?.data;
      expect(Array.isArray(data)).toBe(true);
      const list = data as string[];
      expect(list.filter((s) => s !== '')).toHaveLength(files);
      // hivex prints one string per line (and a newline after the last).
      const hivex = hivexLines(hive, '\\ControlSet001\\Control\\Session Manager', 'PendingFileRenameOperations');
      expect(list.filter((s) => s !== '')).toEqual(hivex.filter((s) => s !== ''));
      // An empty target (a pending delete) right after a source stays in the list.
      expect(list[1]).toBe('');
      expect(list.length).toBeGreaterThan(files);
    });
});

describe('platform of a real image', () => {
  it('Windows 7 SYSTEM hive: host name and architecture as hivex reads them', async () => {
    const root = realImage({ SYSTEM: 'SYSTEM' });
    const p = await windowsPlatform(root);
    expect(p).toMatchObject({ os: 'windows', hostname: 'WKS-WIN732BITA', arch: 'x86' });
    expect(hivexLines('SYSTEM', '\\ControlSet001\\Control\\Session Manager\\Environment', 'PROCESSOR_ARCHITECTURE')[0]).toBe(
      'x86',
    );
  });

  it('XP family: the build is CurrentBuildNumber, never "1.511.1 () (Obsolete data - do not use)"', async () => {
    // A SOFTWARE hive written by the test writer, with the CurrentVersion values of a real
    // Windows XP Professional SP3 machine (no public XP SOFTWARE hive is small enough to ship).
    const software: HiveTree = {};
    const cv = 'Microsoft\\Windows NT\\CurrentVersion';
    for (const [k, v] of Object.entries({
      ProductName: 'Microsoft Windows XP',
      CurrentVersion: '5.1',
      CurrentBuildNumber: '2600',
      CurrentBuild: '1.511.1 () (Obsolete data - do not use)',
      CSDVersion: 'Service Pack 3',
      BuildLab: '2600.xpsp.080413-2111',
      CurrentType: 'Uniprocessor Free',
      SystemRoot: 'C:\\WINDOWS',
    }))
      setIn(software, cv, k, v);
    const root = realImage({ SYSTEM: 'SYSTEM', SOFTWARE: writeHive(software) });
    const p = await windowsPlatform(root);
    expect(p.build).toBe('2600');
    expect(p.pretty).toBe('Microsoft Windows XP 5.1 Service Pack 3 (build 2600)');
    expect(JSON.stringify(p)).not.toContain('Obsolete');
  });

  it('live: the platform block sends CurrentBuildNumber, and an XP-family answer reads it', () => {
    const p = windowsPlatformFromLines(
      'ProductName=Microsoft Windows XP\nEditionID=\nCurrentBuild=1.511.1 () (Obsolete data - do not use)\n' +
        'CurrentBuildNumber=2600\nUBR=\nCurrentVersion=5.1\nArch=x86\nHostname=POS-XP\nPSVersion=2.0',
    );
    expect(p.build).toBe('2600');
    const w10 = windowsPlatformFromLines(
      'ProductName=Windows 10 Enterprise LTSC 2021\nCurrentBuild=19044\nCurrentBuildNumber=19044\nUBR=5487',
    );
    expect(w10.build).toBe('19044.5487');
  });
});

describe('hive format versions', () => {
  it('an NT 3.1-era format version is refused with the version named', () => {
    const sam = Buffer.from(realHive('SAM'));
    sam.writeUInt32LE(1, 0x18); // minor version 1
    expect(() => openHive(sam)).toThrow(HiveError);
    expect(() => openHive(sam)).toThrow(/format version 1\.1 is not supported/);
  });

  it('a newer version whose root cannot be read names the version, not just the cell', () => {
    const sam = Buffer.from(realHive('SAM'));
    sam.writeUInt32LE(9, 0x18);
    const root = sam.readUInt32LE(0x24);
    sam.write('xx', 4096 + root + 4, 'latin1'); // the root's nk signature
    expect(() => openHive(sam)).toThrow(
      /format version 1\.9 is not supported \(this reader knows 1\.2–1\.6\): root key: cell at 0x20 is not a key/,
    );
  });

  it('every real hive of versions 1.3 and 1.5 opens', () => {
    for (const h of ['SYSTEM', 'SAM', 'BCD', 'NTUSER.DAT', 'amcache.hve', 'UsrClass.dat'] as const)
      expect(() => openHive(realHive(h)), h).not.toThrow();
  });
});

describe('usb.device-history on real SYSTEM hives', () => {
  const history = findCheck('usb.device-history') as AnyCheck;
  const devices = async (hive: RealHive, params: Record<string, unknown> = {}) => {
    const fs = await evaluateOnImage(history, realImage({ SYSTEM: hive }), { params });
    return fs.filter((f) => f.location !== undefined);
  };

  it('Windows 7: the HP stick with its serial and its install time (…\\00000064\\00000000\\Data)', async () => {
    const fs = await devices('SYSTEM');
    expect(fs).toHaveLength(1);
    expect(fs[0].location).toBe('USBSTOR\\Disk&Ven_HP&Prod_v100w&Rev_1024\\AA951D0000007252&0');
    expect(fs[0].details).toMatchObject({ serial: 'AA951D0000007252', product: 'HP v100w USB Device' });
    // The FILETIME hivex reads there: e0 1b 2d a0 28 f0 cb 01.
    const ft = Buffer.from('e01b2da028f0cb01', 'hex').readBigUInt64LE(0);
    const iso = new Date(Number((ft - 116444736000000000n) / 10000n)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(fs[0].details?.installed).toBe(iso);
    expect(fs[0].message.en).toContain(iso);
    expect(fs[0].message.en).not.toContain('time not recorded');
  });

  it(
    'Windows 10: two sticks of one model with different serials are two entries, with first-install, last-arrival and ' +
      'last-removal times',
    async () => {
      const fs = await devices('SYSTEM_B');
      const sandisk = fs.filter((f) => f.location?.startsWith('USBSTOR\\Disk&Ven_SanDisk&Prod_Extreme'));
      expect(sandisk.map((f) => f.details?.serial).sort()).toEqual(['AA010215170355310594', 'AA010603160707470215']);
      for (const f of sandisk) {
        expect(f.details?.firstInstalled).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(f.details?.lastArrival).toMatch(/^20\d\d-/);
        expect(f.message.en).toMatch(/first installed .*last attached /);
        expect(f.message.ja).toMatch(/初回インストール .*最終接続 /);
      }
      // Only the first stick has a removal time (0067); the second has none recorded.
      const [first, second] = ['AA010215170355310594', 'AA010603160707470215'].map((s) =>
        sandisk.find((f) => f.details?.serial === s),
      );
      expect(first?.details?.lastRemoval).toMatch(/^20\d\d-/);
      expect(first?.message.ja).toContain('最終取り外し');
      expect(second?.details?.lastRemoval).toBeUndefined();
      // The times are the FILETIMEs hivex reads at …\{83da6326-…}\0066.
      const key =
        `\\ControlSet001\\Enum\\USBSTOR\\Disk&Ven_SanDisk&Prod_Extreme&Rev_0001\\AA010215170355310594&0\\Properties\\` +
        `{83da6326-97a6-4088-9453-a1923f573b29}\\0066`;
      const out = execFileSync('hivexsh', [realHivePath('SYSTEM_B')], { input: `cd ${key}\nlsval\n`, encoding: 'utf8' });
      const hex = /hex\([0-9]+\):([0-9a-f,]+)/.exec(out)?.[1]?.replace(/,/g, '') ?? '';
      const ft = Buffer.from(hex, 'hex').readBigUInt64LE(0);
      const iso = new Date(Number((ft - 116444736000000000n) / 10000n)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(sandisk.find((f) => f.details?.serial === 'AA010215170355310594')?.details?.lastArrival).toBe(iso);
    },
  );

  it('Windows 10 1709: USB 3 UAS drives (Enum\\USB, driver UASPStor) are listed, named from Enum\\SCSI', async () => {
    const fs = await devices('SYSTEM_WIN_10_1709');
    const uas = fs.filter((f) => f.details?.bus === 'UAS');
    expect(uas.map((f) => f.location).sort()).toEqual([
      'USB\\VID_0781&PID_558C\\MSFT30313735303835343230333437',
      'USB\\VID_152D&PID_0567\\MSFT30160087320341700000F9',
    ]);
    expect(uas.find((f) => f.location?.includes('0781'))?.details?.product).toBe('SanDisk Extreme SSD SCSI Disk Device');
    expect(uas[0].message.en).toContain('over USB 3 UAS');
    expect(fs.some((f) => f.details?.serial === '200608767007B7C08A6A')).toBe(true);
  });

  it('knownDevices matches the serial the record carries, never a mere substring', async () => {
    const fs = await devices('SYSTEM_B', { knownDevices: ['aa010215170355310594'] });
    const st = new Map(fs.map((f) => [f.details?.serial, f.status]));
    expect(st.get('AA010215170355310594')).toBe('pass');
    expect(st.get('AA010603160707470215')).toBe('warn');
    const loose = await devices('SYSTEM_B', { knownDevices: ['AA01', 'SanDisk'] });
    expect(loose.filter((f) => f.details?.serial).every((f) => f.status === 'warn')).toBe(true);
    const model = await devices('SYSTEM_B', { knownDevices: ['Disk&Ven_SanDisk&Prod_Extreme&Rev_0001'] });
    expect(model.filter((f) => f.details?.serial).every((f) => f.status === 'pass')).toBe(true);
  });
});

describe('account checks answered from a real SAM hive offline (no longer "manual")', () => {
  const run = async (id: string, sam: RealHive | Buffer = 'SAM', params: Record<string, unknown> = {}) =>
    evaluateOnImage(findCheck(id) as AnyCheck, realImage({ SYSTEM: 'SYSTEM', SAM: sam }), { params });
  /** The `F` record of a user as hivex reads it (independent of our parser). */
  const userF = (rid: string): Buffer => {
    const out = execFileSync('hivexsh', [realHivePath('SAM')], {
      input: `cd \\SAM\\Domains\\Account\\Users\\${rid}\nlsval\n`,
      encoding: 'utf8',
    });
    return Buffer.from((/"F"=hex\(3\):([0-9a-f,]+)/.exec(out)?.[1] ?? '').replace(/,/g, ''), 'hex');
  };

  it('password policy: the SAM says minimum length 0 and no lockout → fail, with history and maximum age in the details', async () => {
    const fs = await run('accounts.password-policy');
    expect(fs.map((f) => f.status)).toEqual(['fail', 'fail']);
    expect(fs[0].message.en).toBe('Minimum password length is 0; at least 12 is required.');
    expect(fs[1].message.en).toMatch(/^Passwords need not contain both letters and digits: DOMAIN_PASSWORD_COMPLEX not set/);
    // The lockout is its own check (accounts.lockout, PCI 8.3.4), answered from the same SAM record.
    const lockout = await run('accounts.lockout');
    expect(lockout.map((f) => f.status)).toEqual(['fail']);
    expect(lockout[0]?.message.en).toBe('Accounts are never locked after failed logons.');
    expect(fs[0].location).toMatch(/SAM hive/);
    expect(fs[0].details?.samPolicy).toMatchObject({
      minPasswordLength: 0,
      lockoutThreshold: 0,
      maxPasswordAgeDays: -1,
      passwordHistory: 0,
    });
  });

  it('default accounts: Administrator and Guest disabled (flags as hivex reads them) → pass; Administrator enabled → fail', async () => {
    expect(userF('000001F4').readUInt16LE(0x38) & 1).toBe(1);
    expect(userF('000001F5').readUInt16LE(0x38) & 1).toBe(1);
    const fs = await run('accounts.default-disabled');
    expect(fs.map((f) => f.status)).toEqual(['pass']);
    expect(fs[0].details?.enabled).toEqual(['Preston']);
    // The same SAM with the built-in Administrator's "disabled" flag cleared.
    const sam = Buffer.from(realHive('SAM'));
    const f = userF('000001F4');
    const at = sam.indexOf(f);
    expect(at).toBeGreaterThan(0);
    sam.writeUInt16LE(f.readUInt16LE(0x38) & ~1, at + 0x38);
    const enabled = await run('accounts.default-disabled', sam);
    expect(enabled.find((x) => x.status === 'fail')?.message.en).toBe(
      'The built-in Administrator account is enabled under its default name.',
    );
  });

  it('local administrators: the Administrators alias (RID 544) lists Administrator and Preston', async () => {
    const fs = await run('accounts.local-admins');
    expect(fs[0].status).toBe('pass');
    expect(fs[0].details?.members).toEqual([
      { name: 'Administrator', via: 'local' },
      { name: 'Preston', via: 'local' },
    ]);
    const few = await run('accounts.local-admins', 'SAM', { maxMembers: 1 });
    expect(few.some((f) => f.status === 'fail')).toBe(true);
    const cashier = await run('accounts.local-admins', 'SAM', { cashierAccounts: ['Preston'] });
    expect(cashier.some((f) => f.status === 'fail' && f.message.en.includes('Preston'))).toBe(true);
  });
});

describe('card-number masking of registry binary values (evidence is masked before checks see it)', () => {
  it('keeps the zero runs of real SAM records intact, and still masks a card number stored as ASCII bytes', () => {
    const sam = openHive(realHive('SAM'));
    const f = sam.key('SAM\\Domains\\Account')!.value('F')!.data!.toString('hex');
    const c = sam.key('SAM\\Domains\\Builtin\\Aliases\\00000220')!.value('C')!.data!.toString('hex');
    const pan = makePan('4', 16, rng(17));
    const a = redactAnswer({
      status: 'ok',
      registry: {
        key: 'HKLM\\SAM\\SAM\\Domains\\Account',
        subkeys: [],
        values: [
          { name: 'F', type: 'REG_BINARY', data: f },
          { name: 'P', type: 'REG_BINARY', data: Buffer.from(`pan=${pan};`, 'latin1').toString('hex') },
        ],
        children: { x: [{ name: 'C', type: 'REG_UNKNOWN', data: c }] },
      },
    });
    expect(a.registry?.values[0].data).toBe(f);
    expect(a.registry?.children?.x[0].data).toBe(c);
    const stored = Buffer.from(String(a.registry?.values[1].data), 'hex').toString('latin1');
    expect(stored).toBe(`pan=${maskOf(pan)};`);
    expect(stored).not.toContain(pan);
  });
});

/**
 * No real SOFTWARE hive is public in a usable size, so SOFTWARE-based checks run on a hive WRITTEN
 * BY THE TEST WRITER (test/helpers/hive-writer.ts), filled with values as they appear on real
 * machines (a stock Windows 10 22H2 with Realtek audio; the firewall policy a GPO writes). The SYSTEM
 * hive beside it is a real one.
 */
function writerBuiltSoftware(extra: Array<[string, string, string | number]> = []): Buffer {
  const t: HiveTree = {};
  const cv = 'Microsoft\\Windows NT\\CurrentVersion';
  for (const [k, v] of Object.entries({
    ProductName: 'Windows 10 Pro',
    EditionID: 'Professional',
    DisplayVersion: '22H2',
    ReleaseId: '2009',
    CurrentVersion: '6.3',
    CurrentBuild: '19045',
    CurrentBuildNumber: '19045',
  }))
    setIn(t, cv, k, v);
  setIn(t, cv, 'UBR', 4291);
  const run = 'Microsoft\\Windows\\CurrentVersion\\Run';
  setIn(t, run, 'SecurityHealth', { type: 'REG_EXPAND_SZ', data: '%windir%\\system32\\SecurityHealthSystray.exe' });
  setIn(
    t,
    run,
    'RtkAudUService',
    '"C:\\Windows\\System32\\DriverStore\\FileRepository\\realtekservice.inf_amd64_1b1a7b0b4a0f8d39\\RtkAudUService64.exe" -background',
  );
  for (const [key, name, v] of extra) setIn(t, key, name, v);
  return writeHive(t, { rootName: 'ROOT' });
}

describe('SOFTWARE-based checks on a writer-built SOFTWARE hive (recorded values) beside a real SYSTEM hive', () => {
  it('firewall.host-enabled: the real SYSTEM hives have every profile on (as hivex reads EnableFirewall)', async () => {
    for (const hive of ['SYSTEM', 'SYSTEM_B', 'SYSTEM_WIN_10_1709'] as const) {
      for (const p of ['DomainProfile', 'StandardProfile', 'PublicProfile'])
        expect(
          hivexLines(hive, `\\ControlSet001\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\${p}`, 'EnableFirewall')[0],
        ).toBe('1');
      const fs = await evaluateOnImage(
        findCheck('firewall.host-enabled') as AnyCheck,
        realImage({ SYSTEM: hive, SOFTWARE: writerBuiltSoftware() }),
      );
      expect(
        fs.some((f) => f.status === 'fail' || f.status === 'error'),
        `${hive}: ${JSON.stringify(fs.map((f) => f.message.en))}`,
      ).toBe(false);
    }
  });

  it('firewall.host-enabled: a GPO in SOFTWARE that switches the public profile off wins over the real local setting → fail', async () => {
    const sw = writerBuiltSoftware([['Policies\\Microsoft\\WindowsFirewall\\PublicProfile', 'EnableFirewall', 0]]);
    const fs = await evaluateOnImage(
      findCheck('firewall.host-enabled') as AnyCheck,
      realImage({ SYSTEM: 'SYSTEM_B', SOFTWARE: sw }),
    );
    expect(fs.some((f) => f.status === 'fail' && /public/i.test(f.message.en))).toBe(true);
  });

  it('allowlist.autostart-review: the Realtek entry of the Run key needs review, SecurityHealth does not', async () => {
    const fs = await evaluateOnImage(
      findCheck('allowlist.autostart-review') as AnyCheck,
      realImage({ SYSTEM: 'SYSTEM_B', SOFTWARE: writerBuiltSoftware() }),
    );
    const text = JSON.stringify(fs.map((f) => [f.status, f.message.en]));
    expect(text).toContain('RtkAudUService');
    expect(
      fs
        .filter((f) => f.status === 'warn' || f.status === 'fail')
        .map((f) => f.message.en)
        .join(' '),
    ).not.toContain('SecurityHealth');
  });

  it('os.identified: version and build from the writer-built SOFTWARE, host name from the real SYSTEM', async () => {
    const p = await windowsPlatform(realImage({ SYSTEM: 'SYSTEM_B', SOFTWARE: writerBuiltSoftware() }));
    expect(p).toMatchObject({
      distro: 'Windows 10 Pro',
      version: '22H2',
      build: '19045.4291',
      hostname: 'DESKTOP-PM6C56D',
      arch: 'AMD64',
    });
  });
});
