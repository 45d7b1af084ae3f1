/**
 * Choosing hosts: `--limit` (Ansible-style patterns) and `--shard i/n` (deterministic split).
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { Lang } from '../../core/i18n.js';
import { usage, type Inventory, type InventoryHost } from './model.js';

/**
 * `--limit`: comma separated patterns, each a host or group name or a glob over
 * either (`tokyo-*`, `pos-0[1-3]*`); `!pat` removes, `&pat` keeps only hosts also matching.
 * A pattern that matches no host and no group is an error (a typo must not scan nothing or everything).
 */
export function applyLimit(inv: Inventory, limit: string, lang: Lang): InventoryHost[] {
  const parts = limit
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw usage(lang, '--limit: empty pattern', '--limit: パターンが空です');
  const byName = new Map(inv.hosts.map((h) => [h.name, h]));
  const matchOne = (pat: string): Set<string> => {
    const glob = /[*?[\]{}]/.test(pat);
    const out = new Set<string>();
    const isMatch = glob ? picomatch(pat, { dot: true }) : (s: string) => s === pat;
    for (const [g, members] of inv.groups) if (isMatch(g)) for (const h of members) out.add(h);
    for (const h of inv.hosts) if (isMatch(h.name) || (h.vars.address !== undefined && isMatch(h.vars.address))) out.add(h.name);
    if (out.size === 0 && !(glob ? false : inv.groups.has(pat))) {
      const groups = [...inv.groups.keys()].filter((g) => g !== 'all' && g !== 'ungrouped').sort();
      const known = groups.length ? groups.slice(0, 20).join(', ') + (groups.length > 20 ? ', …' : '') : '-';
      throw usage(
        lang,
        `--limit: "${pat}" matches no host or group in ${inv.file} (groups: ${known})`,
        `--limit: "${pat}" に一致するホストもグループも ${inv.file} にありません (グループ: ${known})`,
      );
    }
    return out;
  };
  let selected: Set<string> | undefined;
  const intersections: Array<Set<string>> = [];
  const exclusions: Array<Set<string>> = [];
  for (const p of parts) {
    if (p.startsWith('!')) exclusions.push(matchOne(p.slice(1)));
    else if (p.startsWith('&')) intersections.push(matchOne(p.slice(1)));
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
      `--shard takes i/n with 1 ≤ i ≤ n (e.g. 3/8), not "${spec}"${m && i === 0 ? ' (shards count from 1; for a Kubernetes JOB_COMPLETION_INDEX add 1)' : ''}`,
      `--shard は 1 ≤ i ≤ n の i/n 形式で指定します (例: 3/8): "${spec}"${m && i === 0 ? ' (シャードは 1 から数えます。Kubernetes の JOB_COMPLETION_INDEX には 1 を足してください)' : ''}`,
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
