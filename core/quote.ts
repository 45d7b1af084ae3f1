/** Quoting for the two shells a terminal may give us. Every value that enters a generated
 * script and did not come from our own source goes through one of these. */

/** POSIX sh: single quotes, with embedded ' as '\''. NUL cannot be passed and is refused. */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL byte cannot be passed to a shell');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell: single-quoted literal, with ' (and its typographic variants) doubled. */
export function psQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL byte cannot be passed to a shell');
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
}
