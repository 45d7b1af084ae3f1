/**
 * The real Windows registry hives in `../shared/data/windows-hives/` (regipy's test data, MIT; see
 * its README), decompressed on demand into a per-run temporary folder. Nobody here wrote these
 * files: they are what posaudit meets on real terminals. The folder is found at
 * `$POSAUDIT_WINDOWS_HIVES`, else `../shared/data/windows-hives` next to the repository (or its
 * parent, for a worktree); a missing folder fails the test that asks, with a message naming it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './cli.js';

export type RealHive =
  | 'SYSTEM'
  | 'SYSTEM_2'
  | 'SYSTEM_B'
  | 'SYSTEM_B.LOG1'
  | 'SYSTEM_B.LOG2'
  | 'SYSTEM_WIN_10_1709'
  | 'SAM'
  | 'SECURITY'
  | 'NTUSER.DAT'
  | 'NTUSER_with_winscp.DAT'
  | 'UsrClass.dat'
  | 'UsrClass.dat.LOG1'
  | 'UsrClass.dat.LOG2'
  | 'corrupted_system_hive'
  | 'amcache.hve'
  | 'BCD';

export function realHivesDir(): string {
  const candidates = [
    process.env.POSAUDIT_WINDOWS_HIVES,
    path.join(REPO, '..', 'shared', 'data', 'windows-hives'),
    path.join(REPO, '..', '..', 'shared', 'data', 'windows-hives'),
  ].filter((c): c is string => c !== undefined && c !== '');
  const found = candidates.find((c) => existsSync(path.join(c, 'SYSTEM.xz')));
  if (!found) throw new Error(`real hives not found (looked in ${candidates.join(', ')}); set POSAUDIT_WINDOWS_HIVES`);
  return found;
}

let outDir: string | undefined;

/** The path of a decompressed real hive (decompressed once per test process). */
export function realHivePath(name: RealHive): string {
  outDir ??= mkdtempSync(path.join(os.tmpdir(), 'posaudit-real-hives-'));
  const out = path.join(outDir, name);
  if (!existsSync(out)) {
    mkdirSync(outDir, { recursive: true });
    execFileSync('sh', ['-c', 'xz -dc -- "$1" > "$2"', 'sh', path.join(realHivesDir(), `${name}.xz`), out], { timeout: 60_000 });
  }
  return out;
}

export function realHive(name: RealHive): Buffer {
  return readFileSync(realHivePath(name));
}

/**
 * A Windows image root (`…/C`) under `parent` laid out from the real hives: the dirty SYSTEM_B with its
 * transaction logs, the SAM and a default profile's NTUSER.DAT, where an offline scan looks for them.
 */
export function realWindowsImage(parent: string): string {
  const root = path.join(parent, 'C');
  mkdirSync(path.join(root, 'Windows', 'System32', 'config'), { recursive: true });
  mkdirSync(path.join(root, 'Users', 'Default'), { recursive: true });
  const put = (hive: RealHive, rel: string): void => copyFileSync(realHivePath(hive), path.join(root, rel));
  put('SYSTEM_B', 'Windows/System32/config/SYSTEM');
  put('SYSTEM_B.LOG1', 'Windows/System32/config/SYSTEM.LOG1');
  put('SYSTEM_B.LOG2', 'Windows/System32/config/SYSTEM.LOG2');
  put('SAM', 'Windows/System32/config/SAM');
  put('NTUSER.DAT', 'Users/Default/NTUSER.DAT');
  return root;
}
