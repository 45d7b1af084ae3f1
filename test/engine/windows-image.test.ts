/** Offline Windows images: posaudit detects the layout, reads the hives, and gates a misconfigured image. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';
import { makeWindowsImage } from '../helpers/windows-image.js';

interface Result {
  checkId: string;
  status: string;
  findings: Array<{ message: { en: string } }>;
}

const PROFILE = path.join(REPO, 'test/fixtures/profiles/windows-offline.yaml');

async function scanImage(
  kind: 'hardened' | 'misconfigured',
): Promise<{ code: number | null; results: Map<string, Result>; platform: Record<string, string> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `posaudit-win-${kind}-`));
  const root = makeWindowsImage(path.join(dir, 'image'), kind, { lowerCase: kind === 'hardened' });
  const out = path.join(dir, 'out');
  const r = await cli([
    'scan',
    `image:${root}`,
    '--profile',
    PROFILE,
    '--out',
    out,
    '--format',
    'json,sarif,junit',
    '--fail-on',
    'high',
  ]);
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  const t = report.targets[0];
  return { code: r.code, results: new Map(t.results.map((x: Result) => [x.checkId, x])), platform: t.platform };
}

describe('scan image:PATH of a Windows terminal', () => {
  let bad: Awaited<ReturnType<typeof scanImage>>;
  let good: Awaited<ReturnType<typeof scanImage>>;
  beforeAll(async () => {
    [bad, good] = await Promise.all([scanImage('misconfigured'), scanImage('hardened')]);
  }, 60_000);

  it('detects Windows and its edition and build from the SOFTWARE hive', () => {
    expect(bad.platform).toMatchObject({ os: 'windows', edition: 'IoTEnterpriseS', build: '19044.5487' });
    expect(good.platform.os).toBe('windows');
  });

  it('finds the misconfigurations and fails the gate', () => {
    expect(bad.code).toBe(1);
    for (const id of [
      'usb.storage-blocked',
      'usb.autorun-disabled',
      'accounts.autologon-cleartext',
      'remote.tools',
      'logging.retention',
    ])
      expect(bad.results.get(id)?.status, id).toBe('fail');
    expect(JSON.stringify([...bad.results.values()])).not.toContain('Pos12345!');
  });

  it('passes the hardened image on the same checks (hive names in lower case, as some copies have them)', () => {
    for (const id of [
      'usb.storage-blocked',
      'usb.autorun-disabled',
      'accounts.autologon-cleartext',
      'remote.tools',
      'allowlist.enforced',
      'os.end-of-life',
    ])
      expect(good.results.get(id)?.status, id).toBe('pass');
  });

  it('says what needs a running system instead of guessing', () => {
    expect(good.results.get('firmware.admin-password')?.status).toBe('manual');
    expect(good.results.get('firmware.admin-password')?.findings[0].message.en).toMatch(/offline image/);
  });
});

describe('a dirty hive (transaction logs not replayed)', () => {
  it('is said in the report, in the host section of the HTML too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-win-dirty-'));
    const root = makeWindowsImage(path.join(dir, 'image'), 'hardened', { dirtySystem: true });
    const out = path.join(dir, 'out');
    await cli(['scan', `image:${root}`, '--profile', PROFILE, '--out', out, '--format', 'json,html', '--lang', 'ja']);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.targets[0].notes?.[0]?.en).toMatch(/transaction logs not replayed/);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('トランザクションログが反映されていません');
  });
});
