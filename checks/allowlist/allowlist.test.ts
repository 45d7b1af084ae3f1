import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import type { AnyCheck } from '../../core/model.js';
import { evidenceOf, LINUX, ok, run, unsupported, WINDOWS, allAnswered } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

const [enforced, writeProtection, autostart] = checks;
/** The recorded fixture of one check on a Windows terminal (the params it was judged with are inside). */
const recordedFor = (c: AnyCheck, which: string) =>
  loadRecorded(join(import.meta.dirname, 'fixtures', `${c.id.slice('allowlist.'.length)}-windows-${which}.json`));

describe('allowlist on Linux images', () => {
  it('hardened image: fapolicyd enforcing with a final deny, IMA appraisal, POS app allowed', async () => {
    expect(textOf(await evaluateOnImage(enforced, HARDENED))).toMatch(
      /^pass: fapolicyd is enabled and enforcing \(integrity = "sha256"\)/,
    );
    expect(textOf(await evaluateOnImage(writeProtection, HARDENED))).toMatch(/^pass: IMA appraisal is enforced/);
    const allowed = [
      'posapp.*',
      'ssh.service',
      'cron.service',
      'rsyslog.service',
      'auditd.service',
      'chrony.service',
      'fapolicyd.service',
    ];
    // Offline, the .desktop files are read through the drop-in glob: the Hidden=true orca entry is skipped, as on a live scan.
    const offline = await evaluateOnImage(autostart, HARDENED, { params: { allowed } });
    expect(statusOf(offline), textOf(offline)).toBe('pass');
    expect(textOf(offline)).not.toContain('orca');
    const a = await evaluateOnImage(autostart, HARDENED, { params: { allowed: [...allowed, 'orca-autostart.desktop'] } });
    expect(statusOf(a), textOf(a)).toBe('pass');
    expect(a[0].details?.entries).toContain('posapp.desktop');
  });

  it('weak image: no allowlisting, writable root, unknown autostart entries listed', async () => {
    expect(textOf(await evaluateOnImage(enforced, WEAK))).toMatch(/^fail: No program allowlisting/);
    expect(textOf(await evaluateOnImage(writeProtection, WEAK))).toMatch(
      /^fail: The root file system is writable \(\/etc\/fstab: "errors=remount-ro"\)/,
    );
    const a = await evaluateOnImage(autostart, WEAK, {
      params: { allowed: ['ssh.service', 'rsyslog.service', 'posapp.desktop'] },
    });
    expect(statusOf(a)).toBe('fail');
    const t = textOf(a);
    expect(t).toMatch(/Unknown autostart entry "x11vnc.desktop"/);
    expect(t).toMatch(/Unknown autostart entry "anydesk.service"/);
    expect(t).toMatch(/"rc.local": "\/usr\/local\/bin\/helper.sh &"/);
    expect(t).not.toMatch(/posapp/);
  });

  it('SELinux enforcing alone confines but does not allowlist: a warning unless the profile accepts it', () => {
    const ev = evidenceOf([
      [{ kind: 'file', path: '/etc/fapolicyd/fapolicyd.conf', os: 'linux' }, { status: 'missing' }],
      [{ kind: 'file', path: '/sys/fs/selinux/enforce', os: 'linux' }, ok('1')],
    ]);
    expect(statusOf(run(enforced, ev, LINUX))).toBe('warn');
    expect(statusOf(run(enforced, ev, LINUX, { confinementCounts: true }))).toBe('pass');
  });

  it('fapolicyd enforcing with a rules.d the account cannot list is an error: its last rule is unknown', () => {
    const rulesD = enforced.requests({}).find((r) => r.kind === 'glob' && r.pattern === '/etc/fapolicyd/rules.d/*.rules')!;
    const ev = evidenceOf([
      [{ kind: 'file', path: '/etc/fapolicyd/fapolicyd.conf', os: 'linux' }, ok('permissive = 0\nintegrity = sha256\n')],
      [
        { kind: 'glob', pattern: '/etc/systemd/system/multi-user.target.wants/fapolicyd.service', os: 'linux' },
        { status: 'ok', entries: ['/etc/systemd/system/multi-user.target.wants/fapolicyd.service'] },
      ],
      [rulesD, { status: 'denied', reason: 'cannot list /etc/fapolicyd/rules.d' }],
    ]);
    // Was a pass: with no rule read, "last rule is not a deny" could not be seen.
    const f = run(enforced, ev, LINUX);
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/fapolicyd rules folder[\s\S]*cannot list \/etc\/fapolicyd\/rules.d/);
  });

  it('live: XDG entries are read through the drop-in listing; Hidden=true entries are skipped', () => {
    const glob = autostart
      .requests({ allowed: [] })
      .find((r) => r.kind === 'glob' && r.pattern === '/etc/xdg/autostart/*.desktop')!;
    const ev = evidenceOf([
      [
        glob,
        {
          status: 'ok',
          entries: ['/etc/xdg/autostart/orca.desktop', '/etc/xdg/autostart/x11vnc.desktop'],
          files: [
            { path: '/etc/xdg/autostart/orca.desktop', data: '[Desktop Entry]\nExec=orca\nHidden=true\n' },
            { path: '/etc/xdg/autostart/x11vnc.desktop', data: '[Desktop Entry]\nExec=x11vnc -forever -nopw\n' },
          ],
        },
      ],
      ...autostart
        .requests({ allowed: [] })
        .filter((r) => r.kind === 'glob' && r.pattern.includes('target.wants'))
        .map((r) => [r, { status: 'ok' as const, entries: [] }] as [typeof r, { status: 'ok'; entries: string[] }]),
      [{ kind: 'file', path: '/etc/rc.local', os: 'linux' }, { status: 'missing' }],
    ]);
    expect(textOf(run(autostart, ev, LINUX, { allowed: [] }))).toBe(
      'fail: Unknown autostart entry "x11vnc.desktop": "x11vnc -forever -nopw".',
    );
  });

  it('live: /proc/mounts wins over fstab', () => {
    const ev = evidenceOf([
      [{ kind: 'file', path: '/proc/mounts', os: 'linux' }, ok('/dev/sda2 / ext4 rw,relatime 0 0\n')],
      [{ kind: 'file', path: '/etc/fstab', os: 'linux' }, ok('/dev/sda2 / ext4 ro 0 1\n')],
      [{ kind: 'file', path: '/proc/cmdline', os: 'linux' }, ok('BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet\n')],
    ]);
    expect(textOf(run(writeProtection, ev, LINUX))).toMatch(/^fail: The root file system is writable \(\/proc\/mounts/);
  });
});

describe('allowlist on Windows (recorded evidence)', () => {
  it('AppLocker enforced with POS rules, UWF on, known Run entries: all pass', () => {
    const fx = (c: AnyCheck) => runRecorded(c, recordedFor(c, 'pass-applocker-uwf')).findings;
    expect(textOf(fx(enforced))).toMatch(/^pass: Program allowlisting is enforced by AppLocker \(2 executable rules\)/);
    expect(statusOf(fx(writeProtection))).toBe('pass');
    expect(recordedFor(autostart, 'pass-applocker-uwf').params).toEqual({
      allowed: ['SecurityHealth', '"C:\\Program Files\\StorePOS\\*'],
    });
    const a = fx(autostart);
    expect(statusOf(a), textOf(a)).toBe('pass');
  });

  it('an allow-everyone-* rule is not allowlisting; UWF off; an unknown updater in the 32-bit Run key', () => {
    const fx = (c: AnyCheck) => runRecorded(c, recordedFor(c, 'fail-everyone-rule')).findings;
    expect(textOf(fx(enforced))).toMatch(/^fail: AppLocker is enforced, but a rule lets Everyone run any path/);
    expect(textOf(fx(writeProtection))).toMatch(/^fail: Unified Write Filter is installed but off/);
    expect(recordedFor(autostart, 'fail-everyone-rule').params).toEqual({ allowed: ['SecurityHealth', 'StorePOS'] });
    const a = fx(autostart);
    expect(textOf(a)).toBe('fail: Unknown autostart entry "UpdateHelper": "C:\\\\Users\\\\Public\\\\upd.exe -silent".');
  });

  it('offline Windows image without AppLocker or SRP: WDAC state is a manual step, never a pass', () => {
    const ev = evidenceOf(
      enforced
        .requests({})
        .map((r) => [r, r.kind === 'command' ? unsupported : { status: 'missing' as const, reason: 'key not found' }]),
    );
    expect(statusOf(run(enforced, ev, WINDOWS))).toBe('manual');
    expect(statusOf(run(enforced, allAnswered(enforced, unsupported), WINDOWS))).not.toBe('pass');
  });
});
