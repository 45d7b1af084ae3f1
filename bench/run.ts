/**
 * `npm run bench`: every benchmark, small sizes by default so it finishes in minutes.
 * Larger runs: `npm run bench -- --full` (the 1 GB card-data corpus, 100 and 500 hosts).
 * Figures are written down by hand in bench/README.md with the machine and date.
 */
import { spawnSync } from 'node:child_process';

const full = process.argv.includes('--full');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const benches: Array<[string, string[]]> = [
  ['startup', ['bench/startup.ts', '20']],
  ['tls', ['bench/tls.ts', ...(full ? [] : ['--quick'])]],
  ['pan', ['bench/pan.ts', full ? '1024' : '256']],
  ['fleet', ['bench/fleet.ts', '--sizes', full ? '100,500' : '20']],
  ['hives', ['bench/hives.ts', full ? '5' : '3']],
  ['html', ['bench/html.ts', '--sizes', '1000,5000', '--runs', full ? '5' : '3']],
  ['inventory', ['bench/inventory.ts', full ? '5000,20000,50000' : '5000']],
];

let failed = 0;
for (const [name, args] of benches) {
  if (only && only !== name) continue;
  console.log(`\n===== ${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`${name}: exited ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
