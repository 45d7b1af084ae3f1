/**
 * Hostile or broken input from the user's side: one clear line naming the file, field or option,
 * and exit 2; never a stack trace, a raw errno or exit 4.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonReport } from '../../reporters/json.js';
import { SshTarget } from '../../targets/ssh.js';
import { cli, REPO, type CliRun } from '../helpers/cli.js';
import { sampleReport } from '../helpers/sample-report.js';
import { SSHD, startSshd, type TestSshd } from '../helpers/sshd.js';

const IMAGE = `image:${path.join(REPO, 'test/fixtures/images/linux-usb-open')}`;
const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'posaudit-input-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** One line on stderr, no stack trace, exit 2. */
function oneClearLine(r: CliRun): string {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

describe('YAML and dates', () => {
  it('a YAML alias bomb in a waivers file: file, line and column, exit 2', async () => {
    const dir = tmp();
    const file = path.join(dir, 'waivers.yaml');
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const name = String.fromCharCode(98 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('waivers: *i', '');
    writeFileSync(file, lines.join('\n'));
    const r = await cli(['scan', IMAGE, '--waivers', file, '--out', path.join(dir, 'o')]);
    expect(oneClearLine(r)).toMatch(
      new RegExp(
        `^posaudit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: malformed waivers file: aliases expand too much`,
      ),
    );
  });

  it('an impossible date (2027-02-31) in a waiver or an attestation is refused', async () => {
    const dir = tmp();
    const waivers = path.join(dir, 'waivers.yaml');
    writeFileSync(waivers, 'waivers:\n  - check: usb.storage-blocked\n    reason: r\n    approver: a\n    expires: 2027-02-31\n');
    const r1 = await cli(['scan', IMAGE, '--waivers', waivers, '--out', path.join(dir, 'o')]);
    expect(oneClearLine(r1)).toBe(`posaudit: ${waivers}:5:14: "expires" must be a date like 2027-03-31`);
    const att = path.join(dir, 'att.yaml');
    writeFileSync(
      att,
      'attestations:\n  - control: x\n    status: pass\n    by: QSA\n    date: 2026-02-29\n    expires: 2027-01-01\n    observed: seen\n',
    );
    const r2 = await cli(['scan', IMAGE, '--attestations', att, '--out', path.join(dir, 'o')]);
    expect(oneClearLine(r2)).toBe(`posaudit: ${att}:5:11: "date" must be a date like 2027-03-31`);
  });
});

describe('durations', () => {
  for (const [args, option] of [
    [['scan', '--timeout', '36000m'], '--timeout'],
    [['scan', '--timeout', '0'], '--timeout'],
    [['scan', '--connect-timeout', '0.5s'], '--connect-timeout'],
    [['tls', '127.0.0.1:1', '--timeout', '25h'], '--timeout'],
  ] as Array<[string[], string]>)
    it(`${args.join(' ')} is refused with the bounds`, async () => {
      const r = await cli(args[0] === 'tls' ? args : [...args, '--out', path.join(tmp(), 'o')]);
      expect(oneClearLine(r)).toMatch(new RegExp(`^posaudit: ${option} must be between 1s and 24h \\(86400s\\), not "`));
    });
});

describe('--out', () => {
  it('a file: one line naming it, exit 2', async () => {
    const file = path.join(tmp(), 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await cli(['scan', 'image:/nonexistent', '--out', file]);
    expect(oneClearLine(r)).toBe(`posaudit: --out ${file}: is a file, not a folder; give a folder for the reports`);
  });

  it('a folder on a read-only file system: one line naming it, exit 2', async () => {
    const ro = tmp();
    // root writes through permissions: a read-only mount stops everyone
    const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]).status === 0;
    if (!mounted) execFileSync('chmod', ['555', ro]);
    try {
      const code = mounted ? 'EROFS' : 'EACCES';
      const r1 = await cli(['scan', 'image:/nonexistent', '--out', path.join(ro, 'report')]);
      expect(oneClearLine(r1)).toBe(`posaudit: --out ${path.join(ro, 'report')}: cannot create the report folder (${code})`);
      const r2 = await cli(['scan', 'image:/nonexistent', '--out', ro]);
      expect(oneClearLine(r2)).toBe(`posaudit: --out ${ro}: the report folder is not writable (${code})`);
    } finally {
      if (mounted) spawnSync('umount', [ro]);
    }
  });

  it("a folder under /proc: one line at once (Node's own recursive mkdir never returns there)", async () => {
    const r = await cli(['scan', 'image:/nonexistent', '--out', '/proc/posaudit-report/x'], { timeoutMs: 30_000 });
    expect(oneClearLine(r)).toMatch(/^posaudit: --out \/proc\/posaudit-report\/x: cannot create the report folder \(ENOENT\)$/);
  });
});

describe('reports and bundles with fields of the wrong type', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = tmp();
    good = await writeJsonReport(sampleReport(), path.join(dir, 'good'));
  });

  it('report, diff: exit 2 naming the file and the field', async () => {
    const report = JSON.parse(readFileSync(good, 'utf8')) as { targets: Array<{ results: Array<{ status: unknown }> }> };
    report.targets[0].results[0].status = 5;
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(report));
    const r1 = await cli(['report', bad, '--out', path.join(dir, 'o1')]);
    expect(oneClearLine(r1)).toMatch(`posaudit: ${bad}: not a valid posaudit report: /targets/0/results/0/status`);
    const r2 = await cli(['diff', good, bad]);
    expect(oneClearLine(r2)).toMatch(`posaudit: ${bad}: not a valid posaudit report: /targets/0/results/0/status`);
  });

  it('evaluate: exit 2 naming the bundle and the field', async () => {
    const bundle = {
      format: 'posaudit-evidence',
      version: 1,
      tool: { name: 'posaudit', version: '0.1.0' },
      createdAt: '2026-01-01T00:00:00Z',
      profiles: ['daily'],
      targets: [
        {
          id: 'local',
          kind: 'local',
          name: 'pos-1',
          platform: { os: 'linux' },
          gatheredAt: '2026-01-01T00:00:00Z',
          state: 'scanned',
          requests: [],
          answers: { 'file:/etc/os-release': { status: 'ok', data: 42 } },
          timing: { startedAt: 'x', finishedAt: 'y', roundTrips: 1, requests: 0 },
        },
      ],
    };
    const file = path.join(dir, 'evidence.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify(bundle)));
    const r = await cli(['evaluate', file, '--out', path.join(dir, 'o2')]);
    expect(oneClearLine(r)).toBe(
      `posaudit: ${file}: not a valid evidence bundle: targets[0].answers["file:/etc/os-release"].data must be text (found number)`,
    );
  });
});

describe('verify', () => {
  it('refuses a file that is a symbolic link (to /etc/shadow) or a FIFO, and does not hang', async () => {
    const dir = tmp();
    const good = await writeJsonReport(sampleReport(), path.join(dir, 'src'));
    const out = path.join(dir, 'out');
    const made = await cli(['report', good, '--out', out, '--format', 'html']);
    expect(made.code, made.stderr).toBe(0);
    unlinkSync(path.join(out, 'report.html'));
    symlinkSync('/etc/shadow', path.join(out, 'report.html'));
    unlinkSync(path.join(out, 'report.json'));
    execFileSync('mkfifo', [path.join(out, 'report.json')]);
    const r = await cli(['verify', out], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('report.html: a symbolic link; refusing to follow it');
    expect(r.stdout).toContain('report.json: not a regular file; refusing to read it');
    expect(r.stdout).not.toMatch(/report\.html: changed/);
  });
});

describe.skipIf(!SSHD)('an encrypted identity file without its passphrase', () => {
  let sshd: TestSshd;
  let key: string;
  beforeAll(async () => {
    sshd = await startSshd();
    key = path.join(sshd.dir, 'locked_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', key], { stdio: 'ignore' });
    writeFileSync(path.join(sshd.dir, 'authorized_keys'), readFileSync(`${key}.pub`));
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const target = (passphrase?: string) =>
    new SshTarget({
      address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
      identities: [key],
      knownHosts: sshd.knownHosts,
      agent: false,
      passphrase,
    });

  it('says the key is encrypted and how to give the passphrase', async () => {
    const err = await target()
      .connect()
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `ssh://${sshd.user}@127.0.0.1:${sshd.port}: cannot log in; identity file ${key} is encrypted and no passphrase was ` +
        `given: set POSAUDIT_SSH_PASSPHRASE, or load the key into ssh-agent (ssh-add)`,
    );
  });

  it('says the passphrase is wrong when it is', async () => {
    const err = await target('wrong')
      .connect()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/cannot decrypt identity file .*: wrong passphrase \(POSAUDIT_SSH_PASSPHRASE\)/);
  });

  it('logs in with the passphrase', async () => {
    const t = target('correct horse');
    await t.connect();
    await t.close();
  });
});
