/**
 * One report for the estate from several (fleet shards): a host found in several keeps its
 * latest result; profiles and expired waivers are united; summary and verdict are recomputed.
 */
import { t, tr, type Lang } from '../core/i18n.js';
import { severityRank, type ProfileRef, type Report, type Severity, type TargetResult, type WaiverRef } from '../core/model.js';
import { toolVersion } from '../core/version.js';
import { summarize, verdictOf } from './evaluate.js';
import { isoWithOffset } from '../core/time.js';

/** Merge reports (pure): the later createdAt wins for a host in several. */
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
