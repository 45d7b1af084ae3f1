/** `posaudit tls <endpoint…>`: probe endpoints from this machine, judge them, print JSON lines or a readable summary. */
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { tr, t, type Lang } from '../../core/i18n.js';
import { parseEndpoint, type Endpoint } from '../../checks/tls/endpoint-syntax.js';
import { judgeEndpoint, type TlsFinding, type TlsPolicy } from '../../checks/tls/policy.js';
import { probeEndpoint, type EndpointReport } from '../../checks/tls/probe.js';
import { PROTOCOLS } from '../../checks/tls/suites.js';
import { errorText, redactText } from '../../core/redact.js';

export interface TlsCommandOptions {
  json: boolean;
  lang: Lang;
  /** Per connection. Default 5000. */
  timeoutMs?: number;
  /** Endpoints probed at once. Default 8. */
  concurrency?: number;
  /** SNI name to send (defaults to the endpoint's host when it is a name). */
  sni?: string;
  /** Judgement options (Appendix A2, expiry warning). */
  policy?: Partial<TlsPolicy>;
  /** Clock for certificate expiry; default now. */
  now?: Date;
}

/** Open a TCP connection with a deadline. */
export function tcpConnector(host: string, port: number, timeoutMs: number): () => Promise<Duplex> {
  return () =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect timeout after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      });
    });
}

/** The JSON shape of one endpoint (`--json` prints one such object per line). */
export function endpointJson(r: EndpointReport, findings: TlsFinding[], lang: Lang): Record<string, unknown> {
  const cert = r.certificate;
  return {
    endpoint: r.endpoint,
    state: r.state,
    ...(r.detail ? { detail: r.detail } : {}),
    protocols: r.protocols,
    ciphers: Object.fromEntries(
      PROTOCOLS.map((p) => [
        p,
        (r.ciphers[p] ?? []).map((s) => ({
          code: s.code,
          name: s.name,
          keyExchange: s.kx,
          authentication: s.au,
          encryption: s.enc,
          bits: s.bits,
          mac: s.mac,
          forwardSecrecy: s.fs,
          ...(s.group ? { group: s.group } : {}),
          ...(s.dhBits ? { dhBits: s.dhBits } : {}),
        })),
      ]),
    ),
    certificate: cert
      ? {
          ...cert.leaf,
          chain: cert.chain,
          chainOrdered: cert.chainOrdered,
          ...(cert.hostname ? { hostname: cert.hostname } : {}),
          source: cert.source,
        }
      : null,
    ...(r.certificateError ? { certificateError: r.certificateError } : {}),
    findings: findings.map((f) => ({
      id: f.id,
      status: f.status,
      severity: f.severity,
      message: tr(f.message, lang),
      ...(f.details ? { details: f.details } : {}),
      ...(f.remediation ? { remediation: tr(f.remediation, lang) } : {}),
    })),
    undetermined: r.undetermined,
    anomalies: r.anomalies,
    probes: r.probes,
    durationMs: r.durationMs,
  };
}

const STATUS_LABEL: Record<string, ReturnType<typeof t>> = {
  pass: t('PASS', '合格'),
  fail: t('FAIL', '不合格'),
  warn: t('WARN', '注意'),
  error: t('ERROR', 'エラー'),
  manual: t('MANUAL', '要確認'),
  waived: t('WAIVED', '例外'),
  'not-applicable': t('N/A', '対象外'),
};

function worst(findings: TlsFinding[]): string {
  for (const s of ['fail', 'error', 'warn', 'manual', 'waived', 'pass']) if (findings.some((f) => f.status === s)) return s;
  return 'pass';
}

/** A readable block for one endpoint. */
export function endpointText(r: EndpointReport, findings: TlsFinding[], lang: Lang): string {
  const L = (en: string, ja: string): string => tr(t(en, ja), lang);
  const lines = [
    `${r.endpoint}  ${tr(STATUS_LABEL[worst(findings)], lang)}  (${r.probes} ${L('connections', '接続')}, ${r.durationMs} ms)`,
  ];
  if (r.state === 'tls') {
    const on = PROTOCOLS.filter((p) => r.protocols[p]);
    lines.push(`  ${L('protocols', 'プロトコル')}: ${on.join(' ')}`);
    for (const p of on) lines.push(`  ${p}: ${(r.ciphers[p] ?? []).map((s) => s.name.replace(/^(TLS|SSL_CK)_/, '')).join(' ')}`);
    const c = r.certificate?.leaf;
    if (c)
      lines.push(
        `  ${L('certificate', '証明書')}: ${JSON.stringify(c.subject)} ${c.keyType}` +
          ` ${c.keyBits}, ${c.signatureAlgorithm}, ${L('valid until', '有効期限')}` +
          ` ${c.notAfter.slice(0, 10)}${c.selfSigned ? L(', self-signed', '、自己署名') : ''}`,
      );
  }
  for (const f of findings) lines.push(`  [${tr(STATUS_LABEL[f.status], lang)}] ${f.severity} ${f.id}: ${tr(f.message, lang)}`);
  return lines.join('\n') + '\n';
}

async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
  each: (r: R, i: number) => void,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      each(await fn(items[i], i), i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Run the `tls` command. Exit code: 0 no failure, 1 any `fail` finding, 2 bad endpoint syntax,
 * 3 no failure but some endpoint could not be judged (an `error` finding).
 */
export async function runTlsCommand(
  endpoints: string[],
  opts: TlsCommandOptions,
  stream: NodeJS.WritableStream,
): Promise<number> {
  // Certificate subjects, banners of non-TLS services and the arguments echoed back come from
  // elsewhere: everything this command prints is masked here, text and JSON alike.
  const out = { write: (s: string) => stream.write(redactText(s)) };
  const parsed: Endpoint[] = [];
  for (const text of endpoints) {
    try {
      parsed.push(parseEndpoint(text));
    } catch (err) {
      out.write(
        `${tr(t('posaudit tls: bad endpoint ', 'posaudit tls: エンドポイントの形式が正しくありません: '), opts.lang)}${errorText(err)}\n`,
      );
      return 2;
    }
  }
  if (parsed.length === 0) {
    out.write(
      tr(
        t(
          'posaudit tls: give at least one endpoint (host:port)\n',
          'posaudit tls: エンドポイント (host:port) を 1 つ以上指定してください\n',
        ),
        opts.lang,
      ),
    );
    return 2;
  }
  const timeoutMs = opts.timeoutMs ?? 5000;
  const policy: TlsPolicy = { allowEarlyTlsA2: false, certExpiryWarnDays: 30, ...opts.policy };
  const now = opts.now ?? new Date();
  const done: Array<string | undefined> = [];
  let printed = 0;
  let anyFail = false;
  let anyError = false;
  await mapLimited(
    parsed,
    Math.max(1, opts.concurrency ?? 8),
    async (ep) => {
      const sni = opts.sni ?? (net.isIP(ep.host) ? undefined : ep.host);
      const report = await probeEndpoint(tcpConnector(ep.host, ep.port, timeoutMs), {
        endpoint: ep.label,
        sni,
        hostname: sni ?? (net.isIP(ep.host) && !isLoopback(ep.host) ? ep.host : undefined),
        timeoutMs,
      });
      return { report, findings: judgeEndpoint(report, policy, now) };
    },
    ({ report, findings }, i) => {
      anyFail ||= findings.some((f) => f.status === 'fail');
      anyError ||= findings.some((f) => f.status === 'error');
      done[i] = opts.json
        ? JSON.stringify(endpointJson(report, findings, opts.lang)) + '\n'
        : endpointText(report, findings, opts.lang);
      // Print in the order given, as soon as the next one is ready.
      while (printed < done.length && done[printed] !== undefined) out.write(done[printed++] as string);
    },
  );
  return anyFail ? 1 : anyError ? 3 : 0;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}
