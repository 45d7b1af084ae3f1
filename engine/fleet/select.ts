/**
 * Choosing hosts: `--limit` (Ansible-style patterns) and `--shard i/n` (deterministic split).
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { Lang } from '../../core/i18n.js';
import { usage, type Inventory, type InventoryHost } from './model.js';

/** Ansible's split_host_pattern: commas if any, else colons outside `[…]` (an IPv6 address stays whole). */
export function splitLimit(limit: string): string[] {
  const parts = limit.includes(',')
    ? limit.split(',')
    : /^[!&]?[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(limit.trim())
      ? [limit]
      : (limit.match(/(?:[^:[\]]|\[[^\]]*\])+/g) ?? []);
  return parts.map((s) => s.trim()).filter(Boolean);
}

/** fnmatch (case-sensitive, `*`, `?`, `[…]`) or `~regex` (Python re.match: anchored at the start). */
function matcher(pat: string, lang: Lang): (s: string) => boolean {
  if (pat.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${pat.slice(1)})`, 'u');
    } catch (err) {
      throw usage(
        lang,
        `--limit: bad regular expression "${pat}": ${(err as Error).message}`,
        `--limit: 正規表現 "${pat}" が正しくありません: ${(err as Error).message}`,
      );
    }
    return (s) => re.test(s);
  }
  if (!/[*?[]/.test(pat)) return (s) => s === pat;
  return picomatch(pat, { dot: true, nobrace: true, noextglob: true, bash: false });
}

/**
 * `--limit`: Ansible's host pattern language. Patterns are split on commas (or colons): plain
 * ones are unioned, `&pat` intersects, `!pat` removes (in that order, as Ansible orders them).
 * A pattern is a group or host name, an fnmatch glob (`tokyo-*`, `pos-0[1-3]*`), a `~regex`, or
 * any of those with a subscript `group[0]`, `group[-1]`, `group[0:3]` (end inclusive, as Ansible).
 * posaudit also matches a glob against each host's address (ansible_host).
 * Unlike Ansible, which warns and ignores it, a pattern that matches nothing is an error that
 * says what was tried (a typo must not scan nothing or everything).
 */
export function applyLimit(inv: Inventory, limit: string, lang: Lang): InventoryHost[] {
  const parts = splitLimit(limit);
  if (parts.length === 0) throw usage(lang, '--limit: empty pattern', '--limit: パターンが空です');
  const byName = new Map(inv.hosts.map((h) => [h.name, h]));
  const matchOne = (raw: string): string[] => {
    // Ansible's subscript: `[n]`, `[-n]`, `[x:y]`, `[x:]` (or `x-y`); a ~regex has none.
    const sub = raw.startsWith('~') ? null : /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/.exec(raw);
    const pat = sub ? sub[1] : raw;
    const isMatch = matcher(pat, lang);
    const special = pat.startsWith('~') || /[.?*[]/.test(pat);
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (h: string) => {
      if (!seen.has(h)) {
        seen.add(h);
        out.push(h);
      }
    };
    let groupHit = false;
    for (const [g, members] of inv.groups)
      if (isMatch(g)) {
        groupHit = true;
        for (const h of members) add(h);
      }
    if (!groupHit || special)
      for (const h of inv.hosts)
        if (isMatch(h.name) || (special && h.vars.address !== undefined && isMatch(h.vars.address))) add(h.name);
    let picked = out;
    if (sub) {
      const start = Number(sub[2] ?? sub[3]);
      const end = sub[4] ? (sub[5] ? Number(sub[5]) : -1) : undefined;
      const at = (i: number) => (i < 0 ? out.length + i : i);
      if (end === undefined || end === 0) picked = out[at(start)] !== undefined ? [out[at(start)]] : [];
      else picked = out.slice(at(start), (end === -1 ? out.length - 1 : at(end)) + 1);
    }
    if (picked.length === 0 && !(groupHit && !sub)) {
      const groups = [...inv.groups.keys()].filter((g) => g !== 'all' && g !== 'ungrouped').sort();
      const known = groups.length ? groups.slice(0, 20).join(', ') + (groups.length > 20 ? ', …' : '') : '-';
      const how = pat.startsWith('~')
        ? 'as a regular expression against group and host names'
        : special
          ? 'as a glob against group names, host names and addresses'
          : 'as a group name, then as a host name';
      const howJa = pat.startsWith('~')
        ? 'グループ名とホスト名に対する正規表現として'
        : special
          ? 'グループ名・ホスト名・アドレスに対するグロブとして'
          : 'グループ名として、次にホスト名として';
      const subNote =
        sub && out.length ? ` (${out.length} matched before the subscript [${sub.slice(2).filter(Boolean).join('')}])` : '';
      const subNoteJa =
        sub && out.length ? ` (添字 [${sub.slice(2).filter(Boolean).join('')}] の前には ${out.length} 件一致)` : '';
      throw usage(
        lang,
        `--limit: "${raw}" matches no host or group in ${inv.file} (groups: ${known}); tried ${how}${subNote}`,
        `--limit: "${raw}" に一致するホストもグループも ${inv.file} にありません (グループ: ${known})。${howJa}照合しました${subNoteJa}`,
      );
    }
    return picked;
  };
  let selected: Set<string> | undefined;
  const intersections: Array<Set<string>> = [];
  const exclusions: Array<Set<string>> = [];
  for (const p of parts) {
    if (p.startsWith('!')) exclusions.push(new Set(matchOne(p.slice(1))));
    else if (p.startsWith('&')) intersections.push(new Set(matchOne(p.slice(1))));
    else {
      selected ??= new Set();
      for (const h of matchOne(p)) selected.add(h);
    }
  }
  selected ??= new Set(inv.hosts.map((h) => h.name));
  const keep = inv.hosts.filter(
    (h) => selected.has(h.name) && intersections.every((s) => s.has(h.name)) && !exclusions.some((s) => s.has(h.name)),
  );
  if (keep.length === 0)
    throw usage(
      lang,
      `--limit "${limit}": no host left in ${inv.file}`,
      `--limit "${limit}": ${inv.file} に該当するホストがありません`,
    );
  return keep.map((h) => byName.get(h.name) as InventoryHost);
}

export interface Shard {
  index: number;
  count: number;
}

/** `i/n`, 1 ≤ i ≤ n (a Kubernetes completion index is 0-based: pass index+1). */
export function parseShard(spec: string, lang: Lang): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(spec);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n)
    throw usage(
      lang,
      `--shard takes i/n with 1 ≤ i ≤ n (e.g. 3/8), not "${spec}"` +
        `${m && i === 0 ? ' (shards count from 1; for a Kubernetes JOB_COMPLETION_INDEX add 1)' : ''}`,
      `--shard は 1 ≤ i ≤ n の i/n 形式で指定します (例: 3/8): "${spec}"` +
        `${m && i === 0 ? ' (シャードは 1 から数えます。Kubernetes の JOB_COMPLETION_INDEX には 1 を足してください)' : ''}`,
    );
  return { index: i, count: n };
}

function rank(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/**
 * Shard i of n: hosts ordered by a hash of their name, then dealt round-robin. The same
 * inventory and --limit give the same split on every machine whatever the file order, the
 * shards differ in size by at most one, and every host is in exactly one shard.
 */
export function applyShard<T extends { name: string }>(hosts: T[], shard: Shard): T[] {
  const order = hosts
    .map((h) => ({ h, k: rank(h.name) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.h.name.localeCompare(b.h.name)));
  const mine = new Set<T>();
  order.forEach((o, i) => {
    if (i % shard.count === shard.index - 1) mine.add(o.h);
  });
  return hosts.filter((h) => mine.has(h));
}
