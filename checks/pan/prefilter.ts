/** The card-data prefilter: the positions in a buffer where the detector could start a hit, with the
 * newlines before each. WebAssembly SIMD (prefilter.wat) looks at 16 bytes at a time; the same rules,
 * one byte at a time, are `candidatesReference` (used where WebAssembly is unavailable, and by the
 * test that holds the two equal). */
import { PREFILTER_WASM_BASE64 } from './prefilter-wasm.js';

/** Candidate kinds (bit flags). */
export const DIGIT_CANDIDATE = 1;
export const EMV_CANDIDATE = 2;

/** Receives each candidate in position order: its position, the newlines in [from, pos), its kinds. */
export type CandidateSink = (pos: number, newlinesBefore: number, kinds: number) => void;

/** Bytes after the input the SIMD loop may read (it looks 48 bytes ahead of a 16-byte block). */
const PAD = 64;
const PAGE = 65536;
/** Candidates per call before the module returns to let JavaScript drain them. */
const OUT_CAP = 1 << 15;
const OUT_BYTES = OUT_CAP * 8;

/** The part of the WebAssembly JS API used here (the ES library types do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmGlobal {
  readonly value: number;
}
interface WasmModule {
  readonly __wasmModule?: never;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, never>) => { exports: unknown };
};

interface PrefilterExports {
  memory: WasmMemory;
  stop: WasmGlobal;
  lines: WasmGlobal;
  scan(inPtr: number, from: number, to: number, out: number, cap: number, maestro: number): number;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** The byte at k, or 0xFF (which no rule matches) outside the buffer. */
const at = (b: Uint8Array, k: number): number => (k >= 0 && k < b.length ? b[k] : 0xff);
const dig = (b: Uint8Array, k: number): boolean => isDigit(at(b, k));
const nul = (b: Uint8Array, k: number): boolean => at(b, k) === 0;
const four = (b: Uint8Array, k: number): boolean => dig(b, k) && dig(b, k + 1) && dig(b, k + 2) && dig(b, k + 3);
/** A digit followed by a NUL (one UTF-16 code unit). */
const wide = (b: Uint8Array, k: number): boolean => dig(b, k) && nul(b, k + 1);
const hexLen = (c: number): boolean => c === 0x30 || c === 0x31;

/** The rules of prefilter.wat for one position. */
function kindsAt(b: Uint8Array, i: number, maestro: boolean): number {
  const c = at(b, i);
  let kinds = 0;
  if (isDigit(c)) {
    let run = 1;
    while (run < 13 && dig(b, i + run)) run++;
    const sep = at(b, i + 4) === 0x20 || at(b, i + 4) === 0x2d;
    let long = run >= (maestro ? 12 : 13);
    if (long && (c < 0x32 || c === 0x37 || c === 0x39)) {
      // no brand starts so: a card only as track data ('=', 'D', '^' after it) or next to a NUL
      let len = run;
      while (len <= 16 && dig(b, i + len)) len++;
      const after = at(b, i + len);
      if (len <= 16 && after !== 0x3d && after !== 0x44 && after !== 0x5e && after !== 0) long = false;
    }
    const ascii = !dig(b, i - 1) && (long || (run >= 4 && sep && four(b, i + 5)));
    const wide4 = (k: number): boolean => wide(b, k) && wide(b, k + 2) && wide(b, k + 4) && wide(b, k + 6);
    const wideRun8 = wide4(i) && wide(b, i + 8) && wide(b, i + 10) && wide(b, i + 12) && dig(b, i + 14);
    const sepAt8 = at(b, i + 8) === 0x20 || at(b, i + 8) === 0x2d;
    const wideGrouped =
      wide4(i) && sepAt8 && nul(b, i + 9) && wide(b, i + 10) && wide(b, i + 12) && wide(b, i + 14) && dig(b, i + 16);
    const utf16 = (wideRun8 || wideGrouped) && !(dig(b, i - 2) && nul(b, i - 1));
    const utf32 =
      wide(b, i) &&
      nul(b, i + 2) &&
      nul(b, i + 3) &&
      dig(b, i + 4) &&
      !(dig(b, i - 4) && nul(b, i - 3) && nul(b, i - 2) && nul(b, i - 1));
    if (ascii || utf16 || utf32) kinds |= DIGIT_CANDIDATE;
  }
  if (c === 0x35) {
    const n = at(b, i + 1);
    if ((n === 0x37 || n === 0x41 || n === 0x61) && (hexLen(at(b, i + 2)) || (at(b, i + 2) === 0x20 && hexLen(at(b, i + 3)))))
      kinds |= EMV_CANDIDATE;
  } else if (c === 0x57 || c === 0x5a) {
    const len = at(b, i + 1);
    if (len >= 6 && len <= 19 && at(b, i + 2) < 0xa0) kinds |= EMV_CANDIDATE;
  }
  return kinds;
}

/** Candidates one byte at a time; returns the newlines in [from, to). */
export function candidatesReference(b: Uint8Array, from: number, to: number, maestro: boolean, sink: CandidateSink): number {
  let nl = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c === 0x0a) nl++;
    else if (isDigit(c)) {
      // Inside an ASCII run (a digit before, no NUL after) only an EMV "5" can start something.
      if (c !== 0x35 && i > 0 && isDigit(b[i - 1]) && b[i + 1] !== 0) continue;
      const kinds = kindsAt(b, i, maestro);
      if (kinds) sink(i, nl, kinds);
    } else if (c === 0x57 || c === 0x5a) {
      const kinds = kindsAt(b, i, maestro);
      if (kinds) sink(i, nl, kinds);
    }
  }
  return nl;
}

/** One instance of the module per thread; the input is staged in its memory. */
class SimdPrefilter {
  private readonly x: PrefilterExports;
  private view: Uint8Array;
  private out: Int32Array;
  /** Input bytes the memory holds after the candidate area. */
  private capacity: number;

  constructor(module: WasmModule) {
    this.x = new WebAssembly.Instance(module, {}).exports as PrefilterExports;
    this.capacity = this.x.memory.buffer.byteLength - OUT_BYTES - PAD;
    this.view = new Uint8Array(this.x.memory.buffer);
    this.out = new Int32Array(this.x.memory.buffer, 0, OUT_CAP * 2);
  }

  private ensure(len: number): void {
    if (len <= this.capacity) return;
    const need = OUT_BYTES + len + PAD - this.x.memory.buffer.byteLength;
    this.x.memory.grow(Math.ceil(need / PAGE));
    this.capacity = this.x.memory.buffer.byteLength - OUT_BYTES - PAD;
    this.view = new Uint8Array(this.x.memory.buffer);
    this.out = new Int32Array(this.x.memory.buffer, 0, OUT_CAP * 2);
  }

  /** Copy `parts` one after another into the module's memory; the returned Buffer views them there
   * and is valid until the next `stage` (scanning it then needs no copy). */
  stage(parts: readonly Uint8Array[]): Buffer {
    let len = 0;
    for (const p of parts) len += p.length;
    this.ensure(len);
    let at = OUT_BYTES;
    for (const p of parts) {
      this.view.set(p, at);
      at += p.length;
    }
    this.view.fill(0xff, at, at + PAD);
    return Buffer.from(this.x.memory.buffer, OUT_BYTES, len);
  }

  private isStaged(b: Uint8Array): boolean {
    return b.buffer === this.x.memory.buffer && b.byteOffset === OUT_BYTES;
  }

  candidates(b: Uint8Array, from: number, to: number, maestro: boolean, sink: CandidateSink): number {
    if (!this.isStaged(b)) this.stage([b]);
    let start = from;
    let nlBase = 0;
    for (;;) {
      const n = this.x.scan(OUT_BYTES, start, to, 0, OUT_CAP, maestro ? 1 : 0);
      const out = this.out;
      for (let k = 0; k < n; k++) {
        const meta = out[2 * k + 1];
        sink(out[2 * k], nlBase + (meta >>> 2), meta & 3);
      }
      nlBase += this.x.lines.value;
      const stop = this.x.stop.value;
      if (stop >= to) return nlBase;
      start = stop;
    }
  }
}

function loadSimd(): SimdPrefilter | undefined {
  if (process.env.POSAUDIT_NO_WASM === '1' || typeof WebAssembly !== 'object') return undefined;
  try {
    return new SimdPrefilter(new WebAssembly.Module(Buffer.from(PREFILTER_WASM_BASE64, 'base64')));
  } catch {
    // no SIMD (an old CPU or --jitless): the byte-at-a-time rules below
    return undefined;
  }
}

const simd = loadSimd();

/** Which implementation runs in this thread. */
export const prefilterKind: 'simd' | 'reference' = simd ? 'simd' : 'reference';

/** Lay `parts` out as one buffer, in the prefilter's memory when it has one. The result is only
 * valid until the next call (copy what must outlive it). */
export function stageInput(parts: readonly Uint8Array[]): Buffer {
  if (simd) return simd.stage(parts);
  return parts.length === 1 ? Buffer.from(parts[0].buffer, parts[0].byteOffset, parts[0].byteLength) : Buffer.concat(parts);
}

/** Candidates in [from, to) of `b`, in position order; returns the newlines in [from, to). */
export function findCandidates(b: Uint8Array, from: number, to: number, maestro: boolean, sink: CandidateSink): number {
  if (to <= from) return 0;
  return simd ? simd.candidates(b, from, to, maestro, sink) : candidatesReference(b, from, to, maestro, sink);
}

/** The SIMD candidates for a test, whatever this thread would use. */
export function candidatesSimd(b: Uint8Array, from: number, to: number, maestro: boolean, sink: CandidateSink): number {
  if (!simd) throw new Error('WebAssembly SIMD is not available here');
  return simd.candidates(b, from, to, maestro, sink);
}
