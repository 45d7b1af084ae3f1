/** The SIMD prefilter (prefilter.wat) against its byte-at-a-time rules, and the scanner with and
 * without it: the same candidates, newline counts and findings, whatever the input. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the build script is plain JavaScript without declarations
import { assemble } from '../../scripts/build-wasm.mjs';
import { PREFILTER_WASM_BASE64 } from './prefilter-wasm.js';
import { candidatesReference, candidatesSimd, DIGIT_CANDIDATE, EMV_CANDIDATE, prefilterKind, stageInput } from './prefilter.js';
import { scanBuffer } from './scanner.js';
import { cli, REPO } from '../../test/helpers/cli.js';
import { makePan, rng, writeCorpus, type Corpus } from '../../test/helpers/pan-corpus.js';

type Cand = [pos: number, newlines: number, kinds: number];

function both(
  b: Uint8Array,
  from: number,
  to: number,
  maestro = false,
): { ref: Cand[]; simd: Cand[]; refNl: number; simdNl: number } {
  const ref: Cand[] = [];
  const simd: Cand[] = [];
  const refNl = candidatesReference(b, from, to, maestro, (p, n, k) => ref.push([p, n, k]));
  const simdNl = candidatesSimd(stageInput([b]), from, to, maestro, (p, n, k) => simd.push([p, n, k]));
  return { ref, simd, refNl, simdNl };
}

function expectSame(b: Uint8Array, from = 0, to = b.length, maestro = false): Cand[] {
  const r = both(b, from, to, maestro);
  expect(r.simd).toEqual(r.ref);
  expect(r.simdNl).toBe(r.refNl);
  return r.ref;
}

const r = rng(5);
const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const utf16be = (s: string): Buffer => {
  const le = utf16le(s);
  const be = Buffer.alloc(le.length);
  for (let k = 0; k + 1 < le.length; k += 2) {
    be[k] = le[k + 1];
    be[k + 1] = le[k];
  }
  return be;
};
const utf32le = (s: string): Buffer => {
  const out = Buffer.alloc(s.length * 4);
  for (let k = 0; k < s.length; k++) out.writeUInt32LE(s.charCodeAt(k), k * 4);
  return out;
};

/** Text dense with the shapes the rules look for, and near misses of each. */
function tricky(seed: number): Buffer {
  const q = rng(seed);
  const parts: Buffer[] = [];
  for (let k = 0; k < 400; k++) {
    const pan = makePan(q() < 0.5 ? '4' : '51', 16, q);
    const pick = Math.floor(q() * 15);
    if (pick === 14) {
      // timestamp-like runs: first digits no brand uses, 12-17 digits, then track separators or not
      const run =
        '1790'[k % 4] +
        String(Math.floor(q() * 1e17))
          .padStart(17, '0')
          .slice(0, 12 + (k % 6));
      parts.push(Buffer.from(`${run}${['=', 'D', '^', '\0', ' ', ',', '\n'][k % 7]}2912101`, 'latin1'));
      continue;
    }
    const s =
      pick === 0
        ? `card=${pan}\n`
        : pick === 1
          ? `${pan.slice(0, 4)} ${pan.slice(4, 8)} ${pan.slice(8, 12)} ${pan.slice(12)}\n`
          : pick === 2
            ? `${pan.slice(0, 4)}-${pan.slice(4, 10)}-${pan.slice(10, 15)} `
            : pick === 3
              ? `${Math.floor(q() * 1e12)}${Math.floor(q() * 10)}x` // 13 digits
              : pick === 4
                ? `2026-11-21 ${Math.floor(q() * 1e11)}\n` // 11 digits, a date
                : pick === 5
                  ? `5A08${pan}5F24`
                  : pick === 6
                    ? `57 13 ${pan.replace(/(..)/g, '$1 ')}D2912\n`
                    : pick === 7
                      ? `W\x0f\x41\x11`
                      : pick === 8
                        ? `Z\x13\xa5` // binary openings, one with a high byte after
                        : pick === 9
                          ? `5a1`
                          : pick === 10
                            ? `57 0`
                            : pick === 11
                              ? '\n\n'
                              : pick === 12
                                ? `;${pan}=29121010000?`
                                : `%B${pan}^DOE/J^2912101?`;
    parts.push(Buffer.from(s, 'latin1'));
    if (q() < 0.15) parts.push(utf16le(` ${pan} `), q() < 0.5 ? utf16be(`${pan}\n`) : utf32le(` ${pan.slice(0, 4)} `));
  }
  return Buffer.concat(parts);
}

describe('card-data prefilter', () => {
  it('runs the WebAssembly module built from the committed source', async () => {
    expect(prefilterKind).toBe('simd');
    const text = (await assemble()) as string;
    expect(text).toBe(readFileSync(join(REPO, 'checks/pan/prefilter-wasm.ts'), 'utf8'));
    expect(PREFILTER_WASM_BASE64.length).toBeGreaterThan(1000);
  });

  it('finds exactly the positions the byte-at-a-time rules find, in random bytes', () => {
    for (let k = 0; k < 40; k++) {
      const b = randomBytes(5000 + Math.floor(r() * 60_000));
      const from = Math.floor(r() * 40);
      expectSame(b, from, b.length - Math.floor(r() * 40), k % 2 === 1);
    }
  });

  it('finds cards, groups, wide text, track and EMV openings as the rules do, for every window', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const b = tricky(seed);
      const all = expectSame(b);
      expect(all.filter((c) => c[2] & DIGIT_CANDIDATE).length).toBeGreaterThan(200);
      expect(all.filter((c) => c[2] & EMV_CANDIDATE).length).toBeGreaterThan(30);
      // windows that start and end anywhere, not on 16-byte blocks: the look-behind and the last block
      for (let w = 0; w < 30; w++) {
        const from = Math.floor(r() * (b.length - 100));
        const to = from + 1 + Math.floor(r() * Math.min(3000, b.length - from - 1));
        expectSame(b, from, to, w % 3 === 0);
      }
    }
  });

  it('still reads track data whose number no brand owns, and skips timestamps', () => {
    const q = rng(77);
    const pan = makePan('7', 16, q);
    const hits = scanBuffer(Buffer.from(`ts=1732147200123 ok\n;${pan}=29121010000?\n`, 'latin1'), { lines: true });
    expect(hits.map((h) => [h.kind, h.brand, h.line])).toEqual([['track2', 'unknown', 2]]);
  });

  it('drains more candidates than one call holds, with running newline counts', () => {
    const b = Buffer.from('5A0\n'.repeat(50_000), 'latin1'); // one EMV opening per line, 50 000 of them
    const got = expectSame(b);
    expect(got.length).toBe(50_000);
    expect(got[49_999]).toEqual([4 * 49_999, 49_999, EMV_CANDIDATE]);
  });

  it('gives hits with the same lines and offsets whether the prefilter or the rules choose', () => {
    const b = tricky(9);
    const hits = scanBuffer(b, { lines: true, key: Buffer.alloc(32, 3) });
    // every line holding a planted number in plain text is found, on its line
    const lines = b.toString('latin1').split('\n');
    const expectedLines = lines.flatMap((l, k) =>
      /(^|[^0-9])(4|5)\d{15}([^0-9]|$)/.test(l) && !/5A08|57 13/.test(l) ? [k + 1] : [],
    );
    const gotLines = new Set(hits.map((h) => h.line));
    for (const l of expectedLines) expect(gotLines.has(l)).toBe(true);
    expect(hits.some((h) => h.encoding === 'utf-16le')).toBe(true);
    expect(hits.some((h) => h.encoding === 'emv-hex')).toBe(true);
  });
});

describe('without WebAssembly (POSAUDIT_NO_WASM=1)', () => {
  let dir: string;
  let corpus: Corpus;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pan-nowasm-'));
    corpus = writeCorpus(join(dir, 'root'), 11);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the same cards, with the same lines and offsets', async () => {
    const withSimd = await cli(['pan', '--json', corpus.root]);
    const without = await cli(['pan', '--json', corpus.root], { env: { POSAUDIT_NO_WASM: '1' } });
    expect(withSimd.code).toBe(1);
    expect(without.code).toBe(1);
    const simdFindings = JSON.parse(withSimd.stdout) as Array<Record<string, unknown>>;
    const refFindings = JSON.parse(without.stdout) as Array<Record<string, unknown>>;
    const key = (f: Record<string, unknown>): string =>
      JSON.stringify([f.path, f.member, f.kind, f.masked, f.line, f.offset, f.encoding]);
    expect(simdFindings.map(key).sort()).toEqual(refFindings.map(key).sort());
    expect(simdFindings.length).toBeGreaterThanOrEqual(corpus.planted.length);
  });
});
