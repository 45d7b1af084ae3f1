/** Streaming over the detector: chunks with overlap, so a number across a chunk boundary is found once. */
import { randomBytes } from 'node:crypto';
import { Confirmer, LEFT_CONTEXT, OVERLAP, scanWindow, type DetectOptions, type Hit } from './detector.js';
import { stageInput } from './prefilter.js';

export interface StreamScanOptions extends DetectOptions {
  /** Per-scan HMAC key for fingerprints; a fresh random key when absent. */
  key?: Buffer;
  /** Count lines (text files). */
  lines?: boolean;
  /** Stop collecting hits after this many (the scan still counts). Default 1000. */
  maxHits?: number;
}

/** Largest piece scanned at once. */
const MAX_PIECE = 1 << 20;

/** Hits closer than this with the same fingerprint are one finding seen by two detectors (run + EMV). */
const SAME_HIT_DISTANCE = 96;

export class StreamScanner {
  private readonly confirmer: Confirmer;
  private tail: Buffer = Buffer.alloc(0);
  private tailBase = 0;
  private acceptFrom = 0;
  private lines = 0;
  private readonly countLines: boolean;
  private readonly maxHits: number;
  readonly hits: Hit[] = [];
  /** Hits beyond maxHits (counted, not kept). */
  dropped = 0;
  bytes = 0;

  constructor(opts: StreamScanOptions = {}) {
    this.confirmer = new Confirmer(opts.key ?? randomBytes(32), { maestro: opts.maestro });
    this.countLines = opts.lines ?? false;
    this.maxHits = opts.maxHits ?? 1000;
  }

  push(chunk: Uint8Array): void {
    // Bounded pieces: the staging area (the prefilter's memory) stays small whatever a caller passes.
    for (let off = 0; off < chunk.length; off += MAX_PIECE) this.pushPiece(chunk.subarray(off, off + MAX_PIECE));
  }

  private pushPiece(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    // Valid until the next stage: everything kept past this call is copied out.
    const buf = stageInput(this.tail.length ? [this.tail, chunk] : [chunk]);
    const base = this.tailBase;
    const limit = base + buf.length - OVERLAP;
    if (limit <= this.acceptFrom) {
      this.tail = Buffer.from(buf);
      return;
    }
    this.scan(buf, base, limit);
    // Never negative: subarray(-k) would keep only the last k bytes and lose the rest.
    const keepFrom = Math.max(0, limit - LEFT_CONTEXT - base);
    this.tail = Buffer.from(buf.subarray(keepFrom));
    this.tailBase = base + keepFrom;
  }

  /** Scan what is left. Returns the hits. */
  end(): Hit[] {
    if (this.tail.length) this.scan(this.tail, this.tailBase, this.tailBase + this.tail.length);
    this.tail = Buffer.alloc(0);
    return this.hits;
  }

  private scan(buf: Buffer, base: number, limit: number): void {
    const found: Hit[] = [];
    const nl = scanWindow(
      { buf, base, from: this.acceptFrom - base, to: limit - base, lineAtFrom: this.countLines ? this.lines : undefined },
      this.confirmer,
      (h) => found.push(h),
    );
    this.lines += nl;
    this.acceptFrom = limit;
    if (found.length === 0) return;
    found.sort((a, b) => a.offset - b.offset);
    for (const h of found) this.add(h);
  }

  private add(h: Hit): void {
    for (let k = this.hits.length - 1; k >= 0 && k >= this.hits.length - 4; k--) {
      const o = this.hits[k];
      if (o.fingerprint === h.fingerprint && Math.abs(o.offset - h.offset) <= SAME_HIT_DISTANCE) {
        // keep the more severe reading (track over pan)
        if (o.kind === 'pan' && h.kind !== 'pan') this.hits[k] = { ...h, offset: Math.min(o.offset, h.offset) };
        return;
      }
    }
    if (this.hits.length >= this.maxHits) {
      this.dropped++;
      return;
    }
    this.hits.push(h);
  }
}

/** Scan one in-memory buffer. */
export function scanBuffer(buf: Uint8Array, opts: StreamScanOptions = {}): Hit[] {
  const s = new StreamScanner(opts);
  s.push(buf);
  return s.end();
}
