/**
 * OpenSSH known_hosts: plain and hashed (`|1|salt|hash`) host patterns, `[host]:port` for
 * non-standard ports, `@revoked` lines. Verifies a presented host key, and records a new one
 * when the user accepts new keys (trust on first use).
 */
import { createHash, createHmac } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

export type HostKeyVerdict = 'known' | 'unknown' | 'changed' | 'revoked';

interface Entry {
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: string;
  marker?: string;
}

/** The name OpenSSH stores: `host`, or `[host]:port` when the port is not 22. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    let marker: string | undefined;
    if (f[0].startsWith('@')) marker = f.shift();
    if (f.length < 3) continue;
    const [hosts, keyType, key] = f;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) continue;
      entries.push({
        patterns: [],
        hashed: { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') },
        keyType,
        key,
        marker,
      });
    } else {
      entries.push({ patterns: hosts.split(','), keyType, key, marker });
    }
  }
  return entries;
}

function matches(entry: Entry, name: string): boolean {
  if (entry.hashed) {
    const h = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return h.equals(entry.hashed.hash);
  }
  let hit = false;
  for (const p of entry.patterns) {
    const negated = p.startsWith('!');
    const pat = negated ? p.slice(1) : p;
    if (picomatch.isMatch(name, pat, { nocase: true, dot: true })) {
      if (negated) return false;
      hit = true;
    }
  }
  return hit;
}

/**
 * `key` is the raw public key blob the server presented. As OpenSSH: a host with any key on
 * record (of any type) must present one of those keys. A server that now offers only a type we
 * have no key of (an ED25519 key known, only RSA offered) has changed its key as far as we can
 * tell: `changed`, never `unknown` (which --accept-new-host-keys would trust and append).
 */
export function verifyHostKey(entries: Entry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = hostEntryName(host, port);
  const b64 = key.toString('base64');
  let sawHost = false;
  for (const e of entries) {
    if (!matches(e, name)) continue;
    if (e.marker === '@revoked' && e.key === b64) return 'revoked';
    if (e.marker) continue;
    if (e.key === b64) return 'known';
    sawHost = true;
  }
  return sawHost ? 'changed' : 'unknown';
}

/** The key types on record for a host (no markers), in file order. */
export function knownKeyTypes(entries: Entry[], host: string, port: number): string[] {
  const name = hostEntryName(host, port);
  const out: string[] = [];
  for (const e of entries) if (!e.marker && matches(e, name) && !out.includes(e.keyType)) out.push(e.keyType);
  return out;
}

/** Every host key algorithm the client offers (ssh2's defaults). */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * The host key algorithms to offer, those of the key types on record first (as OpenSSH orders
 * them): a server with an RSA and an ED25519 key, known by its RSA key, is asked for RSA.
 */
export function hostKeyAlgorithmsFor(knownTypes: string[]): string[] {
  const first: string[] = [];
  for (const type of knownTypes) {
    const algs = type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
    for (const a of algs) if (HOST_KEY_ALGORITHMS.includes(a) && !first.includes(a)) first.push(a);
  }
  return [...first, ...HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}

/** OpenSSH-style fingerprint of a host key blob: `SHA256:…`. */
export function keyFingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

/** Append a host key (trust on first use). The file and its folder are created if needed. */
export async function recordHostKey(file: string, host: string, port: number, key: Buffer): Promise<void> {
  const len = key.readUInt32BE(0);
  const keyType = key.subarray(4, 4 + len).toString('latin1');
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fsp.appendFile(file, `${hostEntryName(host, port)} ${keyType} ${key.toString('base64')}\n`, { mode: 0o600 });
}
