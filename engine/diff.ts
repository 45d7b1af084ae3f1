/**
 * Compare two reports: which findings are new, fixed or unchanged.
 * A finding is identified by (target id, control id, check id, finding key): the key says what the
 * finding is about without counts or dates (core/finding-key.ts), so the same problem on the same
 * host is tracked across scans. The engine computes the diff; the reporters only render the
 * ReportDiff they are handed (core/report.ts; the terminal text is reporters/diff-text.ts).
 */
import { findingItems, ISSUE_STATUSES, type FindingItem } from '../core/finding-key.js';
import type { Report, TargetResult } from '../core/model.js';
import type { DiffEntry, ReportDiff, ReportSource } from '../core/report.js';

function entryOf(item: FindingItem): DiffEntry {
  return {
    key: item.key,
    fingerprint: item.fingerprint,
    findingId: item.findingId,
    targetId: item.target.id,
    targetName: item.target.name,
    controlId: item.result.controlId,
    checkId: item.result.checkId,
    severity: item.result.severity,
    status: item.status,
    message: item.message,
    location: item.location,
  };
}

/** A (host, control, check) whose check ran to the end: no `error` result, no `error` or partial finding. */
function decidedKey(targetId: string, controlId: string, checkId: string): string {
  return JSON.stringify([targetId, controlId, checkId]);
}

function addDecided(target: TargetResult, into: Set<string>): void {
  if (target.state !== 'scanned') return;
  for (const r of target.results)
    if (r.status !== 'error' && !r.findings.some((f) => f.status === 'error' || f.partial))
      into.add(decidedKey(target.id, r.controlId, r.checkId));
}

/** Whether a (host, control, check) ran to the end in this report. */
export function recheckedIn(report: Report): (e: { targetId: string; controlId: string; checkId: string }) => boolean {
  const decided = new Set<string>();
  for (const tg of report.targets) addDecided(tg, decided);
  return (e) => rechecked(decided, e);
}

function rechecked(decided: Set<string>, e: { targetId: string; controlId: string; checkId: string }): boolean {
  return decided.has(decidedKey(e.targetId, e.controlId, e.checkId));
}

function issues(report: Report): Map<string, FindingItem> {
  const map = new Map<string, FindingItem>();
  for (const target of report.targets)
    for (const item of findingItems(target)) if (ISSUE_STATUSES.has(item.status)) map.set(item.key, item);
  return map;
}

export function diffReports(oldR: Report, newR: Report): ReportDiff {
  const before = issues(oldR);
  const after = issues(newR);
  const decided = new Set<string>();
  for (const tg of newR.targets) addDecided(tg, decided);
  const diff: ReportDiff = {
    from: { createdAt: oldR.createdAt },
    to: { createdAt: newR.createdAt },
    new: [],
    fixed: [],
    unchanged: [],
    notRechecked: [],
  };
  for (const [key, item] of after) (before.has(key) ? diff.unchanged : diff.new).push(entryOf(item));
  for (const [key, item] of before) {
    if (after.has(key)) continue;
    const e = entryOf(item);
    (rechecked(decided, e) ? diff.fixed : diff.notRechecked).push(e);
  }
  return diff;
}

/**
 * diffReports against a report read as a stream: the baseline is in memory (it was read whole);
 * of the current report only its issues are kept, as entries.
 */
export async function diffSource(oldR: Report, src: ReportSource): Promise<ReportDiff> {
  const before = issues(oldR);
  const after = new Map<string, DiffEntry>();
  const decided = new Set<string>();
  for await (const target of src.targets()) {
    addDecided(target, decided);
    for (const item of findingItems(target)) if (ISSUE_STATUSES.has(item.status)) after.set(item.key, entryOf(item));
  }
  const diff: ReportDiff = {
    from: { createdAt: oldR.createdAt },
    to: { createdAt: src.header.createdAt },
    new: [],
    fixed: [],
    unchanged: [],
    notRechecked: [],
  };
  for (const [key, entry] of after) (before.has(key) ? diff.unchanged : diff.new).push(entry);
  for (const [key, item] of before) {
    if (after.has(key)) continue;
    const e = entryOf(item);
    (rechecked(decided, e) ? diff.fixed : diff.notRechecked).push(e);
  }
  return diff;
}
