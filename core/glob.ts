/**
 * Path globs (`*`, `**`, `?`, `[…]`, `{a,b}`) matched without backtracking: the pattern becomes a
 * small automaton run over the path once, so the time is pattern length × path length whatever
 * the pattern (picomatch's regular expressions take minutes on `**` + `*a*a*a*a*b` against a long
 * name). `*`, `?` and classes stop at `/`; `**` crosses it; `**` + `/` also matches no folder at all.
 * Dot files match like any other (picomatch's `dot: true`).
 */
import { UsageError } from './errors.js';

/** Longest pattern accepted, and most alternatives one pattern may expand to through braces. */
export const MAX_GLOB_LENGTH = 1024;
export const MAX_BRACE_EXPANSIONS = 256;

type Token =
  | { t: 'lit'; c: string }
  | { t: 'any' }
  | { t: 'class'; negate: boolean; ranges: Array<[string, string]> }
  | { t: 'star' }
  | { t: 'globstar' }
  | { t: 'globstar-slash' };

function expandBraces(pattern: string, out: string[], budget: { left: number }): void {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth++ === 0) open = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      const inner = pattern.slice(open + 1, i);
      const parts: string[] = [];
      let d = 0;
      let start = 0;
      for (let j = 0; j < inner.length; j++) {
        const ch = inner[j];
        if (ch === '\\') j++;
        else if (ch === '{') d++;
        else if (ch === '}') d--;
        else if (ch === ',' && d === 0) {
          parts.push(inner.slice(start, j));
          start = j + 1;
        }
      }
      parts.push(inner.slice(start));
      if (parts.length < 2) continue; // "{x}" is literal
      for (const p of parts) expandBraces(pattern.slice(0, open) + p + pattern.slice(i + 1), out, budget);
      return;
    }
  }
  if (--budget.left < 0) throw new RangeError('too many alternatives');
  out.push(pattern);
}

function tokenize(p: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) out.push({ t: 'lit', c: p[++i] });
    else if (c === '?') out.push({ t: 'any' });
    else if (c === '*') {
      let j = i;
      while (p[j + 1] === '*') j++;
      const double = j > i;
      const atStart = i === 0 || p[i - 1] === '/';
      i = j;
      if (double && atStart && p[i + 1] === '/') {
        out.push({ t: 'globstar-slash' });
        i++;
      } else if (double && atStart && i + 1 === p.length) out.push({ t: 'globstar' });
      else if (out.at(-1)?.t !== 'star') out.push({ t: 'star' });
    } else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) {
        out.push({ t: 'lit', c });
        continue;
      }
      let body = p.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      const ranges: Array<[string, string]> = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k], body[k + 2]]);
          k += 2;
        } else ranges.push([body[k], body[k]]);
      }
      out.push({ t: 'class', negate, ranges });
      i = close;
    } else out.push({ t: 'lit', c });
  }
  return out;
}

/**
 * Run the automaton. A state is (token index, inside): `inside` is set while a `**` + `/` is consuming
 * folders (it may only finish at a `/`).
 */
function run(tokens: Token[], path: string): boolean {
  const n = tokens.length;
  let cur = new Uint8Array((n + 1) * 2);
  let next = new Uint8Array((n + 1) * 2);
  const close = (set: Uint8Array): void => {
    // epsilon moves: star, globstar and globstar-slash may match nothing
    for (let i = 0; i < n; i++) {
      if (!set[i * 2]) continue;
      const tk = tokens[i];
      if (tk.t === 'star' || tk.t === 'globstar' || tk.t === 'globstar-slash') set[(i + 1) * 2] = 1;
    }
  };
  cur[0] = 1;
  close(cur);
  for (const ch of path) {
    next.fill(0);
    let any = false;
    for (let i = 0; i <= n; i++) {
      const outside = cur[i * 2];
      const inside = cur[i * 2 + 1];
      if (!outside && !inside) continue;
      if (i === n) continue;
      const tk = tokens[i];
      if (tk.t === 'globstar-slash') {
        // consume any character inside; a "/" ends one folder and may finish the token
        next[i * 2 + 1] = 1;
        if (ch === '/') next[(i + 1) * 2] = 1;
        any = true;
        continue;
      }
      if (!outside) continue;
      let advance = false;
      let stay = false;
      switch (tk.t) {
        case 'lit':
          advance = tk.c === ch;
          break;
        case 'any':
          advance = ch !== '/';
          break;
        case 'class': {
          const hit = tk.ranges.some(([a, b]) => ch >= a && ch <= b);
          advance = ch !== '/' && hit !== tk.negate;
          break;
        }
        case 'star':
          stay = ch !== '/';
          break;
        case 'globstar':
          stay = true;
          break;
      }
      if (advance) next[(i + 1) * 2] = 1;
      if (stay) next[i * 2] = 1;
      any ||= advance || stay;
    }
    if (!any) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[n * 2] === 1;
}

/** A matcher for a list of globs (true when any matches). Bad or oversized patterns: UsageError naming the option. */
export function globMatcher(patterns: string[], option = '--exclude'): (path: string) => boolean {
  const compiled: Token[][] = [];
  for (const pattern of patterns) {
    if (pattern.length > MAX_GLOB_LENGTH)
      throw new UsageError(
        `${option}: the pattern is longer than ${MAX_GLOB_LENGTH} characters`,
        `${option}: パターンが ${MAX_GLOB_LENGTH} 文字を超えています`,
      );
    const alternatives: string[] = [];
    try {
      expandBraces(pattern, alternatives, { left: MAX_BRACE_EXPANSIONS });
    } catch {
      throw new UsageError(
        `${option}: "${pattern.slice(0, 80)}" expands to more than ${MAX_BRACE_EXPANSIONS} alternatives`,
        `${option}: "${pattern.slice(0, 80)}" の展開結果が ${MAX_BRACE_EXPANSIONS} 通りを超えています`,
      );
    }
    for (const alt of alternatives) {
      compiled.push(tokenize(alt));
      // "dir/**" also names the folder itself
      if (alt.length > 3 && alt.endsWith('/**')) compiled.push(tokenize(alt.slice(0, -3)));
    }
  }
  return (path) => compiled.some((tokens) => run(tokens, path));
}
