/** Real `openssl s_server` instances on loopback for the TLS tests, with certificates made on the spot. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export interface Pki {
  dir: string;
  caCert: string;
  /** Files: `<name>.key` and `<name>.pem`. */
  path(name: string): string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A test CA and leaf certificates: good, 1024-bit, SHA-1, expired. */
export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'posaudit-tls-'));
  const ext = join(dir, 'leaf.ext');
  writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-subj',
      '/CN=posaudit test CA',
    ],
    dir,
  );
  const leaf = (name: string, bits: number, digest: string): void => {
    openssl(
      [
        'req',
        '-new',
        '-newkey',
        `rsa:${bits}`,
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=localhost/O=${name}`,
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        String(Math.floor(Math.random() * 1e9)),
        '-days',
        '365',
        `-${digest}`,
        '-extfile',
        ext,
        '-out',
        `${name}.pem`,
      ],
      dir,
    );
  };
  leaf('good', 2048, 'sha256');
  leaf('weak1024', 1024, 'sha256');
  leaf('sha1', 2048, 'sha1');
  // Expired: OpenSSL 3.0 cannot back-date, so node-forge signs a leaf valid 2020-01-01 … 2020-06-30.
  openssl(['genrsa', '-out', 'expired.key', '2048'], dir);
  const caKey = forge.pki.privateKeyFromPem(readFileSync(join(dir, 'ca.key'), 'utf8'));
  const caCert = forge.pki.certificateFromPem(readFileSync(join(dir, 'ca.pem'), 'utf8'));
  const key = forge.pki.privateKeyFromPem(readFileSync(join(dir, 'expired.key'), 'utf8')) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0a1b2c';
  cert.validity.notBefore = new Date('2020-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2020-06-30T00:00:00Z');
  cert.setSubject([
    { shortName: 'CN', value: 'localhost' },
    { shortName: 'O', value: 'expired' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  writeFileSync(join(dir, 'expired.pem'), forge.pki.certificateToPem(cert));
  return { dir, caCert: join(dir, 'ca.pem'), path: (n) => join(dir, n) };
}

export function removePki(pki: Pki): void {
  rmSync(pki.dir, { recursive: true, force: true });
}

/** A free loopback port (bound and released; the tiny race is acceptable on a test machine). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, child: ChildProcess, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`s_server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`s_server did not listen on ${port}`);
}

export interface RunningServer {
  port: number;
  endpoint: string;
  stop(): void;
}

/** Start `openssl s_server` on a free loopback port with the given certificate and extra arguments. */
export async function startSServer(pki: Pki, cert: string, args: string[]): Promise<RunningServer> {
  const port = await freePort();
  const base = [
    's_server',
    '-accept',
    `127.0.0.1:${port}`,
    '-quiet',
    '-cert',
    pki.path(`${cert}.pem`),
    '-key',
    pki.path(`${cert}.key`),
    '-cert_chain',
    pki.caCert,
  ];
  const child = spawn('openssl', [...base, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  try {
    await waitListening(port, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}: ${stderr}`, { cause: err });
  }
  return { port, endpoint: `127.0.0.1:${port}`, stop: () => void child.kill('SIGKILL') };
}

/** A plain TCP server: answers anything with an HTTP error, never TLS. */
export async function startPlainServer(): Promise<RunningServer> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { port, endpoint: `127.0.0.1:${port}`, stop: () => void server.close() };
}

/** Accepts connections and never says anything. */
export async function startSilentServer(): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    endpoint: `127.0.0.1:${port}`,
    stop: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
