#!/usr/bin/env node
/* global process, console */
/**
 * Wraps source lines wider than 140 columns without changing what the program does, then formats
 * the changed files with Prettier. Re-runnable: a file with no line over the limit is left byte for
 * byte, and a second run over its own output changes nothing.
 *
 *   node scripts/wrap-long-lines.mjs            every tracked .ts/.tsx/.mts/.cts/.js/.mjs/.cjs file
 *                                               Prettier does not ignore (.prettierignore)
 *   node scripts/wrap-long-lines.mjs FILE...    only these files
 *   node scripts/wrap-long-lines.mjs --check    write nothing; exit 1 if a file would change
 *
 * What it wraps, on a line wider than the limit (widths as Prettier measures them: a CJK character
 * or an emoji is two columns):
 * - a one-line string literal in an expression position: `'…' + '…'` pieces, cut after a space or
 *   after Japanese punctuation, never inside an escape sequence, a surrogate pair or a word;
 * - a one-line template literal that is not tagged: pieces cut the same way in its text, never inside
 *   a `${…}`; a template with substitutions on the right of `+` keeps parentheses, so every value is
 *   still converted in the same order;
 * - a comment that stands on its own line(s): re-flowed at spaces (tool directives are left alone).
 * What it never touches: tagged templates (String.raw: the raw text is the value), templates over
 * several lines (their newlines are part of the value), regular expressions, property names, import
 * paths, `case` labels, literal types, element-access keys, directives, JSX attributes.
 *
 * Proof, per file, before anything is written: both versions are parsed and reduced to a normal form
 * (adjacent string pieces of a `+` chain joined, as far as that is exact, parentheses dropped, quote
 * style and positions ignored); the file is written only if the two forms are identical, and the
 * words of every comment are unchanged. Otherwise the file is reported and left as it was (exit 1).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const ts = require('typescript');

/** A line wider than this is wrapped (and is what eslint's max-len rejects). */
export const LIMIT = 140;
/** Pieces are cut to end within Prettier's print width. */
const TARGET = 130;
/** Below this, a piece is not worth a line of its own. */
const MIN_PIECE = 40;
const MAX_PASSES = 6;
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;

export const width = (s) => prettier.util.getStringWidth(s);

// ---------------------------------------------------------------------------------------------
// Cutting literal text into pieces

/** Japanese punctuation after which a line may break (a closing bracket, a comma, a full stop…). */
const JA_BREAK_AFTER = new Set([...'、。，．：；！？）」』】〕〉》］｝・　']);
/** Characters that must not start a piece (they belong to what stands before them). */
const NO_START =
  /^(?:[\u0300-\u036f]|\u200d|\u3099|\u309a|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}]|[、。，．：；！？）」』】〕〉》］｝ー])/u;

/**
 * The raw text of a literal (between its quotes or backticks) as units that are never cut: an escape
 * sequence (with the two halves of an escaped surrogate pair together), a code point, or `${…}`
 * (given as atoms by the caller).
 */
const UNIT = new RegExp(
  [
    String.raw`\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}`, // an escaped surrogate pair
    String.raw`\\u\{[0-9a-fA-F]+\}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}`, // other numeric escapes
    String.raw`\\\r\n|\\[\s\S]`, // any other escape (a line continuation with its CRLF)
    String.raw`[\s\S]`, // one code point
  ].join('|'),
  'gu',
);

function unitsOf(raw) {
  const units = [];
  for (const m of raw.matchAll(UNIT)) units.push(m[0]);
  return units;
}

/** May a piece end after unit i and the next start with unit i + 1? 1 best, 2 acceptable, 0 never. */
function breakClass(units, i) {
  const u = units[i];
  const next = units[i + 1];
  if (next === undefined || NO_START.test(next.atom ? '' : next)) return 0;
  if (typeof u === 'string' && '（「『【〔〈《［｛([{'.includes(u)) return 0; // an opening bracket stays with what it opens
  if (u === ' ') {
    if (next === ' ') return 0;
    // Between two words of Latin text, the best place; beside Japanese text or a `${…}` (`${n} 件`),
    // only when no Japanese punctuation is at hand.
    const prev = units[i - 1];
    return isWide(prev) || isWide(next) || prev?.atom || next.atom ? 2 : 1;
  }
  if (JA_BREAK_AFTER.has(u) || u === '\\n') return 1; // after a full stop or an escaped newline
  if (u === '/' || u === '\\\\') return 2; // a path or a URL (the value is the same either way)
  if (u.atom || next.atom) return next === ' ' ? 1 : 2; // before or after a `${…}`
  if (/^[,;|]$/.test(u) && next !== ' ') return 2;
  return 0;
}

const isWide = (u) => typeof u === 'string' && width(u) === 2;

const textOf = (units, from, to) =>
  units
    .slice(from, to)
    .map((u) => (u.atom ? u.atom : u))
    .join('');

/**
 * Cuts units into pieces whose width (with `open`, `close` and the ` +` after them) stays within
 * `budget`, preferring a break after a space or Japanese punctuation. Returns the raw text of each
 * piece, or null when the text cannot be cut into at least two pieces.
 */
function cut(units, budget, open, close) {
  const frame = width(open) + width(close) + 2;
  const pieces = [];
  let start = 0;
  while (start < units.length) {
    const rest = textOf(units, start, units.length);
    if (width(rest) + frame <= budget) {
      pieces.push(rest);
      break;
    }
    let best1 = -1;
    let best2 = -1;
    let first = -1;
    let w = frame;
    for (let i = start; i < units.length - 1; i++) {
      w += width(units[i].atom ?? units[i]);
      const c = breakClass(units, i);
      if (c === 0) continue;
      if (first < 0) first = i;
      if (w > budget) break;
      if (c === 1) best1 = i;
      else best2 = i;
    }
    let end = best1;
    if (best2 > best1) {
      const w1 = best1 < 0 ? 0 : width(textOf(units, start, best1 + 1));
      if (w1 < (budget - frame) * 0.6) end = best2;
    }
    if (end < 0) end = first;
    if (end < 0) {
      pieces.push(rest);
      break;
    }
    pieces.push(textOf(units, start, end + 1));
    start = end + 1;
  }
  return pieces.length > 1 ? pieces : null;
}

// ---------------------------------------------------------------------------------------------
// Where a literal may become an expression of several pieces

function isTestSnapshotCall(call) {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  return /InlineSnapshot$|^(?:require|mock|doMock|unmock|importActual|importMock)$/.test(name);
}

/** A string literal that may be replaced by a concatenation: an expression, not a name or a type. */
function mayBecomeExpression(node) {
  const p = node.parent;
  if (!p) return false;
  if (p.name === node || p.propertyName === node) return false; // property, method, enum member, import/export name
  switch (p.kind) {
    case ts.SyntaxKind.ImportDeclaration:
    case ts.SyntaxKind.ExportDeclaration:
    case ts.SyntaxKind.ExternalModuleReference:
    case ts.SyntaxKind.ModuleDeclaration:
    case ts.SyntaxKind.ImportAttribute:
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.ExpressionStatement:
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.EnumMember:
    case ts.SyntaxKind.TaggedTemplateExpression:
    case ts.SyntaxKind.ComputedPropertyName:
      return false;
    case ts.SyntaxKind.CallExpression:
      if (p.expression.kind === ts.SyntaxKind.ImportKeyword || isTestSnapshotCall(p)) return false;
      return p.expression !== node;
    default:
      return true;
  }
}

/** How a replacement of `node` by a `+` chain must be wrapped so that it means the same. */
function wrapFor(node, chain, hasSubstitutions) {
  const p = node.parent;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    // `'ab' + x` → `'a' + 'b' + x` is the same tree shape. `x + 'ab'` → `x + 'a' + 'b'` is the same
    // value (x meets a string either way); with substitutions the order in which x and the pieces
    // are converted could differ, so those keep their parentheses.
    if (p.left === node || !hasSubstitutions) return chain;
  }
  return `(${chain})`; // Prettier drops the parentheses wherever they are not needed
}

// ---------------------------------------------------------------------------------------------
// Comments

/** Comments that tell a tool something: `/// <reference>`, `// @ts-…`, eslint, prettier, `#__PURE__`… */
const DIRECTIVE = new RegExp(
  [
    String.raw`^\s*\/\/\/`,
    String.raw`^\s*\/\/\s*(?:[@#]|(?:eslint|prettier|c8|istanbul|v8|tslint|jshint|global)\b)`,
    String.raw`^\s*\/\*\s*(?:eslint|prettier|global|c8|istanbul|v8|@|#__)`,
    String.raw`^\s*\/\*\*?\s*@(?:ts-|jsx|license|preserve)`,
  ].join('|'),
);

function commentRanges(sf) {
  const text = sf.text;
  const seen = new Map();
  const add = (ranges) => {
    for (const r of ranges ?? []) if (!seen.has(r.pos)) seen.set(r.pos, r);
  };
  const visit = (n) => {
    add(ts.getLeadingCommentRanges(text, n.pos));
    add(ts.getTrailingCommentRanges(text, n.end));
    if (n.kind !== ts.SyntaxKind.JsxText) for (const c of n.getChildren(sf)) visit(c);
  };
  visit(sf);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

/** Words of a line of text, re-flowed so that `prefix + line` stays within the target width. */
function reflow(words, firstPrefix, prefix) {
  const lines = [];
  let cur = '';
  for (const w of words) {
    const pre = lines.length === 0 ? firstPrefix : prefix;
    if (cur && width(pre + cur + ' ' + w) > TARGET) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? cur + ' ' + w : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** Edits re-flowing comments that stand on their own lines and reach a long line. */
function commentEdits(sf, isLong, lineStarts) {
  const text = sf.text;
  const edits = [];
  for (const r of commentRanges(sf)) {
    const body = text.slice(r.pos, r.end);
    if (DIRECTIVE.test(body)) continue;
    const startLine = sf.getLineAndCharacterOfPosition(r.pos).line;
    const endLine = sf.getLineAndCharacterOfPosition(r.end).line;
    let touches = false;
    for (let l = startLine; l <= endLine; l++) if (isLong(l)) touches = true;
    if (!touches) continue;
    const lineStart = lineStarts[startLine];
    const before = text.slice(lineStart, r.pos);
    const lineEnd = endLine + 1 < lineStarts.length ? lineStarts[endLine + 1] - 1 : text.length;
    const after = text.slice(r.end, lineEnd);
    if (!/^[ \t]*$/.test(before) || !/^[ \t]*\r?$/.test(after)) continue; // shares its line with code
    const indent = before;
    if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      const m = /^\/\/( ?)(.*)$/.exec(body);
      const words = m[2].split(/ +/).filter(Boolean);
      const lines = reflow(words, `${indent}//${m[1] || ' '}`, `${indent}// `);
      if (lines.length > 1) edits.push({ start: r.pos, end: r.end, text: `//${m[1] || ' '}${lines.join(`\n${indent}// `)}` });
      continue;
    }
    // A block comment: every long line of it is re-flowed with the prefix it had (` * ` in JSDoc).
    const jsdoc = body.startsWith('/**');
    const open = jsdoc ? '/**' : '/*';
    const lines = body.split('\n');
    if (lines.length === 1) {
      const inner = body.slice(open.length, -2).trim();
      const wrapped = reflow(inner.split(/ +/).filter(Boolean), `${indent} * `, `${indent} * `);
      if (wrapped.length > 1)
        edits.push({
          start: r.pos,
          end: r.end,
          text: `${open}\n${wrapped.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */`,
        });
      continue;
    }
    let fenced = false;
    let changed = false;
    const out = [];
    lines.forEach((line, i) => {
      if (/^\s*\*?\s*```/.test(line)) fenced = !fenced;
      const long = isLong(startLine + i);
      const last = i === lines.length - 1;
      if (fenced || !long || (last && !/\S.*\*\/$/.test(line))) {
        out.push(line);
        return;
      }
      // The first line goes on with ` * ` under its `/**`; the last keeps its `*/` after its last word.
      const m = i === 0 ? /^()(\/\*\*? ?)(.*)$/.exec(line) : /^(\s*\*? ?)(\s*)(.*)$/.exec(line);
      const prefix = i === 0 ? `${indent} * ` : m[1] + m[2];
      const firstPrefix = i === 0 ? `${indent}${m[2]}` : prefix;
      const words = m[3].split(/ +/).filter(Boolean);
      const wrapped = reflow(words, firstPrefix, prefix);
      if (wrapped.length > 1) changed = true;
      out.push(...wrapped.map((l, j) => (j === 0 ? (i === 0 ? m[2] : prefix) : prefix) + l));
    });
    if (changed) edits.push({ start: r.pos, end: r.end, text: out.join('\n') });
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------
// One pass over a file

function scriptKindOf(file) {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(file)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

export function parse(text, file) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  if (sf.parseDiagnostics?.length) throw new Error(`${file}: does not parse: ${sf.parseDiagnostics[0].messageText}`);
  return sf;
}

function literalEdit(sf, node, budget) {
  const text = sf.text;
  const start = node.getStart(sf);
  const end = node.getEnd();
  if (ts.isStringLiteral(node)) {
    const q = text[start];
    const pieces = cut(unitsOf(text.slice(start + 1, end - 1)), budget, q, q);
    if (!pieces) return null;
    return { start, end, text: wrapFor(node, pieces.map((p) => q + p + q).join(' +\n'), false) };
  }
  if (ts.isNoSubstitutionTemplateLiteral(node)) {
    const pieces = cut(unitsOf(text.slice(start + 1, end - 1)), budget, '`', '`');
    if (!pieces) return null;
    return { start, end, text: wrapFor(node, pieces.map((p) => '`' + p + '`').join(' +\n'), false) };
  }
  // A template with substitutions: text units and `${…}` atoms, never cut inside an atom.
  const units = [];
  const literalParts = [node.head, ...node.templateSpans.map((s) => s.literal)];
  literalParts.forEach((part, i) => {
    const s = part.getStart(sf);
    const e = part.getEnd();
    const rawStart = s + 1; // after ` or }
    const rawEnd = ts.isTemplateTail(part) ? e - 1 : e - 2; // before ` or ${
    units.push(...unitsOf(text.slice(rawStart, rawEnd)));
    if (i < node.templateSpans.length) {
      const next = node.templateSpans[i].literal;
      units.push({ atom: text.slice(e - 2, next.getStart(sf) + 1) });
    }
  });
  const pieces = cut(units, budget, '`', '`');
  if (!pieces) return null;
  return { start, end, text: wrapFor(node, pieces.map((p) => '`' + p + '`').join(' +\n'), true) };
}

/** The edits of one pass: literals and comments on lines wider than the limit. */
export function passEdits(sf) {
  const text = sf.text;
  const lineStarts = sf.getLineStarts();
  const lines = text.split('\n');
  const isLong = (l) => l < lines.length && width(lines[l].replace(/\r$/, '')) > LIMIT;
  const edits = [];
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  const edited = new Set(); // lines with an edit
  const fitting = new Map(); // line → the widest literal on it that fits its own budget
  const visit = (node) => {
    const isLiteral =
      ts.isStringLiteral(node) ||
      (ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTaggedTemplateExpression(node.parent)) ||
      (ts.isTemplateExpression(node) && !ts.isTaggedTemplateExpression(node.parent));
    if (isLiteral && mayBecomeExpression(node)) {
      const start = node.getStart(sf);
      const line = lineOf(start);
      if (line === lineOf(node.getEnd()) && isLong(line)) {
        const indent = /^[ \t]*/.exec(lines[line])[0].length;
        const budget = Math.max(MIN_PIECE + 4, TARGET - indent - 4);
        const edit = literalEdit(sf, node, budget);
        if (edit) {
          edits.push(edit);
          edited.add(line);
          return; // what is inside (a literal in a `${…}`) waits for the next pass
        }
        const w = width(node.getText(sf));
        if (w <= budget && w >= 2 * MIN_PIECE && !(fitting.get(line)?.w >= w)) fitting.set(line, { node, w });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // A long line whose literals each fit a line of their own (`const name = '…';`, a test's title):
  // its widest literal is cut in two halves, so that what stands before it is no longer in the way.
  for (const [line, { node, w }] of fitting) {
    if (edited.has(line)) continue;
    const edit = literalEdit(sf, node, Math.max(MIN_PIECE, Math.ceil(w / 2) + 8));
    if (edit) edits.push(edit);
  }
  edits.push(...commentEdits(sf, isLong, lineStarts));
  return edits.sort((a, b) => b.start - a.start);
}

function applyEdits(text, edits) {
  let out = text;
  let last = Infinity;
  for (const e of edits) {
    if (e.end > last) continue; // overlapping (cannot happen: literals and comments are disjoint)
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    last = e.start;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The normal form that proves a rewrite changed nothing

const IGNORED_KEYS = new Set([
  'pos',
  'end',
  'flags',
  'parent',
  'transformFlags',
  'modifierFlagsCache',
  'id',
  'original',
  'emitNode',
  'symbol',
  'localSymbol',
  'locals',
  'nextContainer',
  'jsDoc',
  'jsDocCache',
  'flowNode',
  'endFlowNode',
  'returnFlowNode',
  'fallthroughFlowNode',
  'singleQuote',
  'hasExtendedUnicodeEscape',
  'rawText',
  'text',
  'escapedText',
  'templateFlags',
  'numericLiteralFlags',
  'kind',
  'commentDirectives',
  'lineMap',
  'identifiers',
  'nodeCount',
  'identifierCount',
  'symbolCount',
  'parseDiagnostics',
  'bindDiagnostics',
  'bindSuggestionDiagnostics',
  'fileName',
  'path',
  'resolvedPath',
  'originalFileName',
  'languageVersion',
  'languageVariant',
  'scriptKind',
  'isDeclarationFile',
  'hasNoDefaultLib',
  'externalModuleIndicator',
  'setExternalModuleIndicator',
  'pragmas',
  'referencedFiles',
  'typeReferenceDirectives',
  'libReferenceDirectives',
  'amdDependencies',
  'checkJsDirective',
  'jsDocParsingMode',
  'jsDocDiagnostics',
  'endOfFileToken',
  'nextNodeId',
  'impliedNodeFormat',
  'packageJsonLocations',
  'packageJsonScope',
  'redirectInfo',
  'classifiableNames',
  'resolvedModules',
  'imports',
  'moduleAugmentations',
  'ambientModuleNames',
  'hasTypeScriptImports',
]);
const MEANINGFUL_FLAGS = () =>
  ts.NodeFlags.Let |
  ts.NodeFlags.Const |
  ts.NodeFlags.Using |
  ts.NodeFlags.OptionalChain |
  ts.NodeFlags.Namespace |
  ts.NodeFlags.NestedNamespace |
  ts.NodeFlags.GlobalAugmentation;

const unparen = (n) => (ts.isParenthesizedExpression(n) ? unparen(n.expression) : n);
const isPlus = (n) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken;

/** A literal string value as parts: text, and substitutions (normal forms) in order; null if not one. */
function stringParts(n, tagged) {
  if (tagged) return null;
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return [n.text];
  if (ts.isTemplateExpression(n)) {
    const parts = [n.head.text];
    for (const s of n.templateSpans) parts.push({ sub: normal(s.expression) }, s.literal.text);
    return parts;
  }
  // A parenthesised chain of string literals only: `( '…' + `…${x}` )` is one string.
  if (ts.isParenthesizedExpression(n)) {
    const inner = unparen(n);
    if (!isPlus(inner)) return stringParts(inner, false);
    const operands = chainOf(inner).map((o) => stringParts(o, false));
    if (operands.every(Boolean)) return operands.flat();
  }
  return null;
}

/** The operands of a left-associated `+` chain, in order. */
function chainOf(n) {
  const out = [];
  let cur = n;
  const rights = [];
  while (isPlus(cur)) {
    rights.push(cur.right);
    cur = unparen(cur.left);
  }
  out.push(cur, ...rights.reverse());
  return out;
}

const joinParts = (parts) => {
  const out = [];
  for (const p of parts) {
    if (typeof p === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += p;
    else out.push(p);
  }
  return `STR(${out.map((p) => (typeof p === 'string' ? JSON.stringify(p) : p.sub)).join(',')})`;
};

/**
 * The normal form of a node. Exact rewrites only: a string operand without substitutions joins the
 * string before it in a `+` chain (`x + 'a' + 'b'` is `x + 'ab'` for every x); one with substitutions
 * joins only the first operand of the chain (then nothing before it could be converted in between).
 */
export function normal(n) {
  n = unparen(n);
  if (isPlus(n)) {
    const ops = [];
    for (const o of chainOf(n)) {
      const parts = stringParts(o, false);
      const prev = ops[ops.length - 1];
      const hasSub = parts && parts.some((p) => typeof p !== 'string');
      if (parts && prev && prev.parts && (!hasSub || ops.length === 1)) prev.parts.push(...parts);
      else ops.push({ parts: parts ? [...parts] : null, node: o });
    }
    if (ops.length === 1) return ops[0].parts ? joinParts(ops[0].parts) : normal(ops[0].node);
    return `PLUS(${ops.map((o) => (o.parts ? joinParts(o.parts) : normal(o.node))).join(',')})`;
  }
  const parts = stringParts(n, ts.isTaggedTemplateExpression(n.parent ?? n));
  if (parts) return joinParts(parts);
  if (ts.isTemplateLiteral(n) && n.parent && ts.isTaggedTemplateExpression(n.parent)) {
    const raw = ts.isNoSubstitutionTemplateLiteral(n)
      ? [n.rawText]
      : [n.head.rawText, ...n.templateSpans.flatMap((s) => [normal(s.expression), s.literal.rawText])];
    return `RAW(${JSON.stringify(raw)})`;
  }
  const own = [];
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) own.push(JSON.stringify(n.text));
  else if (ts.isNumericLiteral(n)) own.push(String(Number(n.text.replace(/_/g, ''))));
  else if (n.kind === ts.SyntaxKind.BigIntLiteral || ts.isRegularExpressionLiteral(n) || ts.isJsxText(n))
    own.push(JSON.stringify(n.text));
  own.push(`f${n.flags & MEANINGFUL_FLAGS()}`);
  for (const key of Object.keys(n)) {
    if (IGNORED_KEYS.has(key)) continue;
    const v = n[key];
    if (v === undefined) continue;
    if (Array.isArray(v))
      own.push(`${key}:[${v.map((c) => (c && typeof c.kind === 'number' ? normal(c) : JSON.stringify(c))).join(',')}]`);
    else if (v && typeof v === 'object' && typeof v.kind === 'number') own.push(`${key}:${normal(v)}`);
    else if (typeof v !== 'object' && typeof v !== 'function') own.push(`${key}=${JSON.stringify(v)}`);
  }
  return `${ts.SyntaxKind[n.kind]}{${own.join(';')}}`;
}

/** The words of every comment, in order: re-flowing may move them between lines, never change them. */
export function commentWords(sf) {
  return commentRanges(sf)
    .map((r) =>
      sf.text
        .slice(r.pos, r.end)
        .replace(/^\/\*\*?|\*\/$|^\/\/\/?/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\*(?!\/)/, '').replace(/^\s*\/\/\/?/, ''))
        .join(' '),
    )
    .join(' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

/** Throws unless `after` does exactly what `before` does (same normal form, same comment words). */
export function assertSameProgram(before, after, file) {
  const a = parse(before, file);
  const b = parse(after, file);
  if (normal(a) !== normal(b)) throw new Error(`${file}: the rewrite would change the program; left as it was`);
  if (commentWords(a) !== commentWords(b)) throw new Error(`${file}: the rewrite would change a comment; left as it was`);
}

// ---------------------------------------------------------------------------------------------
// A whole file

async function format(text, file) {
  // The project's settings, also for a file outside the tree (the test's samples).
  const options = (await prettier.resolveConfig(file)) ?? (await prettier.resolveConfig(path.join(ROOT, 'package.json'))) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/** Lines still wider than the limit: [line number (1-based), width]. */
export function longLines(text) {
  return text
    .split('\n')
    .map((l, i) => [i + 1, width(l.replace(/\r$/, ''))])
    .filter(([, w]) => w > LIMIT);
}

/**
 * Wraps the long lines of one file's text. Returns the new text (the same string when nothing was
 * wrapped) and how many pieces were cut. Throws if the result would not be the same program.
 */
export async function wrapText(text, file) {
  if (longLines(text).length === 0) return { text, edits: 0 };
  let cur = text;
  let total = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const edits = passEdits(parse(cur, file));
    if (edits.length === 0) break;
    const next = await format(applyEdits(cur, edits), file);
    if (next === cur) break;
    total += edits.length;
    cur = next;
  }
  if (total === 0) return { text, edits: 0 };
  assertSameProgram(text, cur, file);
  return { text: cur, edits: total };
}

/**
 * Tracked source files that eslint's max-len checks (its ignores are Prettier's plus the report's
 * embedded script and stylesheet) and that Prettier formats.
 */
async function sourceFiles() {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd: ROOT });
  const checked = async (abs) => {
    if (await eslint.isPathIgnored(abs)) return false;
    const rule = (await eslint.calculateConfigForFile(abs))?.rules?.['max-len'];
    return Array.isArray(rule) ? rule[0] !== 0 && rule[0] !== 'off' : rule !== undefined && rule !== 0 && rule !== 'off';
  };
  const out = [];
  for (const f of listed.filter((f) => SOURCE.test(f)).sort()) {
    const abs = path.join(ROOT, f);
    const info = await prettier.getFileInfo(abs, { ignorePath: path.join(ROOT, '.prettierignore') });
    if (!info.ignored && info.inferredParser && (await checked(abs))) out.push(f);
  }
  return out;
}

/** What max-len's ignoreUrls takes for a URL (eslint's own pattern). */
const URL = /[^:/?#]:\/\/[^?#]/u;

/**
 * Lines max-len lets pass (1-based): under `eslint-disable-next-line max-len`, in an
 * `eslint-disable max-len` block, or holding a URL.
 */
export function exemptLines(text) {
  const out = new Set();
  let block = false;
  text.split('\n').forEach((line, i) => {
    if (/eslint-disable(?!-)\s+[^*]*\bmax-len\b/.test(line)) block = true;
    if (block || URL.test(line) || /eslint-disable-next-line\s+[^*]*\bmax-len\b/.test(text.split('\n')[i - 1] ?? ''))
      out.add(i + 1);
    if (/eslint-enable\s+[^*]*\bmax-len\b/.test(line)) block = false;
  });
  return out;
}

async function main(argv) {
  const check = argv.includes('--check');
  const given = argv.filter((a) => !a.startsWith('--'));
  const files = given.length ? given.map((f) => path.relative(ROOT, path.resolve(f))) : await sourceFiles();
  if (files.length === 0) throw new Error('no files to wrap (is max-len on in eslint.config.js?)');
  let changed = 0;
  let failed = 0;
  let remaining = 0;
  for (const f of files) {
    const abs = path.join(ROOT, f);
    const text = readFileSync(abs, 'utf8');
    let result;
    try {
      result = await wrapText(text, abs);
    } catch (err) {
      failed++;
      console.error(String(err.message ?? err));
      continue;
    }
    if (result.text !== text) {
      changed++;
      if (!check) writeFileSync(abs, result.text);
      console.log(`${check ? 'would wrap' : 'wrapped'} ${f} (${result.edits} literals/comments)`);
    }
    const exempt = exemptLines(result.text);
    for (const [line, w] of longLines(result.text)) {
      if (exempt.has(line)) continue;
      remaining++;
      console.log(`  still long: ${f}:${line} (${w} columns)`);
    }
  }
  console.log(
    `${files.length} file(s) read, ${changed} ${check ? 'would change' : 'changed'}; ` +
      `${remaining} line(s) over ${LIMIT} left for hand-wrapping (lines max-len lets pass not counted)`,
  );
  if (failed || (check && changed)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
