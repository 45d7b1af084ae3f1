/** Times as people at the terminal read them: ISO 8601 with the local offset (`2026-12-03T07:48:00.000+09:00`). */

/** ISO 8601 in the local time zone with its offset; the same instant as toISOString(). */
export function isoWithOffset(d: Date = new Date()): string {
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `.${p(d.getMilliseconds(), 3)}${sign}${p(Math.trunc(off / 60))}:${p(off % 60)}`
  );
}
