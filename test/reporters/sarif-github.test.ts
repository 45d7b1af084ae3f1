/**
 * The SARIF GitHub code scanning takes: a 300-host fleet report written as the CLI writes it, every
 * part checked against the official SARIF 2.1.0 schema and against GitHub's documented upload limits
 * (docs.github.com "SARIF support for code scanning": 25 000 results per run, 20 runs per file,
 * 10 MB gzip-compressed per upload, 20 tags per rule; a result needs a physical location; one
 * category per upload, from automationDetails.id).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { t, type Text } from '../../core/i18n.js';
import type { CheckResult, Report } from '../../core/model.js';
import { writeReports } from '../../engine/reports.js';
import { buildSarif, GITHUB_MAX_GZIP_BYTES, GITHUB_MAX_RESULTS_PER_RUN, type SarifLog } from '../../reporters/sarif.js';
import { fleetReport, SAMPLE_RULES, sampleReport, withTargets } from '../helpers/sample-report.js';
import { validateSarif } from './sarif-schema.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'posaudit-ghsarif-'));
  dirs.push(d);
  return d;
}

/** 300 hosts, 100 failing results each (30 000: more than one GitHub run holds), 1 in 50 unreachable. */
function failingFleet(): Report {
  const fleet = fleetReport({ hosts: 300, resultsPerHost: 100, unreachableEvery: 50 });
  return withTargets(
    fleet,
    fleet.targets.map((tg) => ({
      ...tg,
      results: tg.results.map((r, c): CheckResult => ({
        ...r,
        status: 'fail',
        waiver: undefined,
        procedure: undefined,
        findings: [
          {
            status: 'fail',
            message: t(`Check ${c} failed on ${tg.name}.`, `${tg.name} のチェック ${c} が不合格です。`),
            location: c % 10 === 0 ? `/var/log/pos/app.log:${c + 1}` : `/etc/posaudit/c${c}.conf`,
          },
        ],
      })),
    })),
  );
}

function checkLimits(log: SarifLog, file: string, bytes: Buffer): void {
  expect(validateSarif(log).errors, file).toBe('');
  expect(gzipSync(bytes).length, `${file} gzipped`).toBeLessThanOrEqual(GITHUB_MAX_GZIP_BYTES);
  expect(log.runs.length).toBeLessThanOrEqual(20);
  for (const run of log.runs) {
    expect(run.results.length).toBeLessThanOrEqual(GITHUB_MAX_RESULTS_PER_RUN);
    expect(run.tool.driver.rules.length).toBeLessThanOrEqual(25_000);
    for (const rule of run.tool.driver.rules) {
      expect(rule.properties['security-severity'], rule.id).toMatch(/^\d+\.\d$/);
      expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
    }
    for (const r of run.results) {
      expect(r.locations.length).toBeGreaterThanOrEqual(1);
      expect(r.locations.length).toBeLessThanOrEqual(1000);
      const phys = r.locations[0].physicalLocation!;
      expect(phys.artifactLocation.uri).toMatch(/^hosts\/[^:]+$/);
      expect(phys.artifactLocation.uri).not.toMatch(/%3A\d+$/);
      expect(phys.region.startLine).toBeGreaterThanOrEqual(1);
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    }
  }
}

describe('GitHub SARIF of a 300-host fleet', async () => {
  const report = failingFleet();
  const dir = await tmp();
  const warnings: Text[] = [];
  const written = await writeReports(report, dir, ['sarif-github', 'sarif'], {
    lang: 'en',
    rules: SAMPLE_RULES,
    onWarning: (w) => warnings.push(w),
  });
  const parts = written.filter((f) => basename(f).startsWith('report.github'));
  const logs = await Promise.all(
    parts.map(async (f) => {
      const bytes = await readFile(f);
      return { f, bytes, log: JSON.parse(bytes.toString('utf8')) as SarifLog };
    }),
  );

  it('is split into parts, each valid and within every documented limit', () => {
    expect(parts.map((f) => basename(f))).toEqual(['report.github.sarif', 'report.github.part-2.sarif']);
    for (const { f, bytes, log } of logs) checkLimits(log, f, bytes);
    expect(warnings.map((w) => w.en).join('\n')).toContain('split into 2 parts');
  });

  it('gives each part its own category and loses no failing result', () => {
    const categories = logs.map(({ log }) => log.runs[0].automationDetails.id.replace(/[^/]*$/, ''));
    expect(new Set(categories).size).toBe(parts.length);
    expect(categories[1]).toContain('/part-2/');
    const fps = logs.flatMap(({ log }) => log.runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash));
    const scanned = report.targets.filter((tg) => tg.state === 'scanned').length;
    expect(fps.length).toBe(scanned * 100);
    expect(new Set(fps).size).toBe(fps.length);
    // Every host lands in exactly one part.
    const hosts = logs.flatMap(({ log }) => (log.runs[0].properties.part as { hosts: string[] }).hosts);
    expect(hosts.sort()).toEqual(report.targets.map((tg) => tg.name).sort());
  });

  it('puts a line number in region.startLine, not in the URI', () => {
    const r = logs[0].log.runs[0].results.find((x) => x.properties.location === '/var/log/pos/app.log:11')!;
    expect(r.locations[0].physicalLocation!.artifactLocation.uri).toMatch(/\/var\/log\/pos\/app\.log$/);
    expect(r.locations[0].physicalLocation!.region.startLine).toBe(11);
  });

  it('the full report.sarif gives every result a physical location too', async () => {
    const full = JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')) as SarifLog;
    expect(validateSarif(full).errors).toBe('');
    for (const r of full.runs[0].results) expect(r.locations[0].physicalLocation?.artifactLocation.uri).toMatch(/^hosts\//);
  });
});

describe('GitHub SARIF alerts', () => {
  it('makes one alert per check and location, with every control and requirement it evidences', () => {
    const base = sampleReport();
    const host = base.targets[0];
    const fail = host.results.find((r) => r.status === 'fail' && r.findings[0]?.location)!;
    const controls = ['1.2.1', '1.3.1', '1.4.1', '1.4.2'].map((req, i): CheckResult => ({
      ...fail,
      controlId: `fw-${i}`,
      requirements: [`PCI ${req}`, 'POS 方針4'],
    }));
    const report = withTargets(base, [{ ...host, results: controls }]);
    const run = buildSarif(report, { lang: 'en', rules: SAMPLE_RULES, flavour: 'github' }).runs[0];
    expect(run.results).toHaveLength(1);
    const r = run.results[0];
    expect(r.properties.controlIds).toEqual(['fw-0', 'fw-1', 'fw-2', 'fw-3']);
    expect(r.taxa!.map((x) => x.id).sort()).toEqual(['1.2.1', '1.3.1', '1.4.1', '1.4.2', '方針4']);
    for (const x of r.taxa!) expect(run.taxonomies[x.toolComponent.index].name).toBe(x.toolComponent.name);
    expect(
      validateSarif({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }).errors,
    ).toBe('');
  });

  it('shows a warning that gates the run (--fail-on low) and leaves it out otherwise', () => {
    const report = sampleReport();
    const warnIds = (failOn: Report['failOn']) =>
      buildSarif({ ...report, failOn }, { lang: 'en', rules: SAMPLE_RULES, flavour: 'github' })
        .runs[0].results.filter((r) => r.properties['posaudit/status'] === 'warn')
        .map((r) => r.ruleId);
    expect(warnIds('low').length).toBeGreaterThan(0);
    expect(warnIds('high')).toEqual([]);
  });

  it('cuts a host with more results than a run holds, keeping the most severe, and says so', async () => {
    const base = sampleReport();
    const host = base.targets[0];
    const fail = host.results.find((r) => r.status === 'fail')!;
    // One card-data-like check with a finding per file, and a low-severity check that must give way.
    const findings = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({
        status: 'fail' as const,
        message: t(`Finding ${i}`, `検出 ${i}`),
        location: `/data/${prefix}${i}`,
      }));
    const results: CheckResult[] = [
      { ...fail, controlId: 'low', checkId: 'bulk.low', severity: 'low', findings: findings(10, 'low') },
      {
        ...fail,
        controlId: 'high',
        checkId: 'bulk.high',
        severity: 'high',
        findings: findings(GITHUB_MAX_RESULTS_PER_RUN, 'high'),
      },
    ];
    const dir = await tmp();
    const warnings: Text[] = [];
    const files = await writeReports(withTargets(base, [{ ...host, results }]), dir, ['sarif-github'], {
      lang: 'en',
      rules: SAMPLE_RULES,
      onWarning: (w) => warnings.push(w),
    });
    const log = JSON.parse(await readFile(files[0], 'utf8')) as SarifLog;
    expect(log.runs[0].results).toHaveLength(GITHUB_MAX_RESULTS_PER_RUN);
    expect(log.runs[0].results.some((r) => r.properties.severity === 'low')).toBe(false);
    expect(warnings.map((w) => w.en).join('\n')).toContain('were cut to the most severe');
  });
});
