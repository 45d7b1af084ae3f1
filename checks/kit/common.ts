/**
 * Small parsing helpers shared by the patch, end-of-life, anti-malware and firewall checks.
 * Everything here reads text that came from the audited machine: it never throws, and it
 * caps what it keeps.
 */
import type { EvidenceAnswer, EvidenceRequest, RegistryValue } from '../../core/evidence.js';
import { requestKey } from '../../core/evidence.js';
import { answerReason, clip, quoted as quotedAt } from './answers.js';

export { answerReason };

const DAY_MS = 86_400_000;

/** Longest string from the terminal we copy into a message or a detail. */
export const MAX_QUOTED = 120;

/** A value from the terminal, made safe to show: one line, capped, JSON-quoted. */
export function quoted(value: string): string {
  return quotedAt(value, MAX_QUOTED);
}

/** Cap a string kept in details. */
export function capped(value: string, max = MAX_QUOTED): string {
  return clip(value, max);
}

/** `key=value` lines (first `=` splits; later duplicates are kept in order). */
export function keyValueLines(text: string | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!text) return out;
  for (const raw of text.split(/\r?\n/).slice(0, 5000)) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return out;
}

/** The last value of each key in `key=value` lines. */
export function keyValueMap(text: string | undefined): Map<string, string> {
  return new Map(keyValueLines(text));
}

/** Whole days from `then` to `now` (negative when `then` is in the future). */
export function daysBetween(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / DAY_MS);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A date string we trust: ISO-like `YYYY-MM-DD[ T]HH:MM[:SS][Z|±hh:mm]` only, in a sane range. */
export function parseIsoDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  let tz = 'Z';
  if (zone && zone !== 'Z') tz = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${tz}`);
  return saneDate(date);
}

/** Seconds since the epoch as printed by `stat -c %Y` or rpm's INSTALLTIME. */
export function parseEpochSeconds(value: string | undefined): Date | undefined {
  if (!value || !/^\d{9,11}$/.test(value.trim())) return undefined;
  return saneDate(new Date(Number(value.trim()) * 1000));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `Wed Aug 21 08:28:01 2024` (C-locale ctime, as ClamAV prints), taken as UTC. */
export function parseCtime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  if (month < 0) return undefined;
  return saneDate(new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]))));
}

/** `21 Aug 2024 04-27 -0400` (ClamAV CVD header build time). */
export function parseCvdTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2})-(\d{2})(?:\s+([+-])(\d{2})(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return undefined;
  let ms = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]));
  if (m[6]) ms -= (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  return saneDate(new Date(ms));
}

/** A Windows FILETIME (100 ns since 1601) from a REG_BINARY hex string (little-endian) or a QWORD. */
export function parseFiletime(data: RegistryValue['data'] | undefined): Date | undefined {
  if (data === undefined) return undefined;
  let ticks: bigint;
  if (typeof data === 'number') ticks = BigInt(data);
  else if (typeof data === 'string' && /^\d{15,20}$/.test(data)) ticks = BigInt(data);
  else if (typeof data === 'string' && /^(?:[0-9a-fA-F]{2}[\s,]?){8}$/.test(data.trim())) {
    const bytes = data.replace(/[\s,]/g, '').match(/../g) ?? [];
    ticks = BigInt(`0x${bytes.reverse().join('')}`);
  } else return undefined;
  const ms = Number(ticks / 10_000n) - 11_644_473_600_000;
  return saneDate(new Date(ms));
}

function saneDate(d: Date): Date | undefined {
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < 1995 || y > 2200 ? undefined : d;
}

/** Registry value by name (case-insensitive, as Windows compares names). */
export function regValue(values: readonly RegistryValue[] | undefined, name: string): RegistryValue['data'] | undefined {
  const lower = name.toLowerCase();
  return values?.find((v) => v.name.toLowerCase() === lower)?.data;
}

export function regNumber(values: readonly RegistryValue[] | undefined, name: string): number | undefined {
  const v = regValue(values, name);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d{1,10}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function regString(values: readonly RegistryValue[] | undefined, name: string): string | undefined {
  const v = regValue(values, name);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Subkey values from a `subkeys: true` registry answer, by case-insensitive name. */
export function regChild(ans: EvidenceAnswer, name: string): RegistryValue[] | undefined {
  const children = ans.registry?.children;
  if (!children) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(children)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function keyOf(req: EvidenceRequest): string {
  return requestKey(req);
}

/** Compare dotted/dashed version strings numerically where both parts are numbers. */
export function compareLooseVersions(a: string, b: string): number {
  const pa = a.split(/[.\-+~_]/);
  const pb = b.split(/[.\-+~_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    if (x === '') return -1;
    if (y === '') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
