/**
 * Last line of defence: mask anything shaped like a card number (13–19 digits, optionally
 * grouped by spaces or dashes, passing Luhn) in text that leaves the scanner: gathered
 * evidence, finding messages, errors, console lines. First six and last four stay; the rest
 * become `*`. Track data that follows a masked number (`=YYMM…` of track 2, `^NAME^YYMM…` of
 * track 1) is masked with it.
 *
 * Characters a reader never sees (C0/C1 controls but tab and newline, DEL, soft hyphen,
 * zero-width and bidi marks, U+FFF9–U+FFFF) are joiners here: every report format drops some
 * of them (HTML drops C0 controls, XML drops U+FFFE), so "4111<ESC>1111…" must be masked as the
 * number it becomes once they are gone. `displayText` drops them first and then masks: the one
 * choke point for text a person reads.
 */

import { luhnValidString } from './luhn.js';

/** What a renderer may silently drop between two digits. */
export const INVISIBLE_CLASS =
  '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\ufeff\\ufff9-\\uffff';
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, 'g');

// Separators: space, dash, invisible characters (NUL: UTF-16 text read as bytes). 12–19 digits:
// Maestro's shortest is 12. A track-data tail after the number is captured to be masked with it.
const TAIL = '(=[0-9]{1,40}|\\^[^^\\r\\n]{0,26}\\^[^?\\s]{1,79})?';
const CANDIDATE = new RegExp(`(?<![0-9])([0-9](?:[ \\-${INVISIBLE_CLASS}]{0,3}[0-9]){11,18})(?![0-9])${TAIL}`, 'g');
/** The same for text without invisible characters (most of it): a narrower class, faster. */
const CANDIDATE_PLAIN = new RegExp(`(?<![0-9])([0-9](?:[ \\-]{0,2}[0-9]){11,18})(?![0-9])${TAIL}`, 'g');
const HAS_INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`);

/** Mask first-six/last-four of the digits at positions [from, to) of `chars` (digit indexes into the match). */
function maskDigits(chars: string[], digitPos: number[], from: number, to: number): void {
  for (let k = from + 6; k < to - 4; k++) chars[digitPos[k]] = '*';
}

/**
 * A match is digit groups joined by separators. A card number's edges fall on group edges
 * (or the match's), so try every run of whole groups: "1 4111 1111 1111 1111" hides a
 * 16-digit number behind a leading "1" that makes the whole 17 digits fail Luhn.
 */
function maskMatch(m: string, minDigits: number, tail = ''): string {
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
  let maskTail = false;
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
      if (to === digits.length) maskTail = true;
      break;
    }
  }
  if (!changed) return m + tail;
  // Track data after a card number (expiry, service code, discretionary data, the name): never shown.
  return chars.join('') + (maskTail ? tail.replace(/[^=^?]/g, '*') : tail);
}

/** Mask every Luhn-valid run of `minDigits` (default 13) to 19 digits in `text`. */
export function redactText(text: string, minDigits = 13): string {
  if (text.length < minDigits) return text;
  const re = HAS_INVISIBLE.test(text) ? CANDIDATE : CANDIDATE_PLAIN;
  return text.replace(re, (_m, num: string, tail: string | undefined) => maskMatch(num, minDigits, tail ?? ''));
}

/** Text for a person to read (console, reports): invisible characters dropped, then masked. */
export function displayText(text: string, minDigits = 13): string {
  return redactText(text.replace(INVISIBLE, ''), minDigits);
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
  return displayText(err instanceof Error ? err.message : String(err))
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?')
    .slice(0, cap);
}

/** Masked and terminal-safe: no control characters (a hostile name cannot move the cursor). */
export function oneLine(s: string): string {
  return redactText(s).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
