/** Plant numbers, run every output path, and search every byte written for the full numbers. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceAnswer } from '../../core/evidence.js';
import type { AnyCheck } from '../../core/model.js';
import { checks } from '../../checks/pan/index.js';
import { runPanCommand } from '../../bin/commands/pan.js';
import { defaultParams, evidenceOf, run } from '../helpers/evidence.js';
import { makePan, makeZip, rng, writeCorpus, type Corpus } from '../helpers/pan-corpus.js';
import { FolderTarget, ShellTarget } from './fake-targets.js';

let dir: string;
let corpus: Corpus;
const written: Array<{ what: string; bytes: Buffer }> = [];

function sink(what: string): Writable {
  const parts: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      parts.push(Buffer.from(chunk));
      cb();
    },
    final(cb) {
      written.push({ what, bytes: Buffer.concat(parts) });
      cb();
    },
  });
}

async function capture(what: string, fn: (out: Writable) => Promise<unknown>): Promise<unknown> {
  const out = sink(what);
  const r = await fn(out);
  await new Promise<void>((res) => out.end(res));
  return r;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pan-leak-'));
  corpus = writeCorpus(join(dir, 'root'), 11);
  // numbers in names: a file, a folder, a zip member
  const inName = makePan('4', 16, rng(21));
  const inDir = makePan('53', 16, rng(22));
  const inMember = makePan('37', 15, rng(23));
  mkdirSync(join(corpus.root, `tmp/${inDir}`), { recursive: true });
  writeFileSync(join(corpus.root, `tmp/${inDir}/receipt-${inName}.txt`), `card ${inName}\n`);
  writeFileSync(
    join(corpus.root, 'tmp/members.zip'),
    makeZip([
      { name: `cards/${inMember}.txt`, data: Buffer.from(`x ${inMember}\n`) },
      { name: `bomb-${inMember}.bin`, data: Buffer.alloc(20 << 20) },
    ]),
  );
  corpus.secrets.push(inName, inDir, inMember);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function forms(secret: string): Buffer[] {
  const grouped = secret.replace(/(\d{4})(?=\d)/g, '$1 ');
  const dashed = secret.replace(/(\d{4})(?=\d)/g, '$1-');
  return [secret, grouped, dashed].flatMap((s) => [
    Buffer.from(s, 'latin1'),
    Buffer.from(s, 'utf16le'),
    Buffer.from(Buffer.from(s, 'utf16le')).swap16(),
  ]);
}

describe('no full card number in any output', () => {
  it('CLI (JSON, English and Japanese tables, bad path), collector data (walk and remote), check findings', async () => {
    for (const json of [true, false]) {
      for (const lang of ['en', 'ja'] as const) {
        const code = await capture(`cli json=${json} ${lang}`, (out) =>
          runPanCommand([corpus.root], { json, lang, threads: 0 }, out),
        );
        expect(code).toBe(1);
      }
    }
    const bad = corpus.secrets[0];
    const code = await capture('cli bad path', (out) =>
      runPanCommand([join(dir, `missing-${bad}`)], { json: true, lang: 'en' }, out),
    );
    expect(code).toBe(2);
    const line = written[written.length - 1].bytes.toString();
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(line).toMatch(/no such file or folder: .*missing-\d{6}\*{6}\d{4}/);

    const stored = checks.find((c) => c.id === 'pan.stored-pan') as AnyCheck;
    for (const target of [new FolderTarget(corpus.root), new ShellTarget()]) {
      const params = {
        ...defaultParams(stored),
        paths: target instanceof ShellTarget ? [corpus.root] : defaultParams(stored).paths,
      };
      const ans = await stored.active!.collect(target, params, new AbortController().signal);
      expect(ans.status).toBe('ok');
      const data = JSON.stringify(ans.data);
      written.push({ what: `collector ${target.kind}`, bytes: Buffer.from(data) });
      const answer: EvidenceAnswer = { status: 'ok', data };
      const ev = evidenceOf([], { [stored.active!.key(params)]: answer });
      for (const c of checks)
        written.push({
          what: `findings ${c.id} ${target.kind}`,
          bytes: Buffer.from(JSON.stringify(run(c, ev, undefined, params))),
        });
    }
    // sanity: outputs are not empty and do show masked numbers
    const all = Buffer.concat(written.map((w) => w.bytes)).toString();
    expect(all).toMatch(/\d{6}\*{6}\d{4}/);
    expect(all).toContain('カード番号');

    const leaks: string[] = [];
    for (const w of written)
      for (const s of corpus.secrets)
        for (const f of forms(s)) if (w.bytes.includes(f)) leaks.push(`${w.what}: ${s.slice(0, 6)}…`);
    expect(leaks).toEqual([]);
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(150);
  });
});
