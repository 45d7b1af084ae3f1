/**
 * Fleet scans end to end: the real CLI against one OpenSSH server answering many 127.x
 * addresses as separate hosts, with broken hosts among them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../core/model.js';
import { SSHD } from '../helpers/sshd.js';
import { startFleet, type FleetEnv } from './fleet-env.js';

const ROOT = path.join(__dirname, '..', '..');
const CHECKS = 'time.sync-configured,firewall.host-enabled,pan.stored-pan';

interface Run {
  code: number | null;
  stderr: string;
  ms: number;
}

/** The real CLI, asynchronously (the test process also serves the garbage/silent hosts). */
function cli(
  args: string[],
  opts: { env?: Record<string, string>; sigintWhen?: (stderr: string) => boolean; timeoutMs?: number } = {},
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'posaudit.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, POSAUDIT_SSH_CONFIG: 'none', SSH_AUTH_SOCK: '', CI: '1', ...opts.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!signalled && opts.sigintWhen?.(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 25_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

function readReport(dir: string): Report {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
}

describe.skipIf(!SSHD)('fleet scan (real sshd, many loopback addresses)', () => {
  let env: FleetEnv;
  let work: string;
  let profile: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'posaudit-fleet-'));
    // The daily profile's checks, with the card-data search pointed at a small folder of this
    // test's own: the "terminals" are this machine, whose /tmp and /var/log can be large.
    const data = path.join(work, 'terminal-data');
    mkdirSync(data);
    writeFileSync(path.join(data, 'pos.log'), 'sale ok amount=100\n');
    profile = path.join(work, 'fleet-profile.yaml');
    writeFileSync(
      profile,
      [
        'id: fleet-test',
        'title: {en: Fleet test, ja: フリートテスト}',
        'extends: daily',
        'params:',
        '  pan.stored-pan:',
        `    paths: [${JSON.stringify(data)}]`,
        '  pan.track-data:',
        `    paths: [${JSON.stringify(data)}]`,
      ].join('\n') + '\n',
    );
    env = await startFleet({ good: 6, broken: true, hangSeconds: 60 });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const base = (out: string) => [
    'scan',
    '--inventory',
    env.inventory,
    '--known-hosts',
    env.knownHosts,
    '--profile',
    profile,
    '--checks',
    CHECKS,
    '--timeout',
    // --timeout bounds every phase of a host (connect, gather, card-data scan): room for a good host on a busy machine
    '8s',
    '--connect-timeout',
    '2s',
    '--concurrency',
    '8',
    '--out',
    out,
    '--format',
    'json',
    '--lang',
    'en',
  ];

  it(
    'scan ssh://ALIAS resolves the alias through --ssh-config (no ' +
      'inventory), and a real ProxyCommand carries the connection',
    async () => {
      const out = path.join(work, 'alias');
      const [a, b] = env.good;
      const cfg = path.join(work, 'ssh_config');
      // The proxy: a TCP pipe run by sh -c with %h and %p expanded, as OpenSSH runs a ProxyCommand.
      const pipe =
        `exec ${process.execPath} -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);process.stdin.pipe(s);` +
        `s.pipe(process.stdout)' %h %p`;
      writeFileSync(
        cfg,
        [
          'Host POS-ALIAS',
          '  User nobody-uppercase-block',
          'Host pos-alias',
          `  HostName ${a}`,
          `  Port ${env.portOf.get(a)}`,
          '  ProxyJump none',
          'Host bad-jump',
          `  HostName ${a}`,
          `  Port ${env.portOf.get(a)}`,
          'Host via-proxy',
          `  HostName ${b}`,
          `  Port ${env.portOf.get(b)}`,
          `  ProxyCommand ${pipe}`,
          'Host *',
          `  User ${env.sshd.user}`,
          `  IdentityFile ${env.sshd.clientKey}`,
          '  ProxyJump 127.0.0.1:1',
          '',
        ].join('\n'),
      );
      const args = base(out).filter((x, i, all) => x !== '--inventory' && all[i - 1] !== '--inventory');
      const run = await cli([
        ...args.slice(0, 1),
        'ssh://pos-alias',
        'ssh://via-proxy',
        'ssh://bad-jump',
        ...args.slice(1),
        '--ssh-config',
        cfg,
      ]);
      const report = readReport(out);
      const by = new Map(report.targets.map((t) => [t.name, t]));
      expect(report.targets.map((t) => t.name).sort(), run.stderr).toEqual([
        'ssh://bad-jump',
        'ssh://pos-alias',
        'ssh://via-proxy',
      ]);
      // The first obtained value wins: pos-alias's `ProxyJump none` and via-proxy's ProxyCommand beat the
      // ProxyJump of `Host *`, which bad-jump does get (an unreachable bastion: its own error, the others go on).
      expect(by.get('ssh://pos-alias')?.state, by.get('ssh://pos-alias')?.error).toBe('scanned');
      expect(by.get('ssh://bad-jump')?.state).toBe('error');
      expect(by.get('ssh://bad-jump')?.error).toMatch(/jump host.*127\.0\.0\.1:1/);
      expect(by.get('ssh://via-proxy')?.state, by.get('ssh://via-proxy')?.error).toBe('scanned');
      expect(by.get('ssh://via-proxy')?.platform.os).toBe('linux');
    },
  );

  it('scans every good host and ends each broken one as its own error (exit 1: the good hosts fail)', async () => {
    const out = path.join(work, 'all');
    const run = await cli(base(out));
    // Findings at the gate decide the exit code even with hosts down (issue 18: was 3); the summary has both facts.
    expect(run.code, run.stderr).toBe(1);
    const down = readReport(out).targets.filter((t) => t.state === 'error').length;
    expect(down).toBeGreaterThan(0);
    expect(readReport(out).summary.gate).toMatchObject({ exitCode: 1, targetsNotScanned: down });
    expect(readReport(out).summary.gate!.failing).toBeGreaterThan(0);
    const report = readReport(out);
    const by = new Map(report.targets.map((t) => [t.name, t]));
    expect(report.targets).toHaveLength(12);
    expect(report.verdict).toBe('non-compliant');
    for (let i = 1; i <= 6; i++) {
      const t = by.get(`pos-000${i}`);
      expect(t?.state, t?.error).toBe('scanned');
      expect(t?.platform.os).toBe('linux');
      expect(t?.tags?.store).toBe(`S000${i}`);
      // One gatherer exec plus the card-data scan's channel.
      expect(t?.timing.roundTrips).toBe(2);
      expect(t?.results.find((r) => r.checkId === 'pan.stored-pan')?.status).not.toBe('error');
    }
    expect(by.get('down')?.error).toMatch(/connection refused/);
    expect(by.get('refused-key')?.error).toMatch(/authentication failed/);
    expect(by.get('changed-key')?.error).toMatch(/host key CHANGED/);
    expect(by.get('hang')?.error).toMatch(/timed out after 8 s/);
    expect(by.get('hang')?.timing.roundTrips).toBe(1);
    expect(by.get('garbage')?.error).toMatch(/Invalid|header|identification|closed|protocol/i);
    expect(by.get('silent')?.error).toMatch(/timed out after 2 s/);
    for (const t of report.targets) if (t.state === 'error') expect(t.results).toEqual([]);
    // Evidence streamed to disk for every host.
    const bundle = JSON.parse(gunzipSync(readFileSync(path.join(out, 'evidence.json.gz'))).toString('utf8')) as {
      targets: unknown[];
    };
    expect(bundle.targets).toHaveLength(12);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('Ctrl-C writes the partial report with every host and exits 3', async () => {
    const out = path.join(work, 'interrupted');
    // Only good hosts and the hang host, with a long gather limit: the scan cannot finish by itself soon.
    const args = base(out).map((a) => (a === '8s' ? '60s' : a));
    const run = await cli([...args, '--limit', 'stores,hang'], {
      sigintWhen: (s) => (s.match(/\[\s*\d+\/7\]/g) ?? []).length >= 6,
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/Interrupted/);
    const report = readReport(out);
    expect(report.targets.map((t) => t.name).sort()).toEqual([
      'hang',
      'pos-0001',
      'pos-0002',
      'pos-0003',
      'pos-0004',
      'pos-0005',
      'pos-0006',
    ]);
    expect(report.targets.find((t) => t.name === 'hang')?.error).toMatch(/cancelled|interrupted/);
    expect(report.targets.filter((t) => t.state === 'scanned')).toHaveLength(6);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('shards split the fleet and merge puts it back together', async () => {
    const outs = [1, 2, 3].map((i) => path.join(work, `shard-${i}`));
    const runs = await Promise.all(outs.map((o, i) => cli([...base(o), '--limit', 'stores', '--shard', `${i + 1}/3`])));
    for (const r of runs) expect(r.code, r.stderr).not.toBe(2);
    const shardHosts = outs.map((o) => readReport(o).targets.map((t) => t.name));
    expect(shardHosts.map((s) => s.length)).toEqual([2, 2, 2]);
    expect(new Set(shardHosts.flat()).size).toBe(6);
    const merged = path.join(work, 'merged');
    const m = await cli([
      'merge',
      ...outs.map((o) => path.join(o, 'report.json')),
      '--out',
      merged,
      '--format',
      'json,html,junit',
      '--bundles',
    ]);
    expect(m.code, m.stderr).not.toBe(2);
    const report = readReport(merged);
    expect(report.targets.map((t) => t.name).sort()).toEqual([
      'pos-0001',
      'pos-0002',
      'pos-0003',
      'pos-0004',
      'pos-0005',
      'pos-0006',
    ]);
    expect(report.summary.total).toBe(report.targets.reduce((n, t) => n + t.results.length, 0));
    expect(existsSync(path.join(merged, 'report.html'))).toBe(true);
    const bundle = JSON.parse(gunzipSync(readFileSync(path.join(merged, 'evidence.json.gz'))).toString('utf8')) as {
      targets: Array<{ name: string }>;
    };
    expect(bundle.targets.map((t) => t.name).sort()).toEqual(report.targets.map((t) => t.name).sort());
    // The merged bundle re-judges offline.
    const ev = await cli([
      'evaluate',
      path.join(merged, 'evidence.json.gz'),
      '--out',
      path.join(work, 're-judged'),
      '--format',
      'json',
      '--lang',
      'en',
    ]);
    expect(ev.code, ev.stderr).not.toBe(2);
    expect(readReport(path.join(work, 're-judged')).targets).toHaveLength(6);
  });

  it('bad input is one line naming the file and exit 2', async () => {
    const bad = path.join(work, 'bad.yaml');
    writeFileSync(bad, 'hosts:\n  a: { port: "x" }\n');
    const r1 = await cli(['scan', '--inventory', bad, '--out', path.join(work, 'bad')]);
    expect(r1.code).toBe(2);
    expect(r1.stderr.trim()).toMatch(/^posaudit: .*bad\.yaml:2:\d+: bad inventory: hosts\.a\.port: must be integer$/);
    const r2 = await cli(['scan', '--inventory', env.inventory, '--limit', 'nagoya', '--out', path.join(work, 'bad')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--limit: "nagoya" matches no host or group .*\(groups: broken, stores\)/);
    const r3 = await cli(['scan', '--inventory', env.inventory, '--shard', '0/4', '--out', path.join(work, 'bad')]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--shard takes i\/n/);
  });

  it('goes through jump hosts from the inventory and from ~/.ssh/config', async () => {
    const cfg = path.join(work, 'ssh_config');
    writeFileSync(
      cfg,
      [
        'Host gw',
        '  HostName 127.0.0.1',
        `  Port ${env.port}`,
        `  User ${env.sshd.user}`,
        `  IdentityFile ${env.sshd.clientKey}`,
        'Host behind-gw',
        `  HostName ${env.good[4]}`,
        `  Port ${env.port}`,
        `  IdentityFile ${env.sshd.clientKey}`,
        '  ProxyJump gw',
        '',
      ].join('\n'),
    );
    const inv = path.join(work, 'jump.ini');
    writeFileSync(
      inv,
      [
        '[bastions]',
        `bastion ansible_host=127.0.0.1 ansible_port=${env.port} ansible_ssh_private_key_file=${env.sshd.clientKey}`,
        '[stores]',
        `via-inventory ansible_host=${env.good[3]} ansible_port=${env.port} ansible_ssh_private_key_file=` +
          `${env.sshd.clientKey} posaudit_jump=bastion`,
        'behind-gw',
        `via-dead-jump ansible_host=${env.good[2]} ansible_port=${env.port} ansible_ssh_private_key_file=` +
          `${env.sshd.clientKey} ansible_ssh_common_args="-J ${env.broken.down}:${env.port}"`,
        '[all:vars]',
        'posaudit_platform=linux',
        '',
      ].join('\n'),
    );
    const out = path.join(work, 'jump');
    const run = await cli(
      [
        'scan',
        '--inventory',
        inv,
        '--limit',
        'stores',
        '--known-hosts',
        env.knownHosts,
        '--profile',
        'daily',
        '--checks',
        'time.sync-configured',
        '--connect-timeout',
        '3s',
        '--out',
        out,
        '--format',
        'json',
        '--lang',
        'en',
      ],
      { env: { POSAUDIT_SSH_CONFIG: cfg } },
    );
    const by = new Map(readReport(out).targets.map((t) => [t.name, t]));
    // via-dead-jump is not scanned; the scanned hosts' failures decide the exit code (issue 18: was 3).
    expect(run.code, run.stderr).toBe(readReport(out).summary.gate!.failing > 0 ? 1 : 3);
    expect(readReport(out).summary.gate!.targetsNotScanned).toBeGreaterThan(0);
    expect(by.get('via-inventory')?.state, by.get('via-inventory')?.error).toBe('scanned');
    expect(by.get('behind-gw')?.state, by.get('behind-gw')?.error).toBe('scanned');
    expect(by.get('behind-gw')?.id).toBe(`ssh://${env.good[4]}:${env.port}`);
    expect(by.get('via-dead-jump')?.error).toMatch(
      new RegExp(`jump host ssh://${env.broken.down.replace(/\./g, '\\.')}:${env.port}: connection refused`),
    );
  });
});
