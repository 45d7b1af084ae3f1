/** No false card numbers on stock systems nobody here wrote: real Windows hives, a Debian root file
 * system made with debootstrap, iproute2's tc tables, apt's package lists. And the contexts that
 * told them apart from card data (hex strings, SIDs, GUIDs, number tables, hive value names) still
 * let real card data through. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elfSections } from '../../checks/pan/elf-context.js';
import { confirmCandidates, parsePosixOutput, posixFilterCommand } from '../../checks/pan/remote.js';
import { scanPaths, type PanScanSummary } from '../../checks/pan/scan.js';
import { scanBuffer } from '../../checks/pan/scanner.js';
import { writeHive } from '../helpers/hive-writer.js';
import { makePan, rng } from '../helpers/pan-corpus.js';
import { debianRootfs, realHives } from '../helpers/stock-systems.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pan-stock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What an auditor would read: path, masked number and why, never the digits. */
function shown(s: PanScanSummary): string[] {
  return s.findings.map((f) => `${f.path}${f.member ? `!${f.member}` : ''} ${f.masked} ${f.evidence} ${f.reasons.join('; ')}`);
}

describe('stock systems give no card-number findings', () => {
  it('the real registry hives (NTUSER.DAT event names, GUID key names, SIDs run into slack)', async () => {
    const hives = realHives(dir);
    expect(hives.length).toBeGreaterThanOrEqual(15);
    const s = await scanPaths({ roots: hives, threads: 0 });
    expect(s.files).toBe(hives.length);
    expect(shown(s)).toEqual([]);
  });

  it.runIf(existsSync('/usr/lib/x86_64-linux-gnu/tc/normal.dist'))("iproute2's tc number tables", async () => {
    const s = await scanPaths({ roots: ['/usr/lib/x86_64-linux-gnu/tc'], threads: 0 });
    expect(s.files).toBeGreaterThanOrEqual(4);
    expect(shown(s)).toEqual([]);
  });

  it.runIf(existsSync('/var/lib/apt/lists'))("apt's package lists (Packages.lz4, Components yml.gz: hex digests)", async () => {
    const s = await scanPaths({ roots: ['/var/lib/apt/lists'], threads: 0 });
    expect(s.scannedBytes).toBeGreaterThan(1_000_000);
    expect(shown(s)).toEqual([]);
  });

  it(
    'a stock Debian root file system made with debootstrap (cached, built when missing)',
    { timeout: 20 * 60_000 },
    async (ctx) => {
      const fs = debianRootfs();
      if ('missing' in fs) {
        console.warn(`skipped: ${fs.missing}`);
        ctx.skip();
        return;
      }
      const s = await scanPaths({ roots: [fs.path], prune: ['/proc', '/sys', '/dev'].map((x) => join(fs.path, x)), threads: 2 });
      expect(s.files).toBeGreaterThan(3000);
      expect(shown(s)).toEqual([]);
    },
  );
});

describe('context that tells a card number from an id', () => {
  const r = rng(41);
  const visa = makePan('4', 16, r);
  const mc = makePan('51', 16, r);
  const found = (text: string | Buffer): string[] =>
    scanBuffer(typeof text === 'string' ? Buffer.from(text) : text).map((h) => h.evidence);

  it('ids, digests and tables are not card numbers', () => {
    const g = (n: string): string => n.replace(/(\d{4})(?=\d)/g, '$1-');
    expect(found(`sha1 ${visa}c0ffee1234deadbeef99\n`)).toEqual([]); // a hex digest
    expect(found(`md5 ab${visa}\n`)).toEqual([]);
    expect(found(`S-1-5-21-1169351-620762451-${visa}\n`)).toEqual([]); // a SID
    expect(found(`{4E4E454C-${g(mc)}DC463EC5}\n`)).toEqual([]); // GUID groups
    expect(found(`version 1.2.${visa}\n`)).toEqual([]);
    expect(found(`blob QUJD+${visa}+ZGVm\n`)).toEqual([]); // base64 word
    expect(found(`${mc.replace(/(\d{4})(?=\d)/g, '$1 ')} 2292 2301\n`)).toEqual([]); // a table of 4-digit numbers
  });

  it('card data written the ways applications write it is still found, with the kind of evidence', () => {
    expect(found(`auth card=${visa} ok\n`)).toEqual(['pan-text']);
    expect(found(`"pan":"${visa}"\n`)).toEqual(['pan-text']);
    expect(found(`PAN: ${visa.replace(/(\d{4})(?=\d)/g, '$1 ')}\n`)).toEqual(['pan-grouped']);
    expect(found(`card ${visa.replace(/(\d{4})(?=\d)/g, '$1-')}.\n`)).toEqual(['pan-grouped']);
    expect(found(Buffer.from(`PAN: ${visa}\r\n`, 'utf16le'))).toEqual(['pan-utf16']);
    expect(found(`;${visa}=28121010000000000000?\n`)).toEqual(['track2']);
    expect(found(`%B${visa}^TANAKA/TARO^2812101000000000000000?\n`)).toEqual(['track1']);
    const hit = scanBuffer(Buffer.from(`card=${visa} ok`))[0];
    expect(hit.reasons).toEqual(['16 digits', 'visa issuer range', 'Luhn valid', "between '=' and space"]);
  });

  it('in a hive, a value named like card data is found; the same digits named as an id, or outside a value, are not', async () => {
    const pan = makePan('4', 16, rng(3));
    const hive = writeHive({
      keys: {
        Software: {
          keys: { PosApp: { values: { LastCardNumber: pan, wnfEventName: pan } } },
        },
      },
    });
    const p = join(dir, 'NTUSER-with-card.DAT');
    writeFileSync(p, hive);
    const s = await scanPaths({ roots: [p], threads: 0 });
    expect(s.findings.map((f) => [f.evidence, f.container, f.reasons.at(-1)])).toEqual([
      ['pan-utf16', 'hive-value', 'data of hive value "LastCardNumber"'],
    ]);
  });
});

describe('executables', () => {
  it('a card-shaped run in code or symbols of a real ELF binary is dropped; the same in .rodata is found', async () => {
    const bin = readFileSync('/bin/ls');
    const sections = await elfSections({
      size: bin.length,
      read: async (pos, len) => bin.subarray(pos, pos + len),
    });
    const text = sections?.find((x) => x.name === '.text');
    const rodata = sections?.find((x) => x.name === '.rodata');
    expect(text && rodata).toBeTruthy();
    const pan = makePan('4', 16, rng(12));
    const plant = (at: number): string => {
      const b = Buffer.from(bin);
      b.write(` card=${pan} `, at, 'latin1');
      const p = join(dir, `ls-${at}`);
      writeFileSync(p, b);
      return p;
    };
    const inText = plant((text?.offset ?? 0) + 4096);
    const inData = plant((rodata?.offset ?? 0) + 64);
    const s = await scanPaths({ roots: [inText, inData], threads: 0 });
    expect(s.findings.map((f) => [f.path, f.reasons.at(-1)])).toEqual([[inData, 'in executable section ".rodata"']]);
  });
});

describe('over SSH (the terminal-side filter, run here with the local sh)', () => {
  it('the same context rules hold: a SID run or a digest is not sent back as a card, a card is', () => {
    const visa = makePan('4', 16, rng(21));
    const p = join(dir, 'remote.log');
    writeFileSync(
      p,
      Buffer.concat([
        Buffer.from(`sid S-1-5-21-1169351-620762451-${visa}`),
        Buffer.from([0xd8, 0xff, 0x0a]),
        Buffer.from(`md5 ${visa}c0ffee\nauth card=${visa} ok\n`),
      ]),
    );
    const out = execFileSync('sh', [
      '-c',
      posixFilterCommand({ paths: [p], maxFileBytes: 1 << 20, timeoutSeconds: 60, maxOutputBytes: 1 << 20 }),
    ]);
    const found = confirmCandidates(parsePosixOutput(out).candidates, Buffer.alloc(32, 1));
    expect(found.map((f) => [f.line, f.evidence])).toEqual([[3, 'pan-text']]);
  });
});
