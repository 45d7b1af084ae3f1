/**
 * Read a terminal's files from a folder that stands for its `/`: `/` itself (local) or an
 * image folder. Absolute symlinks resolve relative to the root, never out of it; FIFOs,
 * sockets and devices are never opened; reads are capped.
 */
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_MAX_BYTES, type EvidenceAnswer, type FileRequest, type GlobRequest } from '../core/evidence.js';
import { folderName } from './folder-name.js';

const MAX_LINK_HOPS = 40;
const DEFAULT_MAX_ENTRIES = 2000;
const DEFAULT_MAX_READ_ENTRIES = 200;

export type Resolved =
  | { ok: true; real: string; terminalPath: string }
  /** `at`: the terminal folder whose entry could not be looked up (set when known). */
  | { ok: false; status: 'missing' | 'denied' | 'error'; reason: string; at?: string };

function errnoAnswer(err: unknown): { status: 'missing' | 'denied' | 'error'; reason: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing', reason: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'denied', reason: 'permission denied' };
  if (code === 'ELOOP') return { status: 'error', reason: 'too many symbolic links' };
  return { status: 'error', reason: code ? `read failed (${code})` : 'read failed' };
}

/** Normalise a terminal path to its components (`/etc/../x` → ['x']). Windows paths use `/` or `\`. */
export function components(terminalPath: string): string[] {
  const out: string[] = [];
  for (const part of terminalPath.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

export class RootedFs {
  /** `caseInsensitive` for Windows images copied from NTFS. */
  constructor(
    readonly root: string,
    private readonly caseInsensitive = false,
  ) {}

  private real(parts: string[]): string {
    return path.join(this.root, ...parts);
  }

  private async matchCase(dirParts: string[], name: string): Promise<string> {
    if (!this.caseInsensitive) return name;
    try {
      const names = await fsp.readdir(this.real(dirParts));
      if (names.includes(name)) return name;
      const lower = name.toLowerCase();
      return names.find((n) => n.toLowerCase() === lower) ?? name;
    } catch {
      return name;
    }
  }

  /** Resolve a terminal path inside the root, following symlinks as the terminal would. */
  async resolve(terminalPath: string, followLast = true): Promise<Resolved> {
    let pending = components(terminalPath);
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const name = await this.matchCase(done, pending[0]);
      pending = pending.slice(1);
      const candidate = [...done, name];
      let st;
      try {
        st = await fsp.lstat(this.real(candidate));
      } catch (err) {
        return { ok: false, ...errnoAnswer(err), at: '/' + done.join('/') };
      }
      if (st.isSymbolicLink() && (pending.length > 0 || followLast)) {
        if (++hops > MAX_LINK_HOPS) return { ok: false, status: 'error', reason: 'too many symbolic links' };
        let target: string;
        try {
          target = await fsp.readlink(this.real(candidate));
        } catch (err) {
          return { ok: false, ...errnoAnswer(err) };
        }
        const absolute = target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target);
        // Join before normalising, so `..` climbs out of the link's folder; past the root it stays at the root.
        const joined = [...(absolute ? [] : done), target.replace(/^[A-Za-z]:/, '')].join('/');
        pending = [...components(joined), ...pending];
        done.length = 0;
        continue;
      }
      done.push(name);
    }
    return { ok: true, real: this.real(done), terminalPath: '/' + done.join('/') };
  }

  async readFile(req: FileRequest): Promise<EvidenceAnswer> {
    const cap = req.maxBytes ?? DEFAULT_MAX_BYTES;
    const r = await this.resolve(req.path);
    if (!r.ok) return { status: r.status, reason: r.reason };
    let handle: fsp.FileHandle | undefined;
    try {
      // O_NONBLOCK: a FIFO swapped in after the check below must not block us.
      const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | noatime();
      handle = await openWithFallback(r.real, flags);
      const st = await handle.stat();
      if (st.isDirectory()) return { status: 'error', reason: 'is a directory' };
      if (!st.isFile()) return { status: 'error', reason: 'not a regular file (FIFO, socket or device): not opened' };
      const buf = Buffer.alloc(cap + 1);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const truncated = got > cap;
      const data = buf.subarray(0, Math.min(got, cap));
      return req.binary
        ? { status: 'ok', data: data.toString('base64'), encoding: 'base64', ...(truncated ? { truncated } : {}) }
        : { status: 'ok', data: data.toString('utf8'), encoding: 'utf8', ...(truncated ? { truncated } : {}) };
    } catch (err) {
      const e = errnoAnswer(err);
      return { status: e.status, reason: e.reason };
    } finally {
      await handle?.close();
    }
  }

  /**
   * Paths matching a glob. A folder the pattern must descend through or list that exists but
   * cannot be searched or listed answers `denied` naming it (never an empty `ok`, which would read
   * as "absent"); a folder that does not exist is an empty `ok`.
   */
  async glob(req: GlobRequest): Promise<EvidenceAnswer> {
    const max = req.maxEntries ?? (req.read ? DEFAULT_MAX_READ_ENTRIES : DEFAULT_MAX_ENTRIES);
    const parts = components(req.pattern);
    const results: string[] = [];
    let truncated = false;
    let deniedAt: string | undefined;
    const isDenied = (err: unknown) => errnoAnswer(err).status === 'denied';
    const walk = async (idx: number, prefix: string[]): Promise<void> => {
      if (deniedAt !== undefined) return;
      if (results.length >= max) {
        truncated = true;
        return;
      }
      if (idx === parts.length) {
        results.push('/' + prefix.join('/'));
        return;
      }
      const part = parts[idx];
      if (!/[*?[]/.test(part)) {
        const name = await this.matchCase(prefix, part);
        const next = [...prefix, name];
        if (idx === parts.length - 1) {
          const r = await this.resolve('/' + next.join('/'), false);
          if (r.ok) {
            try {
              await fsp.lstat(r.real);
              results.push('/' + next.join('/'));
            } catch (err) {
              if (isDenied(err)) deniedAt = '/' + prefix.join('/');
            }
          } else if (r.status === 'denied') deniedAt = r.at ?? '/' + prefix.join('/');
          return;
        }
        return walk(idx + 1, next);
      }
      const dir = await this.resolve('/' + prefix.join('/'));
      if (!dir.ok) {
        if (dir.status === 'denied') deniedAt = dir.at ?? '/' + prefix.join('/');
        return;
      }
      let names: string[];
      try {
        names = (await fsp.readdir(dir.real)).sort();
      } catch (err) {
        if (isDenied(err)) deniedAt = '/' + prefix.join('/');
        return;
      }
      const isMatch = picomatch(part, { dot: false, nocase: this.caseInsensitive });
      for (const n of names) {
        if (!isMatch(n)) continue;
        await walk(idx + 1, [...prefix, n]);
        if (deniedAt !== undefined) return;
        if (results.length >= max) {
          truncated = true;
          return;
        }
      }
    };
    await walk(0, []);
    if (deniedAt !== undefined) return { status: 'denied', reason: `cannot list ${folderName(deniedAt)}` };
    const entries = results.sort();
    const answer: EvidenceAnswer = { status: 'ok', entries, ...(truncated ? { truncated } : {}) };
    if (req.read) {
      answer.files = [];
      for (const p of entries) {
        const f = await this.readFile({ kind: 'file', path: p, maxBytes: req.maxBytes });
        if (f.status === 'ok') answer.files.push({ path: p, data: f.data ?? '', ...(f.truncated ? { truncated: true } : {}) });
      }
    }
    return answer;
  }
}

function noatime(): number {
  // O_NOATIME is Linux-only and needs ownership or CAP_FOWNER; see openWithFallback.
  return process.platform === 'linux' ? 0o1000000 : 0;
}

async function openWithFallback(file: string, flags: number): Promise<fsp.FileHandle> {
  try {
    return await fsp.open(file, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPERM' && flags & 0o1000000) return fsp.open(file, flags & ~0o1000000);
    throw err;
  }
}
