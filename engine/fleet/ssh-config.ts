/**
 * ~/.ssh/config Host entries, the way OpenSSH reads them for the keywords a scan needs:
 * HostName, User, Port, IdentityFile (all of them, in order), ProxyJump (and the common
 * `ProxyCommand ssh -W %h:%p bastion` form). First value wins; `Host` patterns with `*`, `?`
 * and `!`; `Include` (with globs); `Match` blocks other than `Match all` are skipped.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';

export interface SshConfigEntry {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  /** `none` is returned as undefined with `proxyJumpNone` set. */
  proxyJump?: string;
  proxyJumpNone?: boolean;
}

interface Block {
  /** undefined: applies to every host (before the first Host line, or `Match all`). */
  patterns?: string[];
  /** A Match block we cannot evaluate: never applies. */
  never?: boolean;
  options: Array<{ key: string; value: string; at: string }>;
}

export interface SshConfig {
  file: string;
  blocks: Block[];
}

const MAX_INCLUDE_DEPTH = 8;

function splitArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] ?? m[2]);
  return out;
}

function expandTilde(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}

function readInto(file: string, blocks: Block[], depth: number, home: string, state: { current: Block }): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // a missing file is an empty config, as for ssh
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    const at = `${file}:${i + 1}`;
    if (key === 'host') {
      state.current = { patterns: splitArgs(value), options: [] };
      blocks.push(state.current);
    } else if (key === 'match') {
      state.current = /^all\s*$/i.test(value) ? { options: [] } : { never: true, options: [] };
      blocks.push(state.current);
    } else if (key === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) continue;
      for (const pat of splitArgs(value)) {
        const full = path.isAbsolute(expandTilde(pat, home)) ? expandTilde(pat, home) : path.join(home, '.ssh', pat);
        for (const f of globFiles(full)) readInto(f, blocks, depth + 1, home, state);
      }
    } else state.current.options.push({ key, value, at });
  }
}

function globFiles(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const dir = path.dirname(pattern);
  const isMatch = picomatch(path.basename(pattern), { dot: false });
  try {
    return readdirSync(dir)
      .filter((n) => isMatch(n))
      .sort()
      .map((n) => path.join(dir, n))
      .filter((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

/** Read an ssh config file (missing → empty). */
export function readSshConfig(file: string, home = os.homedir()): SshConfig {
  const first: Block = { options: [] };
  const blocks: Block[] = [first];
  readInto(file, blocks, 0, home, { current: first });
  return { file, blocks };
}

function hostMatches(patterns: string[], host: string): boolean {
  let positive = false;
  for (const p of patterns) {
    const neg = p.startsWith('!');
    const pat = neg ? p.slice(1) : p;
    const ok = picomatch.isMatch(host, pat, { nocase: true, dot: true, bash: false });
    if (ok && neg) return false;
    if (ok) positive = true;
  }
  return positive;
}

function expandTokens(s: string, tokens: Record<string, string>): string {
  return s.replace(/%(.)/g, (all, c: string) => (c === '%' ? '%' : (tokens[c] ?? all)));
}

/** What the config says for `host` (the name as it would be typed after `ssh`). */
export function lookupSshConfig(cfg: SshConfig, host: string, home = os.homedir()): SshConfigEntry {
  const entry: SshConfigEntry = { identityFiles: [] };
  const raw: Record<string, string> = {};
  const identities: string[] = [];
  for (const b of cfg.blocks) {
    if (b.never) continue;
    if (b.patterns && !hostMatches(b.patterns, host)) continue;
    for (const o of b.options) {
      if (o.key === 'identityfile') identities.push(splitArgs(o.value)[0] ?? o.value);
      else if (!(o.key in raw)) raw[o.key] = o.value;
    }
  }
  const hostName = raw.hostname ? expandTokens(splitArgs(raw.hostname)[0] ?? raw.hostname, { h: host }) : undefined;
  if (hostName) entry.hostName = hostName;
  if (raw.user) entry.user = splitArgs(raw.user)[0];
  if (raw.port && /^\d{1,5}$/.test(raw.port) && Number(raw.port) >= 1 && Number(raw.port) <= 65535) entry.port = Number(raw.port);
  const tokens = {
    h: hostName ?? host,
    n: host,
    d: home,
    u: os.userInfo().username,
    r: entry.user ?? os.userInfo().username,
    p: String(entry.port ?? 22),
  };
  entry.identityFiles = identities
    .filter((f) => f.toLowerCase() !== 'none')
    .map((f) => expandTilde(expandTokens(f, tokens), home));
  const pj = raw.proxyjump?.trim();
  if (pj && pj.toLowerCase() === 'none') entry.proxyJumpNone = true;
  else if (pj) entry.proxyJump = pj;
  else if (raw.proxycommand) {
    const m =
      /\bssh\b.*\s-W\s*\S+\s+(?:-\S+\s+)*([^\s-]\S*)\s*$/.exec(raw.proxycommand) ??
      /\bssh\b\s+(?:-\S+\s+)*([^\s-]\S*)\s+-W\s*\S+\s*$/.exec(raw.proxycommand);
    if (m) entry.proxyJump = m[1];
  }
  return entry;
}
