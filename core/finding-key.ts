/**
 * The identity of a finding across scans. A finding is the same problem tomorrow if it is from
 * the same check about the same thing: its location (a file, a registry key, a port), or the id
 * the check gave it, or (the one finding of a check without either) the check itself, or else its
 * English message with every number and date taken out. Counters ("signatures are 20 days old")
 * and dates never make a problem new.
 */
import { createHash } from 'node:crypto';
import type { CheckResult, Finding, Status, TargetResult } from './model.js';
import type { Text } from './i18n.js';

const DATE_TIME = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;
const NUMBER = /\d+(?:[.,:]\d+)*/g;

/** An English message with dates and numbers replaced by placeholders. */
export function messageIdOf(text: string): string {
  return text.replace(DATE_TIME, '<date>').replace(NUMBER, '#').replace(/\s+/g, ' ').trim();
}

/** What a check result is about when one finding says it all (no location, no id): the check itself. */
export const WHOLE_CHECK = '(check)';

/**
 * A finding's identity within its check result (before duplicates are numbered). `alone`: it is
 * the result's only finding with neither location nor id, so it speaks for the whole check and keeps
 * its identity when its status and wording change (a warning today, a failure in a month).
 */
export function findingIdOf(f: Pick<Finding, 'location' | 'messageId' | 'message'>, alone = false): string {
  if (f.messageId !== undefined) return f.location !== undefined ? `${f.messageId}@${f.location}` : f.messageId;
  if (f.location !== undefined) return `@${f.location}`;
  return alone ? WHOLE_CHECK : messageIdOf(f.message.en);
}

/**
 * Keys for a check result's findings, in order: findingIdOf, and `#2`, `#3` … for a second and
 * third finding with the same id.
 */
export function keyFindings<F extends Finding>(findings: readonly F[]): F[] {
  const seen = new Map<string, number>();
  const alone = findings.filter((f) => f.location === undefined && f.messageId === undefined).length === 1;
  return findings.map((f) => {
    const id = findingIdOf(f, alone);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return { ...f, key: n === 1 ? id : `${id}#${n}` };
  });
}

/** The keys of a result's findings as a report holds them: the stored ones, or (reports written before keys) derived. */
export function keysOf(findings: readonly Finding[]): string[] {
  if (findings.every((f) => f.key !== undefined)) return findings.map((f) => f.key!);
  return keyFindings(findings).map((f) => f.key!);
}

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
