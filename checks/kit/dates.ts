/**
 * Dates as terminals print them: ISO, epoch seconds, C-locale ctime, ClamAV CVD headers, Windows
 * FILETIME. Only dates in a sane range (1995–2200) are returned; anything else is undefined.
 */
import type { RegistryValue } from '../../core/evidence.js';

const DAY_MS = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Whole days from `then` to `now` (negative when `then` is in the future). */
export function daysBetween(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / DAY_MS);
}

/** `YYYY-MM-DD` of a date, in UTC. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** ISO-like `YYYY-MM-DD[ T]HH:MM[:SS][Z|±hh:mm]` only, a real calendar day, in a sane range. */
export function parseIsoDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y = '', mo = '', d = '', h = '00', mi = '00', s = '00', zone] = m;
  let tz = 'Z';
  if (zone && zone !== 'Z') tz = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${tz}`);
  // Date() rolls 02-31 over into March: refuse a day the calendar does not have.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return saneDate(date);
}

/** Seconds since the epoch as printed by `stat -c %Y` or rpm's INSTALLTIME. */
export function parseEpochSeconds(value: string | undefined): Date | undefined {
  if (!value || !/^\d{9,11}$/.test(value.trim())) return undefined;
  return saneDate(new Date(Number(value.trim()) * 1000));
}

/** `Wed Aug 21 08:28:01 2024` (C-locale ctime, as ClamAV prints), taken as UTC. */
export function parseCtime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const [, mon = '', day, h, mi, s, y] = m;
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (month < 0) return undefined;
  return saneDate(new Date(Date.UTC(Number(y), month, Number(day), Number(h), Number(mi), Number(s))));
}

/** `21 Aug 2024 04-27 -0400` (ClamAV CVD header build time). */
export function parseCvdTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2})-(\d{2})(?:\s+([+-])(\d{2})(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, day, mon = '', y, h, mi, sign, zh, zm] = m;
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (month < 0) return undefined;
  let ms = Date.UTC(Number(y), month, Number(day), Number(h), Number(mi));
  if (sign) ms -= (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  return saneDate(new Date(ms));
}

/** A Windows FILETIME (100 ns since 1601) from a REG_BINARY hex string (little-endian) or a QWORD. */
export function parseFiletime(data: RegistryValue['data'] | undefined): Date | undefined {
  if (data === undefined) return undefined;
  let ticks: bigint;
  if (typeof data === 'number') ticks = BigInt(Math.trunc(data));
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
