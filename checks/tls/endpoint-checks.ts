/** `tls.endpoints-strong`: probe every TLS port the terminal listens on, from the terminal itself
 * (SSH port forwarding for remote targets), and judge protocols, suites and certificates. */
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { t } from '../../core/i18n.js';
import { reasonJa } from '../../core/reasons.js';
import type { AnyCheck, Check, Finding } from '../../core/model.js';
import type { Target } from '../../core/target.js';
import { listListeners } from './discover.js';
import { formatEndpoint } from './endpoint-syntax.js';
import { probeAddresses } from './listeners.js';
import { judgeEndpoint } from './policy.js';
import { probeEndpoint, type EndpointReport } from './probe.js';

export interface TlsEndpointsParams {
  ports: number[];
  skipPorts: number[];
  timeoutMs: number;
  allowEarlyTlsA2: boolean;
  a2Reason?: string;
  certExpiryWarnDays: number;
}

/** What the collector stores (as JSON) under `active:<key>`. */
export interface TlsEndpointsEvidence {
  listingSource?: string;
  listingError?: string;
  /** Ports the user asked for explicitly (a non-TLS answer there is an error, not "not TLS"). */
  requestedPorts: number[];
  endpoints: EndpointReport[];
}

const MAX_PORTS = 256;
const PORTS_AT_ONCE = 8;

const EN_NEEDS_RUNNING = 'The TLS probe needs a running system (local or SSH); an offline image has no listening ports.';
const JA_NEEDS_RUNNING =
  'TLS プローブには稼働中のシステム (ローカルまたは SSH) が必要です。オフラインのイメージには待ち受けポートがありません。';

async function collect(
  target: Target,
  p: TlsEndpointsParams,
  signal: AbortSignal,
): Promise<{ status: 'ok' | 'error' | 'unsupported'; data?: unknown; reason?: string }> {
  if (!target.connectTcp) return { status: 'unsupported', reason: EN_NEEDS_RUNNING };
  const rawConnect = target.connectTcp.bind(target);
  // Once the scan's signal fires (its time limit, a Ctrl-C) no new connection is opened and the
  // open ones are destroyed: 300 silent ports end when the host's time is up, not 300 timeouts later.
  const open = new Set<Duplex>();
  const onAbort = () => {
    for (const s of open) s.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const connectTcp = async (host: string, port: number, ms: number): Promise<Duplex> => {
    if (signal.aborted) throw new Error('aborted');
    const s = await rawConnect(host, port, ms);
    if (signal.aborted) {
      s.destroy();
      throw new Error('aborted');
    }
    open.add(s);
    s.once('close', () => open.delete(s));
    return s;
  };
  try {
    return await collectWith(connectTcp, target, p, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function collectWith(
  connectTcp: (host: string, port: number, ms: number) => Promise<Duplex>,
  target: Target,
  p: TlsEndpointsParams,
  signal: AbortSignal,
): Promise<{ status: 'ok' | 'error' | 'unsupported'; data?: unknown; reason?: string }> {
  const evidence: TlsEndpointsEvidence = { requestedPorts: [...(p.ports ?? [])], endpoints: [] };
  const hosts = new Map<number, string>();
  try {
    const { listeners, source } = await listListeners(target, Math.max(p.timeoutMs, 5000), signal);
    evidence.listingSource = source;
    for (const [port, host] of probeAddresses(listeners)) hosts.set(port, host);
  } catch (err) {
    evidence.listingError = err instanceof Error ? err.message : String(err);
  }
  for (const port of p.ports ?? []) if (!hosts.has(port)) hosts.set(port, '127.0.0.1');
  for (const port of p.skipPorts ?? []) hosts.delete(port);
  if (evidence.listingError && hosts.size === 0) return { status: 'error', reason: evidence.listingError };
  const targets = [...hosts.entries()].slice(0, MAX_PORTS);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length && !signal.aborted) {
      const [port, host] = targets[next++];
      const report = await probeEndpoint(() => connectTcp(host, port, p.timeoutMs), {
        endpoint: formatEndpoint(host, port),
        timeoutMs: p.timeoutMs,
        concurrency: 4,
        hostname: isIP(host) && !host.startsWith('127.') && host !== '::1' ? host : undefined,
      });
      evidence.endpoints.push(report);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PORTS_AT_ONCE, targets.length) }, worker));
  if (signal.aborted) return { status: 'error', reason: 'aborted' };
  evidence.endpoints.sort((a, b) => a.endpoint.localeCompare(b.endpoint, 'en', { numeric: true }));
  return { status: 'ok', data: evidence };
}

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

const check: Check<TlsEndpointsParams> = {
  id: 'tls.endpoints-strong',
  family: 'tls',
  title: t(
    'TLS services on the terminal use strong protocols, suites and certificates',
    '端末の TLS サービスが強力なプロトコル・暗号スイート・証明書を使っている',
  ),
  description: t(
    'Lists the listening TCP ports on the terminal and probes each from the terminal itself (through the SSH connection ' +
      'for remote targets) with hand-built ClientHellos: SSLv2 to TLS 1.3, every cipher suite, and the certificate chain. ' +
      'Judged against PCI DSS 4.2.1 and Mozilla "intermediate". Ports that do not speak TLS are listed but not judged. With ' +
      'allowEarlyTlsA2 (PCI DSS Appendix A2, POS POI terminals verified as not susceptible to known exploits) TLS 1.0/1.1 ' +
      'become waived when a2Reason documents the verification, and manual without it.',
    '端末の待ち受け TCP ポートを一覧にし、端末自身から (リモートでは SSH 接続経由で) 独自の ClientHello で調べます: ' +
      'SSLv2〜TLS 1.3、すべての暗号スイート、証明書チェーン。PCI DSS 4.2.1 と Mozilla の「intermediate」' +
      'に照らして判定します。TLS で応答しないポートは一覧に載せますが判定しません。allowEarlyTlsA2 (PCI ' +
      'DSS 付録 A2: 既知の攻撃を受けないと確認済みの POS POI 端末) を指定すると、a2Reason に確認内容があれば TLS ' +
      '1.0/1.1 は例外 (waived)、なければ要確認 (manual) になります。',
  ),
  remediation: t(
    'Allow only TLS 1.2 and TLS 1.3 with ECDHE and AEAD suites (AES-GCM, ChaCha20-Poly1305); remove SSL, TLS 1.0/1.1, ' +
      'NULL, anonymous, export, RC4, DES and 3DES suites; use a certificate with an RSA key of 2048 bits or more (or ECDSA ' +
      'P-256+), signed with SHA-256 or better, and renew it before it expires.',
    'TLS 1.2 と TLS 1.3 のみを許可し、ECDHE と AEAD (AES-GCM、ChaCha20-Poly1305) のスイートだけを使ってください。SSL、TLS ' +
      '1.0/1.1、NULL・匿名・輸出グレード・RC4・DES・3DES のスイートを無効にしてください。証明書は RSA ' +
      '2048 ビット以上 (または ECDSA P-256 以上)、SHA-256 以上の署名のものを使い、期限前に更新してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ports: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        default: [],
        description: 'Extra ports to probe (on 127.0.0.1) even if not listed as listening.',
      },
      skipPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        default: [],
        description: 'Ports never probed.',
      },
      timeoutMs: { type: 'integer', minimum: 100, maximum: 60000, default: 3000, description: 'Per connection.' },
      allowEarlyTlsA2: {
        type: 'boolean',
        default: false,
        description:
          'PCI DSS Appendix A2: POS POI terminal verified as not susceptible to known exploits may keep TLS 1.0/1.1. Needs ' +
          'a2Reason to waive.',
      },
      a2Reason: { type: 'string', maxLength: 500, description: 'The documented A2 verification (who, when, which document).' },
      certExpiryWarnDays: { type: 'integer', minimum: 0, maximum: 3650, default: 30 },
    },
  },
  requests: () => [],
  active: {
    key: (p) => `tls.endpoints:${JSON.stringify({ ports: p.ports ?? [], skip: p.skipPorts ?? [], timeoutMs: p.timeoutMs })}`,
    collect,
  },
  evaluate(ev, ctx) {
    const p = ctx.params;
    const key = check.active!.key(p);
    const answer = ev.activeAnswer(key);
    if (!answer) return [{ status: 'error', message: t('The TLS probe did not run.', 'TLS プローブが実行されていません。') }];
    if (answer.status === 'unsupported') return [{ status: 'error', message: t(EN_NEEDS_RUNNING, JA_NEEDS_RUNNING) }];
    const data = ev.active<TlsEndpointsEvidence>(key);
    if (answer.status !== 'ok' || !data)
      return [
        {
          status: 'error',
          message: t(
            `The TLS probe failed: ${answer.reason ?? 'no data'}.`,
            `TLS プローブに失敗しました: ${answer.reason !== undefined ? reasonJa(answer.reason) : 'データなし'}`,
          ),
        },
      ];
    const policy = { allowEarlyTlsA2: p.allowEarlyTlsA2, a2Reason: p.a2Reason, certExpiryWarnDays: p.certExpiryWarnDays };
    const findings: Finding[] = [];
    const notTls: string[] = [];
    for (const r of data.endpoints) {
      const requested = data.requestedPorts.includes(portOf(r.endpoint));
      if (r.state !== 'tls' && !requested) {
        notTls.push(r.endpoint);
        continue;
      }
      for (const f of judgeEndpoint(r, policy, ctx.now))
        findings.push({
          status: f.status,
          message: f.message,
          location: r.endpoint,
          details: { id: f.id, severity: f.severity, ...(f.details ?? {}) },
          ...(f.remediation ? { remediation: f.remediation } : {}),
        });
    }
    if (data.listingError)
      findings.push({
        status: 'error',
        message: t(
          `Could not list the listening ports: ${data.listingError}. Only the configured ports were probed.`,
          `待ち受けポートを一覧にできません: ${data.listingError}。指定されたポートのみを調べました。`,
        ),
      });
    if (findings.length === 0)
      findings.push({
        status: 'not-applicable',
        message: t(
          `No listening TCP port speaks TLS (${notTls.length} probed${notTls.length ? `: ${notTls.slice(0, 20).join(', ')}` : ''}).`,
          `TLS で応答する待ち受け TCP ポートはありません (${notTls.length} 件を確認` +
            `${notTls.length ? `: ${notTls.slice(0, 20).join(', ')}` : ''})。`,
        ),
        details: { notTls },
      });
    return findings;
  },
};

export const checks: AnyCheck[] = [check];
