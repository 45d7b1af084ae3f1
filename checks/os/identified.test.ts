import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { osIdentified } from './index.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';

const fixture = (name: string) => loadRecorded(join(import.meta.dirname, 'fixtures', name));
const said = (r: ReturnType<typeof runRecorded>) => r.findings.map((f) => `${f.status}: ${f.message.en}`).join('\n');

describe('os.identified names the OS only from what was read', () => {
  it('Debian 12 over SSH: named from os-release', () => {
    const r = runRecorded(osIdentified, fixture('identified-linux-pass-debian12.json'));
    expect(r.status, said(r)).toBe('pass');
    expect(said(r)).toMatch(/Runs Debian GNU\/Linux 12 \(bookworm\)/);
  });

  it('no /etc/os-release: the kernel from uname is not an identified OS', () => {
    const r = runRecorded(osIdentified, fixture('identified-linux-error-no-os-release.json'));
    expect(r.status, said(r)).toBe('error');
    expect(said(r)).toMatch(/could not be identified \(no such file\): only the kernel is known \(6\.1\.0-28-amd64\)/);
    expect(r.findings[0]?.message.ja).toMatch(/OS を特定できませんでした/);
  });

  it('an os-release the target could not use still names the OS when this check reads it', () => {
    const fx = fixture('identified-linux-pass-debian12.json');
    const r = runRecorded(osIdentified, { ...fx, platform: { os: 'linux', distro: 'linux', build: '6.1.0-28-amd64' } });
    expect(r.status, said(r)).toBe('pass');
    expect(said(r)).toMatch(/Runs Debian GNU\/Linux 12 \(bookworm\)/);
  });

  it('an empty Windows probe ("Windows" and nothing else) is not an identified OS', () => {
    const r = runRecorded(osIdentified, fixture('identified-windows-error-empty-probe.json'));
    expect(r.status, said(r)).toBe('error');
    expect(said(r)).not.toMatch(/Runs Windows/);
  });

  it('Windows with product, version and build: pass', () => {
    const r = runRecorded(osIdentified, fixture('identified-windows-pass-iot-ltsc-2021.json'));
    expect(r.status, said(r)).toBe('pass');
    expect(said(r)).toMatch(/Runs Windows 10 IoT Enterprise LTSC 2021 21H2 \(build 19044\.5487\)/);
  });
});
