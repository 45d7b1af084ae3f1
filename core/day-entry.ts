/** One day of the daily history as its index keeps it (engine/history.ts) and the trend page reads it (reporters/trend-html.ts). */
import type { Text } from './i18n.js';
import type { Report, Severity, Status, Summary } from './model.js';

/** One issue of a day, small enough to keep a year of them in the index. */
export interface DayIssue {
  /** The finding key (see core/finding-key.ts findingKey). */
  key: string;
  controlId: string;
  checkId: string;
  status: Status;
  severity: Severity;
  title: Text;
  /**
   * Not re-checked in this run (the check could not run or ended in error, or the host was not
   * scanned): the issue as last seen, carried over as unknown, neither fixed nor confirmed.
   */
  carriedOver?: boolean;
}

export interface DayEntry {
  day: string;
  createdAt: string;
  verdict: Report['verdict'];
  summary: Summary;
  profiles: string[];
  targets: string[];
  issues: DayIssue[];
}
