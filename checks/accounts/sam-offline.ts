/**
 * Local accounts, the Administrators group and the account policy read from the SAM hive of an
 * offline Windows image, where the runtime commands (`Win32_UserAccount`, ADSI, secedit) cannot
 * run. On a running Windows the SAM is readable by SYSTEM only, so these requests answer `denied`
 * live and the checks use the commands; offline the image target reads the hive.
 *
 * Layouts (reverse-engineered; the same that chntpw, impacket and RegRipper read):
 * - `SAM\Domains\Account\Users\<RID as 8 hex digits>`: value `F` (fixed record: u16 account
 *   control flags at 0x38, 0x0001 = disabled, 0x0004 = password not required) and `V` (variable
 *   record: a table of (offset, length, ?) triples from 0; entry 1, at 0x0C/0x10, is the user
 *   name in UTF-16LE; offsets are relative to 0xCC).
 * - `SAM\Domains\Account` value `V`: ends with the machine's domain SID (S-1-5-21-a-b-c, 24 bytes).
 * - `SAM\Domains\Builtin\Aliases\00000220` (Administrators, RID 544) value `C`: member count at
 *   0x30, the members' SIDs at 0x34 + u32 at 0x28, one after the other.
 * - the account policy: `SAM\Domains\Account` value `F` (core/sam.ts).
 */
import type { Evidence, EvidenceRequest, RegistryValue } from '../../core/evidence.js';
import { decodeAccountF, type SamAccountPolicy } from '../../core/sam.js';
import type { WindowsUser } from './windows.js';

const SAM_ACCOUNT_KEY = 'HKLM\\SAM\\SAM\\Domains\\Account';

export const SAM_ACCOUNT: EvidenceRequest = { kind: 'registry', os: 'windows', key: SAM_ACCOUNT_KEY };
export const SAM_USERS: EvidenceRequest = {
  kind: 'registry',
  os: 'windows',
  key: `${SAM_ACCOUNT_KEY}\\Users`,
  subkeys: true,
  maxBytes: 2 * 1024 * 1024,
};
export const SAM_ADMINS: EvidenceRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SAM\\SAM\\Domains\\Builtin\\Aliases\\00000220',
  value: 'C',
};

const ACB_DISABLED = 0x0001;
const ACB_PWNOTREQ = 0x0004;
const V_HEADER = 0xcc;
const MAX_USERS = 1000;

/** Why the SAM could not answer, for the finding that says so. */
export type SamUnread = { reason: string };

const hexOf = (values: RegistryValue[] | undefined, name: string): Buffer | undefined => {
  const d = values?.find((v) => v.name.toLowerCase() === name.toLowerCase())?.data;
  return typeof d === 'string' && /^([0-9a-f]{2})*$/i.test(d) ? Buffer.from(d, 'hex') : undefined;
};

/** A binary SID at `at` as text, and its length; undefined when it does not fit. */
export function sidAt(b: Buffer, at: number): { sid: string; length: number } | undefined {
  if (at + 8 > b.length) return undefined;
  const revision = b[at];
  const count = b[at + 1];
  const length = 8 + 4 * count;
  if (revision !== 1 || count > 15 || at + length > b.length) return undefined;
  const authority = b.readUIntBE(at + 2, 6);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(b.readUInt32LE(at + 8 + 4 * i));
  return { sid: ['S', revision, authority, ...subs].join('-'), length };
}

/** The machine's domain SID from `SAM\Domains\Account` value `V`. */
function domainSid(ev: Evidence): string | undefined {
  const a = ev.get(SAM_ACCOUNT);
  const v = a.status === 'ok' ? hexOf(a.registry?.values, 'V') : undefined;
  if (!v || v.length < 24) return undefined;
  const s = sidAt(v, v.length - 24);
  return s && /^S-1-5-21-\d+-\d+-\d+$/.test(s.sid) ? s.sid : undefined;
}

/** The user name in a `V` record. */
function nameOfV(v: Buffer): string | undefined {
  if (v.length < V_HEADER) return undefined;
  const off = v.readUInt32LE(0x0c) + V_HEADER;
  const len = v.readUInt32LE(0x10);
  if (len === 0 || len > 512 || off + len > v.length) return undefined;
  return v
    .subarray(off, off + len)
    .toString('utf16le')
    .slice(0, 64);
}

/** Local users from the SAM (RID 500 Administrator, 501 Guest, …), or why they cannot be read. */
export function samUsers(ev: Evidence): WindowsUser[] | SamUnread {
  const a = ev.get(SAM_USERS);
  if (a.status !== 'ok' || !a.registry?.children)
    return { reason: `SAM users: ${a.status === 'ok' ? 'no user records' : (a.reason ?? a.status)}` };
  const domain = domainSid(ev) ?? 'S-1-5-21-0-0-0';
  const out: WindowsUser[] = [];
  for (const [key, values] of Object.entries(a.registry.children)) {
    if (!/^[0-9a-f]{8}$/i.test(key) || out.length >= MAX_USERS) continue;
    const f = hexOf(values, 'F');
    const v = hexOf(values, 'V');
    const name = v ? nameOfV(v) : undefined;
    if (!f || f.length < 0x3a || !name) continue;
    const rid = parseInt(key, 16);
    const flags = f.readUInt16LE(0x38);
    out.push({
      name,
      sid: `${domain}-${rid}`,
      rid,
      disabled: (flags & ACB_DISABLED) !== 0,
      passwordRequired: (flags & ACB_PWNOTREQ) === 0,
    });
  }
  if (out.length === 0) return { reason: 'SAM users: no readable user record' };
  return out;
}

/** Well-known SIDs that appear in Administrators, by the name Windows shows (English). */
const WELL_KNOWN: Record<string, string> = {
  'S-1-1-0': 'Everyone',
  'S-1-5-4': 'INTERACTIVE',
  'S-1-5-11': 'Authenticated Users',
  'S-1-5-32-545': 'Users',
  'S-1-5-32-546': 'Guests',
  'S-1-5-18': 'SYSTEM',
};

/**
 * Members of Administrators from the SAM: local users by name ("local"), well-known groups by
 * their English name, anything else (a domain account or group) by its SID, as `domain principal`.
 */
export function samAdmins(ev: Evidence): Map<string, string> | SamUnread {
  const a = ev.get(SAM_ADMINS);
  const c = a.status === 'ok' ? hexOf(a.registry?.values, 'C') : undefined;
  if (!c) return { reason: `SAM Administrators: ${a.status === 'ok' ? 'no C value' : (a.reason ?? a.status)}` };
  if (c.length < 0x34) return { reason: 'SAM Administrators: the C value is too short' };
  const count = c.readUInt32LE(0x30);
  let at = 0x34 + c.readUInt32LE(0x28);
  if (count > 1000) return { reason: `SAM Administrators: claims ${count} members` };
  const users = samUsers(ev);
  const domain = domainSid(ev);
  const byRid = new Map(Array.isArray(users) ? users.map((u) => [u.rid, u.name]) : []);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const s = sidAt(c, at);
    if (!s) return { reason: `SAM Administrators: member ${i + 1} of ${count} is not a SID` };
    at += s.length;
    const rid = Number(s.sid.split('-').pop());
    const local = domain !== undefined && s.sid === `${domain}-${rid}` ? byRid.get(rid) : undefined;
    if (local) out.set(local, 'local');
    else if (WELL_KNOWN[s.sid]) out.set(WELL_KNOWN[s.sid], `well-known group ${s.sid}`);
    else
      out.set(
        s.sid,
        domain !== undefined && s.sid.startsWith(`${domain}-`) ? 'local (deleted account)' : `domain principal ${s.sid}`,
      );
  }
  return out;
}

/** The account policy from the SAM (the local policy in effect when the image was taken), or why not. */
export function samPolicy(ev: Evidence): SamAccountPolicy | SamUnread {
  const a = ev.get(SAM_ACCOUNT);
  if (a.status !== 'ok') return { reason: `SAM account policy: ${a.reason ?? a.status}` };
  const f = hexOf(a.registry?.values, 'F');
  const p = f ? decodeAccountF(f, `${SAM_ACCOUNT_KEY}\\F`) : undefined;
  return p ?? { reason: 'SAM account policy: no readable F value' };
}
