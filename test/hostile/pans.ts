/**
 * Card numbers made at run time (never written into a file of the repository) and the sweep that
 * looks for any full card number in what posaudit wrote.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { luhnValidString } from '../../core/luhn.js';

/** A Luhn-valid number: the prefix, random digits, the check digit. */
export function makePan(prefix = '4', length = 16): string {
  let body = prefix;
  while (body.length < length - 1) body += String(Math.floor(Math.random() * 10));
  for (let d = 0; d <= 9; d++) if (luhnValidString(body + d)) return body + d;
  throw new Error('unreachable');
}

/** Characters a renderer drops, each tried as the split of a number. */
export const SPLITTERS = ['\u0001', '\u001b', '\u007f', '\ufffe'];

/** `pan` with `sep` after its fourth digit. */
export function split(pan: string, sep: string): string {
  return pan.slice(0, 4) + sep + pan.slice(4);
}

/**
 * Every Luhn-valid run of 13–19 digits in `text`, read the way a person or a parser would read it:
 * invisible characters dropped first (an HTML or XML reader drops them), then every window of every
 * digit run checked (a full number may sit inside a longer run).
 */
export function luhnRuns(text: string, planted: string[] = []): string[] {
  const visible = text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufff9-\uffff]/g,
    '',
  );
  const found: string[] = [];
  for (const pan of planted) if (visible.includes(pan)) found.push(pan);
  for (const m of visible.matchAll(/[0-9]{13,}/g)) {
    const run = m[0];
    if (run.length > 19) continue; // hashes, nonces: the planted numbers are looked for above
    // A digit run inside a hex digest (a manifest's SHA-256, a fingerprint) is part of a hash, not a number:
    // one in ten such runs is Luhn-valid by chance. The planted numbers are looked for above, wherever they sit.
    const at = m.index ?? 0;
    const before = /[0-9a-fA-F]*$/.exec(visible.slice(Math.max(0, at - 64), at))?.[0] ?? '';
    const after = /^[0-9a-fA-F]*/.exec(visible.slice(at + run.length, at + run.length + 64))?.[0] ?? '';
    const token = before + run + after;
    if (token.length >= 32 && /[a-fA-F]/.test(token)) continue;
    if (luhnValidString(run)) found.push(run);
  }
  return found;
}

/** The text of every file under `dir` (gzip files decompressed). */
export function outputTexts(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const raw = readFileSync(p);
        out.push({ file: p, text: (p.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') });
      }
    }
  };
  walk(dir);
  return out;
}
