/**
 * How fast the CLI starts: `posaudit --help` and `posaudit --version` from the built dist,
 * median of N runs (lazy loading keeps heavy modules out of these paths).
 * Run: node --import tsx bench/startup.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 20);
const bin = path.resolve('dist/bin/posaudit.js');
if (!existsSync(bin)) {
  console.error('build first: npm run build');
  process.exit(2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`posaudit ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const bare = median(
  Array.from({ length: runs }, () => {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  }),
);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
);
console.log(`node -e 0 (floor):        ${bare.toFixed(0)} ms`);
for (const args of [['--help'], ['--version'], ['checks', 'list']]) {
  console.log(
    `posaudit ${args.join(' ').padEnd(16)} ${median(Array.from({ length: runs }, () => time(args))).toFixed(0)} ms (median of ${runs})`,
  );
}
