/** Probe one TLS endpoint: which protocol versions and cipher suites it accepts, and its certificate chain.
 * Works over any stream factory, so the same probe runs over plain sockets and SSH-forwarded channels. */
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { analyseChain, type CertificateReport } from './certificate.js';
import { buildClientHello, buildSslv2ClientHello, MAX_SUITES_PER_HELLO } from './client-hello.js';
import { exchange, withDeadline, type Connector, type Outcome } from './exchange.js';
import { describeSuite, PROTOCOL_VERSION, PROTOCOLS, suitesFor, type ProtocolName, type SuiteInfo } from './suites.js';

export type { Connector } from './exchange.js';

export interface ProbeOptions {
  /** Label used in the report: `host:port`. */
  endpoint: string;
  /** SNI to send (never an IP literal). */
  sni?: string;
  /** Name or IP to match the certificate against; none = no hostname check. */
  hostname?: string;
  /** Per connection: connect plus answer. Default 5000. */
  timeoutMs?: number;
  /** Connections open at once to this endpoint. Default 6. */
  concurrency?: number;
  /** Upper bound on connections for one endpoint. Default 800. */
  maxProbes?: number;
}

export interface AcceptedSuite extends SuiteInfo {
  /** Key-exchange group the server chose (ECDHE), e.g. `x25519`. */
  group?: string;
  /** DHE prime size the server sent. */
  dhBits?: number;
}

export type EndpointState = 'tls' | 'not-tls' | 'unreachable' | 'no-answer' | 'no-handshake';

export interface EndpointReport {
  endpoint: string;
  /** `tls`: at least one protocol accepted. Otherwise why not. */
  state: EndpointState;
  /** Plain-English detail for a non-`tls` state (what the port said, the socket error). */
  detail?: string;
  protocols: Record<ProtocolName, boolean>;
  /** Protocols whose answer could not be told (timeouts), so `false` there is not proof. */
  undetermined: ProtocolName[];
  ciphers: Partial<Record<ProtocolName, AcceptedSuite[]>>;
  certificate?: CertificateReport;
  certificateError?: string;
  /** Server misbehaviour seen while probing (wrong suite chosen, malformed answers). */
  anomalies: string[];
  probes: number;
  durationMs: number;
}

const GROUP_NAMES: Record<number, string> = {
  0x13: 'secp192r1',
  0x14: 'secp224k1',
  0x15: 'secp224r1',
  0x16: 'secp256k1',
  0x17: 'secp256r1',
  0x18: 'secp384r1',
  0x19: 'secp521r1',
  0x1a: 'brainpoolP256r1',
  0x1b: 'brainpoolP384r1',
  0x1c: 'brainpoolP512r1',
  0x1d: 'x25519',
  0x1e: 'x448',
  0x100: 'ffdhe2048',
  0x101: 'ffdhe3072',
  0x102: 'ffdhe4096',
  0x103: 'ffdhe6144',
  0x104: 'ffdhe8192',
};
export function groupName(id: number): string {
  return GROUP_NAMES[id] ?? `group-0x${id.toString(16)}`;
}

/** A counting semaphore: at most `n` tasks at once. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly n: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function outcomeText(o: Outcome): string {
  switch (o.kind) {
    case 'not-tls':
      return `answered with non-TLS data: ${JSON.stringify(o.sample)}`;
    case 'timeout':
      return o.gotBytes ? `incomplete answer (${o.gotBytes} bytes) before the timeout` : 'no answer before the timeout';
    case 'connect-failed':
      return `connection failed: ${o.message}`;
    case 'reset':
      return `connection reset: ${o.message}`;
    case 'malformed':
      return `malformed answer: ${o.reason}`;
    default:
      return o.kind;
  }
}

class EndpointProbe {
  private probes = 0;
  private readonly limiter: Limiter;
  private readonly timeoutMs: number;
  private readonly maxProbes: number;
  readonly anomalies = new Set<string>();
  readonly undetermined = new Set<ProtocolName>();
  /** Certificates seen in a TLS ≤ 1.2 flight, best protocol wins. */
  private certs: { rank: number; ders: Buffer[] } | undefined;

  constructor(
    private readonly connect: Connector,
    private readonly opts: ProbeOptions,
  ) {
    this.limiter = new Limiter(Math.max(1, opts.concurrency ?? 6));
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.maxProbes = opts.maxProbes ?? 800;
  }

  get probeCount(): number {
    return this.probes;
  }

  async send(hello: Buffer, wantFlight: boolean): Promise<Outcome> {
    if (this.probes >= this.maxProbes) return { kind: 'malformed', reason: 'probe budget exhausted' };
    this.probes++;
    return this.limiter.run(() => exchange(this.connect, hello, { timeoutMs: this.timeoutMs, wantFlight }));
  }

  hello(protocol: Exclude<ProtocolName, 'SSLv2'>, suites: number[]): Buffer {
    return buildClientHello(protocol, suites, { sni: this.opts.sni });
  }

  private keepCerts(protocol: ProtocolName, ders: Buffer[] | undefined): void {
    if (!ders?.length) return;
    const rank = PROTOCOLS.indexOf(protocol);
    if (!this.certs || rank > this.certs.rank) this.certs = { rank, ders };
  }

  get probedCertificates(): Buffer[] | undefined {
    return this.certs?.ders;
  }

  /** Accepted SSLv2 cipher specs (one hello: the server lists what it shares). */
  async sslv2(): Promise<AcceptedSuite[]> {
    const specs = suitesFor('SSLv2');
    const o = await this.send(buildSslv2ClientHello(specs), false);
    if (o.kind === 'timeout') this.undetermined.add('SSLv2');
    if (o.kind !== 'sslv2-server-hello') return [];
    if (o.certificate) this.keepCerts('SSLv2', [o.certificate]);
    return o.specs.filter((s) => specs.includes(s)).map((s) => describeSuite(s, 'SSLv2'));
  }

  /** Standard enumeration: offer a batch, remove the suite the server picks, ask again until it refuses. */
  async enumerate(protocol: Exclude<ProtocolName, 'SSLv2'>): Promise<AcceptedSuite[]> {
    const accepted = new Map<number, AcceptedSuite>();
    const wanted = PROTOCOL_VERSION[protocol];
    const flight = protocol !== 'TLSv1.3';
    const record = (o: Extract<Outcome, { kind: 'server-hello' }>): void => {
      const info: AcceptedSuite = { ...describeSuite(o.suite, protocol) };
      if (o.group !== undefined) info.group = groupName(o.group);
      if (o.dhBits !== undefined) info.dhBits = o.dhBits;
      accepted.set(o.suite, info);
      this.keepCerts(protocol, o.certificates);
    };
    // One suite per hello: the fallback for servers that answer with a suite they were not offered.
    const oneByOne = async (suites: number[]): Promise<void> => {
      await Promise.all(
        suites.map(async (s) => {
          const o = await this.send(this.hello(protocol, [s]), flight);
          if (o.kind === 'server-hello' && o.version === wanted && o.suite === s) record(o);
        }),
      );
    };
    const batch = async (suites: number[]): Promise<void> => {
      let remaining = suites;
      while (remaining.length > 0) {
        const o = await this.send(this.hello(protocol, remaining), flight);
        if (o.kind !== 'server-hello') {
          if (o.kind === 'timeout') this.undetermined.add(protocol);
          if (o.kind === 'malformed' || o.kind === 'not-tls') this.anomalies.add(`${protocol}: ${outcomeText(o)}`);
          return; // alert, close or reset: none of the remaining suites is accepted
        }
        if (o.version !== wanted) return; // the server negotiated another version: this one is not offered
        if (!remaining.includes(o.suite)) {
          this.anomalies.add(`${protocol}: the server chose suite ${describeSuite(o.suite, protocol).code} that was not offered`);
          record(o);
          await oneByOne(remaining.filter((s) => s !== o.suite));
          return;
        }
        record(o);
        remaining = remaining.filter((s) => s !== o.suite);
      }
    };
    await Promise.all(chunk(suitesFor(protocol), MAX_SUITES_PER_HELLO).map(batch));
    return [...accepted.values()];
  }
}

/** Fetch the chain through a real handshake with Node's TLS stack (needed for TLS 1.3, where it is encrypted). */
async function handshakeChain(connect: Connector, opts: ProbeOptions, timeoutMs: number): Promise<Buffer[]> {
  const raw: Duplex = await withDeadline(connect(), timeoutMs, (late) => late.destroy());
  return new Promise<Buffer[]>((resolve, reject) => {
    const socket = tls.connect({
      socket: raw,
      servername: opts.sni,
      rejectUnauthorized: false,
      minVersion: 'TLSv1',
      ciphers: 'ALL:@SECLEVEL=0',
    });
    const timer = setTimeout(() => {
      socket.destroy();
      raw.destroy();
      reject(new Error(`no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const ders: Buffer[] = [];
      const seen = new Set<string>();
      let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (c && c.raw && !seen.has(c.fingerprint256) && ders.length < 20) {
        seen.add(c.fingerprint256);
        ders.push(c.raw);
        c = c.issuerCertificate;
      }
      socket.destroy();
      resolve(ders);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      reject(err);
    });
  });
}

function emptyProtocols(): Record<ProtocolName, boolean> {
  return { SSLv2: false, SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false };
}

/** Probe one endpoint. Never throws for the server's fault: a broken or silent port gives a report with a state. */
export async function probeEndpoint(connect: Connector, opts: ProbeOptions): Promise<EndpointReport> {
  const started = Date.now();
  const probe = new EndpointProbe(connect, opts);
  const report: EndpointReport = {
    endpoint: opts.endpoint,
    state: 'tls',
    protocols: emptyProtocols(),
    undetermined: [],
    ciphers: {},
    anomalies: [],
    probes: 0,
    durationMs: 0,
  };
  const done = (): EndpointReport => {
    report.anomalies = [...probe.anomalies];
    report.undetermined = PROTOCOLS.filter((p) => probe.undetermined.has(p) && !report.protocols[p]);
    report.probes = probe.probeCount;
    report.durationMs = Date.now() - started;
    return report;
  };

  // First a single modern hello: a silent port, a non-TLS service or a refused connection stops here.
  const first = await probe.send(probe.hello('TLSv1.2', suitesFor('TLSv1.2').slice(0, MAX_SUITES_PER_HELLO)), false);
  if (first.kind === 'timeout' || first.kind === 'not-tls' || first.kind === 'connect-failed') {
    report.state = first.kind === 'timeout' ? 'no-answer' : first.kind === 'not-tls' ? 'not-tls' : 'unreachable';
    report.detail = outcomeText(first);
    for (const p of PROTOCOLS) if (first.kind === 'timeout') probe.undetermined.add(p);
    return done();
  }

  const results = await Promise.all(
    PROTOCOLS.map(async (p) => [p, p === 'SSLv2' ? await probe.sslv2() : await probe.enumerate(p)] as const),
  );
  for (const [p, suites] of results) {
    report.protocols[p] = suites.length > 0;
    if (suites.length) report.ciphers[p] = suites;
  }
  if (!PROTOCOLS.some((p) => report.protocols[p])) {
    report.state = 'no-handshake';
    report.detail =
      first.kind === 'alert'
        ? `refused every ClientHello (alert ${first.description})`
        : `refused every ClientHello (${outcomeText(first)})`;
    return done();
  }

  const hostname = opts.hostname;
  try {
    const probed = probe.probedCertificates;
    if (probed) report.certificate = analyseChain(probed, 'probe', hostname);
    else {
      const ders = await handshakeChain(connect, opts, opts.timeoutMs ?? 5000);
      if (ders.length) report.certificate = analyseChain(ders, 'handshake', hostname);
      else report.certificateError = 'the server sent no certificate';
    }
  } catch (err) {
    report.certificateError = err instanceof Error ? err.message : String(err);
  }
  return done();
}
