/** remote.data-transfer (PCI 3.4.2): RDP clipboard/drive redirection and SSH copy paths, on recorded evidence and a real sshd_config. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvidenceAnswer, EvidenceRequest, RegistryValue } from '../../core/evidence.js';
import { checks } from './data-transfer.js';
import { RDP_TCP, TS, TS_POLICY } from './data-transfer.js';
import { SSHD_CONFIG, SSHD_CONFIG_WIN, SSHD_DROPINS, SSHD_T } from '../ssh/sshd-config.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evidenceOf, LINUX, missing, ok, run, WINDOWS, type Recorded } from '../../test/helpers/evidence.js';
import { evaluateOnImage } from '../../test/helpers/image.js';

const [check] = checks;

const dword = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });
const key = (req: EvidenceRequest, values: RegistryValue[]): [EvidenceRequest, EvidenceAnswer] => [
  req,
  { status: 'ok', registry: { key: (req as { key: string }).key, values, subkeys: [] } },
];
const noSshWin: Recorded = [[SSHD_CONFIG_WIN, missing]];

function windows(ts: RegistryValue[], policy: RegistryValue[] | 'missing', listener: RegistryValue[], ssh: Recorded = noSshWin) {
  return evidenceOf([
    key(TS, ts),
    policy === 'missing' ? [TS_POLICY, missing] : key(TS_POLICY, policy),
    key(RDP_TCP, listener),
    ...ssh,
  ]);
}

describe('remote.data-transfer on Windows (RDP)', () => {
  it('passes when Remote Desktop is off, whatever the redirection settings', () => {
    const f = run(check, windows([dword('fDenyTSConnections', 1)], 'missing', []), WINDOWS);
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/Remote Desktop is off/);
    expect(textOf(f)).toMatch(/No SSH server configuration found/);
  });

  it('fails when RDP is on and clipboard and drive redirection are allowed, naming both values', () => {
    const f = run(check, windows([dword('fDenyTSConnections', 0)], [], []), WINDOWS);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/clipboard redirection \(fDisableClip=unset\) and drive redirection \(fDisableCdm=unset\)/);
    expect(f.find((x) => x.status === 'fail')?.message.ja).toMatch(/クリップボードのリダイレクト/);
  });

  it('fails when only the clipboard is closed by policy: drive redirection still copies files', () => {
    const f = run(
      check,
      windows([dword('fDenyTSConnections', 0)], [dword('fDisableClip', 1), dword('fDisableCdm', 0)], []),
      WINDOWS,
    );
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/drive redirection \(fDisableCdm=0\)/);
    expect(textOf(f)).not.toMatch(/clipboard redirection \(/);
  });

  it('passes when RDP is on with both redirections off by policy, or on the RDP-Tcp listener', () => {
    const byPolicy = run(
      check,
      windows([dword('fDenyTSConnections', 0)], [dword('fDisableClip', 1), dword('fDisableCdm', 1)], []),
      WINDOWS,
    );
    expect(statusOf(byPolicy), textOf(byPolicy)).toBe('pass');
    expect(textOf(byPolicy)).toMatch(/fDisableClip=1, fDisableCdm=1\)/);
    const byListener = run(
      check,
      windows([dword('fDenyTSConnections', 0)], 'missing', [dword('fDisableClip', 1), dword('fDisableCdm', 1)]),
      WINDOWS,
    );
    expect(statusOf(byListener), textOf(byListener)).toBe('pass');
    expect(textOf(byListener)).toMatch(/\(RDP-Tcp\)/);
  });

  it('lets the policy win over the listener: policy 0 with listener 1 fails', () => {
    const f = run(
      check,
      windows([dword('fDenyTSConnections', 0)], [dword('fDisableClip', 0), dword('fDisableCdm', 1)], [dword('fDisableClip', 1)]),
      WINDOWS,
    );
    expect(statusOf(f)).toBe('fail');
  });

  it('is an error, not a pass, when the Terminal Server key cannot be read', () => {
    const ev = evidenceOf([[TS, { status: 'denied', reason: 'access denied' }], [TS_POLICY, missing], ...noSshWin]);
    const f = run(check, ev, WINDOWS);
    expect(statusOf(f)).toBe('error');
  });

  it('judges Windows OpenSSH too: sshd_config without AllowUsers fails', () => {
    const f = run(
      check,
      windows([dword('fDenyTSConnections', 1)], 'missing', [], [[SSHD_CONFIG_WIN, ok('Subsystem sftp sftp-server.exe\n')]]),
      WINDOWS,
    );
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/every account that can log in can copy files off the terminal \(SFTP, scp and the shell\)/);
  });
});

const linux = (sshdT: EvidenceAnswer, config: EvidenceAnswer) =>
  evidenceOf([
    [SSHD_T, sshdT],
    [SSHD_CONFIG, config],
    [SSHD_DROPINS, { status: 'ok', entries: [], files: [] } as EvidenceAnswer],
  ]);
const notRun: EvidenceAnswer = { status: 'ok', data: '', exitCode: 127 };

describe('remote.data-transfer on Linux (SSH/SFTP)', () => {
  it('passes when no SSH server is installed', () => {
    const f = run(check, linux(notRun, missing), LINUX);
    expect(statusOf(f), textOf(f)).toBe('pass');
  });

  it('fails on the effective configuration (sshd -T) without a login allow-list', () => {
    const f = run(
      check,
      linux(ok('port 22\nsubsystem sftp /usr/lib/openssh/sftp-server\npermitrootlogin no\n', { exitCode: 0 }), missing),
      LINUX,
    );
    expect(statusOf(f)).toBe('fail');
    expect(f[0].location).toBe('sshd -T');
  });

  it('asks a person to confirm the named accounts when logins are limited', () => {
    const f = run(check, linux(notRun, ok('AllowGroups posadmin\nSubsystem sftp internal-sftp\n')), LINUX);
    expect(statusOf(f)).toBe('manual');
    expect(textOf(f)).toMatch(/SSH logins are limited \(allowgroups posadmin\)/);
    expect(f[0].message.ja).toMatch(/許可された人として文書化されているか確認/);
  });

  it('is an error when the configuration cannot be read', () => {
    const f = run(check, linux(notRun, { status: 'denied', reason: 'permission denied' }), LINUX);
    expect(statusOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/permission denied/);
  });
});

// Debian's own sshd_config as shipped by openssh-server on this machine (not written here), read through the image target.
const REAL = '/etc/ssh/sshd_config';
describe.skipIf(!existsSync(REAL))('remote.data-transfer on a stock Debian sshd_config', () => {
  const root = mkdtempSync(join(tmpdir(), 'posaudit-dt-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  it('fails: the stock file enables SFTP and limits nobody', async () => {
    mkdirSync(join(root, 'etc', 'ssh', 'sshd_config.d'), { recursive: true });
    mkdirSync(join(root, 'etc'), { recursive: true });
    copyFileSync(REAL, join(root, 'etc', 'ssh', 'sshd_config'));
    copyFileSync('/etc/os-release', join(root, 'etc', 'os-release'));
    const f = await evaluateOnImage(check, root);
    expect(statusOf(f), textOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/SFTP, scp and the shell/);
  });
});
