/**
 * End to end: `posaudit scan image:DIR` of a Windows layout made of real hives from real machines
 * (regipy's test data): the dirty Windows 10 SYSTEM hive with its transaction logs, a real SAM and
 * a real NTUSER.DAT. What a user sees: the platform, the USB history (serials, times, the UAS SSD
 * only the logs record), the account-policy verdicts from the SAM, and the console saying the
 * SYSTEM hive was dirty and replayed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO, type CliRun } from '../helpers/cli.js';
import { realWindowsImage } from '../helpers/real-hives.js';

interface Result {
  checkId: string;
  status: string;
  findings: Array<{ status: string; message: { en: string; ja: string }; location?: string; details?: Record<string, unknown> }>;
}

describe('scan image:DIR of a Windows image made of real hives', () => {
  let run: CliRun;
  let results: Map<string, Result>;
  let target: { platform: Record<string, string>; notes?: Array<{ en: string }>; results: Result[] };
  beforeAll(async () => {
    const root = realWindowsImage(mkdtempSync(path.join(os.tmpdir(), 'posaudit-real-win-')));
    const out = path.join(path.dirname(root), 'out');
    run = await cli([
      'scan',
      `image:${root}`,
      '--profile',
      path.join(REPO, 'test/fixtures/profiles/windows-real-hives.yaml'),
      '--out',
      out,
      '--format',
      'json',
    ]);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    target = report.targets[0];
    results = new Map(target.results.map((r: Result) => [r.checkId, r]));
  }, 120_000);

  it('detects Windows, the host name and the architecture from the SYSTEM hive', () => {
    expect(target.platform).toMatchObject({ os: 'windows', hostname: 'DESKTOP-PM6C56D', arch: 'AMD64' });
  });

  it('lists each USB stick by serial with its times, and the UAS SSD only the transaction logs record', () => {
    const h = results.get('usb.device-history');
    const bySerial = new Map(h?.findings.map((f) => [f.details?.serial, f]));
    for (const serial of ['AA010215170355310594', 'AA010603160707470215']) {
      const f = bySerial.get(serial);
      expect(f?.status, serial).toBe('warn');
      expect(f?.message.en).toMatch(/first installed 20\d\d-\d\d-\d\dT[\d:]+Z, last attached 20\d\d-/);
    }
    const ssd = h?.findings.find((f) => f.location === 'USB\\VID_04E8&PID_61F5\\MSFT3012345679FD0B');
    expect(ssd?.details).toMatchObject({ bus: 'UAS', product: expect.stringContaining('Samsung') });
    expect(ssd?.message.en).toContain('over USB 3 UAS');
  });

  it('gives the account verdicts from the SAM instead of "manual"', () => {
    expect(results.get('accounts.password-policy')?.status, JSON.stringify(results.get('accounts.password-policy'))).toBe('fail');
    expect(results.get('accounts.password-policy')?.findings[0].message.en).toBe(
      'Minimum password length is 0; at least 12 is required.',
    );
    expect(results.get('accounts.default-disabled')?.status).toBe('pass');
    expect(results.get('accounts.local-admins')?.status).toBe('pass');
    expect(JSON.stringify(results.get('accounts.local-admins')?.findings)).toContain('Preston');
  });

  it('counts every pending file operation of the replayed hive (REG_MULTI_SZ with empty strings)', () => {
    const r = results.get('patches.reboot-pending');
    expect(JSON.stringify(r?.findings)).toMatch(/\d+ file operations wait for a reboot/);
  });

  it('says on the console, not only in the JSON, that the SYSTEM hive was dirty and its logs were replayed', () => {
    expect(run.code).toBe(1);
    expect(target.notes?.[0]?.en).toMatch(/was dirty .*transaction logs \(SYSTEM\.LOG1, SYSTEM\.LOG2\) were replayed/);
    expect(run.stdout + run.stderr).toMatch(
      /Windows\/System32\/config\/SYSTEM was dirty .* were replayed before reading: \d+ log entries applied/,
    );
  });
});
