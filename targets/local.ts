/**
 * The local target: this machine. Files and globs are read in-process (safe, capped);
 * commands go through the same batched gatherer script as SSH, run with a local shell
 * (sh on Linux, PowerShell on Windows).
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import type { EvidenceAnswer, EvidenceRequest, ShellCommand } from '../core/evidence.js';
import type { Platform } from '../core/model.js';
import { newNonce } from './frames.js';
import { powershellArgs, STDIN_SCRIPT_BOOTSTRAP } from './powershell.js';
import { constrainedLanguageOutcome, planScript, readScriptOutput, uniqueRequests } from './gatherer.js';
import { RootedFs } from './rooted-fs.js';
import type { GatherResult, SpawnOptions, SpawnedCommand, Target } from '../core/target.js';

/** Processes below `root`, with their start times (Linux /proc; empty elsewhere). Signalling the
 * shell alone leaves its commands running (GNU timeout even puts each in a process group of its own). */
function descendants(root: number): Array<{ pid: number; start: string }> {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const children = new Map<number, Array<{ pid: number; start: string }>>();
  for (const name of names) {
    if (!/^[0-9]+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue;
    }
    // pid (comm) state ppid … starttime: fields after the last ')' — comm may hold anything
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(f[1]);
    const list = children.get(ppid) ?? [];
    list.push({ pid: Number(name), start: f[19] ?? '' });
    children.set(ppid, list);
  }
  const out: Array<{ pid: number; start: string }> = [];
  const queue = [root];
  while (queue.length) {
    for (const c of children.get(queue.shift() as number) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Stop a shell this target started and everything below it: TERM first (the gatherer's trap then
 * removes its temporary folder), KILL what is still there two seconds later. Nothing this target
 * started keeps running on the machine. (Windows: the process only.) */
function stopTree(child: ChildProcess): void {
  const pid = child.pid;
  if (IS_WINDOWS || pid === undefined) {
    child.kill('SIGKILL');
    return;
  }
  const below = descendants(pid);
  const send = (p: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(p, sig);
    } catch {
      /* already gone */
    }
  };
  send(pid, 'SIGTERM');
  for (const d of below) send(d.pid, 'SIGTERM');
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) send(pid, 'SIGKILL');
    // only the same processes (a pid reused in the meantime has another start time)
    for (const d of below) if (startTime(d.pid) === d.start) send(d.pid, 'SIGKILL');
  }, 2000).unref();
}

const IS_WINDOWS = process.platform === 'win32';

export interface LocalOptions {
  timeoutMs?: number;
}

export class LocalTarget implements Target {
  readonly id = 'local';
  readonly kind = 'local' as const;
  readonly fsRoot = IS_WINDOWS ? undefined : '/';
  private readonly fs = new RootedFs('/');
  private plat: Platform = { os: IS_WINDOWS ? 'windows' : 'linux' };
  private trips = 0;

  constructor(private readonly opts: LocalOptions = {}) {}

  async connect(): Promise<void> {}

  platform(): Platform {
    return this.plat;
  }

  roundTrips(): number {
    return this.trips;
  }

  async gather(requests: EvidenceRequest[], signal?: AbortSignal): Promise<GatherResult> {
    const unique = uniqueRequests(requests);
    const flavour = IS_WINDOWS ? 'ps' : 'sh';
    // Files and globs in-process on POSIX; everything else through one script.
    const inProcess = (r: EvidenceRequest) => !IS_WINDOWS && (r.kind === 'file' || r.kind === 'glob');
    const plan = planScript(flavour, requests, newNonce(), (r) => !inProcess(r));
    const answers = new Map<string, EvidenceAnswer>(plan.answers);
    const fileWork: Array<Promise<void>> = [];
    for (const [key, req] of unique) {
      if (answers.has(key) || !inProcess(req)) continue;
      if (req.os && req.os !== this.plat.os) continue;
      fileWork.push(
        (req.kind === 'file'
          ? this.fs.readFile(req)
          : req.kind === 'glob'
            ? this.fs.glob(req)
            : Promise.resolve<EvidenceAnswer>({ status: 'error' })
        ).then((a) => {
          answers.set(key, a);
        }),
      );
    }
    const stdout = await this.runScript(plan.script, signal);
    await Promise.all(fileWork);
    const outcome =
      (flavour === 'ps' ? constrainedLanguageOutcome(plan, unique, stdout.text) : undefined) ??
      readScriptOutput(flavour, plan, unique, stdout.text, stdout.cut ?? 'the gatherer stopped before answering');
    for (const [k, a] of answers) outcome.answers.set(k, a);
    this.plat = await this.withHostInfo(outcome.platform);
    return { platform: this.plat, answers: outcome.answers };
  }

  /** Hardware inventory from systeminformation (loaded lazily: it is heavy). */
  private async withHostInfo(p: Platform): Promise<Platform> {
    const out: Platform = { ...p, hostname: p.hostname ?? os.hostname(), arch: p.arch ?? os.machine() };
    try {
      const si = await import('systeminformation');
      const sys = await si.system();
      const hw = [sys.manufacturer, sys.model]
        .filter((s) => s && s !== 'Default string')
        .join(' ')
        .trim();
      if (hw) out.hardware = hw.slice(0, 200);
    } catch {
      /* inventory is a nicety */
    }
    return out;
  }

  private runScript(script: string, signal?: AbortSignal): Promise<{ text: string; cut?: string }> {
    this.trips++;
    const limit = this.opts.timeoutMs ?? 300_000;
    return new Promise((resolve) => {
      const child = IS_WINDOWS
        ? spawnChild('powershell.exe', powershellArgs(STDIN_SCRIPT_BOOTSTRAP), {
            stdio: ['pipe', 'pipe', 'ignore'],
            windowsHide: true,
          })
        : spawnChild('sh', ['-s'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' } });
      const chunks: Buffer[] = [];
      let cut: string | undefined;
      const timer = setTimeout(() => {
        cut = `the gatherer timed out after ${Math.round(limit / 1000)} s`;
        stopTree(child);
      }, limit);
      const onAbort = () => {
        cut = 'scan cancelled';
        stopTree(child);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      child.on('error', () => undefined);
      child.on('close', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ text: Buffer.concat(chunks).toString('latin1'), cut });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(script);
    });
  }

  async spawn(command: ShellCommand, opts: SpawnOptions): Promise<SpawnedCommand> {
    const text = IS_WINDOWS ? command.ps : command.sh;
    if (!text) throw new Error(`no ${IS_WINDOWS ? 'PowerShell' : 'sh'} variant of the command`);
    this.trips++;
    const child = IS_WINDOWS
      ? spawnChild('powershell.exe', powershellArgs(STDIN_SCRIPT_BOOTSTRAP), {
          stdio: ['pipe', 'pipe', 'pipe'],
          windowsHide: true,
        })
      : spawnChild('sh', ['-c', text], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        /* not allowed: fine */
      }
    }
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString('utf8');
    });
    const timer = setTimeout(() => stopTree(child), opts.timeoutMs);
    opts.signal?.addEventListener('abort', () => stopTree(child), { once: true });
    const done = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => {
      child.on('error', (e) => {
        stderr += e.message;
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ exitCode: code, stderr });
      });
    });
    child.stdin.on('error', () => undefined);
    // PowerShell reads the script from stdin (through the bootstrap), as over SSH.
    child.stdin.end(IS_WINDOWS ? text : (opts.stdin ?? ''));
    return { stdout: child.stdout, done, kill: () => stopTree(child) };
  }

  connectTcp(host: string, port: number, timeoutMs: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host, port });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        resolve(sock);
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  async close(): Promise<void> {}
}
