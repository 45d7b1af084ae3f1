import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Evidence, type EvidenceAnswer } from '../../core/evidence.js';
import { checks } from './index.js';
import { evidenceOf, LINUX, ok, run, WINDOWS } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadEvidence } from '../../test/helpers/recorded.js';

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
    expect(textOf(f)).toMatch(/over TCP with TLS \(gtls\/ossl netstream driver\) \(offline: enabled at boot, not seen running\)/);
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
          '-w /etc/passwd -p wa -k identity\n-w /etc/group -p wa\n-w /etc/shadow -p wa\n-w /etc/sudoers -p wa\n-a ' +
            'always,exit -F arch=b64 -S adjtimex,settimeofday -k time\n',
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
    // Each PCI DSS 10.2.1.x the rules do not record is named with the rule that would.
    expect(textOf(f)).toMatch(/do not record what PCI DSS 10.2.1.2, 10.2.1.3, 10.2.1.4, 10.2.1.7 ask for/);
    expect(textOf(f)).toMatch(/10.2.1.2 actions by administrators: program execution as root \(-S execve -F euid=0\)/);
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
  const pass = loadEvidence(join(import.meta.dirname, 'fixtures', 'windows-pass.json'));
  const fail = loadEvidence(join(import.meta.dirname, 'fixtures', 'windows-fail.json'));

  it('hardened terminal: audit policy by GUID (Japanese names), policy log sizes, 400+ days, WEF', () => {
    for (const c of checks) {
      const f = run(c, pass, WINDOWS);
      expect(statusOf(f), `${c.id}\n${textOf(f)}`).toBe('pass');
    }
    expect(textOf(run(retention, pass, WINDOWS))).toMatch(/Security log may grow to 262144 KB \(Group Policy\)/);
  });

  it('vendor image fails each check and names what is missing', () => {
    const a = run(auditPolicy, fail, WINDOWS);
    expect(statusOf(a)).toBe('fail');
    expect(textOf(a)).toMatch(
      /6 audit subcategories.*Process Creation \(No Auditing; needs Success\).*Logon \(Success; needs Success and Failure\)/,
    );
    // PCI 10.2.1.7 / 10.2.1.2: services, drivers, scheduled tasks (added with the audit groups).
    expect(textOf(a)).toMatch(/Security System Extension \(No Auditing; needs Success\).*Other Object Access Events/);
    const r = run(retention, fail, WINDOWS);
    expect(statusOf(r)).toBe('fail');
    expect(textOf(r)).toMatch(/Security log is limited to 20480 KB/);
    expect(textOf(r)).toMatch(/keeps only about 18 days/);
    expect(statusOf(run(forwarding, fail, WINDOWS))).toBe('fail');
  });
});

describe('logging.remote-forwarding: the forwarder must run; "@@" is plain TCP', () => {
  const RSYSLOG = { kind: 'file', path: '/etc/rsyslog.conf', os: 'linux' } as const;
  const PROCS = {
    kind: 'command',
    name: 'running process names',
    os: 'linux',
    maxBytes: 128 * 1024,
    timeoutMs: 20_000,
    command: { sh: '' },
  } as const;
  const live = (conf: string, procs: string) =>
    evidenceOf([
      [RSYSLOG, ok(conf)],
      [
        { kind: 'glob', pattern: '/etc/rsyslog.d/*.conf', os: 'linux', read: true, maxBytes: 262144 },
        { status: 'ok', entries: [], files: [] },
      ],
      [PROCS, ok(procs, { exitCode: 0 })],
    ]);
  it('"*.* @@central:6514" without the gtls driver is reported as plain TCP, not TLS', () => {
    const f = run(forwarding, live('*.* @@central.example:6514\n', 'rsyslogd\n'), LINUX);
    expect(statusOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/over plain TCP \(not encrypted: no TLS netstream driver\)/);
    const tls = run(
      forwarding,
      live(
        '$DefaultNetstreamDriver gtls\n$DefaultNetstreamDriverCAFile /etc/ssl/certs/log-ca.pem\n' +
          '$ActionSendStreamDriverMode 1\n*.* @@central.example:6514\n',
        'rsyslogd\n',
      ),
      LINUX,
    );
    expect(textOf(tls)).toMatch(/over TCP with TLS/);
    const omfwd = run(
      forwarding,
      live('*.* action(type="omfwd" target="central.example" port="6514" protocol="tcp" StreamDriver="gtls")\n', 'rsyslogd\n'),
      LINUX,
    );
    expect(textOf(omfwd)).toMatch(/over plain TCP/); // StreamDriverMode="1" is what turns TLS on
    expect(textOf(run(forwarding, live('*.* @central.example\n', 'rsyslogd\n'), LINUX))).toMatch(/over UDP/);
  });
  it('a configured target with rsyslogd not running fails', () => {
    const f = run(forwarding, live('*.* @@central.example:6514\n', 'sshd\ncron\n'), LINUX);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(
      /rsyslog is set to forward logs to "central.example", but rsyslogd is not running: nothing is forwarded/,
    );
  });
  it('Windows: event forwarding needs WinRM running; unreadable service state is an error', () => {
    const pass = loadEvidence(join(import.meta.dirname, 'fixtures', 'windows-pass.json'));
    expect(statusOf(run(forwarding, pass, WINDOWS))).toBe('pass');
    const fail = run(forwarding, loadEvidence(join(import.meta.dirname, 'fixtures', 'windows-fail.json')), WINDOWS);
    expect(statusOf(fail)).toBe('fail');
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'windows-pass.json'), 'utf8')) as {
      answers: Record<string, EvidenceAnswer>;
    };
    const with_ = (state: EvidenceAnswer) =>
      new Evidence(new Map(Object.entries({ ...recorded.answers, 'command:log agent services': state })));
    const stopped = run(forwarding, with_(ok('svc=WinRM|Stopped\r\n', { exitCode: 0 })), WINDOWS);
    expect(statusOf(stopped)).toBe('fail');
    expect(textOf(stopped)).toMatch(/but the WinRM service is stopped: nothing is forwarded/);
    expect(statusOf(run(forwarding, with_({ status: 'error', reason: 'timed out' }), WINDOWS))).toBe('error');
  });
});
