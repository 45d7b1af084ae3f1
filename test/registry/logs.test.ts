/**
 * Transaction-log replay on real dirty hives (SYSTEM_B of a Windows 10 machine, a Windows 10
 * UsrClass.dat), cross-checked with hivex reading the replayed file, and on hostile logs.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import type { AnyCheck } from '../../core/model.js';
import { openHive, type Hive, type HiveKey } from '../../targets/registry/hive.js';
import { baseBlockChecksum, marvin32, replayLogs, type LogFile } from '../../targets/registry/logs.js';
import { OfflineRegistry } from '../../targets/registry/offline.js';
import { evaluateOnImage } from '../helpers/image.js';
import { realHive, realHivePath } from '../helpers/real-hives.js';

const logsOf = (base: 'SYSTEM_B' | 'UsrClass.dat'): LogFile[] =>
  (['LOG1', 'LOG2'] as const).map((ext) => ({ name: `${base}.${ext}`, data: realHive(`${base}.${ext}`) }));

function countKeys(h: Hive): number {
  let n = 0;
  const walk = (k: HiveKey): void => {
    n++;
    for (const child of k.subkeys()) walk(child);
  };
  walk(h.root());
  return n;
}

/** Keys hivex sees in a hive file (its XML dump has one <node> per key). */
function hivexKeyCount(file: string): number {
  // hivexml opens /dev/stdout, which fails on Node's socket pipes: give it a file.
  const out = `${file}.xml`;
  const fd = openSync(out, 'w');
  try {
    execFileSync('hivexml', [file], { stdio: ['ignore', fd, 'pipe'], timeout: 60_000 });
  } finally {
    closeSync(fd);
  }
  return readFileSync(out, 'latin1').split('<node ').length - 1;
}

const SCSI = 'ControlSet001\\Enum\\SCSI';
const T5 = 'Disk&Ven_Samsung&Prod_Portable_SSD_T5';

describe('replaying the transaction logs of a real dirty Windows 10 SYSTEM hive', () => {
  const primary = realHive('SYSTEM_B');
  const r = replayLogs(primary, logsOf('SYSTEM_B'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-replay-'));
  const replayedFile = path.join(dir, 'SYSTEM_B.replayed');
  writeFileSync(replayedFile, r.data ?? Buffer.alloc(0));

  it('applies the entries of both logs (Marvin32-checked), and the result is a clean hive', () => {
    expect(r.used).toEqual(['SYSTEM_B.LOG1', 'SYSTEM_B.LOG2']);
    expect(r.applied).toBeGreaterThan(10);
    const h = openHive(r.data!);
    expect(h.dirty).toBe(false);
    expect(h.checksumValid).toBe(true);
    expect(h.sequence[0]).toBe(r.sequence);
  });

  it('adds thousands of keys, exactly the keys hivex finds in the replayed file', () => {
    const before = countKeys(openHive(primary));
    const after = countKeys(openHive(r.data!));
    expect(after - before).toBeGreaterThan(2000);
    expect(hivexKeyCount(replayedFile)).toBe(after);
    const original = path.join(dir, 'SYSTEM_B.original');
    copyFileSync(realHivePath('SYSTEM_B'), original);
    expect(hivexKeyCount(original)).toBe(before);
  });

  it('brings back the USB SSD only the logs record (a Samsung Portable SSD T5 on UAS)', () => {
    expect(openHive(primary).key(SCSI)?.subkeyNames()).not.toContain(T5);
    expect(openHive(r.data!).key(SCSI)?.subkeyNames()).toContain(T5);
    const ls = execFileSync('hivexsh', [replayedFile], { input: `cd \\${SCSI}\nls\n`, encoding: 'utf8' });
    expect(ls.split('\n')).toContain(T5);
  });

  it('the Windows 10 UsrClass.dat logs replay too, matching hivex', () => {
    const u = replayLogs(realHive('UsrClass.dat'), logsOf('UsrClass.dat'));
    expect(u.applied).toBeGreaterThan(0);
    const f = path.join(dir, 'UsrClass.replayed');
    writeFileSync(f, u.data!);
    expect(hivexKeyCount(f)).toBe(countKeys(openHive(u.data!)));
  });
});

describe('hostile or damaged logs', () => {
  const primary = realHive('SYSTEM_B');
  const good = replayLogs(primary, logsOf('SYSTEM_B'));

  it('an entry whose bytes were changed fails its Marvin32 check: replay stops there, the entries before it stay', () => {
    const logs = logsOf('SYSTEM_B');
    const log2 = Buffer.from(logs[1].data);
    log2[512 + 4096] ^= 0xff; // inside the first entry of LOG2
    const r = replayLogs(primary, [logs[0], { name: logs[1].name, data: log2 }]);
    expect(r.applied).toBeLessThan(good.applied);
    expect(r.applied).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/Marvin32/);
  });

  it(
    'lying sizes, page offsets beyond the hive and huge hive sizes are refused (with the hash recomputed, so only the bounds ' +
      'stop them)',
    () => {
      const base = logsOf('SYSTEM_B')[0];
      const variants: Array<[string, (e: Buffer) => void, RegExp]> = [
        ['page beyond the hive', (e) => e.writeUInt32LE(0x7ffff000, 40), /outside the hive/],
        ['huge hive bins size', (e) => e.writeUInt32LE(0xfffff000, 16), /claims \d+ bytes of hive bins/],
        ['more pages than the entry holds', (e) => e.writeUInt32LE(0x0fffffff, 20), /dirty pages, more than it holds/],
      ];
      for (const [what, change, msg] of variants) {
        const d = Buffer.from(base.data);
        const size = d.readUInt32LE(512 + 4);
        const e = d.subarray(512, 512 + size);
        change(e);
        e.writeBigUInt64LE(marvin32(e.subarray(40)), 24);
        e.writeBigUInt64LE(marvin32(e.subarray(0, 32)), 32);
        const r = replayLogs(primary, [{ name: 'L', data: d }]);
        expect(r.notes.join(' '), what).toMatch(msg);
        expect(r.applied, what).toBe(0);
      }
    },
  );

  it('never throws on garbage, truncated or foreign logs', () => {
    const logs = logsOf('SYSTEM_B');
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const cases: LogFile[] = [
      { name: 'empty', data: Buffer.alloc(0) },
      { name: 'short', data: logs[0].data.subarray(0, 700) },
      { name: 'cut', data: logs[0].data.subarray(0, 20_000) },
      { name: 'hive as log', data: realHive('SAM') },
    ];
    for (let i = 0; i < 30; i++) {
      const d = Buffer.from(logs[i % 2].data.subarray(0, 64 * 1024));
      for (let j = 0; j < 20; j++) d[rnd(d.length)] = rnd(256);
      cases.push({ name: `noise ${i}`, data: d });
    }
    for (const c of cases) {
      const r = replayLogs(primary, [c]);
      if (r.data) expect(() => openHive(r.data!)).not.toThrow();
    }
  });
});

describe('an image with a dirty SYSTEM hive and its logs', () => {
  const image = (withLogs: boolean): string => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'posaudit-dirty-image-'));
    const config = path.join(root, 'Windows', 'System32', 'config');
    mkdirSync(config, { recursive: true });
    copyFileSync(realHivePath('SYSTEM_B'), path.join(config, 'SYSTEM'));
    if (withLogs) {
      copyFileSync(realHivePath('SYSTEM_B.LOG1'), path.join(config, 'SYSTEM.LOG1'));
      copyFileSync(realHivePath('SYSTEM_B.LOG2'), path.join(config, 'system.log2'));
    }
    return root;
  };

  it('answers from the replayed hive and says so; without logs it says the answers may be stale', () => {
    const a = new OfflineRegistry(image(true)).answer({ kind: 'registry', key: `HKLM\\SYSTEM\\CurrentControlSet\\Enum\\SCSI` });
    expect(a.registry?.subkeys).toContain(T5);
    expect(a.registry?.stale).toBeUndefined();
    expect(a.registry?.dirty).toMatchObject({
      replayed: true,
      logs: ['Windows/System32/config/SYSTEM.LOG1', 'Windows/System32/config/SYSTEM.LOG2'],
    });
    const b = new OfflineRegistry(image(false)).answer({ kind: 'registry', key: `HKLM\\SYSTEM\\CurrentControlSet\\Enum\\SCSI` });
    expect(b.registry?.subkeys).not.toContain(T5);
    expect(b.registry?.stale).toBe(true);
    expect(b.registry?.dirty?.why).toMatch(/no transaction log/);
  });

  it('usb.device-history lists the UAS SSD only the logs hold', async () => {
    const history = findCheck('usb.device-history') as AnyCheck;
    const fs = await evaluateOnImage(history, image(true));
    const t5 = fs.find((f) => f.location === 'USB\\VID_04E8&PID_61F5\\MSFT3012345679FD0B');
    expect(t5?.details).toMatchObject({ bus: 'UAS', product: expect.stringContaining('Samsung') });
    const without = await evaluateOnImage(history, image(false));
    expect(without.some((f) => f.location?.includes('VID_04E8&PID_61F5'))).toBe(false);
  });
});

describe('old-format (Windows XP to 8) transaction log', () => {
  /** A log as Windows XP writes it: the base block copy (type 1), a DIRT bitmap, then the dirty 512-byte pages. */
  function oldLog(primary: Buffer, pages: Map<number, Buffer>): Buffer {
    const hbds = primary.readUInt32LE(0x28);
    const header = Buffer.from(primary.subarray(0, 512));
    header.writeUInt32LE(1, 0x1c);
    const seq = primary.readUInt32LE(0x04);
    header.writeUInt32LE(seq, 0x08);
    header.writeUInt32LE(baseBlockChecksum(header), 0x1fc);
    const bitmap = Buffer.alloc(Math.ceil(hbds / 512 / 8));
    for (const i of pages.keys()) bitmap[i >> 3] |= 1 << (i & 7);
    const vector = Buffer.concat([Buffer.from('DIRT'), bitmap]);
    const padded = Buffer.concat([vector, Buffer.alloc((512 - (vector.length % 512)) % 512)]);
    return Buffer.concat([header, padded, ...[...pages.keys()].sort((a, b) => a - b).map((i) => pages.get(i)!)]);
  }

  it('applies the dirty pages to a real SAM hive made dirty, and refuses a log of another write time', () => {
    const clean = realHive('SAM');
    const primary = Buffer.from(clean);
    primary.writeUInt32LE(primary.readUInt32LE(0x04) + 1, 0x04); // dirty: sequence numbers differ
    // The page that holds the key name "Preston" (users\Names), renamed in the log.
    const at = primary.indexOf(Buffer.from('Preston', 'latin1'), 4096);
    const pageIndex = Math.floor((at - 4096) / 512);
    const page = Buffer.from(primary.subarray(4096 + pageIndex * 512, 4096 + (pageIndex + 1) * 512));
    page.write('Cashier', at - 4096 - pageIndex * 512, 'latin1');
    const r = replayLogs(primary, [{ name: 'SAM.LOG', data: oldLog(primary, new Map([[pageIndex, page]])) }]);
    expect(r.applied).toBe(1);
    const h = openHive(r.data!);
    expect(h.dirty).toBe(false);
    expect(h.key('SAM\\Domains\\Account\\Users\\Names')?.subkeyNames()).toContain('Cashier');
    expect(openHive(clean).key('SAM\\Domains\\Account\\Users\\Names')?.subkeyNames()).toContain('Preston');
    const other = Buffer.from(primary);
    other.writeBigUInt64LE(1n, 0x0c); // another last-written time
    const refused = replayLogs(other, [{ name: 'SAM.LOG', data: oldLog(primary, new Map([[pageIndex, page]])) }]);
    expect(refused.data).toBeUndefined();
    expect(refused.notes.join(' ')).toMatch(/another time/);
  });
});
