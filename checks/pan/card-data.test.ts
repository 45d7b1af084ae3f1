import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedRequirementsOf } from '../../test/helpers/mappings.js';
import type { EvidenceAnswer } from '../../core/evidence.js';
import type { AnyCheck } from '../../core/model.js';
import { checks, type CardDataEvidence } from './index.js';
import { defaultParams, evidenceOf, run } from '../../test/helpers/evidence.js';
import { makePan, rng, writeCorpus, type Corpus } from '../../test/helpers/pan-corpus.js';
import { FolderTarget, NothingTarget, ShellTarget } from '../../test/pan/fake-targets.js';

const storedPan = checks.find((c) => c.id === 'pan.stored-pan') as AnyCheck;
const trackData = checks.find((c) => c.id === 'pan.track-data') as AnyCheck;
let dir: string;
let corpus: Corpus;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pan-checks-'));
  corpus = writeCorpus(join(dir, 'img'), 3);
  mkdirSync(join(dir, 'clean/var/log'), { recursive: true });
  writeFileSync(join(dir, 'clean/var/log/syslog'), 'nothing to see 1700000000000\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collected(
  target: ConstructorParameters<typeof FolderTarget>[0] | FolderTarget | ShellTarget | NothingTarget,
  params: Record<string, unknown> = {},
) {
  const t = typeof target === 'string' ? new FolderTarget(target) : target;
  const p = { ...defaultParams(storedPan), ...params };
  const ans = await storedPan.active!.collect(t, p, new AbortController().signal);
  const answer: EvidenceAnswer = {
    status: ans.status,
    data: ans.data === undefined ? undefined : JSON.stringify(ans.data),
    reason: ans.reason,
  };
  return { ev: evidenceOf([], { [storedPan.active!.key(p)]: answer }), p, data: ans.data as CardDataEvidence | undefined, ans };
}

describe('pan.stored-pan and pan.track-data', () => {
  it('fail on an image with card data, with masked numbers and image paths as locations', async () => {
    const { ev, p, data } = await collected(join(dir, 'img'));
    expect(data?.mode).toBe('walk');
    const pan = run(storedPan, ev, undefined, p);
    const fails = pan.filter((f) => f.status === 'fail');
    expect(fails.length).toBe(corpus.planted.filter((x) => x.kind === 'pan').length);
    const docx = fails.find((f) => f.location?.startsWith('/home/clerk/report.docx!word/document.xml'));
    expect(docx?.message.en).toMatch(/^Card number \d{6}\*{6}\d{4} \(JCB\) stored unmasked \(PAN in text, in a zip member\)$/);
    expect(docx?.message.ja).toContain('マスクされずに保存されています');
    expect(pan.some((f) => f.status === 'warn')).toBe(false);
    const track = run(trackData, ev, undefined, p).filter((f) => f.status === 'fail');
    expect(track.map((f) => f.details?.kind).sort()).toEqual(['track1', 'track2', 'track2']);
    expect(trackData.severity).toBe('critical');
    expect(shippedRequirementsOf(trackData.id)).toContain('PCI 3.3.1');
  });

  it('pass on a clean image, saying how much was scanned', async () => {
    const { ev, p } = await collected(join(dir, 'clean'));
    const res = run(storedPan, ev, undefined, p);
    expect(res).toHaveLength(1);
    expect(res[0].status).toBe('pass');
    expect(res[0].message.en).toMatch(/^No unmasked card numbers found\. 1 files/);
  });

  it('labels test cards, and ignoreTestCards drops them', async () => {
    const root = join(dir, 'testcards');
    mkdirSync(join(root, 'tmp'), { recursive: true });
    writeFileSync(join(root, 'tmp/demo.txt'), 'demo 4111111111111111\n');
    const { ev, p } = await collected(root);
    const res = run(storedPan, ev, undefined, p);
    expect(res[0].status).toBe('fail');
    expect(res[0].message.en).toContain('well-known test number');
    expect(run(storedPan, ev, undefined, { ...p, ignoreTestCards: true })[0].status).toBe('pass');
  });

  it('error, never pass, when the scan did not run or the target cannot scan', async () => {
    const none = await collected(new NothingTarget());
    expect(none.ans.status).toBe('unsupported');
    expect(run(storedPan, none.ev, undefined, none.p)[0].status).toBe('error');
    expect(run(trackData, evidenceOf([]), undefined, defaultParams(trackData))[0].status).toBe('error');
  });

  it('over a shell, the remote filter finds the same text, UTF-16, gzip and track data', async () => {
    const shell = new ShellTarget();
    const { ev, p, data } = await collected(shell, { paths: [join(dir, 'img')] });
    expect(data?.mode).toBe('remote-sh');
    expect(shell.trips).toBe(1);
    const fails = [...run(storedPan, ev, undefined, p), ...run(trackData, ev, undefined, p)].filter((f) => f.status === 'fail');
    const got = new Set(fails.map((f) => `${f.details?.masked}|${f.details?.kind}`));
    const wanted = corpus.planted.filter((x) => !x.member || x.member === '(gzip)').filter((x) => !x.label.includes('sqlite'));
    for (const w of wanted) expect(got, w.label).toContain(`${w.masked}|${w.kind}`);
    // only candidates came back: far fewer bytes than were scanned
    expect(data!.transferredBytes!).toBeLessThan(data!.summary.bytes / 100);
    expect(data!.summary.files).toBeGreaterThan(10);
  });

  it('quotes hostile paths in the remote command', async () => {
    const shell = new ShellTarget();
    const evil = join(dir, "x'; touch pwned; '");
    await collected(shell, { paths: [evil] });
    expect(shell.lastCommand).toContain(`'${dir}/x'\\''; touch pwned; '\\'''`);
    expect(() => writeFileSync(join(process.cwd(), 'pwned'), '', { flag: 'wx' })).not.toThrow();
    rmSync(join(process.cwd(), 'pwned'));
  });

  it('a card number split by a chunk boundary in a large file is found once', async () => {
    const root = join(dir, 'big');
    mkdirSync(join(root, 'var/log'), { recursive: true });
    const pan = makePan('4', 16, rng(5));
    const filler = `${'x'.repeat((1 << 20) - 9)} `;
    writeFileSync(join(root, 'var/log/big.log'), `${filler}${pan}\n${filler}\n`);
    const { ev, p } = await collected(root);
    const fails = run(storedPan, ev, undefined, p).filter((f) => f.status === 'fail');
    expect(fails).toHaveLength(1);
    expect(fails[0].location).toBe('/var/log/big.log:1');
  });
});
