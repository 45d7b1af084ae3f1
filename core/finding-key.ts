/**
 * The identity of a finding across scans. A finding is the same problem tomorrow if it is from
 * the same check about the same thing: its location (a file, a registry key, a port), or the id
 * the check gave it, or (the one finding of a check without either) the check itself, or else its
 * English message with every number and date taken out. Counters ("signatures are 20 days old")
 * and dates never make a problem new.
 */
import type { Finding } from './model.js';

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
