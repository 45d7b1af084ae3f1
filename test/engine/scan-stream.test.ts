/** A scan writes its reports from the spool of judged hosts: the same files the whole report gives, and no spool left behind. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '../../bin/commands/scan.js';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import { coverageCounts } from '../../engine/coverage.js';
import { loadProfile } from '../../engine/profiles.js';
import type { Report } from '../../core/model.js';
import { SPOOL_FILE, type ScanItem } from '../../engine/scan.js';
import { writeReports } from '../../engine/reports.js';
import { verifyManifest } from '../../reporters/manifest.js';
import { createTarget, parseTargetSpec } from '../../targets/factory.js';
import { REPO } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'posaudit-scan-stream-'));
  dirs.push(d);
  return d;
};

const IMAGES = ['linux-usb-open', 'linux-pos-hardened', 'linux-pos-weak'].map((n) => path.join(REPO, 'test/fixtures/images', n));
const RULES = ALL_CHECKS.map((c) => ({
  id: c.id,
  title: c.title,
  description: c.description,
  remediation: c.remediation,
  severity: c.severity,
}));

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(path.join(e.parentPath, e.name).slice(dir.length + 1));
  return out.sort();
}

describe('a scan streams its reports', () => {
  it('json, sarif, html and junit equal what the whole report renders; the spool is gone', async () => {
    const out = path.join(await tmp(), 'out');
    const items: ScanItem[] = [
      ...IMAGES.map((img, i) => ({
        name: `pos-${i + 1}`,
        tags: { store: i % 2 ? 'store-2' : 'store-1' },
        create: () => createTarget(parseTargetSpec(`image:${img}`), {}),
      })),
      { name: 'pos-down', tags: { store: 'store-1' }, create: () => Promise.reject(new Error('connection refused')) },
    ];
    const run = await runScan(
      [],
      { out, format: 'json,sarif,sarif-github,html,junit', lang: 'ja', failOn: 'high' },
      { items, lang: 'ja', keepReport: true },
    );
    expect(existsSync(path.join(out, SPOOL_FILE))).toBe(false);
    expect((await verifyManifest(out)).ok).toBe(true);
    // Findings at the gate decide the exit code even with a host down (issue 18: was 3); both facts are in the summary.
    expect(run.exitCode).toBe(1);
    expect(run.header.summary.gate).toMatchObject({ targetsNotScanned: 1, exitCode: 1 });
    expect(run.header.summary.gate!.failing).toBeGreaterThan(0);
    expect(run.hosts.map((h) => h.name)).toEqual(['pos-1', 'pos-2', 'pos-3', 'pos-down']);

    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(run.report).toEqual(report);
    expect(report.targets.filter((t) => t.state === 'scanned')).toHaveLength(3);
    expect(run.header.summary).toEqual(report.summary);
    // Each profile's coverage, from the one computation profiles show and docs/profiles.md use.
    expect(report.profiles.length).toBeGreaterThan(0);
    for (const p of report.profiles) expect(p.coverage).toEqual(coverageCounts(await loadProfile(p.id, findCheck)));
    const whole = await tmp();
    await writeReports(report, whole, ['json', 'sarif', 'sarif-github', 'html', 'junit'], { lang: 'ja', rules: RULES });
    const streamed = (await files(out)).filter((f) => f !== 'evidence.json.gz' && !f.startsWith('manifest'));
    expect(streamed).toEqual(await files(whole));
    for (const f of streamed) {
      const a = await readFile(path.join(whole, f), 'utf8');
      const b = await readFile(path.join(out, f), 'utf8');
      if (f === 'report.json') expect(JSON.parse(b)).toEqual(JSON.parse(a));
      else expect(b, f).toBe(a);
    }
  });
});
