/** Read an inventory file in whichever format it is: posaudit YAML, Ansible INI or Ansible YAML. */
import { promises as fsp } from 'node:fs';
import type { Lang } from '../../core/i18n.js';
import { parseYamlText } from '../../core/yaml-source.js';
import { readAnsibleIni, readAnsibleYaml } from './ansible.js';
import { usage, type Inventory } from './model.js';
import { readPosauditInventory } from './posaudit-inventory.js';

const POSAUDIT_KEYS = new Set(['version', 'defaults', 'groups', 'hosts']);

/** YAML or INI? INI if it has section headers or does not parse as a YAML mapping. */
function looksLikeIni(file: string, text: string): boolean {
  if (/\.(ini|cfg)$/i.test(file) || /(^|\/)hosts$/.test(file)) return true;
  if (/\.(ya?ml|json)$/i.test(file)) return false;
  return /^\s*\[[^\]]+\]\s*$/m.test(text);
}

export async function loadInventory(file: string, lang: Lang): Promise<Inventory> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw usage(
      lang,
      `${file}: cannot read the inventory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      `${file}: インベントリを読めません: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  return parseInventory(file, text, lang);
}

export async function parseInventory(file: string, text: string, lang: Lang): Promise<Inventory> {
  let inv: Inventory;
  if (looksLikeIni(file, text)) inv = readAnsibleIni(file, text, lang);
  else {
    const src = parseYamlText(file, text, 'inventory');
    const data = src.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw usage(
        lang,
        `${file}:1:1: an inventory is a mapping (posaudit: "hosts:"; Ansible: "all:")`,
        `${file}:1:1: インベントリは対応表で書きます (posaudit 形式は "hosts:"、Ansible 形式は "all:")`,
      );
    const keys = Object.keys(data);
    const ours =
      !keys.includes('all') &&
      keys.length > 0 &&
      keys.every((k) => POSAUDIT_KEYS.has(k)) &&
      'hosts' in data &&
      !isAnsibleGroup((data as Record<string, unknown>).hosts);
    inv = ours ? await readPosauditInventory(src, lang) : readAnsibleYaml(src, lang);
  }
  if (inv.hosts.length === 0)
    throw usage(lang, `${file}: the inventory lists no hosts`, `${file}: インベントリにホストがありません`);
  return inv;
}

/** `hosts: {hosts: …, children: …}` is an Ansible group called "hosts", not ours. */
function isAnsibleGroup(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => ['hosts', 'children', 'vars'].includes(k));
}
