/**
 * Distribution: the package `npm pack` makes installs into an empty folder and works there, with
 * no checkout and no registry lookup of our own name: `posaudit --version` and a scan of an image
 * fixture through the installed bin. Dependencies come from the local npm cache (`--offline`;
 * `.ci/run`'s `npm ci` fills it on a fresh machine).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const IMAGE = path.join(REPO, 'test', 'fixtures', 'images', 'linux-usb-locked');

let tmp: string;
let tarball: string;
let bin: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit-pack-'));
  // `npm pack` runs the prepare script (the build) and writes the tarball the README tells people to install.
  const { stdout } = await run('npm', ['pack', '--pack-destination', tmp, '--silent'], { cwd: REPO, maxBuffer: 1 << 24 });
  tarball = path.join(tmp, stdout.trim().split('\n').at(-1)!);
  const app = path.join(tmp, 'empty folder');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, maxBuffer: 1 << 24 });
  bin = path.join(app, 'node_modules', '.bin', 'posaudit');
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds the built code, the profiles and the schemas, and nothing of the tests', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 1 << 24 });
    const files = stdout.split('\n').filter(Boolean);
    expect(files).toContain('package/dist/bin/posaudit.js');
    expect(files).toContain('package/profiles/pci-dss.yaml');
    expect(files).toContain('package/schemas/report.schema.json');
    expect(files.filter((f) => f.startsWith('package/test/') || f.includes('/fixtures/'))).toEqual([]);
  });

  it('installed into an empty folder, answers --version', async () => {
    const { stdout } = await run(bin, ['--version']);
    expect(stdout.trim()).toBe(VERSION);
  });

  it('installed into an empty folder, scans an image fixture and writes its reports', async () => {
    const out = path.join(tmp, 'report');
    const code = await run(
      bin,
      ['scan', `image:${IMAGE}`, '--profile', 'daily', '--out', out, '--format', 'json,sarif-github,junit', '--quiet'],
      {
        env: { ...process.env, LANG: 'C', CI: '1' },
      },
    ).then(
      () => 0,
      (err: { code?: number }) => err.code ?? -1,
    );
    // A verdict (0 compliant, 1 findings, 3/5 incomplete), never a usage or internal error.
    expect([0, 1, 3, 5]).toContain(code);
    expect(readdirSync(out).sort()).toEqual(
      expect.arrayContaining(['report.json', 'report.github.sarif', 'report.junit.xml', 'manifest.json', 'evidence.json.gz']),
    );
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      tool: { version: string };
      summary: { gate?: { exitCode: number } };
    };
    expect(report.tool.version).toBe(VERSION);
    expect(report.summary.gate?.exitCode).toBe(code);
  });
});
