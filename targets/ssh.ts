/**
 * The SSH target (ssh2): one connection per host, one exec for the whole gatherer script,
 * host keys checked against OpenSSH known_hosts, keys from files or the agent, a password
 * only from the environment. Linux (POSIX sh) and Windows (OpenSSH for Windows, PowerShell).
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Duplex } from 'node:stream';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import type { EvidenceRequest, ShellCommand } from '../core/evidence.js';
import type { Platform } from '../core/model.js';
import { shQuote } from '../core/quote.js';
import { newNonce } from './frames.js';
import { powershellCommandLine, STDIN_SCRIPT_BOOTSTRAP } from './powershell.js';
import { constrainedLanguageOutcome, planScript, readScriptOutput, uniqueRequests, type ScriptFlavour } from './gatherer.js';
import {
  hostKeyAlgorithmsFor,
  keyFingerprint,
  knownKeyTypes,
  parseKnownHosts,
  recordHostKey,
  verifyHostKey,
} from './known-hosts.js';
import { MiB, readInputFile } from '../core/input-file.js';
import { t } from '../core/i18n.js';
import { formatSshUrl, type SshAddress } from './ssh-url.js';
import { TargetError, type GatherResult, type SpawnOptions, type SpawnedCommand, type Target } from '../core/target.js';

export interface SshOptions {
  address: SshAddress;
  /** Private key files to offer, in order. */
  identities?: string[];
  /** Use the ssh agent at SSH_AUTH_SOCK (default true when it is set). */
  agent?: string | false;
  password?: string;
  passphrase?: string;
  knownHosts?: string;
  acceptNewHostKeys?: boolean;
  become?: boolean;
  /** Connect (handshake and auth) time limit. */
  connectTimeoutMs?: number;
  /** Time limit of the whole gatherer script. */
  timeoutMs?: number;
  /** Skip detection when the inventory says so. */
  platformHint?: 'linux' | 'windows';
  /** A connection to tunnel through (ProxyJump): returns a stream to host:port. */
  sock?: () => Promise<Duplex>;
  /** Cap on the gatherer's output. */
  maxOutputBytes?: number;
}

const DEFAULT_OUTPUT_CAP = 64 * 1024 * 1024;

export class SshTarget implements Target {
  readonly kind = 'ssh' as const;
  readonly id: string;
  private conn?: import('ssh2').Client;
  private plat: Platform = { os: 'unknown' };
  private flavour?: ScriptFlavour;
  private trips = 0;
  private closedReason?: string;
  bytesIn = 0;

  constructor(private readonly opts: SshOptions) {
    this.id = formatSshUrl(opts.address);
  }

  private get label(): string {
    return this.id;
  }

  roundTrips(): number {
    return this.trips;
  }

  platform(): Platform {
    return this.plat;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    const { Client } = await import('ssh2');
    const a = this.opts.address;
    const username = a.user ?? os.userInfo().username;
    const knownHostsFile = this.opts.knownHosts ?? path.join(os.homedir(), '.ssh', 'known_hosts');
    let knownText = '';
    const knownExists = await fsp.stat(knownHostsFile).then(
      () => true,
      () => false,
    );
    // /dev/null is the usual "remember nothing" known_hosts: empty, not a device to refuse.
    if (knownExists && path.resolve(knownHostsFile) !== '/dev/null')
      knownText = (await this.readLocalFile(knownHostsFile, 'known_hosts file', 64 * MiB)).toString('utf8');
    const entries = parseKnownHosts(knownText);
    const ssh2 = await import('ssh2');
    // ssh2 is CommonJS: `utils` is found on the default export where the named one is not detected.
    const utils = ssh2.utils ?? (ssh2 as unknown as { default: typeof ssh2 }).default.utils;
    const keys: Buffer[] = [];
    /** Identity files that are encrypted while no passphrase was given: named when login fails. */
    const encrypted: string[] = [];
    for (const file of this.opts.identities ?? []) {
      const key = await this.readLocalFile(file, 'identity file', MiB);
      const parsed = utils.parseKey(key, this.opts.passphrase);
      if (parsed instanceof Error) {
        if (/no passphrase/i.test(parsed.message)) {
          encrypted.push(file);
          continue;
        }
        if (/passphrase|decrypt/i.test(parsed.message))
          throw new TargetError(
            `${this.label}: cannot decrypt identity file ${file}: wrong passphrase (POSAUDIT_SSH_PASSPHRASE)`,
          );
        throw new TargetError(`${this.label}: identity file ${file} is not a private key posaudit can read: ${parsed.message}`);
      }
      keys.push(key);
    }
    const encryptedHint = encrypted.length
      ? `; identity file ${encrypted.join(', ')} is encrypted and no passphrase was given: set POSAUDIT_SSH_PASSPHRASE, or ` +
        `load the key into ssh-agent (ssh-add)`
      : '';
    const agent = this.opts.agent === false ? undefined : (this.opts.agent ?? process.env.SSH_AUTH_SOCK);
    let hostKeyProblem: string | undefined;
    const pendingRecord: Array<Promise<void>> = [];
    const authMethods: NonNullable<ConnectConfig['authHandler']> = [];
    const methods: Array<Record<string, unknown>> = [];
    for (const key of keys) methods.push({ type: 'publickey', username, key, passphrase: this.opts.passphrase });
    if (agent) methods.push({ type: 'agent', username, agent });
    if (this.opts.password !== undefined) methods.push({ type: 'password', username, password: this.opts.password });
    if (methods.length === 0 && encrypted.length > 0) throw new TargetError(`${this.label}: cannot log in${encryptedHint}`);
    if (methods.length === 0) methods.push({ type: 'none', username });
    (authMethods as unknown as Array<Record<string, unknown>>).push(...methods);

    const sock = this.opts.sock ? await this.opts.sock() : undefined;
    const conn = new Client();
    this.conn = conn;
    const timeout = this.opts.connectTimeoutMs ?? 15_000;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (msg: string, transient = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        conn.end();
        reject(new TargetError(msg, transient));
      };
      const onAbort = () => fail(`${this.label}: scan cancelled`);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => fail(`${this.label}: connection timed out after ${Math.round(timeout / 1000)} s`, true),
        timeout,
      );
      conn.on('ready', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        resolve();
      });
      conn.on('error', (err: Error & { level?: string; code?: string }) => {
        clearTimeout(timer);
        if (hostKeyProblem) return fail(hostKeyProblem);
        if (err.level === 'client-authentication')
          return fail(
            `${this.label}: authentication failed for ${username} (tried: ${methods.map((m) => m.type).join(', ')})${encryptedHint}`,
          );
        const code = err.code ? ` (${err.code})` : '';
        const transient = ['ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(err.code ?? '');
        fail(`${this.label}: ${err.code === 'ECONNREFUSED' ? 'connection refused' : err.message}${code}`, transient);
      });
      conn.on('close', () => {
        this.closedReason ??= 'the connection was closed by the host';
        fail(hostKeyProblem ?? `${this.label}: the host closed the connection`);
      });
      const config: ConnectConfig = {
        host: a.host,
        port: a.port,
        username,
        sock: sock as ConnectConfig['sock'],
        readyTimeout: timeout,
        keepaliveInterval: 10_000,
        keepaliveCountMax: 3,
        authHandler: authMethods,
        // The key types on record are asked for first, as OpenSSH does: a server is judged on a key we know.
        algorithms: { serverHostKey: hostKeyAlgorithmsFor(knownKeyTypes(entries, a.host, a.port)) as never },
        hostVerifier: (key: Buffer) => {
          const verdict = verifyHostKey(entries, a.host, a.port, key);
          const fp = keyFingerprint(key);
          if (verdict === 'known') return true;
          if (verdict === 'unknown' && this.opts.acceptNewHostKeys) {
            pendingRecord.push(recordHostKey(knownHostsFile, a.host, a.port, key));
            return true;
          }
          hostKeyProblem =
            verdict === 'changed'
              ? `${this.label}: host key CHANGED (${fp}) and does not match ${knownHostsFile}; refusing (possible man-in-the-middle)`
              : verdict === 'revoked'
                ? `${this.label}: host key ${fp} is marked @revoked in ${knownHostsFile}; refusing`
                : `${this.label}: unknown host key ${fp}; not in ${knownHostsFile} (check it, then add it or use --accept-new-host-keys)`;
          return false;
        },
      };
      try {
        conn.connect(config);
      } catch (err) {
        fail(`${this.label}: ${(err as Error).message}`);
      }
    });
    await Promise.all(pendingRecord);
    conn.on('error', () => undefined);
    conn.on('close', () => {
      this.closedReason ??= 'the host closed the connection';
    });
  }

  private exec(command: string, signal?: AbortSignal): Promise<ClientChannel> {
    const conn = this.conn;
    if (!conn) return Promise.reject(new TargetError(`${this.label}: not connected`));
    this.trips++;
    // The host may accept the login and then never answer the channel or exec request: that wait
    // is bounded too (by the connect time limit and by the scan's signal), and a late channel is closed.
    const limit = this.opts.connectTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new TargetError(`${this.label}: ${abortReason(signal)}`));
      let settled = false;
      const settle = (err?: TargetError, ch?: ClientChannel): void => {
        if (settled) {
          ch?.close();
          return;
        }
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          ch?.close();
          reject(err);
        } else resolve(ch as ClientChannel);
      };
      const onAbort = () => settle(new TargetError(`${this.label}: ${abortReason(signal)}`));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () =>
          settle(
            new TargetError(
              `${this.label}: the host accepted the login but did not open a session within ${Math.round(limit / 1000)} s`,
            ),
          ),
        limit,
      );
      try {
        conn.exec(command, (err, ch) =>
          err ? settle(new TargetError(`${this.label}: could not run the gatherer: ${err.message}`)) : settle(undefined, ch),
        );
      } catch (err) {
        settle(new TargetError(`${this.label}: could not run the gatherer: ${(err as Error).message}`));
      }
    });
  }

  /** A local file the user named (a key, known_hosts): regular files only, capped; a per-host error otherwise. */
  private async readLocalFile(file: string, what: 'identity file' | 'known_hosts file', cap: number): Promise<Buffer> {
    try {
      return await readInputFile(
        file,
        what === 'identity file' ? t('identity file', 'SSH 秘密鍵ファイル') : t('known_hosts file', 'known_hosts ファイル'),
        cap,
      );
    } catch (err) {
      throw new TargetError(`${this.label}: ${(err as Error).message}`);
    }
  }

  /** Run a script on stdin; collect stdout up to the cap and the time limit. */
  private async runScript(
    command: string,
    script: string,
    signal?: AbortSignal,
  ): Promise<{ stdout: string; stderr: string; code: number | null; cut?: string }> {
    const ch = await this.exec(command, signal);
    const cap = this.opts.maxOutputBytes ?? DEFAULT_OUTPUT_CAP;
    const limit = this.opts.timeoutMs ?? 300_000;
    return new Promise((resolve) => {
      const out: Buffer[] = [];
      let outBytes = 0;
      let err = '';
      let cut: string | undefined;
      let done = false;
      const finish = (code: number | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ stdout: Buffer.concat(out).toString('latin1'), stderr: err, code, cut });
      };
      const stop = (why: string) => {
        cut ??= why;
        ch.close();
        setTimeout(() => finish(null), 200);
      };
      const onAbort = () => stop(abortReason(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => stop(`the gatherer timed out after ${Math.round(limit / 1000)} s`), limit);
      ch.on('data', (d: Buffer) => {
        this.bytesIn += d.length;
        if (outBytes + d.length > cap) {
          out.push(d.subarray(0, cap - outBytes));
          outBytes = cap;
          stop('the gatherer output exceeded its cap');
          return;
        }
        out.push(d);
        outBytes += d.length;
      });
      ch.stderr.on('data', (d: Buffer) => {
        if (err.length < 8192) err += d.toString('utf8');
      });
      ch.on('exit', (code: number | null) => setImmediate(() => finish(code)));
      ch.on('close', () => {
        if (!done) {
          if (this.closedReason) cut ??= this.closedReason;
          finish(null);
        }
      });
      ch.end(script);
    });
  }

  async gather(requests: EvidenceRequest[], signal?: AbortSignal): Promise<GatherResult> {
    const unique = uniqueRequests(requests);
    // A platform the inventory states is not probed: one gatherer exec, even on a host that hangs.
    const order: ScriptFlavour[] = this.flavour
      ? [this.flavour]
      : this.opts.platformHint === 'windows'
        ? ['ps']
        : this.opts.platformHint === 'linux'
          ? ['sh']
          : ['sh', 'ps'];
    let lastProblem = '';
    for (const flavour of order) {
      const nonce = newNonce();
      const plan = planScript(flavour, requests, nonce);
      const sudo = this.opts.become ? 'sudo -n ' : '';
      const command = flavour === 'sh' ? `${sudo}sh -s` : powershellCommandLine(STDIN_SCRIPT_BOOTSTRAP);
      const res = await this.runScript(command, plan.script, signal);
      const constrained = flavour === 'ps' ? constrainedLanguageOutcome(plan, unique, res.stdout) : undefined;
      if (constrained) {
        this.flavour = flavour;
        this.plat = constrained.platform;
        return { platform: constrained.platform, answers: constrained.answers };
      }
      const platformFrame = flavour === 'sh' ? `@@${nonce} P ` : `@@${nonce} W `;
      if (!res.stdout.includes(platformFrame)) {
        lastProblem = res.cut ?? (res.stderr.trim().split('\n')[0] || `exit ${res.code}`);
        // The bootstrap's own refusal (PowerShell 2.0) is the host's answer, in its words.
        const own = /^posaudit: (.*)$/m.exec(res.stderr);
        if (flavour === 'ps' && own) throw new TargetError(`${this.label}: ${own[1].trim().slice(0, 300)}`);
        if (this.opts.become && /sudo|password/i.test(res.stderr)) {
          throw new TargetError(`${this.label}: --become needs passwordless sudo (sudo -n): ${res.stderr.trim().split('\n')[0]}`);
        }
        if (this.closedReason || signal?.aborted) break;
        continue;
      }
      const outcome = readScriptOutput(flavour, plan, unique, res.stdout, res.cut ?? 'the gatherer stopped before answering');
      if (flavour === 'sh' && /^(MINGW|MSYS|CYGWIN)/i.test(outcome.platform.distro ?? '')) {
        lastProblem = 'a POSIX layer on Windows; using PowerShell';
        continue;
      }
      this.flavour = flavour;
      this.plat = outcome.platform;
      if (!outcome.complete) {
        throw Object.assign(
          new TargetError(
            `${this.label}: the scan was cut short: ${res.cut ?? this.closedReason ?? 'the gatherer stopped early'}`,
          ),
          {
            partial: { platform: outcome.platform, answers: outcome.answers } satisfies GatherResult,
          },
        );
      }
      return { platform: outcome.platform, answers: outcome.answers };
    }
    throw new TargetError(
      `${this.label}: could not run the gatherer (neither sh nor PowerShell answered): ${lastProblem.slice(0, 300)}`,
    );
  }

  async spawn(command: ShellCommand, opts: SpawnOptions): Promise<SpawnedCommand> {
    const isWin = this.plat.os === 'windows';
    const text = isWin ? command.ps : command.sh;
    if (!text) throw new TargetError(`${this.label}: no ${isWin ? 'PowerShell' : 'sh'} variant of the command`);
    // PowerShell gets the script over stdin through the same bootstrap as the gatherer: a script on the command
    // line would meet cmd.exe's 8,191-character limit (the card-data filter with a few extra paths does).
    if (isWin && opts.stdin !== undefined)
      throw new TargetError(`${this.label}: a PowerShell command reads its script from stdin; no other input can be given`);
    const line = isWin
      ? powershellCommandLine(STDIN_SCRIPT_BOOTSTRAP)
      : `${opts.become || this.opts.become ? 'sudo -n ' : ''}sh -c ${shQuote(text)}`;
    const ch = await this.exec(line, opts.signal);
    const stdout = new PassThrough();
    let stderr = '';
    ch.on('data', (d: Buffer) => {
      this.bytesIn += d.length;
      stdout.write(d);
    });
    ch.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString('utf8');
    });
    let finish: () => void = () => undefined;
    let grace: NodeJS.Timeout | undefined;
    // Closing asks the host to close too; a host that never does must not hold the scan: after a
    // short grace the command counts as ended (killed) and the channel is left to the connection's end.
    const kill = (): void => {
      ch.close();
      grace ??= setTimeout(() => finish(), 1000);
    };
    const timer = setTimeout(kill, opts.timeoutMs);
    const done = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => {
      let code: number | null = null;
      let ended = false;
      finish = () => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        clearTimeout(grace);
        opts.signal?.removeEventListener('abort', kill);
        stdout.end();
        resolve({ exitCode: code, stderr });
      };
      ch.on('exit', (c: number | null) => {
        code = c;
      });
      ch.on('close', () => finish());
    });
    if (opts.signal?.aborted) kill();
    else opts.signal?.addEventListener('abort', kill, { once: true });
    ch.end(isWin ? text : (opts.stdin ?? ''));
    return { stdout, done, kill };
  }

  async connectTcp(host: string, port: number, timeoutMs: number): Promise<Duplex> {
    const conn = this.conn;
    if (!conn) throw new TargetError(`${this.label}: not connected`);
    this.trips++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`port forwarding to ${host}:${port} timed out`)), timeoutMs);
      conn.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
        clearTimeout(timer);
        if (err) reject(new Error(`port forwarding to ${host}:${port} failed: ${err.message}`));
        else resolve(ch);
      });
    });
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    if (!conn) return;
    conn.end();
    // A host that never answers the disconnect does not keep the process alive.
    setTimeout(() => conn.destroy(), 1000).unref();
  }
}

/** Why a scan's signal fired: the reason it was aborted with (a timeout says so), else a cancel. */
export function abortReason(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return r instanceof Error && r.name === 'ScanDeadline' ? r.message : 'scan cancelled';
}
