/**
 * `posaudit inventory list`: the dry run of a fleet scan. Every host the scan would reach, with
 * the address, port, user, keys, jump chain or proxy command, become, platform, tags, and where
 * each value came from (file:line), to compare with `ansible-inventory --list` and `ssh -G`.
 */
import { t, tr, type Lang } from '../../core/i18n.js';
import { redactText as maskPans } from '../../core/redact.js';
import { chainLabel } from '../../engine/fleet/jump.js';
import { usage } from '../../engine/fleet/model.js';
import type { ResolvedHost } from '../../engine/fleet/resolve.js';
import { formatSshUrl } from '../../targets/ssh-url.js';
import { displayWidth } from '../../reporters/summary-table.js';
import { parseLang } from './common.js';
import { resolveInventoryHosts } from './inventory-items.js';

export interface InventoryListOptions {
  inventory?: string;
  limit?: string;
  shard?: string;
  sshConfig?: string;
  identity?: string[];
  json?: boolean;
  lang?: string;
}

function jsonOf(r: ResolvedHost, groups: string[]) {
  return {
    name: r.name,
    connection: r.connection,
    address: r.address.host,
    port: r.address.port,
    user: r.address.user ?? null,
    identities: r.identities ?? [],
    jumps: r.jumps.map((j) => formatSshUrl(j.address)),
    proxyCommand: r.proxyCommand ?? null,
    become: r.become ?? null,
    platform: r.platform ?? null,
    tags: r.tags ?? {},
    groups,
    source: r.source,
    from: r.from,
    error: r.error ?? null,
    warnings: r.warnings,
  };
}

export async function inventoryList(o: InventoryListOptions): Promise<{ out: string; warnings: string[] }> {
  const lang: Lang = parseLang(o.lang);
  if (!o.inventory)
    throw usage(lang, 'inventory list needs --inventory FILE', 'inventory list には --inventory FILE を指定してください');
  const { inv, resolved, warnings } = await resolveInventoryHosts(o.inventory, o, { limit: o.limit, shard: o.shard }, lang);
  const groupsOf = new Map(inv.hosts.map((h) => [h.name, h.groups]));
  if (o.json) {
    const doc = {
      inventory: inv.file,
      format: inv.format,
      hosts: resolved.map((r) => jsonOf(r, groupsOf.get(r.name) ?? [])),
      warnings,
    };
    return { out: maskPans(JSON.stringify(doc, null, 2)) + '\n', warnings: warnings.map((w) => maskPans(w)) };
  }
  const L = (en: string, ja: string) => tr(t(en, ja), lang);
  const none = L('(none)', '(なし)');
  const lines: string[] = [];
  lines.push(
    L(`${resolved.length} host(s) from ${inv.file} (${inv.format})`, `${inv.file} (${inv.format}) の端末 ${resolved.length} 台`),
    '',
  );
  const row = (label: string, value: string, from?: string) =>
    `  ${label}${' '.repeat(Math.max(1, 16 - displayWidth(label)))}${value}${from ? `   ← ${from}` : ''}`;
  for (const r of resolved) {
    lines.push(`${r.name}   (${r.source})`);
    if (r.error) lines.push(row(L('error', 'エラー'), r.error));
    if (r.connection === 'local')
      lines.push(row(L('connection', '接続'), L('local (this machine)', 'ローカル (この端末)'), r.from.connection));
    else {
      lines.push(row(L('address', 'アドレス'), r.address.host, r.from.host));
      lines.push(row(L('port', 'ポート'), String(r.address.port), r.from.port));
      lines.push(row(L('user', 'ユーザー'), r.address.user ?? L('(your login name)', '(ログイン名)'), r.from.user));
      lines.push(
        row(L('keys', '秘密鍵'), r.identities?.join(', ') ?? L('(agent only)', '(エージェントのみ)'), r.from.identities),
      );
      if (r.proxyCommand) lines.push(row('ProxyCommand', r.proxyCommand, r.from.proxyCommand));
      else
        lines.push(
          row(L('jump hosts', '踏み台'), r.jumps.length ? chainLabel(r.jumps) : none, r.from.jump ?? r.from.proxyCommand),
        );
    }
    lines.push(row('become', r.become === undefined ? L('(scan default)', '(既定)') : r.become ? 'yes' : 'no', r.from.become));
    if (r.platform) lines.push(row(L('platform', 'プラットフォーム'), r.platform));
    if (r.tags?.store) lines.push(row(L('store', '店舗'), r.tags.store));
    const groups = groupsOf.get(r.name) ?? [];
    lines.push(row(L('groups', 'グループ'), groups.length ? groups.join(', ') : none));
    const tags = Object.entries(r.tags ?? {});
    if (tags.length) lines.push(row(L('tags', 'タグ'), tags.map(([k, v]) => `${k}=${v}`).join(', ')));
    lines.push('');
  }
  return { out: maskPans(lines.join('\n')), warnings: warnings.map((w) => maskPans(w)) };
}
