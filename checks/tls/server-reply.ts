/** Parse what a server answers to a ClientHello: ServerHello (or HelloRetryRequest), the plaintext
 * Certificate and ServerKeyExchange of TLS ≤ 1.2, alerts, SSLv2 SERVER-HELLO, or "this is not TLS".
 * Incremental and bounded: call with all bytes received so far; it says whether it has enough. */
import { describeSuite, protocolOfVersion } from './suites.js';

export type Reply =
  | {
      kind: 'server-hello';
      /** Negotiated version (supported_versions for TLS 1.3). */
      version: number;
      suite: number;
      helloRetry: boolean;
      /** Certificates in the order sent (DER), TLS ≤ 1.2 only. */
      certificates?: Buffer[];
      /** ECDHE group id (from ServerKeyExchange or TLS 1.3 key_share). */
      group?: number;
      /** DHE prime size in bits. */
      dhBits?: number;
    }
  | { kind: 'sslv2-server-hello'; specs: number[]; certificate?: Buffer }
  | { kind: 'alert'; level: number; description: number }
  | { kind: 'not-tls'; sample: string }
  | { kind: 'malformed'; reason: string };

export const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');
const MAX_RECORD = 16384 + 2048;
const MAX_HANDSHAKE_MESSAGE = 256 * 1024;
const MAX_CERTS = 20;

/** Printable preview of foreign bytes for a message (control bytes as dots). */
export function sampleOf(data: Buffer): string {
  return data
    .subarray(0, 32)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
}

function parseServerHello(body: Buffer): Extract<Reply, { kind: 'server-hello' }> | { kind: 'malformed'; reason: string } {
  if (body.length < 38) return { kind: 'malformed', reason: 'short ServerHello' };
  let version = body.readUInt16BE(0);
  const random = body.subarray(2, 34);
  const sidLen = body.readUInt8(34);
  let p = 35 + sidLen;
  if (body.length < p + 3) return { kind: 'malformed', reason: 'short ServerHello' };
  const suite = body.readUInt16BE(p);
  p += 3; // suite + compression method
  let group: number | undefined;
  if (body.length >= p + 2) {
    const extEnd = Math.min(body.length, p + 2 + body.readUInt16BE(p));
    p += 2;
    while (p + 4 <= extEnd) {
      const type = body.readUInt16BE(p);
      const len = body.readUInt16BE(p + 2);
      const data = body.subarray(p + 4, Math.min(extEnd, p + 4 + len));
      if (type === 0x002b && data.length >= 2) version = data.readUInt16BE(0);
      if (type === 0x0033 && data.length >= 2) group = data.readUInt16BE(0);
      p += 4 + len;
    }
  }
  return { kind: 'server-hello', version, suite, helloRetry: random.equals(HELLO_RETRY_RANDOM), group };
}

function parseCertificateList(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  if (body.length < 3) return out;
  const end = Math.min(body.length, 3 + body.readUIntBE(0, 3));
  let p = 3;
  while (p + 3 <= end && out.length < MAX_CERTS) {
    const len = body.readUIntBE(p, 3);
    if (p + 3 + len > end) break;
    out.push(Buffer.from(body.subarray(p + 3, p + 3 + len)));
    p += 3 + len;
  }
  return out;
}

function applyKeyExchange(hello: Extract<Reply, { kind: 'server-hello' }>, body: Buffer): void {
  const protocol = protocolOfVersion(hello.version);
  if (!protocol) return;
  const kx = describeSuite(hello.suite, protocol).kx;
  if (kx === 'ECDHE' || (kx === 'ECDH' && describeSuite(hello.suite, protocol).anon)) {
    if (body.length >= 3 && body.readUInt8(0) === 3) hello.group = body.readUInt16BE(1);
  } else if (kx === 'DHE' || kx === 'DH') {
    if (body.length >= 2) {
      const len = body.readUInt16BE(0);
      let first = 2;
      while (first < 2 + len && first < body.length && body.readUInt8(first) === 0) first++;
      const bytes = 2 + len - first;
      const lead = first < body.length ? body.readUInt8(first) : 0;
      hello.dhBits = bytes > 0 ? (bytes - 1) * 8 + (32 - Math.clz32(lead)) : 0;
    }
  }
}

function parseSslv2(data: Buffer): ParseState {
  if (data.length < 2) return { done: false };
  const twoByte = (data.readUInt8(0) & 0x80) !== 0;
  const len = twoByte
    ? ((data.readUInt8(0) & 0x7f) << 8) | data.readUInt8(1)
    : ((data.readUInt8(0) & 0x3f) << 8) | data.readUInt8(1);
  const header = twoByte ? 2 : 3;
  if (data.length < header + len) return { done: false };
  const body = data.subarray(header, header + len);
  if (body.length === 0) return { done: true, reply: { kind: 'not-tls', sample: sampleOf(data) } };
  if (body.readUInt8(0) === 0)
    return { done: true, reply: { kind: 'alert', level: 2, description: body.length >= 3 ? body.readUInt16BE(1) : 0 } };
  if (body.readUInt8(0) !== 4 || body.length < 11) return { done: true, reply: { kind: 'not-tls', sample: sampleOf(data) } };
  const certLen = body.readUInt16BE(5);
  const specLen = body.readUInt16BE(7);
  const cert = body.subarray(11, 11 + certLen);
  const specs: number[] = [];
  for (let p = 11 + certLen; p + 3 <= Math.min(body.length, 11 + certLen + specLen); p += 3) specs.push(body.readUIntBE(p, 3));
  return { done: true, reply: { kind: 'sslv2-server-hello', specs, certificate: cert.length ? Buffer.from(cert) : undefined } };
}

/** Looks like an SSLv2 record header: high bit set on a 2-byte header, and a plausible message type. */
function looksSslv2(data: Buffer): boolean {
  return data.length >= 3 && (data.readUInt8(0) & 0x80) !== 0 && (data.readUInt8(2) === 4 || data.readUInt8(2) === 0);
}

/**
 * Decide from the bytes received so far. `wantFlight`: for TLS ≤ 1.2 keep reading until ServerHelloDone
 * to get the certificates and key-exchange size; otherwise stop at the ServerHello.
 */
export type ParseState = { done: false; partial?: Reply } | { done: true; reply: Reply };

export function parseReply(data: Buffer, wantFlight: boolean): ParseState {
  if (data.length === 0) return { done: false };
  if (!(data.readUInt8(0) >= 20 && data.readUInt8(0) <= 24)) {
    if (looksSslv2(data)) return parseSslv2(data);
    return { done: true, reply: { kind: 'not-tls', sample: sampleOf(data) } };
  }
  if (data.length >= 2 && data.readUInt8(1) !== 3) return { done: true, reply: { kind: 'not-tls', sample: sampleOf(data) } };
  let p = 0;
  const handshake: Buffer[] = [];
  while (p + 5 <= data.length) {
    const type = data.readUInt8(p);
    if (!(type >= 20 && type <= 24) || data.readUInt8(p + 1) !== 3)
      return { done: true, reply: { kind: 'malformed', reason: 'bad record header' } };
    const len = data.readUInt16BE(p + 3);
    if (len > MAX_RECORD) return { done: true, reply: { kind: 'malformed', reason: `record of ${len} bytes` } };
    if (p + 5 + len > data.length) break;
    const payload = data.subarray(p + 5, p + 5 + len);
    if (type === 21) {
      if (payload.length >= 2 && handshake.length === 0)
        return { done: true, reply: { kind: 'alert', level: payload.readUInt8(0), description: payload.readUInt8(1) } };
      if (payload.length >= 2) break; // alert after a ServerHello: handled below with what we have
    }
    if (type === 22) handshake.push(payload);
    p += 5 + len;
  }
  const hs = Buffer.concat(handshake);
  let hello: Extract<Reply, { kind: 'server-hello' }> | undefined;
  let q = 0;
  while (q + 4 <= hs.length) {
    const type = hs[q];
    const len = hs.readUIntBE(q + 1, 3);
    if (len > MAX_HANDSHAKE_MESSAGE)
      return { done: true, reply: { kind: 'malformed', reason: `handshake message of ${len} bytes` } };
    if (q + 4 + len > hs.length) break;
    const body = hs.subarray(q + 4, q + 4 + len);
    if (!hello) {
      if (type !== 2)
        return { done: true, reply: { kind: 'malformed', reason: `expected ServerHello, got handshake type ${type}` } };
      const parsed = parseServerHello(body);
      if (parsed.kind === 'malformed') return { done: true, reply: parsed };
      hello = parsed;
      if (!wantFlight || hello.helloRetry || hello.version >= 0x0304 || hello.version < 0x0300)
        return { done: true, reply: hello };
    } else if (type === 11) {
      hello.certificates = parseCertificateList(body);
    } else if (type === 12) {
      applyKeyExchange(hello, body);
    } else if (type === 14) {
      return { done: true, reply: hello };
    }
    q += 4 + len;
  }
  return { done: false, partial: hello };
}

/** What the caller should do when the stream ends or times out: use the partial flight if it holds a ServerHello. */
export function parsePartial(data: Buffer): Reply | undefined {
  const r = parseReply(data, true);
  return r.done ? r.reply : r.partial;
}
