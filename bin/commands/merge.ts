/**
 * `posaudit merge`: one report for the estate from the shards' report.json files (or their
 * folders). A host found in several inputs keeps its latest result. Summary, verdict and
 * exit code are recomputed; the formats asked for are re-rendered (writeReports).
 * With --bundles, the shards' evidence.json.gz are merged too, one shard in memory at a time.
 */
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { BundleWriter, readBundle } from '../../engine/bundle.js';
import { exitCodeOf } from '../../engine/evaluate.js';
import { mergeReports } from '../../engine/merge.js';
import { usage } from '../../engine/fleet/model.js';
import { t, tr, type Lang } from '../../core/i18n.js';
import { toolVersion } from '../../core/version.js';
import type { Report } from '../../core/model.js';
import { readJsonReport } from '../../reporters/json.js';
import { parseFormats, parseLang, parseSeverity } from './common.js';
import { writeOutputs } from './output.js';

export interface MergeCliOptions {
  out: string;
  format?: string;
  failOn?: string;
  lang?: string;
  bundles?: boolean;
}

export interface MergeRun {
  report: Report;
  files: string[];
  exitCode: number;
  warnings: string[];
}

async function reportFile(input: string, lang: Lang): Promise<string> {
  const st = await fsp.stat(input).catch(() => undefined);
  if (!st) throw usage(lang, `${input}: no such report or folder`, `${input}: レポートまたはフォルダーがありません`);
  return st.isDirectory() ? path.join(input, 'report.json') : input;
}

export async function runMerge(inputs: string[], o: MergeCliOptions): Promise<MergeRun> {
  const lang = parseLang(o.lang);
  if (inputs.length === 0)
    throw usage(
      lang,
      'merge: give the report.json files (or report folders) to merge',
      'merge: 結合する report.json (またはレポートのフォルダー) を指定してください',
    );
  const formats = parseFormats(o.format);
  const failOn = o.failOn === undefined ? undefined : parseSeverity(o.failOn);
  const files = [...new Set(await Promise.all(inputs.map((i) => reportFile(i, lang))))];
  const outJson = path.resolve(o.out, 'report.json');
  if (files.some((f) => path.resolve(f) === outJson))
    throw usage(
      lang,
      `merge: --out ${o.out} would overwrite an input`,
      `merge: --out ${o.out} は入力ファイルを上書きしてしまいます`,
    );
  const loaded: Array<{ file: string; report: Report }> = [];
  for (const f of files) loaded.push({ file: f, report: await readJsonReport(f) });
  const { report, warnings, kept } = mergeReports(loaded, { failOn, lang: o.lang ? lang : loaded[0]?.report.lang });
  await fsp.mkdir(o.out, { recursive: true });
  if (o.bundles) await mergeBundles(files, kept, path.join(o.out, 'evidence.json.gz'), report, lang, warnings);
  const written = await writeOutputs(report, o.out, formats, report.lang);
  if (o.bundles) written.push(path.join(o.out, 'evidence.json.gz'));
  return { report, files: written, exitCode: exitCodeOf(report), warnings };
}

/** Stream every shard's evidence into one bundle: only the result each host kept. */
async function mergeBundles(
  files: string[],
  kept: Map<string, string>,
  out: string,
  report: Report,
  lang: Lang,
  warnings: string[],
): Promise<void> {
  const sources: Array<{ file: string; bundle: string }> = [];
  for (const f of files) {
    const bundle = path.join(path.dirname(f), 'evidence.json.gz');
    if (!existsSync(bundle)) {
      warnings.push(
        tr(
          t(
            `${f}: no evidence.json.gz beside it; its hosts have no evidence in the merged bundle`,
            `${f}: 隣に evidence.json.gz がないため、そのホストの証跡は結合後のバンドルに入りません`,
          ),
          lang,
        ),
      );
      continue;
    }
    sources.push({ file: f, bundle });
  }
  const writer = new BundleWriter(out, {
    format: 'posaudit-evidence',
    version: 1,
    tool: { name: 'posaudit', version: toolVersion() },
    createdAt: report.createdAt,
    profiles: report.profiles.map((p) => p.source),
  });
  try {
    for (const s of sources) {
      const b = await readBundle(s.bundle);
      for (const bt of b.targets) if (kept.get(bt.name) === s.file) await writer.add(bt);
    }
  } finally {
    await writer.close();
  }
}
