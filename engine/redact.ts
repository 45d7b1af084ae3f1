/**
 * Last line of defence: mask anything shaped like a card number (13–19 digits, optionally
 * grouped by spaces or dashes, passing Luhn) in text that leaves the scanner: gathered
 * evidence, finding messages, errors. First six and last four stay; the rest become `*`.
 */

function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

// Separators: space, dash, and NUL (UTF-16 text read as bytes).
const CANDIDATE = /(?<![0-9])[0-9](?:[ \-\u0000]{0,2}[0-9]){12,18}(?![0-9])/g;

function maskMatch(m: string): string {
  const digits = m.replace(/[^0-9]/g, '');
  if (digits.length < 13 || digits.length > 19 || !luhn(digits)) return m;
  let seen = 0;
  let out = '';
  for (const c of m) {
    if (c >= '0' && c <= '9') {
      seen++;
      out += seen <= 6 || seen > digits.length - 4 ? c : '*';
    } else out += c;
  }
  return out;
}

export function redactText(text: string): string {
  if (text.length < 13) return text;
  return text.replace(CANDIDATE, maskMatch);
}

/** The same over bytes (ASCII digits), for binary evidence. */
export function redactBytes(buf: Buffer): Buffer {
  const latin = buf.toString('latin1');
  const red = redactText(latin);
  return red === latin ? buf : Buffer.from(red, 'latin1');
}

/** Deep-redact every string in a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
