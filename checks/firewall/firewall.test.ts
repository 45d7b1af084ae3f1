import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checks, firewallHostEnabled, firewallListeningServices } from './index.js';
import { nftInputState, iptablesInputState, procNetListeners } from './parse.js';
import { runImage } from '../../test/helpers/image.js';
import { fixturesIn, runRecorded } from '../../test/helpers/recorded.js';
import { allAnswered, missing, unsupported, run, LINUX, WINDOWS } from '../../test/helpers/evidence.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const IMAGES = join(import.meta.dirname, '../../test/fixtures/images');
const NOW = new Date('2026-11-21T03:00:00Z');
const byId = new Map(checks.map((c) => [c.id, c]));

describe('firewall checks on recorded evidence', () => {
  for (const [file, fx] of fixturesIn(FIXTURES)) {
    it(`${file}: ${fx.description} → ${fx.expect}`, () => {
      const { status, findings } = runRecorded(byId.get(fx.check)!, fx);
      expect(status, JSON.stringify(findings, null, 1)).toBe(fx.expect);
      for (const f of findings) expect(f.message.ja.length).toBeGreaterThan(0);
    });
  }
});

describe('no pass on missing evidence', () => {
  for (const c of checks) {
    for (const [platform, name] of [
      [LINUX, 'linux'],
      [WINDOWS, 'windows'],
    ] as const) {
      it(`${c.id} on ${name}`, () => {
        for (const ans of [missing, unsupported, { status: 'denied' as const, reason: 'no' }]) {
          const statuses = run(c, allAnswered(c, ans), platform, undefined, NOW).map((f) => f.status);
          expect(statuses.length).toBeGreaterThan(0);
          expect(statuses).not.toContain('pass');
        }
      });
    }
  }
});

describe('firewall.listening-services', () => {
  it('reports each listener with its process, and the forbidden one first', () => {
    const fx = fixturesIn(FIXTURES).find(([f]) => f === 'listen-windows-fail-rdp.json')![1];
    const { findings } = runRecorded(firewallListeningServices, fx);
    expect(findings[0]).toMatchObject({ status: 'fail', location: 'tcp/0.0.0.0:3389' });
    expect(findings[0].message.en).toContain('svchost.exe');
    expect(findings.filter((f) => f.status === 'pass').map((f) => f.location)).toEqual(
      expect.arrayContaining(['tcp/0.0.0.0:135', 'udp/0.0.0.0:123']),
    );
    expect(findings.some((f) => f.location?.includes('49822'))).toBe(false);
  });

  it('decodes a loopback listener from /proc/net/tcp', () => {
    const text = '  sl local rem st\n   0: 0100007F:170C 00000000:0000 0A 0 0 0 0 0 0 1\n';
    const l = procNetListeners(text, 'tcp');
    expect(l).toEqual([{ proto: 'tcp', address: '127.0.0.1', port: 5900 }]);
  });

  it('is not applicable on an offline image', async () => {
    expect((await runImage(firewallListeningServices, join(IMAGES, 'linux-debian-hardened'), { now: NOW })).status).toBe(
      'not-applicable',
    );
  });
});

describe('firewall parsing', () => {
  it('reads nft and iptables default policies', () => {
    expect(
      nftInputState(
        'table inet f { chain input { type filter hook input priority 0; policy accept; } }'
          .replace(/ \{ /g, ' {\n')
          .replace(/; \}/g, ';\n}'),
      ),
    ).toBe('open');
    expect(
      nftInputState(
        'chain input {\n type filter hook input priority 0; policy accept;\n ct state established accept\n counter drop\n}\n',
      ),
    ).toBe('deny');
    expect(
      iptablesInputState('-P INPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\n'),
    ).toBe('deny');
    expect(iptablesInputState('*filter\n:INPUT DROP [0:0]\nCOMMIT\n')).toBe('deny');
  });
});

describe('firewall.host-enabled on images', () => {
  it('passes the hardened image (ufw enabled, DROP) and fails the stale one', async () => {
    expect((await runImage(firewallHostEnabled, join(IMAGES, 'linux-debian-hardened'), { now: NOW })).status).toBe('pass');
    const stale = await runImage(firewallHostEnabled, join(IMAGES, 'linux-debian-stale'), { now: NOW });
    expect(stale.status).toBe('fail');
    expect(stale.findings[0].message.en).toContain('saved configuration');
  });

  it('respects the profiles param on Windows', () => {
    const fx = fixturesIn(FIXTURES).find(([f]) => f === 'host-windows-fail-inbound-allow.json')![1];
    expect(runRecorded(firewallHostEnabled, { ...fx, params: { profiles: ['domain', 'private'] } }).status).toBe('pass');
  });
});
