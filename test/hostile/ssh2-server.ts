/**
 * Misbehaving SSH servers on loopback (ssh2's Server): every login is accepted, then the server
 * stalls where a real broken or hostile terminal does: it never answers the session channel
 * request, or never answers the exec request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';

const { Server } = ssh2;

export type Stall = 'channel-open' | 'exec';

export interface StallingServer {
  port: number;
  /** A key to log in with (the server accepts any). */
  clientKey: string;
  /** known_hosts trusting this server. */
  knownHosts: string;
  /** Requests seen so far (for assertions that the client got as far as the stall). */
  seen: string[];
  stop(): Promise<void>;
}

export async function startStallingServer(stall: Stall): Promise<StallingServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-ssh2-'));
  const hostKey = path.join(dir, 'host');
  const clientKey = path.join(dir, 'client');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey], { stdio: 'ignore' });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey], { stdio: 'ignore' });
  const seen: string[] = [];
  const server = new Server({ hostKeys: [readFileSync(hostKey)] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      client.on('session', (accept) => {
        seen.push('session');
        if (stall === 'channel-open') return; // never accepted, never rejected
        const session = accept();
        session.on('exec', (_accept, _reject, info: { command: string }) => {
          seen.push(`exec ${info.command.slice(0, 20)}`);
          // never accepted, never rejected
        });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const knownHosts = path.join(dir, 'known_hosts');
  const pub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${pub}\n`);
  return {
    port,
    clientKey,
    knownHosts,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(resolve, 1000).unref();
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}
