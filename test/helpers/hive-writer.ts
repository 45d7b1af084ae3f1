/**
 * A small registry hive (regf) writer for tests: builds a valid hive from a JS tree, so fixtures
 * are made at test time and no binary hive lives in git. hivex reads what it writes (see
 * test/registry/hivex.test.ts).
 *
 *   writeHive({ keys: { Select: { values: { Current: 1 } } } })
 *
 * Value shorthands: string → REG_SZ, number → REG_DWORD, bigint → REG_QWORD, string[] → REG_MULTI_SZ,
 * Buffer → REG_BINARY; `{ type, data }` for anything else, `{ type: <code>, raw }` for raw bytes.
 * `list` picks the subkey list kind of a key (default `lh`); `ri` splits into `riChunk`-sized leaves.
 * `buildHive` also returns where each structure landed, so tests can corrupt it precisely.
 */

export type ListKind = 'lf' | 'lh' | 'li' | 'ri';

export type HiveValueSpec =
  | string
  | number
  | bigint
  | string[]
  | Buffer
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_DWORD_BIG_ENDIAN'; data: number }
  | { type: 'REG_QWORD'; data: bigint }
  | { type: 'REG_BINARY' | 'REG_NONE'; data: Buffer }
  | { type: number; raw: Buffer };

export interface HiveTree {
  keys?: Record<string, HiveTree>;
  values?: Record<string, HiveValueSpec>;
  /** Subkey list kind for this key's children. */
  list?: ListKind;
  /** Store the key name as UTF-16 instead of the compressed (Latin-1) form. */
  utf16Name?: boolean;
}

export interface WriteOptions {
  rootName?: string;
  /** Sequence numbers differ: the hive looks like its logs were not replayed. */
  dirty?: boolean;
  /** Minor version (default 5; big data `db` cells need ≥ 4). */
  minor?: number;
  /** Default list kind for keys that do not say (default `lh`). */
  list?: ListKind;
  /** Leaves per `ri` list (default 2, so small trees exercise it). */
  riChunk?: number;
}

/** Where things landed: hive offsets (relative to the first hbin) per key path (`''` = root). */
export interface HiveLayout {
  keys: Map<string, { nk: number; subkeyList?: number; valueList?: number; values: Map<string, { vk: number; data?: number }> }>;
  /** File offset of a cell's data for a hive offset. */
  fileOffset(cellOffset: number): number;
}

const SEGMENT = 16344;
const enc16 = (s: string): Buffer => Buffer.from(s, 'utf16le');
const isLatin1 = (s: string): boolean => /^[\x00-\xff]*$/.test(s);

function valueBytes(spec: HiveValueSpec): { type: number; data: Buffer } {
  if (typeof spec === 'string') return { type: 1, data: enc16(`${spec}\0`) };
  if (typeof spec === 'number') return dword(spec, false);
  if (typeof spec === 'bigint') return qword(spec);
  if (Array.isArray(spec)) return { type: 7, data: enc16(`${spec.map((s) => `${s}\0`).join('')}\0`) };
  if (Buffer.isBuffer(spec)) return { type: 3, data: spec };
  if ('raw' in spec) return { type: spec.type, data: spec.raw };
  switch (spec.type) {
    case 'REG_SZ':
      return { type: 1, data: enc16(`${spec.data}\0`) };
    case 'REG_EXPAND_SZ':
      return { type: 2, data: enc16(`${spec.data}\0`) };
    case 'REG_MULTI_SZ':
      return { type: 7, data: enc16(`${spec.data.map((s) => `${s}\0`).join('')}\0`) };
    case 'REG_DWORD':
      return dword(spec.data, false);
    case 'REG_DWORD_BIG_ENDIAN':
      return dword(spec.data, true);
    case 'REG_QWORD':
      return qword(spec.data);
    case 'REG_BINARY':
      return { type: 3, data: spec.data };
    case 'REG_NONE':
      return { type: 0, data: spec.data };
  }
}

function dword(n: number, be: boolean): { type: number; data: Buffer } {
  const b = Buffer.alloc(4);
  if (be) b.writeUInt32BE(n >>> 0);
  else b.writeUInt32LE(n >>> 0);
  return { type: be ? 5 : 4, data: b };
}

function qword(n: bigint): { type: number; data: Buffer } {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, n));
  return { type: 11, data: b };
}

/** Windows' lh hash: h = h * 37 + upcase(char), over UTF-16 code units. */
export function lhHash(name: string): number {
  const up = name.toUpperCase();
  let h = 0;
  for (let i = 0; i < up.length; i++) h = (Math.imul(h, 37) + up.charCodeAt(i)) >>> 0;
  return h;
}

class CellHeap {
  private chunks: Buffer = Buffer.alloc(64 * 1024);
  /** Next free hive offset; the first cell follows the 32-byte hbin header. */
  next = 0x20;

  alloc(dataLen: number): number {
    const size = Math.ceil((dataLen + 4) / 8) * 8;
    const off = this.next;
    this.ensure(off + size);
    this.chunks.writeInt32LE(-size, off);
    this.next += size;
    return off;
  }

  /** Buffer view of a cell's data. */
  data(off: number): Buffer {
    const size = -this.chunks.readInt32LE(off);
    return this.chunks.subarray(off + 4, off + size);
  }

  private ensure(n: number): void {
    if (n <= this.chunks.length) return;
    const bigger = Buffer.alloc(Math.max(n, this.chunks.length * 2));
    this.chunks.copy(bigger);
    this.chunks = bigger;
  }

  bytes(): Buffer {
    return this.chunks.subarray(0, this.next);
  }
}

export function buildHive(tree: HiveTree, opts: WriteOptions = {}): { bytes: Buffer; layout: HiveLayout } {
  const minor = opts.minor ?? 5;
  const defaultList = opts.list ?? 'lh';
  const riChunk = Math.max(1, opts.riChunk ?? 2);
  const heap = new CellHeap();
  const layout: HiveLayout = { keys: new Map(), fileOffset: (c) => 4096 + c + 4 };

  // One security descriptor shared by every key: owner/group/DACL absent, self-relative.
  const sd = Buffer.from([1, 0, 0x04, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const sk = heap.alloc(0x14 + sd.length);
  let keyCount = 0;

  const writeKey = (name: string, node: HiveTree, parent: number, path: string, isRoot: boolean): number => {
    keyCount++;
    const utf16 = node.utf16Name || !isLatin1(name);
    const nameBytes = utf16 ? enc16(name) : Buffer.from(name, 'latin1');
    const nk = heap.alloc(0x4c + nameBytes.length);
    const entry: HiveLayout['keys'] extends Map<string, infer E> ? E : never = { nk, values: new Map() };
    layout.keys.set(path, entry);

    // Values.
    const valueNames = Object.keys(node.values ?? {});
    let valueList = 0xffffffff;
    let maxValueName = 0;
    let maxValueData = 0;
    if (valueNames.length > 0) {
      valueList = heap.alloc(valueNames.length * 4);
      entry.valueList = valueList;
      valueNames.forEach((vname, i) => {
        const { type, data } = valueBytes((node.values ?? {})[vname]);
        const vnameLatin = isLatin1(vname);
        const vnameBytes = vnameLatin ? Buffer.from(vname, 'latin1') : enc16(vname);
        maxValueName = Math.max(maxValueName, vname.length * 2);
        maxValueData = Math.max(maxValueData, data.length);
        const vk = heap.alloc(0x14 + vnameBytes.length);
        let dataOff: number | undefined;
        let sizeField = data.length;
        let offField: number;
        if (data.length <= 4) {
          sizeField = (data.length | 0x80000000) >>> 0;
          const b = Buffer.alloc(4);
          data.copy(b);
          offField = b.readUInt32LE(0);
        } else if (data.length > SEGMENT && minor >= 4) {
          const segs: number[] = [];
          for (let p = 0; p < data.length; p += SEGMENT) {
            const part = data.subarray(p, p + SEGMENT);
            const s = heap.alloc(part.length);
            part.copy(heap.data(s));
            segs.push(s);
          }
          const list = heap.alloc(segs.length * 4);
          segs.forEach((s, j) => heap.data(list).writeUInt32LE(s, j * 4));
          const db = heap.alloc(8);
          const dbc = heap.data(db);
          dbc.write('db', 0, 'latin1');
          dbc.writeUInt16LE(segs.length, 2);
          dbc.writeUInt32LE(list, 4);
          dataOff = offField = db;
        } else {
          dataOff = offField = heap.alloc(data.length);
          data.copy(heap.data(dataOff));
        }
        const v = heap.data(vk);
        v.write('vk', 0, 'latin1');
        v.writeUInt16LE(vnameBytes.length, 2);
        v.writeUInt32LE(sizeField, 4);
        v.writeUInt32LE(offField, 8);
        v.writeUInt32LE(type >>> 0, 0x0c);
        v.writeUInt16LE(vnameLatin ? 1 : 0, 0x10);
        vnameBytes.copy(v, 0x14);
        heap.data(valueList).writeUInt32LE(vk, i * 4);
        entry.values.set(vname, { vk, data: dataOff });
      });
    }

    // Subkeys, sorted as Windows keeps them (by upper-cased name).
    const childNames = Object.keys(node.keys ?? {}).sort((a, b) =>
      a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0,
    );
    const children = childNames.map((c) => ({
      name: c,
      off: writeKey(c, (node.keys ?? {})[c], nk, path ? `${path}\\${c}` : c, false),
    }));
    let subkeyList = 0xffffffff;
    if (children.length > 0) {
      const kind = node.list ?? defaultList;
      const leaf = (items: typeof children, k: 'lf' | 'lh' | 'li'): number => {
        const width = k === 'li' ? 4 : 8;
        const off = heap.alloc(4 + items.length * width);
        const c = heap.data(off);
        c.write(k, 0, 'latin1');
        c.writeUInt16LE(items.length, 2);
        items.forEach((it, i) => {
          c.writeUInt32LE(it.off, 4 + i * width);
          if (k === 'lh') c.writeUInt32LE(lhHash(it.name), 8 + i * width);
          if (k === 'lf') Buffer.from(it.name.slice(0, 4).padEnd(4, '\0'), 'latin1').copy(c, 8 + i * width);
        });
        return off;
      };
      if (kind === 'ri') {
        const leaves: number[] = [];
        for (let i = 0; i < children.length; i += riChunk) leaves.push(leaf(children.slice(i, i + riChunk), 'li'));
        subkeyList = heap.alloc(4 + leaves.length * 4);
        const c = heap.data(subkeyList);
        c.write('ri', 0, 'latin1');
        c.writeUInt16LE(leaves.length, 2);
        leaves.forEach((l, i) => c.writeUInt32LE(l, 4 + i * 4));
      } else subkeyList = leaf(children, kind);
      entry.subkeyList = subkeyList;
    }

    const k = heap.data(nk);
    k.write('nk', 0, 'latin1');
    k.writeUInt16LE((isRoot ? 0x0c : 0) | (utf16 ? 0 : 0x20), 0x02);
    k.writeBigUInt64LE(133_500_000_000_000_000n, 0x04);
    k.writeUInt32LE(parent >>> 0, 0x10);
    k.writeUInt32LE(children.length, 0x14);
    k.writeUInt32LE(subkeyList >>> 0, 0x1c);
    k.writeUInt32LE(0xffffffff, 0x20);
    k.writeUInt32LE(valueNames.length, 0x24);
    k.writeUInt32LE(valueList >>> 0, 0x28);
    k.writeUInt32LE(sk, 0x2c);
    k.writeUInt32LE(0xffffffff, 0x30);
    k.writeUInt32LE(Math.max(0, ...childNames.map((c) => c.length * 2)), 0x34);
    k.writeUInt32LE(maxValueName, 0x3c);
    k.writeUInt32LE(maxValueData, 0x40);
    k.writeUInt16LE(nameBytes.length, 0x48);
    nameBytes.copy(k, 0x4c);
    return nk;
  };

  const root = writeKey(opts.rootName ?? 'ROOT', tree, 0xffffffff, '', true);
  const s = heap.data(sk);
  s.write('sk', 0, 'latin1');
  s.writeUInt32LE(sk, 0x04);
  s.writeUInt32LE(sk, 0x08);
  s.writeUInt32LE(keyCount, 0x0c);
  s.writeUInt32LE(sd.length, 0x10);
  sd.copy(s, 0x14);

  const cells = heap.bytes();
  const hbinSize = Math.ceil(cells.length / 4096) * 4096 || 4096;
  const hbin = Buffer.alloc(hbinSize);
  cells.copy(hbin);
  hbin.write('hbin', 0, 'latin1');
  hbin.writeUInt32LE(0, 0x04);
  hbin.writeUInt32LE(hbinSize, 0x08);
  if (hbinSize > cells.length) hbin.writeInt32LE(hbinSize - cells.length, cells.length); // one free cell

  const base = Buffer.alloc(4096);
  base.write('regf', 0, 'latin1');
  base.writeUInt32LE(7, 0x04);
  base.writeUInt32LE(opts.dirty ? 6 : 7, 0x08);
  base.writeBigUInt64LE(133_500_000_000_000_000n, 0x0c);
  base.writeUInt32LE(1, 0x14);
  base.writeUInt32LE(minor, 0x18);
  base.writeUInt32LE(0, 0x1c);
  base.writeUInt32LE(1, 0x20);
  base.writeUInt32LE(root, 0x24);
  base.writeUInt32LE(hbinSize, 0x28);
  base.writeUInt32LE(1, 0x2c);
  enc16('\\??\\C:\\Windows\\posaudit-test').copy(base, 0x30, 0, 64);
  setChecksum(base);
  return { bytes: Buffer.concat([base, hbin]), layout };
}

/** The base block's XOR checksum over its first 508 bytes (0 and 0xFFFFFFFF are stored as 1 and 0xFFFFFFFE). */
export function setChecksum(file: Buffer): void {
  let sum = 0;
  for (let i = 0; i < 0x1fc; i += 4) sum = (sum ^ file.readUInt32LE(i)) >>> 0;
  if (sum === 0) sum = 1;
  if (sum === 0xffffffff) sum = 0xfffffffe;
  file.writeUInt32LE(sum, 0x1fc);
}

export function writeHive(tree: HiveTree, opts: WriteOptions = {}): Buffer {
  return buildHive(tree, opts).bytes;
}
