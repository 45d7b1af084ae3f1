import type { Lang, Text } from './i18n.js';

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

/**
 * Bad input from the user: exit 2, message names the file/line or the option.
 * `message` is always the English line; `ja`, when given, is the same facts in Japanese
 * (the CLI prints it for Japanese users). Build with `new UsageError(en, ja)` or `new UsageError(t(en, ja))`.
 */
export class UsageError extends Error {
  /** The Japanese line, when the thrower gave one. */
  readonly ja?: string;

  constructor(message: string | Text, ja?: string) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'UsageError';
    this.ja = typeof message === 'string' ? ja : message.ja || ja;
  }

  /** The line to show in a language (English when there is no Japanese). */
  text(lang: Lang): string {
    return lang === 'ja' && this.ja ? this.ja : this.message;
  }
}
