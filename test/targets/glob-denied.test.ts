/**
 * A glob over a folder the scanning account cannot list or search answers `denied` naming the folder,
 * never an empty `ok` that checks would read as "absent"; a folder that does not exist stays an empty
 * `ok`. Real folders of another user (nobody, mode 0700), read by an account without the right: the
 * in-process reader (image and local), the sh gatherer under dash and bash, the PowerShell gatherer
 * under a real pwsh, and fim.monitoring end to end through the CLI run as nobody.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import { planScript, readScriptOutput, uniqueRequests } from '../../targets/gatherer.js';
import { powershellArgs, STDIN_SCRIPT_BOOTSTRAP } from '../../targets/powershell.js';
import { RootedFs } from '../../targets/rooted-fs.js';
import { REPO } from '../helpers/cli.js';
import { PWSH } from '../windows-pwsh/fake-windows.js';

const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** Root reads everything: as root, the reader runs without the capabilities that bypass permissions, so
 * a 0700 folder of nobody is closed to it as to any other account; otherwise it runs as it is. */
function unprivileged(argv: string[]): [string, string[]] {
  return ROOT ? ['setpriv', ['--bounding-set', '-dac_override,-dac_read_search', ...argv]] : [argv[0], argv.slice(1)];
}

/** Close a folder to the unprivileged reader: nobody's, mode 0700 (not root: our own, mode 000). */
function lock(dir: string): void {
  if (ROOT) {
    chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o700);
  } else chmodSync(dir, 0);
}

let dir: string;
let img: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-glob-denied-'));
  chmodSync(dir, 0o755);
  img = path.join(dir, 'img');
  for (const d of [
    'etc/conf.d',
    'var/lib/aide',
    'var/lib/locked/sub',
    'usr/bin',
    'etc/aide',
    'etc/systemd/system/timers.target.wants',
  ])
    mkdirSync(path.join(img, d), { recursive: true });
  writeFileSync(path.join(img, 'etc/conf.d/a.conf'), 'alpha\n');
  writeFileSync(path.join(img, 'var/lib/aide/aide.db'), 'db');
  writeFileSync(path.join(img, 'var/lib/locked/sub/x.conf'), 'x\n');
  // enough of a Debian terminal with AIDE set up for fim.monitoring to pass when it can read everything
  writeFileSync(path.join(img, 'etc/os-release'), 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12"\n');
  writeFileSync(path.join(img, 'usr/bin/aide'), '');
  chmodSync(path.join(img, 'usr/bin/aide'), 0o755);
  writeFileSync(
    path.join(img, 'etc/aide/aide.conf'),
    ['/etc', '/bin', '/sbin', '/usr/bin', '/usr/sbin', '/boot'].map((p) => `${p} Full\n`).join(''),
  );
  writeFileSync(path.join(img, 'etc/systemd/system/timers.target.wants/dailyaidecheck.timer'), '');
  lock(path.join(img, 'var/lib/aide'));
  lock(path.join(img, 'var/lib/locked'));
});

const at = (p: string) => path.join(img, p);
/** What each glob must answer when two folders are closed; `where` is the folder the reason names. */
const CASES: Array<{ pattern: string; read?: boolean; status: EvidenceAnswer['status']; where?: string; entries?: string[] }> = [
  { pattern: 'var/lib/aide/aide.db*', status: 'denied', where: 'var/lib/aide' },
  { pattern: 'var/lib/aide/aide.db', status: 'denied', where: 'var/lib/aide' },
  { pattern: 'var/lib/*/aide.db', status: 'denied', where: 'var/lib/aide' },
  { pattern: 'var/lib/locked/sub/*', read: true, status: 'denied', where: 'var/lib/locked' },
  { pattern: 'etc/conf.d/*.conf', read: true, status: 'ok', entries: ['etc/conf.d/a.conf'] },
  { pattern: 'var/lib/no-such-folder/*', status: 'ok', entries: [] },
  { pattern: 'etc/no-such.d/*', read: true, status: 'ok', entries: [] },
];
const requests = (): EvidenceRequest[] =>
  CASES.map((c) => ({ kind: 'glob', pattern: at(c.pattern), ...(c.read ? { read: true } : {}) }));

function expectCases(answers: Map<string, EvidenceAnswer>, label: string): void {
  for (const [i, req] of requests().entries()) {
    const c = CASES[i];
    const a = answers.get(requestKey(req));
    expect(a?.status, `${label} ${c.pattern}`).toBe(c.status);
    if (c.where) expect(a?.reason, `${label} ${c.pattern}`).toBe(`cannot list ${at(c.where)}`);
    if (c.entries) expect(a?.entries, `${label} ${c.pattern}`).toEqual(c.entries.map(at));
    if (c.pattern === 'etc/conf.d/*.conf') expect(a?.files, label).toEqual([{ path: at('etc/conf.d/a.conf'), data: 'alpha\n' }]);
    if (c.status !== 'ok') expect(a?.entries ?? [], `${label} ${c.pattern}: no listing on a denied answer`).toEqual([]);
  }
}

describe('a glob over a folder the scanning account cannot list', () => {
  it('in-process reader (image and local targets): denied naming the folder; a missing folder is an empty ok', () => {
    // The reader runs in its own process so it can lose the rights root has.
    const script = path.join(dir, 'read.mts');
    writeFileSync(
      script,
      [
        `import { RootedFs } from ${JSON.stringify(path.join(REPO, 'targets/rooted-fs.ts'))};`,
        `import { requestKey } from ${JSON.stringify(path.join(REPO, 'core/evidence.ts'))};`,
        `const reqs = JSON.parse(process.argv[2]);`,
        `const fs = new RootedFs('/');`,
        `const out = [];`,
        `for (const r of reqs) out.push([requestKey(r), await fs.glob(r)]);`,
        `process.stdout.write(JSON.stringify(out));`,
      ].join('\n'),
    );
    const [cmd, args] = unprivileged([process.execPath, '--import', 'tsx', script, JSON.stringify(requests())]);
    const out = execFileSync(cmd, args, { cwd: REPO, encoding: 'utf8' });
    expectCases(new Map(JSON.parse(out) as Array<[string, EvidenceAnswer]>), 'rooted-fs');
  });

  it.runIf(ROOT)('…while an account that may read the folder gets its entries (the same reader, with its rights)', async () => {
    const fs = new RootedFs(img);
    expect(await fs.glob({ kind: 'glob', pattern: '/var/lib/aide/aide.db*' })).toEqual({
      status: 'ok',
      entries: ['/var/lib/aide/aide.db'],
    });
    expect(await fs.glob({ kind: 'glob', pattern: '/var/lib/*/sub/*' })).toEqual({
      status: 'ok',
      entries: ['/var/lib/locked/sub/x.conf'],
    });
  });

  for (const shell of ['dash', 'bash'])
    it(`sh gatherer under ${shell}: denied naming the folder; a missing folder is an empty ok`, () => {
      const plan = planScript('sh', requests(), 'c0ffee');
      const [cmd, args] = unprivileged([shell, '-s']);
      const r = spawnSync(cmd, args, { input: plan.script, maxBuffer: 16 << 20 });
      expect(r.status, r.stderr.toString()).toBe(0);
      expectCases(
        readScriptOutput('sh', plan, uniqueRequests(requests()), r.stdout.toString('latin1'), 'cut off').answers,
        shell,
      );
    });

  it.skipIf(!PWSH)('PowerShell gatherer under a real pwsh: denied naming the folder (Get-ChildItem alone says nothing)', () => {
    const plan = planScript('ps', requests(), 'c0ffee');
    const [cmd, args] = unprivileged([PWSH ?? 'pwsh', ...powershellArgs(STDIN_SCRIPT_BOOTSTRAP)]);
    const r = spawnSync(cmd, args, { input: plan.script, maxBuffer: 16 << 20, timeout: 60_000 });
    expectCases(readScriptOutput('ps', plan, uniqueRequests(requests()), r.stdout.toString('latin1'), 'cut off').answers, 'pwsh');
  });

  it.runIf(ROOT)(
    'fim.monitoring scanned as nobody: error naming /var/lib/aide, not "AIDE has no database" (pass as root)',
    async () => {
      // As nobody, the closed folder must belong to someone else: a copy of the image whose aide folder is root's.
      const image = path.join(dir, 'img-root-owned');
      execFileSync('cp', ['-a', img, image]);
      chownSync(path.join(image, 'var/lib/aide'), 0, 0);
      const scan = async (asNobody: boolean) => {
        const home = path.join(dir, 'nobody-home');
        mkdirSync(home, { recursive: true });
        chmodSync(home, 0o1777);
        chmodSync(path.dirname(dir), 0o711); // nobody must reach the image (the run's own temporary folder is 0700)
        const argv = [
          process.execPath,
          '--import',
          'tsx',
          'bin/posaudit.ts',
          'scan',
          `image:${image}`,
          '--checks',
          'fim.monitoring',
          '-o',
          '-',
          '--quiet',
        ];
        const [cmd, args] = asNobody ? ['runuser', ['-u', 'nobody', '--', ...argv]] : [argv[0], argv.slice(1)];
        const out = await new Promise<string>((resolve) => {
          const c = spawn(cmd, args, { cwd: REPO, env: { ...process.env, HOME: home, TMPDIR: home } });
          let s = '';
          c.stdout.on('data', (b: Buffer) => (s += b.toString()));
          c.on('close', () => resolve(s));
        });
        const report = JSON.parse(out.slice(out.indexOf('{'))) as {
          targets: Array<{ results: Array<{ checkId: string; status: string; findings: Array<{ message: { en: string } }> }> }>;
        };
        const r = report.targets[0].results.find((x) => x.checkId === 'fim.monitoring');
        return { status: r?.status, message: r?.findings.map((f) => f.message.en).join(' ') ?? '' };
      };
      const asRoot = await scan(false);
      expect(asRoot.status, asRoot.message).toBe('pass');
      const asNobody = await scan(true);
      expect(asNobody.status, asNobody.message).toBe('error');
      expect(asNobody.message).toContain('/var/lib/aide/aide.db*: permission denied');
      expect(asNobody.message).toContain('(cannot list /var/lib/aide)'); // the terminal's path, not the image folder
      expect(asNobody.message).not.toContain('no baseline database');
    },
  );
});
