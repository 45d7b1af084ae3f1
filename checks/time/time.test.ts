import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import { evidenceOf, LINUX, ok, run } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

const [sync] = checks;

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
