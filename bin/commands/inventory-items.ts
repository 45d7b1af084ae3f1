/**
 * `scan --inventory`: hosts from an inventory (posaudit YAML, Ansible INI/YAML), narrowed by
 * --limit and --shard, with per-host SSH settings, ~/.ssh/config and jump hosts.
 * POSAUDIT_SSH_CONFIG names another ssh config file (`none`: read none).
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JumpPool } from '../../engine/fleet/jump.js';
import { loadInventory } from '../../engine/fleet/load.js';
import { usage } from '../../engine/fleet/model.js';
import { resolveHosts } from '../../engine/fleet/resolve.js';
import { applyLimit, applyShard, parseShard } from '../../engine/fleet/select.js';
import { readSshConfig } from '../../engine/fleet/ssh-config.js';
import type { ScanItem } from '../../engine/scan.js';
import { SshTarget } from '../../targets/ssh.js';
import { TargetError } from '../../core/target.js';
import { parseLang } from './common.js';
import { sshDefaults, type ScanCliOptions } from './scan.js';

export async function inventoryItems(
  file: string,
  o: ScanCliOptions,
  sel: { limit?: string; shard?: string },
): Promise<ScanItem[]> {
  const lang = parseLang(o.lang);
  const inv = await loadInventory(file, lang);
  let hosts = sel.limit !== undefined ? applyLimit(inv, sel.limit, lang) : inv.hosts;
  if (sel.shard !== undefined) hosts = applyShard(hosts, parseShard(sel.shard, lang));
  const defaults = await sshDefaults(o);
  const cfgFile = o.sshConfig ?? process.env.POSAUDIT_SSH_CONFIG ?? path.join(os.homedir(), '.ssh', 'config');
  const cfg = cfgFile === 'none' ? undefined : readSshConfig(cfgFile);
  const resolved = resolveHosts(inv, hosts, cfg, lang, defaults.identities ?? []);
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
  return resolved.map((r) => ({
    name: r.name,
    tags: r.tags,
    create: async () => {
      const target = new SshTarget({
        ...shared,
        address: r.address,
        identities: r.identities ?? [],
        become: r.become ?? defaults.become,
        platformHint: r.platform,
        sock: r.jumps.length
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
