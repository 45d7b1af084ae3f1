/**
 * Ansible inventories as they are: INI and YAML, groups, `:children`, `:vars`, host ranges
 * (`pos[01:20].example`), and the connection vars that matter for SSH: ansible_host,
 * ansible_user, ansible_port, ansible_ssh_private_key_file, ansible_become, ProxyJump in
 * ansible_ssh_common_args/ansible_ssh_extra_args. posaudit_platform, posaudit_jump and
 * posaudit_tag_<name> (INI) or posaudit_tags (YAML) add what Ansible has no word for.
 */
import path from 'node:path';
import type { Lang } from '../../core/i18n.js';
import { isMap, isScalar } from 'yaml';
import { where, type YamlSource } from '../../core/yaml-source.js';
import { mergeVars, resolveInventory, usage, type GroupNode, type HostVars, type Inventory } from './model.js';
import { resolveKeyPath } from './posaudit-inventory.js';

const MAX_RANGE_HOSTS = 100_000;

/** How many names a pattern's ranges give, counted without expanding them (Infinity if absurd). */
function rangeProduct(pattern: string): number {
  let n = 1;
  for (const m of pattern.matchAll(/\[([0-9a-z]+):([0-9a-z]+)(?::(\d+))?\]/gi)) {
    const stride = m[3] ? Math.max(1, Number(m[3])) : 1;
    const a = /^\d+$/.test(m[1]) ? Number(m[1]) : m[1].charCodeAt(0);
    const b = /^\d+$/.test(m[2]) ? Number(m[2]) : m[2].charCodeAt(0);
    n *= Math.max(1, Math.floor((b - a) / stride) + 1);
    if (!Number.isFinite(n)) return Infinity;
  }
  return n;
}

/** Expand Ansible host ranges: `pos[01:03]` → pos01 pos02 pos03; `db-[a:c]`; `[0:10:2]`. */
export function expandHostPattern(pattern: string, at: string, lang: Lang): string[] {
  const total = rangeProduct(pattern);
  if (total > MAX_RANGE_HOSTS)
    throw usage(
      lang,
      `${at}: host range "${pattern}" would make ${Number.isFinite(total) ? total.toLocaleString('en') : 'too many'} hosts ` +
        `(posaudit's limit is ${MAX_RANGE_HOSTS.toLocaleString('en')} per line)`,
      `${at}: ホストの範囲指定 "${pattern}" は ${Number.isFinite(total) ? total.toLocaleString('ja') : '膨大な数の'}` +
        ` 台になります (1 行あたりの上限は ${MAX_RANGE_HOSTS.toLocaleString('ja')} 台)`,
    );
  const m = /^(.*?)\[([0-9a-z]+):([0-9a-z]+)(?::(\d+))?\](.*)$/i.exec(pattern);
  if (!m) return [pattern];
  const [, head, from, to, strideText, tail] = m;
  const stride = strideText ? Number(strideText) : 1;
  const bad = () => usage(lang, `${at}: bad host range "${pattern}"`, `${at}: ホストの範囲指定が正しくありません: "${pattern}"`);
  if (stride < 1) throw bad();
  const items: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const a = Number(from);
    const b = Number(to);
    if (b < a || (b - a) / stride > MAX_RANGE_HOSTS) throw bad();
    const width = from.length > 1 && from.startsWith('0') ? from.length : 0;
    for (let i = a; i <= b; i += stride) items.push(width ? String(i).padStart(width, '0') : String(i));
  } else if (/^[a-z]$/i.test(from) && /^[a-z]$/i.test(to)) {
    const a = from.charCodeAt(0);
    const b = to.charCodeAt(0);
    if (b < a) throw bad();
    for (let i = a; i <= b; i += stride) items.push(String.fromCharCode(i));
  } else throw bad();
  const out: string[] = [];
  for (const it of items) for (const rest of expandHostPattern(`${it}${tail}`, at, lang)) out.push(`${head}${rest}`);
  if (out.length > MAX_RANGE_HOSTS) throw bad();
  return out;
}

/** `host:port` in a host name (not for IPv6 without brackets). */
function splitHostPort(name: string): { name: string; port?: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(name);
  if (!m) return { name };
  return { name: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function truthy(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y'].includes(s)) return true;
  if (['false', 'no', 'off', '0', 'n'].includes(s)) return false;
  return undefined;
}

/** ProxyJump from ssh args: `-J x`, `-o ProxyJump=x`, `-o 'ProxyJump x'` (the first of ProxyJump/ProxyCommand wins, as in ssh). */
export function jumpFromSshArgs(args: string): string | undefined {
  const m = /(?:^|\s)-J\s*(\S+)/.exec(args) ?? /ProxyJump[=\s]+([^\s'"]+)/i.exec(args);
  const pc = /ProxyCommand[=\s]/i.exec(args);
  if (m && pc && pc.index < m.index && !/(?:^|\s)-J/.test(m[0])) return undefined;
  return m?.[1];
}

/** ProxyCommand from ssh args (`-o ProxyCommand="…"`, `-o 'ProxyCommand …'`), split as a shell would. */
export function proxyCommandFromSshArgs(args: string): string | undefined {
  const words = shlexSplit(args);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] === '-o' ? words[i + 1] : words[i].startsWith('-o') ? words[i].slice(2) : undefined;
    const m = w !== undefined ? /^\s*ProxyCommand\s*(?:=\s*|\s+)(.+)$/is.exec(w) : null;
    if (m && m[1].trim().toLowerCase() !== 'none') return m[1].trim();
  }
  return undefined;
}

/**
 * An INI value as Ansible's _parse_value reads it (ast.literal_eval, else the text as written):
 * numbers and quoted strings (a trailing `# comment` after them is Python's comment), True/False;
 * anything else is kept whole, `# comment` included.
 */
export function iniValue(v: string): string | number | boolean {
  const s = v.trim();
  const m = /^(-?\d+(?:\.\d*)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|True|False)\s*(?:#.*)?$/.exec(s);
  if (!m) return s;
  const x = m[1];
  if (x === 'True') return true;
  if (x === 'False') return false;
  if (x.startsWith('"') || x.startsWith("'")) return x.slice(1, -1).replace(/\\(.)/g, '$1');
  return Number(x);
}

/** Ansible vars → HostVars. `at` names the place for errors. */
export function ansibleVars(raw: Record<string, unknown>, at: (key: string) => string, baseDir: string, lang: Lang): HostVars {
  const v: HostVars = {};
  const text = (key: string): string | undefined => {
    const x = raw[key];
    if (x === undefined || x === null) return undefined;
    const s = String(x);
    if (s.includes('{{'))
      throw usage(
        lang,
        `${at(key)}: ${key} uses a Jinja template ("${s}"); posaudit reads inventories without Ansible, give the value itself`,
        `${at(key)}: ${key} に Jinja テンプレート ("${s}") が使われています。posaudit は Ansible なしで読むため、` +
          `値そのものを書いてください`,
      );
    return s;
  };
  const address = text('ansible_host') ?? text('ansible_ssh_host');
  if (address) v.address = address;
  const user = text('ansible_user') ?? text('ansible_ssh_user');
  if (user) v.user = user;
  const portKey = raw.ansible_port !== undefined ? 'ansible_port' : 'ansible_ssh_port';
  const portRaw = raw[portKey];
  const port = text(portKey);
  if (port !== undefined) {
    // Ansible (2.14) passes the value through int(): a YAML/INI number must be whole; a quoted
    // string must be digits ("22.0" as a string is refused by Ansible too).
    const n = typeof portRaw === 'number' ? portRaw : /^\s*\d+\s*$/.test(port) ? Number(port) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw usage(
        lang,
        `${at(portKey)}: ${portKey} must be a port number (1-65535), not "${port}"`,
        `${at(portKey)}: ${portKey} はポート番号 (1〜65535) で指定してください: "${port}"`,
      );
    v.port = n;
  }
  const key = text('ansible_ssh_private_key_file') ?? text('ansible_private_key_file');
  if (key) v.identity = [resolveKeyPath(key, baseDir)];
  for (const k of ['ansible_become', 'ansible_sudo']) {
    const b = text(k);
    if (b === undefined) continue;
    const bv = truthy(b);
    if (bv === undefined)
      throw usage(
        lang,
        `${at(k)}: ${k} must be true or false, not "${b}"`,
        `${at(k)}: ${k} は true か false で指定してください: "${b}"`,
      );
    v.become = bv;
  }
  const shell = text('ansible_shell_type');
  const conn = text('ansible_connection');
  if (shell === 'powershell' || shell === 'cmd' || conn === 'winrm' || conn === 'psrp') v.platform = 'windows';
  if (conn !== undefined) v.connection = conn.trim();
  const plat = text('posaudit_platform');
  if (plat !== undefined) {
    if (plat !== 'linux' && plat !== 'windows')
      throw usage(
        lang,
        `${at('posaudit_platform')}: posaudit_platform must be linux or windows, not "${plat}"`,
        `${at('posaudit_platform')}: posaudit_platform は linux か windows で指定してください: "${plat}"`,
      );
    v.platform = plat;
  }
  const args = [text('ansible_ssh_common_args'), text('ansible_ssh_extra_args')].filter(Boolean).join(' ');
  const jump = text('posaudit_jump') ?? (args ? jumpFromSshArgs(args) : undefined);
  if (jump) v.jump = jump;
  const proxy = args ? proxyCommandFromSshArgs(args) : undefined;
  if (proxy && !jump) v.proxyCommand = proxy;
  const tags: Record<string, string> = {};
  for (const [k, x] of Object.entries(raw))
    if (k.startsWith('posaudit_tag_') && x !== null && x !== undefined) tags[k.slice('posaudit_tag_'.length)] = String(x);
  const tagMap = raw.posaudit_tags;
  if (tagMap && typeof tagMap === 'object' && !Array.isArray(tagMap))
    for (const [k, x] of Object.entries(tagMap)) tags[k] = String(x);
  if (Object.keys(tags).length) v.tags = tags;
  const keyOf: Record<string, string[]> = {
    address: ['ansible_host', 'ansible_ssh_host'],
    user: ['ansible_user', 'ansible_ssh_user'],
    port: ['ansible_port', 'ansible_ssh_port'],
    identity: ['ansible_ssh_private_key_file', 'ansible_private_key_file'],
    become: ['ansible_become', 'ansible_sudo'],
    jump: ['posaudit_jump', 'ansible_ssh_common_args', 'ansible_ssh_extra_args'],
    proxyCommand: ['ansible_ssh_common_args', 'ansible_ssh_extra_args'],
    connection: ['ansible_connection'],
    platform: ['posaudit_platform', 'ansible_shell_type', 'ansible_connection'],
  };
  const origin: NonNullable<HostVars['origin']> = {};
  for (const [field, keys] of Object.entries(keyOf)) {
    if (v[field as keyof HostVars] === undefined) continue;
    const k = keys.find((x) => raw[x] !== undefined);
    if (k) origin[field as keyof typeof origin] = at(k);
  }
  if (Object.keys(origin).length) v.origin = origin;
  return v;
}

/** Split an INI host line or `key=value` list the way Python's shlex does (quotes, `#` comments). */
export function shlexSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '#' && !inWord) break;
    else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

interface Collected {
  groups: Map<string, GroupNode>;
  hosts: Map<string, { vars?: HostVars; source: string }>;
  groupSources: Map<string, string>;
}

function groupNode(c: Collected, name: string, source: string): GroupNode {
  let g = c.groups.get(name);
  if (!g) {
    g = { hosts: new Set(), children: new Set() };
    c.groups.set(name, g);
    c.groupSources.set(name, source);
  }
  return g;
}

function addHostVars(c: Collected, name: string, vars: HostVars, source: string): void {
  const prev = c.hosts.get(name);
  if (!prev) c.hosts.set(name, { vars, source });
  else prev.vars = mergeVars(prev.vars, vars);
}

export function readAnsibleIni(file: string, text: string, lang: Lang): Inventory {
  const baseDir = path.dirname(path.resolve(file));
  const c: Collected = { groups: new Map(), hosts: new Map(), groupSources: new Map() };
  groupNode(c, 'all', `${file}:1`);
  groupNode(c, 'ungrouped', `${file}:1`);
  let section = { name: 'ungrouped', kind: 'hosts' as 'hosts' | 'vars' | 'children' };
  const lines = text.split(/\r?\n/);
  const pendingChildren: Array<{ parent: string; child: string; at: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const at = `${file}:${i + 1}`;
    const line = lines[i].trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    // Ansible's own section pattern: any group name without ':', ']' or spaces (Unicode included).
    const sec = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/u.exec(line);
    if (sec) {
      const name = sec[1];
      const kind = sec[2] ?? 'hosts';
      if (!['hosts', 'vars', 'children'].includes(kind))
        throw usage(
          lang,
          `${at}: bad section "${line}" (expected [group], [group:vars] or [group:children])`,
          `${at}: セクション "${line}" が正しくありません ([group]、[group:vars]、[group:children] のいずれか)`,
        );
      section = { name, kind: kind as 'hosts' | 'vars' | 'children' };
      groupNode(c, name, at);
      continue;
    }
    // As Ansible: `[…]` that is not a section is an error; `[::1]:2222` (IPv6, port) is a host line.
    if (line.startsWith('[') && !line.endsWith(']') && !/^\[[0-9A-Fa-f:.]+\](?::\d+)?(?:\s|$)/.test(line))
      throw usage(lang, `${at}: unclosed section header "${line}"`, `${at}: セクション見出しが閉じていません: "${line}"`);
    if (line.startsWith('[') && line.endsWith(']'))
      throw usage(
        lang,
        `${at}: invalid section "${line}" (no spaces in group names; expected [group], [group:vars] or [group:children])`,
        `${at}: セクション "${line}" が正しくありません (グループ名に空白は使えません。[group]、[group:vars]、[group:children] のいずれか)`,
      );
    if (section.kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 1)
        throw usage(
          lang,
          `${at}: expected key=value in [${section.name}:vars], got "${line}"`,
          `${at}: [${section.name}:vars] には key=value を書きます: "${line}"`,
        );
      const key = line.slice(0, eq).trim();
      const raw: Record<string, unknown> = { [key]: iniValue(line.slice(eq + 1)) };
      if (key === 'ansible_group_priority') setPriority(c, section.name, raw[key], at, lang);
      const node = groupNode(c, section.name, at);
      const add = ansibleVars(raw, () => at, baseDir, lang);
      node.vars = mergeVars(node.vars, add);
      continue;
    }
    if (section.kind === 'children') {
      const child = shlexSplit(line)[0];
      if (child) pendingChildren.push({ parent: section.name, child, at });
      continue;
    }
    const words = shlexSplit(line);
    if (words.length === 0) continue;
    const [hostPattern, ...assigns] = words;
    const raw: Record<string, unknown> = {};
    for (const a of assigns) {
      const eq = a.indexOf('=');
      if (eq < 1)
        throw usage(
          lang,
          `${at}: expected key=value after the host name, got "${a}"`,
          `${at}: ホスト名の後には key=value を書きます: "${a}"`,
        );
      raw[a.slice(0, eq)] = iniValue(a.slice(eq + 1));
    }
    const vars = ansibleVars(raw, () => at, baseDir, lang);
    for (const expanded of expandHostPattern(hostPattern, at, lang)) {
      const hp = splitHostPort(expanded);
      addHostVars(c, hp.name, hp.port ? { port: hp.port, ...vars } : vars, at);
      groupNode(c, section.name, at).hosts.add(hp.name);
    }
  }
  for (const pc of pendingChildren) {
    // Ansible refuses the whole file: "Section [g:children] includes undefined group: x".
    if (!c.groups.has(pc.child))
      throw usage(
        lang,
        `${pc.at}: section [${pc.parent}:children] includes undefined group "${pc.child}" (Ansible refuses this file too)`,
        `${pc.at}: [${pc.parent}:children] に未定義のグループ "${pc.child}" があります (Ansible もこのファイルを読み込みません)`,
      );
    groupNode(c, pc.parent, pc.at).children.add(pc.child);
  }
  linkTopGroups(c);
  return resolveInventory(file, 'ansible-ini', lang, {
    groups: c.groups,
    hosts: c.hosts,
    groupSource: (g) => c.groupSources.get(g) ?? file,
  });
}

function setPriority(c: Collected, group: string, value: unknown, at: string, lang: Lang): void {
  const n = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isInteger(n))
    throw usage(
      lang,
      `${at}: ansible_group_priority must be a whole number, not "${String(value)}"`,
      `${at}: ansible_group_priority は整数で指定してください: "${String(value)}"`,
    );
  groupNode(c, group, at).priority = n;
}

/** Every group that is nobody's child hangs under `all` (Ansible's implicit tree). */
function linkTopGroups(c: Collected): void {
  const isChild = new Set<string>();
  for (const g of c.groups.values()) for (const ch of g.children) isChild.add(ch);
  const all = c.groups.get('all');
  if (!all) return;
  for (const name of c.groups.keys()) if (name !== 'all' && !isChild.has(name)) all.children.add(name);
}

/**
 * `file:line:col` of every key of the mapping at `segs`, in one pass. (Calling where() per host
 * looked each key up in the whole mapping: 50,000 hosts took a minute.)
 */
function keyPositions(src: YamlSource, segs: Array<string | number>): Map<string, { at: string; vars: Map<string, string> }> {
  const out = new Map<string, { at: string; vars: Map<string, string> }>();
  const posOf = (k: unknown): string | undefined => {
    if (!isScalar(k) || !k.range) return undefined;
    const pos = src.lines.linePos(k.range[0]);
    return `${src.file}:${pos.line}:${pos.col}`;
  };
  const node = src.doc.getIn(segs, true);
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const at = posOf(pair.key);
    if (at === undefined || !isScalar(pair.key)) continue;
    const vars = new Map<string, string>();
    if (isMap(pair.value))
      for (const v of pair.value.items) {
        const vat = posOf(v.key);
        if (vat !== undefined && isScalar(v.key)) vars.set(String(v.key.value), vat);
      }
    out.set(String(pair.key.value), { at, vars });
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function readAnsibleYaml(src: YamlSource, lang: Lang): Inventory {
  const baseDir = path.dirname(path.resolve(src.file));
  const c: Collected = { groups: new Map(), hosts: new Map(), groupSources: new Map() };
  if (!isRecord(src.data))
    throw usage(
      lang,
      `${src.file}:1:1: an Ansible YAML inventory is a mapping of groups (usually "all:")`,
      `${src.file}:1:1: Ansible の YAML インベントリはグループの対応表です (ふつうは "all:")`,
    );
  groupNode(c, 'all', where(src, []));
  groupNode(c, 'ungrouped', where(src, []));
  const visit = (name: string, body: unknown, segs: Array<string | number>, depth: number): void => {
    const at = where(src, segs);
    if (depth > 50) throw usage(lang, `${at}: groups nested too deeply`, `${at}: グループの入れ子が深すぎます`);
    if (!name || /\s/.test(name))
      throw usage(lang, `${at}: bad group name "${name}"`, `${at}: グループ名が正しくありません: "${name}"`);
    const node = groupNode(c, name, at);
    if (body === null || body === undefined) return;
    if (!isRecord(body))
      throw usage(
        lang,
        `${at}: group "${name}" must be a mapping with hosts, children and vars`,
        `${at}: グループ "${name}" は hosts・children・vars を持つ対応表で書きます`,
      );
    for (const key of Object.keys(body))
      if (!['hosts', 'children', 'vars'].includes(key))
        throw usage(
          lang,
          `${where(src, [...segs, key])}: unknown key "${key}" in group "${name}" (expected hosts, children, vars)`,
          `${where(src, [...segs, key])}: グループ "${name}" に不明なキー "${key}" があります (hosts・children・vars のみ)`,
        );
    if (body.vars !== undefined && body.vars !== null) {
      if (!isRecord(body.vars))
        throw usage(
          lang,
          `${where(src, [...segs, 'vars'])}: vars must be a mapping`,
          `${where(src, [...segs, 'vars'])}: vars は対応表で書きます`,
        );
      const vars = body.vars;
      const add = ansibleVars(vars, (k) => where(src, [...segs, 'vars', k]), baseDir, lang);
      if (vars.ansible_group_priority !== undefined)
        setPriority(c, name, vars.ansible_group_priority, where(src, [...segs, 'vars', 'ansible_group_priority']), lang);
      node.vars = mergeVars(node.vars, add);
    }
    if (body.hosts !== undefined && body.hosts !== null) {
      if (!isRecord(body.hosts))
        throw usage(
          lang,
          `${where(src, [...segs, 'hosts'])}: hosts must be a mapping of host names (each "name:" on its own line)`,
          `${where(src, [...segs, 'hosts'])}: hosts はホスト名の対応表で書きます (1 行に "name:" 1 つ)`,
        );
      const positions = keyPositions(src, [...segs, 'hosts']);
      for (const [pattern, hv] of Object.entries(body.hosts)) {
        const known = positions.get(pattern);
        const hat = known?.at ?? where(src, [...segs, 'hosts', pattern]);
        if (hv !== null && hv !== undefined && !isRecord(hv))
          throw usage(
            lang,
            `${hat}: vars of host "${pattern}" must be a mapping`,
            `${hat}: ホスト "${pattern}" の変数は対応表で書きます`,
          );
        const vars = hv
          ? ansibleVars(hv, (k) => known?.vars.get(k) ?? where(src, [...segs, 'hosts', pattern, k]), baseDir, lang)
          : {};
        for (const expanded of expandHostPattern(pattern, hat, lang)) {
          const hp = splitHostPort(expanded);
          addHostVars(c, hp.name, hp.port ? { port: hp.port, ...vars } : vars, hat);
          node.hosts.add(hp.name);
        }
      }
    }
    if (body.children !== undefined && body.children !== null) {
      if (!isRecord(body.children))
        throw usage(
          lang,
          `${where(src, [...segs, 'children'])}: children must be a mapping of groups`,
          `${where(src, [...segs, 'children'])}: children はグループの対応表で書きます`,
        );
      for (const [child, cb] of Object.entries(body.children)) {
        node.children.add(child);
        visit(child, cb, [...segs, 'children', child], depth + 1);
      }
    }
  };
  for (const [name, body] of Object.entries(src.data)) visit(name, body, [name], 0);
  linkTopGroups(c);
  return resolveInventory(src.file, 'ansible-yaml', lang, {
    groups: c.groups,
    hosts: c.hosts,
    groupSource: (g) => c.groupSources.get(g) ?? src.file,
  });
}
