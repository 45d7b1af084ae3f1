/** Where the CLI's output goes: results on stdout, progress on stderr, `--out -`, JSON lists. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'posaudit-out-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const IMAGE = path.join(REPO, 'test/fixtures/images/linux-usb-open');
const PROFILE = path.join(REPO, 'test/fixtures/profiles/invariant.yaml');

describe('scan output streams', () => {
  it('results (summary, failing checks with what to do, verdict) on stdout; progress on stderr', async () => {
    const out = path.join(tmp(), 'r');
    const r = await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--out', out, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Scanning 1 host\n');
    expect(r.stderr).not.toMatch(/NON-COMPLIANT|Failing checks/);
    expect(r.stdout).toMatch(/^Failing checks \(\d+\), most terminals first:$/m);
    expect(r.stdout).toMatch(/^ {2}✗ usb\.storage-blocked · High · ✗ Fail 1 host$/m);
    expect(r.stdout).toMatch(/^ {4}→ \S/m);
    expect(r.stdout).toContain('Legend: ✗ Fail · ⚠ Error: could not decide · ! Warning');
    expect(r.stdout).toMatch(/NON-COMPLIANT/);
    expect(r.stdout).toContain(path.join(out, 'report.json'));
  });

  it('--out - writes the JSON report to stdout, makes no folder named "-", and keeps the rest on stderr', async () => {
    const cwd = tmp();
    const r = await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--out', '-'], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { targets: Array<{ kind: string }>; verdict: string };
    expect(report.targets[0].kind).toBe('image');
    expect(report.verdict).toBe('non-compliant');
    expect(existsSync(path.join(cwd, '-'))).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
    expect(r.stderr).toMatch(/NON-COMPLIANT/);
    expect(r.stderr).toMatch(/Failing checks/);
  });

  it('Japanese verdict line uses the glossary terms (非準拠, 警告, severity in Japanese)', async () => {
    const r = await cli([
      'scan',
      `image:${IMAGE}`,
      '--profile',
      PROFILE,
      '--out',
      path.join(tmp(), 'j'),
      '--format',
      'json',
      '--lang',
      'ja',
    ]);
    expect(r.stdout).toMatch(/非準拠: 重大度「高」以上の問題があります \(合格 \d+・不合格 \d+・警告 \d+/);
    expect(r.stdout).not.toMatch(/不適合|未完了|注意 /);
  });
});

describe('lists as JSON', () => {
  it('checks list --json and profiles list --json are arrays a script can read', async () => {
    const c = await cli(['checks', 'list', '--json']);
    expect(c.code).toBe(0);
    const checks = JSON.parse(c.stdout) as Array<{ id: string; severity: string; requirements: string[] }>;
    expect(checks.find((x) => x.id === 'usb.storage-blocked')?.requirements.length).toBeGreaterThan(0);
    const p = await cli(['profiles', 'list', '--json', '--lang', 'ja']);
    expect(p.code).toBe(0);
    const profiles = JSON.parse(p.stdout) as Array<{ id: string; title: string; controls: number }>;
    expect(profiles.map((x) => x.id)).toContain('pci-dss');
    expect(profiles.every((x) => x.controls > 0)).toBe(true);
  });
});
