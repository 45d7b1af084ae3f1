/**
 * A real OpenSSH server on loopback for tests: its own host keys, config and authorized keys,
 * started on a free port and stopped after. Needs openssh-server (installed by .ci/run).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));

export interface TestSshd {
  dir: string;
  port: number;
  /** Addresses it listens on (127.0.0.1 and any extra ones asked for). */
  addresses: string[];
  clientKey: string;
  otherKey: string;
  hostKeyPub: string;
  /** A known_hosts file that trusts this server on every address. */
  knownHosts: string;
  user: string;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function keygen(file: string, type = 'ed25519'): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file], { stdio: 'ignore' });
}

async function waitForPort(host: string, port: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${host}:${port}`);
}

export async function startSshd(
  opts: { extraAddresses?: string[]; extraConfig?: string; hostKeyType?: 'ed25519' | 'rsa' } = {},
): Promise<TestSshd> {
  if (!SSHD) throw new Error('sshd is not installed (apt-get install openssh-server)');
  mkdirSync('/run/sshd', { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-sshd-'));
  const hostKey = path.join(dir, `host_${opts.hostKeyType ?? 'ed25519'}`);
  const clientKey = path.join(dir, 'client_ed25519');
  const otherKey = path.join(dir, 'other_ed25519');
  keygen(hostKey, opts.hostKeyType ?? 'ed25519');
  keygen(clientKey);
  keygen(otherKey);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const port = await freePort();
  const addresses = ['127.0.0.1', ...(opts.extraAddresses ?? [])];
  const config = [
    `Port ${port}`,
    ...addresses.map((a) => `ListenAddress ${a}`),
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    'MaxStartups 1000:30:2000',
    'MaxSessions 100',
    'LogLevel ERROR',
    opts.extraConfig ?? '',
  ].join('\n');
  writeFileSync(path.join(dir, 'sshd_config'), config + '\n');
  const hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, addresses.map((a) => `[${a}]:${port} ${hostKeyPub}`).join('\n') + '\n');
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    await waitForPort('127.0.0.1', port, 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}: ${stderr}`, { cause: err });
  }
  return {
    dir,
    port,
    addresses,
    clientKey,
    otherKey,
    hostKeyPub,
    knownHosts,
    user: os.userInfo().username,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
