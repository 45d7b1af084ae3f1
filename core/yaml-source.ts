/** YAML files with positions, so an error can name the file, line and column. */
import { promises as fsp } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, visit, type Document, type Node } from 'yaml';
import { UsageError } from './errors.js';
import { checkInputFile, MiB } from './input-file.js';

/** The biggest YAML file posaudit reads (profiles, waivers, inventories of tens of thousands of hosts). */
const MAX_YAML_BYTES = 64 * MiB;

/** Japanese names of the YAML files posaudit reads (callers pass the English name). */
const WHAT_JA: Record<string, string> = {
  profile: 'プロファイル',
  'waivers file': '免除（waivers）ファイル',
  'attestations file': '証明（attestations）ファイル',
  inventory: 'インベントリ',
};

function whatJa(what: string): string {
  return WHAT_JA[what] ?? what;
}

export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export async function readYaml(file: string, what: string): Promise<YamlSource> {
  let text: string;
  try {
    await checkInputFile(file, { en: what, ja: whatJa(what) }, MAX_YAML_BYTES);
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`${file}: cannot read ${what}: ${code}`, `${file}: ${whatJa(what)}を読み取れません: ${code}`);
  }
  return parseYamlText(file, text, what);
}

export function parseYamlText(file: string, text: string, what: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    const reason = e.message.split('\n')[0];
    throw new UsageError(
      `${file}:${pos.line}:${pos.col}: malformed ${what}: ${reason}`,
      `${file}:${pos.line}:${pos.col}: ${whatJa(what)}の YAML が不正です: ${reason}`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml stops an alias bomb ("billion laughs") with a ReferenceError: say where, exit 2.
    let at = 0;
    visit(doc, {
      Alias(_key, node) {
        at = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const pos = lines.linePos(at);
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(
      `${file}:${pos.line}:${pos.col}: malformed ${what}: aliases expand too much (more than ${MAX_ALIAS_COUNT} uses of an ` +
        `anchor): ${reason}`,
      `${file}:${pos.line}:${pos.col}: ${whatJa(what)}の YAML が不正です: エイリアスの展開が多すぎます（アンカーの参照が ` +
        `${MAX_ALIAS_COUNT} 回を超えています）`,
    );
  }
  return { file, doc, lines, data };
}

/** How many times one anchor may be used (yaml's guard against alias bombs). */
const MAX_ALIAS_COUNT = 100;

/** `file:line:col` of the node at a JSON pointer-ish path (ajv instancePath or segments). */
export function where(src: YamlSource, pathSegments: Array<string | number>): string {
  let node: unknown = src.doc.contents;
  let last: Node | undefined = node as Node | undefined;
  for (const seg of pathSegments) {
    if (isMap(node)) node = node.get(seg, true);
    else if (isSeq(node)) node = node.get(Number(seg), true);
    else break;
    if (node && typeof node === 'object' && 'range' in (node as object)) last = node as Node;
  }
  const offset = last?.range?.[0] ?? 0;
  const pos = src.lines.linePos(offset);
  return `${src.file}:${pos.line}:${pos.col}`;
}

export function pointerSegments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
