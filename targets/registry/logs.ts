/**
 * Replaying a dirty hive's transaction logs (`SYSTEM.LOG1`, `SYSTEM.LOG2`), so an offline scan
 * sees what the running Windows last saw. Windows 8.1 and later write recent changes to the logs
 * first and into the hive file later; an image taken from a machine that was switched off
 * (rather than shut down) holds a hive that lacks them.
 *
 * Both formats of the Windows registry file format specification (M. Suhanov, "Format of
 * transaction log files"):
 * - new (base block file type 6): `HvLE` log entries from offset 512, each with a sequence number,
 *   the hive bins data size, dirty page references (offset, size) and the pages; two Marvin32
 *   hashes (seed 0x82EF4D887A4E55C5) cover the entry. Entries whose sequence number is at least the
 *   primary file's secondary sequence number are applied in sequence order, across both logs,
 *   while the numbers run without a gap; an entry whose signature, size, hashes or page bounds are
 *   wrong ends the replay there (the entries before it stay applied), as Windows does.
 * - old (file type 1, Windows XP to 8): a `DIRT` bitmap of 512-byte pages at offset 512 and the
 *   dirty pages after it; used when the log's base block is valid and its last-written time equals
 *   the primary file's.
 *
 * The logs come from the audited machine: every size is checked against the file that holds it,
 * the result is capped at `maxHiveBytes`, entries at `maxEntries`, and nothing here throws: a log
 * that cannot be used says why in `notes`.
 */

const SECTOR = 512;
const PAGE = 4096;
const BASE_BLOCK = 4096;
const HVLE_HEADER = 40;
const MARVIN_SEED = 0x82ef4d887a4e55c5n;

export interface LogFile {
  /** File name, for messages (`SYSTEM.LOG1`). */
  name: string;
  data: Buffer;
}

export interface ReplayLimits {
  /** Largest hive (base block + hive bins) a replay may produce. */
  maxHiveBytes: number;
  /** Log entries applied at most, all logs together. */
  maxEntries: number;
}

export const DEFAULT_REPLAY_LIMITS: Readonly<ReplayLimits> = { maxHiveBytes: 512 * 1024 * 1024, maxEntries: 100_000 };

export interface ReplayResult {
  /** The hive with the logs applied, or undefined when nothing could be applied. */
  data?: Buffer;
  /** Log entries (new format) or dirty pages (old format) applied. */
  applied: number;
  /** Logs that contributed. */
  used: string[];
  /** Sequence number the replayed hive carries. */
  sequence?: number;
  /** Why a log (or part of it) was not used. */
  notes: string[];
}

// ---- Marvin32 ----

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

/** Marvin32 (the hash Windows uses for log entries), as a 64-bit value (`p1 << 32 | p0`). */
export function marvin32(data: Buffer, seed: bigint = MARVIN_SEED): bigint {
  let p0 = Number(seed & 0xffffffffn) >>> 0;
  let p1 = Number(seed >> 32n) >>> 0;
  const mix = (): void => {
    p1 = (p1 ^ p0) >>> 0;
    p0 = rotl(p0, 20);
    p0 = (p0 + p1) >>> 0;
    p1 = rotl(p1, 9);
    p1 = (p1 ^ p0) >>> 0;
    p0 = rotl(p0, 27);
    p0 = (p0 + p1) >>> 0;
    p1 = rotl(p1, 19);
  };
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    p0 = (p0 + data.readUInt32LE(i)) >>> 0;
    mix();
  }
  let final = 0x80;
  const rest = data.length - whole;
  if (rest === 1) final = 0x8000 | data[whole];
  else if (rest === 2) final = 0x800000 | data.readUInt16LE(whole);
  else if (rest === 3) final = (0x80000000 | (data[whole + 2] << 16) | data.readUInt16LE(whole)) >>> 0;
  p0 = (p0 + final) >>> 0;
  mix();
  mix();
  return (BigInt(p1) << 32n) | BigInt(p0);
}

// ---- base blocks ----

/** The XOR checksum of a base block's first 508 bytes, as Windows stores it. */
export function baseBlockChecksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 0x1fc; i += 4) sum = (sum ^ buf.readUInt32LE(i)) >>> 0;
  if (sum === 0) return 1;
  if (sum === 0xffffffff) return 0xfffffffe;
  return sum;
}

interface LogHeader {
  type: number;
  sequence: number;
  lastWritten: bigint;
  hiveBinsSize: number;
}

/** The log's partial base block copy, if it is a valid one (signature, checksum, equal sequence numbers). */
function logHeader(log: LogFile): LogHeader | string {
  const d = log.data;
  if (d.length < SECTOR) return `${log.name}: too short for a transaction log (${d.length} bytes)`;
  if (d.toString('latin1', 0, 4) !== 'regf') return `${log.name}: no "regf" base block`;
  if (baseBlockChecksum(d) !== d.readUInt32LE(0x1fc)) return `${log.name}: its base block checksum is wrong`;
  const s1 = d.readUInt32LE(0x04);
  const s2 = d.readUInt32LE(0x08);
  if (s1 !== s2) return `${log.name}: its own sequence numbers differ (${s1}, ${s2}): the log was being written`;
  return { type: d.readUInt32LE(0x1c), sequence: s1, lastWritten: d.readBigUInt64LE(0x0c), hiveBinsSize: d.readUInt32LE(0x28) };
}

// ---- new format ----

interface Entry {
  log: string;
  sequence: number;
  hiveBinsSize: number;
  pages: Array<{ offset: number; data: Buffer }>;
}

/** The valid HvLE entries of a new-format log, in file order, up to the first bad one. */
function readEntries(log: LogFile, limits: ReplayLimits, notes: string[]): Entry[] {
  const d = log.data;
  const out: Entry[] = [];
  let at = SECTOR;
  while (at + HVLE_HEADER <= d.length && out.length < limits.maxEntries) {
    if (d.toString('latin1', at, at + 4) !== 'HvLE') break; // the end of the entries (or remnants)
    const size = d.readUInt32LE(at + 4);
    const where = `${log.name}: log entry at ${at}`;
    if (size < HVLE_HEADER || size % SECTOR !== 0 || at + size > d.length) {
      notes.push(`${where} has an impossible size (${size}): replay stops there`);
      break;
    }
    const entry = d.subarray(at, at + size);
    const sequence = entry.readUInt32LE(12);
    const hiveBinsSize = entry.readUInt32LE(16);
    const count = entry.readUInt32LE(20);
    if (
      marvin32(entry.subarray(HVLE_HEADER)) !== entry.readBigUInt64LE(24) ||
      marvin32(entry.subarray(0, 32)) !== entry.readBigUInt64LE(32)
    ) {
      notes.push(`${where} (sequence ${sequence}) fails its Marvin32 check: replay stops there`);
      break;
    }
    if (hiveBinsSize === 0 || hiveBinsSize % PAGE !== 0 || BASE_BLOCK + hiveBinsSize > limits.maxHiveBytes) {
      notes.push(`${where} (sequence ${sequence}) claims ${hiveBinsSize} bytes of hive bins: replay stops there`);
      break;
    }
    if (HVLE_HEADER + count * 8 > size) {
      notes.push(`${where} (sequence ${sequence}) claims ${count} dirty pages, more than it holds: replay stops there`);
      break;
    }
    const pages: Entry['pages'] = [];
    let pageAt = HVLE_HEADER + count * 8;
    let bad = '';
    for (let i = 0; i < count; i++) {
      const offset = entry.readUInt32LE(HVLE_HEADER + i * 8);
      const len = entry.readUInt32LE(HVLE_HEADER + i * 8 + 4);
      if (len === 0 || len % SECTOR !== 0 || offset % SECTOR !== 0 || offset + len > hiveBinsSize || pageAt + len > size) {
        bad = `page ${i} (offset ${offset}, ${len} bytes) lies outside the hive or the entry`;
        break;
      }
      pages.push({ offset, data: entry.subarray(pageAt, pageAt + len) });
      pageAt += len;
    }
    if (bad) {
      notes.push(`${where} (sequence ${sequence}): ${bad}: replay stops there`);
      break;
    }
    out.push({ log: log.name, sequence, hiveBinsSize, pages });
    at += size;
  }
  return out;
}

function replayNew(primary: Buffer, logs: LogFile[], limits: ReplayLimits, notes: string[]): ReplayResult {
  const from = primary.readUInt32LE(0x08); // the primary file's secondary sequence number
  const bySequence = new Map<number, Entry>();
  for (const log of logs)
    for (const e of readEntries(log, limits, notes)) {
      if (e.sequence < from) continue; // already in the hive file
      const cur = bySequence.get(e.sequence);
      if (!cur) bySequence.set(e.sequence, e);
    }
  if (bySequence.size === 0) {
    notes.push(`no log entry is newer than the hive (sequence number ${from})`);
    return { applied: 0, used: [], notes };
  }
  // Normally the first entry carries the hive's secondary sequence number. When Windows rotated the
  // logs twice before writing the hive in full ("partial reconcile"), the hive already holds the
  // missing entries' data and the chain starts later: apply from the oldest entry there is.
  const start = Math.min(...bySequence.keys());
  if (start !== from)
    notes.push(
      `log entries ${from}–${start - 1} are gone (the logs were rotated; the hive file holds their data): replay starts at ${start}`,
    );
  const chain: Entry[] = [];
  for (let seq = start; bySequence.has(seq) && chain.length < limits.maxEntries; seq++) chain.push(bySequence.get(seq)!);
  const skipped = [...bySequence.keys()].filter((s) => s > chain[chain.length - 1].sequence).length;
  if (skipped > 0) notes.push(`${skipped} later log entries were not applied: a sequence number is missing before them`);
  const last = chain[chain.length - 1];
  let out = Buffer.alloc(BASE_BLOCK + Math.max(...chain.map((e) => e.hiveBinsSize)));
  primary.copy(out, 0, 0, Math.min(primary.length, out.length));
  for (const e of chain) {
    for (const p of e.pages) p.data.copy(out, BASE_BLOCK + p.offset);
  }
  out = out.subarray(0, BASE_BLOCK + last.hiveBinsSize);
  finishBaseBlock(out, last.sequence, last.hiveBinsSize);
  const used = [...new Set(chain.map((e) => e.log))];
  return { data: out, applied: chain.length, used, sequence: last.sequence, notes };
}

// ---- old format ----

function replayOld(primary: Buffer, log: LogFile, header: LogHeader, limits: ReplayLimits, notes: string[]): ReplayResult {
  const d = log.data;
  if (header.lastWritten !== primary.readBigUInt64LE(0x0c)) {
    notes.push(`${log.name}: written at another time than the hive (not its log)`);
    return { applied: 0, used: [], notes };
  }
  if (d.toString('latin1', SECTOR, SECTOR + 4) !== 'DIRT') {
    notes.push(`${log.name}: no dirty vector`);
    return { applied: 0, used: [], notes };
  }
  const size = header.hiveBinsSize;
  if (size === 0 || size % SECTOR !== 0 || BASE_BLOCK + size > limits.maxHiveBytes) {
    notes.push(`${log.name}: claims ${size} bytes of hive bins`);
    return { applied: 0, used: [], notes };
  }
  const bits = size / SECTOR;
  const bitmapBytes = Math.ceil(bits / 8);
  if (SECTOR + 4 + bitmapBytes > d.length) {
    notes.push(`${log.name}: its dirty vector runs past the end of the file`);
    return { applied: 0, used: [], notes };
  }
  const bitmap = d.subarray(SECTOR + 4, SECTOR + 4 + bitmapBytes);
  let pageAt = Math.ceil((SECTOR + 4 + bitmapBytes) / SECTOR) * SECTOR;
  const out = Buffer.alloc(BASE_BLOCK + size);
  primary.copy(out, 0, 0, Math.min(primary.length, out.length));
  let applied = 0;
  for (let i = 0; i < bits; i++) {
    if (!(bitmap[i >> 3] & (1 << (i & 7)))) continue;
    if (pageAt + SECTOR > d.length) {
      notes.push(`${log.name}: ends before its dirty page ${applied + 1}; the pages before it were applied`);
      break;
    }
    d.copy(out, BASE_BLOCK + i * SECTOR, pageAt, pageAt + SECTOR);
    pageAt += SECTOR;
    applied++;
  }
  if (applied === 0) return { applied: 0, used: [], notes };
  finishBaseBlock(out, header.sequence, size);
  return { data: out, applied, used: [log.name], sequence: header.sequence, notes };
}

/** Mark the replayed hive clean: equal sequence numbers, the new size, a fresh checksum. */
function finishBaseBlock(out: Buffer, sequence: number, hiveBinsSize: number): void {
  out.writeUInt32LE(sequence, 0x04);
  out.writeUInt32LE(sequence, 0x08);
  out.writeUInt32LE(hiveBinsSize, 0x28);
  out.writeUInt32LE(baseBlockChecksum(out), 0x1fc);
}

/**
 * Apply the transaction logs of a dirty hive. `logs` in the order Windows uses them (LOG1, LOG2;
 * a legacy `.LOG` too). Returns the replayed hive, or no data and the reasons when nothing applies.
 */
export function replayLogs(primary: Buffer, logs: LogFile[], limits: Partial<ReplayLimits> = {}): ReplayResult {
  const lim = { ...DEFAULT_REPLAY_LIMITS, ...limits };
  const notes: string[] = [];
  if (primary.length < BASE_BLOCK || primary.toString('latin1', 0, 4) !== 'regf')
    return { applied: 0, used: [], notes: ['the hive has no base block to replay onto'] };
  const fresh: LogFile[] = [];
  const old: Array<[LogFile, LogHeader]> = [];
  for (const log of logs) {
    const h = logHeader(log);
    if (typeof h === 'string') notes.push(h);
    else if (h.type === 6) fresh.push(log);
    else if (h.type === 1 || h.type === 2) old.push([log, h]);
    else notes.push(`${log.name}: unknown log file type ${h.type}`);
  }
  if (fresh.length > 0) return replayNew(primary, fresh, lim, notes);
  for (const [log, h] of old) {
    const r = replayOld(primary, log, h, lim, notes);
    if (r.data) return r;
  }
  if (logs.length === 0) notes.push('no transaction log next to the hive');
  return { applied: 0, used: [], notes };
}
