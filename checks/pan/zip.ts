/** A bounded zip reader: central directory from the end, entries streamed through inflateRaw.
 * Works over any random-access source (a file handle, or a buffer for nested archives). */

export interface RandomAccess {
  readonly size: number;
  read(pos: number, len: number): Promise<Buffer>;
}

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 value out of range');
  return Number(v);
}

/** The central directory entries: the first `maxEntries` of them, and how many the archive holds
 * (`total` above the entries returned: the caller reports what was left). */
export async function readZipDirectory(
  src: RandomAccess,
  maxEntries: number,
  maxDirectoryBytes = 64 << 20,
): Promise<{ entries: ZipEntry[]; total: number }> {
  const tailLen = Math.min(src.size, 65_557);
  const tail = await src.read(src.size - tailLen, tailLen);
  let e = -1;
  for (let k = tail.length - 22; k >= 0; k--) {
    if (tail.readUInt32LE(k) === EOCD_SIG) {
      e = k;
      break;
    }
  }
  if (e < 0) throw new ZipFormatError('no end of central directory');
  let count = tail.readUInt16LE(e + 10);
  let cdSize = tail.readUInt32LE(e + 12);
  let cdOffset = tail.readUInt32LE(e + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locAt = e - 20;
    if (locAt < 0 || tail.readUInt32LE(locAt) !== ZIP64_LOCATOR_SIG) throw new ZipFormatError('zip64 locator missing');
    const z64 = await src.read(u64(tail, locAt + 8), 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipFormatError('zip64 record missing');
    count = u64(z64, 32);
    cdSize = u64(z64, 40);
    cdOffset = u64(z64, 48);
  }
  const total = count;
  count = Math.min(count, maxEntries);
  if (cdSize > maxDirectoryBytes || cdOffset + cdSize > src.size) throw new ZipFormatError('central directory out of bounds');
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CD_SIG) throw new ZipFormatError('bad central directory entry');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // zip64 extra field: the values that are 0xffffffff, in order
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd && x + 4 <= cd.length) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        if (uncompressedSize === 0xffffffff && f + 8 <= x + 4 + len) {
          uncompressedSize = u64(cd, f);
          f += 8;
        }
        if (compressedSize === 0xffffffff && f + 8 <= x + 4 + len) {
          compressedSize = u64(cd, f);
          f += 8;
        }
        if (localHeaderOffset === 0xffffffff && f + 8 <= x + 4 + len) localHeaderOffset = u64(cd, f);
      }
      x += 4 + len;
    }
    entries.push({ name, method, encrypted: (flags & 1) === 1, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, total };
}

/** Where an entry's compressed bytes begin. */
export async function entryDataOffset(src: RandomAccess, entry: ZipEntry): Promise<number> {
  const h = await src.read(entry.localHeaderOffset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError('bad local header');
  const start = entry.localHeaderOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  if (start + entry.compressedSize > src.size) throw new ZipFormatError('entry data out of bounds');
  return start;
}

/** The compressed bytes of an entry, in chunks. */
export async function* entryBytes(src: RandomAccess, start: number, length: number, chunk = 1 << 20): AsyncGenerator<Buffer> {
  for (let pos = 0; pos < length; pos += chunk) yield await src.read(start + pos, Math.min(chunk, length - pos));
}

export function bufferSource(buf: Buffer): RandomAccess {
  return { size: buf.length, read: async (pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len)) };
}

/** Zip local file header or empty-archive signature at the start. */
export function looksLikeZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  );
}

export function looksLikeGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8;
}
