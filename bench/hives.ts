/**
 * Whole-hive walk: posaudit's hive reader against hivex on the real hives of
 * ../shared/data/windows-hives (every key, every value's data decoded), median of N runs, plus
 * the transaction-log replay of the dirty Windows 10 SYSTEM hive. Scans never walk whole hives
 * (they read the keys their checks ask for); this keeps the reader's speed visible.
 * hivex side: `hivexml HIVE` (Debian's libhivex-bin has no hivexregedit; hivexml also visits every
 * key and value and prints them), output to a file, process start included.
 * Run: node --import tsx bench/hives.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openHive, type HiveKey } from '../targets/registry/hive.js';
import { replayLogs } from '../targets/registry/logs.js';
import { toRegistryValue } from '../targets/registry/offline.js';

const runs = Number(process.argv[2] ?? 3);
const dataDir = [
  process.env.POSAUDIT_WINDOWS_HIVES,
  path.resolve('..', 'shared', 'data', 'windows-hives'),
  path.resolve('..', '..', 'shared', 'data', 'windows-hives'),
].find((d) => d && existsSync(path.join(d, 'SYSTEM.xz')));
if (!dataDir) {
  console.error('real hives not found: set POSAUDIT_WINDOWS_HIVES');
  process.exit(2);
}
if (spawnSync('hivexml', ['--help']).error) {
  console.error('hivexml not installed (apt-get install libhivex-bin)');
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit-bench-hives-'));
const unpack = (name: string): string => {
  const out = path.join(tmp, name);
  execFileSync('sh', ['-c', 'xz -dc -- "$1" > "$2"', 'sh', path.join(dataDir, `${name}.xz`), out]);
  return out;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function walk(file: string): { keys: number; values: number } {
  const hive = openHive(readFileSync(file));
  let keys = 0;
  let values = 0;
  const visit = (k: HiveKey): void => {
    keys++;
    for (const v of k.values()) {
      toRegistryValue(v, 1 << 20);
      values++;
    }
    for (const c of k.subkeys()) visit(c);
  };
  visit(hive.root());
  return { keys, values };
}

function hivexml(file: string): void {
  const out = openSync(path.join(tmp, 'out.xml'), 'w');
  try {
    execFileSync('hivexml', [file], { stdio: ['ignore', out, 'ignore'] });
  } finally {
    closeSync(out);
  }
}

console.log(`| hive | size | keys | values | posaudit walk | hivexml | ratio |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|`);
for (const name of ['SYSTEM_WIN_10_1709', 'SYSTEM_B', 'SYSTEM', 'NTUSER_with_winscp.DAT', 'SAM']) {
  const file = unpack(name);
  let counts = { keys: 0, values: 0 };
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = process.hrtime.bigint();
    counts = walk(file);
    ours.push(ms(t0));
    t0 = process.hrtime.bigint();
    hivexml(file);
    theirs.push(ms(t0));
  }
  const size = (readFileSync(file).length / 1024 / 1024).toFixed(1);
  const a = median(ours);
  const b = median(theirs);
  console.log(
    `| ${name} | ${size} MiB | ${counts.keys} | ${counts.values} | ${a.toFixed(0)} ms | ${b.toFixed(0)} ms | ${(a / b).toFixed(2)} |`,
  );
}

const primary = readFileSync(unpack('SYSTEM_B'));
const logs = ['LOG1', 'LOG2'].map((ext) => ({ name: ext, data: readFileSync(unpack(`SYSTEM_B.${ext}`)) }));
const replays: number[] = [];
let applied = 0;
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  applied = replayLogs(primary, logs).applied;
  replays.push(ms(t0));
}
console.log(`\nSYSTEM_B log replay (${applied} entries, Marvin32 checks included): ${median(replays).toFixed(0)} ms`);
rmSync(tmp, { recursive: true, force: true });
