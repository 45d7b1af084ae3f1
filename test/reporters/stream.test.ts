import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../core/model.js';
import { sourceOfReport, type ReportSource } from '../../core/report.js';
import { TargetSpool } from '../../engine/spool.js';
import { writeReports, writeReportSource, type ReportFormat } from '../../engine/reports.js';
import { fleetReport, SAMPLE_RULES, sampleReport } from '../helpers/sample-report.js';
import { validateSarif } from './sarif-schema.js';

const FORMATS: ReportFormat[] = ['json', 'sarif', 'sarif-github', 'html', 'junit'];
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'posaudit-stream-'));
  dirs.push(d);
  return d;
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name).slice(dir.length + 1));
  return out.sort();
}

/** The same report through a spool, slots filled out of order as a scan fills them. */
async function spooled(report: Report, dir: string): Promise<{ src: ReportSource; spool: TargetSpool }> {
  const spool = new TargetSpool(join(dir, '.targets.jsonl'), report.targets.length, report.failOn);
  const order = report.targets.map((_, i) => i).reverse();
  for (const i of order) await spool.add(i, report.targets[i]);
  await spool.close();
  const { targets: _t, summary: _s, verdict: _v, ...header } = report;
  return { src: spool.source(header), spool };
}

async function compare(report: Report, opts: { baseline?: Report; lang?: 'en' | 'ja'; viaSpool?: boolean } = {}): Promise<void> {
  const whole = await tmp();
  const streamed = await tmp();
  const o = { lang: opts.lang ?? 'en', rules: SAMPLE_RULES, baseline: opts.baseline };
  await writeReports(report, whole, FORMATS, o);
  let spool: TargetSpool | undefined;
  let src = sourceOfReport(report);
  if (opts.viaSpool) ({ src, spool } = await spooled(report, await tmp()));
  const written = await writeReportSource(src, streamed, FORMATS, o);
  expect(written.map((f) => f.slice(streamed.length + 1)).sort()).toEqual(await files(whole));
  for (const f of await files(whole)) {
    const a = await readFile(join(whole, f), 'utf8');
    const b = await readFile(join(streamed, f), 'utf8');
    if (f === 'report.json') expect(JSON.parse(b)).toEqual(JSON.parse(a));
    else expect(b, f).toBe(a);
  }
  expect(validateSarif(JSON.parse(await readFile(join(streamed, 'report.sarif'), 'utf8')) as unknown).errors).toBe('');
  if (spool) {
    await spool.remove();
    expect(existsSync(spool.file)).toBe(false);
  }
}

describe('streamed reports equal the whole-report ones', () => {
  it('the sample report (every status, hostile strings, unreachable host, expired waivers)', async () => {
    await compare(sampleReport());
    await compare(sampleReport({ lang: 'ja' }), { lang: 'ja', viaSpool: true });
  });

  it('with a baseline (changes section, SARIF baseline states and absent results)', async () => {
    const now = sampleReport();
    const old = sampleReport({ createdAt: '2026-11-20T00:00:00.000Z' });
    old.targets[0].results[2].findings[0].location = 'tcp/9443';
    await compare(
      { ...now, baseline: { source: 'old/report.json', createdAt: old.createdAt } },
      { baseline: old, viaSpool: true },
    );
  });

  it('a fleet: per-store JUnit, compact SARIF, closed host sections', async () => {
    await compare(fleetReport({ hosts: 230, resultsPerHost: 12, stores: 5, unreachableEvery: 17 }), { viaSpool: true });
  });

  it('an empty report', async () => {
    await compare({ ...sampleReport(), targets: [], expiredWaivers: undefined });
  });

  it('a card number that slipped into a finding is masked in the streamed formats too', async () => {
    const leaky = sampleReport();
    leaky.targets[0].results[0].findings[0].message.en = 'Found 4111 1111 1111 1111 in a log.';
    const dir = await tmp();
    const { src } = await spooled(leaky, await tmp());
    await writeReportSource(src, dir, FORMATS, { lang: 'en', rules: SAMPLE_RULES });
    for (const f of await files(dir)) expect(await readFile(join(dir, f), 'utf8'), f).not.toMatch(/4111 ?1111 ?1111 ?1111/);
  });
});
