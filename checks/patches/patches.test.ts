import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checks, patchesRecent, patchesRebootPending, patchesAutoUpdates } from './index.js';
import { parsePending, parseInstalledOn, kernelState, isAptUpgradeCommand, lastAptUpgrade, lastZyppPatch } from './parse.js';
import { WINDOWS_RELEASES, WINDOWS_RELEASES_AS_OF } from './windows-builds.js';
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
      'pm=zypper\nrc=101\nRepository | Name | Category | Severity | Interactive | Status | Summary\nUpdates | SUSE-2026-1 ' +
        '| security | important | --- | needed | openssl\nUpdates | SUSE-2026-2 | recommended | low | --- | needed | x\n',
    );
    expect(z).toMatchObject({ pm: 'zypper', security: 1 });
  });

  it('parses QFE dates from Get-HotFix, raw WMI and FILETIME hex', () => {
    expect(parseInstalledOn('2026-11-12')?.toISOString().slice(0, 10)).toBe('2026-11-12');
    expect(parseInstalledOn('6/11/2024')?.toISOString().slice(0, 10)).toBe('2024-06-11');
    expect(parseInstalledOn('not a date')).toBeUndefined();
  });

  it('an install that pulls dependencies up is not update activity; it is named in the message', () => {
    const fx = fixturesIn(FIXTURES).find(([f]) => f === 'recent-linux-fail-apt-real-install-not-update.json')![1];
    const { status, findings } = runRecorded(patchesRecent, fx);
    expect(status).toBe('fail');
    expect(findings[0].message.en).toMatch(/^86 security updates are waiting to be installed; last update activity 2025-06-24/);
    expect(findings[0].message.en).toMatch(
      /dpkg upgrade \(dpkg.log\) on 2026-12-03 does not install pending updates and is not counted/,
    );
    expect(findings[0].details).toMatchObject({
      lastUpdate: '2025-06-24',
      lastPackageActivity: '2026-12-03',
      pendingSecurity: 86,
    });
  });

  it('pending security updates known from package lists older than the limit fail even after a recent upgrade run', () => {
    const fx = fixturesIn(FIXTURES).find(([f]) => f === 'recent-linux-warn-apt-pending-recent.json')![1];
    const lists45DaysAgo = String(Math.floor(new Date('2026-10-07T03:00:00Z').getTime() / 1000));
    const withOldLists = {
      ...fx,
      answers: {
        ...fx.answers,
        'command:package activity times': { status: 'ok' as const, data: `apt_update_success=${lists45DaysAgo}\n`, exitCode: 0 },
      },
    };
    const { status, findings } = runRecorded(patchesRecent, withOldLists);
    expect(status).toBe('fail');
    expect(findings[0].message.en).toMatch(/already in the package lists fetched 45 days ago/);
  });

  it('tells upgrade runs from installs in apt and zypper histories', () => {
    expect(isAptUpgradeCommand('apt-get -qqy upgrade')).toBe(true);
    expect(isAptUpgradeCommand('apt full-upgrade -y')).toBe(true);
    expect(isAptUpgradeCommand('/usr/bin/unattended-upgrade')).toBe(true);
    expect(isAptUpgradeCommand('apt-get install -y tzdata')).toBe(false);
    expect(isAptUpgradeCommand('apt-get -o Dir::Etc::sourceparts=- install -y time')).toBe(false);
    const history =
      'Start-Date: 2026-01-02  10:00:00\nCommandline: apt-get upgrade\nUpgrade: a:amd64 (1, 2)\nEnd-Date: 2026-01-02  10:00:05\n\n' +
      'Start-Date: 2026-03-02  10:00:00\nCommandline: apt-get install b\nInstall: b:amd64 (1)\nUpgrade: c:amd64 (1, 2)\n' +
      'End-Date: 2026-03-02  10:00:05\n';
    expect(lastAptUpgrade(history)?.toISOString()).toBe('2026-01-02T10:00:00.000Z');
    const zypp =
      "2026-02-01 09:00:00|command|root@pos|'zypper' 'patch'|\n2026-03-01 09:00:00|command|root@pos|'zypper' 'install' " +
      "'jq'|\n2026-03-01 09:00:02|install|jq|1.7|x86_64||repo|abc|\n";
    expect(lastZyppPatch(zypp)?.toISOString()).toBe('2026-02-01T09:00:00.000Z');
  });

  it('Windows: a build below the dated release table fails, naming the KB and the table', () => {
    expect(WINDOWS_RELEASES_AS_OF).toBe('2025-10-14');
    const fx = fixturesIn(FIXTURES).find(([f]) => f === 'recent-windows-pass-hotfix.json')![1];
    const behind = runRecorded(patchesRecent, { ...fx, platform: { ...fx.platform, build: '19044.5487' } });
    expect(behind.status).toBe('fail');
    expect(behind.findings[0].message.en).toMatch(/older than 19044\.6456 \(KB5066791, released 2025-10-14/);
    // A KB listed as installed while the build did not move: the message says a restart is missing.
    const listed = {
      ...fx,
      platform: { ...fx.platform, build: '19044.5487' },
      answers: {
        'command:windows update history': { status: 'ok' as const, data: 'hotfix=KB5066791|2025-10-20\n', exitCode: 0 },
      },
    };
    expect(runRecorded(patchesRecent, listed).findings[0].message.en).toMatch(/KB5066791 is listed as installed/);
    // Within the limit of the table's release, a lower UBR is not yet proof of anything.
    const soon = runRecorded(patchesRecent, {
      ...fx,
      now: '2025-10-20T00:00:00Z',
      platform: { ...fx.platform, build: '19044.6332' },
    });
    expect(soon.findings[0].message.en).not.toMatch(/older than/);
    for (const r of WINDOWS_RELEASES) expect(r.released <= WINDOWS_RELEASES_AS_OF).toBe(true);
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

describe('patches.recent: one unread source on a terminal that is up to date', () => {
  const fx = fixturesIn(FIXTURES).find(([f]) => f === 'recent-linux-pass-dnf.json')![1];
  const denied = (key: string) =>
    runRecorded(patchesRecent, { ...fx, answers: { ...fx.answers, [key]: { status: 'denied', reason: 'permission denied' } } });

  it('a denied pending list is an error naming it, not a fail on the rpm install time', () => {
    const { status, findings } = denied('command:pending security updates');
    expect(status).toBe('error');
    expect(findings[0]?.message.en).toContain('pending security updates (permission denied)');
  });

  it('denied package activity times are an error naming them, not a stale-lists warning', () => {
    const { status, findings } = denied('command:package activity times');
    expect(status).toBe('error');
    expect(findings[0]?.message.en).toContain('package activity times (permission denied)');
  });
});
