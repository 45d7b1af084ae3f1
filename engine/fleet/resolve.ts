/**
 * From an inventory host to what the SSH target needs: address, user, port, keys, jump chain or
 * proxy command. Precedence: inventory vars, then ~/.ssh/config (matched on the address, as `ssh`
 * would), then the command line's defaults. Every value remembers where it came from (`from`).
 */
import { existsSync } from 'node:fs';
import type { Lang } from '../../core/i18n.js';
import { parseSshUrl, type SshAddress } from '../../targets/ssh-url.js';
import type { Hop } from './jump.js';
import { say, usage, type Inventory, type InventoryHost } from './model.js';
import { jumpFromProxyCommand, lookupSshConfig, type SshConfig, type SshConfigEntry } from './ssh-config.js';
import { t } from '../../core/i18n.js';

export interface ResolvedHost {
  name: string;
  tags?: Record<string, string>;
  /** `local`: this machine (Ansible's ansible_connection=local). */
  connection: 'ssh' | 'local';
  address: SshAddress;
  /** Keys to offer (inventory's, else --identity's, then ~/.ssh/config's); undefined: none (the agent only). */
  identities?: string[];
  become?: boolean;
  platform?: 'linux' | 'windows';
  jumps: Hop[];
  /** ProxyCommand as written (%h %p %r expanded at connect time, quoted); exclusive with jumps. */
  proxyCommand?: string;
  source: string;
  /** Where each value came from (`file:line`, `--identity`, `default`). */
  from: Record<string, string>;
  /** This host cannot be scanned as configured: the scan reports it as an error, the others go on. */
  error?: string;
  warnings: string[];
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

function configFor(ctx: Ctx, host: string): SshConfigEntry {
  return ctx.cfg ? lookupSshConfig(ctx.cfg, host) : { identityFiles: [], from: {} };
}

/** The chain of hops for a jump spec (comma list), each hop's own ProxyJump first. */
function jumpChain(ctx: Ctx, spec: string, at: string, trail: string[], warnings: string[]): Hop[] {
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
      warnings.push(...r.warnings);
      if (r.error) throw usage(ctx.lang, `${at}: jump host "${part}": ${r.error}`, `${at}: 踏み台ホスト "${part}": ${r.error}`);
      if (r.proxyCommand)
        throw usage(
          ctx.lang,
          `${at}: jump host "${part}" is reached through a ProxyCommand, which posaudit cannot chain`,
          `${at}: 踏み台ホスト "${part}" は ProxyCommand 経由のため、posaudit では連結できません`,
        );
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
    const own = c.proxyJump ?? (c.proxyCommand ? jumpFromProxyCommand(c.proxyCommand) : undefined);
    if (c.proxyCommand && !own)
      throw usage(
        ctx.lang,
        `${c.proxyAt ?? at}: jump host "${part}" has a ProxyCommand, which posaudit cannot chain behind another jump`,
        `${c.proxyAt ?? at}: 踏み台ホスト "${part}" に ProxyCommand があり、posaudit では他の踏み台と連結できません`,
      );
    if (own) {
      const hops = own.split(',').map((s) => s.trim());
      const self = hops.find((h) => h === part || trail.includes(h) || parseHopSpec(h)?.host === a.host);
      if (self)
        // `Host *` with ProxyJump applies to the jump host itself. OpenSSH 9.2 would spawn ssh inside ssh
        // until something fails; posaudit connects to the jump host directly and says so.
        warnings.push(
          say(
            ctx.lang,
            t(
              `${c.proxyAt ?? at}: ProxyJump ${own} also applies to the jump host "${part}" itself; connecting to it directly`,
              `${c.proxyAt ?? at}: ProxyJump ${own} が踏み台ホスト "${part}" 自身にも当てはまるため、踏み台へは直接接続します`,
            ),
          ),
        );
      else out.push(...jumpChain(ctx, own, c.proxyAt ?? at, [...trail, part], warnings));
    }
    const keys = [...ctx.cliIdentities, ...c.identityFiles.filter((f) => existsSync(f) && !ctx.cliIdentities.includes(f))];
    out.push({ address, identities: keys.length ? keys : undefined });
  }
  return out;
}

function resolveWith(ctx: Ctx, h: InventoryHost, trail: string[]): ResolvedHost {
  const v = h.vars;
  const from: Record<string, string> = {};
  const warnings: string[] = [];
  const dest = v.address ?? h.name;
  const c = configFor(ctx, dest);
  const o = v.origin ?? {};
  from.host = v.address !== undefined ? (o.address ?? h.source) : (c.from.hostName ?? h.source);
  from.user = v.user !== undefined ? (o.user ?? h.source) : (c.from.user ?? 'default');
  from.port = v.port !== undefined ? (o.port ?? h.source) : (c.from.port ?? 'default');
  const address: SshAddress = { host: c.hostName ?? dest, port: v.port ?? c.port ?? 22, user: v.user ?? c.user };
  const cfgKeys = c.identityFiles.filter((f) => existsSync(f));
  const base = v.identity ?? ctx.cliIdentities;
  const all = [...base, ...cfgKeys.filter((k) => !base.includes(k))];
  const identities = all.length ? all : undefined;
  if (identities)
    from.identities = v.identity ? h.source : ctx.cliIdentities.length ? '--identity' : (c.from.identityFiles ?? []).join(', ');
  const out: ResolvedHost = {
    name: h.name,
    tags: v.tags && Object.keys(v.tags).length ? v.tags : undefined,
    connection: 'ssh',
    address,
    identities,
    become: v.become,
    platform: v.platform,
    jumps: [],
    source: h.source,
    from,
    warnings,
  };
  const conn = v.connection ?? 'ssh';
  if (conn === 'local') {
    out.connection = 'local';
    from.connection = o.connection ?? h.source;
    return out;
  }
  if (conn !== 'ssh' && conn !== 'paramiko' && conn !== 'smart') {
    out.error =
      conn === 'winrm' || conn === 'psrp'
        ? say(
            ctx.lang,
            t(
              `${h.source}: ansible_connection=${conn}: WinRM is not supported; use OpenSSH (posaudit scans Windows ` +
                `terminals over OpenSSH for Windows)`,
              `${h.source}: ansible_connection=${conn}: WinRM には対応していません。` +
                `OpenSSH を使ってください (posaudit は Windows 端末を OpenSSH for Windows 経由で検査します)`,
            ),
          )
        : say(
            ctx.lang,
            t(
              `${h.source}: ansible_connection=${conn} is not supported (posaudit connects over SSH, or "local")`,
              `${h.source}: ansible_connection=${conn} には対応していません (posaudit は SSH か "local" で接続します)`,
            ),
          );
    return out;
  }
  // The inventory's jump or proxy command beats the config's; of the config's, the first one read won.
  if (v.become !== undefined) from.become = o.become ?? h.source;
  if (v.jump) {
    from.jump = o.jump ?? h.source;
    out.jumps = jumpChain(ctx, v.jump, h.source, [...trail, h.name], warnings);
  } else if (v.proxyCommand) {
    from.proxyCommand = o.proxyCommand ?? h.source;
    const j = jumpFromProxyCommand(v.proxyCommand);
    if (j) out.jumps = jumpChain(ctx, j, h.source, [...trail, h.name], warnings);
    else out.proxyCommand = v.proxyCommand;
  } else if (c.proxyJump) {
    from.jump = c.proxyAt ?? '';
    const hops = c.proxyJump.split(',').map((s) => s.trim());
    if (hops.some((x) => x === dest || x === h.name))
      warnings.push(
        say(
          ctx.lang,
          t(
            `${c.proxyAt}: ProxyJump ${c.proxyJump} applies to "${dest}" itself; connecting to it directly`,
            `${c.proxyAt}: ProxyJump ${c.proxyJump} が "${dest}" 自身に当てはまるため、直接接続します`,
          ),
        ),
      );
    else out.jumps = jumpChain(ctx, c.proxyJump, c.proxyAt ?? h.source, [...trail, h.name], warnings);
  } else if (c.proxyCommand) {
    from.proxyCommand = c.proxyAt ?? '';
    const j = jumpFromProxyCommand(c.proxyCommand);
    if (j) out.jumps = jumpChain(ctx, j, c.proxyAt ?? h.source, [...trail, h.name], warnings);
    else out.proxyCommand = c.proxyCommand;
  }
  return out;
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
