/** The byte-level card-data detector: digit runs bounded by non-digits, card-shaped groups,
 * ASCII and NUL-interleaved (UTF-16/32) text, track 1/2 and EMV tags 57/5A.
 * It sees full numbers only inside `confirm`, and hands out masked hits. */
import { createHmac } from 'node:crypto';
import { brandOf, MAX_PAN_LENGTH, MIN_PAN_LENGTH, noBrandStartsWith, type Brand } from './brands.js';
import { luhnValid } from '../../core/luhn.js';
import { maskDigits } from './mask.js';
import { DIGIT_CANDIDATE, EMV_CANDIDATE, findCandidates } from './prefilter.js';
import { isTestCard } from './test-cards.js';

export type CardKind = 'pan' | 'track1' | 'track2';
export type CardEncoding =
  'ascii' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'nul-separated' | 'emv-hex' | 'emv-binary';

/** One confirmed card number, masked. `offset` is absolute in the scanned stream. */
export interface Hit {
  kind: CardKind;
  brand: Brand | 'unknown';
  masked: string;
  offset: number;
  encoding: CardEncoding;
  testCard: boolean;
  /** Line number (1-based) when lines are counted. */
  line?: number;
  /** EMV tag the number came from (hex dumps and binary TLV). */
  emvTag?: '57' | '5A';
  /** HMAC-SHA-256 of the digits under the per-scan key, first 16 hex: dedup without a plain hash. */
  fingerprint: string;
  /** What kind of evidence this is, for an auditor to judge: PAN in text, in UTF-16, track 2, EMV tag 57… */
  evidence: EvidenceKind;
  /** Why it was accepted (brand range, length, Luhn, what bounds it); never holds the digits. */
  reasons: string[];
}

export type EvidenceKind =
  'pan-text' | 'pan-grouped' | 'pan-utf16' | 'pan-utf32' | 'pan-nul-separated' | 'track1' | 'track2' | 'emv-57' | 'emv-5a';

function evidenceOf(kind: CardKind, encoding: CardEncoding, emvTag: '57' | '5A' | undefined, grouped: boolean): EvidenceKind {
  if (emvTag) return emvTag === '57' ? 'emv-57' : 'emv-5a';
  if (kind !== 'pan') return kind;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 'pan-utf16';
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return 'pan-utf32';
  if (encoding === 'nul-separated') return 'pan-nul-separated';
  return grouped ? 'pan-grouped' : 'pan-text';
}

/** A character as a reader sees it in a reason: printable ASCII quoted, anything else by name. */
function describeChar(c: number): string {
  if (c < 0) return 'start/end';
  if (c === 0x20) return 'space';
  if (c === 0x0a || c === 0x0d) return 'line end';
  if (c === 0x09) return 'tab';
  if (c === 0) return 'NUL';
  if (c > 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return 'a binary byte';
}

export interface DetectOptions {
  /** Report Maestro ranges (50, 56–58, 63, 67; 12–19 digits). Off by default: they overlap almost everything. */
  maestro?: boolean;
}

/** Bytes a chunked scan keeps from the previous chunk: longer than any card, track 1 line or EMV TLV in UTF-32. */
export const OVERLAP = 512;
/** Bytes of left context kept before the acceptance window. */
export const LEFT_CONTEXT = 16;

const MAX_DIGITS = 24;
const MAX_GROUPS = 5;
const SPACE = 0x20;
const DASH = 0x2d;
const GROUP_PATTERNS: ReadonlyArray<readonly number[]> = [
  [4, 4, 4, 4],
  [4, 6, 5],
  [4, 6, 4],
];

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHexLetter = (c: number): boolean => (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isHexChar = (c: number): boolean => isDigit(c) || isHexLetter(c);
const hexVal = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

/** Window of one scan call: bytes [from, to) may start a hit; context may be read in [0, end). */
export interface Window {
  buf: Uint8Array;
  from: number;
  to: number;
  /** Absolute offset of buf[0]. */
  base: number;
  /** Lines before buf[from], or undefined when lines are not counted. */
  lineAtFrom?: number;
}

/** Confirms digit candidates and turns them into masked hits. Holds the per-scan HMAC key. */
export class Confirmer {
  constructor(
    private readonly key: Buffer,
    readonly opts: DetectOptions = {},
  ) {}

  /** A PAN hit when brand, length and Luhn fit; `trackKind` accepts any Luhn-valid 13–19 digits. */
  confirm(
    digits: Uint8Array,
    len: number,
    offset: number,
    encoding: CardEncoding,
    trackKind?: 'track1' | 'track2',
    emvTag?: '57' | '5A',
    context: string[] = [],
    grouped = false,
  ): Hit | undefined {
    if (len < MIN_PAN_LENGTH || len > MAX_PAN_LENGTH) return undefined;
    const brand = brandOf(digits, len, this.opts.maestro);
    // Track data in text (sentinels, separators, expiry) is evidence enough without a known brand;
    // a 0x57 byte in a binary is not: there a known IIN range is required too.
    if (!brand && !(trackKind && len >= 13 && encoding !== 'emv-binary')) return undefined;
    if (!luhnValid(digits, len)) return undefined;
    let s = '';
    for (let k = 0; k < len; k++) s += String.fromCharCode(0x30 + digits[k]);
    const kind = trackKind ?? 'pan';
    const hit: Hit = {
      kind,
      brand: brand ?? 'unknown',
      masked: maskDigits(s),
      offset,
      encoding,
      testCard: isTestCard(s),
      fingerprint: createHmac('sha256', this.key).update(s).digest('hex').slice(0, 16),
      evidence: evidenceOf(kind, encoding, emvTag, grouped),
      reasons: [
        `${len} digits`,
        brand ? `${brand} issuer range` : 'no known issuer range (track data)',
        'Luhn valid',
        ...context,
      ],
    };
    if (emvTag) hit.emvTag = emvTag;
    return hit;
  }
}

/** Reads characters of one width (1, 2 or 4 bytes, the extra bytes NUL) from a buffer. */
class Chars {
  constructor(
    readonly b: Uint8Array,
    readonly s: number,
  ) {}
  /** The character at p, or -1 outside the buffer. */
  at(p: number): number {
    return p >= 0 && p < this.b.length ? this.b[p] : -1;
  }
  /** The next character after p, or -2 when the bytes between are not NUL (not the same encoding). */
  next(p: number): number {
    const b = this.b;
    const q = p + this.s;
    if (q >= b.length) return -1;
    for (let k = p + 1; k < q; k++) if (b[k] !== 0) return -2;
    return b[q];
  }
  prev(p: number): number {
    const b = this.b;
    const q = p - this.s;
    if (q < 0) return -1;
    for (let k = q + 1; k < p; k++) if (b[k] !== 0) return -2;
    return b[q];
  }
}

function encodingOf(stride: number, abs: number): CardEncoding {
  if (stride === 1) return 'ascii';
  if (stride === 2) return abs % 2 === 0 ? 'utf-16le' : 'utf-16be';
  const r = abs % 4;
  return r === 0 ? 'utf-32le' : r === 3 ? 'utf-32be' : 'nul-separated';
}

/** Width of the characters a digit at i belongs to: 1, 2, 4, or 0 when it stands alone. */
function strideAt(b: Uint8Array, i: number): number {
  const n1 = i + 1 < b.length ? b[i + 1] : -1;
  if (n1 !== 0) return 1;
  const n2 = i + 2 < b.length ? b[i + 2] : -1;
  if (isDigit(n2) || n2 === SPACE || n2 === DASH) return 2;
  if (n2 === 0 && i + 4 < b.length && b[i + 3] === 0 && isDigit(b[i + 4])) return 4;
  return 0;
}

const digitsBuf = new Uint8Array(MAX_DIGITS);
const groupLens = new Uint8Array(MAX_GROUPS);

/** Scan a window for card numbers; returns hits in offset order, plus the newlines seen in [from, to).
 * The prefilter names the few positions worth reading; the readers below confirm them. */
export function scanWindow(w: Window, confirmer: Confirmer, onHit: (h: Hit) => void): number {
  const b = w.buf;
  const to = Math.min(w.to, b.length);
  const lineAtFrom = w.lineAtFrom;
  const minLen = confirmer.opts.maestro ? MIN_PAN_LENGTH : 13;
  // A candidate inside a run already read (the second group of a grouped number) starts nothing.
  let skipUntil = w.from;
  let nlHere = 0;
  const emit = (h: Hit | undefined): void => {
    if (!h) return;
    if (lineAtFrom !== undefined) h.line = lineAtFrom + nlHere + 1;
    onHit(h);
  };
  return findCandidates(b, w.from, to, confirmer.opts.maestro === true, (i, nl, kinds) => {
    nlHere = nl;
    if (kinds & DIGIT_CANDIDATE && i >= skipUntil) skipUntil = digitsAt(b, i, minLen, w.base, confirmer, emit);
    if (kinds & EMV_CANDIDATE) emit(emvAt(b, i, to, w.base, confirmer));
  });
}

/** Read the digit run starting at i (in whatever width it is written) and emit a card it holds.
 * Returns the first position a new run may start at. */
function digitsAt(
  b: Uint8Array,
  i: number,
  minLen: number,
  base: number,
  confirmer: Confirmer,
  emit: (h: Hit | undefined) => void,
): number {
  const end = b.length;
  // Plain text: a run that cannot hold a card number (ids, prices, times) is skipped whole. Only a
  // 13–19-digit run, or a 4-digit first group followed by a separator, goes on to the full reader.
  if (i + 1 < end && b[i + 1] !== 0) {
    let q = i + 1;
    while (q < end && b[q] >= 0x30 && b[q] <= 0x39) q++;
    const run = q - i;
    const nextC = q < end ? b[q] : -1;
    const grouped = run === 4 && (nextC === SPACE || nextC === DASH);
    if (!grouped && (q >= end || nextC !== 0)) {
      if (run < minLen || run > MAX_PAN_LENGTH) return q;
      // A run no brand starts (timestamps: 1…) is a card only as track data, with '=', 'D' or '^' after it.
      if (noBrandStartsWith(b[i] - 0x30) && nextC !== 0x3d && nextC !== 0x44 && nextC !== 0x5e) return q;
    }
  }
  const s = strideAt(b, i);
  if (s === 0) return i + 1;
  const ch = new Chars(b, s);
  const p1 = ch.prev(i);
  if (isDigit(p1)) return i + 1; // inside a longer run
  // Collect the run: groups of digits joined by one consistent separator (only after a 4-digit first group).
  let nd = 0;
  let ng = 0;
  let sep = -1;
  let p = i;
  let last = i; // position of the last digit of the first group
  let groupedEnd: number;
  let overflow = false;
  for (;;) {
    let glen = 0;
    let q = p;
    for (;;) {
      if (nd < MAX_DIGITS) digitsBuf[nd] = b[q] - 0x30;
      else overflow = true;
      nd++;
      glen++;
      const n = ch.next(q);
      if (!isDigit(n)) break;
      q += s;
    }
    if (ng < MAX_GROUPS) groupLens[ng] = Math.min(glen, 255);
    ng++;
    if (ng === 1) last = q;
    groupedEnd = q;
    const n = ch.next(q);
    if (ng === 1 && glen !== 4) break;
    if (ng >= MAX_GROUPS || !(n === SPACE || n === DASH) || (sep !== -1 && n !== sep)) break;
    const after = ch.next(q + s);
    if (!isDigit(after)) break;
    sep = n;
    p = q + 2 * s;
  }
  const g0 = groupLens[0];
  const abs = base + i;
  const enc = encodingOf(s, abs);
  // Contiguous candidate: the first group alone.
  if (g0 >= MIN_PAN_LENGTH && g0 <= MAX_PAN_LENGTH && !overflow) {
    const before = p1;
    const afterC = ch.next(last);
    const track = trackAt(ch, i, last, before, afterC);
    // Track data has its own stricter rule (sentinel, separator, expiry, service code); a bare run
    // must stand alone: not part of a hex string, a word, a SID, a GUID or a version string.
    if (track || !embeddedRun(ch, i, last, before, afterC))
      emit(
        confirmer.confirm(digitsBuf, g0, abs, enc, track, undefined, [
          `between ${describeChar(before)} and ${describeChar(afterC)}`,
        ]),
      );
  } else if (ng >= 3 && g0 === 4 && !groupedEmbeddedBefore(ch, i, p1)) {
    for (const pat of GROUP_PATTERNS) {
      if (ng < pat.length) continue;
      let okPat = true;
      let total = 0;
      for (let k = 0; k < pat.length; k++) {
        if (groupLens[k] !== pat[k]) okPat = false;
        total += pat[k];
      }
      if (!okPat) continue;
      // One more group of digits (a table of numbers: iproute2's tc/*.dist), or letters right after
      // the last group (a GUID: {4E4E454C-5455-4950-4357-8542DC463EC5}): not a card number.
      if (ng > pat.length) break;
      const after = ch.next(groupedEnd);
      if (isAlpha(after) || (after === sep && isAlnum(ch.next(groupedEnd + s)))) break;
      emit(
        confirmer.confirm(
          digitsBuf,
          total,
          abs,
          enc,
          undefined,
          undefined,
          [`groups ${pat.join('-')} separated by ${describeChar(sep)}`],
          true,
        ),
      );
      break;
    }
  }
  // Past the run (newlines cannot occur inside it).
  return Math.max(i, Math.min(groupedEnd, end - 1)) + 1;
}

const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
const DOT = 0x2e;
const PLUS = 0x2b;

/** True when a contiguous digit run at [i, last] is part of a longer token: a hex string or a word
 * (a letter touches it), a hyphenated id (SID `S-1-5-21-…`, GUID, date), a version string or a
 * decimal (`1.2.…`, `0.…`), a base64 word (`+` joining alphanumerics). */
function embeddedRun(ch: Chars, i: number, last: number, before: number, after: number): boolean {
  const s = ch.s;
  if (isAlpha(before) || isAlpha(after)) return true;
  if ((before === DASH || before === DOT || before === PLUS) && isAlnum(ch.prev(i - s))) return true;
  if ((after === DOT || after === PLUS) && isAlnum(ch.next(last + s))) return true;
  return false;
}

/** A grouped number whose first group continues a token: `…-454C-5455-…` (GUID), `12 3456 …` (a table). */
function groupedEmbeddedBefore(ch: Chars, i: number, p1: number): boolean {
  if (isAlpha(p1)) return true;
  if (p1 === DASH) return isAlnum(ch.prev(i - ch.s));
  if (p1 === SPACE) return isDigit(ch.prev(i - ch.s));
  return false;
}

/** Track context around a contiguous PAN at [i, last]: `B…^NAME^YYMMSSS` or `…=YYMMSSS`. */
function trackAt(ch: Chars, i: number, last: number, before: number, after: number): 'track1' | 'track2' | undefined {
  const s = ch.s;
  if (after === 0x3d /* = */ || after === 0x44 /* D */) {
    return expiryAndService(ch, last + s) ? 'track2' : undefined;
  }
  if (after === 0x5e /* ^ */ && before === 0x42 /* B */) {
    // name: 2–26 printable characters other than ^
    let q = last + s;
    let n = 0;
    for (;;) {
      const c = ch.next(q);
      if (c === 0x5e) break;
      if (c < 0x20 || c > 0x7e || ++n > 26) return undefined;
      q += s;
    }
    if (n < 2) return undefined;
    return expiryAndService(ch, q + s) ? 'track1' : undefined;
  }
  return undefined;
}

/** After the separator at p: YYMM with a real month, then a 3-digit service code. */
function expiryAndService(ch: Chars, p: number): boolean {
  const d: number[] = [];
  let q = p;
  for (let k = 0; k < 7; k++) {
    const c = ch.next(q);
    if (!isDigit(c)) return false;
    d.push(c - 0x30);
    q += ch.s;
  }
  const month = d[2] * 10 + d[3];
  return month >= 1 && month <= 12 && [1, 2, 5, 6, 7, 9].includes(d[4]);
}

/** An EMV tag at `at`: hex text (`5A08…`, `57 13 … D …`) or binary TLV (0x5A / 0x57). */
function emvAt(b: Uint8Array, at: number, to: number, base: number, confirmer: Confirmer): Hit | undefined {
  const c = b[at];
  if (c === 0x35) {
    const n = b[at + 1];
    if (n !== 0x37 && n !== 0x41 && n !== 0x61) return undefined;
    // The length that follows ("08"…"13", maybe after a space) starts with 0 or 1.
    const lp = b[at + 2] === SPACE ? at + 3 : at + 2;
    const l0 = b[lp];
    if (l0 !== 0x30 && l0 !== 0x31) return undefined;
    // Tag 57 (track 2 equivalent): 13–19 PAN digits, maybe in spaced pairs, then the D separator.
    // Checked without allocating; in digit-dense logs "57" is everywhere.
    if (n === 0x37 && !panThenSeparator(b, lp + (b[lp + 2] === SPACE ? 3 : 2), to + 64)) return undefined;
    return hexTlv(b, at, base, confirmer);
  }
  if (c === 0x57 || c === 0x5a) {
    // Binary TLV: a length byte of 6–19, then BCD digits (a letter after 'W' or 'Z' ends it here).
    const len = b[at + 1];
    if (len >= 6 && len <= 19 && b[at + 2] >> 4 <= 9) return binaryTlv(b, at, base, confirmer);
  }
  return undefined;
}

/** From p: 13–19 decimal digits (single spaces allowed between them), then 'D' or 'd'. */
function panThenSeparator(b: Uint8Array, p: number, limit: number): boolean {
  let digits = 0;
  const end = Math.min(b.length, limit);
  for (let q = p; q < end; q++) {
    const c = b[q];
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 19) return false;
    } else if (c === SPACE && digits > 0 && b[q - 1] !== SPACE) continue;
    else return (c === 0x44 || c === 0x64) && digits >= 13;
  }
  return false;
}

/** Nibbles of a hex-text TLV value at p: pairs, optionally one space between pairs. */
function readHexPairs(
  b: Uint8Array,
  p: number,
  pairs: number,
  spaced: boolean,
  partial = false,
): { nibbles: number[]; end: number } | undefined {
  const nibbles: number[] = [];
  let q = p;
  for (let k = 0; k < pairs; k++) {
    let r = q;
    if (k > 0 && spaced) {
      if (b[r] !== SPACE) return partial ? { nibbles, end: q } : undefined;
      r++;
    }
    if (r + 1 >= b.length || !isHexChar(b[r]) || !isHexChar(b[r + 1])) return partial ? { nibbles, end: q } : undefined;
    nibbles.push(hexVal(b[r]), hexVal(b[r + 1]));
    q = r + 2;
  }
  return { nibbles, end: q };
}

function hexTlv(b: Uint8Array, at: number, base: number, confirmer: Confirmer): Hit | undefined {
  const tag57 = b[at + 1] === 0x37;
  const spaced = b[at + 2] === SPACE;
  const lenPos = at + 2 + (spaced ? 1 : 0);
  const lp = readHexPairs(b, lenPos, 1, false);
  if (!lp) return undefined;
  const L = lp.nibbles[0] * 16 + lp.nibbles[1];
  if (tag57 ? L < 8 || L > 19 : L < 6 || L > 10) return undefined;
  // Tag 57 needs only PAN, separator, expiry and service code: a log may cut the discretionary data.
  const v = readHexPairs(b, lp.end + (spaced ? 1 : 0), L, spaced, tag57);
  if (!v) return undefined;
  return nibblesToHit(v.nibbles, tag57, base + at, 'emv-hex', confirmer);
}

function binaryTlv(b: Uint8Array, at: number, base: number, confirmer: Confirmer): Hit | undefined {
  const tag57 = b[at] === 0x57;
  const L = b[at + 1];
  if (L === undefined || (tag57 ? L < 8 || L > 19 : L < 6 || L > 10) || at + 2 + L > b.length) return undefined;
  const nibbles: number[] = [];
  for (let k = 0; k < L; k++) {
    const x = b[at + 2 + k];
    nibbles.push(x >> 4, x & 15);
  }
  // binary BCD must start with two decimal nibbles (a 0x5A/0x57 byte in text rarely does)
  return nibblesToHit(nibbles, tag57, base + at, 'emv-binary', confirmer);
}

function nibblesToHit(
  nibbles: number[],
  tag57: boolean,
  offset: number,
  enc: CardEncoding,
  confirmer: Confirmer,
): Hit | undefined {
  let n = 0;
  while (n < nibbles.length && nibbles[n] <= 9 && n < MAX_PAN_LENGTH + 1) n++;
  if (n < 13 || n > MAX_PAN_LENGTH) return undefined;
  const digits = Uint8Array.from(nibbles.slice(0, n));
  if (tag57) {
    if (nibbles[n] !== 0xd || nibbles.length < n + 8) return undefined;
    const rest = nibbles.slice(n + 1, n + 8);
    if (rest.some((x) => x > 9)) return undefined;
    const month = rest[2] * 10 + rest[3];
    if (month < 1 || month > 12) return undefined;
    return confirmer.confirm(digits, n, offset, enc, 'track2', '57', ['EMV tag 57: separator D, real expiry month']);
  }
  for (let k = n; k < nibbles.length; k++) if (nibbles[k] !== 0xf) return undefined;
  if (nibbles.length - n > 1) return undefined; // only one pad nibble for a left-justified PAN
  return confirmer.confirm(digits, n, offset, enc, undefined, '5A', ['EMV tag 5A: length and F padding fit']);
}
