/**
 * Configuration text from a terminal: comment-free lines, `key = value` settings, INI sections,
 * `key=value` command output, whole numbers, booleans as PowerShell prints them, wildcards.
 * Everything here reads hostile text: it never throws and caps what it reads.
 */

/** Most lines read from one piece of text. */
const MAX_LINES = 5000;

/** Lines without comments (`#`, and `;` when asked) and blank lines, trimmed. */
export function configLines(text: string, commentChars = '#'): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const first = line[0];
    if (first === undefined || commentChars.includes(first)) continue;
    out.push(line);
  }
  return out;
}

/** `key = value` / `key=value` / `key value` settings, last one wins, keys lower-cased. */
export function settings(text: string, opts: { sep?: RegExp; commentChars?: string } = {}): Map<string, string> {
  const sep = opts.sep ?? /\s*=\s*|\s+/;
  const out = new Map<string, string>();
  for (const line of configLines(text, opts.commentChars ?? '#')) {
    const m = sep.exec(line);
    if (!m || m.index === 0) continue;
    const key = line.slice(0, m.index).toLowerCase();
    let value = line.slice(m.index + m[0].length).trim();
    if (/^".*"$/.test(value) || /^'.*'$/.test(value)) value = value.slice(1, -1);
    out.set(key, value);
  }
  return out;
}

/** An INI file as sections of lower-cased keys (systemd, gdm, secedit). Last value wins. */
export function iniSections(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current = new Map<string, string>();
  out.set('', current);
  for (const line of configLines(text, '#;')) {
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec?.[1] !== undefined) {
      const name = sec[1].trim().toLowerCase();
      current = out.get(name) ?? new Map<string, string>();
      out.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^".*"$/.test(value)) value = value.slice(1, -1);
    current.set(line.slice(0, eq).trim().toLowerCase(), value);
  }
  return out;
}

/** `key=value` lines (first `=` splits, a leading BOM is dropped; duplicates kept in order), at most `maxLines` read. */
export function keyValueLines(text: string | undefined, maxLines = MAX_LINES): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!text) return out;
  const lines = text.split(/\r?\n/, maxLines);
  for (const raw of lines) {
    const line = raw.replace(/^\uFEFF/, '').trim();
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

/** The first value of a key in parsed `key=value` lines. */
export function firstValue(pairs: ReadonlyArray<[string, string]>, key: string): string | undefined {
  return pairs.find(([k]) => k === key)?.[1];
}

/** A whole number (decimal or 0x hex), or undefined for anything else (including hostile text). */
export function int(value: string | number | readonly string[] | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^0x[0-9a-f]{1,13}$/i.test(s)) return Number.parseInt(s, 16);
  if (/^-?\d{1,15}$/.test(s)) return Number.parseInt(s, 10);
  return undefined;
}

/** A PowerShell/WMI boolean or number printed as text: True/False/1/0. */
export function psBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** Case-insensitive wildcard match (`*`, `?`) of a whole string. */
export function wildcard(pattern: string, value: string): boolean {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'is').test(value);
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
