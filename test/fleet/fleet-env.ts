/**
 * A fleet on loopback for tests and the bench: one OpenSSH server answering many 127.x.y.z
 * addresses as separate hosts, plus broken hosts: down (nothing listening), a refused key, a
 * changed host key, a host that hangs mid-scan (ForceCommand sleep), one that sends garbage
 * and one that accepts and says nothing.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startSshd, type TestSshd } from '../helpers/sshd.js';

export type BrokenKind = 'down' | 'refused-key' | 'changed-key' | 'hang' | 'garbage' | 'silent';

export interface FleetEnv {
  sshd: TestSshd;
  good: string[];
  broken: Record<BrokenKind, string>;
  port: number;
  /** The port serving each address (one sshd per 15 addresses). */
  portOf: Map<string, number>;
  knownHosts: string;
  inventory: string;
  stop(): Promise<void>;
}

/** 127.0.<10+i/250>.<1+i%250>: distinct addresses for host i. */
export function fleetAddress(i: number, base = 10): string {
  return `127.0.${base + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

function tcpServer(host: string, port: number, onConn: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer(onConn);
    srv.once('error', reject);
    srv.listen(port, host, () => resolve(srv));
  });
}

export async function startFleet(opts: {
  good: number;
  broken?: boolean;
  hangSeconds?: number;
  inventoryExtra?: string;
  dir?: string;
}): Promise<FleetEnv> {
  const good = Array.from({ length: opts.good }, (_, i) => fleetAddress(i));
  const b = (k: number) => fleetAddress(k, 9);
  const broken: Record<BrokenKind, string> = {
    down: b(0),
    'refused-key': b(1),
    'changed-key': b(2),
    hang: b(3),
    garbage: b(4),
    silent: b(5),
  };
  const listen = opts.broken ? [...good, broken['refused-key'], broken['changed-key'], broken.hang] : good;
  // OpenSSH listens on at most 16 sockets (MAX_LISTEN_SOCKS): one server per 15 addresses (plus its 127.0.0.1),
  // all trusting the same client key, so every host takes the same key and one known_hosts.
  const extraConfig = opts.broken ? `Match LocalAddress ${broken.hang}\n  ForceCommand sleep ${opts.hangSeconds ?? 60}\n` : '';
  const servers_: TestSshd[] = [];
  const portOf = new Map<string, number>();
  for (let i = 0; i < listen.length; i += 15) {
    const chunk = listen.slice(i, i + 15);
    const s = await startSshd({ extraAddresses: chunk, extraConfig });
    if (servers_.length) copyFileSync(path.join(servers_[0].dir, 'authorized_keys'), path.join(s.dir, 'authorized_keys'));
    servers_.push(s);
    for (const a of chunk) portOf.set(a, s.port);
  }
  const sshd = servers_[0];
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  if (opts.broken) {
    servers.push(
      await tcpServer(broken.garbage, sshd.port, (s) => {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
        s.write(randomBytes(4096));
        s.end(randomBytes(4096));
      }),
    );
    servers.push(
      await tcpServer(broken.silent, sshd.port, (s) => {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }),
    );
  }
  // known_hosts: the server's key everywhere, except a different key for the changed-key host.
  const other = readFileSync(`${sshd.otherKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(sshd.dir, 'fleet_known_hosts');
  const lines = servers_.flatMap((srv) =>
    srv.addresses.map((a) => `[${a}]:${srv.port} ${a === broken['changed-key'] && opts.broken ? other : srv.hostKeyPub}`),
  );
  if (opts.broken)
    lines.push(`[${broken.garbage}]:${sshd.port} ${sshd.hostKeyPub}`, `[${broken.silent}]:${sshd.port} ${sshd.hostKeyPub}`);
  writeFileSync(knownHosts, lines.join('\n') + '\n');
  const inv: string[] = [
    'version: 1',
    'defaults:',
    `  user: ${sshd.user}`,
    `  port: ${sshd.port}`,
    `  identity: ${sshd.clientKey}`,
    '  platform: linux',
    'groups:',
    '  stores:',
    '    hosts:',
  ];
  const hostLines: string[] = ['hosts:'];
  good.forEach((a, i) => {
    const name = `pos-${String(i + 1).padStart(4, '0')}`;
    inv.push(`      - ${name}`);
    hostLines.push(
      `  ${name}: { address: ${a}, port: ${portOf.get(a) ?? sshd.port}, tags: { store: ` +
        `"S${String(i + 1).padStart(4, '0')}", region: ${i % 2 ? 'kansai' : 'kanto'} } }`,
    );
  });
  if (opts.broken) {
    inv.push('  broken:', '    hosts: [down, refused-key, changed-key, hang, garbage, silent]');
    for (const k of Object.keys(broken) as BrokenKind[])
      hostLines.push(
        `  ${k}: { address: ${broken[k]}, port: ${portOf.get(broken[k]) ?? sshd.port}` +
          `${k === 'refused-key' ? `, identity: ${sshd.otherKey}` : ''} }`,
      );
  }
  const inventory = path.join(opts.dir ?? sshd.dir, 'stores.yaml');
  writeFileSync(inventory, [...inv, ...hostLines, opts.inventoryExtra ?? ''].join('\n') + '\n');
  return {
    sshd,
    good,
    broken,
    port: sshd.port,
    portOf,
    knownHosts,
    inventory,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await Promise.all(servers_.map((x) => x.stop()));
    },
  };
}
