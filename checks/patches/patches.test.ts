import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checks, patchesRecent, patchesRebootPending, patchesAutoUpdates } from './index.js';
import { parsePending, parseInstalledOn, kernelState } from './parse.js';
import { runImage } from '../../test/helpers/image.js';
import { fixturesIn, runRecorded } from '../../test/helpers/recorded.js';
import { allAnswered, missing, unsupported, run, LINUX, WINDOWS } from '../../test/helpers/evidence.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const IMAGES = join(import.meta.dirname, '../../test/fixtures/images');
const byId = new Map(checks.map((c) => [c.id, c]));
const NOW = new Date('2026-11-21T03:00:00Z');

describe('patch checks on recorded evidence', () => {
  for (const [file, fx] of fixturesIn(FIXTURES)) {
    it(`${file}: ${fx.description} → ${fx.expect}`, () => {
      const check = byId.get(fx.check);
      expect(check, fx.check).toBeDefined();
      const { status, findings } = runRecorded(check!, fx);
      expect(status, JSON.stringify(findings, null, 1)).toBe(fx.expect);
      for (const f of findings) expect(f.message.ja.length).toBeGreaterThan(0);
    });
  }

  it('has pass, fail-or-warn and error fixtures for each check on both platforms', () => {
    const seen = new Set(
      fixturesIn(FIXTURES).map(([, fx]) => `${fx.check}/${fx.platform.os}/${fx.expect === 'warn' ? 'fail' : fx.expect}`),
    );
    for (const id of byId.keys())
      for (const os of ['linux', 'windows'])
        for (const s of ['pass', 'fail', 'error']) {
          if (id === 'patches.reboot-pending' && s === 'fail') continue; // a pending reboot warns
          expect(seen.has(`${id}/${os}/${s}`), `${id}/${os}/${s}`).toBe(true);
        }
  });
});

describe('no pass on missing evidence', () => {
  for (const c of checks) {
    for (const [platform, name] of [
      [LINUX, 'linux'],
      [WINDOWS, 'windows'],
    ] as const) {
      it(`${c.id} on ${name}: everything missing or unsupported is not a pass`, () => {
        for (const ans of [missing, unsupported, { status: 'denied' as const, reason: 'no' }]) {
          const statuses = run(c, allAnswered(c, ans), platform, undefined, NOW).map((f) => f.status);
          expect(statuses).not.toContain('pass');
          expect(statuses.length).toBeGreaterThan(0);
        }
      });
    }
  }
});

describe('patches.recent', () => {
  it('obeys maxAgeDays', () => {
    const fx = fixturesIn(FIXTURES).find(([f]) => f === 'recent-windows-pass-hotfix.json')![1];
    expect(runRecorded(patchesRecent, { ...fx, params: { maxAgeDays: 5 } }).status).toBe('fail');
  });

  it('reads the pending count and names the packages', () => {
    const p = parsePending(
      'pm=apt\nrc=0\nInst libssl3 [1] (2 Debian-Security:12/stable-security [amd64])\nInst tzdata [1] (2 Debian:12/stable-updates [all])\n',
    );
    expect(p).toEqual({ pm: 'apt', securityKnown: true, security: 1, total: 2, sample: ['libssl3'] });
    expect(parsePending('pm=dnf\nrc=1\nError: Cache-only enabled but no cache for rhel-9-baseos')).toEqual({
      error: 'dnf exited with status 1',
    });
    const z = parsePending(
      'pm=zypper\nrc=101\nRepository | Name | Category | Severity | Interactive | Status | Summary\nUpdates | SUSE-2026-1 | security | important | --- | needed | openssl\nUpdates | SUSE-2026-2 | recommended | low | --- | needed | x\n',
    );
    expect(z).toMatchObject({ pm: 'zypper', security: 1 });
  });

  it('parses QFE dates from Get-HotFix, raw WMI and FILETIME hex', () => {
    expect(parseInstalledOn('2026-11-12')?.toISOString().slice(0, 10)).toBe('2026-11-12');
    expect(parseInstalledOn('6/11/2024')?.toISOString().slice(0, 10)).toBe('2024-06-11');
    expect(parseInstalledOn('not a date')).toBeUndefined();
  });

  it('judges the stale Debian image by its apt history', async () => {
    const r = await runImage(patchesRecent, join(IMAGES, 'linux-debian-stale'), { now: NOW });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message.en).toContain('2024-03-02');
    expect((await runImage(patchesRecent, join(IMAGES, 'linux-debian-hardened'), { now: NOW })).status).toBe('pass');
  });
});

describe('patches.reboot-pending', () => {
  it('compares kernel versions numerically', () => {
    expect(kernelState('running=6.1.0-9-amd64\nboot=6.1.0-10-amd64\nboot=6.1.0-9-amd64\n').behind).toBe(true);
    expect(kernelState('running=6.1.0-10-amd64\nboot=6.1.0-10-amd64\nboot=6.1.0-9-amd64\n').behind).toBe(false);
  });

  it('warns on the stale image flag and is not applicable on a clean image', async () => {
    expect((await runImage(patchesRebootPending, join(IMAGES, 'linux-debian-stale'), { now: NOW })).status).toBe('warn');
    expect((await runImage(patchesRebootPending, join(IMAGES, 'linux-debian-hardened'), { now: NOW })).status).toBe(
      'not-applicable',
    );
  });
});

describe('patches.auto-updates on images', () => {
  it('passes the hardened image and fails the stale one', async () => {
    expect((await runImage(patchesAutoUpdates, join(IMAGES, 'linux-debian-hardened'), { now: NOW })).status).toBe('pass');
    const stale = await runImage(patchesAutoUpdates, join(IMAGES, 'linux-debian-stale'), { now: NOW });
    expect(stale.status).toBe('fail');
    expect(stale.findings[0].message.en).toContain('"0"');
  });
});
