import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import { evidenceOf, LINUX, ok, run } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';
import { SSHD_CONFIG, SSHD_DROPINS, SSHD_T } from '../ssh/sshd-config.js';

const [tools] = checks;

describe('remote.tools', () => {
  it('hardened image: sshd enabled at boot is a remote-access path that must be approved (PCI 8.2.7, 8.4.3)', async () => {
    // This used to pass with "nothing installed": the enabled sshd was not counted.
    const f = await evaluateOnImage(tools, HARDENED);
    expect(statusOf(f), textOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(
      // eslint-disable-next-line max-len -- a regular expression cannot be cut without changing what it matches
      /SSH server \(sshd\) is present but not approved \(enabled at boot \(\/etc\/systemd\/system\/multi-user.target.wants\/ssh.service\)\)/,
    );
    const approved = await evaluateOnImage(tools, HARDENED, { params: { approvedTools: ['ssh'] } });
    // Approved, but nothing shows that a login needs two factors (no sshd_config in the image): a warning that names 8.4.3.
    expect(statusOf(approved), textOf(approved)).toBe('warn');
    expect(textOf(approved)).toMatch(/multi-factor authentication \(PCI 8.4.3\)/);
  });
  it('weak image: VNC and AnyDesk installed and not approved', async () => {
    const f = await evaluateOnImage(tools, WEAK);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/VNC is present but not approved \(installed at \/usr\/bin\/x11vnc\)/);
    expect(textOf(f)).toMatch(/AnyDesk is present but not approved/);
    expect(statusOf(await evaluateOnImage(tools, WEAK, { params: { approvedTools: ['vnc', 'anydesk', 'ssh'] } }))).not.toBe(
      'fail',
    );
  });
  it('live Linux: sshd listening on 22 or on its configured port is found; two methods in AuthenticationMethods pass', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const listening = (port: number, config: string) =>
      evidenceOf([
        ...tools
          .requests({ approvedTools: [] })
          .filter((r) => r.kind === 'glob')
          .map((r) => [r, { status: 'ok' as const, entries: [] }] as [typeof r, { status: 'ok'; entries: string[] }]),
        [
          { kind: 'file', path: '/proc/net/tcp', os: 'linux', maxBytes: 2097152 },
          ok(
            `${header}   0: 00000000:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A ` +
              `00000000:00000000 00:00000000 00000000     0        0 1 1 0\n`,
          ),
        ],
        [{ kind: 'file', path: '/proc/net/tcp6', os: 'linux', maxBytes: 2097152 }, ok(header)],
        [SSHD_T, { status: 'ok', data: '', exitCode: 127 }],
        [SSHD_CONFIG, ok(config)],
        [SSHD_DROPINS, { status: 'ok', entries: [], files: [] }],
      ]);
    const on22 = run(tools, listening(22, 'PasswordAuthentication no\n'), LINUX);
    expect(textOf(on22)).toMatch(/SSH server \(sshd\) is present but not approved \(listening on TCP 22\)/);
    const on2222 = run(tools, listening(2222, 'Port 2222\n'), LINUX);
    expect(textOf(on2222)).toMatch(/listening on TCP 2222 \(Port in the sshd configuration\)/);
    const mfa = run(tools, listening(22, 'AuthenticationMethods publickey,keyboard-interactive\n'), LINUX, {
      approvedTools: ['ssh'],
    });
    expect(statusOf(mfa), textOf(mfa)).toBe('pass');
    const either = run(tools, listening(22, 'AuthenticationMethods publickey password\n'), LINUX, { approvedTools: ['ssh'] });
    expect(statusOf(either)).toBe('warn');
  });
  it('live Linux: a listener on 5938 is reported as TeamViewer even when no program path matched', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const ev = evidenceOf([
      ...checks[0]
        .requests({ approvedTools: [] })
        .filter((r) => r.kind === 'glob')
        .map((r) => [r, { status: 'ok' as const, entries: [] }] as [typeof r, { status: 'ok'; entries: string[] }]),
      [
        { kind: 'file', path: '/proc/net/tcp', os: 'linux', maxBytes: 2097152 },
        ok(
          `${header}   0: 00000000:1732 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n   ` +
            `1: 0100007F:0016 0100007F:D3A2 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0\n`,
        ),
      ],
      [{ kind: 'file', path: '/proc/net/tcp6', os: 'linux', maxBytes: 2097152 }, ok(header)],
    ]);
    const f = run(tools, ev, LINUX);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/TeamViewer is present but not approved \(listening on TCP 5938\)/);
  });
  it('Windows: RDP off and only the POS suite installed passes once the OpenSSH server is approved (it needs two methods)', () => {
    const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'tools-windows-pass-rdp-off.json'));
    expect(fx.params).toEqual({ approvedTools: ['ssh'] });
    // The listening OpenSSH server was not counted before: without approval it now fails.
    const unapproved = runRecorded(tools, { ...fx, params: {} }).findings;
    expect(statusOf(unapproved)).toBe('fail');
    expect(textOf(unapproved)).toMatch(
      /SSH server \(sshd\) is present but not approved \(service sshd installed, start type automatic; listening on TCP 22\)/,
    );
    const f = runRecorded(tools, fx).findings;
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/AuthenticationMethods "publickey,keyboard-interactive"/);
  });
  it('Windows: RDP without NLA fails even when approved; unapproved TeamViewer and UltraVNC fail', () => {
    const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'tools-windows-fail-rdp-no-nla-teamviewer-vnc.json'));
    expect(fx.params).toEqual({ approvedTools: ['rdp'] });
    const f = runRecorded(tools, fx).findings;
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/without Network Level Authentication/);
    expect(textOf(f)).toMatch(/TeamViewer is present but not approved \(installed as "TeamViewer"\)/);
    expect(textOf(f)).toMatch(/VNC is present but not approved \(installed as "UltraVNC 1.4.3.6"; listening on TCP 5900\)/);
    expect(textOf(f)).toMatch(/AnyDesk is present but not approved \(listening on TCP 7070\)/);
    expect(textOf(runRecorded(tools, { ...fx, params: {} }).findings)).toMatch(
      /Remote Desktop is enabled \(port 3390\) but not approved/,
    );
  });
});
