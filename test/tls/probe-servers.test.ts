import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTlsCommand } from '../../bin/commands/tls.js';
import {
  makePki,
  removePki,
  startPlainServer,
  startSilentServer,
  startSServer,
  type Pki,
  type RunningServer,
} from './servers.js';

interface JsonFinding {
  id: string;
  status: string;
  severity: string;
  message: string;
}
interface JsonEndpoint {
  endpoint: string;
  state: string;
  protocols: Record<string, boolean>;
  ciphers: Record<string, Array<{ name: string; keyExchange: string; authentication: string; encryption: string; mac: string }>>;
  certificate: null | {
    subject: string;
    issuer: string;
    notAfter: string;
    keyType: string;
    keyBits: number;
    signatureAlgorithm: string;
    selfSigned: boolean;
    chain: unknown[];
  };
  findings: JsonFinding[];
}

async function scan(
  endpoint: string,
  extra: { timeoutMs?: number; lang?: 'en' | 'ja'; allowA2?: string } = {},
): Promise<{ code: number; report: JsonEndpoint; ms: number }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const t0 = Date.now();
  const code = await runTlsCommand(
    [endpoint],
    {
      json: true,
      lang: extra.lang ?? 'en',
      timeoutMs: extra.timeoutMs ?? 4000,
      policy: extra.allowA2 ? { allowEarlyTlsA2: true, a2Reason: extra.allowA2 } : undefined,
    },
    out,
  );
  return { code, report: JSON.parse(text.trim()) as JsonEndpoint, ms: Date.now() - t0 };
}

const statusOf = (r: JsonEndpoint, id: string): string | undefined => r.findings.find((f) => f.id === id)?.status;
const failIds = (r: JsonEndpoint): string[] =>
  r.findings
    .filter((f) => f.status === 'fail')
    .map((f) => f.id)
    .sort();

let pki: Pki;
const servers: Record<string, RunningServer> = {};

beforeAll(async () => {
  pki = makePki();
  const started = await Promise.all([
    startSServer(pki, 'good', ['-cipher', 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305']),
    startSServer(pki, 'good', [
      '-min_protocol',
      'TLSv1',
      '-cipher',
      'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:@SECLEVEL=0',
    ]),
    startSServer(pki, 'good', ['-no_tls1_3', '-cipher', 'AES128-SHA:AES256-SHA']),
    startSServer(pki, 'expired', ['-cipher', 'ECDHE-RSA-AES128-GCM-SHA256']),
    startSServer(pki, 'weak1024', ['-cipher', 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0']),
    startSServer(pki, 'sha1', ['-cipher', 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0']),
    startSServer(pki, 'good', [
      '-no_tls1_3',
      '-cipher',
      'ADH-AES128-GCM-SHA256:AECDH-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
    ]),
    startPlainServer(),
    startSilentServer(),
    startSServer(pki, 'good', ['-tls1_3']),
  ]);
  ['modern', 'early', 'staticCbc', 'expired', 'weakKey', 'sha1', 'anon', 'plain', 'silent', 'tls13only'].forEach(
    (k, i) => (servers[k] = started[i]),
  );
});

afterAll(() => {
  for (const s of Object.values(servers)) s.stop();
  if (pki) removePki(pki);
});

describe('tls probe against real openssl s_server on loopback', () => {
  it('a modern server passes: TLS 1.2/1.3 only, ECDHE AEAD suites, valid CA-signed certificate', async () => {
    const { code, report } = await scan(servers.modern.endpoint);
    expect(report.protocols).toEqual({
      SSLv2: false,
      SSLv3: false,
      'TLSv1.0': false,
      'TLSv1.1': false,
      'TLSv1.2': true,
      'TLSv1.3': true,
    });
    expect(report.ciphers['TLSv1.2'].map((s) => s.name).sort()).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
    ]);
    expect(report.ciphers['TLSv1.2'][0]).toMatchObject({ keyExchange: 'ECDHE', authentication: 'RSA', mac: 'AEAD' });
    expect(report.ciphers['TLSv1.3'].length).toBeGreaterThanOrEqual(2);
    expect(report.certificate).toMatchObject({
      keyType: 'RSA',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      selfSigned: false,
    });
    expect(report.certificate?.subject).toContain('CN=localhost');
    expect(report.certificate?.issuer).toContain('posaudit test CA');
    expect(report.certificate?.chain).toHaveLength(2);
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([['tls.strong', 'pass']]);
    expect(code).toBe(0);
  });

  it('TLS 1.0 and 1.1 enabled fail; Appendix A2 with a reason turns them into waivers, not passes', async () => {
    const { code, report } = await scan(servers.early.endpoint);
    expect(report.protocols['TLSv1.0']).toBe(true);
    expect(report.protocols['TLSv1.1']).toBe(true);
    expect(report.ciphers['TLSv1.0'].map((s) => s.name)).toEqual(['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
    expect(statusOf(report, 'tls.protocol.tlsv1.0')).toBe('fail');
    expect(statusOf(report, 'tls.protocol.tlsv1.1')).toBe('fail');
    expect(code).toBe(1);
    const waived = await scan(servers.early.endpoint, { allowA2: 'POI model X verified by QSA 2026-10' });
    expect(statusOf(waived.report, 'tls.protocol.tlsv1.0')).toBe('waived');
    expect(waived.report.findings.find((f) => f.id === 'tls.protocol.tlsv1.0')?.message).toContain('POI model X verified');
    expect(statusOf(waived.report, 'tls.strong')).toBeUndefined();
  });

  it('a static-RSA CBC-only server warns: no forward secrecy, CBC, and no TLS 1.3', async () => {
    const { code, report } = await scan(servers.staticCbc.endpoint);
    expect(report.protocols['TLSv1.3']).toBe(false);
    expect(report.ciphers['TLSv1.2'].map((s) => s.name).sort()).toEqual([
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_RSA_WITH_AES_256_CBC_SHA',
    ]);
    expect(report.ciphers['TLSv1.2'][0]).toMatchObject({ keyExchange: 'RSA', authentication: 'RSA', mac: 'SHA' });
    expect(statusOf(report, 'tls.cipher.no-forward-secrecy')).toBe('warn');
    expect(statusOf(report, 'tls.cipher.cbc')).toBe('warn');
    expect(failIds(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('an expired certificate fails', async () => {
    const { code, report } = await scan(servers.expired.endpoint);
    expect(report.certificate?.notAfter).toBe('2020-06-30T00:00:00.000Z');
    expect(failIds(report)).toEqual(['tls.cert.expired']);
    expect(code).toBe(1);
  });

  it('a self-signed certificate warns, and its remediation says what trust means and how an internal CA fixes it', async () => {
    const selfSigned = await startSServer(pki, 'ca', []);
    try {
      const { report } = await scan(selfSigned.endpoint);
      const f = report.findings.find((x) => x.id === 'tls.cert.self-signed') as
        (JsonFinding & { remediation?: string }) | undefined;
      expect(f?.status).toBe('warn');
      expect(f?.remediation).toMatch(/only if that exact certificate was copied into the client's trust store/);
      expect(f?.remediation).toMatch(/internal CA/);
    } finally {
      selfSigned.stop();
    }
  });

  it('a 1024-bit RSA key fails', async () => {
    const { report } = await scan(servers.weakKey.endpoint);
    expect(report.certificate?.keyBits).toBe(1024);
    expect(failIds(report)).toEqual(['tls.cert.weak-key']);
  });

  it('a SHA-1 signature fails, in Japanese too', async () => {
    const { report } = await scan(servers.sha1.endpoint, { lang: 'ja' });
    expect(report.certificate?.signatureAlgorithm).toBe('sha1WithRSAEncryption');
    expect(failIds(report)).toEqual(['tls.cert.weak-signature']);
    expect(report.findings.find((f) => f.id === 'tls.cert.weak-signature')?.message).toContain('署名が弱い');
  });

  it('anonymous suites fail', async () => {
    const { code, report } = await scan(servers.anon.endpoint);
    const names = report.ciphers['TLSv1.2'].map((s) => s.name);
    expect(names).toContain('TLS_DH_anon_WITH_AES_128_GCM_SHA256');
    expect(names).toContain('TLS_ECDH_anon_WITH_AES_128_CBC_SHA');
    expect(statusOf(report, 'tls.cipher.anonymous')).toBe('fail');
    expect(code).toBe(1);
  });

  it('a TLS 1.3-only server: suites from HelloRetry/ServerHello, certificate through a real handshake', async () => {
    const { code, report } = await scan(servers.tls13only.endpoint);
    expect(
      Object.entries(report.protocols)
        .filter(([, on]) => on)
        .map(([p]) => p),
    ).toEqual(['TLSv1.3']);
    expect(report.ciphers['TLSv1.3'].map((s) => s.name)).toContain('TLS_AES_256_GCM_SHA384');
    expect(report.certificate).toMatchObject({ keyBits: 2048, source: 'handshake' });
    expect(report.certificate?.chain).toHaveLength(2);
    expect(code).toBe(0);
  });

  it('a plain TCP server is an error finding saying it does not speak TLS', async () => {
    const { code, report } = await scan(servers.plain.endpoint);
    expect(report.state).toBe('not-tls');
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ id: 'tls.not-tls', status: 'error' });
    expect(report.findings[0].message).toContain('HTTP/1.1 400');
    expect(code).toBe(3);
  });

  it('a server that accepts and stays silent gives an error within the timeout', async () => {
    const { report, ms } = await scan(servers.silent.endpoint, { timeoutMs: 700 });
    expect(report.state).toBe('no-answer');
    expect(report.findings[0]).toMatchObject({ id: 'tls.no-answer', status: 'error' });
    expect(ms).toBeLessThan(2500);
  });
});
