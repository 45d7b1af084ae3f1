/**
 * A small PowerShell lexer for tests (no PowerShell on this machine): strings (single-quoted
 * with '' escapes, double-quoted with backtick escapes), comments, and bracket balance.
 * Enough to prove a generated script is well-formed and that every injected value stays
 * inside one string token.
 */
export interface PsToken {
  kind: 'sq' | 'dq' | 'open' | 'close' | 'word' | 'newline';
  text: string;
  /** For string tokens: the value after unescaping. */
  value?: string;
  line: number;
}

const SQ = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DQ = new Set(['"', '\u201c', '\u201d', '\u201e']);
const PAIRS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

export function lexPowerShell(src: string): { tokens: PsToken[]; errors: string[] } {
  const tokens: PsToken[] = [];
  const errors: string[] = [];
  const stack: Array<{ ch: string; line: number }> = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: c, line });
      line++;
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '<' && src[i + 1] === '#') {
      const end = src.indexOf('#>', i + 2);
      if (end < 0) {
        errors.push(`line ${line}: unterminated block comment`);
        break;
      }
      line += src.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (SQ.has(c)) {
      const start = line;
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= src.length) {
          errors.push(`line ${start}: unterminated single-quoted string`);
          break;
        }
        if (SQ.has(src[j])) {
          if (SQ.has(src[j + 1] ?? '')) {
            value += src[j];
            j += 2;
            continue;
          }
          break;
        }
        if (src[j] === '\n') line++;
        value += src[j++];
      }
      tokens.push({ kind: 'sq', text: src.slice(i, j + 1), value, line: start });
      i = j + 1;
    } else if (DQ.has(c)) {
      const start = line;
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= src.length) {
          errors.push(`line ${start}: unterminated double-quoted string`);
          break;
        }
        const d = src[j];
        if (d === '`') {
          value += src.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (DQ.has(d)) {
          if (DQ.has(src[j + 1] ?? '')) {
            value += d;
            j += 2;
            continue;
          }
          break;
        }
        if (d === '\n') line++;
        value += d;
        j++;
      }
      tokens.push({ kind: 'dq', text: src.slice(i, j + 1), value, line: start });
      i = j + 1;
    } else if (c === '`') {
      i += 2; // escaped character (line continuation included)
    } else if (c in PAIRS) {
      stack.push({ ch: c, line });
      tokens.push({ kind: 'open', text: c, line });
      i++;
    } else if (c === ')' || c === '}' || c === ']') {
      const top = stack.pop();
      if (!top || PAIRS[top.ch] !== c)
        errors.push(`line ${line}: "${c}" does not close ${top ? `"${top.ch}" from line ${top.line}` : 'anything'}`);
      tokens.push({ kind: 'close', text: c, line });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      let j = i;
      while (j < src.length && !/[\s'"`(){}[\]#\u2018-\u201e]/.test(src[j])) j++;
      if (j === i) j++;
      tokens.push({ kind: 'word', text: src.slice(i, j), line });
      i = j;
    }
  }
  for (const open of stack) errors.push(`line ${open.line}: "${open.ch}" is never closed`);
  return { tokens, errors };
}
