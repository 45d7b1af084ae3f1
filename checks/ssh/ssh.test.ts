import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from './index.js';
import { PROFILE, PROFILE_D, sshdSeconds, shellChannelTimeout, shellTimeout } from './idle.js';
import { SSHD_CONFIG, SSHD_CONFIG_WIN, SSHD_DROPINS, SSHD_T } from './sshd-config.js';
import type { EvidenceAnswer, EvidenceRequest } from '../../core/evidence.js';
import { evidenceOf, LINUX, missing, ok, run, WINDOWS } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { SSHD } from '../../test/helpers/sshd.js';

const idle = checks.find((c) => c.id === 'ssh.idle-timeout')!;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-sshd-T-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'hostkey')], { stdio: 'ignore' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The effective configuration as the real OpenSSH server on this machine prints it for a config file. */
function sshdT(config: string): string {
  if (!SSHD) throw new Error('sshd is not installed (apt-get install openssh-server)');
  const file = path.join(dir, `sshd_config.${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, `HostKey ${path.join(dir, 'hostkey')}\n${config}\n`);
  return execFileSync(SSHD, ['-T', '-f', file], { encoding: 'utf8' });
}

const noProfile: Array<[EvidenceRequest, EvidenceAnswer]> = [
  [PROFILE, ok('# /etc/profile\nif [ -d /etc/profile.d ]; then\n  for i in /etc/profile.d/*.sh; do . $i; done\nfi\n')],
  [PROFILE_D, { status: 'ok', entries: [], files: [] }],
];

function linuxEffective(config: string, profile = noProfile) {
  return evidenceOf([[SSHD_T, ok(sshdT(config), { exitCode: 0 })], ...profile]);
}

function withDropin(pathName: string, data: string): Array<[EvidenceRequest, EvidenceAnswer]> {
  return [
    [PROFILE, ok('for i in /etc/profile.d/*.sh; do . $i; done\n')],
    [PROFILE_D, { status: 'ok', entries: [pathName], files: [{ path: pathName, data }] }],
  ];
}

describe('ssh.idle-timeout on the effective configuration of the real sshd -T', () => {
  it('ClientAlive settings alone fail: they only disconnect clients that stopped answering', () => {
    const f = run(idle, linuxEffective('ClientAliveInterval 300\nClientAliveCountMax 3'));
    expect(statusOf(f), textOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/only disconnects a client that stopped answering/);
    expect(textOf(f)).toMatch(/no ChannelTimeout applies to interactive shells/);
  });
  it('ClientAliveCountMax 0 is named as disabling termination', () => {
    const f = run(idle, linuxEffective('ClientAliveInterval 60\nClientAliveCountMax 0'));
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/ClientAliveCountMax 0 never disconnects anyone/);
  });
  it('the stock configuration (nothing set) fails', () => {
    expect(statusOf(run(idle, linuxEffective('')))).toBe('fail');
  });
  it.each([
    ['ChannelTimeout session:*=10m', 'pass'],
    ['ChannelTimeout session:shell=900', 'pass'],
    ['ChannelTimeout *=5m', 'pass'],
    ['ChannelTimeout session:command=5m session:shell=14m30s', 'pass'],
    ['ChannelTimeout session:shell=1h30m', 'fail'],
    ['ChannelTimeout session:shell=0 *=5m', 'fail'],
    // "session" names a channel before its shell request; the shell channel is "session:shell".
    ['ChannelTimeout session=10m', 'fail'],
    ['ChannelTimeout session:command=5m', 'fail'],
    ['ChannelTimeout none', 'fail'],
    ['UnusedConnectionTimeout 5m', 'fail'],
    ['ChannelTimeout global=10m', 'warn'],
  ])('%s → %s', (config, expected) => {
    const f = run(idle, linuxEffective(`${config}\nClientAliveInterval 300`));
    expect(statusOf(f), textOf(f)).toBe(expected);
  });
  it('the pass names the entry and the limit', () => {
    const f = run(idle, linuxEffective('ChannelTimeout session:*=10m\nUnusedConnectionTimeout 10m'));
    expect(textOf(f)).toMatch(
      /closes an idle interactive shell after 600 s \(ChannelTimeout "session:\*=10m", effective setting; limit 900 s\)/,
    );
  });
  it('a stricter limit makes a 10-minute timeout fail', () => {
    const f = run(idle, linuxEffective('ChannelTimeout session:*=10m'), LINUX, { maxIdleSeconds: 300 });
    expect(statusOf(f)).toBe('fail');
  });
});

describe('ssh.idle-timeout: the login shell TMOUT', () => {
  it('a read-only TMOUT in /etc/profile.d passes without ChannelTimeout', () => {
    const ev = linuxEffective(
      'ClientAliveInterval 300',
      withDropin('/etc/profile.d/tmout.sh', 'TMOUT=900\nreadonly TMOUT\nexport TMOUT\n'),
    );
    const f = run(idle, ev);
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/read-only TMOUT in \/etc\/profile.d\/tmout.sh/);
  });
  it('a TMOUT a user can unset is a warning, a long one fails', () => {
    const loose = run(idle, linuxEffective('', withDropin('/etc/profile.d/tmout.sh', 'export TMOUT=600\n')));
    expect(statusOf(loose)).toBe('warn');
    expect(textOf(loose)).toMatch(/not read-only, so any user can unset it/);
    const long = run(idle, linuxEffective('', withDropin('/etc/profile.d/tmout.sh', 'declare -rx TMOUT=3600\n')));
    expect(statusOf(long)).toBe('fail');
    expect(textOf(long)).toMatch(/TMOUT in \/etc\/profile.d\/tmout.sh is 3600 s/);
  });
  it('an unreadable profile is an error, never a pass or a plain fail', () => {
    const f = run(
      idle,
      evidenceOf([
        [SSHD_T, ok(sshdT('ClientAliveInterval 300'), { exitCode: 0 })],
        [PROFILE, { status: 'denied', reason: 'permission denied' }],
        [PROFILE_D, { status: 'ok', entries: [], files: [] }],
      ]),
    );
    expect(statusOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/\/etc\/profile: permission denied/);
  });
  it('reads TMOUT forms a shell accepts, and ignores what it would not set', () => {
    const at = (data: string) => shellTimeout([{ path: '/etc/profile', data }]);
    expect(at('readonly TMOUT=600')).toEqual({ seconds: 600, readonly: true, file: '/etc/profile' });
    expect(at('typeset -r TMOUT="300"')).toMatchObject({ seconds: 300, readonly: true });
    expect(at('TMOUT=600; readonly TMOUT; export TMOUT')).toMatchObject({ seconds: 600, readonly: true });
    expect(at('readonly TMOUT=600\nTMOUT=0')).toMatchObject({ seconds: 600, readonly: true });
    expect(at('# TMOUT=600\necho TMOUT=600')).toBeUndefined();
    expect(at('TMOUT=600\nTMOUT=0\nreadonly TMOUT')).toMatchObject({ seconds: 0, readonly: true });
  });
});

describe('ssh.idle-timeout from configuration files', () => {
  it('Linux without sshd -T: a ChannelTimeout in an Include drop-in counts', () => {
    const ev = evidenceOf([
      [SSHD_T, { status: 'ok', data: '', exitCode: 127 }],
      [SSHD_CONFIG, ok('Include /etc/ssh/sshd_config.d/*.conf\nClientAliveInterval 300\n')],
      [
        SSHD_DROPINS,
        {
          status: 'ok',
          entries: ['/etc/ssh/sshd_config.d/idle.conf'],
          files: [{ path: '/etc/ssh/sshd_config.d/idle.conf', data: 'ChannelTimeout session:*=15m\n' }],
        },
      ],
      ...noProfile,
    ]);
    const f = run(idle, ev);
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/set explicitly/);
  });
  it('Windows OpenSSH: ChannelTimeout passes, ClientAlive alone fails, an unreadable file is an error', () => {
    const win = (a: EvidenceAnswer) => run(idle, evidenceOf([[SSHD_CONFIG_WIN, a]]), WINDOWS);
    expect(statusOf(win(ok('ChannelTimeout session:shell=10m\r\n')))).toBe('pass');
    const alive = win(ok('ClientAliveInterval 300\r\nClientAliveCountMax 3\r\n'));
    expect(statusOf(alive)).toBe('fail');
    expect(textOf(alive)).not.toMatch(/TMOUT/);
    expect(statusOf(win({ status: 'denied', reason: 'access denied' }))).toBe('error');
    expect(statusOf(win(missing))).toBe('not-applicable');
  });
});

describe('sshd time values and channel patterns', () => {
  it('parses the TIME FORMATS of sshd_config(5)', () => {
    expect(sshdSeconds('600')).toBe(600);
    expect(sshdSeconds('10m')).toBe(600);
    expect(sshdSeconds('1h30m')).toBe(5400);
    expect(sshdSeconds('none')).toBe(0);
    expect(sshdSeconds('ten')).toBeUndefined();
  });
  it('the first matching entry applies; a type is one pattern, not a list', () => {
    expect(shellChannelTimeout('session:shell=0 *=5m')?.seconds).toBe(0);
    expect(shellChannelTimeout('session:*,!session:shell=5m')).toBeUndefined();
    expect(shellChannelTimeout('session:sh?ll=5m')?.seconds).toBe(300);
  });
});

describe('an Include drop-in folder that could not be read', () => {
  const root = checks.find((c) => c.id === 'ssh.root-login-disabled')!;
  const pw = checks.find((c) => c.id === 'ssh.password-auth-disabled')!;
  const denied: EvidenceAnswer = { status: 'denied', reason: 'permission denied' };
  const files = (config: string) =>
    evidenceOf([
      [SSHD_T, { status: 'unsupported', reason: 'commands cannot run on an offline image' }],
      [SSHD_CONFIG, ok(config)],
      [SSHD_DROPINS, denied],
      ...noProfile,
    ]);
  const ctx = { platform: LINUX, params: {}, now: new Date('2026-11-21T03:00:00Z'), targetKind: 'image' as const };

  it('leaves a setting after the Include unknown (error naming the folder), not the OpenSSH default', () => {
    const stock = files('Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\n');
    for (const c of [root, pw, idle]) {
      const f = c.evaluate(stock, { ...ctx, params: c.id === idle.id ? { maxIdleSeconds: 900 } : {} });
      expect(statusOf(f), textOf(f)).toBe('error');
      expect(textOf(f)).toContain('drop-in folder');
      expect(f[0]?.location).toBe('/etc/ssh/sshd_config.d/*.conf');
    }
  });

  it('still judges a setting sshd_config fixes before the Include (the first value wins)', () => {
    const f = root.evaluate(files('PermitRootLogin yes\nInclude /etc/ssh/sshd_config.d/*.conf\n'), ctx);
    expect(statusOf(f), textOf(f)).toBe('fail');
  });

  it('does not matter without an Include line', () => {
    const f = pw.evaluate(files('PasswordAuthentication no\n'), ctx);
    expect(statusOf(f), textOf(f)).toBe('pass');
  });
});
