import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import type { EvidenceAnswer, EvidenceRequest } from '../../core/evidence.js';
import { evidenceOf, LINUX, ok, run, WINDOWS } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadEvidence, loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

const [sync, designated] = checks;
const missing: EvidenceAnswer = { status: 'missing' };

describe('time.sync-configured', () => {
  it('hardened image: chrony enabled with the store servers, named in the finding', async () => {
    const f = await evaluateOnImage(sync, HARDENED, { params: { designatedServers: ['*.store.example'] } });
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(f[0].details?.servers).toEqual(['ntp1.store.example', 'ntp2.store.example']);
  });
  it('weak image: timesyncd on built-in fallback servers is a warning', async () => {
    const f = await evaluateOnImage(sync, WEAK);
    expect(statusOf(f)).toBe('warn');
    expect(textOf(f)).toMatch(/built-in fallback/);
  });
  it('servers outside the designated list fail', async () => {
    const f = await evaluateOnImage(sync, HARDENED, { params: { designatedServers: ['ntp.hq.example'] } });
    expect(statusOf(f)).toBe('fail');
  });
  it('live: a configured but unsynchronised clock fails', () => {
    const ev = evidenceOf([
      [{ kind: 'file', path: '/etc/chrony/chrony.conf', os: 'linux' }, ok('server 10.1.2.3 iburst\n')],
      [
        { kind: 'glob', pattern: '/etc/systemd/system/multi-user.target.wants/chrony*.service', os: 'linux' },
        { status: 'ok', entries: ['/etc/systemd/system/multi-user.target.wants/chrony.service'] },
      ],
      [
        { kind: 'command', name: 'timedatectl show', os: 'linux', command: { sh: '' } },
        ok('NTP=yes\nNTPSynchronized=no\n', { exitCode: 0 }),
      ],
    ]);
    const f = run(sync, ev, LINUX);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/NTPSynchronized=no/);
  });
  it('a time service file or folder that exists but cannot be read is an error, not "none configured"', () => {
    // The hardened image read by a confined account: chrony.conf, its drop-in folders and the enablement links denied.
    const confined = runRecorded(
      sync,
      loadRecorded(join(import.meta.dirname, 'fixtures', 'sync-configured-linux-error-image-confined.json')),
    );
    expect(statusOf(confined.findings), textOf(confined.findings)).toBe('error');
    expect(textOf(confined.findings)).toMatch(/Could not read 7 of the time service settings \(\/etc\/chrony\/chrony.conf, /);
    // Only chrony's sources.d denied, everything else absent: the servers may be there.
    const ev = evidenceOf(
      sync
        .requests({ designatedServers: [], allowPublicDefaults: false })
        .map((r): [EvidenceRequest, EvidenceAnswer] => [
          r,
          r.kind === 'glob'
            ? r.pattern === '/etc/chrony/sources.d/*.sources'
              ? { status: 'denied', reason: 'permission denied' }
              : { status: 'ok', entries: [], files: [] }
            : { status: 'missing', reason: 'no such file' },
        ]),
    );
    const f = run(sync, ev, LINUX);
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/\/etc\/chrony\/sources.d\/\*\.sources/);
  });
  it('chrony with a drop-in folder the account cannot list: its servers are unknown, unless what was read already fails', () => {
    const chronyWith = (conf: string, deniedPattern: string) =>
      evidenceOf(
        sync.requests({ designatedServers: [], allowPublicDefaults: false }).map((r): [EvidenceRequest, EvidenceAnswer] => {
          if (r.kind === 'file') return [r, r.path === '/etc/chrony/chrony.conf' ? ok(conf) : { status: 'missing' }];
          if (r.kind !== 'glob') return [r, { status: 'missing' }];
          if (r.pattern === deniedPattern)
            return [r, { status: 'denied', reason: `cannot list ${deniedPattern.slice(0, deniedPattern.lastIndexOf('/'))}` }];
          const on = r.pattern.includes('chrony*.service') ? ['/etc/systemd/system/multi-user.target.wants/chrony.service'] : [];
          return [r, { status: 'ok', entries: on, files: [] }];
        }),
      );
    const params = { designatedServers: ['*.store.example'] };
    // Designated servers in chrony.conf: sources.d could add a stray one. Was a pass.
    const good = run(sync, chronyWith('server ntp1.store.example iburst\n', '/etc/chrony/sources.d/*.sources'), LINUX, params);
    expect(statusOf(good), textOf(good)).toBe('error');
    expect(textOf(good)).toMatch(/chrony drop-in folder[\s\S]*cannot list \/etc\/chrony\/sources.d/);
    expect(statusOf(run(designated, chronyWith('server ntp1.store.example\n', '/etc/chrony/conf.d/*.conf'), LINUX, params))).toBe(
      'error',
    );
    // No server in chrony.conf: the drop-ins may hold them. Was "chrony has no time server configured" (fail).
    const none = run(sync, chronyWith('driftfile /var/lib/chrony/drift\n', '/etc/chrony/sources.d/*.sources'), LINUX);
    expect(statusOf(none), textOf(none)).toBe('error');
    // A stray server read in chrony.conf is a fail no drop-in can undo.
    const stray = run(sync, chronyWith('server pool.ntp.org\n', '/etc/chrony/sources.d/*.sources'), LINUX, params);
    expect(statusOf(stray), textOf(stray)).toBe('fail');
  });
  it('chrony with a sources.d file listed but not read: a pass on chrony.conf alone is an error', () => {
    const ev = evidenceOf(
      sync.requests({ designatedServers: [], allowPublicDefaults: false }).map((r): [EvidenceRequest, EvidenceAnswer] => {
        if (r.kind === 'file') return [r, r.path === '/etc/chrony/chrony.conf' ? ok('server ntp1.store.example\n') : missing];
        if (r.kind !== 'glob') return [r, missing];
        if (r.pattern === '/etc/chrony/sources.d/*.sources')
          return [r, { status: 'ok', entries: ['/etc/chrony/sources.d/vendor.sources'], files: [] }];
        const on = r.pattern.includes('chrony*.service') ? ['/etc/systemd/system/multi-user.target.wants/chrony.service'] : [];
        return [r, { status: 'ok', entries: on, files: [] }];
      }),
    );
    const f = run(sync, ev, LINUX, { designatedServers: ['*.store.example'] });
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/\/etc\/chrony\/sources.d\/vendor.sources/);
  });
  it('Windows: the policy server list wins over the local default', () => {
    const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'sync-configured-windows-pass-policy-servers.json'));
    expect(fx.params).toEqual({ designatedServers: ['ntp?.store.example'] });
    const f = runRecorded(sync, fx).findings;
    expect(statusOf(f), textOf(f)).toBe('pass');
  });
  it('Windows: a free-running clock fails, and time.windows.com alone is only a warning', () => {
    const f = runRecorded(
      sync,
      loadRecorded(join(import.meta.dirname, 'fixtures', 'sync-configured-windows-fail-free-running.json')),
    ).findings;
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/warn: Windows Time uses only vendor default public servers \(time.windows.com\)/);
    expect(textOf(f)).toMatch(/"Free-running System Clock"/);
  });
});

describe('time.designated-sources (PCI 10.6.2)', () => {
  // On Windows it reads the W32Time answers recorded for time.sync-configured on the same terminals.
  it('with no designated servers configured it cannot pass: the servers in use go to a person', async () => {
    const f = await evaluateOnImage(designated, HARDENED);
    expect(statusOf(f), textOf(f)).toBe('manual');
    expect(textOf(f)).toMatch(/designatedServers is empty[\s\S]*ntp1.store.example, ntp2.store.example/);
    const win = run(
      designated,
      loadEvidence(join(import.meta.dirname, 'fixtures', 'sync-configured-windows-pass-policy-servers.json')),
      WINDOWS,
    );
    expect(statusOf(win)).toBe('manual');
  });
  it('with designated servers it passes only when every source is one of them', async () => {
    expect(statusOf(await evaluateOnImage(designated, HARDENED, { params: { designatedServers: ['*.store.example'] } }))).toBe(
      'pass',
    );
    expect(statusOf(await evaluateOnImage(designated, HARDENED, { params: { designatedServers: ['ntp.hq.example'] } }))).toBe(
      'fail',
    );
  });
  it('no synchronisation at all still fails; unreadable settings are an error', () => {
    expect(
      statusOf(
        run(
          designated,
          loadEvidence(join(import.meta.dirname, 'fixtures', 'sync-configured-windows-fail-free-running.json')),
          WINDOWS,
        ),
      ),
    ).toBe('fail');
    const f = run(
      designated,
      evidenceOf([
        [
          { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters', os: 'windows' },
          { status: 'denied', reason: 'access denied' },
        ],
      ]),
      WINDOWS,
    );
    expect(statusOf(f)).toBe('error');
  });
});
