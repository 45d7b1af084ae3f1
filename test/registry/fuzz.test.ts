import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryRequest } from '../../core/evidence.js';
import { HiveError, openHive, type HiveKey } from '../../targets/registry/hive.js';
import { OfflineRegistry } from '../../targets/image-windows.js';
import { buildHive, type HiveTree } from '../helpers/hive-writer.js';
import { makeWindowsImage } from '../helpers/windows-image.js';

/** Deterministic PRNG so a failure can be replayed. */
function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const NASTY = [0, 1, 0x20, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffff8, 0x1000, 0xffff];

function mutate(src: Buffer, rand: (n: number) => number): Buffer {
  const m = Buffer.from(src);
  const edits = 1 + rand(6);
  for (let i = 0; i < edits; i++) {
    const at = 4096 + rand(m.length - 4096 - 4);
    if (rand(2) === 0) m[at] = rand(256);
    else m.writeUInt32LE(NASTY[rand(NASTY.length)], at & ~3);
  }
  return m;
}

/** Visit everything reachable, bounded; only HiveError may escape the parser. */
function walk(key: HiveKey, depth: number, seen: { n: number }): void {
  if (depth > 8 || seen.n++ > 500) return;
  try {
    key.values();
  } catch (e) {
    if (!(e instanceof HiveError)) throw e;
  }
  let names: string[] = [];
  try {
    names = key.subkeyNames();
  } catch (e) {
    if (!(e instanceof HiveError)) throw e;
  }
  for (const n of names.slice(0, 20)) {
    let child: HiveKey | undefined;
    try {
      child = key.subkey(n);
    } catch (e) {
      if (!(e instanceof HiveError)) throw e;
    }
    if (child) walk(child, depth + 1, seen);
  }
}

const tree: HiveTree = {
  keys: {
    Select: { values: { Current: 1 } },
    ControlSet001: {
      list: 'ri',
      keys: {
        Services: {
          list: 'lf',
          keys: {
            USBSTOR: { values: { Start: 4, ImagePath: { type: 'REG_EXPAND_SZ', data: 'x.sys' } } },
            Tcpip: { keys: { Parameters: { values: { Hostname: 'pos' } } } },
          },
        },
        Control: { list: 'li', keys: { Lsa: { values: { Multi: ['a', 'b'], Q: 5n, Bin: Buffer.alloc(40, 9) } } } },
        Enum: { values: { Big: Buffer.alloc(20_000, 3) } },
      },
    },
  },
};

describe('fuzzed hives', () => {
  it('parser: a few hundred mutated hives raise only HiveError, never hang', () => {
    const { bytes } = buildHive(tree, { riChunk: 1 });
    const rand = prng(20260101);
    let opened = 0;
    for (let i = 0; i < 400; i++) {
      const m = mutate(bytes, rand);
      const t0 = performance.now();
      try {
        walk(openHive(m, { maxCellVisits: 50_000 }).root(), 0, { n: 0 });
        opened++;
      } catch (e) {
        if (!(e instanceof HiveError)) throw new Error(`iteration ${i}: ${String(e)}`, { cause: e });
      }
      expect(performance.now() - t0).toBeLessThan(1000);
    }
    expect(opened).toBeGreaterThan(100); // most mutations leave the root readable
  });

  describe('OfflineRegistry.answer on a mutated image', () => {
    let dir: string;
    let system: Buffer;
    let software: Buffer;
    beforeAll(() => {
      dir = makeWindowsImage(mkdtempSync(join(tmpdir(), 'posaudit-fuzz-')), 'misconfigured');
      system = readFileSync(join(dir, 'Windows/System32/config/SYSTEM'));
      software = readFileSync(join(dir, 'Windows/System32/config/SOFTWARE'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const requests: RegistryRequest[] = [
      { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR', value: 'Start' },
      {
        kind: 'registry',
        key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy',
        subkeys: true,
      },
      { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' },
      { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall', subkeys: true },
      { kind: 'registry', key: 'HKU' },
    ];

    it('never throws and answers each request quickly', () => {
      const rand = prng(4242);
      const statuses = new Set<string>();
      for (let i = 0; i < 200; i++) {
        writeFileSync(join(dir, 'Windows/System32/config/SYSTEM'), mutate(system, rand));
        writeFileSync(join(dir, 'Windows/System32/config/SOFTWARE'), mutate(software, rand));
        const r = new OfflineRegistry(dir);
        for (const req of requests) {
          const t0 = performance.now();
          const a = r.answer(req);
          expect(performance.now() - t0).toBeLessThan(1000);
          expect(['ok', 'missing', 'error']).toContain(a.status);
          if (a.status === 'error') expect(a.reason).toBeTruthy();
          statuses.add(a.status);
        }
      }
      expect(statuses).toContain('ok');
      expect(statuses).toContain('error');
    });
  });
});
