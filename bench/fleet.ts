/**
 * Fleet bench: `posaudit scan --inventory` with the daily profile against N loopback hosts
 * (one OpenSSH server answering N 127.x addresses), next to parallel-ssh running `true` on the
 * same hosts with the same parallelism. Wall time and peak memory (GNU time).
 *
 *   node --import tsx bench/fleet.ts [--sizes 100,500] [--parallel 64] [--profile daily]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../core/model.js';
import { startFleet } from '../test/fleet/fleet-env.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg('sizes', '100,500').split(',').map(Number);
const parallel = Number(arg('parallel', '64'));
const profile = arg('profile', 'daily');
/** Optional --checks filter (e.g. to separate the scanner's own cost from the terminals' work). */
const checks = arg('checks', '');
const WORK = path.join(ROOT, 'bench', 'out', 'fleet-work');
mkdirSync(WORK, { recursive: true });

interface Timed {
  wallS: number;
  maxRssMB: number;
  code: number | null;
  stderr: string;
}

/** Run under GNU time: wall seconds and peak RSS (the largest of the process and its waited-for children). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const fmt = path.join(mkdtempSync(path.join(os.tmpdir(), 'posaudit-bench-')), 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', fmt, '-f', '%e %M', cmd, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  const [e, m] = readFileSync(fmt, 'utf8').trim().split('\n').pop()?.split(' ') ?? ['0', '0'];
  return { wallS: Number(e), maxRssMB: Math.round(Number(m) / 1024), code: r.status, stderr: r.stderr ?? '' };
}

const results: Array<Record<string, unknown>> = [];
for (const n of sizes) {
  const env = await startFleet({ good: n });
  try {
    // Not under /tmp: the daily card-data search looks there, and would search our own output.
    const work = mkdtempSync(path.join(WORK, `${n}-`));
    const hostsFile = path.join(work, 'hosts');
    writeFileSync(hostsFile, env.good.map((a) => `${a}:${env.portOf.get(a) ?? env.port}`).join('\n') + '\n');
    const sshOpts = [
      '-i',
      env.sshd.clientKey,
      '-o',
      `UserKnownHostsFile=${env.knownHosts}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      '-F',
      '/dev/null',
    ];
    const pssh = timed('parallel-ssh', [
      '-h',
      hostsFile,
      '-l',
      env.sshd.user,
      '-p',
      String(parallel),
      '-t',
      '120',
      '-x',
      sshOpts.join(' '),
      'true',
    ]);
    const psshOk = pssh.code === 0 ? 'all' : `exit ${pssh.code}`;
    const out = path.join(work, 'posaudit');
    const scan = timed(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'bin', 'posaudit.ts'),
        'scan',
        '--inventory',
        env.inventory,
        '--known-hosts',
        env.knownHosts,
        '--profile',
        profile,
        ...(checks ? ['--checks', checks] : []),
        '--concurrency',
        String(parallel),
        '--out',
        out,
        '--format',
        'json',
        '--quiet',
        '--lang',
        'en',
      ],
      { ...process.env, POSAUDIT_SSH_CONFIG: 'none', SSH_AUTH_SOCK: '' },
    );
    const report = existsSync(path.join(out, 'report.json'))
      ? (JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report)
      : undefined;
    const scanned = report?.targets.filter((t) => t.state === 'scanned').length ?? 0;
    const trips = report?.targets.map((t) => t.timing.roundTrips) ?? [];
    const finished = report ? Math.max(...report.targets.map((t) => Date.parse(t.timing.finishedAt))) : 0;
    const row = {
      hosts: n,
      parallel,
      psshWallS: pssh.wallS,
      psshPeakMB: pssh.maxRssMB,
      psshOk,
      checks: checks || `${profile} (all)`,
      posauditWallS: scan.wallS,
      posauditScanS: report ? Math.round((finished - Date.parse(report.createdAt)) / 100) / 10 : undefined,
      posauditPeakMB: scan.maxRssMB,
      scanned,
      roundTripsPerHost: trips.length ? `${Math.min(...trips)}–${Math.max(...trips)}` : '-',
      results: report?.summary.total,
      ratio: Math.round((scan.wallS / pssh.wallS) * 100) / 100,
      exit: scan.code,
      firstError: report?.targets.find((t) => t.state === 'error')?.error,
    };
    results.push(row);
    process.stdout.write(JSON.stringify(row) + '\n');
    if (scan.code !== 0 && scan.code !== 1 && scan.code !== 3) process.stdout.write(scan.stderr.slice(-2000) + '\n');
  } finally {
    await env.stop();
  }
}

mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'bench', 'out', `fleet-${checks ? 'checks' : profile}.json`),
  JSON.stringify(
    {
      machine:
        `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()}` +
        ` ${os.release()}, Node ${process.version}`,
      date: new Date().toISOString(),
      results,
    },
    null,
    1,
  ) + '\n',
);
process.stdout.write(
  '\n| hosts | parallel-ssh `true` (s) | posaudit daily (s) | ratio | posaudit peak RSS (MB) | pssh peak RSS (MB) | ' +
    'scanned | round trips/host |\n|---:|---:|---:|---:|---:|---:|---:|---|\n',
);
for (const r of results)
  process.stdout.write(
    `| ${r.hosts} | ${r.psshWallS} | ${r.posauditWallS} | ${r.ratio} | ${r.posauditPeakMB} | ${r.psshPeakMB} | ${r.scanned}` +
      ` | ${r.roundTripsPerHost} |\n`,
  );
