/**
 * ProxyCommand as OpenSSH runs it: `sh -c COMMAND`, its stdin/stdout the connection.
 * %h %p %r %n %% are expanded and each value is single-quoted for the shell, so a host name from an
 * audited inventory cannot inject commands. The child is killed when the connection closes.
 */
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { TargetError } from '../../core/target.js';

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Expand %h %p %r %n %%; a value is quoted unless the command already quotes the token. */
export function expandProxyCommand(cmd: string, v: { host: string; port: number; user?: string; name: string }): string {
  const tokens: Record<string, string> = { h: v.host, p: String(v.port), r: v.user ?? '', n: v.name };
  for (const [k, val] of Object.entries(tokens))
    if (val.startsWith('-')) throw new TargetError(`ProxyCommand: %${k} would start with "-" (${val}); refused`, false);
  return cmd.replace(/%(.)/g, (all, c: string) => {
    if (c === '%') return '%';
    const val = tokens[c];
    if (val === undefined) return all;
    // Safe characters need no quotes (and keep `'[%h]:%p'` working as written); anything else is quoted.
    return /^[A-Za-z0-9_.:@-]*$/.test(val) ? val : shellQuote(val);
  });
}

const MAX_STDERR = 4096;

/** Spawn the proxy command; resolves with a duplex stream once it is running. */
export function openProxyCommand(command: string, label: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += d.toString('utf8').slice(0, MAX_STDERR - stderr.length);
    });
    const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
    // Closing our end early (EPIPE, abort) is not a second error: the exit handler reports the cause.
    child.stdin.on('error', () => undefined);
    child.stdout.on('error', () => undefined);
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    duplex.once('close', kill);
    child.once('error', (err) => reject(new TargetError(`${label}: ProxyCommand could not start: ${err.message}`, false)));
    child.once('spawn', () => resolve(duplex));
    child.once('exit', (code, signal) => {
      if (code !== 0 && code !== null)
        duplex.destroy(
          new TargetError(
            `${label}: ProxyCommand exited with ${code}${stderr ? `: ${stderr.trim().split('\n').slice(-1)[0]}` : ''}`,
            true,
          ),
        );
      else if (signal) duplex.destroy(new TargetError(`${label}: ProxyCommand killed by ${signal}`, true));
    });
  });
}
