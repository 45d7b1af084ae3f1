/**
 * `scan --inventory`: hosts from an inventory (posaudit YAML, Ansible INI/YAML), narrowed by
 * --limit and --shard, with per-host SSH settings, ~/.ssh/config and jump hosts or proxy commands.
 * `scan ssh://ALIAS` resolves ALIAS through the same ssh config without an inventory.
 * --ssh-config, else POSAUDIT_SSH_CONFIG, else ~/.ssh/config (`none`: read none).
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JumpPool } from '../../engine/fleet/jump.js';
import { loadInventory } from '../../engine/fleet/load.js';
import { usage, type Inventory } from '../../engine/fleet/model.js';
import { expandProxyCommand, openProxyCommand } from '../../engine/fleet/proxy-command.js';
import { resolveHosts, type ResolvedHost } from '../../engine/fleet/resolve.js';
import { applyLimit, applyShard, parseShard } from '../../engine/fleet/select.js';
import { readSshConfig, type SshConfig } from '../../engine/fleet/ssh-config.js';
import type { ScanItem } from '../../engine/scan.js';
import { SshTarget } from '../../targets/ssh.js';
import { LocalTarget } from '../../targets/local.js';
import { TargetError } from '../../core/target.js';
import type { Lang } from '../../core/i18n.js';
import { redactText } from '../../core/redact.js';
import { parseSshUrl } from '../../targets/ssh-url.js';
import { parseLang } from './common.js';
import { sshDefaults, type ScanCliOptions } from './scan.js';
import { createTarget, parseTargetSpec, specLabel, type SshDefaults } from '../../targets/factory.js';

/** The ssh config in force: --ssh-config, POSAUDIT_SSH_CONFIG, ~/.ssh/config; `none` for none. */
export function sshConfigOf(o: Pick<ScanCliOptions, 'sshConfig'>): SshConfig | undefined {
  const cfgFile = o.sshConfig ?? process.env.POSAUDIT_SSH_CONFIG ?? path.join(os.homedir(), '.ssh', 'config');
  return cfgFile === 'none' ? undefined : readSshConfig(cfgFile);
}

/** Inventory, --limit and --shard, resolved (shared by `scan --inventory` and `inventory list`). */
export async function resolveInventoryHosts(
  file: string,
  o: Pick<ScanCliOptions, 'sshConfig' | 'identity'>,
  sel: { limit?: string; shard?: string },
  lang: Lang,
): Promise<{ inv: Inventory; resolved: ResolvedHost[]; warnings: string[] }> {
  const inv = await loadInventory(file, lang);
  let hosts = sel.limit !== undefined ? applyLimit(inv, sel.limit, lang) : inv.hosts;
  if (sel.shard !== undefined) hosts = applyShard(hosts, parseShard(sel.shard, lang));
  const cfg = sshConfigOf(o);
  const resolved = resolveHosts(inv, hosts, cfg, lang, o.identity ?? []);
  const warnings = [...(inv.warnings ?? []), ...(cfg?.warnings ?? []), ...new Set(resolved.flatMap((r) => r.warnings))];
  return { inv, resolved, warnings };
}

export async function inventoryItems(
  file: string,
  o: ScanCliOptions,
  sel: { limit?: string; shard?: string },
): Promise<ScanItem[]> {
  const lang = parseLang(o.lang);
  const defaults = await sshDefaults(o);
  const { resolved, warnings } = await resolveInventoryHosts(file, o, sel, lang);
  for (const w of warnings) process.stderr.write(`posaudit: ${redactText(w)}\n`);
  return itemsOf(resolved, defaults, lang);
}

/**
 * `scan ssh://ALIAS …` without an inventory: each ALIAS through the ssh config, as `ssh ALIAS` would
 * (an explicit user or port in the URL wins). Other targets (local, image:) are made as before.
 */
export async function targetItems(targets: string[], o: ScanCliOptions): Promise<ScanItem[]> {
  const defaults = await sshDefaults(o);
  const ssh = targets.filter((s) => s.startsWith('ssh://'));
  const sshItems = ssh.length ? await sshUrlItems(ssh, o, defaults) : [];
  return targets.map((spec) => {
    if (spec.startsWith('ssh://')) return sshItems[ssh.indexOf(spec)];
    const parsed = parseTargetSpec(spec);
    return { name: specLabel(parsed), create: () => createTarget(parsed, defaults) };
  });
}

async function sshUrlItems(specs: string[], o: ScanCliOptions, defaults: SshDefaults): Promise<ScanItem[]> {
  const lang = parseLang(o.lang);
  const cfg = sshConfigOf(o);
  for (const w of cfg?.warnings ?? []) process.stderr.write(`posaudit: ${redactText(w)}\n`);
  const inv: Inventory = { file: '(command line)', format: 'posaudit', hosts: [], groups: new Map() };
  for (const spec of specs) {
    const a = parseSshUrl(spec);
    if (!a)
      throw usage(
        lang,
        `bad target "${spec}" (expected ssh://[user@]host[:port])`,
        `ターゲット "${spec}" が正しくありません (ssh://[user@]host[:port])`,
      );
    const explicitPort = /:\d+\/?$/.test(spec.replace(/^ssh:\/\/(?:[^@]*@)?/, '').replace(/^\[[^\]]*\]/, ''));
    inv.hosts.push({ name: a.host, groups: [], vars: { user: a.user, port: explicitPort ? a.port : undefined }, source: spec });
  }
  const resolved = resolveHosts(inv, inv.hosts, cfg, lang, defaults.identities ?? []);
  for (const w of new Set(resolved.flatMap((r) => r.warnings))) process.stderr.write(`posaudit: ${redactText(w)}\n`);
  return itemsOf(
    resolved,
    defaults,
    lang,
    specs.map((s) => specLabel(parseTargetSpec(s))),
  );
}

async function itemsOf(resolved: ResolvedHost[], defaults: SshDefaults, lang: Lang, names?: string[]): Promise<ScanItem[]> {
  // A key the inventory names but nobody can read is the inventory's fault: say so once.
  const checked = new Set<string>();
  for (const r of resolved)
    for (const key of [...(r.identities ?? []), ...r.jumps.flatMap((j) => j.identities ?? [])]) {
      if (checked.has(key)) continue;
      checked.add(key);
      try {
        await fsp.access(key, fsp.constants.R_OK);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        throw usage(
          lang,
          `${r.source}: cannot read identity file ${key} (${code})`,
          `${r.source}: 秘密鍵ファイル ${key} を読めません (${code})`,
        );
      }
    }
  const { identities: _ids, ...shared } = defaults;
  const pool = new JumpPool({ ...shared, identities: defaults.identities });
  const connectTimeout = defaults.connectTimeoutMs ?? 15_000;
  return resolved.map((r, i) => ({
    name: names?.[i] ?? r.name,
    tags: r.tags,
    create: async () => {
      if (r.error) throw new TargetError(r.error, false);
      if (r.connection === 'local') return new LocalTarget({ timeoutMs: defaults.timeoutMs });
      const target = new SshTarget({
        ...shared,
        address: r.address,
        identities: r.identities ?? [],
        become: r.become ?? defaults.become,
        platformHint: r.platform,
        sock: r.proxyCommand
          ? () =>
              openProxyCommand(
                expandProxyCommand(r.proxyCommand as string, {
                  host: r.address.host,
                  port: r.address.port,
                  user: r.address.user,
                  name: r.name,
                }),
                r.name,
              )
          : r.jumps.length
            ? async () => {
                try {
                  return await pool.open(r.jumps, r.address.host, r.address.port, connectTimeout);
                } catch (err) {
                  const e = err as Error;
                  throw new TargetError(`${target.id}: ${e.message}`, err instanceof TargetError && err.transient);
                }
              }
            : undefined,
      });
      return target;
    },
  }));
}
