/**
 * ~/.ssh/config, read the way OpenSSH 9 reads it for the keywords a scan needs: HostName, User,
 * Port, IdentityFile (all of them, in order), ProxyJump and ProxyCommand.
 * - The first obtained value wins; ProxyJump and ProxyCommand exclude each other, the first one
 *   seen wins (as `ssh -G` shows).
 * - `Host` patterns (`*`, `?`, `!`) are case-sensitive, as in OpenSSH.
 * - `Match host`, `Match originalhost` and `Match all` are evaluated (comma lists, `!`);
 *   other criteria (exec, user, localuser, canonical, final, localnetwork, tagged) are not:
 *   such a block never applies and the reader warns with file:line.
 * - `Include` (globs; relative paths under ~/.ssh) inside a Host or Match block is read only
 *   where that block applies, and the lines after it still belong to that block.
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
  /** ProxyCommand as written (tokens not expanded); set only when it came before any ProxyJump. */
  proxyCommand?: string;
  /** Where the ProxyJump or ProxyCommand was read (`file:line`). */
  proxyAt?: string;
  /** Where each value was read (`file:line`). */
  from: { hostName?: string; user?: string; port?: string; identityFiles?: string[] };
}

type Criterion = { neg: boolean; what: 'host' | 'originalhost' | 'all'; list: string[] };
type Cond = { kind: 'host'; patterns: string[] } | { kind: 'match'; criteria: Criterion[] } | { kind: 'never' };

interface Block {
  /** Every condition must hold (an Include inside a block adds the block's conditions). */
  conds: Cond[];
  options: Array<{ key: string; value: string; at: string }>;
}

export interface SshConfig {
  file: string;
  blocks: Block[];
  /** What the reader could not follow (unsupported Match criteria…), `file:line: …`. */
  warnings: string[];
}

const MAX_INCLUDE_DEPTH = 16;
const SUPPORTED_MATCH = new Set(['host', 'originalhost', 'all']);

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

function parseMatch(value: string, at: string, warnings: string[]): Cond {
  const words = splitArgs(value);
  const criteria: Criterion[] = [];
  for (let i = 0; i < words.length; i++) {
    const raw = words[i];
    const neg = raw.startsWith('!');
    const what = (neg ? raw.slice(1) : raw).toLowerCase();
    if (what === 'all') {
      criteria.push({ neg, what: 'all', list: [] });
      continue;
    }
    if (!SUPPORTED_MATCH.has(what)) {
      warnings.push(
        `${at}: Match ${what} is not supported by posaudit (only host, originalhost and all); the block is never applied`,
      );
      return { kind: 'never' };
    }
    const arg = words[++i];
    if (arg === undefined) {
      warnings.push(`${at}: Match ${what} without a value; the block is never applied`);
      return { kind: 'never' };
    }
    criteria.push({ neg, what: what as 'host' | 'originalhost', list: arg.split(',') });
  }
  return { kind: 'match', criteria };
}

function readInto(file: string, cfg: SshConfig, depth: number, home: string, outer: Cond[]): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // a missing file is an empty config, as for ssh
  }
  let current: Block = { conds: outer, options: [] };
  cfg.blocks.push(current);
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
      current = { conds: [...outer, { kind: 'host', patterns: splitArgs(value) }], options: [] };
      cfg.blocks.push(current);
    } else if (key === 'match') {
      current = { conds: [...outer, parseMatch(value, at, cfg.warnings)], options: [] };
      cfg.blocks.push(current);
    } else if (key === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) {
        cfg.warnings.push(`${at}: Include nested more than ${MAX_INCLUDE_DEPTH} deep; not read`);
        continue;
      }
      for (const pat of splitArgs(value)) {
        const full = path.isAbsolute(expandTilde(pat, home)) ? expandTilde(pat, home) : path.join(home, '.ssh', pat);
        for (const f of globFiles(full)) readInto(f, cfg, depth + 1, home, current.conds);
      }
      // The rest of this block still belongs to it, after whatever the included files held.
      current = { conds: current.conds, options: [] };
      cfg.blocks.push(current);
    } else current.options.push({ key, value, at });
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
  const cfg: SshConfig = { file, blocks: [], warnings: [] };
  readInto(file, cfg, 0, home, []);
  return cfg;
}

/** OpenSSH's match_pattern: `*` and `?` only. */
function globMatch(s: string, pattern: string, nocase: boolean): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, nocase ? 'si' : 's').test(s);
}

/** Host line: space-separated patterns; a matching negated pattern vetoes. Case-sensitive. */
function hostMatches(patterns: string[], host: string): boolean {
  let positive = false;
  for (const p of patterns) {
    const neg = p.startsWith('!');
    const ok = globMatch(host, neg ? p.slice(1) : p, false);
    if (ok && neg) return false;
    if (ok) positive = true;
  }
  return positive;
}

/** Match's comma list (match_hostname: case-insensitive). */
function listMatches(list: string[], s: string): boolean {
  let positive = false;
  for (const p of list) {
    const neg = p.startsWith('!');
    const ok = globMatch(s, neg ? p.slice(1) : p, true);
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
  const entry: SshConfigEntry = { identityFiles: [], from: {} };
  const raw: Record<string, { value: string; at: string }> = {};
  const identities: string[] = [];
  const identityAts: string[] = [];
  let proxy: { key: string; value: string; at: string } | undefined;
  const hostNameNow = () => {
    const h = raw.hostname?.value;
    return h ? expandTokens(splitArgs(h)[0] ?? h, { h: host }) : host;
  };
  const holds = (c: Cond): boolean => {
    if (c.kind === 'never') return false;
    if (c.kind === 'host') return hostMatches(c.patterns, host);
    return c.criteria.every((k) => {
      const ok = k.what === 'all' ? true : listMatches(k.list, k.what === 'host' ? hostNameNow() : host);
      return k.neg ? !ok : ok;
    });
  };
  for (const b of cfg.blocks) {
    if (b.options.length === 0 || !b.conds.every(holds)) continue;
    for (const o of b.options) {
      if (o.key === 'identityfile') {
        identities.push(splitArgs(o.value)[0] ?? o.value);
        identityAts.push(o.at);
      } else if (o.key === 'proxyjump' || o.key === 'proxycommand') proxy ??= o;
      else if (!(o.key in raw)) raw[o.key] = { value: o.value, at: o.at };
    }
  }
  const hostName = raw.hostname ? hostNameNow() : undefined;
  if (hostName) {
    entry.hostName = hostName;
    entry.from.hostName = raw.hostname.at;
  }
  if (raw.user) {
    entry.user = splitArgs(raw.user.value)[0];
    entry.from.user = raw.user.at;
  }
  const port = raw.port?.value;
  if (port && /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) {
    entry.port = Number(port);
    entry.from.port = raw.port.at;
  }
  const tokens = {
    h: hostName ?? host,
    n: host,
    d: home,
    u: os.userInfo().username,
    r: entry.user ?? os.userInfo().username,
    p: String(entry.port ?? 22),
  };
  const kept = identities.map((f, i) => ({ f, at: identityAts[i] })).filter((x) => x.f.toLowerCase() !== 'none');
  entry.identityFiles = kept.map((x) => expandTilde(expandTokens(x.f, tokens), home));
  entry.from.identityFiles = kept.map((x) => x.at);
  if (proxy) {
    const v = proxy.value.trim();
    entry.proxyAt = proxy.at;
    if (v.toLowerCase() === 'none') {
      if (proxy.key === 'proxyjump') entry.proxyJumpNone = true;
    } else if (proxy.key === 'proxyjump') entry.proxyJump = v;
    else entry.proxyCommand = v;
  }
  return entry;
}

/**
 * The jump host of the plain `ssh -W %h:%p bastion` ProxyCommand (undefined for any other command,
 * including one with other ssh options, which is spawned as written instead).
 */
export function jumpFromProxyCommand(cmd: string): string | undefined {
  const w = String.raw`-W\s*(?:'\[%h\]:%p'|"\[%h\]:%p"|\[%h\]:%p|%h:%p)`;
  const host = String.raw`([A-Za-z0-9_.@:\[\]-]+)`;
  const m =
    new RegExp(String.raw`^(?:exec\s+)?ssh\s+(?:-q\s+)?${w}\s+(?:-q\s+)?${host}\s*$`).exec(cmd.trim()) ??
    new RegExp(String.raw`^(?:exec\s+)?ssh\s+(?:-q\s+)?${host}\s+${w}\s*$`).exec(cmd.trim());
  return m?.[1];
}
