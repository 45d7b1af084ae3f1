/** Read an inventory file in whichever format it is: posaudit YAML, Ansible INI or Ansible YAML. */
import { promises as fsp } from 'node:fs';
import type { Lang } from '../../core/i18n.js';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { parseYamlText, type YamlSource } from '../../core/yaml-source.js';
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
    const src = parseInventoryYaml(file, text, lang);
    const data = src.data;
    // A header-less INI file (host lines only) reads as a YAML string: Ansible's INI plugin takes it.
    if (typeof data === 'string' && !/\.(ya?ml|json)$/i.test(file)) return nonEmpty(readAnsibleIni(file, text, lang), lang);
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
  return nonEmpty(inv, lang);
}

function nonEmpty(inv: Inventory, lang: Lang): Inventory {
  if (inv.hosts.length === 0)
    throw usage(lang, `${inv.file}: the inventory lists no hosts`, `${inv.file}: インベントリにホストがありません`);
  return inv;
}

/** `hosts: {hosts: …, children: …}` is an Ansible group called "hosts", not ours. */
function isAnsibleGroup(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => ['hosts', 'children', 'vars'].includes(k));
}

/**
 * YAML in linear time: the yaml library's own duplicate-key check compares every key with every
 * other (50,000 hosts took over a minute), so it is off and one Set per mapping does the same job.
 * Errors and alias limits are parseYamlText's.
 */
function parseInventoryYaml(file: string, text: string, lang: Lang): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) return parseYamlText(file, text, 'inventory'); // throws the usual file:line message
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        const name = isScalar(k) ? String(k.value) : JSON.stringify(k);
        if (seen.has(name)) {
          const pos = lines.linePos((k as Node | null)?.range?.[0] ?? 0);
          throw usage(
            lang,
            `${file}:${pos.line}:${pos.col}: malformed inventory: duplicate key "${name}"`,
            `${file}:${pos.line}:${pos.col}: インベントリの YAML が不正です: キー "${name}" が重複しています`,
          );
        }
        seen.add(name);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return { file, doc, lines, data: doc.toJS({ maxAliasCount: 100 }) };
}
