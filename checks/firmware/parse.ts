/** Parsers for firmware evidence: sysfs firmware-attributes listings, WMI `key=value` output,
 * EFI variables, dmidecode. Pure; inputs are hostile and capped. */
import { keyValueLines } from '../kit/config.js';
import { clip } from '../kit/text.js';

export interface FwAuthObject {
  path: string;
  role?: string;
  isEnabled?: string;
  mechanism?: string;
  certificateThumbprint?: string;
  status?: string;
}

/** Parse the `firmware-attributes authentication` listing. `undefined` = the class is absent. */
export function parseFwAuth(text: string): FwAuthObject[] | undefined {
  const pairs = keyValueLines(text, 2000);
  if (pairs.some(([k, v]) => k === 'class' && v === 'absent')) return undefined;
  const out: FwAuthObject[] = [];
  let cur: FwAuthObject | undefined;
  for (const [k, v] of pairs) {
    if (k === 'object') {
      if (out.length >= 64) break;
      cur = { path: clip(v, 200) };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const val = clip(v, 256);
    if (k === 'role') cur.role = val.toLowerCase();
    else if (k === 'is_enabled') cur.isEnabled = val;
    else if (k === 'mechanism') cur.mechanism = val;
    else if (k === 'certificate_thumbprint') cur.certificateThumbprint = val;
    else if (k === 'status') cur.status = val;
  }
  return out;
}

/** SMBIOS type 24 `Administrator Password Status:` value, lower-cased, or undefined. */
export function dmiAdminStatus(text: string): string | undefined {
  const m = /^\s*Administrator Password Status:\s*(.+?)\s*$/im.exec(text);
  return m ? clip(m[1] ?? '', 40).toLowerCase() : undefined;
}

export type WmiErrorKind = 'absent' | 'denied' | 'error';

/** Classify a `tag.error=<code>|<message>` value printed by the PowerShell prelude. */
export function classifyWmiError(value: string): { kind: WmiErrorKind; detail: string } {
  const bar = value.indexOf('|');
  const code = (bar >= 0 ? value.slice(0, bar) : value).trim();
  const detail = clip(value, 160);
  if (
    /^(InvalidNamespace|InvalidClass|NotFound|NotSupported|InvalidQuery)$/i.test(code) ||
    /invalid (namespace|class)|not found/i.test(value)
  ) {
    return { kind: 'absent', detail };
  }
  if (/^(AccessDenied|UnauthorizedAccessException)$/i.test(code) || /access (is )?denied|アクセスが拒否/i.test(value)) {
    return { kind: 'denied', detail };
  }
  return { kind: 'error', detail };
}

/** The value byte of an EFI variable read from efivarfs (4-byte attribute header, then data),
 * or from the old sysfs `vars/<name>/data` (no header). Undefined if malformed. */
export function efiVarByte(bytes: Buffer | undefined, withHeader: boolean): number | undefined {
  if (!bytes) return undefined;
  if (withHeader) return bytes.length >= 5 ? bytes[4] : undefined;
  return bytes.length >= 1 ? bytes[0] : undefined;
}

export interface FwSetting {
  source: string;
  name: string;
  value: string;
}

/** Parse `setting=<source>|<name>,<value>` lines. HP's older `Value` marks the current choice
 * with `*`; Lenovo may append `;[Optional:…]`. */
export function parseFwSettings(text: string): FwSetting[] {
  const out: FwSetting[] = [];
  for (const [k, v] of keyValueLines(text, 2000)) {
    if (k !== 'setting' || out.length >= 100) continue;
    const bar = v.indexOf('|');
    const rest = bar >= 0 ? v.slice(bar + 1) : v;
    const comma = rest.indexOf(',');
    if (comma <= 0) continue;
    let value = rest
      .slice(comma + 1)
      .split(';', 1)[0]!
      .trim();
    if (value.includes('*')) {
      const starred = value.split(',').find((x) => x.trim().startsWith('*'));
      if (starred) value = starred.trim().slice(1);
    }
    out.push({
      source: clip(bar >= 0 ? v.slice(0, bar) : 'unknown', 20),
      name: clip(rest.slice(0, comma), 80),
      value: clip(value, 80),
    });
  }
  return out;
}

const BOOT_FROM_USB = /usb.*boot|boot.*usb|removable.*boot|boot.*removable|externalboot|usbbiossupport/;

/** Whether a firmware setting name controls booting from USB or removable media. */
export function isUsbBootSetting(name: string): boolean {
  return BOOT_FROM_USB.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** `off`, `on`, or undefined when the value is neither. */
export function onOff(value: string): 'on' | 'off' | undefined {
  const v = value.trim().toLowerCase();
  if (/^(disable|disabled|off|false|0|no|not allowed)$/.test(v)) return 'off';
  if (/^(enable|enabled|on|true|1|yes|allowed)$/.test(v)) return 'on';
  return undefined;
}

export interface GrubAuth {
  superusers: string[];
  pbkdf2Users: string[];
  plainUsers: string[];
  /** `password_pbkdf2 <user> ${GRUB2_PASSWORD}`: the hash lives in user.cfg (RHEL). */
  usesUserCfg: boolean;
}

/** Read superusers and password lines from a grub.cfg (comments ignored). */
export function parseGrubAuth(text: string): GrubAuth {
  const out: GrubAuth = { superusers: [], pbkdf2Users: [], plainUsers: [], usesUserCfg: false };
  const lines = text.split(/\r?\n/).slice(0, 20_000);
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    const su = /^set\s+superusers\s*=\s*["']?([^"';]*)["']?/.exec(line);
    if (su) {
      for (const u of (su[1] ?? '').split(/[\s,]+/)) if (u && out.superusers.length < 20) out.superusers.push(clip(u, 40));
      continue;
    }
    const pb = /^password_pbkdf2\s+(\S+)\s+(\S+)/.exec(line);
    if (pb) {
      out.pbkdf2Users.push(clip(pb[1] ?? '', 40));
      if (/GRUB2_PASSWORD/.test(pb[2] ?? '')) out.usesUserCfg = true;
      continue;
    }
    const pl = /^password\s+(\S+)\s+\S+/.exec(line);
    if (pl) out.plainUsers.push(clip(pl[1] ?? '', 40));
  }
  return out;
}

/** user.cfg holds `GRUB2_PASSWORD=grub.pbkdf2.sha512.…`. */
export function userCfgHasHash(text: string): boolean {
  return /^\s*GRUB2_PASSWORD\s*=\s*grub\.pbkdf2\.sha512\.\d+\.[0-9A-Fa-f]+\.[0-9A-Fa-f]+\s*$/m.test(text);
}
