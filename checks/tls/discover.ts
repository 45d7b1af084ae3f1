/** Find a target's listening TCP ports (through the target: spawn, or /proc for a local root). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONSTRAINED_LANGUAGE_MARK, CONSTRAINED_LANGUAGE_REASON, type Target } from '../../core/target.js';
import { LIST_LISTENERS, parseListeners, type Listener } from './listeners.js';

const MAX_LISTING_BYTES = 1024 * 1024;

async function runListing(target: Target, timeoutMs: number, signal: AbortSignal): Promise<string> {
  if (!target.spawn) throw new Error('the target cannot run commands');
  const cmd = await target.spawn(LIST_LISTENERS, { timeoutMs, signal });
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => cmd.kill(), timeoutMs);
  try {
    for await (const chunk of cmd.stdout as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size + b.length > MAX_LISTING_BYTES) {
        chunks.push(b.subarray(0, MAX_LISTING_BYTES - size));
        cmd.kill();
        break;
      }
      chunks.push(b);
      size += b.length;
    }
    const { exitCode, stderr } = await cmd.done;
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.includes(CONSTRAINED_LANGUAGE_MARK)) throw new Error(CONSTRAINED_LANGUAGE_REASON);
    if (!text.trim() && exitCode !== 0)
      throw new Error(`listing listening ports failed (exit ${exitCode}): ${stderr.slice(0, 200)}`);
    return text;
  } finally {
    clearTimeout(timer);
  }
}

/** Listening ports, and where the list came from. Throws with a plain reason when none can be listed. */
export async function listListeners(
  target: Target,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ listeners: Listener[]; source: string }> {
  if (target.spawn) {
    const text = await runListing(target, timeoutMs, signal);
    return {
      listeners: parseListeners(text),
      source: target.platform().os === 'windows' ? 'Get-NetTCPConnection / netstat' : 'ss / netstat / /proc/net/tcp',
    };
  }
  if (target.kind === 'local') {
    const root = target.fsRoot ?? '/';
    const parts = await Promise.all(
      ['proc/net/tcp', 'proc/net/tcp6'].map((p) => readFile(join(root, p), 'utf8').catch(() => '')),
    );
    const text = parts.join('\n');
    if (!text.trim()) throw new Error('cannot read /proc/net/tcp');
    return { listeners: parseListeners(text), source: '/proc/net/tcp' };
  }
  throw new Error('the target cannot list its listening ports');
}
