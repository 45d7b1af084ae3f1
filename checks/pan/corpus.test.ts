import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { scanPaths, type PanScanSummary } from './scan.js';
import { makePan, makeZip, rng, writeCorpus, type Corpus } from '../../test/helpers/pan-corpus.js';

let dir: string;
let corpus: Corpus;
let outside: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pan-corpus-'));
  corpus = writeCorpus(join(dir, 'root'), 7);
  // a card outside the root, reachable only through a symlink
  outside = join(dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), `x ${makePan('4', 16, rng(99))}\n`);
  symlinkSync(outside, join(corpus.root, 'home/clerk/link-out'));
  symlinkSync(join(outside, 'secret.txt'), join(corpus.root, 'home/clerk/file-link'));
  execFileSync('mkfifo', [join(corpus.root, 'tmp-fifo')]);
  // a zip bomb: 50 MB of zeros, and a gzip bomb
  const zeros = Buffer.alloc(50 * 1024 * 1024);
  writeFileSync(join(corpus.root, 'srv/export/bomb.zip'), makeZip([{ name: 'zeros.bin', data: zeros }]));
  writeFileSync(join(corpus.root, 'srv/export/bomb.log.gz'), gzipSync(zeros));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function key(f: { path: string; member?: string; masked: string; kind: string }): string {
  return `${f.path}|${f.member ?? ''}|${f.masked}|${f.kind}`;
}

function expectExact(sum: PanScanSummary): void {
  const expected = corpus.planted
    .map((p) => key({ path: join(corpus.root, p.file), member: p.member, masked: p.masked, kind: p.kind }))
    .sort();
  const got = sum.findings.map(key).sort();
  const missed = expected.filter((e) => !got.includes(e));
  const extra = got.filter((g) => !expected.includes(g));
  expect({ missed, extra }).toEqual({ missed: [], extra: [] });
}

describe('labelled corpus', () => {
  it('finds every planted number in every encoding and container, and no look-alike (in-process)', async () => {
    const sum = await scanPaths({ roots: [corpus.root], threads: 0 });
    expect(corpus.planted.length).toBeGreaterThanOrEqual(27);
    expect(corpus.lookalikes).toBeGreaterThanOrEqual(100);
    expectExact(sum);
    // recall 100 %, false positives 0: stated as figures for the report
    const recall = sum.findings.length / corpus.planted.length;
    expect(recall).toBe(1);
    // the bombs are reported, not followed
    const bombs = sum.skippedSamples.filter((s) => s.reason === 'expansion-cap').map((s) => s.path);
    expect(bombs.sort()).toEqual([join(corpus.root, 'srv/export/bomb.log.gz'), join(corpus.root, 'srv/export/bomb.zip')]);
    expect(sum.scannedBytes).toBeLessThan(100 * 1024 * 1024);
    // symlinks are not followed, the FIFO is not opened (the test would hang)
    expect(sum.findings.some((f) => f.path.includes('link'))).toBe(false);
    expect(sum.skipped.symlink).toBe(2);
    expect(sum.skipped['special-file']).toBe(1);
  });

  it('gives the same answer on worker threads, with lines, offsets and encodings', async () => {
    const sum = await scanPaths({ roots: [corpus.root], threads: 2 });
    expectExact(sum);
    const le = sum.findings.find((f) => f.path.endsWith('win-le.log'));
    expect(le).toMatchObject({ encoding: 'utf-16le', line: 2 });
    expect(sum.findings.find((f) => f.path.endsWith('win-be.log'))?.encoding).toBe('utf-16be');
    const core = sum.findings.find((f) => f.path.endsWith('pos.core'));
    expect(core?.offset).toBe((1 << 20) - 7 + 1);
    const e57 = sum.findings.find((f) => f.emvTag === '57');
    expect(e57).toMatchObject({ kind: 'track2', encoding: 'emv-hex' });
  });

  it('honours exclude and include globs and the file size limit', async () => {
    const ex = await scanPaths({ roots: [corpus.root], threads: 0, exclude: ['**/var/log/**', '**/*.zip'] });
    expect(ex.findings.some((f) => f.path.includes('/var/log/') || f.path.endsWith('.zip'))).toBe(false);
    expect(ex.findings.length).toBeGreaterThan(0);
    const inc = await scanPaths({ roots: [corpus.root], threads: 0, include: ['**/*.docx'] });
    expect(inc.findings.map((f) => f.member)).toEqual(['word/document.xml']);
    const small = await scanPaths({ roots: [corpus.root], threads: 0, maxFileBytes: 1024 * 1024 });
    expect(small.findings.some((f) => f.path.endsWith('pos.core'))).toBe(false);
    expect(small.skipped['too-large']).toBeGreaterThanOrEqual(1);
  });
});
