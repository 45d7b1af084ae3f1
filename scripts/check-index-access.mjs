#!/usr/bin/env node
/* global process, console */
/**
 * `noUncheckedIndexedAccess` where hostile text is split and indexed: the check kit and every
 * parser of terminal text. TypeScript takes the option for a whole program only, so this runs the
 * type-check with it on and fails on errors in the files listed here (the rest of the tree is
 * type-checked without it by `npm run typecheck`). Add a parser here when you write one.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const STRICT = [
  /^checks\/kit\//,
  /^checks\/(?!patches)[a-z]+\/parse[a-z-]*\.ts$/,
  /^checks\/os\/identify\.ts$/,
  /^checks\/tls\/(?:server-reply|config-parse|certificate|endpoint-syntax|client-hello|suites|policy)\.ts$/,
  /^core\/(?:luhn|quote|yaml-source)\.ts$/,
  /^targets\/(?:ssh-url|frames)\.ts$/,
];

const tsc = path.join(import.meta.dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const run = spawnSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.json', '--noEmit', '--noUncheckedIndexedAccess', '--pretty', 'false'],
  {
    encoding: 'utf8',
    cwd: path.join(import.meta.dirname, '..'),
  },
);
const errors = run.stdout.split('\n').filter((line) => {
  const file = /^([^(]+)\(\d+,\d+\): error/.exec(line)?.[1];
  return file !== undefined && STRICT.some((re) => re.test(file));
});
if (errors.length > 0) {
  console.error(`noUncheckedIndexedAccess: ${errors.length} error(s) in the kit and the parsers of terminal text:`);
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log('noUncheckedIndexedAccess: the kit and the parsers of terminal text are clean');
