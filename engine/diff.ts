/**
 * Compare two reports: which findings are new, fixed or unchanged.
 * A finding is identified by (target id, control id, check id, location or English message),
 * so the same problem on the same host is tracked across scans.
 */
import { redactText } from '../core/redact.js';
import { createHash } from 'node:crypto';
import type { Lang, Text } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import type { CheckResult, Finding, Report, Severity, Status, TargetResult } from '../core/model.js';
import { L, label, STATUS_LABEL, STATUS_SYMBOL } from '../reporters/labels.js';
import type { ReportSource } from './report-source.js';

/** Statuses that count as a finding worth tracking (something to fix or to decide). */
export const ISSUE_STATUSES: ReadonlySet<Status> = new Set<Status>(['fail', 'warn', 'error']);

/** One finding of one check on one host, with the status it has once waivers are applied. */
export interface FindingItem {
  target: TargetResult;
  result: CheckResult;
  /** Undefined when the check result carries no findings (manual, attested). */
  finding?: Finding;
  status: Status;
  message: Text;
  location?: string;
  key: string;
  fingerprint: string;
}

export interface DiffEntry {
  key: string;
  fingerprint: string;
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
  /** Issues before that are gone now, on hosts scanned both times. */
  fixed: DiffEntry[];
  /** Issues present both times (status may have changed between fail, warn, error). */
  unchanged: DiffEntry[];
  /** Issues before on hosts that could not be scanned now: neither fixed nor confirmed. */
  notRechecked: DiffEntry[];
}

/** The identity of a finding across scans. */
export function findingKey(targetId: string, controlId: string, checkId: string, locationOrMessage: string): string {
  return JSON.stringify([targetId, controlId, checkId, locationOrMessage]);
}

/** A short stable hash of a finding key (for SARIF fingerprints). */
export function fingerprintOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** The status a finding has once the result's waiver is applied. */
function effectiveStatus(result: CheckResult, finding: Finding | undefined): Status {
  if (!finding) return result.status;
  if (result.status === 'waived' && (finding.status === 'fail' || finding.status === 'warn')) return 'waived';
  return finding.status;
}

/** Every finding of a target (a check result without findings gives one item for itself). */
export function findingItems(target: TargetResult): FindingItem[] {
  const items: FindingItem[] = [];
  for (const result of target.results) {
    const list: Array<Finding | undefined> = result.findings.length > 0 ? result.findings : [undefined];
    const seen = new Map<string, number>();
    for (const finding of list) {
      const message = finding?.message ?? result.title;
      const base = findingKey(target.id, result.controlId, result.checkId, finding?.location ?? message.en);
      // Two findings with the same location and message stay distinct by order of appearance.
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      const key = n === 0 ? base : `${base}#${n}`;
      items.push({
        target,
        result,
        finding,
        status: effectiveStatus(result, finding),
        message,
        location: finding?.location,
        key,
        fingerprint: fingerprintOf(key),
      });
    }
  }
  return items;
}

function entryOf(item: FindingItem): DiffEntry {
  return {
    key: item.key,
    fingerprint: item.fingerprint,
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

function issues(report: Report): Map<string, FindingItem> {
  const map = new Map<string, FindingItem>();
  for (const target of report.targets)
    for (const item of findingItems(target)) if (ISSUE_STATUSES.has(item.status)) map.set(item.key, item);
  return map;
}

export function diffReports(oldR: Report, newR: Report): ReportDiff {
  const before = issues(oldR);
  const after = issues(newR);
  const scannedNow = new Set(newR.targets.filter((tg) => tg.state === 'scanned').map((tg) => tg.id));
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
    (scannedNow.has(item.target.id) ? diff.fixed : diff.notRechecked).push(entryOf(item));
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
  for await (const target of src.targets())
    for (const item of findingItems(target)) if (ISSUE_STATUSES.has(item.status)) after.set(item.key, entryOf(item));
  const scannedNow = new Set(src.hosts.filter((tg) => tg.state === 'scanned').map((tg) => tg.id));
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
    (scannedNow.has(item.target.id) ? diff.fixed : diff.notRechecked).push(entryOf(item));
  }
  return diff;
}

/** Fast lookup of baseline states by key. */
export function baselineIndex(diff: ReportDiff): Map<string, 'new' | 'unchanged'> {
  const m = new Map<string, 'new' | 'unchanged'>();
  for (const e of diff.new) m.set(e.key, 'new');
  for (const e of diff.unchanged) m.set(e.key, 'unchanged');
  return m;
}

function entryLine(e: DiffEntry, lang: Lang): string {
  const where = e.location ? ` @ ${oneLine(e.location)}` : '';
  return `  ${STATUS_SYMBOL[e.status]} ${oneLine(e.targetName)}  ${e.checkId}${where}: ${oneLine(tr(e.message, lang))}`;
}

/** Terminal-safe: no control characters (a hostile name cannot move the cursor). */
export function oneLine(s: string): string {
  return redactText(s).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** The diff as text for a terminal. Unchanged findings are counted, not listed. */
export function renderDiffText(diff: ReportDiff, lang: Lang): string {
  const out: string[] = [];
  out.push(`${label(L.diff, lang)} (${diff.from.createdAt} → ${diff.to.createdAt})`);
  const section = (title: Text, entries: DiffEntry[], list: boolean) => {
    out.push(`${label(title, lang)}: ${entries.length}`);
    if (list) for (const e of entries) out.push(entryLine(e, lang));
  };
  section(L.newFindings, diff.new, true);
  section(L.fixedFindings, diff.fixed, true);
  section(L.notRechecked, diff.notRechecked, true);
  section(L.unchangedFindings, diff.unchanged, false);
  return out.join('\n') + '\n';
}

/** Label of a status for a diff line (exported for other renderers). */
export function statusText(s: Status, lang: Lang): string {
  return `${STATUS_SYMBOL[s]} ${tr(STATUS_LABEL[s], lang)}`;
}
