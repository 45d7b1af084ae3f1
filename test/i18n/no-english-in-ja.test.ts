/**
 * No English inside Japanese output. Real scans with `--lang ja`: this machine (as a non-root user,
 * so reads are denied as store IT meets them), the stock Debian root file system, the terminal
 * images under test/fixtures, Windows images (real hives, and the built hardened/misconfigured
 * ones), an SSH target that does not answer and a host that runs out of its --timeout. Every text a
 * Japanese reader meets (each `ja` of the JSON report, every console line) is searched for an
 * English phrase (test/helpers/english-in-ja.ts says what may stay Latin).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO, type CliRun } from '../helpers/cli.js';
import { consoleText, englishIn, englishRuns, helpProse, reportTexts, type Located } from '../helpers/english-in-ja.js';
import { realWindowsImage } from '../helpers/real-hives.js';
import { freePort } from '../helpers/sshd.js';
import { debianRootfs } from '../helpers/stock-systems.js';
import { makeWindowsImage } from '../helpers/windows-image.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-no-english-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROFILES = ['-p', 'pci-dss', '-p', 'pos-guideline', '-p', 'daily'];
const FIXTURE_IMAGES = [
  'linux-debian-hardened',
  'linux-debian-stale',
  'linux-pos-hardened',
  'linux-pos-weak',
  'linux-usb-locked',
  'linux-usb-open',
];

/** The CLI as an unprivileged user when the tests run as root (setpriv drops to nobody), else as is. */
async function unprivileged(args: string[]): Promise<CliRun> {
  if (process.getuid?.() !== 0) return cli(args, { env: { LANG: 'C' }, timeoutMs: 240_000 });
  const tsx = execFileSync(
    process.execPath,
    ['-e', "console.log(require('node:url').pathToFileURL(require.resolve('tsx')).href)"],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  ).trim();
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '--import',
        tsx,
        path.join(REPO, 'bin', 'posaudit.ts'),
        ...args,
      ],
      { cwd: REPO, env: { ...process.env, CI: '1', LANG: 'C', HOME: '/', TMPDIR: '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Everything a Japanese reader meets in one run: the JSON report's Japanese texts and the console. */
function textsOf(name: string, run: CliRun, reportFile?: string): Located[] {
  const out = [consoleText(`${name} stdout`, run.stdout), consoleText(`${name} stderr`, run.stderr)];
  if (reportFile) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { targets: Array<{ name: string; error?: string }> };
    out.push(...reportTexts(report).map((t) => ({ ...t, where: `${name} ${t.where}` })));
  }
  return out;
}

describe('the English-phrase detector', () => {
  it('finds the English the issue names, and leaves paths, commands, quotes, options and product names alone', () => {
    expect(englishRuns('カードデータの検査に失敗しました（card-data scan failed (TimeoutError)）')).toEqual([
      'card-data scan failed',
    ]);
    expect(englishRuns('USB の制御: USBGuard is not installed')).toEqual(['is not installed']);
    expect(englishRuns('/var/log/auth.log を読み取れません（needs root or the adm group）')).toEqual([
      'needs root or the adm group',
    ]);
    expect(englishRuns('収集中（346 requests）')).toEqual(['346 requests']);
    expect(englishRuns('判定できなかった high 以上のチェック 3 件')).toEqual(['high']);
    expect(englishRuns('SSH server (sshd) がありますが')).toEqual(['SSH server']);
    expect(
      englishRuns('`auditpol /set /subcategory:{GUID} /success:enable` を実行し、「監査ポリシー サブカテゴリの設定」を有効に'),
    ).toEqual([]);
    expect(
      englishRuns('/etc/ssh/sshd_config に "PasswordAuthentication no" と書き、Windows Update または Secure Boot を確認'),
    ).toEqual([]);
    expect(
      englishRuns(
        '--fail-on <severity> の値、apt-get upgrade、pam_pwquality、HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR',
      ),
    ).toEqual([]);
    expect(englishRuns("エラー: 不明なオプション '--bogus' です")).toEqual([]);
  });
});

describe('scans with --lang ja say nothing in English', () => {
  const texts: Located[] = [];
  beforeAll(async () => {
    // This machine, as store IT would run it without root.
    // The report goes to stdout (`--out -`): an unprivileged user may not write where the tests do.
    const a = await unprivileged(['scan', 'local', ...PROFILES, '--lang', 'ja', '--out', '-', '--format', 'json']);
    expect(a.code, a.stderr).toBe(1);
    texts.push(
      consoleText('local stderr', a.stderr),
      ...reportTexts(JSON.parse(a.stdout)).map((t) => ({ ...t, where: `local ${t.where}` })),
    );

    // Offline images nobody here wrote (Debian, real Windows hives), the fixture images, built Windows
    // images, and an SSH port where nothing listens.
    const deb = debianRootfs();
    if ('missing' in deb) throw new Error(deb.missing);
    const images = [
      deb.path,
      ...FIXTURE_IMAGES.map((n) => path.join(REPO, 'test/fixtures/images', n)),
      realWindowsImage(path.join(dir, 'real-win')),
      makeWindowsImage(path.join(dir, 'win-hardened'), 'hardened'),
      makeWindowsImage(path.join(dir, 'win-misconfigured'), 'misconfigured'),
    ];
    const port = await freePort();
    writeFileSync(path.join(dir, 'known_hosts'), '');
    const out = path.join(dir, 'images');
    const b = await cli(
      [
        'scan',
        ...images.map((i) => `image:${i}`),
        `ssh://pos@127.0.0.1:${port}`,
        ...PROFILES,
        '--connect-timeout',
        '3s',
        '--known-hosts',
        path.join(dir, 'known_hosts'),
        '--lang',
        'ja',
        '--out',
        out,
        '--format',
        'json',
      ],
      { timeoutMs: 400_000 },
    );
    expect(b.code, b.stderr).toBe(1);
    texts.push(...textsOf('images', b, path.join(out, 'report.json')));

    // The morning self-check, twice (the second run says what changed).
    const history = path.join(dir, 'history');
    for (const run of ['daily 1', 'daily 2']) {
      const d = await cli([
        'daily',
        `image:${path.join(REPO, 'test/fixtures/images/linux-pos-weak')}`,
        '--history-dir',
        history,
        '--lang',
        'ja',
      ]);
      expect(d.code, d.stderr).toBe(1);
      texts.push(...textsOf(run, d));
    }

    // A host that runs out of its time: the engine's own reasons.
    const slow = path.join(dir, 'slow');
    const c = await cli(['scan', 'local', '--timeout', '1s', '--lang', 'ja', '--out', slow, '--format', 'json']);
    expect([1, 3], c.stderr).toContain(c.code);
    expect(JSON.parse(readFileSync(path.join(slow, 'report.json'), 'utf8')).targets[0].state).toBe('error');
    texts.push(...textsOf('timeout', c, path.join(slow, 'report.json')));
  }, 900_000);

  it('reads a real amount of Japanese text', () => {
    expect(texts.length).toBeGreaterThan(3000);
    expect(texts.filter((t) => / stdout$/.test(t.where)).every((t) => t.text.length > 500)).toBe(true);
  });

  it('no finding, reason, remediation, error or console line holds an English phrase', () => {
    expect(englishIn(texts)).toEqual([]);
  });
});

/** The command names a help page lists under コマンド: (its first word, without [options] and arguments). */
function commandsOf(help: string): string[] {
  const at = help.indexOf('\nコマンド:\n');
  if (at < 0) return [];
  const out: string[] = [];
  for (const line of help.slice(at + 7).split('\n')) {
    if (line.trim() === '') break;
    const m = /^ {2}([a-z][\w-]*)/.exec(line);
    if (m && m[1] !== 'help') out.push(m[1]);
  }
  return out;
}

describe('help and parser errors under a Japanese locale say nothing in English', () => {
  const JA = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

  it('every command and subcommand --help', async () => {
    const pages: Array<{ where: string; text: string }> = [];
    const queue: string[][] = [[]];
    while (queue.length > 0) {
      const batch = queue.splice(0, 4);
      const runs = await Promise.all(batch.map((cmd) => cli([...cmd, '--help'], { env: JA })));
      batch.forEach((cmd, i) => {
        const r = runs[i];
        expect(r.code, `${cmd.join(' ')} --help`).toBe(0);
        pages.push(helpProse(`posaudit ${cmd.join(' ')} --help`, r.stdout));
        for (const sub of commandsOf(r.stdout)) queue.push([...cmd, sub]);
      });
    }
    // Every command, with the subcommands of checks and profiles.
    expect(pages.length).toBeGreaterThan(20);
    expect(pages.map((p) => p.where)).toEqual(
      expect.arrayContaining(['posaudit checks show --help', 'posaudit profiles validate --help']),
    );
    expect(englishIn(pages)).toEqual([]);
  }, 300_000);

  it('parser errors: unknown option, missing value, unknown command, missing argument, bad value', async () => {
    const cases = [
      ['scan', '--bogus'],
      ['scan', '--profile'],
      ['bogus'],
      ['checks', 'show'],
      ['scan', '--fail-on', 'huge'],
      ['merge'],
      ['scan', '--timeout', 'xx'],
      ['help', 'nope'],
    ];
    const runs = await Promise.all(cases.map((c) => cli(c, { env: JA })));
    const texts = runs.map((r, i) => {
      expect(r.code, cases[i].join(' ')).toBe(2);
      expect(r.stderr, cases[i].join(' ')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      return { where: `posaudit ${cases[i].join(' ')}`, text: r.stderr.replace(/\s*\n\s*/g, ' ') };
    });
    expect(englishIn(texts)).toEqual([]);
  }, 120_000);
});
