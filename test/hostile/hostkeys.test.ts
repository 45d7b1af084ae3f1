/**
 * A known host that now presents a key of another type: OpenSSH calls that a changed key and
 * refuses; so does posaudit, even with --accept-new-host-keys, and known_hosts is left alone.
 * Real OpenSSH server (only an RSA host key) and, for comparison, the real OpenSSH client.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshTarget } from '../../targets/ssh.js';
import { SSHD, startSshd, type TestSshd } from '../helpers/sshd.js';

const pubOf = (file: string): string => readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');

describe.skipIf(!SSHD)('host key type changed (ED25519 known, only RSA offered)', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyType: 'rsa', extraConfig: 'HostKeyAlgorithms rsa-sha2-512,rsa-sha2-256' });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const knownEd25519 = (): string => {
    const file = path.join(sshd.dir, `kh-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, `[127.0.0.1]:${sshd.port} ${pubOf(sshd.otherKey)}\n`);
    return file;
  };

  it('OpenSSH itself refuses with accept-new (the behaviour to match)', () => {
    const kh = knownEd25519();
    const r = spawnSync(
      'ssh',
      [
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=accept-new',
        '-o',
        `UserKnownHostsFile=${kh}`,
        '-i',
        sshd.clientKey,
        '-p',
        String(sshd.port),
        `${sshd.user}@127.0.0.1`,
        'true',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
  });

  it('posaudit refuses too, with --accept-new-host-keys, and does not append the RSA key', async () => {
    const kh = knownEd25519();
    const before = readFileSync(kh, 'utf8');
    const t = new SshTarget({
      address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
      identities: [sshd.clientKey],
      knownHosts: kh,
      acceptNewHostKeys: true,
      agent: false,
      connectTimeoutMs: 10_000,
    });
    const err = await t.connect().catch((e: unknown) => e);
    await t.close();
    expect((err as Error).message).toMatch(/host key CHANGED \(SHA256:.*\) and does not match .*possible man-in-the-middle/);
    expect(readFileSync(kh, 'utf8')).toBe(before);
  });

  it('a host known by its RSA key is still trusted (the known type is asked for first)', async () => {
    const kh = path.join(sshd.dir, 'kh-rsa');
    writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub}\n`);
    const t = new SshTarget({
      address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
      identities: [sshd.clientKey],
      knownHosts: kh,
      agent: false,
    });
    await t.connect();
    await t.close();
  });
});

describe.skipIf(!SSHD)('a server with both key types, known by its RSA key only', () => {
  let sshd: TestSshd;
  let keyDir: string;
  beforeAll(async () => {
    // An ED25519 host key beside the RSA one: ssh2 would pick it unless the known type is asked for first.
    keyDir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-hostkey-'));
    const ed = path.join(keyDir, 'host_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ed], { stdio: 'ignore' });
    sshd = await startSshd({ hostKeyType: 'rsa', extraConfig: `HostKey ${ed}` });
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('connects: the RSA key on record is what the server is asked for', async () => {
    const kh = path.join(sshd.dir, 'kh-rsa-only');
    writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub}\n`);
    const t = new SshTarget({
      address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
      identities: [sshd.clientKey],
      knownHosts: kh,
      agent: false,
    });
    await t.connect();
    await t.close();
  });
});
