/**
 * Quoting what came from a terminal in a finding: one line, no control characters, capped.
 * Every check quotes terminal text through these two functions and these two caps.
 */

/** Longest string from the terminal that a finding copies. */
export const MAX_QUOTE = 200;
/** Most items of one kind listed in a finding's details. */
export const MAX_ITEMS = 50;

/** A string from the terminal made safe for a message or details: one line, no control characters, capped. */
export function clip(value: string, max = MAX_QUOTE): string {
  const oneLine = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** The same, JSON-quoted, for quoting inside a sentence. */
export function quoted(value: string, max = MAX_QUOTE): string {
  return JSON.stringify(clip(value, max));
}
