/**
 * From an inventory host to what the SSH target needs: address, user, port, keys, jump chain.
 * Precedence: inventory vars, then ~/.ssh/config (matched on the address, as `ssh` would),
 * then the command line's defaults.
 */
import { existsSync } from 'node:fs';
import type { Lang } from '../../core/i18n.js';
import { parseSshUrl, type SshAddress } from '../../targets/ssh-url.js';
import type { Hop } from './jump.js';
import { usage, type Inventory, type InventoryHost } from './model.js';
import { lookupSshConfig, type SshConfig } from './ssh-config.js';

export interface ResolvedHost {
  name: string;
  tags?: Record<string, string>;
  address: SshAddress;
  /** Keys to offer (inventory's, else --identity's, then ~/.ssh/config's); undefined: none (the agent only). */
  identities?: string[];
  become?: boolean;
  platform?: 'linux' | 'windows';
  jumps: Hop[];
  source: string;
}

const MAX_HOPS = 8;

/** `[user@]host[:port]` or `ssh://…`. */
export function parseHopSpec(spec: string): SshAddress | undefined {
  if (spec.startsWith('ssh://')) return parseSshUrl(spec);
  return parseSshUrl(`ssh://${spec}`);
}

interface Ctx {
  inv: Inventory;
  byName: Map<string, InventoryHost>;
  cfg?: SshConfig;
  lang: Lang;
  /** --identity from the command line: used when the inventory names no key. */
  cliIdentities: string[];
}

function configFor(ctx: Ctx, host: string) {
  return ctx.cfg ? lookupSshConfig(ctx.cfg, host) : { identityFiles: [] as string[] };
}

/** The chain of hops for a jump spec (comma list), each hop's own ProxyJump first. */
function jumpChain(ctx: Ctx, spec: string, at: string, trail: string[]): Hop[] {
  const out: Hop[] = [];
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (trail.includes(part) || trail.length >= MAX_HOPS)
      throw usage(
        ctx.lang,
        `${at}: jump hosts loop or nest too deep: ${[...trail, part].join(' → ')}`,
        `${at}: 踏み台ホストが循環しているか、入れ子が深すぎます: ${[...trail, part].join(' → ')}`,
      );
    const invHost = ctx.byName.get(part);
    if (invHost) {
      const r = resolveWith(ctx, invHost, [...trail, part]);
      out.push(...r.jumps, { address: r.address, identities: r.identities });
      continue;
    }
    const a = parseHopSpec(part);
    if (!a)
      throw usage(
        ctx.lang,
        `${at}: bad jump host "${part}" (expected [user@]host[:port] or an inventory host name)`,
        `${at}: 踏み台ホスト "${part}" が正しくありません ([user@]host[:port] かインベントリのホスト名)`,
      );
    const c = configFor(ctx, a.host);
    const explicitPort = /:\d+$/.test(part.replace(/^ssh:\/\//, '').replace(/\/$/, ''));
    const address: SshAddress = {
      host: c.hostName ?? a.host,
      port: explicitPort ? a.port : (c.port ?? a.port),
      user: a.user ?? c.user,
    };
    if (c.proxyJump && !c.proxyJumpNone) out.push(...jumpChain(ctx, c.proxyJump, `${ctx.cfg?.file ?? at}`, [...trail, part]));
    const keys = [...ctx.cliIdentities, ...c.identityFiles.filter((f) => existsSync(f) && !ctx.cliIdentities.includes(f))];
    out.push({ address, identities: keys.length ? keys : undefined });
  }
  return out;
}

function resolveWith(ctx: Ctx, h: InventoryHost, trail: string[]): ResolvedHost {
  const v = h.vars;
  const dest = v.address ?? h.name;
  const c = configFor(ctx, dest);
  const address: SshAddress = { host: c.hostName ?? dest, port: v.port ?? c.port ?? 22, user: v.user ?? c.user };
  const cfgKeys = c.identityFiles.filter((f) => existsSync(f));
  const base = v.identity ?? ctx.cliIdentities;
  const all = [...base, ...cfgKeys.filter((k) => !base.includes(k))];
  const identities = all.length ? all : undefined;
  const jumpSpec = v.jump ?? (c.proxyJumpNone ? undefined : c.proxyJump);
  const jumps = jumpSpec ? jumpChain(ctx, jumpSpec, h.source, [...trail, h.name]) : [];
  return {
    name: h.name,
    tags: v.tags && Object.keys(v.tags).length ? v.tags : undefined,
    address,
    identities,
    become: v.become,
    platform: v.platform,
    jumps,
    source: h.source,
  };
}

export function resolveHosts(
  inv: Inventory,
  hosts: InventoryHost[],
  cfg: SshConfig | undefined,
  lang: Lang,
  cliIdentities: string[] = [],
): ResolvedHost[] {
  const ctx: Ctx = { inv, byName: new Map(inv.hosts.map((h) => [h.name, h])), cfg, lang, cliIdentities };
  return hosts.map((h) => resolveWith(ctx, h, []));
}
