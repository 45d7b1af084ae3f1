import { realHivesDir } from './real-hives.js';
/** Stock systems nobody here wrote, for the card-data false-positive corpus: a Debian root file system
 * made with debootstrap (built once into a cache folder, reused after), and the real registry hives. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the stock Debian root file system is cached (CI keeps this folder between runs). */
export const DEBIAN_ROOTFS =
  process.env.POSAUDIT_DEBIAN_ROOTFS ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'posaudit-test', 'debian-rootfs');

/** The folder of real hives (xz-compressed), beside the repository's parent. */
export const HIVES_DIR = process.env.POSAUDIT_HIVES_DIR ?? realHivesDir();

/** Build the Debian root file system when it is missing (`debootstrap --variant=minbase bookworm`, as
 * root, ~150 MB from Debian's mirror, a few minutes); returns its path, or why it cannot be had. */
export function debianRootfs(): { path: string } | { missing: string } {
  if (existsSync(join(DEBIAN_ROOTFS, 'var/lib/dpkg/status'))) return { path: DEBIAN_ROOTFS };
  if (process.getuid?.() !== 0)
    return { missing: `${DEBIAN_ROOTFS} is missing and debootstrap needs root (run .ci/run, or build it once as root)` };
  const tmp = `${DEBIAN_ROOTFS}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('debootstrap', ['--variant=minbase', 'bookworm', tmp], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 15 * 60_000,
  });
  renameSync(tmp, DEBIAN_ROOTFS);
  return { path: DEBIAN_ROOTFS };
}

/** Decompress the real hives into `dir`; returns their paths. */
export function realHives(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(HIVES_DIR)) {
    if (!f.endsWith('.xz')) continue;
    const dest = join(dir, f.slice(0, -3));
    writeFileSync(dest, execFileSync('xz', ['-dc', join(HIVES_DIR, f)], { maxBuffer: 256 << 20 }));
    out.push(dest);
  }
  return out;
}
