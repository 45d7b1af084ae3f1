/** The SSH target against a real OpenSSH server on loopback. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestKey, type EvidenceRequest } from '../../core/evidence.js';
import { SshTarget } from '../../targets/ssh.js';
import { TargetError } from '../../core/target.js';
import { SSHD, startSshd, type TestSshd } from '../helpers/sshd.js';

const HOSTNAME_FILE: EvidenceRequest = { kind: 'file', path: '/etc/hostname' };
const ECHO: EvidenceRequest = { kind: 'command', name: 'echo', command: { sh: 'printf "hello %s" "$(id -un)"' } };

describe.skipIf(!SSHD)('ssh target (real sshd on loopback)', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const target = (over: Partial<ConstructorParameters<typeof SshTarget>[0]> = {}) =>
    new SshTarget({
      address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
      identities: [sshd.clientKey],
      knownHosts: sshd.knownHosts,
      agent: false,
      ...over,
    });

  it('logs in with a key file and gathers everything in one exec', async () => {
    const t = target();
    await t.connect();
    const g = await t.gather([HOSTNAME_FILE, ECHO, { kind: 'file', path: '/no/such/file' }]);
    await t.close();
    expect(g.platform.os).toBe('linux');
    expect(g.answers.get(requestKey(ECHO))).toMatchObject({ status: 'ok', data: `hello ${sshd.user}`, exitCode: 0 });
    expect(g.answers.get('file:/no/such/file')?.status).toBe('missing');
    if (existsSync('/etc/hostname'))
      expect(g.answers.get(requestKey(HOSTNAME_FILE))?.data).toBe(readFileSync('/etc/hostname', 'utf8'));
    expect(t.roundTrips()).toBe(1);
  });

  it('logs in through the ssh agent', async () => {
    const sock = path.join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', [sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const t = target({ identities: [], agent: sock });
      await t.connect();
      const g = await t.gather([ECHO]);
      await t.close();
      expect(g.answers.get(requestKey(ECHO))?.data).toBe(`hello ${sshd.user}`);
    } finally {
      agent.kill();
    }
  });

  it('refuses a wrong key with a message naming the host and user', async () => {
    const err = await target({ identities: [sshd.otherKey] })
      .connect()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect((err as Error).message).toMatch(new RegExp(`ssh://${sshd.user}@127\\.0\\.0\\.1:${sshd.port}: authentication failed`));
  });

  it('refuses an unknown host key by default', async () => {
    const empty = path.join(sshd.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const err = await target({ knownHosts: empty })
      .connect()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/unknown host key SHA256:.*--accept-new-host-keys/);
  });

  it('refuses a changed host key even with --accept-new-host-keys', async () => {
    const other = readFileSync(`${sshd.otherKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const changed = path.join(sshd.dir, 'changed_known_hosts');
    writeFileSync(changed, `[127.0.0.1]:${sshd.port} ${other}\n`);
    const err = await target({ knownHosts: changed, acceptNewHostKeys: true })
      .connect()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/host key CHANGED/);
  });

  it('records a new host key on first use when asked, then trusts it', async () => {
    const fresh = path.join(sshd.dir, 'fresh_known_hosts');
    const t = target({ knownHosts: fresh, acceptNewHostKeys: true });
    await t.connect();
    await t.close();
    expect(readFileSync(fresh, 'utf8')).toContain(sshd.hostKeyPub.split(' ')[1]);
    const again = target({ knownHosts: fresh });
    await again.connect();
    await again.close();
  });

  it('matches hashed known_hosts entries', async () => {
    const hashed = path.join(sshd.dir, 'hashed_known_hosts');
    writeFileSync(hashed, `[127.0.0.1]:${sshd.port} ${sshd.hostKeyPub}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    expect(readFileSync(hashed, 'utf8')).toMatch(/^\|1\|/);
    const t = target({ knownHosts: hashed });
    await t.connect();
    await t.close();
  });

  it('stops a command at its time limit and still answers the rest', async () => {
    const slow: EvidenceRequest = { kind: 'command', name: 'slow', command: { sh: 'sleep 20' }, timeoutMs: 1000 };
    const t = target();
    await t.connect();
    const started = Date.now();
    const g = await t.gather([slow, ECHO]);
    await t.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(g.answers.get(requestKey(slow))).toMatchObject({ status: 'ok', reason: 'timed out' });
    expect(g.answers.get(requestKey(ECHO))?.data).toBe(`hello ${sshd.user}`);
  });

  it('keeps what arrived when the host closes the connection mid-scan', async () => {
    // Kill this connection's sshd session process from inside the script.
    const killer: EvidenceRequest = {
      kind: 'command',
      name: 'hangup',
      command: {
        sh:
          'p=$$; while [ "$p" -gt 1 ]; do case "$(cat /proc/$p/comm)" in sshd*) kill -KILL "$p"; break;; esac; p=$(cut -d" " ' +
          '-f4 /proc/$p/stat); done',
      },
    };
    const t = target();
    await t.connect();
    const err = await t
      .gather([ECHO, killer, HOSTNAME_FILE])
      .catch((e: unknown) => e as TargetError & { partial?: { answers: Map<string, unknown> } });
    await t.close();
    expect(err).toBeInstanceOf(TargetError);
    expect((err as Error).message).toMatch(/cut short/);
    expect((err as { partial?: { answers: Map<string, { data?: string }> } }).partial?.answers.get(requestKey(ECHO))?.data).toBe(
      `hello ${sshd.user}`,
    );
  });

  it("reports a refused connection as the host's error", async () => {
    const t = new SshTarget({
      address: { host: '127.0.0.1', port: 1, user: 'x' },
      knownHosts: sshd.knownHosts,
      agent: false,
      connectTimeoutMs: 3000,
    });
    await expect(t.connect()).rejects.toThrow(/ssh:\/\/x@127\.0\.0\.1:1: connection refused/);
  });
});
