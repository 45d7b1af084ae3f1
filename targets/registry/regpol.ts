/**
 * Group Policy `Registry.pol` files (the PReg format), where local policy lives offline:
 * `Windows/System32/GroupPolicy/Machine/Registry.pol` (HKLM) and `…/User/Registry.pol` (HKCU).
 *
 * Format: the signature `PReg` and a u32 version (1), then entries written as UTF-16LE text and
 * little-endian numbers: `[` key NUL `;` valueName NUL `;` type(u32) `;` size(u32) `;` data `]`.
 * Value names starting with `**` are instructions (`**del.X` deletes value X, `**delvals.` all
 * values, `**DeleteKeys`, `**SecureKey`, …); they are returned like any entry with `directive` set.
 *
 * Hostile input: strings end at the buffer, sizes are checked against what remains, the entry
 * count is capped. A malformed entry stops the parse; the entries before it are kept.
 */
import type { RegistryValueType } from '../../core/evidence.js';
import { decodeData, typeName } from './values.js';

export interface RegistryPolEntry {
  key: string;
  valueName: string;
  type: RegistryValueType;
  /** The raw type code as stored. */
  typeCode: number;
  data: string | number | string[];
  /** A `**` instruction rather than a value to set. */
  directive?: boolean;
}

export interface RegistryPolRead {
  entries: RegistryPolEntry[];
  /** Why the parse stopped early, when it did. */
  error?: string;
}

export const MAX_POL_ENTRIES = 100_000;
/** Bytes of one entry's data that are decoded. */
const MAX_POL_DATA = 256 * 1024;

export class RegistryPolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryPolError';
  }
}

/** Parse a Registry.pol file; throws RegistryPolError when it is not one or an entry is malformed. */
export function parseRegistryPol(buf: Buffer): RegistryPolEntry[] {
  const r = readRegistryPol(buf);
  if (r.error !== undefined) throw new RegistryPolError(r.error);
  return r.entries;
}

/** Parse a Registry.pol file, keeping the entries before the first malformed one. Never throws. */
export function readRegistryPol(buf: Buffer): RegistryPolRead {
  const entries: RegistryPolEntry[] = [];
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== 'PReg')
    return { entries, error: 'not a Registry.pol file (no "PReg" signature)' };
  const version = buf.readUInt32LE(4);
  if (version !== 1) return { entries, error: `unsupported Registry.pol version ${version}` };
  let pos = 8;

  const char = (c: string): boolean => {
    if (pos + 2 > buf.length || buf.readUInt16LE(pos) !== c.charCodeAt(0)) return false;
    pos += 2;
    return true;
  };
  const string = (): string | undefined => {
    const start = pos;
    while (pos + 2 <= buf.length) {
      if (buf.readUInt16LE(pos) === 0) {
        const s = buf.toString('utf16le', start, pos);
        pos += 2;
        return s;
      }
      pos += 2;
    }
    return undefined;
  };
  const u32 = (): number | undefined => {
    if (pos + 4 > buf.length) return undefined;
    const n = buf.readUInt32LE(pos);
    pos += 4;
    return n;
  };

  while (pos < buf.length) {
    if (entries.length >= MAX_POL_ENTRIES) return { entries, error: `more than ${MAX_POL_ENTRIES} entries` };
    const at = pos;
    const bad = (what: string): RegistryPolRead => ({ entries, error: `malformed entry at byte ${at}: ${what}` });
    if (!char('[')) return bad('expected "["');
    const key = string();
    if (key === undefined || !char(';')) return bad('key name');
    const valueName = string();
    if (valueName === undefined || !char(';')) return bad('value name');
    const typeCode = u32();
    if (typeCode === undefined || !char(';')) return bad('type');
    const size = u32();
    if (size === undefined || !char(';')) return bad('size');
    if (size > buf.length - pos) return bad(`data size ${size} runs past the end of the file`);
    const raw = buf.subarray(pos, pos + size);
    pos += size;
    if (!char(']')) return bad('expected "]"');
    const decoded = decodeData(typeCode, raw, MAX_POL_DATA);
    const entry: RegistryPolEntry = {
      key,
      valueName,
      type: decoded.ok ? typeName(typeCode) : 'REG_UNKNOWN',
      typeCode,
      data: decoded.ok ? decoded.data : raw.subarray(0, MAX_POL_DATA / 2).toString('hex'),
    };
    if (valueName.startsWith('**')) entry.directive = true;
    entries.push(entry);
  }
  return { entries };
}
