/**
 * The rooms of the code and which may import which. A room imports only from rooms below it:
 *   core (the vocabulary) < checks, targets, reporters < engine < bin
 * checks, targets and reporters sit side by side and do not import one another; the engine wires
 * them; the CLI only parses, wires and prints.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RANK: Record<string, number> = { core: 0, checks: 1, targets: 1, reporters: 1, engine: 2, bin: 3 };

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

function roomOf(file: string): string | undefined {
  const first = path.relative(ROOT, file).split(path.sep)[0];
  return first !== undefined && first in RANK ? first : undefined;
}

/** Every relative import of a file (static, dynamic, type-only, re-exports and bare `import './x.js'`), resolved to a path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (m[1]) out.push(path.resolve(path.dirname(file), m[1]));
  }
  return out;
}

describe('layering', () => {
  const files = Object.keys(RANK).flatMap((room) => sources(path.join(ROOT, room)));

  it('finds the sources of every room', () => {
    for (const room of Object.keys(RANK)) expect(files.some((f) => roomOf(f) === room)).toBe(true);
  });

  it('no room imports from a room above it or beside it', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = roomOf(file);
      if (from === undefined) continue;
      for (const target of importsOf(file)) {
        const to = roomOf(target);
        if (to === undefined || to === from) continue;
        if ((RANK[to] ?? 0) >= (RANK[from] ?? 0)) wrong.push(`${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the CLI holds no report assembly or scanning logic of its own (it imports the engine for that)', () => {
    for (const file of files.filter((f) => roomOf(f) === 'bin')) {
      const text = readFileSync(file, 'utf8');
      expect(text, path.relative(ROOT, file)).not.toMatch(/\bverdict\s*[:=]\s*['"](?:compliant|non-compliant|incomplete)['"]/);
    }
  });
});
