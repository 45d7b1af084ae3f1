/**
 * `posaudit merge`: one report for the estate from the shards' report.json files (or their
 * folders). A host found in several inputs keeps its latest result. Summary, verdict and
 * exit code are recomputed; the formats asked for are re-rendered (writeReports).
 * With --bundles, the shards' evidence.json.gz are merged too, one shard in memory at a time.
 */
import { isoWithOffset } from '../../core/time.js';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { BundleWriter, readBundle } from '../../engine/bundle.js';
import { exitCodeOf, summarize, verdictOf } from '../../engine/evaluate.js';
import { usage } from '../../engine/fleet/model.js';
import { t, tr, type Lang } from '../../core/i18n.js';
import {
  severityRank,
  type ProfileRef,
  type Report,
  type Severity,
  type TargetResult,
  type WaiverRef,
} from '../../core/model.js';
import { toolVersion } from '../../core/version.js';
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

/** Merge reports (pure apart from reading): later createdAt wins for a host in several. */
export function mergeReports(
  reports: Array<{ file: string; report: Report }>,
  opts: { failOn?: Severity; lang?: Lang; createdAt?: string },
): { report: Report; warnings: string[]; kept: Map<string, string> } {
  const warnings: string[] = [];
  const byHost = new Map<string, { tr: TargetResult; createdAt: string; file: string }>();
  const order: string[] = [];
  const profiles = new Map<string, ProfileRef>();
  const expired = new Map<string, WaiverRef>();
  const profileSets = new Set<string>();
  for (const { file, report } of reports) {
    profileSets.add(
      report.profiles
        .map((p) => `${p.id}@${p.version}`)
        .sort()
        .join(','),
    );
    for (const p of report.profiles) profiles.set(`${p.id}@${p.version}`, p);
    for (const w of report.expiredWaivers ?? []) expired.set(w.source, w);
    for (const target of report.targets) {
      const key = target.name;
      const prev = byHost.get(key);
      if (!prev) {
        order.push(key);
        byHost.set(key, { tr: target, createdAt: report.createdAt, file });
        continue;
      }
      const newer = report.createdAt >= prev.createdAt;
      const keptFile = newer ? file : prev.file;
      warnings.push(
        tr(
          t(
            `${key}: in ${prev.file} and ${file}; keeping the later scan, from ${keptFile}`,
            `${key}: ${prev.file} と ${file} の両方にあります。新しい方 (${keptFile}) を使います`,
          ),
          opts.lang ?? 'en',
        ),
      );
      if (newer) byHost.set(key, { tr: target, createdAt: report.createdAt, file });
    }
  }
  if (profileSets.size > 1) {
    const sets = [...profileSets].join(' | ');
    warnings.push(
      tr(
        t(
          `the inputs were scanned with different profiles (${sets}); the merged report lists all of them`,
          `入力ごとにプロファイルが異なります (${sets})。結合後のレポートにはすべてを記載します`,
        ),
        opts.lang ?? 'en',
      ),
    );
  }
  const failOn =
    opts.failOn ?? reports.map((r) => r.report.failOn).sort((a, b) => severityRank(a) - severityRank(b))[0] ?? 'high';
  const targets = order.map((k) => byHost.get(k)?.tr as TargetResult);
  const createdAt = opts.createdAt ?? reports.map((r) => r.report.createdAt).sort()[0] ?? isoWithOffset();
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'posaudit', version: toolVersion() },
    createdAt,
    lang: opts.lang ?? reports[0]?.report.lang ?? 'en',
    failOn,
    profiles: [...profiles.values()],
    targets,
    summary: summarize(targets, failOn),
    verdict: 'compliant',
  };
  report.verdict = verdictOf(report);
  if (expired.size) report.expiredWaivers = [...expired.values()];
  const kept = new Map<string, string>(order.map((k) => [k, byHost.get(k)?.file ?? '']));
  return { report, warnings, kept };
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
