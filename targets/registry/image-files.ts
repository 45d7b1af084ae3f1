/**
 * Finding files inside an offline Windows image whose names may be in any case (copied from
 * NTFS, which is case-insensitive). Paths are resolved one component at a time below the image
 * root; symbolic links are never followed (a hostile image could point them anywhere on the host),
 * only regular files are read, and file sizes are capped.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, constants } from 'node:fs';
import { join } from 'node:path';

/** Largest hive file read (real SOFTWARE hives reach ~200 MiB). */
export const MAX_HIVE_FILE_BYTES = 512 * 1024 * 1024;
/** Directory entries scanned per component when the exact name is not there. */
const MAX_DIR_ENTRIES = 100_000;

export type Resolved = { status: 'ok'; path: string } | { status: 'missing' } | { status: 'error'; reason: string };

/** Resolve `a/b/c` (or `a\b\c`) below root, matching each component case-insensitively. */
export function resolveInImage(root: string, rel: string, want: 'file' | 'dir'): Resolved {
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return { status: 'error', reason: `path leaves the image: ${rel}` };
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const next = findEntry(cur, parts[i]);
    if (next.status !== 'ok') return next;
    let st;
    try {
      st = lstatSync(next.path);
    } catch {
      return { status: 'missing' };
    }
    if (st.isSymbolicLink()) return { status: 'error', reason: `${rel}: a symbolic link in the image is not followed` };
    if (!last && !st.isDirectory()) return { status: 'missing' };
    if (last && want === 'dir' && !st.isDirectory()) return { status: 'missing' };
    if (last && want === 'file' && !st.isFile())
      return st.isDirectory() ? { status: 'missing' } : { status: 'error', reason: `${rel} is not a regular file` };
    cur = next.path;
  }
  return { status: 'ok', path: cur };
}

function findEntry(dir: string, name: string): Resolved {
  const exact = join(dir, name);
  try {
    lstatSync(exact);
    return { status: 'ok', path: exact };
  } catch {
    // fall through to a case-insensitive scan
  }
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return { status: 'missing' };
  }
  const upper = name.toUpperCase();
  const limit = Math.min(entries.length, MAX_DIR_ENTRIES);
  for (let i = 0; i < limit; i++) if (entries[i].toUpperCase() === upper) return { status: 'ok', path: join(dir, entries[i]) };
  return { status: 'missing' };
}

export type ReadResult =
  { status: 'ok'; data: Buffer; path: string } | { status: 'missing' } | { status: 'error'; reason: string };

/** Read a regular file from the image (case-insensitive path), refusing files above `maxBytes`. */
export function readImageFile(root: string, rel: string, maxBytes = MAX_HIVE_FILE_BYTES): ReadResult {
  const r = resolveInImage(root, rel, 'file');
  if (r.status !== 'ok') return r;
  let fd: number | undefined;
  try {
    fd = openSync(r.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return { status: 'error', reason: `${rel} is not a regular file` };
    if (st.size > maxBytes)
      return { status: 'error', reason: `${rel} is ${st.size} bytes, more than the ${maxBytes}-byte limit` };
    const data = Buffer.alloc(st.size);
    let got = 0;
    while (got < data.length) {
      const n = readSync(fd, data, got, data.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { status: 'ok', data: data.subarray(0, got), path: r.path };
  } catch (e) {
    return { status: 'error', reason: `${rel}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when the image holds this file (any case, regular file). */
export function existsInImage(root: string, rel: string): boolean {
  return resolveInImage(root, rel, 'file').status === 'ok';
}
