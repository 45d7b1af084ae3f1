/**
 * sshd's settings, from `sshd -T` (the effective configuration) when it ran, else from the
 * configuration files with their Include drop-ins. In sshd_config the first value wins.
 */
import type { CommandRequest, EvidenceRequest, FileRequest, GlobRequest } from '../../core/evidence.js';
import type { Evidence } from '../../core/evidence.js';
import { unreadAmong } from '../kit/findings.js';

export const SSHD_T: CommandRequest = {
  kind: 'command',
  name: 'sshd -T',
  command: { sh: 'sshd -T 2>/dev/null || /usr/sbin/sshd -T' },
  os: 'linux',
  maxBytes: 64 * 1024,
  timeoutMs: 10_000,
};
export const SSHD_CONFIG: FileRequest = { kind: 'file', path: '/etc/ssh/sshd_config', os: 'linux', maxBytes: 128 * 1024 };
export const SSHD_DROPINS: GlobRequest = {
  kind: 'glob',
  pattern: '/etc/ssh/sshd_config.d/*.conf',
  read: true,
  os: 'linux',
  maxBytes: 64 * 1024,
};
export const SSHD_CONFIG_WIN: FileRequest = {
  kind: 'file',
  path: 'C:\\ProgramData\\ssh\\sshd_config',
  os: 'windows',
  maxBytes: 128 * 1024,
};

export const SSHD_REQUESTS = [SSHD_T, SSHD_CONFIG, SSHD_DROPINS, SSHD_CONFIG_WIN];

export interface SshdSettings {
  /** Lower-case keyword → first value. */
  values: Map<string, string>;
  /** `effective` when from `sshd -T`, `files` when parsed from configuration files. */
  source: 'effective' | 'files';
  /** Where the settings came from, for findings. */
  location: string;
  /** The files have Match blocks that may override settings for some users. */
  hasMatch: boolean;
  evidence: string[];
  /**
   * The Include'd drop-in folder, when sshd_config includes it and it could not be read: a setting
   * not fixed before the Include may be set there, so its value is unknown.
   */
  unreadInclude?: EvidenceRequest;
  /** Keywords set in sshd_config before its first Include (first value wins, so the drop-ins cannot change them). */
  setBeforeInclude: Set<string>;
}

export type SshdLookup = { ok: true; settings: SshdSettings } | { ok: false; absent: boolean; reason: string };

interface Parsed {
  hasMatch: boolean;
  /** The keywords set before the first Include line, or undefined when there is no Include. */
  beforeInclude?: Set<string>;
}

function parseLines(
  text: string,
  into: Map<string, string>,
  dropins: Array<{ path: string; data: string }>,
  depth = 0,
  seen: Parsed = { hasMatch: false },
): Parsed {
  let hasMatch = false;
  for (const raw of text.split(/\r?\n/).slice(0, 5000)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s*(?:=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim().replace(/^"(.*)"$/, '$1');
    if (key === 'match') {
      hasMatch = true;
      break; // settings after Match apply only to some connections
    }
    if (key === 'include' && depth < 4) {
      seen.beforeInclude ??= new Set(into.keys());
      for (const d of dropins)
        if (d.path.startsWith('/etc/ssh/sshd_config.d/')) hasMatch = parseLines(d.data, into, [], depth + 1).hasMatch || hasMatch;
      continue;
    }
    if (!into.has(key)) into.set(key, value);
  }
  seen.hasMatch = seen.hasMatch || hasMatch;
  return seen;
}

export function sshdSettings(ev: Evidence, os: string): SshdLookup {
  if (os === 'windows') {
    const text = ev.text(SSHD_CONFIG_WIN);
    const a = ev.get(SSHD_CONFIG_WIN);
    if (text === undefined) return { ok: false, absent: a.status === 'missing', reason: a.reason ?? a.status };
    const values = new Map<string, string>();
    const { hasMatch } = parseLines(text, values, []);
    return {
      ok: true,
      settings: {
        values,
        source: 'files',
        location: SSHD_CONFIG_WIN.path,
        hasMatch,
        evidence: ['file:' + SSHD_CONFIG_WIN.path],
        setBeforeInclude: new Set(),
      },
    };
  }
  const t = ev.get(SSHD_T);
  if (t.status === 'ok' && t.exitCode === 0 && t.data && /^port\s/m.test(t.data)) {
    const values = new Map<string, string>();
    for (const line of t.data.split('\n')) {
      const i = line.indexOf(' ');
      if (i > 0 && !values.has(line.slice(0, i))) values.set(line.slice(0, i), line.slice(i + 1).trim());
    }
    return {
      ok: true,
      settings: {
        values,
        source: 'effective',
        location: 'sshd -T',
        hasMatch: false,
        evidence: ['command:sshd -T'],
        setBeforeInclude: new Set(),
      },
    };
  }
  const main = ev.get(SSHD_CONFIG);
  if (main.status !== 'ok' || main.data === undefined) {
    const notInstalled = main.status === 'missing' && (t.status !== 'ok' || t.exitCode === 127);
    return { ok: false, absent: notInstalled, reason: main.reason ?? main.status };
  }
  const values = new Map<string, string>();
  const { hasMatch, beforeInclude } = parseLines(main.data, values, ev.files(SSHD_DROPINS));
  const [unreadInclude] = beforeInclude ? unreadAmong(ev, [SSHD_DROPINS]) : [];
  return {
    ok: true,
    settings: {
      values,
      source: 'files',
      location: SSHD_CONFIG.path,
      hasMatch,
      evidence: ['file:' + SSHD_CONFIG.path, 'glob:read:' + SSHD_DROPINS.pattern],
      setBeforeInclude: beforeInclude ?? new Set(),
      ...(unreadInclude ? { unreadInclude } : {}),
    },
  };
}

/**
 * Whether a keyword's value is unknown: it was parsed from files whose Include'd drop-in folder could
 * not be read, and sshd_config did not set it before the Include (so a drop-in may set it first).
 */
export function unknownSetting(s: SshdSettings, key: string): EvidenceRequest | undefined {
  return s.unreadInclude && !s.setBeforeInclude.has(key) ? s.unreadInclude : undefined;
}
