/**
 * The verdict tells the truth, through the real CLI: checks at the gate that could not decide make
 * a run INCOMPLETE (exit 5), never COMPLIANT, and the console says which and why; a live probe an
 * offline image cannot run is not-applicable; parser usage errors exit 2; findings and unscanned
 * hosts are both in the JSON summary, and findings decide the exit code.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../core/model.js';
import { exitCodeOf, summarize, verdictOf } from '../../engine/evaluate.js';
import { renderSummaryTable } from '../../reporters/summary-table.js';
import { cli } from '../helpers/cli.js';
import { fleetReport, sampleReport } from '../helpers/sample-report.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit-verdict-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An image with an os-release and nothing else: the account checks cannot read what they need. */
function bareImage(): string {
  const img = path.join(tmp, 'bare');
  mkdirSync(path.join(img, 'etc'), { recursive: true });
  writeFileSync(path.join(img, 'etc/os-release'), 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
  return img;
}

// Results (the verdict line and the lists under it) go to stdout; progress and diagnostics to stderr.
describe('INCOMPLETE when checks at the gate could not decide', () => {
  const img = bareImage();
  const checks = 'accounts.default-disabled,accounts.password-policy,tls.endpoints-strong';

  it('exits 5 with INCOMPLETE, lists the checks by reason, and the JSON summary carries the gate', async () => {
    const out = path.join(tmp, 'out-en');
    const r = await cli([
      'scan',
      `image:${img}`,
      '--checks',
      checks,
      '--out',
      out,
      '--format',
      'json',
      '--quiet',
      '--lang',
      'en',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(5);
    expect(r.stdout).toMatch(/INCOMPLETE: \d+ checks at or above high could not decide/);
    expect(r.stdout).not.toContain('COMPLIANT:');
    expect(r.stdout).toContain('Checks that could not decide, by reason:');
    expect(r.stdout).toMatch(/⚠ \d+× Could not read the account list.*\[accounts\.default-disabled\]/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    expect(report.verdict).toBe('incomplete');
    expect(report.summary.gate).toMatchObject({ failing: 0, targetsNotScanned: 0, exitCode: 5 });
    expect(report.summary.gate!.undecided).toBeGreaterThan(0);
    expect(report.summary.gate!.undecidedByReason.flatMap((g) => g.checks)).toContain('accounts.password-policy');
    // The live TLS probe has nothing to probe on an image: not-applicable with the reason, not error.
    const tls = report.targets[0].results.filter((x) => x.checkId === 'tls.endpoints-strong');
    expect(tls.length).toBeGreaterThan(0);
    for (const x of tls) {
      expect(x.status).toBe('not-applicable');
      expect(x.findings[0].message.en).toContain('offline image');
    }
  });

  it('says 不完全 in Japanese', async () => {
    const r = await cli([
      'scan',
      `image:${img}`,
      '--checks',
      checks,
      '--out',
      path.join(tmp, 'out-ja'),
      '--format',
      'json',
      '--quiet',
      '--lang',
      'ja',
    ]);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('不完全');
    expect(r.stdout).toContain('判定できなかったチェック（理由別）');
    expect(r.stdout).not.toMatch(/未完了|適合:/);
  });

  it('below the gate, an undecided check does not block: --fail-on critical is compliant here', async () => {
    const r = await cli([
      'scan',
      `image:${img}`,
      '--checks',
      checks,
      '--out',
      path.join(tmp, 'out-crit'),
      '--format',
      'json',
      '--quiet',
      '--fail-on',
      'critical',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^COMPLIANT/m);
  });
});

describe('usage errors from the command parser exit 2', () => {
  for (const args of [['scan', '--fail-on', 'hihg'], ['frobnicate'], ['checks', 'list', '--lang', 'fr'], ['scan', '--out']]) {
    it(`posaudit ${args.join(' ')}`, async () => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error:/);
    });
  }
  it('--help and --version still exit 0', async () => {
    expect((await cli(['--version'])).code).toBe(0);
    expect((await cli(['scan', '--help'])).code).toBe(0);
  });
});

describe('a fleet with failures and an unreachable host', () => {
  const fleet = fleetReport({ hosts: 40, resultsPerHost: 12, unreachableEvery: 20 });
  const summary = summarize(fleet.targets, fleet.failOn);

  it('is non-compliant with exit 1, and the summary carries both facts', () => {
    expect(verdictOf(fleet)).toBe('non-compliant');
    expect(exitCodeOf(fleet)).toBe(1);
    expect(summary.gate!.failing).toBeGreaterThan(0);
    expect(summary.gate!.targetsNotScanned).toBe(2);
    expect(summary.gate!.exitCode).toBe(1);
  });

  it('without failures, the unreachable host makes it incomplete with exit 3', () => {
    const clean = fleet.targets.map((tg) => ({ ...tg, results: tg.results.filter((r) => r.status === 'pass') }));
    expect(verdictOf({ targets: clean, failOn: 'high' })).toBe('incomplete');
    expect(exitCodeOf({ targets: clean, failOn: 'high' })).toBe(3);
  });
});

describe('automated pass rate and manual items pending', () => {
  it('are two numbers: a fully passing run with manual items is 100 %, not 25 %', () => {
    const base = sampleReport();
    const host = base.targets[0];
    const results = host.results.filter((r) => r.status === 'pass' || r.status === 'manual');
    const targets = [{ ...host, results }];
    const s = summarize(targets, 'high');
    expect(s.automatedPassRate).toBe(100);
    expect(s.manualPending).toBe(results.filter((r) => r.status === 'manual').length);
    expect(s.manualPending).toBeGreaterThan(0);
    const text = renderSummaryTable({ ...base, targets, summary: s, verdict: 'compliant' }, 'en');
    expect(text).toContain(`Automated pass rate: 100%  Manual items pending: ${s.manualPending}`);
  });
});
