import { describe, expect, it } from 'vitest';
import { checks } from './config-checks.js';
import type { EvidenceAnswer, EvidenceRequest, RegistryValue } from '../../core/evidence.js';
import type { AnyCheck } from '../../core/model.js';
import { allAnswered, defaultParams, evidenceOf, LINUX, missing, run, WINDOWS } from '../../test/helpers/evidence.js';
import { familyFixtures } from '../../test/helpers/recorded.js';

/** This family's recorded fixtures: `fixture(name)` judges one the way the runner would and holds its status. */
const { fixture } = familyFixtures(new URL('fixtures/', import.meta.url), checks);
const byId = (id: string): AnyCheck => checks.find((c) => c.id === id)!;

/** Every request of the check answered `missing` (or an empty glob), except the given ones. */
function evidence(check: AnyCheck, answers: Record<string, EvidenceAnswer>) {
  const reqs: EvidenceRequest[] = check.requests(defaultParams(check));
  return evidenceOf(
    reqs.map((r) => {
      const name = r.kind === 'file' ? r.path : r.kind === 'glob' ? r.pattern : r.kind === 'registry' ? r.key : r.name;
      const fallback: EvidenceAnswer = r.kind === 'glob' ? { status: 'ok', entries: [] } : missing;
      return [r, answers[name] ?? fallback] as [EvidenceRequest, EvidenceAnswer];
    }),
  );
}
const statuses = (fs: Array<{ status: string }>): string[] => fs.map((f) => f.status);

describe('tls.openssl-config', () => {
  const c = byId('tls.openssl-config');
  it('passes Debian 12 settings (MinProtocol TLSv1.2, SECLEVEL=2)', () => {
    expect(statuses(fixture('openssl-config-linux-pass-system-default-tls12'))).toEqual(['pass']);
  });
  it('fails TLSv1, SECLEVEL=0 and 3DES, each marked as set explicitly', () => {
    const f = fixture('openssl-config-linux-fail-legacy');
    expect(statuses(f)).toEqual(['fail', 'fail', 'fail', 'warn']);
    expect(f.every((x) => x.details?.origin === 'explicit')).toBe(true);
    expect(f[2].message.en).toContain('3DES');
    expect(f[0].message.ja).toContain('明示的な設定');
  });
  it('a file without system_default warns that the product default applies', () => {
    const f = fixture('openssl-config-linux-warn-no-system-default');
    expect(statuses(f)).toEqual(['warn']);
    expect(f[0].details?.origin).toBe('default');
    expect(f[0].message.en).toContain('product default');
  });
  it('LEGACY crypto policy fails; unreadable file is an error, no file at all is not-applicable', () => {
    expect(statuses(fixture('openssl-config-linux-fail-crypto-policy-legacy'))).toEqual(['pass', 'fail']);
    expect(statuses(fixture('openssl-config-linux-error-denied'))).toEqual(['error']);
    expect(statuses(run(c, allAnswered(c, missing)))).toEqual(['not-applicable']);
  });
});

describe('tls.java-security', () => {
  const c = byId('tls.java-security');
  it('passes a current JDK 17 list (with continuation lines)', () => {
    expect(statuses(fixture('java-security-linux-pass-jdk17'))).toEqual(['pass']);
  });
  it('fails an old JRE 8 list, naming what is not disabled', () => {
    const f = fixture('java-security-linux-fail-jre8-old');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0].details?.missing).toEqual(['TLSv1', 'TLSv1.1', 'DES', '3DES_EDE_CBC', 'anon', 'NULL']);
  });
  it('judges a runtime the files parameter does not name, read through its glob', () => {
    const path = '/opt/posapp/jre/lib/security/java.security';
    const f = fixture('java-security-linux-fail-bundled-jre-glob');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0].location).toBe(path);
  });
  it('a runtime found by listing but not read is manual; no Java is not-applicable', () => {
    const f = run(
      c,
      evidence(c, {
        '/opt/*/jre/lib/security/java.security': { status: 'ok', entries: ['/opt/posapp/jre/lib/security/java.security'] },
      }),
    );
    expect(statuses(f)).toEqual(['manual']);
    expect(f[0].message.en).toContain('/opt/posapp/jre');
    expect(statuses(run(c, evidence(c, {})))).toEqual(['not-applicable']);
  });
});

describe('tls.schannel', () => {
  const c = byId('tls.schannel');
  const S = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
  const dw = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });
  const proto = (p: string, server: RegistryValue[], client: RegistryValue[] = server): EvidenceAnswer => ({
    status: 'ok',
    registry: {
      key: `${S}\\Protocols\\${p}`,
      values: [],
      subkeys: ['Client', 'Server'],
      children: { Server: server, Client: client },
    },
  });
  const off = [dw('Enabled', 0), dw('DisabledByDefault', 1)];
  const net = (sch: number, sys: number): EvidenceAnswer => ({
    status: 'ok',
    registry: { key: 'x', values: [dw('SchUseStrongCrypto', sch), dw('SystemDefaultTlsVersions', sys)], subkeys: [] },
  });
  const hardened = {
    [`${S}\\Protocols\\SSL 2.0`]: proto('SSL 2.0', off),
    [`${S}\\Protocols\\SSL 3.0`]: proto('SSL 3.0', off),
    [`${S}\\Protocols\\TLS 1.0`]: proto('TLS 1.0', off),
    [`${S}\\Protocols\\TLS 1.1`]: proto('TLS 1.1', off),
    'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319': net(1, 1),
    'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319': net(1, 1),
  };
  it('passes a hardened terminal', () => {
    expect(statuses(run(c, evidence(c, hardened), WINDOWS))).toEqual(['pass']);
  });
  it('fails TLS 1.0 left at the product default on Windows 10 LTSC 2021 (19044), saying so', () => {
    const { [`${S}\\Protocols\\TLS 1.0`]: _drop, ...rest } = hardened;
    const f = run(c, evidence(c, rest), WINDOWS);
    expect(statuses(f)).toEqual(['fail', 'fail']);
    expect(f[0].details?.origin).toBe('default');
    expect(f[0].message.en).toContain('19044');
    expect(f[0].message.ja).toContain('製品の既定値');
  });
  it('the same unset TLS 1.0 passes on build 26100 where Windows turns it off by default', () => {
    const { [`${S}\\Protocols\\TLS 1.0`]: _drop, ...rest } = hardened;
    expect(statuses(run(c, evidence(c, rest), { ...WINDOWS, build: '26100.2033' }))).toEqual(['pass']);
  });
  it('explicit Enabled=1, RC4 and SchUseStrongCrypto=0 fail; DisabledByDefault only warns; unknown build is an error', () => {
    const f = run(
      c,
      evidence(c, {
        ...hardened,
        [`${S}\\Protocols\\TLS 1.1`]: proto(
          'TLS 1.1',
          [dw('Enabled', 1), dw('DisabledByDefault', 0)],
          [dw('Enabled', 1), dw('DisabledByDefault', 1)],
        ),
        [`${S}\\Ciphers`]: {
          status: 'ok',
          registry: {
            key: `${S}\\Ciphers`,
            values: [],
            subkeys: ['RC4 128/128', 'AES 256/256'],
            children: { 'RC4 128/128': [dw('Enabled', 0xffffffff)], 'AES 256/256': [dw('Enabled', 1)] },
          },
        },
        'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319': net(0, 1),
      }),
      WINDOWS,
    );
    expect(statuses(f)).toEqual(['fail', 'warn', 'fail', 'fail']);
    expect(f[2].location).toContain('RC4 128/128');
    const { [`${S}\\Protocols\\TLS 1.0`]: _drop, ...rest } = hardened;
    expect(statuses(run(c, evidence(c, rest), { os: 'windows' }))).toEqual(['error', 'error']);
  });
});

describe('tls.web-server-config', () => {
  const c = byId('tls.web-server-config');
  it('fails nginx ssl_protocols with TLSv1/1.1 and a 3DES cipher list, with line numbers', () => {
    const f = fixture('web-server-config-linux-fail-nginx-weak');
    expect(statuses(f)).toEqual(['fail', 'fail']);
    expect(f[0].location).toBe('/etc/nginx/nginx.conf:5');
  });
  it('passes a TLS 1.2/1.3 nginx (a commented-out SSLv3 line does not count)', () => {
    expect(statuses(fixture('web-server-config-linux-pass-nginx-good'))).toEqual(['pass']);
  });
  it('nginx with TLS but no ssl_protocols warns about the version-dependent default', () => {
    const f = fixture('web-server-config-linux-warn-nginx-unset');
    expect(statuses(f)).toEqual(['warn']);
    expect(f[0].details?.origin).toBe('default');
  });
  it('Apache "all -SSLv3" enables TLS 1.0/1.1; "-all +TLSv1.2 +TLSv1.3" passes', () => {
    const f = fixture('web-server-config-linux-fail-apache-all-minus-sslv3');
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0].message.en).toContain('tlsv1, tlsv1.1');
    expect(statuses(fixture('web-server-config-linux-pass-apache-good'))).toEqual(['pass']);
  });
  it('judges drop-in files read through the globs, not only the named files', () => {
    const path = '/etc/httpd/conf.d/pos.conf';
    const good = fixture('web-server-config-linux-pass-apache-dropin-glob');
    expect(statuses(good)).toEqual(['pass']);
    expect(good[0].message.en).toContain(path);
  });
  it('included files not read are manual; no web server is not-applicable', () => {
    const f = run(c, evidence(c, { '/etc/nginx/conf.d/*.conf': { status: 'ok', entries: ['/etc/nginx/conf.d/pos.conf'] } }));
    expect(statuses(f)).toEqual(['manual']);
    expect(statuses(run(c, evidence(c, {}), LINUX))).toEqual(['not-applicable']);
  });
});
