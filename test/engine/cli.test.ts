/** What a user sees from the CLI: one clear line and exit 2 for bad input; reports and exit codes for scans. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'posaudit-cli-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const IMAGE = path.join(REPO, 'test/fixtures/images/linux-usb-open');
const PROFILE = path.join(REPO, 'test/fixtures/profiles/invariant.yaml');

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('bad input: one clear line, exit 2', () => {
  it('unknown target scheme', async () => {
    const r = await cli(['scan', 'ftp://pos-1']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/unknown target scheme "ftp:"/);
  });

  it('unreadable key', async () => {
    const r = await cli(['scan', 'ssh://pos-1', '--identity', '/no/such/key']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/cannot read identity file \/no\/such\/key: ENOENT/);
  });

  it('an error that quotes a card number shows it masked, without control characters', async () => {
    const r = await cli(['scan', 'ssh://pos-1', '--identity', '/no/such/4111111111111111\u001b[2J.key']);
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain('411111******1111');
    expect(line).not.toContain('4111111111111111');
    expect(line).not.toContain('\u001b');
  });

  it('unknown profile id', async () => {
    const r = await cli(['scan', `image:${IMAGE}`, '--profile', 'pci-dds']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/unknown profile "pci-dds"/);
  });

  it('unknown check id in a profile, with file:line:col', async () => {
    const dir = tmp();
    const file = path.join(dir, 'p.yaml');
    writeFileSync(
      file,
      'id: p\ntitle: {en: P, ja: P}\ncontrols:\n  - id: c1\n    title: {en: C, ja: C}\n    checks:\n      - check: usb.no-such-check\n',
    );
    const r = await cli(['profiles', 'validate', file]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`posaudit: ${file}:7:16: unknown check id "usb.no-such-check" (see: posaudit checks list)`);
  });

  it('malformed YAML, with file:line:col', async () => {
    const dir = tmp();
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, 'id: p\ntitle: {en: P, ja: P\ncontrols: []\n');
    const r = await cli(['scan', `image:${IMAGE}`, '--profile', file]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: malformed profile`));
  });

  it('a schema error names the property and its line', async () => {
    const dir = tmp();
    const file = path.join(dir, 'p.yaml');
    writeFileSync(
      file,
      'id: p\ntitle: {en: P, ja: P}\ncontrols:\n  - id: c1\n    title: {en: C, ja: C}\n    severity: huge\n    checks: ' +
        '[{check: os.identified}]\n',
    );
    const r = await cli(['profiles', 'validate', file]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`p\\.yaml:6:15: controls\\.0\\.severity must be one of "critical", "high"`));
  });

  it('an image path that does not exist', async () => {
    const r = await cli(['scan', 'image:/no/such/rootfs']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('posaudit: image path does not exist: /no/such/rootfs');
  });

  it('an unknown check id on the command line', async () => {
    const r = await cli(['checks', 'show', 'usb.nope']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/unknown check id "usb.nope"/);
  });
});

describe('scanning an image, then re-judging its evidence offline', () => {
  it('writes the report and bundle, gates on --fail-on, and evaluate gives identical results', async () => {
    const out = path.join(tmp(), 'report');
    const r = await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--out', out, '--format', 'json', '--fail-on', 'high']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NON-COMPLIANT/);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.targets[0].kind).toBe('image');
    const usb = report.targets[0].results.find((x: { checkId: string }) => x.checkId === 'usb.storage-blocked');
    expect(usb.status).toBe('fail');
    const again = path.join(tmp(), 're');
    const e = await cli([
      'evaluate',
      path.join(out, 'evidence.json.gz'),
      '--out',
      again,
      '--format',
      'json',
      '--fail-on',
      'high',
    ]);
    expect(e.code).toBe(1);
    const re = JSON.parse(readFileSync(path.join(again, 'report.json'), 'utf8'));
    const strip = (rep: { targets: Array<{ results: unknown[] }> }) => rep.targets.map((t) => t.results);
    expect(strip(re)).toEqual(strip(report));
  });

  it('a waiver turns a failure into waived; an expired one is reported and does not', async () => {
    const dir = tmp();
    const waivers = path.join(dir, 'waivers.yaml');
    writeFileSync(
      waivers,
      [
        'waivers:',
        '  - check: usb.storage-blocked',
        '    hosts: "image:*"',
        '    reason: USB scanner needs mass storage until the vendor update',
        '    approver: QSA Tanaka',
        '    expires: 2999-12-31',
        '  - check: firmware.secure-boot',
        '    reason: old',
        '    approver: nobody',
        '    expires: 2020-01-01',
      ].join('\n'),
    );
    const img = path.join(dir, 'img');
    cpSync(IMAGE, img, { recursive: true });
    const out = path.join(dir, 'out');
    await cli(['scan', `image:${img}`, '--profile', PROFILE, '--out', out, '--format', 'json', '--waivers', waivers]);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    const usb = report.targets[0].results.find((x: { checkId: string }) => x.checkId === 'usb.storage-blocked');
    expect(usb.status).toBe('waived');
    expect(usb.waiver.approver).toBe('QSA Tanaka');
    const sb = report.targets[0].results.find((x: { checkId: string }) => x.checkId === 'firmware.secure-boot');
    expect(sb.status).not.toBe('waived');
    expect(sb.expiredWaiver.expires).toBe('2020-01-01');
    expect(report.expiredWaivers).toHaveLength(1);
  });

  it('a waivers file with a missing field names the line', async () => {
    const dir = tmp();
    const waivers = path.join(dir, 'waivers.yaml');
    writeFileSync(waivers, 'waivers:\n  - check: usb.storage-blocked\n    reason: r\n    expires: 2030-01-01\n');
    const r = await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--waivers', waivers, '--out', path.join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`posaudit: ${waivers}:2:5: missing "approver"`);
  });
});

describe('report folder: manifest, verify, diff and re-render', () => {
  it('writes a manifest that verify accepts, and names a file changed afterwards', async () => {
    const out = path.join(tmp(), 'r');
    await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--out', out, '--format', 'json,junit']);
    const ok = await cli(['verify', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(': OK');
    writeFileSync(path.join(out, 'report.json'), readFileSync(path.join(out, 'report.json'), 'utf8').replace('"fail"', '"pass"'));
    const bad = await cli(['verify', out]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/report\.json/);
  });

  it("signs the manifest with the auditor's key and checks it against the certificate", async () => {
    const dir = tmp();
    const key = path.join(dir, 'auditor.key');
    const cert = path.join(dir, 'auditor.crt');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=QSA Tanaka'],
      { stdio: 'ignore' },
    );
    const out = path.join(dir, 'r');
    await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--out', out, '--format', 'json', '--sign-key', key]);
    expect((await cli(['verify', out, '--cert', cert])).code).toBe(0);
    const other = path.join(dir, 'other.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'other.key'),
        '-out',
        other,
        '-days',
        '2',
        '-subj',
        '/CN=Someone',
      ],
      { stdio: 'ignore' },
    );
    expect((await cli(['verify', out, '--cert', other])).code).toBe(1);
  });

  it('diff shows what a change to the terminal made new, and report re-renders a saved result', async () => {
    const dir = tmp();
    const oldOut = path.join(dir, 'old');
    const newOut = path.join(dir, 'new');
    await cli([
      'scan',
      `image:${path.join(REPO, 'test/fixtures/images/linux-usb-locked')}`,
      '--profile',
      PROFILE,
      '--out',
      oldOut,
      '--format',
      'json',
    ]);
    await cli(['scan', `image:${IMAGE}`, '--profile', PROFILE, '--out', newOut, '--format', 'json']);
    // The two images are different targets; compare them as one by giving the new result the old id.
    const oldReport = JSON.parse(readFileSync(path.join(oldOut, 'report.json'), 'utf8'));
    const newReport = JSON.parse(readFileSync(path.join(newOut, 'report.json'), 'utf8'));
    newReport.targets[0].id = oldReport.targets[0].id;
    newReport.targets[0].name = oldReport.targets[0].name;
    writeFileSync(path.join(newOut, 'report.json'), JSON.stringify(newReport));
    const d = await cli(['diff', path.join(oldOut, 'report.json'), path.join(newOut, 'report.json'), '--json']);
    expect(d.code).toBe(1);
    const diff = JSON.parse(d.stdout);
    expect(diff.new.some((x: { checkId: string }) => x.checkId === 'usb.storage-blocked')).toBe(true);
    const html = path.join(dir, 'html');
    const r = await cli(['report', path.join(newOut, 'report.json'), '--format', 'html', '--out', html, '--lang', 'ja']);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(html, 'report.html'), 'utf8')).toContain('lang="ja"');
  });
});
