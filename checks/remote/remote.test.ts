import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import { evidenceOf, LINUX, ok, run } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, WEAK } from '../../test/helpers/image.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

const [tools] = checks;

describe('remote.tools', () => {
  it('hardened image: nothing installed; says listening ports were not checked offline', async () => {
    const f = await evaluateOnImage(tools, HARDENED);
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/offline: listening ports not checked/);
  });
  it('weak image: VNC and AnyDesk installed and not approved', async () => {
    const f = await evaluateOnImage(tools, WEAK);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/VNC is present but not approved \(installed at \/usr\/bin\/x11vnc\)/);
    expect(textOf(f)).toMatch(/AnyDesk is present but not approved/);
    expect(statusOf(await evaluateOnImage(tools, WEAK, { params: { approvedTools: ['vnc', 'anydesk'] } }))).toBe('pass');
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
          `${header}   0: 00000000:1732 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n   1: 0100007F:0016 0100007F:D3A2 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0\n`,
        ),
      ],
      [{ kind: 'file', path: '/proc/net/tcp6', os: 'linux', maxBytes: 2097152 }, ok(header)],
    ]);
    const f = run(tools, ev, LINUX);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/TeamViewer is present but not approved \(listening on TCP 5938\)/);
  });
  it('Windows: RDP off and only the POS suite installed passes', () => {
    const f = runRecorded(tools, loadRecorded(join(import.meta.dirname, 'fixtures', 'tools-windows-pass-rdp-off.json'))).findings;
    expect(statusOf(f), textOf(f)).toBe('pass');
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
