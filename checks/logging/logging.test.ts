import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import type { AnyCheck } from '../../core/model.js';
import { evidenceOf, LINUX, ok, run } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

const [auditPolicy, retention, forwarding] = checks;

describe('logging on Linux images', () => {
  it('hardened image: rules cover the account files, time and modules; 400 days kept; forwarded over TCP', async () => {
    const a = await evaluateOnImage(auditPolicy, HARDENED);
    expect(statusOf(a), textOf(a)).toBe('pass');
    expect(textOf(a)).toMatch(/locked \(-e 2\)/);
    const r = await evaluateOnImage(retention, HARDENED);
    expect(statusOf(r), textOf(r)).toBe('pass');
    const f = await evaluateOnImage(forwarding, HARDENED);
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/rsyslog forwards logs to "logs.store.example"/);
  });

  it('weak image: no auditd, 7 days of syslog, volatile journal, no forwarding', async () => {
    expect(textOf(await evaluateOnImage(auditPolicy, WEAK))).toMatch(/^fail: auditd is not installed/);
    const r = await evaluateOnImage(retention, WEAK);
    expect(statusOf(r)).toBe('fail');
    expect(textOf(r)).toMatch(/keeps only about 7 days/);
    const f = await evaluateOnImage(forwarding, WEAK);
    expect(statusOf(f)).toBe('fail');
  });

  it('designated log hosts: forwarding elsewhere fails', async () => {
    const f = await evaluateOnImage(forwarding, HARDENED, { params: { designatedHosts: ['siem.hq.example'] } });
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/not a designated log host/);
  });

  it('live, loaded rules win over the files, and a missing syscall is named', () => {
    const ev = evidenceOf([
      [
        { kind: 'command', name: 'auditctl -l', os: 'linux', command: { sh: '' } },
        ok(
          '-w /etc/passwd -p wa -k identity\n-w /etc/group -p wa\n-w /etc/shadow -p wa\n-w /etc/sudoers -p wa\n-a always,exit -F arch=b64 -S adjtimex,settimeofday -k time\n',
          { exitCode: 0 },
        ),
      ],
      [
        { kind: 'command', name: 'auditctl -s', os: 'linux', command: { sh: '' } },
        ok('enabled 1\nfailure 1\npid 612\n', { exitCode: 0 }),
      ],
    ]);
    const f = run(auditPolicy, ev, LINUX);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/syscalls clock_settime, init_module, delete_module/);
  });

  it('a 60-day rotation is a warning: at hand, but the year must be kept centrally', () => {
    const ev = evidenceOf([
      [{ kind: 'file', path: '/etc/logrotate.conf', os: 'linux' }, ok('weekly\n')],
      [{ kind: 'file', path: '/etc/logrotate.d/rsyslog', os: 'linux' }, ok('/var/log/syslog {\n rotate 20\n weekly\n}\n')],
      [{ kind: 'file', path: '/etc/systemd/journald.conf', os: 'linux' }, ok('[Journal]\nStorage=persistent\n')],
    ]);
    const f = run(retention, ev, LINUX);
    expect(statusOf(f), textOf(f)).toBe('warn');
    expect(textOf(f)).toMatch(/about 140 days/);
  });
});

describe('logging on Windows (recorded evidence)', () => {
  // One recorded fixture per check: the hardened terminal and the vendor image.
  const pass = (c: AnyCheck) =>
    runRecorded(
      c,
      loadRecorded(join(import.meta.dirname, 'fixtures', `${c.id.slice('logging.'.length)}-windows-pass-baseline-wef.json`)),
    ).findings;
  const fail = (c: AnyCheck) =>
    runRecorded(
      c,
      loadRecorded(join(import.meta.dirname, 'fixtures', `${c.id.slice('logging.'.length)}-windows-fail-vendor-image.json`)),
    ).findings;

  it('hardened terminal: audit policy by GUID (Japanese names), policy log sizes, 400+ days, WEF', () => {
    for (const c of checks) {
      const f = pass(c);
      expect(statusOf(f), `${c.id}\n${textOf(f)}`).toBe('pass');
    }
    expect(textOf(pass(retention))).toMatch(/Security log may grow to 262144 KB \(Group Policy\)/);
  });

  it('vendor image fails each check and names what is missing', () => {
    const a = fail(auditPolicy);
    expect(statusOf(a)).toBe('fail');
    expect(textOf(a)).toMatch(
      /4 audit subcategories.*Process Creation \(No Auditing; needs Success\).*Logon \(Success; needs Success and Failure\)/,
    );
    const r = fail(retention);
    expect(statusOf(r)).toBe('fail');
    expect(textOf(r)).toMatch(/Security log is limited to 20480 KB/);
    expect(textOf(r)).toMatch(/keeps only about 18 days/);
    expect(statusOf(fail(forwarding))).toBe('fail');
  });
});
