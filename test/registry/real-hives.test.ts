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
import { windowsPlatform } from '../../targets/image-windows.js';
import { HiveError, openHive } from '../../targets/registry/hive.js';
import { OfflineRegistry } from '../../targets/registry/offline.js';
import { windowsPlatformFromLines } from '../../targets/platform.js';
import { writeHive, type HiveTree } from '../helpers/hive-writer.js';
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
      'ProductName=Microsoft Windows XP\nEditionID=\nCurrentBuild=1.511.1 () (Obsolete data - do not use)\nCurrentBuildNumber=2600\nUBR=\nCurrentVersion=5.1\nArch=x86\nHostname=POS-XP\nPSVersion=2.0',
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
