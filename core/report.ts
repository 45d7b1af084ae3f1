/**
 * A report as the reporters read it when it may be too big to hold: the header (everything in a
 * Report but the targets), one small row per host, and the targets themselves as a stream that can
 * be read again (every reporter reads it once or more). A scan spools its judged targets to a file
 * (TargetSpool) so its memory stays flat in fleet size; a Report already in memory is wrapped by
 * sourceOfReport.
 */
import { once } from 'node:events';
import { createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { completeSummary, GateTally, gates, undecides, verdictOfGate } from './gate.js';
import { redactDeep } from './redact.js';
import { STATUSES, type Report, type Status, type Summary, type TargetKind, type TargetResult } from './model.js';
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

/**
 * Judged targets on disk, one JSON line each, in the order they finish; read back in report order
 * (by slot) with positioned reads. Kept in memory: the byte range of each slot and its host row.
 */
export class TargetSpool {
  private readonly out: WriteStream;
  private readonly opened: Promise<void>;
  private offset = 0;
  private readonly ranges: Array<[number, number] | undefined>;
  private readonly rows: Array<HostRow | undefined>;
  private closed = false;
  private readonly tally: GateTally;
  private drained?: Promise<void>;

  constructor(
    readonly file: string,
    slots: number,
    private readonly failOn: Report['failOn'],
  ) {
    this.out = createWriteStream(file, { mode: 0o600 });
    this.opened = once(this.out, 'open').then(() => undefined);
    this.ranges = new Array(slots);
    this.rows = new Array(slots);
    this.tally = new GateTally(failOn);
  }

  /** Store the target of a slot (masked: the spool holds nothing a report would not). */
  async add(slot: number, target: TargetResult): Promise<void> {
    const masked = redactDeep(target);
    const line = Buffer.from(JSON.stringify(masked) + '\n', 'utf8');
    this.ranges[slot] = [this.offset, line.length - 1];
    this.rows[slot] = hostRowOf(masked, this.failOn);
    this.tally.add(masked);
    this.offset += line.length;
    // One shared wait for 'drain', however many hosts finish at once (no MaxListeners warning at 240).
    if (!this.out.write(line)) await (this.drained ??= once(this.out, 'drain').then(() => void (this.drained = undefined)));
  }

  has(slot: number): boolean {
    return this.ranges[slot] !== undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opened;
    const done = once(this.out, 'close');
    this.out.end();
    await done;
  }

  /** A source over the spooled targets: every slot must be filled and the spool closed. */
  source(header: Omit<ReportHeader, 'summary' | 'verdict'>): ReportSource & { summary: Summary; verdict: Report['verdict'] } {
    const rows = this.rows.map((r, i) => {
      if (!r) throw new Error(`spool slot ${i} is empty`);
      return r;
    });
    const ranges = this.ranges as Array<[number, number]>;
    const file = this.file;
    const summary = completeSummary(summaryOfRows(rows), this.tally.summary());
    const verdict = verdictOfRows(rows);
    return {
      header: withSummary(header, summary, verdict),
      hosts: rows,
      summary,
      verdict,
      async *targets() {
        const fh = await fsp.open(file, 'r');
        try {
          for (const [start, length] of ranges) {
            const buf = Buffer.alloc(length);
            let read = 0;
            while (read < length) {
              const { bytesRead } = await fh.read(buf, read, length - read, start + read);
              if (bytesRead === 0) throw new Error(`${file}: truncated at byte ${start + read}`);
              read += bytesRead;
            }
            yield JSON.parse(buf.toString('utf8')) as TargetResult;
          }
        } finally {
          await fh.close();
        }
      },
    };
  }

  async remove(): Promise<void> {
    await this.close();
    await fsp.rm(this.file, { force: true });
  }
}

/** Header fields in the order a Report has them (targets left out). */
function withSummary(h: Omit<ReportHeader, 'summary' | 'verdict'>, summary: Summary, verdict: Report['verdict']): ReportHeader {
  const out: ReportHeader = {
    schemaVersion: h.schemaVersion,
    tool: h.tool,
    createdAt: h.createdAt,
    lang: h.lang,
    failOn: h.failOn,
    profiles: h.profiles,
    summary,
    verdict,
  };
  if (h.expiredWaivers) out.expiredWaivers = h.expiredWaivers;
  if (h.baseline) out.baseline = h.baseline;
  return out;
}
