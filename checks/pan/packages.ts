/** Files the package manager vouches for: dpkg's `/var/lib/dpkg/info/*.md5sums` list every file a
 * package installed with its MD5. A file whose content still has that hash is the package's own (a
 * library, a number table, a package list) and holds no card data a POS application wrote; it is
 * skipped and counted as such. A changed file (different hash) is scanned like any other.
 * Conffiles are not in md5sums, so configuration in /etc is always scanned. */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** Terminal path (`/usr/lib/…`) → MD5 hex, from dpkg's md5sums under `root`. */
export type PackageManifest = Map<string, string>;

/** Largest md5sums file read (the biggest real ones are a few MB). */
const MAX_MD5SUMS_BYTES = 64 << 20;

/** Read every `*.md5sums` under `root`/var/lib/dpkg/info; empty when there is no dpkg. Never throws. */
export async function loadDpkgManifest(root: string): Promise<PackageManifest> {
  const info = join(root, 'var/lib/dpkg/info');
  const out: PackageManifest = new Map();
  let names: string[];
  try {
    names = await fsp.readdir(info);
  } catch {
    return out;
  }
  for (const n of names) {
    if (!n.endsWith('.md5sums')) continue;
    let text: string;
    try {
      const st = await fsp.lstat(join(info, n));
      if (!st.isFile() || st.size > MAX_MD5SUMS_BYTES) continue;
      text = await fsp.readFile(join(info, n), 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      // "<32 hex>  <path relative to />"
      if (line.length < 35 || line[32] !== ' ') continue;
      const md5 = line.slice(0, 32);
      if (!/^[0-9a-f]{32}$/.test(md5)) continue;
      const rel = line.slice(34);
      if (!rel || rel.includes('\0')) continue;
      out.set(`/${rel.replace(/^\/+/, '')}`, md5);
    }
  }
  return out;
}

/** MD5 of an open file, read in 1 MiB pieces. */
export async function md5Of(fh: FileHandle, size: number): Promise<string> {
  const h = createHash('md5');
  const b = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, size)));
  let pos = 0;
  for (;;) {
    const { bytesRead } = await fh.read(b, 0, b.length, pos);
    if (bytesRead === 0) break;
    h.update(b.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return h.digest('hex');
}
