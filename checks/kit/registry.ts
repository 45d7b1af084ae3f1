/**
 * Registry answers: values by name (Windows compares names case-insensitively), numbers
 * (decimal or 0x hex), strings, and the values of one subkey of a `subkeys: true` answer.
 */
import type { EvidenceAnswer, RegistryValue } from '../../core/evidence.js';
import { clip } from './text.js';

/** The values of a registry answer, or undefined when the answer is not `ok`. */
export function regValues(a: EvidenceAnswer): readonly RegistryValue[] | undefined {
  if (a.status !== 'ok' || !a.registry) return undefined;
  return a.registry.values;
}

/** The data of a value by name (case-insensitive). */
export function regValue(values: readonly RegistryValue[] | undefined, name: string): RegistryValue['data'] | undefined {
  const lower = name.toLowerCase();
  return values?.find((v) => v.name.toLowerCase() === lower)?.data;
}

/** A DWORD-like value by name; strings of decimal digits or `0x` hex are accepted too. */
export function regNumber(values: readonly RegistryValue[] | undefined, name: string): number | undefined {
  return numberOf(regValue(values, name));
}

/** A number from registry data or text: a finite number, or a string of decimal digits or 0x hex. */
export function numberOf(data: RegistryValue['data'] | undefined): number | undefined {
  if (typeof data === 'number') return Number.isFinite(data) ? data : undefined;
  if (typeof data !== 'string') return undefined;
  const s = data.trim();
  if (/^0x[0-9a-f]{1,13}$/i.test(s)) return Number.parseInt(s, 16);
  if (/^\d{1,15}$/.test(s)) return Number(s);
  return undefined;
}

/** A value by name as text: REG_SZ as it is, a number in decimal, REG_MULTI_SZ items joined by newlines. */
export function regString(values: readonly RegistryValue[] | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return valueText(values?.find((v) => v.name.toLowerCase() === lower));
}

/** Every string of a key (REG_SZ data, and each item of REG_MULTI_SZ), clipped, at most `max`. */
export function regStrings(values: readonly RegistryValue[] | undefined, max = 200): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const items = Array.isArray(v.data) ? v.data : typeof v.data === 'string' ? [v.data] : [];
    for (const s of items) if (out.length < max && s.trim() !== '') out.push(clip(s));
  }
  return out;
}

/** The values of one subkey of a `subkeys: true` answer, by case-insensitive name. */
export function regChild(a: EvidenceAnswer, name: string): readonly RegistryValue[] | undefined {
  const children = a.registry?.children;
  if (!children) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(children)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** One value's data as text: REG_SZ as it is, a number in decimal, REG_MULTI_SZ items joined by newlines. */
export function valueText(v: RegistryValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v.data === 'string') return v.data;
  if (typeof v.data === 'number') return String(v.data);
  return v.data.join('\n');
}
