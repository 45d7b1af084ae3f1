import * as net from 'node:net';
import { Readable, type Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks, type TlsEndpointsParams } from '../../checks/tls/endpoint-checks.js';
import type { EvidenceAnswer } from '../../core/evidence.js';
import type { Platform } from '../../core/model.js';
import type { SpawnedCommand, Target } from '../../core/target.js';
import { defaultParams, evidenceOf, LINUX, run } from '../helpers/evidence.js';
import { makePki, removePki, startPlainServer, startSServer, type Pki, type RunningServer } from './servers.js';

const check = checks[0];

/** A stand-in for a running terminal: `ss` prints the given listing; TCP goes to real loopback servers. */
function fakeTarget(listing: string, withTcp = true): Target & { connected: number[] } {
  const connected: number[] = [];
  const target: Target & { connected: number[] } = {
    id: 'fake',
    kind: 'ssh',
    connected,
    connect: async () => undefined,
    gather: async () => ({ platform: LINUX, answers: new Map() }),
    platform: (): Platform => LINUX,
    roundTrips: () => 0,
    close: async () => undefined,
    spawn: async (): Promise<SpawnedCommand> => ({
      stdout: Readable.from([Buffer.from(listing)]),
      done: Promise.resolve({ exitCode: 0, stderr: '' }),
      kill: () => undefined,
    }),
  };
  if (withTcp)
    target.connectTcp = (host: string, port: number, timeoutMs: number) =>
      new Promise<Duplex>((resolve, reject) => {
        connected.push(port);
        if (host !== '127.0.0.1') return reject(new Error('loopback only in tests'));
        const s = net.connect(port, host);
        const timer = setTimeout(() => (s.destroy(), reject(new Error('timeout'))), timeoutMs);
        s.once('connect', () => (clearTimeout(timer), resolve(s)));
        s.once('error', (e) => (clearTimeout(timer), reject(e)));
      });
  return target;
}

async function collectAndRun(target: Target, params: Partial<TlsEndpointsParams> = {}) {
  const p = { ...defaultParams(check), ...params } as TlsEndpointsParams;
  const got = await check.active!.collect(target, p, new AbortController().signal);
  const answer: EvidenceAnswer = {
    status: got.status,
    reason: got.reason,
    ...(got.data !== undefined ? { data: JSON.stringify(got.data) } : {}),
  };
  // Judged at the real time: the certificates were made a moment ago.
  return { got, findings: run(check, evidenceOf([], { [check.active!.key(p)]: answer }), LINUX, { ...p }, new Date()) };
}

let pki: Pki;
let modern: RunningServer;
let early: RunningServer;
let plain: RunningServer;

beforeAll(async () => {
  pki = makePki();
  [modern, early, plain] = await Promise.all([
    startSServer(pki, 'good', ['-cipher', 'ECDHE-RSA-AES128-GCM-SHA256']),
    startSServer(pki, 'good', [
      '-min_protocol',
      'TLSv1',
      '-cipher',
      'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
    ]),
    startPlainServer(),
  ]);
});
afterAll(() => {
  for (const s of [modern, early, plain]) s?.stop();
  if (pki) removePki(pki);
});

describe('tls.endpoints-strong', () => {
  it('probes the listening ports found by ss, judges TLS ones and leaves non-TLS ports out', async () => {
    const listing = [modern, early, plain].map((s) => `LISTEN 0 128 0.0.0.0:${s.port} 0.0.0.0:*`).join('\n') + '\n';
    const { got, findings } = await collectAndRun(fakeTarget(listing));
    expect(got.status).toBe('ok');
    const at = (s: RunningServer) => findings.filter((f) => f.location === `127.0.0.1:${s.port}`);
    expect(at(modern).map((f) => f.status)).toEqual(['pass']);
    expect(
      at(early)
        .filter((f) => f.status === 'fail')
        .map((f) => f.details?.id),
    ).toEqual(['tls.protocol.tlsv1.0', 'tls.protocol.tlsv1.1']);
    expect(at(plain)).toEqual([]);
    expect(findings.every((f) => f.message.ja.length > 0)).toBe(true);
  });

  it('skipPorts are never connected to; an explicitly requested non-TLS port is an error', async () => {
    const listing = `LISTEN 0 128 0.0.0.0:${early.port} 0.0.0.0:*\n`;
    const target = fakeTarget(listing);
    const { findings } = await collectAndRun(target, { skipPorts: [early.port], ports: [plain.port] });
    expect(target.connected).not.toContain(early.port);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'error', location: `127.0.0.1:${plain.port}` });
  });

  it('Appendix A2 with a reason waives TLS 1.0/1.1 instead of failing them', async () => {
    const listing = `LISTEN 0 128 0.0.0.0:${early.port} 0.0.0.0:*\n`;
    const { findings } = await collectAndRun(fakeTarget(listing), {
      allowEarlyTlsA2: true,
      a2Reason: 'POI verified, ref RA-2026-11',
    });
    expect(findings.filter((f) => String(f.details?.id).startsWith('tls.protocol.tlsv1')).map((f) => f.status)).toEqual([
      'waived',
      'waived',
    ]);
    expect(findings.some((f) => f.status === 'fail')).toBe(false);
  });

  it('no TLS listener at all is not-applicable, saying what was probed', async () => {
    const { findings } = await collectAndRun(fakeTarget(`LISTEN 0 128 0.0.0.0:${plain.port} 0.0.0.0:*\n`));
    expect(findings).toHaveLength(1);
    expect(findings[0].status).toBe('not-applicable');
    expect(findings[0].message.en).toContain(`127.0.0.1:${plain.port}`);
  });

  it('a target without TCP (an offline image) is an error: needs a running system', async () => {
    const { got, findings } = await collectAndRun(fakeTarget('', false));
    expect(got.status).toBe('unsupported');
    expect(findings).toHaveLength(1);
    expect(findings[0].status).toBe('error');
    expect(findings[0].message.en).toContain('running system');
    expect(findings[0].message.ja).toContain('稼働中');
  });

  it('missing probe evidence never passes', () => {
    expect(run(check, evidenceOf([])).map((f) => f.status)).toEqual(['error']);
  });
});
