/**
 * Cross-checks against hivex (Debian: libhivex-bin), an independent regf implementation:
 * hivex must read the hives our test writer makes (so fixtures are real regf), and our parser
 * must read hives hivex has modified. Skipped when hivexsh/hivexget are not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHive } from '../../targets/registry/hive.js';
import { toRegistryValue } from '../../targets/registry/offline.js';
import { writeHive } from '../helpers/hive-writer.js';

const hasHivex = spawnSync('hivexget', ['--help']).error === undefined && spawnSync('hivexsh', ['-h']).error === undefined;

describe.skipIf(!hasHivex)('hivex cross-check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'posaudit-hivex-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const get = (file: string, key: string, value: string): string =>
    execFileSync('hivexget', [file, key, value], { encoding: 'utf8', timeout: 10_000 }).trim();

  it('hivex reads the hives our writer makes (every list kind, big data)', () => {
    const file = join(dir, 'ours');
    const big = Buffer.alloc(33_000, 0x5a);
    const services = {
      USBSTOR: { values: { Start: 4, ImagePath: { type: 'REG_EXPAND_SZ' as const, data: 'System32\\drivers\\USBSTOR.SYS' } } },
      Tcpip: {},
      W32Time: {},
      AppIDSvc: {},
    };
    writeFileSync(
      file,
      writeHive(
        {
          keys: {
            Select: { values: { Current: 1 } },
            ControlSet001: {
              list: 'ri',
              keys: {
                Services: { list: 'lf', keys: services },
                Control: { list: 'li', keys: { Lsa: {} } },
                Enum: { values: { big, multi: ['a', 'b'] } },
              },
            },
          },
        },
        { riChunk: 1 },
      ),
    );
    expect(get(file, '\\Select', 'Current')).toBe('1');
    expect(get(file, '\\ControlSet001\\Services\\USBSTOR', 'Start')).toBe('4');
    expect(get(file, '\\ControlSet001\\Services\\USBSTOR', 'ImagePath')).toBe('System32\\drivers\\USBSTOR.SYS');
    const ls = execFileSync('hivexsh', [file], {
      input: 'cd \\ControlSet001\\Services\nls\n',
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(ls.split('\n').filter((l) => l.trim() !== '')).toEqual(['AppIDSvc', 'Tcpip', 'USBSTOR', 'W32Time']);
    // hivexget prints binary values as raw bytes: the whole 33,000-byte db value must come back.
    const raw = execFileSync('hivexget', [file, '\\ControlSet001\\Enum', 'big'], { timeout: 10_000 });
    expect(raw.subarray(0, 33_000).equals(big)).toBe(true);
  });

  it('our parser reads a hive that hivex has modified', () => {
    const src = join(dir, 'base');
    const out = join(dir, 'modified');
    writeFileSync(src, writeHive({ keys: { Existing: { values: { keep: 'yes' } } } }));
    const script = [
      'add Policies',
      'cd Policies',
      'add Explorer',
      'cd Explorer',
      'setval 5',
      'NoDriveTypeAutoRun',
      'dword:0xff',
      'Banner',
      'string:POS terminal',
      'Path',
      'expandstring:%SystemRoot%\\x',
      'Stamp',
      // hivexsh's own `qword:` parser stores garbage in the high bytes (hivex 1.3.23); give the bytes.
      'hex:11:ef,cd,ab,89,67,45,23,01',
      'Multi',
      'hex:7:61,00,00,00,62,00,00,00,00,00',
      'cd \\',
      ...Array.from({ length: 40 }, (_, i) => `add Key${String(i).padStart(2, '0')}`),
      `commit ${out}`,
    ].join('\n');
    execFileSync('hivexsh', ['-w', src], { input: `${script}\n`, timeout: 10_000 });
    const hive = openHive(readFileSync(out));
    const values = Object.fromEntries(
      (hive.key('policies\\explorer')?.values() ?? []).map((v) => {
        const r = toRegistryValue(v, 4096);
        return [v.name, 'reason' in r ? r.reason : r.value.data];
      }),
    );
    expect(values).toEqual({
      NoDriveTypeAutoRun: 255,
      Banner: 'POS terminal',
      Path: '%SystemRoot%\\x',
      Stamp: '81985529216486895' /* beyond 2^53: a string */,
      Multi: ['a', 'b'],
    });
    expect(hive.root().subkeyNames()).toHaveLength(42);
    expect(hive.key('Key39')).toBeDefined();
    expect(toRegistryValue(hive.key('Existing')?.value('keep') ?? {}, 100)).toEqual({
      value: { name: 'keep', type: 'REG_SZ', data: 'yes' },
      truncated: false,
    });
  });
});
