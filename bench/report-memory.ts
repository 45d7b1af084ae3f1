/**
 * Report memory bench: N synthetic hosts (60 results each) through the path a scan takes —
 * each judged host spooled to disk as it comes, then every report format written from the spool
 * (json, sarif, sarif-github, html, junit) — in a child process per N; peak RSS and heap.
 * `--whole` runs the old path for comparison: every host held in a Report, then writeReports.
 *
 *   node --import tsx bench/report-memory.ts [--sizes 1000,5000] [--whole]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import type { Report, TargetResult } from '../core/model.js';
import { TargetSpool } from '../engine/spool.js';
import { writeReports, writeReportSource, type ReportFormat } from '../engine/reports.js';
import { fleetReport } from '../test/helpers/sample-report.js';

const FORMATS: ReportFormat[] = ['json', 'sarif', 'sarif-github', 'html', 'junit'];
const RULES = ALL_CHECKS.map((c) => ({
  id: c.id,
  title: c.title,
  description: c.description,
  remediation: c.remediation,
  severity: c.severity,
}));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

/** Host i: 60 results with the fleet builder's mix of statuses, a realistic remediation and platform. */
function host(i: number, stores: number): TargetResult {
  const one = fleetReport({ hosts: 1, resultsPerHost: 60, seed: i, stores: 1 }).targets[0];
  const name = `pos-${String(i + 1).padStart(5, '0')}`;
  const store = `store-${String((i % stores) + 1).padStart(4, '0')}`;
  const unreachable = i % 97 === 96;
  return {
    ...one,
    id: `ssh:${name}`,
    name,
    tags: { store, region: i % 2 ? 'kanto' : 'kansai' },
    platform: unreachable ? { os: 'unknown' } : { ...one.platform, hostname: name, build: '6.1.0-28-amd64', arch: 'x64' },
    state: unreachable ? 'error' : 'scanned',
    ...(unreachable ? { error: `SSH connection to ${name}:22 timed out after 15 s.` } : {}),
    results: unreachable
      ? []
      : one.results.map((r) => ({
          ...r,
          remediation: {
            en: `${r.remediation.en} Apply the store baseline (GPO or Ansible role pos-hardening), then re-scan the terminal.`,
            ja: `${r.remediation.ja} 店舗の基準設定 (GPO または Ansible ロール pos-hardening) を適用し、再スキャンしてください。`,
          },
          findings: r.findings.map((f) => ({
            ...f,
            message: {
              en: `${f.message.en} Seen in ${f.location ?? 'the configuration'} on ${name}.`,
              ja: `${f.message.ja} ${name} の ${f.location ?? '設定'} で確認。`,
            },
            evidence: [`file:${f.location ?? '/etc/os-release'}`],
          })),
        })),
  };
}

const HEADER = {
  schemaVersion: 1 as const,
  tool: { name: 'posaudit' as const, version: '0.1.0' },
  createdAt: '2026-11-21T00:00:00.000Z',
  lang: 'en' as const,
  failOn: 'high' as const,
  profiles: [
    {
      id: 'pci-dss-4.0.1',
      title: { en: 'PCI DSS v4.0.1', ja: 'PCI DSS v4.0.1' },
      version: '1.0.0',
      source: 'profiles/pci-dss-4.0.1.yaml',
    },
  ],
};

async function child(n: number, whole: boolean): Promise<void> {
  let peakHeap = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 5);
  const out = mkdtempSync(path.join(os.tmpdir(), `posaudit-report-memory-${n}-`));
  const started = performance.now();
  const stores = Math.max(1, Math.ceil(n / 5));
  try {
    if (whole) {
      const targets: TargetResult[] = [];
      for (let i = 0; i < n; i++) {
        targets.push(host(i, stores));
        if (i % 200 === 0) sample();
      }
      const summary = fleetReport({ hosts: 0, resultsPerHost: 0 }).summary;
      const report: Report = { ...HEADER, targets, summary, verdict: 'incomplete' };
      await writeReports(report, out, FORMATS, { lang: 'en', rules: RULES });
    } else {
      const spool = new TargetSpool(path.join(out, '.targets.jsonl'), n, 'high');
      for (let i = 0; i < n; i++) {
        await spool.add(i, host(i, stores));
        if (i % 200 === 0) sample();
      }
      await spool.close();
      await writeReportSource(spool.source(HEADER), out, FORMATS, { lang: 'en', rules: RULES });
      await spool.remove();
    }
  } finally {
    clearInterval(timer);
    sample();
    rmSync(out, { recursive: true, force: true });
  }
  const row = {
    hosts: n,
    path: whole ? 'whole Report (before)' : 'spool + streaming writers',
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMB: Math.round(peakHeap / 1048576),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  process.stdout.write(JSON.stringify(row) + '\n');
}

const childN = arg('child', '');
if (childN) await child(Number(childN), process.argv.includes('--whole'));
else {
  const sizes = arg('sizes', '1000,5000').split(',').map(Number);
  const modes = process.argv.includes('--whole') ? [false, true] : [false];
  for (const whole of modes)
    for (const n of sizes) {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', String(n), ...(whole ? ['--whole'] : [])],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
}
