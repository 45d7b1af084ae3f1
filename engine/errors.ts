/** Errors that end a run with one clear line and a documented exit code. */
export const EXIT = {
  /** Nothing at or above --fail-on. */
  OK: 0,
  /** Findings at or above --fail-on. */
  FINDINGS: 1,
  /** Usage, profile, waiver or input error. */
  USAGE: 2,
  /** Some target could not be scanned (the report is still written for the others). */
  INCOMPLETE: 3,
} as const;

/** Bad input from the user: exit 2, message names the file/line or the option. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
