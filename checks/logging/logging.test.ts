import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Evidence, type EvidenceAnswer } from '../../core/evidence.js';
import { checks } from './index.js';
import type { AnyCheck } from '../../core/model.js';
import { evidenceOf, LINUX, ok, run, unsupported, WINDOWS } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadEvidence, loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

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

  it('offline: rules missing while rules.d cannot be listed are an error; the compiled rules still decide', () => {
    const RULES_D = auditPolicy.requests({ watchPaths: [], syscalls: [], subcategories: [] }).find((r) => r.kind === 'glob')!;
    const image = (compiled: EvidenceAnswer) =>
      evidenceOf([
        [{ kind: 'command', name: 'auditctl -l', os: 'linux', command: { sh: '' } }, unsupported],
        [{ kind: 'command', name: 'auditctl -s', os: 'linux', command: { sh: '' } }, unsupported],
        [{ kind: 'file', path: '/etc/audit/rules.d/audit.rules', os: 'linux' }, ok('-w /etc/passwd -p wa -k identity\n')],
        [RULES_D, { status: 'denied', reason: 'cannot list /etc/audit/rules.d' }],
        [{ kind: 'file', path: '/etc/audit/audit.rules', os: 'linux' }, compiled],
      ]);
    // Was a fail ("lack syscalls…"): the other files in rules.d may hold them.
    const f = run(auditPolicy, image({ status: 'missing' }), LINUX);
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/audit rules folder[\s\S]*cannot list \/etc\/audit\/rules.d/);
    // The compiled /etc/audit/audit.rules is what rules.d becomes: a rule missing there is missing.
    const compiled = run(auditPolicy, image(ok('-w /etc/passwd -p wa -k identity\n')), LINUX);
    expect(statusOf(compiled), textOf(compiled)).toBe('fail');
  });

  it('offline: passing rules with an unreadable auditd.service boot link are an error; a missing link still fails', () => {
    const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'audit-policy-linux-pass-image-hardened.json'));
    const link = 'glob:/etc/systemd/system/multi-user.target.wants/auditd.service';
    const withLink = (a: EvidenceAnswer) => runRecorded(auditPolicy, { ...fx, answers: { ...fx.answers, [link]: a } });
    expect(withLink(fx.answers[link]!).status).toBe('pass');
    // Was a pass: whether auditd starts at boot was not known.
    const denied = withLink({ status: 'denied', reason: 'cannot list /etc/systemd/system/multi-user.target.wants' });
    expect(denied.status, textOf(denied.findings)).toBe('error');
    expect(textOf(denied.findings)).toMatch(/auditd.service is enabled at boot[\s\S]*cannot list/);
    expect(withLink({ status: 'ok', entries: [] }).status).toBe('fail');
  });

  it('audit rules root may read only (a scan without root) are an error, not "auditd is not installed"', () => {
    const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'audit-policy-linux-error-image-not-root.json'));
    const f = runRecorded(auditPolicy, fx).findings;
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/Could not read the audit rules: permission denied/);
    expect(f[0]?.location).toBe('/etc/audit/rules.d/audit.rules');
    // Live, auditctl missing (exit 127) still says auditd is not installed, whatever the files hold.
    const absent = runRecorded(auditPolicy, {
      ...fx,
      targetKind: 'ssh',
      answers: {
        ...fx.answers,
        'command:auditctl -l': { status: 'ok', data: '', stderr: 'auditctl: command not found', exitCode: 127 },
        'command:auditctl -s': { status: 'ok', data: '', stderr: 'auditctl: command not found', exitCode: 127 },
      },
    });
    expect(absent.status, textOf(absent.findings)).toBe('fail');
    expect(textOf(absent.findings)).toMatch(/auditd is not installed or has no rules/);
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
      /6 audit subcategories.*Process Creation \(No Auditing; needs Success\).*Logon \(Success; needs Success and Failure\)/,
    );
    // PCI 10.2.1.7 / 10.2.1.2: services, drivers, scheduled tasks (added with the audit groups).
    expect(textOf(a)).toMatch(/Security System Extension \(No Auditing; needs Success\).*Other Object Access Events/);
    const r = fail(retention);
    expect(statusOf(r)).toBe('fail');
    expect(textOf(r)).toMatch(/Security log is limited to 20480 KB/);
    expect(textOf(r)).toMatch(/keeps only about 18 days/);
    expect(statusOf(fail(forwarding))).toBe('fail');
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
  it('an rsyslog.d the account cannot list: a designated-host pass is an error; "none found" is not a fail', () => {
    const denied = (conf: string) =>
      evidenceOf([
        [RSYSLOG, ok(conf)],
        [
          { kind: 'glob', pattern: '/etc/rsyslog.d/*.conf', os: 'linux', read: true, maxBytes: 262144 },
          { status: 'denied', reason: 'cannot list /etc/rsyslog.d' },
        ],
        [PROCS, ok('rsyslogd\n', { exitCode: 0 })],
      ]);
    // Was a pass: a drop-in may also send logs to a host that is not designated.
    const f = run(forwarding, denied('*.* @@central.example:6514\n'), LINUX, { designatedHosts: ['central.example'] });
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/rsyslog drop-in folder[\s\S]*cannot list \/etc\/rsyslog.d/);
    // Without designated hosts a forwarding read is a pass no drop-in can take back.
    expect(statusOf(run(forwarding, denied('*.* @@central.example:6514\n'), LINUX))).toBe('pass');
    // A stray host read in rsyslog.conf fails whatever the folder holds.
    const stray = run(forwarding, denied('*.* @@other.example\n'), LINUX, { designatedHosts: ['central.example'] });
    expect(statusOf(stray), textOf(stray)).toBe('fail');
    const none = run(forwarding, denied('*.* /var/log/syslog\n'), LINUX);
    expect(statusOf(none), textOf(none)).toBe('error');
  });
  it('a configured target with rsyslogd not running fails', () => {
    const f = run(forwarding, live('*.* @@central.example:6514\n', 'sshd\ncron\n'), LINUX);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(
      /rsyslog is set to forward logs to "central.example", but rsyslogd is not running: nothing is forwarded/,
    );
  });
  it('live: a process list that could not be read is an error naming why, never a pass', () => {
    const conf = '*.* @@central.example:6514\n';
    const withProcs = (a: EvidenceAnswer) =>
      evidenceOf([
        [RSYSLOG, ok(conf)],
        [
          { kind: 'glob', pattern: '/etc/rsyslog.d/*.conf', os: 'linux', read: true, maxBytes: 262144 },
          { status: 'ok', entries: [], files: [] },
        ],
        [PROCS, a],
      ]);
    for (const [a, why] of [
      [{ status: 'denied', reason: 'permission denied' }, /permission denied/],
      [{ status: 'error', reason: 'timed out' }, /timed out/],
      [ok('', { exitCode: 126, stderr: 'rbash: restricted' }), /exit code 126/],
    ] as Array<[EvidenceAnswer, RegExp]>) {
      const f = run(forwarding, withProcs(a), LINUX);
      expect(statusOf(f), textOf(f)).toBe('error');
      expect(textOf(f)).toMatch(/whether rsyslogd runs could not be read/);
      expect(textOf(f)).toMatch(why);
      expect(textOf(f)).not.toMatch(/nothing is forwarded/);
    }
  });
  it('offline image: an unreadable list of enabled services is an error, not "not enabled at boot"', () => {
    const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'remote-forwarding-linux-pass-image-hardened.json'));
    const services = 'glob:/etc/systemd/system/multi-user.target.wants/*';
    expect(fx.answers[services]?.status).toBe('ok');
    expect(runRecorded(forwarding, fx).status).toBe('pass');
    const denied = runRecorded(forwarding, {
      ...fx,
      answers: { ...fx.answers, [services]: { status: 'denied', reason: 'permission denied' } },
    });
    expect(denied.status, textOf(denied.findings)).toBe('error');
    expect(textOf(denied.findings)).toMatch(/whether its service is enabled at boot could not be read \(permission denied\)/);
  });
  it('Windows: event forwarding needs WinRM running; unreadable service state is an error', () => {
    const pass = loadEvidence(join(import.meta.dirname, 'fixtures', 'remote-forwarding-windows-pass-baseline-wef.json'));
    expect(statusOf(run(forwarding, pass, WINDOWS))).toBe('pass');
    const fail = run(
      forwarding,
      loadEvidence(join(import.meta.dirname, 'fixtures', 'remote-forwarding-windows-fail-vendor-image.json')),
      WINDOWS,
    );
    expect(statusOf(fail)).toBe('fail');
    const recorded = JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures', 'remote-forwarding-windows-pass-baseline-wef.json'), 'utf8'),
    ) as {
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
