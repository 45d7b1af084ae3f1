/**
 * Registry value decoding: raw type code and bytes (from a hive or a Registry.pol file) to the
 * contract's RegistryValue data: strings as strings, REG_MULTI_SZ as string[], DWORD/QWORD as
 * numbers (QWORD beyond 2^53 as a decimal string), everything else as lowercase hex.
 * Output is capped at `capBytes` (bytes of data read); longer data is cut and flagged.
 */
import type { RegistryValueType } from '../../core/evidence.js';

export const REG_NONE = 0;
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_DWORD_BIG_ENDIAN = 5;
export const REG_MULTI_SZ = 7;
export const REG_QWORD = 11;

/** The contract's name for a raw type code. REG_DWORD_BIG_ENDIAN reads as REG_DWORD (its number is decoded big-endian). */
export function typeName(code: number): RegistryValueType {
  switch (code) {
    case REG_NONE:
      return 'REG_NONE';
    case REG_SZ:
      return 'REG_SZ';
    case REG_EXPAND_SZ:
      return 'REG_EXPAND_SZ';
    case REG_BINARY:
      return 'REG_BINARY';
    case REG_DWORD:
    case REG_DWORD_BIG_ENDIAN:
      return 'REG_DWORD';
    case REG_MULTI_SZ:
      return 'REG_MULTI_SZ';
    case REG_QWORD:
      return 'REG_QWORD';
    default:
      return 'REG_UNKNOWN';
  }
}

export type DecodedData = { ok: true; data: string | number | string[]; truncated: boolean } | { ok: false; error: string };

/** UTF-16LE text up to the first NUL (stored strings usually carry one). */
function utf16(buf: Buffer): string {
  const s = buf.subarray(0, buf.length & ~1).toString('utf16le');
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
}

/**
 * REG_MULTI_SZ strings as Windows hands them to a program (.NET `RegistryKey.GetValue`, so also what
 * the live PowerShell gatherer sends): every NUL ends a string, empty strings inside the list are
 * kept (`PendingFileRenameOperations` stores "delete" as an empty target), and only the very last
 * NUL, the list terminator, makes no string. A list is not cut at its first empty string; a list of
 * nothing but NULs is empty.
 */
export function multiString(data: Buffer): string[] {
  const text = data.subarray(0, data.length & ~1).toString('utf16le');
  const out: string[] = [];
  let cur = 0;
  while (cur < text.length) {
    const nul = text.indexOf('\0', cur);
    if (nul === -1) {
      out.push(text.slice(cur));
      break;
    }
    if (nul > cur || nul !== text.length - 1) out.push(text.slice(cur, nul));
    cur = nul + 1;
  }
  // `\0\0` alone is an empty list, not one empty string.
  return out.every((x) => x === '') ? [] : out;
}

/** Decode one value's bytes. Never throws. */
export function decodeData(type: number, raw: Buffer, capBytes: number): DecodedData {
  const cap = Math.max(0, Math.floor(capBytes));
  const truncated = raw.length > cap;
  const data = truncated ? raw.subarray(0, cap) : raw;
  switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
      return { ok: true, data: utf16(data), truncated };
    case REG_MULTI_SZ:
      return { ok: true, data: multiString(data), truncated };
    case REG_DWORD:
    case REG_DWORD_BIG_ENDIAN:
      if (raw.length < 4) return { ok: false, error: `REG_DWORD with ${raw.length} bytes of data` };
      return { ok: true, data: type === REG_DWORD ? raw.readUInt32LE(0) : raw.readUInt32BE(0), truncated: false };
    case REG_QWORD: {
      if (raw.length < 8) return { ok: false, error: `REG_QWORD with ${raw.length} bytes of data` };
      const n = raw.readBigUInt64LE(0);
      return { ok: true, data: n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString(), truncated: false };
    }
    default: {
      // Hex doubles the size: keep the text within the cap.
      const bytes = data.length * 2 > cap ? data.subarray(0, Math.floor(cap / 2)) : data;
      return { ok: true, data: bytes.toString('hex'), truncated: truncated || bytes.length < data.length };
    }
  }
}
