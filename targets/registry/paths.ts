/**
 * Registry path handling for offline images: parsing `HKLM\…` style paths, the hive files of a
 * Windows layout, and Windows paths (`C:\Users\pos`) to image-relative paths.
 */

export type RegistryRoot = 'HKLM' | 'HKU' | 'HKCU' | 'HKCR' | 'HKCC';

const ROOT_ALIASES: Record<string, RegistryRoot> = {
  HKLM: 'HKLM',
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKU: 'HKU',
  HKEY_USERS: 'HKU',
  HKCU: 'HKCU',
  HKEY_CURRENT_USER: 'HKCU',
  HKCR: 'HKCR',
  HKEY_CLASSES_ROOT: 'HKCR',
  HKCC: 'HKCC',
  HKEY_CURRENT_CONFIG: 'HKCC',
};

/** Image-relative paths of the machine hives (resolved case-insensitively). */
export const HIVE_FILES = {
  SYSTEM: 'Windows/System32/config/SYSTEM',
  SOFTWARE: 'Windows/System32/config/SOFTWARE',
  SAM: 'Windows/System32/config/SAM',
  SECURITY: 'Windows/System32/config/SECURITY',
  DEFAULT: 'Windows/System32/config/DEFAULT',
} as const;
export type MachineHive = keyof typeof HIVE_FILES;

/** The profile HKCU is answered from offline (see OfflineRegistry). */
export const DEFAULT_USER_HIVE = 'Users/Default/NTUSER.DAT';
export const MACHINE_POLICY_FILE = 'Windows/System32/GroupPolicy/Machine/Registry.pol';
export const USER_POLICY_FILE = 'Windows/System32/GroupPolicy/User/Registry.pol';
export const PROFILE_LIST = 'Microsoft\\Windows NT\\CurrentVersion\\ProfileList';

/** Longest registry path accepted (Windows: 255-char names, 512 levels). */
const MAX_PATH_CHARS = 32_767;

/**
 * `HKLM\SOFTWARE\X`, `HKEY_LOCAL_MACHINE\…`, `HKLM:\…` (PowerShell) and `Registry::HKLM\…`.
 * Only `\` separates components: `/` is a legal character in key names (`RC4 128/128`).
 */
export function parseRegistryPath(key: string): { root: RegistryRoot; parts: string[] } | undefined {
  if (key.length > MAX_PATH_CHARS) return undefined;
  const stripped = key.replace(/^(?:Microsoft\.PowerShell\.Core\\)?Registry::/i, '');
  const parts = stripped.split('\\').filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const root = ROOT_ALIASES[parts[0].replace(/:$/, '').toUpperCase()];
  if (!root) return undefined;
  return { root, parts: parts.slice(1) };
}

/**
 * A Windows path from the registry (`C:\Users\pos`, `%SystemDrive%\Users\pos`,
 * `%SystemRoot%\System32\…`) as a path inside an image of the system drive (C:), or undefined
 * when it is on another drive or not absolute.
 */
export function windowsPathToImage(p: string): string | undefined {
  const s = p
    .trim()
    .replace(/^%SystemDrive%/i, 'C:')
    .replace(/^%(?:SystemRoot|windir)%/i, 'C:\\Windows');
  const m = /^[cC]:\\(.*)$/.exec(s);
  if (!m) return undefined;
  const rel = m[1].split('\\').filter((x) => x !== '' && x !== '.');
  if (rel.some((x) => x === '..' || x.includes('%'))) return undefined;
  return rel.join('/');
}

/** A user SID as found under HKU (`S-1-5-21-…`, optionally `_Classes`). */
export function parseUserSid(name: string): { sid: string; classes: boolean } | undefined {
  const m = /^(S-1-\d+(?:-\d+){1,15})(_Classes)?$/i.exec(name);
  return m ? { sid: m[1].toUpperCase(), classes: m[2] !== undefined } : undefined;
}
