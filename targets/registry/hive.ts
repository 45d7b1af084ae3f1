/**
 * A read-only parser for Windows registry hive files (the "regf" format).
 *
 * Layout, as this module reads it:
 * - a 4096-byte base block: `regf`, primary and secondary sequence numbers (0x04, 0x08), the
 *   last-written FILETIME (0x0C), major/minor version (0x14, 0x18), the root cell offset (0x24)
 *   and the size of the hive bins data (0x28); an XOR checksum of the first 508 bytes at 0x1FC;
 * - hive bins (`hbin`, 32-byte header) holding cells. A cell is an int32 size (negative when
 *   allocated) followed by its data. Cell offsets are relative to the first hbin (file offset 4096);
 * - cells: `nk` keys, `vk` values, value lists (bare offset arrays), subkey lists
 *   (`lf`/`lh` with a hint per entry, `li` offsets only, `ri` a list of lists) and `db` big data.
 *
 * The file comes from a machine being audited, so it is hostile input: every offset is checked
 * against the buffer, every count against the cell that holds it, every public call runs on a
 * budget of cells it may visit, an `ri` list may only hold leaf lists, and path lookups stop at
 * `maxDepth`. A structure that cannot be read raises `HiveError` for that call only; a value
 * whose data cannot be read is returned with an `error` instead of its data.
 */

const BASE_BLOCK_SIZE = 4096;
const HBIN_HEADER_SIZE = 32;
/** The data a `db` segment carries at most. */
export const BIG_DATA_SEGMENT = 16344;
/** Offsets of "no cell". */
const NO_CELL = 0xffffffff;

/** Format versions 1.2 (NT 3.5) to 1.6 (Windows 10/11); 1.0 and 1.1 (NT 3.1 betas and 3.1) lay cells out differently. */
const MIN_MINOR_VERSION = 2;
const MAX_MINOR_VERSION = 6;
const SUPPORTED_VERSIONS = `1.${MIN_MINOR_VERSION}–1.${MAX_MINOR_VERSION}`;

const NK_MIN = 0x4c;
const VK_MIN = 0x14;
const KEY_COMP_NAME = 0x0020;
const VALUE_COMP_NAME = 0x0001;

/** The hive is unreadable where this was raised: a bad offset, a lying count, a loop. */
export class HiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HiveError';
  }
}

/** The call visited more cells than its budget allows: the hive is corrupt or hostile. */
export class HiveBudgetError extends HiveError {
  constructor(limit: number) {
    super(`more than ${limit} cells visited in one read: the hive is corrupt or hostile`);
    this.name = 'HiveBudgetError';
  }
}

export interface HiveLimits {
  /** Path components a lookup may descend (Windows allows 512 levels). */
  maxDepth: number;
  /** Subkeys one key may list. */
  maxSubkeys: number;
  /** Values one key may list. */
  maxValues: number;
  /** Bytes of one value's data that are assembled (big data beyond this is truncated). */
  maxValueBytes: number;
  /** Cells one public call may visit. */
  maxCellVisits: number;
}

export const DEFAULT_HIVE_LIMITS: Readonly<HiveLimits> = {
  maxDepth: 512,
  maxSubkeys: 1 << 18,
  maxValues: 1 << 16,
  maxValueBytes: 8 << 20,
  maxCellVisits: 2_000_000,
};

/** One value as stored: raw type code and bytes. `name` is undefined when the name itself is unreadable. */
export interface HiveValue {
  /** `''` is the key's default value. */
  name?: string;
  /** The raw type code (1 = REG_SZ, 4 = REG_DWORD, ...). */
  type?: number;
  data?: Buffer;
  /** The data is longer than `maxValueBytes`; `data` holds its start. */
  truncated?: boolean;
  /** Why the value (or its data) could not be read. */
  error?: string;
}

/** Counts the cells one public call visits (internal to the parser). */
export class Budget {
  private used = 0;
  constructor(private readonly limit: number) {}
  tick(): void {
    if (++this.used > this.limit) throw new HiveBudgetError(this.limit);
  }
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Windows compares key and value names case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.length === b.length && a.toUpperCase() === b.toUpperCase();
}

/** Open a hive file held in memory. Throws HiveError when the base block or root key is unusable. */
export function openHive(buf: Buffer, limits: Partial<HiveLimits> = {}): Hive {
  return new Hive(buf, { ...DEFAULT_HIVE_LIMITS, ...limits });
}

export class Hive {
  /** Primary and secondary sequence numbers differ: the transaction logs were not replayed into this file. */
  readonly dirty: boolean;
  readonly sequence: readonly [number, number];
  readonly version: { readonly major: number; readonly minor: number };
  /** The base block's XOR checksum matches. */
  readonly checksumValid: boolean;
  /** The file is shorter than its base block says. */
  readonly truncated: boolean;
  /** When the hive was last written (from the base block), if plausible. */
  readonly lastWritten?: Date;
  private readonly end: number;
  private readonly rootOffset: number;

  constructor(
    private readonly buf: Buffer,
    readonly limits: Readonly<HiveLimits>,
  ) {
    if (buf.length < BASE_BLOCK_SIZE + HBIN_HEADER_SIZE) throw new HiveError(`file too short for a hive (${buf.length} bytes)`);
    if (buf.toString('latin1', 0, 4) !== 'regf') throw new HiveError('not a registry hive (no "regf" signature)');
    const primary = buf.readUInt32LE(0x04);
    const secondary = buf.readUInt32LE(0x08);
    this.sequence = [primary, secondary];
    this.dirty = primary !== secondary;
    this.version = { major: buf.readUInt32LE(0x14), minor: buf.readUInt32LE(0x18) };
    const version = `${this.version.major}.${this.version.minor}`;
    if (this.version.major !== 1 || this.version.minor < MIN_MINOR_VERSION)
      throw new HiveError(
        `hive format version ${version} is not supported (this reader knows ${SUPPORTED_VERSIONS}, Windows NT 3.5 to Windows 11)`,
      );
    let sum = 0;
    for (let i = 0; i < 0x1fc; i += 4) sum = (sum ^ buf.readUInt32LE(i)) >>> 0;
    if (sum === 0) sum = 1;
    else if (sum === 0xffffffff) sum = 0xfffffffe;
    this.checksumValid = sum === buf.readUInt32LE(0x1fc);
    this.lastWritten = filetimeToDate(buf.readBigUInt64LE(0x0c));
    const declared = buf.readUInt32LE(0x28);
    const declaredEnd = BASE_BLOCK_SIZE + declared;
    this.truncated = declaredEnd > buf.length;
    // A base block that lies about the size (0, or beyond the file) is bounded by the file itself.
    this.end = declared >= HBIN_HEADER_SIZE && declaredEnd <= buf.length ? declaredEnd : buf.length;
    if (buf.toString('latin1', BASE_BLOCK_SIZE, BASE_BLOCK_SIZE + 4) !== 'hbin')
      throw new HiveError('no hive bin after the base block');
    this.rootOffset = buf.readUInt32LE(0x24);
    // The root must be a readable key, or nothing in this hive can be found. A version newer than
    // any this reader knows is tried (its cells may still be the same), but a failure names it.
    try {
      this.readKeyCell(this.rootOffset, new Budget(this.limits.maxCellVisits), 'root key');
    } catch (e) {
      if (!(e instanceof HiveError) || this.version.minor <= MAX_MINOR_VERSION) throw e;
      throw new HiveError(
        `hive format version ${version} is not supported (this reader knows ${SUPPORTED_VERSIONS}): ${e.message}`,
      );
    }
  }

  root(): HiveKey {
    const nk = this.readKeyCell(this.rootOffset, new Budget(this.limits.maxCellVisits), 'root key');
    return new HiveKey(this, this.rootOffset, nk.name, '');
  }

  /**
   * The key at a path below the root (`ControlSet001\Services\USBSTOR`), case-insensitive;
   * undefined when a component does not exist. Throws HiveError when a list on the way is corrupt.
   */
  key(path: string): HiveKey | undefined {
    const parts = path.split('\\').filter((p) => p !== '');
    if (parts.length > this.limits.maxDepth) throw new HiveError(`key path deeper than ${this.limits.maxDepth} levels`);
    let key: HiveKey | undefined = this.root();
    for (const part of parts) {
      key = key.subkey(part);
      if (!key) return undefined;
    }
    return key;
  }

  // ---- internals used by HiveKey ----

  /** @internal */
  newBudget(): Budget {
    return new Budget(this.limits.maxCellVisits);
  }

  /** The data of the allocated cell at a hive offset. */
  private cell(offset: number, budget: Budget, what: string): Buffer {
    budget.tick();
    if (offset === NO_CELL) throw new HiveError(`${what}: no cell`);
    const abs = BASE_BLOCK_SIZE + offset;
    if (abs + 4 > this.end) throw new HiveError(`${what}: cell offset ${hex(offset)} is outside the hive`);
    const size = this.buf.readInt32LE(abs);
    if (size >= 0) throw new HiveError(`${what}: cell at ${hex(offset)} is not allocated`);
    const len = -size;
    if (len < 8) throw new HiveError(`${what}: cell at ${hex(offset)} is too small (${len} bytes)`);
    if (abs + len > this.end) throw new HiveError(`${what}: cell at ${hex(offset)} runs past the end of the hive`);
    return this.buf.subarray(abs + 4, abs + len);
  }

  /** @internal */
  readKeyCell(offset: number, budget: Budget, what: string): { name: string; cell: Buffer } {
    const c = this.cell(offset, budget, what);
    if (c.length < NK_MIN || c.toString('latin1', 0, 2) !== 'nk')
      throw new HiveError(`${what}: cell at ${hex(offset)} is not a key`);
    const flags = c.readUInt16LE(0x02);
    const nameLen = c.readUInt16LE(0x48);
    if (NK_MIN + nameLen > c.length) throw new HiveError(`${what}: key name at ${hex(offset)} runs past its cell`);
    const raw = c.subarray(NK_MIN, NK_MIN + nameLen);
    const name = flags & KEY_COMP_NAME ? raw.toString('latin1') : raw.toString('utf16le');
    return { name, cell: c };
  }

  /** @internal The nk offsets a key's subkey list names (with the lh name hash, when the list has one). */
  childOffsets(nk: Buffer, budget: Budget, keyPath: string, hashes?: Array<number | undefined>): number[] {
    const count = nk.readUInt32LE(0x14);
    if (count === 0) return [];
    if (count > this.limits.maxSubkeys)
      throw new HiveError(`${keyPath || '(root)'}: claims ${count} subkeys (limit ${this.limits.maxSubkeys})`);
    const out: number[] = [];
    this.readList(nk.readUInt32LE(0x1c), budget, out, new Set<number>(), false, keyPath, hashes);
    return out;
  }

  private readList(
    offset: number,
    budget: Budget,
    out: number[],
    seen: Set<number>,
    inIndexRoot: boolean,
    keyPath: string,
    hashes?: Array<number | undefined>,
  ): void {
    const what = `${keyPath || '(root)'}: subkey list`;
    if (seen.has(offset)) throw new HiveError(`${what} at ${hex(offset)} is referenced twice (a loop)`);
    seen.add(offset);
    const c = this.cell(offset, budget, what);
    const sig = c.toString('latin1', 0, 2);
    const count = c.readUInt16LE(2);
    const entry = sig === 'lf' || sig === 'lh' ? 8 : sig === 'li' || sig === 'ri' ? 4 : 0;
    if (entry === 0) throw new HiveError(`${what} at ${hex(offset)} has an unknown signature`);
    if (4 + count * entry > c.length)
      throw new HiveError(`${what} at ${hex(offset)} claims ${count} entries, more than its cell holds`);
    if (sig === 'ri') {
      if (inIndexRoot) throw new HiveError(`${what} at ${hex(offset)}: an index root inside an index root`);
      for (let i = 0; i < count; i++) this.readList(c.readUInt32LE(4 + i * 4), budget, out, seen, true, keyPath, hashes);
      return;
    }
    if (out.length + count > this.limits.maxSubkeys) throw new HiveError(`${what}: more than ${this.limits.maxSubkeys} subkeys`);
    for (let i = 0; i < count; i++) {
      out.push(c.readUInt32LE(4 + i * entry));
      hashes?.push(sig === 'lh' ? c.readUInt32LE(8 + i * entry) : undefined);
    }
  }

  /** @internal */
  valueOffsets(nk: Buffer, budget: Budget, keyPath: string): number[] {
    const count = nk.readUInt32LE(0x24);
    if (count === 0) return [];
    const what = `${keyPath || '(root)'}: value list`;
    if (count > this.limits.maxValues) throw new HiveError(`${what} claims ${count} values (limit ${this.limits.maxValues})`);
    const c = this.cell(nk.readUInt32LE(0x28), budget, what);
    if (count * 4 > c.length) throw new HiveError(`${what} claims ${count} values, more than its cell holds`);
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(c.readUInt32LE(i * 4));
    return out;
  }

  /** @internal Read one vk cell: its name and type, then its data. Data errors stay with the value. */
  readValue(offset: number, budget: Budget): HiveValue {
    const vk = this.cell(offset, budget, 'value');
    if (vk.length < VK_MIN || vk.toString('latin1', 0, 2) !== 'vk')
      throw new HiveError(`value cell at ${hex(offset)} is not a value`);
    const nameLen = vk.readUInt16LE(0x02);
    if (VK_MIN + nameLen > vk.length) throw new HiveError(`value name at ${hex(offset)} runs past its cell`);
    const flags = vk.readUInt16LE(0x10);
    const rawName = vk.subarray(VK_MIN, VK_MIN + nameLen);
    const name = flags & VALUE_COMP_NAME ? rawName.toString('latin1') : rawName.toString('utf16le');
    const type = vk.readUInt32LE(0x0c);
    try {
      return { name, type, ...this.readData(vk, budget) };
    } catch (e) {
      if (e instanceof HiveBudgetError || !(e instanceof HiveError)) throw e;
      return { name, type, error: e.message };
    }
  }

  private readData(vk: Buffer, budget: Budget): { data: Buffer; truncated?: boolean } {
    const rawSize = vk.readUInt32LE(0x04);
    const len = rawSize & 0x7fffffff;
    if (rawSize & 0x80000000) {
      // Resident: up to 4 bytes stored in the offset field itself.
      if (len > 4) throw new HiveError(`resident data of ${len} bytes (at most 4 fit)`);
      return { data: vk.subarray(0x08, 0x08 + len) };
    }
    if (len === 0) return { data: Buffer.alloc(0) };
    const c = this.cell(vk.readUInt32LE(0x08), budget, 'value data');
    if (len > BIG_DATA_SEGMENT && c.toString('latin1', 0, 2) === 'db') return this.readBigData(c, len, budget);
    if (len > c.length) throw new HiveError(`value data of ${len} bytes runs past its cell (${c.length} bytes)`);
    if (len > this.limits.maxValueBytes) return { data: c.subarray(0, this.limits.maxValueBytes), truncated: true };
    return { data: c.subarray(0, len) };
  }

  private readBigData(db: Buffer, len: number, budget: Budget): { data: Buffer; truncated?: boolean } {
    if (db.length < 8) throw new HiveError('big data record is too small');
    const segments = db.readUInt16LE(2);
    if (segments * BIG_DATA_SEGMENT < len) throw new HiveError(`big data of ${len} bytes in only ${segments} segments`);
    const list = this.cell(db.readUInt32LE(4), budget, 'big data segment list');
    if (segments * 4 > list.length) throw new HiveError(`big data claims ${segments} segments, more than its list holds`);
    const want = Math.min(len, this.limits.maxValueBytes);
    const parts: Buffer[] = [];
    let got = 0;
    for (let i = 0; i < segments && got < want; i++) {
      const seg = this.cell(list.readUInt32LE(i * 4), budget, 'big data segment');
      const take = Math.min(seg.length, BIG_DATA_SEGMENT, want - got);
      parts.push(seg.subarray(0, take));
      got += take;
    }
    if (got < want) throw new HiveError(`big data holds ${got} of ${len} bytes`);
    return len > want ? { data: Buffer.concat(parts, got), truncated: true } : { data: Buffer.concat(parts, got) };
  }
}

export class HiveKey {
  /** @internal */
  constructor(
    private readonly hive: Hive,
    readonly offset: number,
    readonly name: string,
    /** Path below the hive root, `\`-separated; `''` for the root. */
    readonly path: string,
  ) {}

  /** Names of the subkeys, in stored order. Throws HiveError when the list is corrupt. */
  subkeyNames(): string[] {
    const budget = this.hive.newBudget();
    const { cell } = this.hive.readKeyCell(this.offset, budget, this.path || '(root)');
    return this.hive
      .childOffsets(cell, budget, this.path)
      .map((off) => this.hive.readKeyCell(off, budget, `${this.path || '(root)'}: subkey`).name);
  }

  /** Every subkey, in stored order (one list read, unlike `subkey(name)` per name). Throws HiveError when the list is corrupt. */
  subkeys(): HiveKey[] {
    const budget = this.hive.newBudget();
    const { cell } = this.hive.readKeyCell(this.offset, budget, this.path || '(root)');
    return this.hive.childOffsets(cell, budget, this.path).map((off) => {
      const { name } = this.hive.readKeyCell(off, budget, `${this.path || '(root)'}: subkey`);
      return new HiveKey(this.hive, off, name, this.path ? `${this.path}\\${name}` : name);
    });
  }

  /** The subkey with this name (case-insensitive), or undefined. Throws HiveError when the list is corrupt. */
  subkey(name: string): HiveKey | undefined {
    const budget = this.hive.newBudget();
    const { cell } = this.hive.readKeyCell(this.offset, budget, this.path || '(root)');
    const hashes: Array<number | undefined> = [];
    const offsets = this.hive.childOffsets(cell, budget, this.path, hashes);
    const wanted = nameHash(name);
    // Fast path: entries whose lh hash matches. Then every entry, so a hive whose hashes are wrong
    // (Windows would not find those keys either) still answers correctly, just slower.
    for (const pass of [true, false]) {
      for (let i = 0; i < offsets.length; i++) {
        const h = hashes[i];
        if (pass ? h !== wanted : h === wanted) continue;
        const child = this.hive.readKeyCell(offsets[i], budget, `${this.path || '(root)'}: subkey`);
        if (sameName(child.name, name))
          return new HiveKey(this.hive, offsets[i], child.name, this.path ? `${this.path}\\${child.name}` : child.name);
      }
    }
    return undefined;
  }

  /**
   * Every value of the key. A value whose cell is unreadable comes back with `error` (and no
   * name when even that is unreadable); a corrupt value list throws HiveError.
   */
  values(): HiveValue[] {
    const budget = this.hive.newBudget();
    const { cell } = this.hive.readKeyCell(this.offset, budget, this.path || '(root)');
    return this.hive.valueOffsets(cell, budget, this.path).map((off) => {
      try {
        return this.hive.readValue(off, budget);
      } catch (e) {
        if (e instanceof HiveBudgetError || !(e instanceof HiveError)) throw e;
        return { error: e.message };
      }
    });
  }

  /** One value by name (case-insensitive; `''` = default value), or undefined. */
  value(name: string): HiveValue | undefined {
    return this.values().find((v) => v.name !== undefined && sameName(v.name, name));
  }

  /** When the key was last written, if the stored time is plausible. */
  lastWritten(): Date | undefined {
    const { cell } = this.hive.readKeyCell(this.offset, this.hive.newBudget(), this.path || '(root)');
    return filetimeToDate(cell.readBigUInt64LE(0x04));
  }
}

/** The name hash `lh` lists store: h = h * 37 + code unit, over the upper-cased name. */
export function nameHash(name: string): number {
  const up = name.toUpperCase();
  let h = 0;
  for (let i = 0; i < up.length; i++) h = (Math.imul(h, 37) + up.charCodeAt(i)) >>> 0;
  return h;
}

/** FILETIME (100 ns since 1601) to Date; undefined when zero or outside years 1970–9999. */
export function filetimeToDate(ft: bigint): Date | undefined {
  const EPOCH_DIFF = 116444736000000000n;
  if (ft <= EPOCH_DIFF) return undefined;
  const ms = Number((ft - EPOCH_DIFF) / 10000n);
  return ms < 253402300800000 ? new Date(ms) : undefined;
}
