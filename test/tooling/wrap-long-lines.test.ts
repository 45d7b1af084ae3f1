/**
 * scripts/wrap-long-lines.mjs rewrites the whole tree, so it must never change what a program does.
 * A sample with every kind of literal is rewritten, both versions are transpiled and imported, and
 * every value (and the order in which values are converted to strings) must be the same; every line
 * it could wrap must end within the limit, and what it must not touch stays byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMIT, assertSameProgram, longLines, width, wrapText } from '../../scripts/wrap-long-lines.mjs';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'wrap-long-lines.mjs');
const SAMPLE = readFileSync(path.join(import.meta.dirname, 'fixtures', 'long-lines.sample.ts.txt'), 'utf8');
const HELPER =
  'a-helper-module-with-a-name-long-enough-to-push-this-import-declaration-well-past-the-limit-of-140-columns-of-source-text.mjs';

interface SampleModule {
  values: Record<string, unknown>;
  log: string[];
}

let dir: string;
let before: string;
let after: string;

/** Transpiles TypeScript source to a module in the work folder and imports it. */
async function load(source: string, name: string): Promise<SampleModule> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as SampleModule;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wrap-long-lines-'));
  writeFileSync(path.join(dir, HELPER), 'export const helper = () => "from the helper";\n');
  // The tree is formatted before the codemod runs; so is the sample.
  before = await prettier.format(SAMPLE, { parser: 'typescript', printWidth: 130, singleQuote: true, trailingComma: 'all' });
  const file = path.join(dir, 'sample.ts');
  writeFileSync(file, before);
  execFileSync(process.execPath, [SCRIPT, file], { cwd: ROOT, encoding: 'utf8' });
  after = readFileSync(file, 'utf8');
});

describe('scripts/wrap-long-lines.mjs', () => {
  it('the sample really has long lines of every kind to start with', () => {
    expect(longLines(before).length).toBeGreaterThan(20);
    expect(after).not.toBe(before);
  });

  it('leaves every value the same, and converts values to strings in the same order', async () => {
    const a = await load(before, 'before');
    const b = await load(after, 'after');
    expect(Object.keys(b.values)).toEqual(Object.keys(a.values));
    for (const key of Object.keys(a.values)) expect({ key, value: b.values[key] }).toEqual({ key, value: a.values[key] });
    expect(b.log).toEqual(a.log);
    expect(a.log.length).toBeGreaterThan(5);
    // The sample is what it claims: the values are the long ones, not something that was cut short.
    expect(String(a.values.japaneseNoPunctuation)).toContain('ホワイトリスト（許可リスト）');
    expect(a.values.label).toBe('long case');
    expect(String(a.values.raw)).toContain('C:\\new\\table');
  });

  it('cuts only where it may: never inside an escape, a surrogate pair, a `${…}` or a Japanese term', () => {
    const pieces = [...after.matchAll(/'((?:\\.|[^'\\\n])*)' \+\n|`([^`\n]*)` \+\n/g)].map((m) => m[1] ?? m[2] ?? '');
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) {
      expect(p).not.toMatch(/(?<!\\)(?:\\\\)*\\$/); // no piece ends inside an escape
      expect(p).not.toMatch(/[\ud800-\udbff]$/); // nor between the halves of a surrogate pair
      expect(p).not.toMatch(/\$\{[^}]*$/); // nor inside a substitution
    }
    // Every cut is after a space, Japanese punctuation, a path separator or an escaped newline, or at a `${…}`:
    // never between two letters of a word or two characters of a Japanese term.
    const lines = after.split('\n');
    let cuts = 0;
    lines.forEach((line, i) => {
      const end = /(['"`])\s*\+$/.exec(line);
      const next = /^\s*\(?(['"`])(.{0,2})/.exec(lines[i + 1] ?? '');
      if (!end || !next) return;
      cuts++;
      const last = line.slice(0, end.index).slice(-2);
      const ok = /(?: |[、。，．：；！？）」』】〕〉》］｝・]|[/,;|}]|\\n|\\\\)$/u.test(last) || next[2].startsWith('${');
      expect({ line, ok }).toEqual({ line, ok: true });
    });
    expect(cuts).toBeGreaterThan(10);
    expect(after).toContain('ホワイトリスト（許可リスト）');
  });

  it('wraps every line it can to the limit, and leaves what it must not touch byte for byte', () => {
    // Each of these stands on a line of its own in the formatted sample, wider than the limit, and must stay so.
    const untouchable = [
      `import { helper } from './${HELPER}';`,
      "type alias well past the line limit of one hundred and forty columns, and then some more words';",
      "    case 'a case label that is long enough to push this line well past the limit of one hundred and forty columns",
      "'an object key that is long enough to push this property well past the limit",
      'String.raw`C:\\new\\table a String.raw template whose raw text is its value',
      'line two, long enough that this line of the template is wider than the limit',
      'line two of a template over several lines, long enough',
      '/a regular expression literal that is long enough',
    ];
    for (const u of untouchable) {
      expect(before).toContain(u);
      const line = before.split('\n').find((l) => l.includes(u)) ?? '';
      expect({ u, long: width(line) > LIMIT }).toEqual({ u, long: true });
    }
    for (const u of untouchable) expect(after).toContain(u);
    const lines = after.split('\n');
    const long = longLines(after).map(([n]) => lines[n - 1]);
    for (const line of long) expect(untouchable.some((u) => line.includes(u))).toBe(true);
    // Everything else is within the limit, the Japanese and emoji lines measured as they are shown.
    const wrapped = lines.filter((l) => !untouchable.some((u) => l.includes(u)));
    expect(Math.max(...wrapped.map(width))).toBeLessThanOrEqual(LIMIT);
    expect(width('ローカル')).toBe(8);
  });

  it('re-flows a long comment at word boundaries and keeps its words', () => {
    expect(before.split('\n')[0].length).toBeGreaterThan(LIMIT);
    const comments = after.split('\n').filter((l) => l.startsWith('//'));
    expect(comments.length).toBeGreaterThanOrEqual(2);
    for (const c of comments) expect(width(c)).toBeLessThanOrEqual(LIMIT);
    const words = (s: string) => s.replace(/\/\//g, ' ').split(/\s+/).filter(Boolean);
    expect(words(comments.join('\n'))).toEqual(words(before.split('\n')[0]));
  });

  it('is idempotent: a second run changes nothing, and a file without long lines is not even reformatted', async () => {
    expect((await wrapText(after, path.join(dir, 'again.ts'))).text).toBe(after);
    const unformatted = 'const  x = "short"\n';
    expect((await wrapText(unformatted, path.join(dir, 'short.ts'))).text).toBe(unformatted);
  });

  it('its proof can fail: a rewrite that changes a value or a String.raw template is refused', () => {
    const file = path.join(dir, 'proof.ts');
    const src = "export const s = 'one two three';\nexport const r = String.raw`a\\nb`;\nexport const x = y + `${a} b`;\n";
    expect(() => assertSameProgram(src, src.replace("'one two three'", "'one two ' + 'three'"), file)).not.toThrow();
    expect(() => assertSameProgram(src, src.replace("'one two three'", "'one two' + 'three'"), file)).toThrow(
      /change the program/,
    );
    // Splitting a tagged template (what an earlier attempt did) changes its value.
    expect(() => assertSameProgram(src, src.replace('String.raw`a\\nb`', 'String.raw`a` + `\\nb`'), file)).toThrow(/change/);
    // y + `${a} b` → y + `${a}` + ` b` is exact; y + `x` + `${a}` is not (y and a converted in another order).
    const t2 = 'export const x = y + `c ${a} b`;\n';
    expect(() => assertSameProgram(t2, 'export const x = y + `c ` + `${a} b`;\n', file)).toThrow(/change the program/);
    expect(() => assertSameProgram(t2, 'export const x = y + (`c ` + `${a} b`);\n', file)).not.toThrow();
    expect(() => assertSameProgram('// one two three\n', '// one two\n// three\n', file)).not.toThrow();
    expect(() => assertSameProgram('// one two three\n', '// one three\n', file)).toThrow(/comment/);
  });
});
