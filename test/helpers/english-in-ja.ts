/**
 * Finds English left inside Japanese output: what a store IT reader of `--lang ja` would meet as an
 * English phrase ("USBGuard is not installed", "346 requests", "the host was not fully scanned").
 *
 * Legitimately Latin text is taken out first: anything in backticks, 「」, "" or '' (quoted evidence,
 * commands), paths and registry keys (anything with / or \), option names (--x), and identifiers
 * (CamelCase, snake_case, digits inside a word). What is left is flagged when it holds a run of two
 * or more English words with at least one lowercase word ("is not installed", "SSH server"), or a
 * number followed by a lowercase word ("346 requests"). Runs of capitalised words only are product
 * names (Windows Update, Secure Boot) and pass. `ALLOWED` lists the commands and configuration
 * words written unquoted in remediation texts.
 */

/** Unquoted commands, configuration syntax and product names that stay Latin in Japanese text. */
export const ALLOWED: readonly string[] = [
  'ufw default deny incoming',
  'ufw enable',
  'policy drop',
  'nftables input',
  'apt-get upgrade',
  'dnf upgrade',
  'zypper patch',
  'Defender for Endpoint',
  'App Control for Business',
  'systemctl enable',
  'usbguard generate-policy',
  'posaudit scan',
];

const WORD = '(?:[A-Z]{2,}|[A-Za-z][a-z]*)(?:-[a-z]+)*';
const RUN = new RegExp(`(?<![\\w.@$%&=+-])${WORD}(?: +${WORD})+(?![\\w.@=+-])`, 'g');
const COUNTED = /(?<![\w.-])\d+ [a-z]{3,}\b(?![.\w-])/g;
/** A severity left in English beside Japanese ("判定できなかった high 以上"). */
const SEVERITY = /(?<![\w.=:-])(?:critical|high|medium|low)(?![\w.=:-])/g;

/** The text with what may stay Latin replaced by a separator that breaks runs. */
export function withoutLatinOk(text: string): string {
  let s = text;
  for (const a of ALLOWED) s = s.split(a).join('¦');
  return s
    .replace(/(?<![\w-])posaudit(?: (?!-)[a-z][\w-]*){1,2}/g, '¦')
    .replace(/(?:使える値|選択肢|トピック)[:：]\s*[\w-]+(?:,\s*[\w-]+)*/g, '¦')
    .replace(/`[^`]*`/g, '¦')
    .replace(/「[^」]*」/g, '¦')
    .replace(/"[^"]*"/g, '¦')
    .replace(/(?<![A-Za-z])'[^']*'/g, '¦')
    .replace(/\S*[/\\]\S*/g, '¦')
    .replace(/(?<!\S)--?[A-Za-z][\w-]*(?:[ =](?:<[^>]*>|\[[^\]]*\]))?/g, '¦');
}

/** The English phrases in one Japanese text (empty when there are none). */
export function englishRuns(text: string): string[] {
  const s = withoutLatinOk(text);
  const out: string[] = [];
  for (const m of s.matchAll(RUN)) {
    const words = m[0].split(/ +/).filter((w) => w.length >= 2);
    if (words.length >= 2 && words.some((w) => /^[a-z-]+$/.test(w))) out.push(m[0]);
  }
  for (const m of s.matchAll(COUNTED)) out.push(m[0]);
  for (const m of s.matchAll(SEVERITY)) out.push(m[0]);
  return out;
}

export interface Located {
  where: string;
  text: string;
}

/** Every text a Japanese reader of a JSON report meets: the `ja` of each bilingual text, and the plain-text fields reports show. */
export function reportTexts(report: unknown): Located[] {
  const out: Located[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.en === 'string' && typeof o.ja === 'string') {
        out.push({ where, text: o.ja });
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`);
    }
  };
  walk(report, '$');
  return out;
}

/**
 * A help page's prose: the descriptions beside each option, argument and command, and the
 * paragraphs; not the usage line, the option and command names, nor the example command lines.
 */
export function helpProse(where: string, help: string): Located {
  const prose: string[] = [];
  for (const line of help.split('\n')) {
    if (/^(使い方|Usage):/.test(line) || (/^ {2}posaudit \S/.test(line) && !/\S {2,}\S/.test(line.trim()))) continue;
    const term = /^ {2}\S(?:.*?\S)? {2,}(\S.*)$/.exec(line);
    prose.push(term ? (term[1] ?? '') : line);
  }
  return { where, text: prose.join(' ').replace(/\s+/g, ' ') };
}

/** Console output as one text: a sentence the console wrapped over two lines is read whole again. */
export function consoleText(where: string, text: string): Located {
  return { where, text: text.replace(/\s*\n\s*/g, ' ') };
}

/** `where: "phrase"  ::  …context…` for every English phrase found, once per phrase and place. */
export function englishIn(texts: Located[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { where, text } of texts)
    for (const run of englishRuns(text)) {
      const place = where.replace(/\[\d+\]/g, '[]');
      if (seen.has(`${place} ${run}`)) continue;
      seen.add(`${place} ${run}`);
      const at = Math.max(0, text.indexOf(run.split(' ')[0]) - 60);
      out.push(`${where}: "${run}"  ::  ${text.slice(at, at + 180)}`);
    }
  return out;
}
