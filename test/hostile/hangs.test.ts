/**
 * Hostile terminals that stall: every case ends in a clear per-host error within its time limit,
 * and Ctrl-C or SIGTERM still writes the report. Real parts: ssh2 servers and OpenSSH on loopback,
 * a real local gather, real silent TCP listeners, the real CLI.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShellCommand } from '../../core/evidence.js';
import type { SpawnOptions, SpawnedCommand } from '../../core/target.js';
import { findCheck } from '../../checks/index.js';
import { LIST_LISTENERS } from '../../checks/tls/listeners.js';
import { buildPlan } from '../../engine/planner.js';
import { loadProfile } from '../../engine/profiles.js';
import { gatherTarget } from '../../engine/runner.js';
import { LocalTarget } from '../../targets/local.js';
import { cli, REPO } from '../helpers/cli.js';
import { SSHD, startSshd } from '../helpers/sshd.js';
import { startSilentServer, type RunningServer } from '../tls/servers.js';
import { startStallingServer, type Stall } from './ssh2-server.js';

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'posaudit-hang-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

interface HostRow {
  name: string;
  state: string;
  error?: string;
}
const hostsOf = (out: string): HostRow[] =>
  (JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { targets: HostRow[] }).targets;

/** The CLI as a child we can signal. */
function startCli(args: string[]): {
  done: Promise<{ code: number | null; stderr: string; ms: number }>;
  kill(sig: NodeJS.Signals): void;
} {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'bin', 'posaudit.ts'), ...args], {
    cwd: REPO,
    env: { ...process.env, CI: '1', LANG: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    }),
  );
  return { done, kill: (sig) => child.kill(sig) };
}

const waitFor = async (cond: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error('condition not reached');
};

describe('SSH servers that accept the login and then stall', () => {
  for (const stall of ['channel-open', 'exec'] as Stall[])
    it(`a server that never answers the ${stall} request gives a per-host error within the time limits`, async () => {
      const server = await startStallingServer(stall);
      try {
        const out = path.join(tmp(), 'out');
        const run = startCli([
          'scan',
          `ssh://audit@127.0.0.1:${server.port}`,
          '--identity',
          server.clientKey,
          '--known-hosts',
          server.knownHosts,
          '--connect-timeout',
          '2s',
          '--timeout',
          '4s',
          '--profile',
          'daily',
          '--checks',
          'time.sync-configured',
          '--out',
          out,
          '--format',
          'json',
          '--lang',
          'en',
        ]);
        const r = await run.done;
        expect(r.code, r.stderr).toBe(3);
        expect(r.ms).toBeLessThan(20_000);
        expect(server.seen[0]).toBe('session');
        if (stall === 'exec') expect(server.seen.some((s) => s.startsWith('exec '))).toBe(true);
        const [host] = hostsOf(out);
        expect(host.state).toBe('error');
        expect(host.error).toMatch(/did not open a session within 2 s|timed out after 4 s \(--timeout\)/);
      } finally {
        await server.stop();
      }
    }, 60_000);

  for (const sig of ['SIGINT', 'SIGTERM'] as NodeJS.Signals[])
    it(`${sig} while the server stalls writes the partial report, removes the spool and leaves a whole bundle`, async () => {
      const server = await startStallingServer('exec');
      try {
        const out = path.join(tmp(), 'out');
        const run = startCli([
          'scan',
          `ssh://audit@127.0.0.1:${server.port}`,
          '--identity',
          server.clientKey,
          '--known-hosts',
          server.knownHosts,
          '--connect-timeout',
          '30s',
          '--timeout',
          '60s',
          '--profile',
          'daily',
          '--checks',
          'time.sync-configured',
          '--out',
          out,
          '--format',
          'json,html',
          '--lang',
          'en',
        ]);
        await waitFor(() => server.seen.some((s) => s.startsWith('exec ')), 30_000);
        run.kill(sig);
        const r = await run.done;
        expect(r.code, r.stderr).toBe(3);
        const [host] = hostsOf(out);
        expect(host.state).toBe('error');
        expect(host.error).toMatch(/cancelled/);
        const files = readdirSync(out);
        expect(files).not.toContain('.targets.jsonl');
        expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
        const bundle = JSON.parse(gunzipSync(readFileSync(path.join(out, 'evidence.json.gz'))).toString('utf8')) as {
          targets: unknown[];
        };
        expect(bundle.targets).toHaveLength(1);
        expect(files).toContain('report.html');
      } finally {
        await server.stop();
      }
    }, 60_000);
});

describe.skipIf(!SSHD)('a card-data channel that never closes (OpenSSH with a ForceCommand)', () => {
  it('ends at --timeout with an error naming the active phase', async () => {
    const dir = tmp();
    const script = path.join(dir, 'force.sh');
    // The gatherer runs; the card-data search never ends and ignores hang-ups.
    writeFileSync(
      script,
      '#!/bin/sh\nif [ "$SSH_ORIGINAL_COMMAND" = "sh -s" ]; then exec sh -s; fi\ntrap "" HUP TERM INT PIPE\nwhile :; do sleep 1; done\n',
    );
    chmodSync(script, 0o755);
    const sshd = await startSshd({ extraConfig: `ForceCommand ${script}` });
    try {
      const out = path.join(dir, 'out');
      const run = startCli([
        'scan',
        `ssh://${sshd.user}@127.0.0.1:${sshd.port}`,
        '--identity',
        sshd.clientKey,
        '--known-hosts',
        sshd.knownHosts,
        '--timeout',
        '6s',
        '--profile',
        'daily',
        '--checks',
        'pan.stored-pan',
        '--out',
        out,
        '--format',
        'json',
        '--lang',
        'en',
      ]);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(3);
      expect(r.ms).toBeLessThan(25_000);
      const [host] = hostsOf(out);
      expect(host.state).toBe('error');
      expect(host.error).toMatch(/timed out after 6 s \(--timeout\) during the active phase \(pan\.stored-pan\)/);
    } finally {
      await sshd.stop();
    }
  }, 60_000);
});

/** The real local target, but its listener listing names only the ports given (not the whole machine's). */
class ListedLocal extends LocalTarget {
  constructor(private readonly ports: number[]) {
    super({});
  }

  override spawn(command: ShellCommand, opts: SpawnOptions): Promise<SpawnedCommand> {
    if (command.sh !== LIST_LISTENERS.sh) return super.spawn(command, opts);
    const lines = this.ports.map((p) => `LISTEN 0 128 127.0.0.1:${p} 0.0.0.0:*`).join('\n');
    return super.spawn({ sh: `printf '%s\\n' '${lines.replace(/\n/g, "' '")}'` }, opts);
  }
}

describe('the active phase is bounded by the host time limit and by Ctrl-C', () => {
  const silent: RunningServer[] = [];
  afterAll(() => {
    for (const s of silent) s.stop();
  });

  const tlsPlan = async () => {
    const file = path.join(tmp(), 'tls.yaml');
    writeFileSync(
      file,
      'id: tls-only\nversion: "1"\ntitle: { en: TLS, ja: TLS }\ncontrols:\n  - id: tls\n    title: { en: TLS, ja: TLS }\n' +
        '    checks: [{ check: tls.endpoints-strong, params: { timeoutMs: 3000 } }]\n',
    );
    return buildPlan([await loadProfile(file, findCheck)], findCheck);
  };

  it('40 silent listening ports end at --timeout with an error naming the active phase', async () => {
    while (silent.length < 40) silent.push(await startSilentServer());
    const plan = await tlsPlan();
    const t0 = Date.now();
    const bt = await gatherTarget(new ListedLocal(silent.map((s) => s.port)), plan, { timeoutMs: 3000 });
    const ms = Date.now() - t0;
    expect(bt.state).toBe('error');
    expect(bt.error).toMatch(/timed out after 3 s \(--timeout\) during the active phase \(tls\.endpoints-strong\)/);
    expect(ms).toBeLessThan(9000);
  }, 60_000);

  it('Ctrl-C during the active phase stops it and the host is not reported as scanned', async () => {
    while (silent.length < 40) silent.push(await startSilentServer());
    const plan = await tlsPlan();
    const ac = new AbortController();
    const phases: string[] = [];
    const t0 = Date.now();
    const bt = await gatherTarget(new ListedLocal(silent.map((s) => s.port)), plan, {
      signal: ac.signal,
      onProgress: (e) => {
        if (e.type === 'target-phase') {
          phases.push(e.phase);
          if (e.phase === 'active') setTimeout(() => ac.abort(), 500);
        }
      },
    });
    expect(phases).toContain('active');
    expect(bt.state).toBe('error');
    expect(bt.error).toMatch(/cancelled \(interrupted\) during the active phase/);
    expect(Date.now() - t0).toBeLessThan(12_000);
  }, 60_000);
});

describe('local files that never end', () => {
  it('--identity on a FIFO or /dev/zero is refused at once, exit 2', async () => {
    const fifo = path.join(tmp(), 'key.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [file, kind] of [
      [fifo, 'a FIFO'],
      ['/dev/zero', 'a device'],
    ]) {
      const r = await cli(['scan', 'ssh://pos-1', '--identity', file, '--out', path.join(tmp(), 'o')], { timeoutMs: 30_000 });
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`posaudit: identity file ${file} is ${kind}, not a regular file; refusing to read it`);
    }
  }, 60_000);

  it('a gzip-bomb evidence bundle stops at the size cap, exit 2', async () => {
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    const bomb = path.join(tmp(), 'evidence.json.gz');
    writeFileSync(bomb, Buffer.concat(Array.from({ length: 40 }, () => member))); // 640 MiB of spaces
    const r = await cli(['evaluate', bomb, '--out', path.join(tmp(), 'o')], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/evidence\.json\.gz: the evidence bundle expands to more than 512 MiB; refusing to read it/);
  }, 90_000);

  it('a backtracking --exclude glob does not stall the card-data walk', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a'.repeat(200)), 'nothing here\n');
    const r = await cli(['pan', dir, '--exclude', '**/*a*a*a*a*a*a*a*a*b', '--lang', 'en'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const big = await cli([
      'pan',
      dir,
      '--exclude',
      `{${Array.from({ length: 20 }, (_, i) => i).join(',')}}{a,b}{c,d}{e,f}{g,h}`,
    ]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/--exclude: .* expands to more than 256 alternatives/);
  }, 90_000);
});
