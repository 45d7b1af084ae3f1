/** Scan one file: raw bytes, or gzip/zip (OOXML) containers, nested, with caps on depth, ratio and size.
 * Opens without following symlinks, never blocks on a FIFO, and keeps access times (O_NOATIME). */
import { constants as FS, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import type { Hit } from './detector.js';
import { elfSections, judgeElfHit, looksLikeElf } from './elf-context.js';
import { md5Of } from './packages.js';
import { HIVE_LOOKBACK, judgeHiveHit, looksLikeHive } from './hive-context.js';
import { StreamScanner } from './scanner.js';
import {
  bufferSource,
  entryBytes,
  entryDataOffset,
  looksLikeGzip,
  looksLikeZip,
  readZipDirectory,
  type RandomAccess,
} from './zip.js';

export type SkipReason =
  | 'symlink'
  | 'special-file'
  | 'other-filesystem'
  | 'pruned'
  | 'excluded'
  | 'too-large'
  | 'budget'
  | 'denied'
  | 'vanished'
  | 'encrypted'
  | 'unsupported-compression'
  | 'expansion-cap'
  | 'nesting-depth'
  | 'corrupt-archive'
  | 'timeout'
  /** The package manager's hash of the file matched: a package's own file, unchanged. */
  | 'package-verified'
  /** More entries than the cap: the first ones were scanned, the rest were not. */
  | 'entry-cap';

export interface MemberHit extends Hit {
  member?: string;
  container?: 'hive-value';
}

/** Something inside a file that was not scanned (a zip bomb, an encrypted entry). */
export interface FileNote {
  member?: string;
  reason: SkipReason;
}

export interface ScanLimits {
  /** Nesting depth of containers (a zip in a zip is depth 2). */
  maxDepth: number;
  /** Expanded bytes per compressed byte above which an entry counts as a bomb. */
  maxRatio: number;
  /** Expanded bytes per top-level file, all entries together. */
  maxExpandedBytes: number;
  /** A zip inside a container is buffered to read its directory: up to this size. */
  maxNestedZipBytes: number;
  maxZipEntries: number;
}

export const DEFAULT_LIMITS: ScanLimits = {
  maxDepth: 4,
  maxRatio: 200,
  maxExpandedBytes: 2 * 1024 ** 3,
  maxNestedZipBytes: 64 << 20,
  maxZipEntries: 10_000,
};

export interface FileScanOptions {
  key: Buffer;
  maestro?: boolean;
  limits?: Partial<ScanLimits>;
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface FileScanResult {
  hits: MemberHit[];
  /** Bytes read from disk. */
  bytes: number;
  /** Bytes scanned after decompression. */
  scannedBytes: number;
  notes: FileNote[];
  droppedHits: number;
  /** Why the whole file was skipped. */
  skipped?: SkipReason;
  /** Bytes read only to check a package file's hash. */
  hashedBytes?: number;
  /** A package file whose hash no longer matches the package's: scanned. */
  packageModified?: boolean;
  error?: string;
}

const CHUNK = 1 << 20;
/** Output pieces of gunzip/inflate: large, so the scanner is called per 256 KiB, not per 16 KiB. */
const INFLATE_CHUNK = 256 << 10;

class Expansion extends Error {}

/** True when the first bytes look like text (no NULs) or UTF-16/32 text: lines are worth counting. */
function textLike(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  let nul = 0;
  let nulEven = 0;
  for (let k = 0; k < n; k++) {
    if (head[k] === 0) {
      nul++;
      if (k % 2 === 0) nulEven++;
    }
  }
  if (nul === 0) return true;
  // UTF-16: NULs on one parity only, about half the bytes
  return nul > n / 3 && (nulEven === 0 || nulEven === nul);
}

class OneFile {
  readonly result: FileScanResult = { hits: [], bytes: 0, scannedBytes: 0, notes: [], droppedHits: 0 };
  private readonly limits: ScanLimits;
  private expanded = 0;

  constructor(private readonly opts: FileScanOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  private note(member: string | undefined, reason: SkipReason): void {
    if (this.result.notes.length < 100) this.result.notes.push(member === undefined ? { reason } : { member, reason });
  }

  /** Scan a byte stream whose first chunk is `head`, dispatching on its content. */
  async stream(head: Buffer, rest: AsyncIterator<Buffer>, member: string | undefined, depth: number): Promise<void> {
    if (looksLikeGzip(head)) {
      if (depth >= this.limits.maxDepth) return this.note(member, 'nesting-depth');
      return this.gunzip(head, rest, member, depth);
    }
    if (looksLikeZip(head) && depth > 0) {
      if (depth >= this.limits.maxDepth) return this.note(member, 'nesting-depth');
      const parts: Buffer[] = [head];
      let size = head.length;
      for (let r = await rest.next(); !r.done; r = await rest.next()) {
        size += r.value.length;
        if (size > this.limits.maxNestedZipBytes) return this.note(member, 'too-large');
        parts.push(r.value);
      }
      return this.zip(bufferSource(Buffer.concat(parts)), member, depth);
    }
    const scanner = new StreamScanner({ key: this.opts.key, maestro: this.opts.maestro, lines: textLike(head) });
    let chunk: Buffer | undefined = head;
    try {
      while (chunk) {
        this.opts.signal?.throwIfAborted();
        scanner.push(chunk);
        this.result.scannedBytes += chunk.length;
        const r = await rest.next();
        chunk = r.done ? undefined : r.value;
      }
    } finally {
      // Hits found before a cap stopped the stream (a gzip over its expansion ratio, a timeout) are kept.
      for (const h of scanner.end()) this.result.hits.push(member === undefined ? h : { ...h, member });
      this.result.droppedHits += scanner.dropped;
    }
  }

  private async gunzip(head: Buffer, rest: AsyncIterator<Buffer>, member: string | undefined, depth: number): Promise<void> {
    let compressed = 0;
    async function* input(): AsyncGenerator<Buffer> {
      compressed += head.length;
      yield head;
      for (let r = await rest.next(); !r.done; r = await rest.next()) {
        compressed += r.value.length;
        yield r.value;
      }
    }
    const inner = member ? `${member}!gunzip` : '(gzip)';
    await this.inflated(
      Readable.from(input()),
      createGunzip({ chunkSize: INFLATE_CHUNK }),
      () => compressed,
      inner,
      depth,
      inner,
    );
  }

  /** Pipe `src` through a zlib transform, enforcing the expansion caps, and scan the output. */
  private async inflated(
    src: Readable,
    z: NodeJS.ReadWriteStream & Readable,
    compressed: () => number,
    label: string,
    depth: number,
    member: string | undefined,
  ): Promise<void> {
    src.on('error', (e) => z.destroy(e));
    src.pipe(z);
    let produced = 0;
    const limits = this.limits;
    const grow = (n: number): number => (this.expanded += n);
    async function* output(): AsyncGenerator<Buffer> {
      for await (const chunk of z as AsyncIterable<Buffer>) {
        produced += chunk.length;
        if (grow(chunk.length) > limits.maxExpandedBytes || produced > Math.max(limits.maxRatio * compressed(), 1 << 20))
          throw new Expansion();
        yield chunk;
      }
    }
    const it = output();
    try {
      const first = await it.next();
      if (first.done) return;
      await this.stream(first.value, it, member, depth + 1);
    } catch (e) {
      if (e instanceof Expansion) this.note(member ?? label, 'expansion-cap');
      else if (isAbort(e)) throw e;
      else this.note(member ?? label, 'corrupt-archive');
    } finally {
      src.destroy();
      z.destroy();
    }
  }

  async zip(src: RandomAccess, member: string | undefined, depth: number): Promise<void> {
    let entries;
    try {
      const dir = await readZipDirectory(src, this.limits.maxZipEntries);
      entries = dir.entries;
      // Over the cap: the first entries are scanned, and what was left is said (never "corrupt").
      if (dir.total > entries.length)
        this.note(
          `${member ? `${member}!` : ''}(${dir.total - entries.length} entries after the first ${entries.length})`,
          'entry-cap',
        );
    } catch {
      this.note(member, 'corrupt-archive');
      return;
    }
    for (const e of entries) {
      this.opts.signal?.throwIfAborted();
      if (e.name.endsWith('/')) continue;
      const name = member ? `${member}!/${e.name}` : e.name;
      if (e.encrypted) {
        this.note(name, 'encrypted');
        continue;
      }
      if (e.method !== 0 && e.method !== 8) {
        this.note(name, 'unsupported-compression');
        continue;
      }
      let start: number;
      try {
        start = await entryDataOffset(src, e);
      } catch {
        this.note(name, 'corrupt-archive');
        continue;
      }
      let read = 0;
      const counted = async function* (): AsyncGenerator<Buffer> {
        for await (const c of entryBytes(src, start, e.compressedSize)) {
          read += c.length;
          yield c;
        }
      };
      if (e.method === 0) {
        const it = counted();
        const first = await it.next();
        if (!first.done) await this.stream(first.value, it, name, depth + 1);
      } else {
        await this.inflated(
          Readable.from(counted()),
          createInflateRaw({ chunkSize: INFLATE_CHUNK }),
          () => read,
          name,
          depth,
          name,
        );
      }
    }
  }
}

/** Keep a hive's hits only when they are a value's data, named like one (see hive-context.ts). */
async function judgeHive(res: FileScanResult, src: RandomAccess): Promise<void> {
  const kept: MemberHit[] = [];
  for (const h of res.hits) {
    if (h.member !== undefined) {
      kept.push(h);
      continue;
    }
    const from = Math.max(0, h.offset - HIVE_LOOKBACK);
    const ctx = await src.read(from, h.offset - from + 64);
    const j = judgeHiveHit(ctx, h.offset - from);
    if (j.accept) kept.push({ ...h, container: 'hive-value', reasons: [...h.reasons, j.reason] });
  }
  res.hits = kept;
}

/** Keep an executable's hits only in its data sections (see elf-context.ts). */
async function judgeElf(res: FileScanResult, src: RandomAccess): Promise<void> {
  const sections = await elfSections(src).catch(() => undefined);
  if (!sections) return; // no section table: judged as any binary
  const kept: MemberHit[] = [];
  for (const h of res.hits) {
    if (h.member !== undefined) {
      kept.push(h);
      continue;
    }
    const j = judgeElfHit(sections, h.offset);
    if (j.accept) kept.push({ ...h, reasons: [...h.reasons, j.reason] });
  }
  res.hits = kept;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

async function openNoFollow(path: string | Buffer): Promise<FileHandle> {
  const base = FS.O_RDONLY | (FS.O_NOFOLLOW ?? 0) | (FS.O_NONBLOCK ?? 0);
  const noatime = (FS as Record<string, number>).O_NOATIME ?? 0;
  if (noatime) {
    try {
      return await fsp.open(path, base | noatime);
    } catch (e) {
      // O_NOATIME is refused (EPERM) on files we do not own: open normally.
      if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    }
  }
  return fsp.open(path, base);
}

/** Scan one regular file. Never throws for the file's fault: reasons go into the result. */
export async function scanFile(path: string | Buffer, opts: FileScanOptions, packageMd5?: string): Promise<FileScanResult> {
  const one = new OneFile(opts);
  const res = one.result;
  let fh: FileHandle;
  try {
    fh = await openNoFollow(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') res.skipped = 'symlink';
    else if (code === 'EACCES' || code === 'EPERM') res.skipped = 'denied';
    else if (code === 'ENOENT') res.skipped = 'vanished';
    else res.error = code ?? 'open failed';
    return res;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      res.skipped = 'special-file';
      return res;
    }
    if (opts.maxFileBytes !== undefined && st.size > opts.maxFileBytes) {
      res.skipped = 'too-large';
      return res;
    }
    const size = st.size;
    if (packageMd5 !== undefined) {
      res.hashedBytes = size;
      if ((await md5Of(fh, size)) === packageMd5) {
        res.skipped = 'package-verified';
        return res;
      }
      res.packageModified = true;
    }
    const src: RandomAccess = {
      size,
      read: async (pos, len) => {
        const b = Buffer.allocUnsafe(len);
        const { bytesRead } = await fh.read(b, 0, len, pos);
        res.bytes += bytesRead;
        return b.subarray(0, bytesRead);
      },
    };
    const head = await src.read(0, Math.min(CHUNK, size));
    if (head.length === 0) return res;
    if (looksLikeZip(head) && size > 22) {
      await one.zip(src, undefined, 0);
      return res;
    }
    // Read ahead: the next chunk is on its way from the disk while this one is scanned.
    let pos = head.length;
    const readNext = (): Promise<Buffer> | undefined => {
      if (pos >= size) return undefined;
      const p = src.read(pos, Math.min(CHUNK, size - pos));
      pos += Math.min(CHUNK, size - pos);
      p.catch(() => undefined); // a read still on its way when the scan stops early is not an unhandled rejection
      return p;
    };
    let ahead = readNext();
    const rest: AsyncIterator<Buffer> = {
      next: async () => {
        if (!ahead) return { done: true, value: undefined };
        const b = await ahead;
        if (b.length === 0) {
          ahead = undefined;
          return { done: true, value: undefined };
        }
        ahead = readNext();
        return { done: false, value: b };
      },
    };
    await one.stream(head, rest, undefined, 0);
    if (looksLikeHive(head)) await judgeHive(res, src);
    else if (looksLikeElf(head) && res.hits.length) await judgeElf(res, src);
    return res;
  } catch (e) {
    if (isAbort(e)) {
      res.skipped = 'timeout';
      return res;
    }
    res.error = (e as NodeJS.ErrnoException).code ?? 'read failed';
    return res;
  } finally {
    await fh.close().catch(() => undefined);
  }
}
