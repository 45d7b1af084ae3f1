/** posaudit's own inventory YAML (schemas/inventory.schema.json): hosts, groups, defaults. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar } from 'yaml';
import type { Lang } from '../../core/i18n.js';
import { SCHEMAS_DIR } from '../../core/paths.js';
import { pointerSegments, where, type YamlSource } from '../../core/yaml-source.js';
import { resolveInventory, usage, type GroupNode, type HostVars, type Inventory } from './model.js';

let validator: ValidateFunction | undefined;

async function schemaValidator(): Promise<ValidateFunction> {
  if (validator) return validator;
  const schema = JSON.parse(await fsp.readFile(path.join(SCHEMAS_DIR, 'inventory.schema.json'), 'utf8')) as object;
  validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

/** The most specific error: the deepest path, and not a oneOf/allOf summary. */
function bestError(errors: ErrorObject[]): ErrorObject | undefined {
  const useful = errors.filter(
    (e) => !['oneOf', 'allOf', 'anyOf', 'if'].includes(e.keyword) && !(e.keyword === 'type' && e.params.type === 'null'),
  );
  const list = useful.length ? useful : errors;
  return [...list].sort((a, b) => pointerSegments(b.instancePath).length - pointerSegments(a.instancePath).length)[0];
}

function describe(e: ErrorObject): string {
  const at = e.instancePath ? `${pointerSegments(e.instancePath).join('.')}: ` : '';
  if (e.keyword === 'additionalProperties')
    return (
      `${at}unknown setting "${String(e.params.additionalProperty)}" (known: address, user, port, identity, platform, ` +
      `become, jump, tags)`
    );
  if (e.keyword === 'enum')
    return `${at}must be one of ${(e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
  if (e.keyword === 'required') return `${at}missing "${String(e.params.missingProperty)}"`;
  if (e.keyword === 'pattern') return `${at}not a valid name (letters, digits, . _ - : [ ] only)`;
  return `${at}${e.message ?? 'invalid'}`;
}

interface RawVars {
  address?: string;
  user?: string;
  port?: number;
  identity?: string | string[];
  platform?: 'linux' | 'windows';
  become?: boolean;
  jump?: string;
  tags?: Record<string, string | number | boolean>;
  groups?: string[];
}

interface RawInventory {
  version?: 1;
  defaults?: RawVars;
  groups?: Record<string, { hosts?: string[]; children?: string[]; vars?: RawVars } | null>;
  hosts: Record<string, RawVars | null>;
}

/** `~/x` → home; relative paths → beside the inventory file. */
export function resolveKeyPath(p: string, baseDir: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(process.env.HOME ?? '', p.slice(1));
  return path.resolve(baseDir, p);
}

function toVars(raw: RawVars | undefined | null, baseDir: string): HostVars | undefined {
  if (!raw) return undefined;
  const v: HostVars = {};
  if (raw.address !== undefined) v.address = raw.address;
  if (raw.user !== undefined) v.user = raw.user;
  if (raw.port !== undefined) v.port = raw.port;
  if (raw.identity !== undefined)
    v.identity = (Array.isArray(raw.identity) ? raw.identity : [raw.identity]).map((p) => resolveKeyPath(p, baseDir));
  if (raw.platform !== undefined) v.platform = raw.platform;
  if (raw.become !== undefined) v.become = raw.become;
  if (raw.jump !== undefined) v.jump = raw.jump;
  if (raw.tags !== undefined) v.tags = Object.fromEntries(Object.entries(raw.tags).map(([k, x]) => [k, String(x)]));
  return v;
}

export async function readPosauditInventory(src: YamlSource, lang: Lang): Promise<Inventory> {
  const validate = await schemaValidator();
  if (!validate(src.data)) {
    const e = bestError(validate.errors ?? []);
    const segs = pointerSegments(e?.instancePath ?? '');
    const extra = e?.keyword === 'additionalProperties' ? [String(e.params.additionalProperty)] : [];
    const msg = e ? describe(e) : 'invalid';
    throw usage(
      lang,
      `${where(src, [...segs, ...extra])}: bad inventory: ${msg}`,
      `${where(src, [...segs, ...extra])}: インベントリの誤り: ${msg}`,
    );
  }
  const raw = src.data as RawInventory;
  const baseDir = path.dirname(path.resolve(src.file));
  const groups = new Map<string, GroupNode>();
  const hosts = new Map<string, { vars?: HostVars; source: string }>();
  // Host positions in one pass (where() per host looks each name up in the whole mapping: quadratic).
  const positions = new Map<string, string>();
  const hostsNode = src.doc.get('hosts', true);
  if (isMap(hostsNode))
    for (const pair of hostsNode.items)
      if (isScalar(pair.key) && pair.key.range) {
        const pos = src.lines.linePos(pair.key.range[0]);
        positions.set(String(pair.key.value), `${src.file}:${pos.line}:${pos.col}`);
      }
  for (const [name, h] of Object.entries(raw.hosts)) {
    const { groups: _g, ...rest } = h ?? {};
    hosts.set(name, { vars: toVars(rest, baseDir), source: positions.get(name) ?? where(src, ['hosts', name]) });
  }
  if (raw.defaults?.groups)
    throw usage(
      lang,
      `${where(src, ['defaults', 'groups'])}: "groups" belongs to a host, not to defaults`,
      `${where(src, ['defaults', 'groups'])}: "groups" はホストに書きます (defaults には書けません)`,
    );
  for (const [name, g] of Object.entries(raw.groups ?? {})) {
    if (name === 'ungrouped')
      throw usage(
        lang,
        `${where(src, ['groups', name])}: "ungrouped" is a reserved group name`,
        `${where(src, ['groups', name])}: "ungrouped" は予約されたグループ名です`,
      );
    if (g?.vars?.groups)
      throw usage(
        lang,
        `${where(src, ['groups', name, 'vars', 'groups'])}: "groups" belongs to a host, not to group vars`,
        `${where(src, ['groups', name, 'vars', 'groups'])}: "groups" はホストに書きます (グループの vars には書けません)`,
      );
    (g?.hosts ?? []).forEach((h, i) => {
      if (!hosts.has(h))
        throw usage(
          lang,
          `${where(src, ['groups', name, 'hosts', i])}: group "${name}" lists host "${h}", which is not under "hosts"`,
          `${where(src, ['groups', name, 'hosts', i])}: グループ "${name}" のホスト "${h}" が "hosts" にありません`,
        );
    });
    groups.set(name, { vars: toVars(g?.vars, baseDir), hosts: new Set(g?.hosts ?? []), children: new Set(g?.children ?? []) });
  }
  for (const [name, h] of Object.entries(raw.hosts)) {
    (h?.groups ?? []).forEach((g, i) => {
      const node = groups.get(g);
      if (!node)
        throw usage(
          lang,
          `${where(src, ['hosts', name, 'groups', i])}: host "${name}" names group "${g}", which is not under "groups"`,
          `${where(src, ['hosts', name, 'groups', i])}: ホスト "${name}" のグループ "${g}" が "groups" にありません`,
        );
      node.hosts.add(name);
    });
  }
  return resolveInventory(src.file, 'posaudit', lang, {
    defaults: toVars(raw.defaults, baseDir),
    groups,
    hosts,
    groupSource: (g) => where(src, ['groups', g]),
  });
}
