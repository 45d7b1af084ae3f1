/**
 * Parsers for file-integrity-monitoring configurations: AIDE selection rules, Tripwire text policy,
 * Samhain's samhainrc, and the <syscheck> block of Wazuh/OSSEC's ossec.conf. Each answers one question:
 * does the tool watch a given path? Input comes from the audited machine: capped, never thrown on.
 */

const MAX_LINES = 20_000;

// ---- AIDE ----

export interface AideRule {
  kind: 'select' | 'negative' | 'equals';
  regex: RegExp;
  /** File types the rule is restricted to (`f`, `d`, …); empty for none. */
  types: string[];
  source: string;
}

/** POSIX bracket classes AIDE's PCRE accepts that JavaScript does not. */
const POSIX_CLASSES: Record<string, string> = {
  digit: '0-9',
  alpha: 'A-Za-z',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  xdigit: '0-9A-Fa-f',
  punct: '!-/:-@\\[-`{-~',
};

function aideRegex(raw: string): RegExp | undefined {
  if (raw.includes('@@{')) return undefined; // an unexpanded macro: cannot tell what it matches
  const decoded = raw.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  const js = decoded.replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  try {
    return new RegExp(`^(?:${js})`);
  } catch {
    return undefined;
  }
}

/** Selection rules of aide.conf and its included files, in order (files as given, already sorted by the caller). */
export function aideRules(files: ReadonlyArray<{ path: string; data: string }>): AideRule[] {
  const out: AideRule[] = [];
  for (const f of files)
    for (const raw of f.data.split(/\r?\n/).slice(0, MAX_LINES)) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith('@@')) continue;
      const m = /^([!=]?)(\/\S*)(?:\s+(.*))?$/.exec(line);
      if (!m) continue;
      const regex = aideRegex(m[2] ?? '');
      if (!regex) continue;
      const rest = (m[3] ?? '').trim().split(/\s+/).filter(Boolean);
      let types: string[] = [];
      const first = rest[0] ?? '';
      if (rest.length >= 2 && /^[fdlcbpsDP0](?:,[fdlcbpsDP0])*$/.test(first)) types = first === '0' ? [] : first.split(',');
      if ((m[1] ?? '') !== '!' && rest.length === 0) continue; // no attributes: not a selection line
      out.push({
        kind: (m[1] ?? '') === '!' ? 'negative' : (m[1] ?? '') === '=' ? 'equals' : 'select',
        regex,
        types,
        source: f.path,
      });
    }
  return out;
}

/**
 * Whether AIDE would check a regular file inside `dir` (a file AIDE would put in its database):
 * some select rule matches it (or an equals rule names the directory with a trailing slash) and no
 * negative rule matches it or any of its parent directories.
 */
export function aideWatches(rules: readonly AideRule[], dir: string): boolean {
  const child = `${dir.replace(/\/+$/, '')}/posaudit-probe`;
  const chain: string[] = [];
  for (let p = child; p.length > 0; p = p.slice(0, p.lastIndexOf('/'))) chain.push(p);
  for (const p of chain) if (rules.some((r) => r.kind === 'negative' && r.regex.test(p))) return false;
  return rules.some(
    (r) =>
      (r.kind === 'select' && r.regex.test(child) && (r.types.length === 0 || r.types.includes('f'))) ||
      (r.kind === 'equals' && r.regex.test(`${dir}/`) && r.regex.source.endsWith('/)')),
  );
}

// ---- Tripwire (twpol.txt) ----

/** Paths a Tripwire text policy watches (`/etc -> $(SEC_BIN) ;`) and excludes (`!/etc/x ;`). */
export function tripwirePolicy(text: string): { watched: string[]; excluded: string[] } {
  const watched: string[] = [];
  const excluded: string[] = [];
  for (const raw of text.split(/\r?\n/).slice(0, MAX_LINES)) {
    const line = raw.replace(/#.*$/, '').trim();
    const w = /^"?(\/[^"\s]*)"?\s*->/.exec(line);
    if (w) watched.push(w[1] ?? '');
    const x = /^!\s*"?(\/[^"\s;]*)"?\s*;/.exec(line);
    if (x) excluded.push(x[1] ?? '');
  }
  return { watched, excluded };
}

// ---- Samhain (samhainrc) ----

/** `dir=`/`file=` entries of the watching sections of samhainrc (not [IgnoreAll]/[IgnoreNone]). */
export function samhainPolicy(text: string): { watched: string[]; excluded: string[] } {
  const watched: string[] = [];
  const excluded: string[] = [];
  let section = '';
  for (const raw of text.split(/\r?\n/).slice(0, MAX_LINES)) {
    const line = raw.replace(/#.*$/, '').trim();
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = (sec[1] ?? '').toLowerCase();
      continue;
    }
    const m = /^(dir|file)\s*=\s*(?:-?\d+)?(\/\S*)$/i.exec(line);
    if (!m) continue;
    if (section === 'ignoreall') excluded.push(m[2] ?? '');
    else if (
      ['readonly', 'logfiles', 'growinglogfiles', 'attributes', 'user0', 'user1', 'user2', 'user3', 'user4'].includes(section)
    )
      watched.push(m[2] ?? '');
  }
  return { watched, excluded };
}

// ---- Wazuh / OSSEC (ossec.conf <syscheck>) ----

export interface Syscheck {
  disabled: boolean;
  /** Seconds between scans (Wazuh/OSSEC default 43200). */
  frequency: number;
  /** A `<scan_time>`/`<scan_day>` schedule is set. */
  scheduled: boolean;
  directories: Array<{ path: string; realtime: boolean; recursionZero: boolean }>;
  ignored: string[];
}

/** The <syscheck> blocks of ossec.conf (several blocks merge, as the agent does). Undefined when there is none. */
export function syscheck(conf: string, windir = 'C:\\Windows'): Syscheck | undefined {
  const text = conf.replace(/<!--[\s\S]*?-->/g, '');
  const blocks = [...text.matchAll(/<syscheck>([\s\S]*?)<\/syscheck>/g)].map((m) => m[1] ?? '').slice(0, 20);
  if (blocks.length === 0) return undefined;
  const out: Syscheck = { disabled: false, frequency: 43_200, scheduled: false, directories: [], ignored: [] };
  const expand = (p: string) =>
    p
      .trim()
      .replace(/%WINDIR%|%SYSTEMROOT%/gi, windir)
      .replace(/%PROGRAMFILES%/gi, 'C:\\Program Files');
  for (const b of blocks) {
    const dis = /<disabled>\s*(\w+)\s*<\/disabled>/.exec(b);
    if (dis) out.disabled = (dis[1] ?? '').toLowerCase() === 'yes';
    const freq = /<frequency>\s*(\d{1,9})\s*<\/frequency>/.exec(b);
    if (freq) out.frequency = Number(freq[1] ?? '');
    if (/<scan_time>|<scan_day>/.test(b)) out.scheduled = true;
    for (const m of b.matchAll(/<directories([^>]*)>([^<]*)<\/directories>/g)) {
      const attrs = m[1] ?? '';
      for (const p of (m[2] ?? '').split(',').slice(0, 200)) {
        const path = expand(p);
        if (path)
          out.directories.push({
            path,
            realtime: /realtime\s*=\s*"yes"/i.test(attrs) || /whodata\s*=\s*"yes"/i.test(attrs),
            recursionZero: /recursion_level\s*=\s*"0"/.test(attrs),
          });
      }
    }
    for (const m of b.matchAll(/<ignore(?:\s[^>]*)?>([^<]*)<\/ignore>/g)) out.ignored.push(expand(m[1] ?? ''));
  }
  return out;
}

// ---- shared path logic ----

/** Normalised for comparison: forward slashes, no trailing slash; lower case on Windows. */
export function normPath(p: string, windows: boolean): string {
  const s = p.replace(/\\/g, '/').replace(/\/+$/, '');
  return windows ? s.toLowerCase() : s;
}

/** `dir` is `ancestor` or inside it. */
export function within(dir: string, ancestor: string): boolean {
  return dir === ancestor || dir.startsWith(ancestor === '' ? '/' : `${ancestor}/`) || ancestor === '/';
}

/** Whether a list of watched and excluded paths covers `dir` (the nearest rule wins). */
export function listWatches(watched: readonly string[], excluded: readonly string[], dir: string, windows = false): boolean {
  const d = normPath(dir, windows);
  const best = (list: readonly string[]) =>
    list
      .map((p) => normPath(p, windows))
      .filter((p) => within(d, p))
      .reduce((a, b) => Math.max(a, b.length), -1);
  const w = best(watched);
  return w >= 0 && w > best(excluded);
}
