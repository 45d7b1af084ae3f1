/**
 * The framing of a gatherer script's output. Every answer is
 *   \n@@<nonce> <index> <status> <reason> <enc>\n<payload>\n@@<nonce> END <exit>\n
 * with the payload base64 (or hex where base64 is missing), so binary data, huge outputs and
 * output that imitates our markers cannot confuse the parser: the nonce is fresh per scan.
 */
import { randomBytes } from 'node:crypto';
import { CONSTRAINED_LANGUAGE_REASON } from '../core/target.js';

export interface Frame {
  id: string;
  status: string;
  reason: string;
  payload: Buffer;
  /** The undecoded body, for frames whose payload has inner structure. */
  raw?: string;
  enc?: string;
  /** Exit code from the trailer; undefined when the frame was cut off. */
  exit?: number;
  complete: boolean;
}

export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/** Parse frames out of the script's stdout. Garbage between frames is ignored. */
export function parseFrames(out: string, nonce: string): Map<string, Frame> {
  const frames = new Map<string, Frame>();
  const head = `@@${nonce} `;
  let pos = 0;
  for (;;) {
    const start = out.indexOf(head, pos);
    if (start < 0) break;
    const eol = out.indexOf('\n', start);
    const headerLine = out.slice(start + head.length, eol < 0 ? undefined : eol).trim();
    const [id, status, reason, enc] = headerLine.split(' ');
    if (id === 'END' || !id || eol < 0) {
      pos = eol < 0 ? out.length : eol + 1;
      continue;
    }
    const end = out.indexOf(`@@${nonce} END`, eol + 1);
    const body = out.slice(eol + 1, end < 0 ? undefined : end).replace(/\s+/g, '');
    const payload = decode(body, enc);
    let exit: number | undefined;
    if (end >= 0) {
      const trailerEol = out.indexOf('\n', end);
      const trailer = out.slice(end + `@@${nonce} END`.length, trailerEol < 0 ? undefined : trailerEol).trim();
      const n = Number.parseInt(trailer, 10);
      exit = Number.isFinite(n) ? n : undefined;
      pos = trailerEol < 0 ? out.length : trailerEol + 1;
    } else {
      pos = out.length;
    }
    frames.set(id, {
      id,
      status: status ?? 'error',
      reason: reason ?? '-',
      payload,
      raw: id.includes('+') ? body : undefined,
      enc,
      exit,
      complete: end >= 0,
    });
  }
  return frames;
}

function decode(body: string, enc: string | undefined): Buffer {
  if (enc === 'hex') return Buffer.from(body.length % 2 ? body.slice(0, -1) : body, 'hex');
  return Buffer.from(body, 'base64');
}

/** Reason codes the scripts emit, in words for reports. */
export const REASONS: Record<string, string> = {
  '-': '',
  nofile: 'no such file',
  denied: 'permission denied',
  isdir: 'is a directory',
  notfile: 'not a regular file (FIFO, socket or device): not opened',
  nokey: 'no such registry key',
  novalue: 'no such registry value',
  timeout: 'timed out',
  failed: 'the command could not be started',
  badglob: 'pattern not allowed',
  clm: CONSTRAINED_LANGUAGE_REASON,
};

/** A frame's reason: a code from REASONS, or `=` and base64 of the words PowerShell gave (capped, one line). */
export function reasonText(code: string): string {
  if (code.startsWith('=')) {
    const words = Buffer.from(code.slice(1), 'base64')
      .toString('utf8')
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .slice(0, 300);
    return words || 'no reason given';
  }
  return REASONS[code] ?? code;
}
