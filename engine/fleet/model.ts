/**
 * Fleet inventories: the hosts to scan, their groups and per-host connection settings.
 * Every inventory format (posaudit YAML, Ansible INI, Ansible YAML) is read into this shape.
 */
import { t, tr, type Lang, type Text } from '../../core/i18n.js';
import { UsageError } from '../../core/errors.js';

/** Connection settings and tags as they come from the inventory (any of them may be unset). */
export interface HostVars {
  /** Address to connect to (name or IP); default: the inventory name. */
  address?: string;
  user?: string;
  port?: number;
  /** Private key files, in order. */
  identity?: string[];
  platform?: 'linux' | 'windows';
  become?: boolean;
  /** ProxyJump: `[user@]host[:port]`, comma list for a chain, or an inventory host name. */
  jump?: string;
  /** ProxyCommand (from ansible_ssh_common_args / posaudit `proxy_command`): spawned with `sh -c`. */
  proxyCommand?: string;
  /** Ansible's ansible_connection (`ssh` when unset); `local` scans this machine, others are refused per host. */
  connection?: string;
  tags?: Record<string, string>;
  /** Where each value was set (`file:line`), for `inventory list`; merged like the values. */
  origin?: Partial<Record<Exclude<keyof HostVars, 'origin'>, string>>;
}

export interface InventoryHost {
  name: string;
  /** Every group the host belongs to, directly or through children (sorted, without `all`). */
  groups: string[];
  /** Vars after precedence (defaults < parent groups < child groups < host). */
  vars: HostVars;
  /** `file:line` where the host was declared, for messages. */
  source: string;
}

export interface Inventory {
  file: string;
  format: 'posaudit' | 'ansible-ini' | 'ansible-yaml';
  /** In the order they were declared. */
  hosts: InventoryHost[];
  /** Group name → member host names (transitive). Includes `all` and `ungrouped` as Ansible does. */
  groups: Map<string, Set<string>>;
  /** Where the reader departs from what Ansible would do, or where Ansible itself warns (`file:line: …`). */
  warnings?: string[];
}

/** A message in the user's language. */
export function say(lang: Lang, text: Text): string {
  return tr(text, lang);
}

export function usage(lang: Lang, en: string, ja: string): UsageError {
  return new UsageError(tr(t(en, ja), lang));
}

/** Merge vars: later wins; tags merge key by key. */
export function mergeVars(...layers: Array<HostVars | undefined>): HostVars {
  const out: HostVars = {};
  for (const v of layers) {
    if (!v) continue;
    for (const [k, val] of Object.entries(v) as Array<[keyof HostVars, HostVars[keyof HostVars]]>) {
      if (val === undefined) continue;
      if (k === 'origin') out.origin = { ...(out.origin ?? {}), ...(val as HostVars['origin']) };
      else if (k === 'tags') out.tags = { ...(out.tags ?? {}), ...(val as Record<string, string>) };
      else (out as Record<string, unknown>)[k] = val;
    }
  }
  return out;
}

interface GroupNode {
  vars?: HostVars;
  /** ansible_group_priority (default 1): among groups of one depth, higher applies later. */
  priority?: number;
  hosts: Set<string>;
  children: Set<string>;
}

/**
 * Build hosts' groups and effective vars from a group graph (shared by every format).
 * Group vars apply parents first (by depth from `all`, then by name, as Ansible does), then host vars.
 */
export function resolveInventory(
  file: string,
  format: Inventory['format'],
  lang: Lang,
  input: {
    defaults?: HostVars;
    groups: Map<string, GroupNode>;
    hosts: Map<string, { vars?: HostVars; source: string }>;
    groupSource: (name: string) => string;
  },
): Inventory {
  const { groups, hosts } = input;
  // Depth of each group from the roots, and cycle detection.
  const parents = new Map<string, Set<string>>();
  for (const [g, node] of groups) {
    for (const c of node.children) {
      if (!groups.has(c))
        throw usage(
          lang,
          `${input.groupSource(g)}: group "${g}" lists child group "${c}", which is not defined`,
          `${input.groupSource(g)}: グループ "${g}" の子グループ "${c}" が定義されていません`,
        );
      if (!parents.has(c)) parents.set(c, new Set());
      parents.get(c)?.add(g);
    }
  }
  const depth = new Map<string, number>();
  const depthOf = (g: string, trail: string[]): number => {
    const known = depth.get(g);
    if (known !== undefined) return known;
    if (trail.includes(g)) {
      const loop = [...trail.slice(trail.indexOf(g)), g].join(' → ');
      throw usage(
        lang,
        `${input.groupSource(g)}: group cycle: ${loop}`,
        `${input.groupSource(g)}: グループが循環しています: ${loop}`,
      );
    }
    let d = 0;
    for (const p of parents.get(g) ?? []) d = Math.max(d, depthOf(p, [...trail, g]) + 1);
    depth.set(g, d);
    return d;
  };
  for (const g of groups.keys()) depthOf(g, []);
  // Transitive members: a group's hosts plus its children's.
  const members = new Map<string, Set<string>>();
  const membersOf = (g: string): Set<string> => {
    const done = members.get(g);
    if (done) return done;
    const node = groups.get(g);
    const set = new Set<string>(node?.hosts ?? []);
    members.set(g, set);
    for (const c of node?.children ?? []) for (const h of membersOf(c)) set.add(h);
    return set;
  };
  for (const g of groups.keys()) membersOf(g);
  const hostGroups = new Map<string, string[]>();
  for (const [g, set] of members) for (const h of set) (hostGroups.get(h) ?? hostGroups.set(h, []).get(h))?.push(g);
  const out: InventoryHost[] = [];
  for (const [name, h] of hosts) {
    const gs = (hostGroups.get(name) ?? []).filter((g) => g !== 'all');
    const ordered = [...gs, ...(groups.has('all') ? ['all'] : [])].sort(
      (a, b) =>
        (depth.get(a) ?? 0) - (depth.get(b) ?? 0) ||
        (groups.get(a)?.priority ?? 1) - (groups.get(b)?.priority ?? 1) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
    const vars = mergeVars(input.defaults, ...ordered.map((g) => groups.get(g)?.vars), h.vars);
    out.push({ name, groups: [...gs].sort(), vars, source: h.source });
  }
  const all = new Set(hosts.keys());
  members.set('all', all);
  const grouped = new Set<string>();
  for (const [g, set] of members) if (g !== 'all' && g !== 'ungrouped') for (const h of set) grouped.add(h);
  const ungrouped = members.get('ungrouped') ?? new Set<string>();
  for (const h of all) if (!grouped.has(h)) ungrouped.add(h);
  members.set('ungrouped', ungrouped);
  return { file, format, hosts: out, groups: members };
}

export type { GroupNode };
