/**
 * What closes an idle SSH session, read from sshd's settings and the login shell's profile.
 *
 * - `ChannelTimeout` (OpenSSH 9.2+): `type=interval` pairs; a pattern that matches the channel type
 *   `session:shell` closes an interactive shell with no traffic for that long. `0` disables it.
 * - `UnusedConnectionTimeout` (9.2+): closes a connection that has no open channel; it does not close
 *   an open, idle shell, so on its own it is not an idle-session timeout.
 * - `TMOUT` in /etc/profile or /etc/profile.d/*.sh: bash and ksh log an idle interactive shell out;
 *   only a read-only TMOUT holds, since a user can otherwise unset it.
 * - `ClientAliveInterval`/`ClientAliveCountMax` only detect a client that stopped answering (a responsive
 *   client answers every probe, however long its user is away), and a zero count disables even that.
 */
import type { FileRequest, GlobRequest } from '../../core/evidence.js';

/** Seconds from an sshd time value (`600`, `10m`, `1h30m`); undefined for anything else. `none` is 0. */
export function sshdSeconds(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'none') return 0;
  if (!/^(?:\d{1,9}[smhdw]?)+$/.test(v)) return undefined;
  const unit: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
  let total = 0;
  for (const m of v.matchAll(/(\d{1,9})([smhdw]?)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

/** sshd's match_pattern (`*`, `?`), whole string; ChannelTimeout types are single patterns, not lists. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return re.test(value);
}

export interface ChannelTimeoutFor {
  /** Seconds of inactivity before an interactive shell channel closes; 0 when disabled. */
  seconds: number;
  /** The `type=interval` entry that applies. */
  entry: string;
}

/**
 * The ChannelTimeout entry that applies to interactive shells (`session:shell`): sshd takes the first
 * entry whose type pattern matches. Undefined when none matches (no timeout) or the value is absent.
 * `global=` (OpenSSH 9.4+, all channels together) is reported separately by `globalTimeout`.
 */
export function shellChannelTimeout(value: string | undefined): ChannelTimeoutFor | undefined {
  if (!value) return undefined;
  for (const entry of value.trim().split(/\s+/).slice(0, 64)) {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) continue;
    const type = entry.slice(0, eq);
    if (type === 'global') continue;
    if (!globMatch(type, 'session:shell')) continue;
    const seconds = sshdSeconds(entry.slice(eq + 1));
    if (seconds === undefined) continue;
    return { seconds, entry };
  }
  return undefined;
}

/** A `global=` ChannelTimeout entry (OpenSSH 9.4 and later close every channel after that long without traffic). */
export function globalTimeout(value: string | undefined): ChannelTimeoutFor | undefined {
  if (!value) return undefined;
  for (const entry of value.trim().split(/\s+/).slice(0, 64)) {
    if (!entry.startsWith('global=')) continue;
    const seconds = sshdSeconds(entry.slice('global='.length));
    if (seconds !== undefined) return { seconds, entry };
  }
  return undefined;
}

export const PROFILE: FileRequest = { kind: 'file', path: '/etc/profile', os: 'linux', maxBytes: 64 * 1024 };
export const PROFILE_D: GlobRequest = {
  kind: 'glob',
  pattern: '/etc/profile.d/*.sh',
  read: true,
  os: 'linux',
  maxBytes: 64 * 1024,
};

/** `[keyword [other names] ]TMOUT[=value]`; without a keyword only an assignment counts. */
const TMOUT_STATEMENT =
  /^(?:(export|readonly|declare\s+-[a-z]+|typeset\s+-[a-z]+)\s+(?:[A-Za-z_][A-Za-z0-9_]*(?:=\S*)?\s+)*)?TMOUT(?:=(["']?)(\d{1,9})\2)?$/;

export interface ShellTimeout {
  /** TMOUT in seconds as the login shell ends up with it (0 or undefined: none). */
  seconds: number;
  readonly: boolean;
  /** The file that set the value in effect. */
  file: string;
}

/**
 * TMOUT as a login shell sets it, reading /etc/profile and then /etc/profile.d/*.sh in order (as
 * Debian's and Red Hat's /etc/profile source them). Once TMOUT is read-only, later assignments fail.
 * Only plain top-level forms are understood: `TMOUT=900`, `export TMOUT=900`, `readonly TMOUT[=900]`,
 * `declare -r[x] TMOUT[=900]`, `typeset -r TMOUT[=900]`; `readonly TMOUT` on a line of its own or after `;`.
 */
export function shellTimeout(files: ReadonlyArray<{ path: string; data: string }>): ShellTimeout | undefined {
  let current: ShellTimeout | undefined;
  for (const f of files) {
    for (const raw of f.data.split(/\r?\n/).slice(0, 5000)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line.includes('TMOUT')) continue;
      for (const stmt of line.split(/\s*(?:;|&&)\s*/)) {
        const m = TMOUT_STATEMENT.exec(stmt.trim());
        if (!m || (m[1] === undefined && m[3] === undefined)) continue;
        const keyword = (m[1] ?? '').trim();
        const makesReadonly = keyword === 'readonly' || /^(?:declare|typeset)\s+-[a-z]*r/.test(keyword);
        if (current?.readonly) continue; // a read-only TMOUT cannot be changed afterwards
        if (m[3] !== undefined) current = { seconds: Number(m[3]), readonly: makesReadonly, file: f.path };
        else if (makesReadonly && current) current = { ...current, readonly: true };
      }
    }
  }
  return current;
}
