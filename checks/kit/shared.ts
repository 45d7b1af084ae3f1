/**
 * Small evidence helpers shared by the issue-4B families (allowlist, logging, time, accounts,
 * remote-access). Everything here is pure and treats its input as hostile.
 */
import { requestKey, type Evidence, type EvidenceAnswer, type EvidenceRequest, type RegistryValue } from '../../core/evidence.js';
import type { Finding } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import { clip, reasonOf as reasonOfCapped } from './answers.js';

export { clip };

/** Why an answer could not be used, in plain English. */
export function reasonOf(a: EvidenceAnswer): string {
  return reasonOfCapped(a, MAX_QUOTE);
}

/** Longest string from the terminal that we copy into a finding. */
export const MAX_QUOTE = 200;
/** Most items of one kind listed in a finding's details. */
export const MAX_ITEMS = 50;

/** Quote a terminal-supplied value for a message. */
export function q(value: string): string {
  return JSON.stringify(clip(value));
}

export function keyOf(...reqs: EvidenceRequest[]): string[] {
  return reqs.map(requestKey);
}

/** An `error` finding for evidence we needed but could not read. */
export function unreadable(what: Text, req: EvidenceRequest, a: EvidenceAnswer, location?: string): Finding {
  return {
    status: 'error',
    message: t(`Could not read ${what.en}: ${reasonOf(a)}.`, `${what.ja}を読み取れませんでした（${reasonOf(a)}）。`),
    location: location ?? locationOf(req),
    evidence: keyOf(req),
  };
}

export function locationOf(req: EvidenceRequest): string {
  switch (req.kind) {
    case 'file':
      return req.path;
    case 'glob':
      return req.pattern;
    case 'command':
      return req.name;
    case 'registry':
      return req.value ? `${req.key}\\${req.value}` : req.key;
  }
}

/** The text of a file answer, decoding UTF-16 (secedit, GPO files) when it carries a BOM. */
export function fileText(ev: Evidence, req: EvidenceRequest): string | undefined {
  const bytes = ev.bytes(req);
  if (!bytes) return undefined;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

/** Lines without comments (`#`, and `;` when asked) and blank lines, trimmed. */
export function configLines(text: string, commentChars = '#'): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || commentChars.includes(line[0])) continue;
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
  let current = '';
  out.set(current, new Map());
  for (const line of configLines(text, '#;')) {
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = sec[1].trim().toLowerCase();
      if (!out.has(current)) out.set(current, new Map());
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^".*"$/.test(value)) value = value.slice(1, -1);
    out.get(current)!.set(line.slice(0, eq).trim().toLowerCase(), value);
  }
  return out;
}

/** A whole number, or undefined for anything else (including hostile text). */
export function int(value: string | number | string[] | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^0x[0-9a-f]{1,16}$/i.test(s)) return Number.parseInt(s, 16);
  if (/^-?\d{1,15}$/.test(s)) return Number.parseInt(s, 10);
  return undefined;
}

/** Registry values of a key answer, by lower-cased name. */
export function regValues(a: EvidenceAnswer): Map<string, RegistryValue> {
  const out = new Map<string, RegistryValue>();
  for (const v of a.registry?.values ?? []) out.set(v.name.toLowerCase(), v);
  return out;
}

/** Registry values of one child (with `subkeys: true`), by lower-cased name; the child name is matched case-insensitively. */
export function childValues(a: EvidenceAnswer, child: string): Map<string, RegistryValue> | undefined {
  const children = a.registry?.children;
  if (!children) return undefined;
  const name = Object.keys(children).find((k) => k.toLowerCase() === child.toLowerCase());
  if (name === undefined) return undefined;
  const out = new Map<string, RegistryValue>();
  for (const v of children[name]) out.set(v.name.toLowerCase(), v);
  return out;
}

export function regString(v: RegistryValue | undefined): string | undefined {
  if (!v) return undefined;
  if (typeof v.data === 'string') return v.data;
  if (typeof v.data === 'number') return String(v.data);
  return v.data.join('\n');
}

/** An answer that means "this is not there" (as evidence, not a failure to look). */
export function isAbsent(a: EvidenceAnswer): boolean {
  return a.status === 'missing';
}

/** True for an answer we can read (ok) or that proves absence (missing). */
export function isKnown(a: EvidenceAnswer): boolean {
  return a.status === 'ok' || a.status === 'missing';
}

/** Case-insensitive wildcard match (`*`, `?`) of a whole string. */
export function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'is',
  );
  return re.test(value);
}

/** A drop-in directory: one read glob lists its files and returns their contents, live and offline alike. */
export interface DropIns {
  glob: EvidenceRequest & { kind: 'glob' };
}

export function dropIns(_name: string, dirGlob: string): DropIns {
  return { glob: { kind: 'glob', pattern: dirGlob, os: 'linux', maxEntries: 200, read: true, maxBytes: 64 * 1024 } };
}

export interface DropInRead {
  /** Path → content of the files we could read. */
  files: Map<string, string>;
  /** Paths the glob listed whose content we could not read (offline image). */
  unread: string[];
  /** Set when not even the listing could be read. */
  failed?: EvidenceAnswer;
}

/** Read a drop-in directory from its two requests, plus any individually requested files. */
export function readDropIns(ev: Evidence, d: DropIns, extraFiles: EvidenceRequest[] = []): DropInRead {
  const files = new Map<string, string>();
  for (const req of extraFiles) {
    const text = fileText(ev, req);
    if (text !== undefined && req.kind === 'file') files.set(req.path, text);
  }
  for (const f of ev.files(d.glob)) files.set(f.path, f.data);
  const listing = ev.get(d.glob);
  if (listing.status !== 'ok') return { files, unread: [], failed: listing };
  const unread = (listing.entries ?? []).filter((p) => !files.has(p));
  return { files, unread };
}
