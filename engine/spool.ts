/** A scan's judged targets spooled to a file, read back as a ReportSource (core/report.ts) in report order. */
import { once } from 'node:events';
import { createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { completeSummary, GateTally } from '../core/gate.js';
import { redactDeep } from '../core/redact.js';
import type { Report, Summary, TargetResult } from '../core/model.js';
import { hostRowOf, summaryOfRows, verdictOfRows, type HostRow, type ReportHeader, type ReportSource } from '../core/report.js';

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
