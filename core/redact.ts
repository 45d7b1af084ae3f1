/**
 * Last line of defence: mask anything shaped like a card number (13–19 digits, optionally
 * grouped by spaces or dashes, passing Luhn) in text that leaves the scanner: gathered
 * evidence, finding messages, errors. First six and last four stay; the rest become `*`.
 */

import { luhnValidString } from './luhn.js';

// Separators: space, dash, and NUL (UTF-16 text read as bytes). 12–19 digits: Maestro's shortest is 12.
const CANDIDATE = /(?<![0-9])[0-9](?:[ \-\u0000]{0,2}[0-9]){11,18}(?![0-9])/g;

/** Mask first-six/last-four of the digits at positions [from, to) of `chars` (digit indexes into the match). */
function maskDigits(chars: string[], digitPos: number[], from: number, to: number): void {
  for (let k = from + 6; k < to - 4; k++) chars[digitPos[k]] = '*';
}

/**
 * A match is digit groups joined by separators. A card number's edges fall on group edges
 * (or the match's), so try every run of whole groups: "1 4111 1111 1111 1111" hides a
 * 16-digit number behind a leading "1" that makes the whole 17 digits fail Luhn.
 */
function maskMatch(m: string, minDigits: number): string {
  const chars = [...m];
  const digitPos: number[] = [];
  const groupStarts: number[] = [];
  let prevDigit = false;
  chars.forEach((c, i) => {
    const isDigit = c >= '0' && c <= '9';
    if (isDigit) {
      if (!prevDigit) groupStarts.push(digitPos.length);
      digitPos.push(i);
    }
    prevDigit = isDigit;
  });
  const digits = digitPos.map((i) => chars[i]).join('');
  groupStarts.push(digits.length);
  const masked = new Array<boolean>(digits.length).fill(false);
  let changed = false;
  for (let a = 0; a < groupStarts.length - 1; a++) {
    for (let b = groupStarts.length - 1; b > a; b--) {
      const from = groupStarts[a];
      const to = groupStarts[b];
      const len = to - from;
      if (len < minDigits || len > 19 || masked[from]) continue;
      if (!luhnValidString(digits.slice(from, to))) continue;
      maskDigits(chars, digitPos, from, to);
      for (let k = from; k < to; k++) masked[k] = true;
      changed = true;
      break;
    }
  }
  return changed ? chars.join('') : m;
}

/** Mask every Luhn-valid run of `minDigits` (default 13) to 19 digits in `text`. */
export function redactText(text: string, minDigits = 13): string {
  if (text.length < minDigits) return text;
  return text.replace(CANDIDATE, (m) => maskMatch(m, minDigits));
}

/** The same over bytes (ASCII digits), for binary evidence. */
export function redactBytes(buf: Buffer): Buffer {
  const latin = buf.toString('latin1');
  const red = redactText(latin);
  return red === latin ? buf : Buffer.from(red, 'latin1');
}

/** Deep-redact every string in a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

/** An error as reports, logs and the console show it: masked, no control characters (a host's
 * stderr, or a parser quoting what it choked on, can carry terminal escape sequences), capped. */
export function errorText(err: unknown, cap = 500): string {
  return redactText(err instanceof Error ? err.message : String(err))
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?')
    .slice(0, cap);
}
