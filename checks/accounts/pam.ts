/** PAM stack lines (`type control module args…`), parsed defensively. */

export interface PamLine {
  type: string;
  module: string;
  /** `key=value` arguments by lower-cased key; bare flags map to ''. */
  args: Map<string, string>;
  /** The file it came from. */
  file: string;
}

export function parsePam(text: string, file: string): PamLine[] {
  const out: PamLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^-?(auth|account|password|session)\s+(\[[^\]]*\]|\S+)\s+(\S+)\s*(.*)$/i.exec(line);
    if (!m) continue;
    const args = new Map<string, string>();
    for (const a of m[4].split(/\s+/).filter(Boolean).slice(0, 50)) {
      const eq = a.indexOf('=');
      if (eq > 0) args.set(a.slice(0, eq).toLowerCase(), a.slice(eq + 1));
      else args.set(a.toLowerCase(), '');
    }
    out.push({ type: m[1].toLowerCase(), module: m[3].split('/').pop() ?? m[3], args, file });
  }
  return out;
}

/** The first line of a stack that uses the module (`pam_faillock.so`), optionally of one type. */
export function findModule(lines: PamLine[], module: string, type?: string): PamLine | undefined {
  return lines.find((l) => l.module === module && (type === undefined || l.type === type));
}
