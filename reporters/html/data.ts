/**
 * The host data the report's script renders on demand, embedded once in a
 * `<script type="application/json">` block. Compact: arrays instead of objects, and a string
 * table built while streaming (a string's first use is written out, later uses are its index).
 *
 * Escaping: the block is raw text up to the first `</script`, so `<`, `>` and `&` are written as
 * JSON escapes; U+2028/U+2029 are escaped too (valid in JSON, line breaks to an older JS parser).
 */

/** JSON that is safe inside `<script type="application/json">` in any HTML parser state. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How many distinct strings the table remembers (memory stays bounded for any fleet). */
const TABLE_CAP = 200_000;
/** Longer strings are written out each time instead of remembered. */
const LONG = 400;

/**
 * A string table filled in the order strings are written. The reader keeps a list: every string
 * literal it meets in a ref position is appended; a number n in a ref position is list[n].
 * Strings not remembered here (table full, or long) still take a slot on the reader's side,
 * so the writer counts every literal it emits.
 */
export class StringRefs {
  private readonly index = new Map<string, number>();
  private emitted = 0;

  ref(s: string | undefined): string | number | null {
    if (s === undefined || s === '') return null;
    const known = this.index.get(s);
    if (known !== undefined) return known;
    if (s.length <= LONG && this.index.size < TABLE_CAP) this.index.set(s, this.emitted);
    this.emitted++;
    return s;
  }
}

/** Drop trailing null/undefined entries of a record array, so absent optional fields cost nothing. */
export function trim<T extends unknown[]>(a: T): T {
  let n = a.length;
  while (n > 0 && (a[n - 1] === null || a[n - 1] === undefined)) n--;
  a.length = n;
  return a;
}
