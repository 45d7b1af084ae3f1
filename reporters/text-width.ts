/**
 * Text for a terminal by display width: East Asian Wide characters take two columns, Japanese breaks
 * between words (ICU word segmentation), ids and paths stay whole when they fit. Dependency-free, so
 * the CLI's help can use it at start-up.
 */

/** Terminal columns a string takes: East Asian wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

const NO_START = /^[、。，．・：；？！）」』】〕ー…‥ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.;:!?)\]}]/u;

const WORDS = new Intl.Segmenter('ja', { granularity: 'word' });

/**
 * Units that are not split unless longer than a line: Japanese words as ICU segments them
 * (ステータス, チェック, 不合格), runs of narrow non-space characters (ids, paths, English words), and spaces.
 */
function tokenize(para: string): string[] {
  const out: string[] = [];
  let narrow = '';
  for (const { segment } of WORDS.segment(para)) {
    if (/^\S+$/.test(segment) && displayWidth(segment) === segment.length) {
      narrow += segment;
      continue;
    }
    if (narrow) out.push(narrow);
    narrow = '';
    if (/^\s+$/.test(segment)) out.push(segment);
    else {
      // A segment mixing wide and narrow text (rare): keep its narrow runs whole, its wide characters as units.
      const parts = displayWidth(segment) === [...segment].length * 2 ? [segment] : (segment.match(/[\x21-\x7e]+|./gsu) ?? []);
      out.push(...parts);
    }
  }
  if (narrow) out.push(narrow);
  return out;
}

/**
 * Wrap text to a display width (East Asian Wide characters count two columns). Latin words and ids
 * break at spaces, or after `.`, `-`, `/`, `_` when a word is wider than the line; Japanese breaks
 * between characters but never before 。、）… . Never cuts text off: every character is kept.
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(4, width);
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    const tokens = tokenize(para);
    let line = '';
    let lw = 0;
    let lastStart = 0;
    let carry = '';
    const flush = (last = false) => {
      // An opening bracket does not end a line: it moves down with what it opens.
      const m = last ? null : /[（「『【〔([[]+$/u.exec(line);
      carry = m && m.index > 0 ? m[0] : '';
      out.push((carry ? line.slice(0, -carry.length) : line).trimEnd());
      line = '';
      lw = 0;
    };
    for (let tok of tokens) {
      if (/^\s+$/.test(tok)) {
        const sp = tok.replace(/\s/g, ' ');
        if (lw > 0 && lw + sp.length <= w) {
          line += sp;
          lw += sp.length;
        }
        continue;
      }
      let tw = displayWidth(tok);
      if (lw + tw <= w) {
        lastStart = line.length;
        line += tok;
        lw += tw;
        continue;
      }
      // Punctuation that must not start a line takes the word before it down with it.
      if (NO_START.test(tok) && tw <= 2 && lw > 0 && lastStart > 0) {
        const prev = line.slice(lastStart);
        line = line.slice(0, lastStart);
        flush();
        line = carry + prev + tok;
        carry = '';
        lw = displayWidth(line);
        lastStart = 0;
        continue;
      }
      if (lw > 0) flush();
      // A word longer than the line: break after . - / _ where possible, else hard.
      while (tw > w) {
        let cut = 0;
        let cw = 0;
        let soft = 0;
        for (const ch of tok) {
          const chw = displayWidth(ch);
          if (cw + chw > w) break;
          cw += chw;
          cut += ch.length;
          if (/[./_-]/.test(ch)) soft = cut;
        }
        const at = soft > w / 3 ? soft : cut;
        out.push(tok.slice(0, at));
        tok = tok.slice(at);
        tw = displayWidth(tok);
      }
      line = carry + tok;
      lw = displayWidth(line);
      carry = '';
      lastStart = 0;
    }
    flush(true);
  }
  return out;
}
