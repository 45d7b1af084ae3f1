/** Small, defensive readers shared by the firmware and USB checks: answer reasons, registry
 * values, `key=value` command output. Everything here treats its input as hostile. */
import { type Evidence, type EvidenceAnswer, type EvidenceRequest, type RegistryValue } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import { clip, keysOf, reasonOf } from './answers.js';

export { clip, keysOf, reasonOf };
import type { Finding } from '../../core/model.js';

/** The values of a registry answer, or undefined when the answer is not `ok`. */
export function regValues(a: EvidenceAnswer): RegistryValue[] | undefined {
  if (a.status !== 'ok' || !a.registry) return undefined;
  return a.registry.values;
}

/** A DWORD-like value by name (case-insensitive); strings of digits are accepted too. */
export function regNumber(values: readonly RegistryValue[] | undefined, name: string): number | undefined {
  const v = values?.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!v) return undefined;
  if (typeof v.data === 'number') return v.data;
  if (typeof v.data === 'string' && /^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(v.data)) return Number(v.data.trim());
  return undefined;
}

/** The string values of a registry key (REG_SZ data, and each item of REG_MULTI_SZ), capped. */
export function regStrings(values: readonly RegistryValue[] | undefined, max = 200): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const items = Array.isArray(v.data) ? v.data : typeof v.data === 'string' ? [v.data] : [];
    for (const s of items) if (out.length < max && s.trim() !== '') out.push(clip(s, 200));
  }
  return out;
}

/** Parse `key=value` lines (first `=` splits). Lines without `=` are ignored; at most `maxLines` read. */
export function kvLines(text: string, maxLines = 5000): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && i < maxLines; i++) {
    const line = lines[i].replace(/^\uFEFF/, '');
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return out;
}

/** First value of a key in parsed `key=value` lines. */
export function kvGet(pairs: ReadonlyArray<[string, string]>, key: string): string | undefined {
  return pairs.find(([k]) => k === key)?.[1];
}

/** A PowerShell/WMI boolean or number printed as text: True/False/1/0. */
export function psBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** The finding for evidence that could not be read: `error` with the reason. */
export function cannotRead(what: Text, a: EvidenceAnswer, evidence: string[], location?: string): Finding {
  const r = reasonOf(a);
  return {
    status: 'error',
    message: t(`Could not read ${what.en}: ${r}.`, `${what.ja}を読み取れませんでした（${r}）。`),
    evidence,
    ...(location ? { location } : {}),
  };
}

/** Read a command answer: its stdout when it ran (any exit code), else undefined. */
export function commandText(ev: Evidence, req: EvidenceRequest): string | undefined {
  const a = ev.get(req);
  if (a.status !== 'ok') return undefined;
  return ev.text(req) ?? '';
}
