/** Walk scanned roots: regular files only, no symlinks followed, one file system by default,
 * /proc /sys /dev pruned, include/exclude globs on the path as the terminal sees it. */
import { promises as fsp, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { globMatcher } from '../../core/glob.js';
import type { SkipReason } from './file-scan.js';

export interface WalkOptions {
  /** Host paths of the roots (already resolved under the target's fsRoot). */
  roots: string[];
  /** Turns a host path into the path shown to the user (the terminal's own path for images). */
  display: (hostPath: string) => string;
  include?: string[];
  exclude?: string[];
  /** Excludes matched without regard to case (Windows system folders on an image). */
  excludeNoCase?: string[];
  /** Do not cross into other mounted file systems (default true). */
  oneFileSystem?: boolean;
  /** Host paths never entered (pseudo file systems). */
  prune?: string[];
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface WalkFile {
  /** A string, or the raw bytes when the name is not valid UTF-8 (Shift_JIS, Latin-1 names). */
  hostPath: string | Buffer;
  display: string;
  size: number;
  /** Index of the root this file is under. */
  root: number;
}

/** A name as UTF-8 when it is, else with each byte that is not shown as `\xNN`: safe and unambiguous. */
export function displayName(raw: Buffer): string {
  const s = raw.toString('utf8');
  if (!s.includes('\uFFFD') || Buffer.from(s, 'utf8').equals(raw)) return s;
  let out = '';
  let k = 0;
  while (k < raw.length) {
    // the longest valid UTF-8 sequence from k (1–4 bytes), else one escaped byte
    let taken = 0;
    for (let n = Math.min(4, raw.length - k); n >= 1; n--) {
      const piece = raw.subarray(k, k + n);
      const t = piece.toString('utf8');
      if (!t.includes('\uFFFD') && Buffer.from(t, 'utf8').equals(piece) && [...t].length === 1) {
        out += t;
        taken = n;
        break;
      }
    }
    if (!taken) {
      out += `\\x${raw[k].toString(16).padStart(2, '0')}`;
      taken = 1;
    }
    k += taken;
  }
  return out;
}

/** dir + '/' + name, staying a string while every part is valid UTF-8. */
function joinRaw(dir: string | Buffer, dirShown: string, name: Buffer): { host: string | Buffer; shown: string } {
  const text = name.toString('utf8');
  const clean = Buffer.from(text, 'utf8').equals(name);
  if (typeof dir === 'string' && clean) return { host: join(dir, text), shown: join(dirShown, text) };
  const d = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
  const sep = d.length && d[d.length - 1] === 0x2f ? Buffer.alloc(0) : Buffer.from('/');
  return { host: Buffer.concat([d, sep, name]), shown: join(dirShown, clean ? text : displayName(name)) };
}

export type SkipSink = (display: string, reason: SkipReason) => void;

/** The usual pseudo file systems under a root. */
export const PSEUDO_FS = ['/proc', '/sys', '/dev', '/run/user'];

export async function* walk(opts: WalkOptions, onSkip: SkipSink): AsyncGenerator<WalkFile> {
  // Matched without backtracking (core/glob.ts): a hostile --exclude cannot stall the walk.
  const inc = opts.include?.length ? globMatcher(opts.include, '--include') : undefined;
  const exc = opts.exclude?.length ? globMatcher(opts.exclude, '--exclude') : undefined;
  // Windows folders compare without case: patterns and names lower-cased.
  const excNoCase = opts.excludeNoCase?.length
    ? globMatcher(
        opts.excludeNoCase.map((p) => p.toLowerCase()),
        '--exclude',
      )
    : undefined;
  const excluded = (display: string, dir: boolean): boolean =>
    (!!exc && (exc(display) || (dir && exc(`${display}/`)))) || (!!excNoCase && excNoCase(display.toLowerCase()));
  const prune = new Set(opts.prune ?? []);
  const oneFs = opts.oneFileSystem ?? true;
  const seenDirs = new Set<string>();

  for (const [rootIndex, root] of opts.roots.entries()) {
    let st;
    try {
      st = await fsp.lstat(root);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      onSkip(opts.display(root), code === 'EACCES' || code === 'EPERM' ? 'denied' : 'vanished');
      continue;
    }
    if (st.isSymbolicLink()) {
      onSkip(opts.display(root), 'symlink');
      continue;
    }
    if (st.isFile()) {
      const d = opts.display(root);
      if (inc && !inc(d)) continue;
      if (excluded(d, false)) onSkip(d, 'excluded');
      else if (opts.maxFileBytes !== undefined && st.size > opts.maxFileBytes) onSkip(d, 'too-large');
      else yield { hostPath: root, display: d, size: st.size, root: rootIndex };
      continue;
    }
    if (!st.isDirectory()) {
      onSkip(opts.display(root), 'special-file');
      continue;
    }
    const rootDev = st.dev;
    // host path (string, or raw bytes below a name that is not UTF-8) and the path shown for it
    const stack: Array<{ host: string | Buffer; shown: string }> = [{ host: root, shown: opts.display(root) }];
    while (stack.length) {
      opts.signal?.throwIfAborted();
      const { host: dir, shown: dirShown } = stack.pop() as { host: string | Buffer; shown: string };
      const key = typeof dir === 'string' ? dir : `\0${dir.toString('latin1')}`;
      if (seenDirs.has(key)) continue;
      seenDirs.add(key);
      let handle;
      try {
        handle = await fsp.opendir(dir as string, { encoding: 'buffer' as BufferEncoding });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        onSkip(dirShown, code === 'EACCES' || code === 'EPERM' ? 'denied' : 'vanished');
        continue;
      }
      const subdirs: Array<{ host: string | Buffer; shown: string }> = [];
      try {
        for await (const ent of handle as AsyncIterable<Dirent>) {
          const { host: p, shown: d } = joinRaw(dir, dirShown, ent.name as unknown as Buffer);
          if (ent.isSymbolicLink()) {
            onSkip(d, 'symlink');
            continue;
          }
          if (ent.isDirectory()) {
            if (typeof p === 'string' && prune.has(p)) onSkip(d, 'pruned');
            else if (excluded(d, true)) onSkip(d, 'excluded');
            else subdirs.push({ host: p, shown: d });
            continue;
          }
          if (!ent.isFile()) {
            onSkip(d, 'special-file');
            continue;
          }
          if (inc && !inc(d)) continue;
          if (excluded(d, false)) {
            onSkip(d, 'excluded');
            continue;
          }
          let fst;
          try {
            fst = await fsp.lstat(p);
          } catch {
            onSkip(d, 'vanished');
            continue;
          }
          if (!fst.isFile()) {
            onSkip(d, 'special-file');
            continue;
          }
          if (opts.maxFileBytes !== undefined && fst.size > opts.maxFileBytes) {
            onSkip(d, 'too-large');
            continue;
          }
          yield { hostPath: p, display: d, size: fst.size, root: rootIndex };
        }
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        onSkip(dirShown, 'vanished');
      }
      // file-system boundary check for subdirectories (lstat: never follows)
      for (const sd of subdirs.reverse()) {
        if (oneFs) {
          try {
            const s2 = await fsp.lstat(sd.host);
            if (s2.dev !== rootDev) {
              onSkip(sd.shown, 'other-filesystem');
              continue;
            }
          } catch {
            continue;
          }
        }
        stack.push(sd);
      }
    }
  }
}
