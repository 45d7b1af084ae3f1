/**
 * Compare two reports: which findings are new, fixed or unchanged.
 * A finding is identified by (target id, control id, check id, finding key): the key says what the
 * finding is about without counts or dates (core/finding-key.ts), so the same problem on the same
 * host is tracked across scans.
 */
import { redactText } from '../core/redact.js';
import { createHash } from 'node:crypto';
import type { Lang, Text } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import { keysOf, messageIdOf } from '../core/finding-key.js';
import type { CheckResult, Finding, Report, Severity, Status, TargetResult } from '../core/model.js';
import { L, label, STATUS_LABEL, STATUS_SYMBOL } from '../reporters/labels.js';
import type { ReportSource } from '../core/report.js';

/** Statuses that count as a finding worth tracking (something to fix or to decide). */
export const ISSUE_STATUSES: ReadonlySet<Status> = new Set<Status>(['fail', 'warn', 'error']);

/** One finding of one check on one host, with the status it has once waivers are applied. */
export interface FindingItem {
  target: TargetResult;
  result: CheckResult;
  /** Undefined when the check result carries no findings (manual, attested). */
  finding?: Finding;
  /** The finding's key within its result ('' for a result without findings). */
  findingId: string;
  status: Status;
  message: Text;
  location?: string;
  key: string;
  fingerprint: string;
}

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

/** The identity of a finding across scans. */
export function findingKey(targetId: string, controlId: string, checkId: string, findingId: string): string {
  return JSON.stringify([targetId, controlId, checkId, findingId]);
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
    const keys = keysOf(result.findings);
    const list: Array<Finding | undefined> = result.findings.length > 0 ? result.findings : [undefined];
    list.forEach((finding, i) => {
      const message = finding?.message ?? result.title;
      const key = findingKey(target.id, result.controlId, result.checkId, finding ? keys[i] : messageIdOf(message.en));
      items.push({
        target,
        result,
        finding,
        findingId: finding ? keys[i] : '',
        status: effectiveStatus(result, finding),
        message,
        location: finding?.location,
        key,
        fingerprint: fingerprintOf(key),
      });
    });
  }
  return items;
}

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
