/** ClientHello builders: SSLv2 CLIENT-HELLO, and SSLv3 / TLS 1.0–1.3 ClientHello records. */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { PROTOCOL_VERSION, type ProtocolName } from './suites.js';

/** Servers are known to choke on more; testssl.sh and nmap stay at or below this. */
export const MAX_SUITES_PER_HELLO = 128;

// Named groups: x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048–8192, brainpool, and the legacy curves 1–22.
const GROUPS = [
  0x001d,
  0x0017,
  0x0018,
  0x0019,
  0x001e,
  0x0100,
  0x0101,
  0x0102,
  0x0103,
  0x0104,
  0x001a,
  0x001b,
  0x001c,
  ...Array.from({ length: 22 }, (_, i) => i + 1),
];
// ecdsa, rsa-pss, ed25519/448, rsa-pkcs1 (SHA-2, SHA-1), dsa.
const SIG_ALGS = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301,
  0x0302, 0x0203, 0x0201, 0x0202, 0x0402, 0x0502, 0x0602,
];

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}
function vec16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}
function ext(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(body)]);
}
function list16(values: number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

export interface HelloOptions {
  /** Server name for SNI; IP literals are never sent (RFC 6066). */
  sni?: string;
}

/** A ClientHello record offering exactly `suites` for `protocol` (SSLv3 … TLS 1.3; SSLv2 has its own builder). */
export function buildClientHello(protocol: Exclude<ProtocolName, 'SSLv2'>, suites: number[], opts: HelloOptions = {}): Buffer {
  if (suites.length === 0 || suites.length > MAX_SUITES_PER_HELLO)
    throw new RangeError(`1–${MAX_SUITES_PER_HELLO} suites per hello`);
  const tls13 = protocol === 'TLSv1.3';
  const version = tls13 ? 0x0303 : PROTOCOL_VERSION[protocol];
  const exts: Buffer[] = [];
  if (protocol !== 'SSLv3') {
    if (opts.sni && isIP(opts.sni) === 0) {
      const name = Buffer.from(opts.sni, 'ascii');
      exts.push(ext(0x0000, vec16(Buffer.concat([Buffer.from([0]), vec16(name)]))));
    }
    exts.push(ext(0x000a, vec16(list16(tls13 ? GROUPS.slice(0, 10) : GROUPS))));
    exts.push(ext(0x000b, Buffer.from([3, 0, 1, 2])));
    if (protocol === 'TLSv1.2' || tls13) exts.push(ext(0x000d, vec16(list16(SIG_ALGS))));
    exts.push(ext(0x0017, Buffer.alloc(0)));
    if (tls13) {
      exts.push(ext(0x002b, Buffer.from([2, 0x03, 0x04])));
      exts.push(ext(0x002d, Buffer.from([1, 1])));
      // Any 32 bytes are an acceptable X25519 public value: enough to learn which suite the server picks.
      exts.push(ext(0x0033, vec16(Buffer.concat([u16(0x001d), vec16(randomBytes(32))]))));
    } else {
      exts.push(ext(0xff01, Buffer.from([0])));
    }
  }
  const sessionId = tls13 ? randomBytes(32) : Buffer.alloc(0);
  const bodyParts = [
    u16(version),
    randomBytes(32),
    Buffer.from([sessionId.length]),
    sessionId,
    vec16(list16(suites)),
    Buffer.from([1, 0]),
  ];
  if (exts.length) bodyParts.push(vec16(Buffer.concat(exts)));
  const body = Buffer.concat(bodyParts);
  const handshake = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  const recordVersion = protocol === 'SSLv3' ? 0x0300 : 0x0301;
  return Buffer.concat([Buffer.from([22]), u16(recordVersion), vec16(handshake)]);
}

/** An SSLv2 CLIENT-HELLO offering the given 3-byte cipher specs. */
export function buildSslv2ClientHello(specs: number[]): Buffer {
  const cipherSpecs = Buffer.concat(specs.map((s) => u24(s)));
  const challenge = randomBytes(16);
  const body = Buffer.concat([
    Buffer.from([1]),
    u16(0x0002),
    u16(cipherSpecs.length),
    u16(0),
    u16(challenge.length),
    cipherSpecs,
    challenge,
  ]);
  return Buffer.concat([u16(0x8000 | body.length), body]);
}
