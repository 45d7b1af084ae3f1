/**
 * A report as the reporters read it when it may be too big to hold: the header (everything in a
 * Report but the targets), one small row per host, and the targets themselves as a stream that can
 * be read again (every reporter reads it once or more). A scan spools its judged targets to a file
 * (engine/spool.ts, TargetSpool) so its memory stays flat in fleet size; a Report already in memory
 * is wrapped by sourceOfReport.
 */
import { completeSummary, GateTally, gates, undecides, verdictOfGate } from './gate.js';
import { redactDeep } from './redact.js';
import { STATUSES, type Report, type Severity, type Status, type Summary, type TargetKind, type TargetResult } from './model.js';
import type { Text } from './i18n.js';

export type ReportHeader = Omit<Report, 'targets'>;

/** What the report headers and the console need of one host: a few hundred bytes. */
export interface HostRow {
  id: string;
  kind: TargetKind;
  name: string;
  tags?: Record<string, string>;
  state: 'scanned' | 'error';
  error?: string;
  /** Results per status (after waivers). */
  counts: Record<Status, number>;
  /** How many results. */
  results: number;
  /** Some result counts against the gate at this failOn. */
  gating: boolean;
  /** Results at or above failOn whose check could not decide. */
  undecided?: number;
  startedAt: string;
  finishedAt: string;
  /** What a reader must know to trust this host's results (e.g. a dirty registry hive). */
  notes?: Text[];
}

/** What the console and the verdict line need: the header and the host rows. */
export interface ReportView {
  readonly header: ReportHeader;
  /** One row per target, in report order. */
  readonly hosts: readonly HostRow[];
}

export interface ReportSource extends ReportView {
  /** The targets in report order; each call reads them afresh. */
  targets(): AsyncIterable<TargetResult>;
}

export function zeroStatusCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

export function hostRowOf(t: TargetResult, failOn: Report['failOn']): HostRow {
  const counts = zeroStatusCounts();
  let gating = false;
  let undecided = 0;
  for (const r of t.results) {
    counts[r.status]++;
    if (!gating && gates(r.status, r.severity, failOn)) gating = true;
    if (undecides(r.status, r.severity, failOn)) undecided++;
  }
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    ...(t.tags ? { tags: t.tags } : {}),
    state: t.state,
    ...(t.error !== undefined ? { error: t.error } : {}),
    counts,
    results: t.results.length,
    gating,
    undecided,
    startedAt: t.timing.startedAt,
    finishedAt: t.timing.finishedAt,
    ...(t.notes?.length ? { notes: t.notes } : {}),
  };
}

/** The summary of a report from its host rows (the same numbers summarize() gives). */
export function summaryOfRows(rows: readonly HostRow[]): Summary {
  const s = { ...zeroStatusCounts(), total: 0 } as Summary;
  for (const h of rows) {
    for (const st of STATUSES) s[st] += h.counts[st];
    s.total += h.results;
  }
  return s;
}

/** The verdict from host rows (the same as verdictOf on the whole report). */
export function verdictOfRows(rows: readonly HostRow[]): Report['verdict'] {
  return verdictOfGate({
    failing: rows.some((h) => h.gating) ? 1 : 0,
    undecided: rows.reduce((n, h) => n + (h.undecided ?? 0), 0),
    targetsNotScanned: rows.filter((h) => h.state === 'error').length,
  });
}

/** A Report in memory, as a source. */
export function sourceOfReport(report: Report): ReportSource {
  const { targets, ...header } = report;
  // A report written before the gate was summarized gets it here (counts as they were).
  if (!header.summary.gate) {
    const tally = new GateTally(report.failOn);
    for (const t of targets) tally.add(t);
    header.summary = completeSummary(header.summary, tally.summary());
  }
  return {
    header,
    hosts: targets.map((t) => hostRowOf(t, report.failOn)),
    async *targets() {
      yield* targets;
    },
  };
}

/** Every card-number-shaped digit run masked, in the header and in each target as it is read. */
export function redactSource(src: ReportSource): ReportSource {
  return {
    header: redactDeep(src.header),
    hosts: src.hosts.map((h) => redactDeep(h)),
    async *targets() {
      for await (const t of src.targets()) yield redactDeep(t);
    },
  };
}

/** The whole Report back (for callers that need one: small scans, daily). */
export async function materialize(src: ReportSource): Promise<Report> {
  const targets: TargetResult[] = [];
  for await (const t of src.targets()) targets.push(t);
  const { header } = src;
  // Key order as assembleReport writes it.
  const report: Report = {
    schemaVersion: header.schemaVersion,
    tool: header.tool,
    createdAt: header.createdAt,
    lang: header.lang,
    failOn: header.failOn,
    profiles: header.profiles,
    targets,
    summary: header.summary,
    verdict: header.verdict,
  };
  if (header.expiredWaivers) report.expiredWaivers = header.expiredWaivers;
  if (header.baseline) report.baseline = header.baseline;
  return report;
}

/** One issue in a diff of two reports (computed by engine/diff.ts). */
export interface DiffEntry {
  key: string;
  fingerprint: string;
  /** The finding's key within its result ('' for a result without findings). */
  findingId?: string;
  targetId: string;
  targetName: string;
  controlId: string;
  checkId: string;
  severity: Severity;
  status: Status;
  message: Text;
  location?: string;
}

export interface ReportDiff {
  /** When the baseline and the current report were made. */
  from: { createdAt: string };
  to: { createdAt: string };
  /** Issues present now and not before. */
  new: DiffEntry[];
  /** Issues before that are gone now, where the same check ran to the end on the same host. */
  fixed: DiffEntry[];
  /** Issues present both times (status may have changed between fail, warn, error). */
  unchanged: DiffEntry[];
  /**
   * Issues before that could not be re-checked now: the host was not scanned, or the check ended in
   * `error` or reported an error beside its findings (a card-data search out of its budget), or
   * did not run. Neither fixed nor confirmed: carried over as unknown.
   */
  notRechecked: DiffEntry[];
}

/** Fast lookup of baseline states by key. */
export function baselineIndex(diff: ReportDiff): Map<string, 'new' | 'unchanged'> {
  const m = new Map<string, 'new' | 'unchanged'>();
  for (const e of diff.new) m.set(e.key, 'new');
  for (const e of diff.unchanged) m.set(e.key, 'unchanged');
  return m;
}
