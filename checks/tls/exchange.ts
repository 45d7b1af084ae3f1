/** One probe: open a fresh stream, send a hello, read the answer within a deadline and a byte cap. */
import type { Duplex } from 'node:stream';
import { parsePartial, parseReply, type Reply } from './server-reply.js';

/** Opens a fresh TCP stream to the endpoint (a socket, or a channel forwarded through SSH). */
export type Connector = () => Promise<Duplex>;

export type Outcome =
  | Reply
  | { kind: 'closed' }
  | { kind: 'reset'; message: string }
  | { kind: 'timeout'; gotBytes: number }
  | { kind: 'connect-failed'; message: string };

export interface ExchangeOptions {
  timeoutMs: number;
  /** Read the whole TLS ≤ 1.2 server flight (certificates, key exchange). */
  wantFlight: boolean;
  /** Stop reading after this many bytes. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024;

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

export async function exchange(connect: Connector, hello: Buffer, opts: ExchangeOptions): Promise<Outcome> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = Date.now() + opts.timeoutMs;
  let stream: Duplex;
  try {
    stream = await withDeadline(connect(), opts.timeoutMs, (late) => late.destroy());
  } catch (err) {
    if (err instanceof DeadlineError) return { kind: 'timeout', gotBytes: 0 };
    return { kind: 'connect-failed', message: errorText(err) };
  }
  return new Promise<Outcome>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.destroy();
      resolve(o);
    };
    const buffered = (): Buffer => Buffer.concat(chunks, size);
    const timer = setTimeout(
      () => {
        const partial = size ? parsePartial(buffered()) : undefined;
        finish(partial ?? { kind: 'timeout', gotBytes: size });
      },
      Math.max(1, deadline - Date.now()),
    );
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const data = buffered();
      const state = parseReply(data, opts.wantFlight);
      if (state.done) return finish(state.reply);
      if (size >= maxBytes) finish(state.partial ?? { kind: 'malformed', reason: `no complete answer in ${maxBytes} bytes` });
    });
    stream.on('end', () => finish((size ? parsePartial(buffered()) : undefined) ?? { kind: 'closed' }));
    stream.on('close', () => finish((size ? parsePartial(buffered()) : undefined) ?? { kind: 'closed' }));
    stream.on('error', (err) =>
      finish((size ? parsePartial(buffered()) : undefined) ?? { kind: 'reset', message: errorText(err) }),
    );
    stream.write(hello, (err) => {
      if (err) finish({ kind: 'reset', message: errorText(err) });
    });
  });
}

export class DeadlineError extends Error {}

/** Resolve with `p` unless the deadline passes first; a late value is handed to `onLate` (to be closed). */
export function withDeadline<T>(p: Promise<T>, ms: number, onLate: (late: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(new DeadlineError(`no answer within ${ms} ms`));
    }, ms);
    p.then(
      (v) => {
        if (expired) onLate(v);
        else {
          clearTimeout(timer);
          resolve(v);
        }
      },
      (e: unknown) => {
        if (!expired) {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
    );
  });
}
