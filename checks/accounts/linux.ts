/** Linux account databases (/etc/passwd, /etc/shadow, /etc/group, /etc/login.defs), parsed defensively. */
import type { EvidenceRequest } from '../../core/evidence.js';

export const PASSWD: EvidenceRequest = { kind: 'file', path: '/etc/passwd', os: 'linux', maxBytes: 1024 * 1024 };
export const SHADOW: EvidenceRequest = { kind: 'file', path: '/etc/shadow', os: 'linux', maxBytes: 1024 * 1024 };
export const GROUP: EvidenceRequest = { kind: 'file', path: '/etc/group', os: 'linux', maxBytes: 1024 * 1024 };
export const LOGIN_DEFS: EvidenceRequest = { kind: 'file', path: '/etc/login.defs', os: 'linux' };

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** Password state from /etc/shadow field 2. */
export type PasswordState = 'empty' | 'locked' | 'set';

const NAME = /^[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}\$?$/;

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || !NAME.test(f[0])) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    out.push({ name: f[0], uid, gid, home: f[5], shell: f[6].trim() });
  }
  return out;
}

export function parseShadow(text: string): Map<string, PasswordState> {
  const out = new Map<string, PasswordState>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 2 || !NAME.test(f[0])) continue;
    const hash = f[1];
    out.set(f[0], hash === '' ? 'empty' : hash.startsWith('!') || hash.startsWith('*') ? 'locked' : 'set');
  }
  return out;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 4 || !NAME.test(f[0])) continue;
    const gid = Number(f[2]);
    if (!Number.isInteger(gid)) continue;
    out.push({
      name: f[0],
      gid,
      members: f[3]
        .trim()
        .split(',')
        .map((m) => m.trim())
        .filter((m) => NAME.test(m)),
    });
  }
  return out;
}

/** A shell that gives an interactive login (not nologin/false/sync…). */
export function isLoginShell(shell: string): boolean {
  if (!shell) return true; // an empty shell field means /bin/sh
  return !/(^|\/)(nologin|false|true|sync|shutdown|halt)$/.test(shell);
}

/** UID_MIN from login.defs, default 1000. */
export function uidMin(loginDefs: string | undefined): number {
  const m = loginDefs ? /^\s*UID_MIN\s+(\d{1,9})\s*$/m.exec(loginDefs) : null;
  return m ? Number(m[1]) : 1000;
}

/** Groups whose members get full administrative rights through sudo/polkit on common distributions. */
export const ADMIN_GROUPS = ['sudo', 'wheel', 'admin'];

/** Members of admin groups, including users whose primary group is one of them. */
export function adminGroupMembers(passwd: PasswdEntry[], groups: GroupEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups) {
    if (!ADMIN_GROUPS.includes(g.name)) continue;
    for (const m of g.members) out.set(m, `group ${g.name}`);
    for (const p of passwd) if (p.gid === g.gid) out.set(p.name, `primary group ${g.name}`);
  }
  return out;
}
