/** The Windows gatherer run for real: posaudit's SSH target → OpenSSH on loopback → (cmd.exe's part) →
 *  a real PowerShell 7 running the product's bootstrap and script, over a thin fake-Windows layer that
 *  serves a real Windows 10 SYSTEM hive and values recorded from real terminals. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import { findCheck } from '../../checks/index.js';
import { buildPlan } from '../../engine/planner.js';
import { loadProfile } from '../../engine/profiles.js';
import { planRequests } from '../../engine/runner.js';
import { powershellArgs, STDIN_SCRIPT_BOOTSTRAP } from '../../targets/powershell.js';
import { PWSH, SKIP_PWSH, startFakeWindows, type FakeWindows } from './fake-windows.js';

const PROFILES = ['pci-dss', 'pos-guideline', 'daily'];
const byProfile = new Map<string, EvidenceRequest[]>();
for (const id of PROFILES) byProfile.set(id, planRequests(buildPlan([await loadProfile(id, findCheck)], findCheck)));
const ALL = [...byProfile.values()].flat();

const reg = (key: string, extra: Partial<EvidenceRequest> = {}): EvidenceRequest =>
  ({ kind: 'registry', key, os: 'windows', ...extra }) as EvidenceRequest;
const USBSTOR = reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR');
const W32TIME = reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters');
const PENDING = reg('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager', { value: 'PendingFileRenameOperations' });
const EVENTLOG_SECURITY = reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security');
const CURRENT_VERSION = reg('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion');
const DEFENDER = reg('HKLM\\SOFTWARE\\Microsoft\\Windows Defender', { subkeys: true });
const RUN = reg('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run');
const ALLOWED = new Set(['ok', 'missing', 'denied', 'unsupported', 'error']);

/** Every Windows request of a gather has an answer, with a known status, and none was cut off. */
function expectEveryAnswer(requests: EvidenceRequest[], answers: Map<string, EvidenceAnswer>): void {
  for (const r of requests) {
    if (r.os === 'linux') continue;
    const a = answers.get(requestKey(r));
    expect(a, requestKey(r)).toBeDefined();
    expect(ALLOWED.has(a?.status ?? ''), requestKey(r)).toBe(true);
    expect(a?.reason ?? '', requestKey(r)).not.toMatch(/stopped before answering|cut short/);
    if (a?.status !== 'ok') expect(a?.reason, `${requestKey(r)} says why it is ${a?.status}`).toBeTruthy();
  }
}

const find = (answers: Map<string, EvidenceAnswer>, name: string): EvidenceAnswer | undefined =>
  [...answers].find(([k]) => k === `command:${name}`)?.[1];

describe.skipIf(SKIP_PWSH)('the PowerShell gatherer under a real pwsh, over real OpenSSH', { timeout: 120_000 }, () => {
  let win: FakeWindows;
  /** One default-scenario gather of every shipped profile's requests together (pwsh start-up is costly). */
  let all: Awaited<ReturnType<typeof gather>>;
  beforeAll(async () => {
    win = await startFakeWindows([...ALL, USBSTOR, W32TIME, PENDING, EVENTLOG_SECURITY]);
    win.setScenario({});
    all = await gather([...ALL, USBSTOR, W32TIME, PENDING]);
  }, 180_000);
  afterAll(async () => {
    await win?.stop();
  });

  const gather = async (requests: EvidenceRequest[]) => {
    const t = win.target();
    await t.connect();
    try {
      const g = await t.gather(requests);
      return { ...g, trips: t.roundTrips() };
    } finally {
      await t.close();
    }
  };

  for (const profile of PROFILES) {
    it(`gathers the ${profile} profile: real answers for every request, in one exec`, async () => {
      const requests = byProfile.get(profile) ?? [];
      const g = all;
      expect(g.trips).toBe(1);
      expect(g.platform).toMatchObject({
        os: 'windows',
        distro: 'Windows 10 IoT Enterprise LTSC 2021',
        edition: 'IoTEnterpriseS',
        version: '21H2',
        build: '19044.4529',
        hostname: 'POS-TEST-07',
      });
      expectEveryAnswer(requests, g.answers);
      // Values of the real SYSTEM hive (Windows 10 1709), through RegistryKey calls and the frames.
      const usb = g.answers.get(requestKey(USBSTOR));
      expect(usb?.status).toBe('ok');
      expect(usb?.registry?.values).toEqual(
        expect.arrayContaining([
          { name: 'Start', type: 'REG_DWORD', data: 3 },
          { name: 'ImagePath', type: 'REG_EXPAND_SZ', data: '\\SystemRoot\\System32\\drivers\\USBSTOR.SYS' },
        ]),
      );
      expect(g.answers.get(requestKey(W32TIME))?.registry?.values).toEqual(
        expect.arrayContaining([{ name: 'NtpServer', type: 'REG_SZ', data: 'time.windows.com,0x9' }]),
      );
      const pending = g.answers.get(requestKey(PENDING))?.registry?.values[0];
      expect(pending?.type).toBe('REG_MULTI_SZ');
      // The list holds empty strings between pairs: all of them arrive.
      expect((pending?.data as string[]).length).toBeGreaterThan(8);
      expect((pending?.data as string[]).filter((s) => s === '').length).toBeGreaterThan(2);
      const ok = requests.filter((r) => r.os !== 'linux' && g.answers.get(requestKey(r))?.status === 'ok');
      expect(ok.length).toBeGreaterThan(10);
    });
  }

  it('answers the commands of Windows tools with their output (secedit, auditpol, wevtutil, w32tm, accounts, hotfixes)', async () => {
    const g = all;
    expectEveryAnswer(ALL, g.answers);
    expect(find(g.answers, 'secedit export')).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(find(g.answers, 'secedit export')?.data).toMatch(/MaximumPasswordAge = 42/);
    expect(find(g.answers, 'auditpol backup')?.data).toMatch(
      /Logon,\{0CCE9215-69AE-11D9-BED3-505054503030\},Success and Failure/,
    );
    expect(find(g.answers, 'oldest security event')?.data).toMatch(/<EventID>1102<\/EventID>/);
    expect(find(g.answers, 'w32tm /query /source')?.data).toMatch(/time\.windows\.com/);
    expect(find(g.answers, 'windows local users')?.data).toMatch(
      /user\tposuser\tS-1-5-21-3623811015-3361044348-30300820-1001\tFalse/,
    );
    expect(find(g.answers, 'windows update history')?.data).toMatch(/hotfix=KB5046823\|2024-11-13/);
    expect(find(g.answers, 'anti-malware status')?.data).toMatch(/mp_RealTimeProtectionEnabled=True/);
    // Windows (not Linux pwsh) has no ADSI: the template's own catch answers, and the scan goes on.
    const admins = find(g.answers, 'windows administrators members');
    expect(admins?.status).toBe('ok');
    expect(admins?.exitCode).not.toBe(0);
    expect(admins?.data).toMatch(/^error=/);
    const defender = g.answers.get(requestKey(DEFENDER));
    expect(defender?.registry?.children?.['Signature Updates']).toEqual(
      expect.arrayContaining([{ name: 'SignaturesLastUpdated', type: 'REG_BINARY', data: '80f3a3c5e244db01' }]),
    );
  });

  it('as a non-administrator: denied where Windows denies, every later request still answered', async () => {
    win.setScenario({ nonadmin: true });
    const g = await gather([...ALL, EVENTLOG_SECURITY]);
    expectEveryAnswer(ALL, g.answers);
    // secedit refuses an ordinary user: its words come back with its exit code, the scan goes on.
    const secedit = find(g.answers, 'secedit export');
    expect(secedit?.status).toBe('ok');
    expect(secedit?.exitCode).toBe(5);
    expect(secedit?.data).toMatch(/^error=.*Access is denied/);
    expect(find(g.answers, 'auditpol backup')?.data).toMatch(/^error=.*A required privilege is not held/);
    expect(find(g.answers, 'oldest security event')?.exitCode).toBe(5);
    // A key Windows will not open for an ordinary user is denied, not "missing".
    expect(g.answers.get(requestKey(EVENTLOG_SECURITY))).toMatchObject({ status: 'denied' });
    expect(g.answers.get(requestKey(EVENTLOG_SECURITY))?.reason).toMatch(/registry access is not allowed/i);
    expect(find(g.answers, 'w32tm /query /source')?.data).toMatch(/time\.windows\.com/);
  });

  it('with Windows cmdlets missing: the templates fall back or say why, never a cut-short host', async () => {
    win.setScenario({
      missing: [
        'Get-MpComputerStatus',
        'Get-HotFix',
        'Get-CimInstance',
        'Get-WmiObject',
        'Confirm-SecureBootUEFI',
        'Get-WinEvent',
      ],
    });
    const g = await gather(ALL);
    expectEveryAnswer(ALL, g.answers);
    expect(find(g.answers, 'anti-malware status')?.data).toMatch(/mp_present=0/);
    expect(find(g.answers, 'Confirm-SecureBootUEFI')?.data).toMatch(/confirm=no-cmdlet/);
    expect(find(g.answers, 'windows local users')?.data).toMatch(/^error=/);
    expect(find(g.answers, 'usb storage pnp events')?.data).toMatch(/pnp\.error=/);
  });

  it('in ConstrainedLanguage mode (WDAC/AppLocker): the platform and one clear answer per request', async () => {
    win.setScenario({ clm: true });
    const g = await gather(ALL);
    expectEveryAnswer(ALL, g.answers);
    expect(g.platform).toMatchObject({ os: 'windows', distro: 'Windows 10 IoT Enterprise LTSC 2021', hostname: 'POS-TEST-07' });
    for (const r of ALL) {
      if (r.os === 'linux') continue;
      const a = g.answers.get(requestKey(r));
      if (a?.status === 'unsupported' && r.kind === 'command' && !r.command.ps) continue;
      expect(a?.status, requestKey(r)).toBe('error');
      expect(a?.reason, requestKey(r)).toMatch(/ConstrainedLanguage/);
    }
  });

  it('reads the script as UTF-8 whatever the console code page (932 on Japanese Windows)', async () => {
    win.setScenario({ oem: 932 });
    const dir = path.join(win.drive, 'POS', 'ログ');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '売上.txt'), '本日の売上\n');
    const file: EvidenceRequest = { kind: 'file', path: 'C:\\POS\\ログ\\売上.txt', os: 'windows' };
    const g = await gather([file, CURRENT_VERSION]);
    expect(g.answers.get(requestKey(file))).toMatchObject({ status: 'ok', data: '本日の売上\n' });
    expect(g.answers.get(requestKey(CURRENT_VERSION))?.status).toBe('ok');
  });

  it('from a 32-bit OpenSSH on 64-bit Windows: reads the 64-bit registry, not WOW6432Node', async () => {
    win.setScenario({ wow64: true });
    const g = await gather([RUN, CURRENT_VERSION]);
    expect(g.answers.get(requestKey(RUN))?.registry?.values).toEqual([
      { name: 'SecurityHealth', type: 'REG_EXPAND_SZ', data: '%windir%\\system32\\SecurityHealthSystray.exe' },
    ]);
    expect(g.platform.arch).toBe('AMD64');
  });

  it('refuses Windows PowerShell 2.0 with one clear message naming the version', async () => {
    // pwsh cannot pretend to be 2.0: the bootstrap's version test is given 2.0 in place of the real table.
    const as20 = STDIN_SCRIPT_BOOTSTRAP.split('$PSVersionTable.PSVersion').join("([version]'2.0')");
    expect(as20).not.toBe(STDIN_SCRIPT_BOOTSTRAP);
    const res = spawnSync(PWSH ?? 'pwsh', powershellArgs(as20), { input: '"should not run"\r\n', encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stdout).not.toMatch(/should not run/);
    expect(res.stderr).toMatch(/PowerShell 2\.0 .*not supported.*3\.0 or later/);
  });
});
