import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffReports } from '../../engine/diff.js';
import { renderDiffText } from '../../reporters/diff-text.js';
import { writeReports } from '../../engine/reports.js';
import { verifyManifest, writeManifest } from '../../reporters/manifest.js';
import { fleetReport, SAMPLE_RULES, sampleReport, withTargets } from '../helpers/sample-report.js';
import { validateSarif } from './sarif-schema.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('writeReports', () => {
  it('writes every format, and the manifest covers them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'posaudit-reports-'));
    const written = await writeReports(sampleReport(), dir, ['json', 'sarif', 'sarif-github', 'html', 'junit'], {
      lang: 'ja',
      rules: SAMPLE_RULES,
    });
    expect(written.map((p) => p.slice(dir!.length + 1))).toEqual([
      'report.json',
      'report.sarif',
      'report.github.sarif',
      'report.html',
      'report.junit.xml',
    ]);
    const sarif = JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')) as unknown;
    expect(validateSarif(sarif).errors).toBe('');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<html lang="ja">');
    await writeManifest(dir);
    expect((await verifyManifest(dir)).ok).toBe(true);
  });

  it('splits JUnit per store for a large fleet and still writes report.junit.xml', async () => {
    dir = await mkdtemp(join(tmpdir(), 'posaudit-reports-'));
    const written = await writeReports(fleetReport({ hosts: 220, resultsPerHost: 3, stores: 4 }), dir, ['junit'], {
      lang: 'en',
      rules: [],
    });
    expect(written).toHaveLength(5);
    expect((await readdir(join(dir, 'junit'))).sort()).toEqual([
      'store-001.xml',
      'store-002.xml',
      'store-003.xml',
      'store-004.xml',
    ]);
    await expect(readFile(join(dir, 'report.junit.xml'), 'utf8')).resolves.toContain('<testsuites');
  });

  it('never writes a card number that slipped into a finding, in any format', async () => {
    dir = await mkdtemp(join(tmpdir(), 'posaudit-reports-'));
    const leaky = sampleReport();
    leaky.targets[0].results[0].findings[0].message.en = 'Found 4111 1111 1111 1111 in a log.';
    leaky.targets[0].results[0].findings[0].details = { raw: '4111111111111111' };
    await writeReports(leaky, dir, ['sarif', 'sarif-github', 'html', 'junit'], { lang: 'en', rules: SAMPLE_RULES });
    for (const f of ['report.sarif', 'report.github.sarif', 'report.html', 'report.junit.xml']) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/4111 ?1111 ?1111 ?1111/);
      expect(text, f).toContain('411111******1111');
    }
  });
});

describe('diff', () => {
  const now = sampleReport();
  const [h1, h2, h3] = now.targets;
  // Yesterday: host 1 had one more failure (fixed since); host 3, unreachable now, had a failure; no TLS warning yet.
  const old = withTargets(sampleReport({ createdAt: '2026-11-20T00:00:00.000Z' }), [
    {
      ...h1,
      // The fixed finding belongs to a check that ran to the end today (a check that did not run is
      // "not re-checked", never "fixed": issue 18).
      results: h1.results
        .filter((r) => r.checkId !== 'tls.legacy-disabled')
        .map((r, i) =>
          i === 0 ? { ...r, findings: [...r.findings, { ...r.findings[0], location: '/etc/ssh/sshd_config.d/x.conf' }] } : r,
        ),
    },
    h2,
    { ...h3, state: 'scanned', results: [h1.results[0]], error: undefined },
  ]);
  const diff = diffReports(old, now);

  it('sorts findings into new, fixed, unchanged and not re-checked', () => {
    expect(diff.new.map((e) => e.checkId)).toEqual(['tls.legacy-disabled']);
    expect(diff.fixed.map((e) => `${e.targetName} ${e.location}`)).toEqual(['pos-0001 /etc/ssh/sshd_config.d/x.conf']);
    expect(diff.notRechecked.map((e) => e.targetName)).toEqual(['pos-0042']);
    expect(diff.unchanged.map((e) => e.checkId).sort()).toEqual([
      'accounts.default-passwords',
      'patches.os-supported',
      'ssh.root-login-disabled',
      'usb.storage-blocked',
    ]);
  });

  it('renders as text in both languages without control characters', () => {
    const en = renderDiffText(diff, 'en');
    expect(en).toContain('New: 1');
    expect(en).toContain('Fixed: 1');
    expect(en).toContain('Unchanged: 4');
    expect(renderDiffText(diff, 'ja')).toContain('新規: 1');
    expect(en).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('shows up in the HTML and SARIF written with a baseline', async () => {
    dir = await mkdtemp(join(tmpdir(), 'posaudit-reports-'));
    await writeReports({ ...now, baseline: { source: 'old.json', createdAt: old.createdAt } }, dir, ['html', 'sarif'], {
      lang: 'en',
      rules: SAMPLE_RULES,
      baseline: old,
    });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Changes since the baseline');
    expect(html).toContain('/etc/ssh/sshd_config.d/x.conf');
    const sarif = await readFile(join(dir, 'report.sarif'), 'utf8');
    expect(sarif).toContain('"baselineState": "absent"');
  });
});
