/** Escaping for HTML text and attribute values. Everything from a terminal passes through here. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape for HTML text and quoted attribute values. Control characters (other than tab and
 * newline) are dropped: they have no business in a report and can confuse terminals and parsers.
 */
export function esc(value: unknown): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
