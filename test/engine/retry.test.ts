/**
 * A host whose connection never came up for a transient reason (it timed out) is tried once more;
 * one that refused, or that broke after connecting, is not. The reason comes from the SSH target
 * itself (TargetError.transient), not from reading its message.
 */
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../bin/commands/scan.js';
import type { ScanItem } from '../../engine/scan.js';
import { createTarget, parseTargetSpec } from '../../targets/factory.js';
import { freePort } from '../helpers/sshd.js';

let silent: net.Server;
let silentPort = 0;
let connections = 0;
const sockets: net.Socket[] = [];
let refusedPort = 0;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'posaudit-retry-'));
  // Accepts the TCP connection and never says a word: the SSH handshake times out.
  silent = net.createServer((sock) => {
    connections++;
    sockets.push(sock);
    sock.on('error', () => undefined);
  });
  silentPort = await freePort();
  await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
  refusedPort = await freePort(); // nothing listens here
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function sshItem(name: string, port: number): ScanItem {
  return {
    name,
    create: () => createTarget(parseTargetSpec(`ssh://audit@127.0.0.1:${port}`), { connectTimeoutMs: 1_000, password: 'x' }),
  };
}

describe('retries of hosts that could not connect', () => {
  it('tries a timed-out host once more, a refusing host once, and reports both as not scanned', async () => {
    const run = await runScan(
      [],
      { out: path.join(dir, 'out'), format: 'json', lang: 'en', failOn: 'high', checks: 'os.identified' },
      { items: [sshItem('pos-silent', silentPort), sshItem('pos-refused', refusedPort)], lang: 'en', keepReport: true },
    );
    expect(connections).toBe(2);
    const byName = new Map(run.report?.targets.map((t) => [t.name, t]));
    expect(byName.get('pos-silent')?.state).toBe('error');
    expect(byName.get('pos-silent')?.error).toMatch(/timed out/);
    expect(byName.get('pos-refused')?.state).toBe('error');
    expect(byName.get('pos-refused')?.error).toMatch(/refused/);
    expect(run.exitCode).toBe(3);
  });
});
