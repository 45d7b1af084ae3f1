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
  /** Do not cross into other mounted file systems (default true). */
  oneFileSystem?: boolean;
  /** Host paths never entered (pseudo file systems). */
  prune?: string[];
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface WalkFile {
  hostPath: string;
  display: string;
  size: number;
}

export type SkipSink = (display: string, reason: SkipReason) => void;

/** The usual pseudo file systems under a root. */
export const PSEUDO_FS = ['/proc', '/sys', '/dev', '/run/user'];

export async function* walk(opts: WalkOptions, onSkip: SkipSink): AsyncGenerator<WalkFile> {
  // Matched without backtracking (core/glob.ts): a hostile --exclude cannot stall the walk.
  const inc = opts.include?.length ? globMatcher(opts.include, '--include') : undefined;
  const exc = opts.exclude?.length ? globMatcher(opts.exclude, '--exclude') : undefined;
  const excluded = (display: string, dir: boolean): boolean => !!exc && (exc(display) || (dir && exc(`${display}/`)));
  const prune = new Set(opts.prune ?? []);
  const oneFs = opts.oneFileSystem ?? true;
  const seenDirs = new Set<string>();

  for (const root of opts.roots) {
    let st;
    try {
      st = await fsp.lstat(root);
    } catch {
      onSkip(opts.display(root), 'vanished');
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
      else yield { hostPath: root, display: d, size: st.size };
      continue;
    }
    if (!st.isDirectory()) {
      onSkip(opts.display(root), 'special-file');
      continue;
    }
    const rootDev = st.dev;
    const stack: string[] = [root];
    while (stack.length) {
      opts.signal?.throwIfAborted();
      const dir = stack.pop() as string;
      const key = dir;
      if (seenDirs.has(key)) continue;
      seenDirs.add(key);
      let handle;
      try {
        handle = await fsp.opendir(dir);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        onSkip(opts.display(dir), code === 'EACCES' || code === 'EPERM' ? 'denied' : 'vanished');
        continue;
      }
      const subdirs: string[] = [];
      try {
        for await (const ent of handle as AsyncIterable<Dirent>) {
          const p = join(dir, ent.name);
          const d = opts.display(p);
          if (ent.isSymbolicLink()) {
            onSkip(d, 'symlink');
            continue;
          }
          if (ent.isDirectory()) {
            if (prune.has(p)) onSkip(d, 'pruned');
            else if (excluded(d, true)) onSkip(d, 'excluded');
            else subdirs.push(p);
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
          yield { hostPath: p, display: d, size: fst.size };
        }
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        onSkip(opts.display(dir), 'vanished');
      }
      // file-system boundary check for subdirectories (lstat: never follows)
      for (const sd of subdirs.reverse()) {
        if (oneFs) {
          try {
            const s2 = await fsp.lstat(sd);
            if (s2.dev !== rootDev) {
              onSkip(opts.display(sd), 'other-filesystem');
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
