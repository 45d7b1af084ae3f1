/**
 * A scan: gather every target (bounded concurrency, one bad host never stops the others),
 * stream the evidence bundle to disk, judge each host as it finishes and spool its result to
 * disk too. Memory stays flat in fleet size: what stays is one small row per host; the reports
 * are written from the spool (engine/reports.ts writeReportSource).
 */
import { isoWithOffset } from '../core/time.js';
import { coverageCounts } from './coverage.js';
import path from 'node:path';
import { setMaxListeners } from 'node:events';
import { promises as fsp } from 'node:fs';
import { BundleWriter, type BundleTarget } from './bundle.js';
import { judgeTarget, summarize, verdictOf, type Judgement } from './evaluate.js';
import type { Lang } from '../core/i18n.js';
import type { Report, Severity, TargetResult, WaiverRef } from '../core/model.js';
import type { ReportSource } from '../core/report.js';
import { TargetSpool } from './spool.js';
import type { Plan } from './planner.js';
import type { ProgressListener } from '../core/progress.js';
import { failedTransiently, gatherTarget } from './runner.js';
import { toolVersion } from '../core/version.js';
import type { Target } from '../core/target.js';

export interface ScanItem {
  /** Display name (inventory name, or the target id). */
  name: string;
  tags?: Record<string, string>;
  /** Creates the target when its turn comes (so a fleet holds few connections at once). */
  create: () => Promise<Target>;
}

export interface ScanOptions {
  outDir: string;
  lang: Lang;
  failOn: Severity;
  profileRefs: string[];
  judgement: Judgement;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Retries for transient connection errors. */
  retries?: number;
  /** Time limit of one host, every phase (--timeout). */
  hostTimeoutMs?: number;
}

export async function runWithConcurrency<T>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

/** Where a scan spools its judged targets (in the output folder; removed by dispose). */
export const SPOOL_FILE = '.targets.jsonl';

export interface ScanOutcome {
  /** The report, its targets read back from the spool. */
  source: ReportSource;
  /** Delete the spool: call once the reports are written. */
  dispose(): Promise<void>;
}

export async function scan(items: ScanItem[], plan: Plan, opts: ScanOptions): Promise<ScanOutcome> {
  await fsp.mkdir(opts.outDir, { recursive: true });
  const spool = new TargetSpool(path.join(opts.outDir, SPOOL_FILE), items.length, opts.failOn);
  try {
    return await scanInto(spool, items, plan, opts);
  } catch (err) {
    await spool.remove();
    throw err;
  }
}

async function scanInto(spool: TargetSpool, items: ScanItem[], plan: Plan, opts: ScanOptions): Promise<ScanOutcome> {
  const createdAt = isoWithOffset();
  const bundle = new BundleWriter(path.join(opts.outDir, 'evidence.json.gz'), {
    format: 'posaudit-evidence',
    version: 1,
    tool: { name: 'posaudit', version: toolVersion() },
    createdAt,
    profiles: opts.profileRefs,
  });
  const emit = opts.onProgress ?? (() => undefined);
  // Every host in flight listens for Ctrl-C on this one signal: no "possible leak" warning at --concurrency 64.
  if (opts.signal) setMaxListeners(0, opts.signal);
  emit({ type: 'start', targets: items.length });
  const expired = new Map<string, WaiverRef>();
  try {
    await runWithConcurrency(
      items,
      opts.concurrency ?? 16,
      async (item, index) => {
        let bt: BundleTarget | undefined;
        const attempts = 1 + (opts.retries ?? 1);
        for (let attempt = 1; attempt <= attempts; attempt++) {
          let target: Target;
          try {
            target = await item.create();
          } catch (err) {
            bt = unscannedTarget(item, (err as Error).message);
            break;
          }
          emit({ type: 'target-start', id: target.id, name: item.name });
          bt = await gatherTarget(target, plan, {
            name: item.name,
            tags: item.tags,
            signal: opts.signal,
            onProgress: emit,
            timeoutMs: opts.hostTimeoutMs,
          });
          if (!failedTransiently(bt) || opts.signal?.aborted) break;
        }
        if (!bt) return;
        await bundle.add(bt);
        const tr = judgeTarget(plan, bt, opts.judgement, expired);
        await spool.add(index, tr);
        emit({ type: 'target-done', id: tr.id, name: tr.name, state: tr.state, summary: summarize([tr]), error: tr.error });
      },
      opts.signal,
    );
  } catch (err) {
    await bundle.abandon();
    throw err;
  }
  await bundle.close();
  for (let i = 0; i < items.length; i++) {
    if (!spool.has(i))
      await spool.add(
        i,
        judgeTarget(plan, unscannedTarget(items[i], `${items[i].name}: not scanned (the scan was interrupted)`), opts.judgement),
      );
  }
  await spool.close();
  const source = spool.source({
    schemaVersion: 1,
    tool: { name: 'posaudit', version: toolVersion() },
    createdAt,
    lang: opts.lang,
    failOn: opts.failOn,
    profiles: profileRefsOf(plan),
    ...(expired.size ? { expiredWaivers: [...expired.values()] } : {}),
  });
  emit({ type: 'end', header: source.header });
  return { source, dispose: () => spool.remove() };
}

function profileRefsOf(plan: Plan): Report['profiles'] {
  return plan.profiles.map((p) => ({
    id: p.id,
    title: p.title,
    version: p.version,
    source: p.source,
    coverage: coverageCounts(p),
  }));
}

function assembleReport(
  plan: Plan,
  targets: TargetResult[],
  o: { lang: Lang; failOn: Severity; createdAt: string },
  expired: Map<string, WaiverRef>,
): Report {
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'posaudit', version: toolVersion() },
    createdAt: o.createdAt,
    lang: o.lang,
    failOn: o.failOn,
    profiles: profileRefsOf(plan),
    targets,
    summary: summarize(targets, o.failOn),
    verdict: 'compliant',
  };
  report.verdict = verdictOf(report);
  if (expired.size) report.expiredWaivers = [...expired.values()];
  return report;
}

/** A target that never got as far as gathering: its error is the whole result. */
function unscannedTarget(item: ScanItem, error: string): BundleTarget {
  const now = new Date().toISOString();
  return {
    id: item.name,
    kind: 'ssh',
    name: item.name,
    tags: item.tags,
    platform: { os: 'unknown' },
    gatheredAt: now,
    state: 'error',
    error,
    requests: [],
    answers: {},
    timing: { startedAt: now, finishedAt: now, roundTrips: 0, requests: 0 },
  };
}

/** Re-judge a saved bundle with a plan (offline, deterministic). */
export function judgeBundle(
  targets: BundleTarget[],
  plan: Plan,
  opts: { lang: Lang; failOn: Severity; judgement: Judgement; createdAt?: string },
): Report {
  const expired = new Map<string, WaiverRef>();
  const results = targets.map((bt) => judgeTarget(plan, bt, opts.judgement, expired));
  return assembleReport(
    plan,
    results,
    { lang: opts.lang, failOn: opts.failOn, createdAt: opts.createdAt ?? isoWithOffset() },
    expired,
  );
}
