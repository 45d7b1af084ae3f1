import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checks } from './index.js';
import { worstStatus, type AnyCheck, type Finding } from '../../core/model.js';
import { allAnswered, evidenceOf, LINUX, ok, run, unsupported, WINDOWS } from '../../test/helpers/evidence.js';
import { evaluateOnImage, IMAGES } from '../../test/helpers/image.js';
import { loadRecorded, runRecorded } from '../../test/helpers/recorded.js';
import { PASSWD, SHADOW, GROUP } from './linux.js';

const byId = (id: string): AnyCheck => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(id);
  return c;
};
const status = (f: Finding[]) => worstStatus(f.map((x) => x.status));
const text = (f: Finding[]) => f.map((x) => `${x.status}: ${x.message.en}`).join('\n');
const HARD = join(IMAGES, 'linux-pos-hardened');
const WEAK = join(IMAGES, 'linux-pos-weak');

function onImage(id: string, root: string, params?: Record<string, unknown>): Promise<Finding[]> {
  return evaluateOnImage(byId(id), root, { params });
}

describe('accounts checks: contract', () => {
  it.each(checks.map((c) => c.id))('%s never passes on unreadable evidence, on either platform', (id) => {
    const c = byId(id);
    for (const platform of [LINUX, WINDOWS]) {
      for (const answer of [
        { status: 'error' as const, reason: 'timed out' },
        { status: 'denied' as const, reason: 'permission denied' },
        unsupported,
      ]) {
        const f = run(c, allAnswered(c, answer), platform);
        expect(f.length).toBeGreaterThan(0);
        expect(['error', 'manual']).toContain(status(f));
      }
    }
  });
  it.each(checks.map((c) => c.id))('%s has bilingual text and requirement ids', (id) => {
    const c = byId(id);
    for (const x of [c.title, c.description, c.remediation]) expect(x.en && x.ja).toBeTruthy();
    expect(c.requirements.length).toBeGreaterThan(0);
  });
});

describe('accounts on Linux images', () => {
  it('hardened image passes every account check', async () => {
    for (const id of [
      'accounts.default-disabled',
      'accounts.password-policy',
      'accounts.idle-lock',
      'accounts.autologon-cleartext',
      'accounts.local-admins',
    ]) {
      const f = await onImage(id, HARD);
      expect(status(f), `${id}\n${text(f)}`).toBe('pass');
    }
  });

  it('weak image: extra UID 0, empty password and a usable vendor account', async () => {
    const f = await onImage('accounts.default-disabled', WEAK);
    expect(status(f)).toBe('fail');
    expect(text(f)).toMatch(/"toor" has UID 0/);
    expect(text(f)).toMatch(/"support" has an empty password/);
    expect(text(f)).toMatch(/vendor default account "pos" can log in/);
  });

  it('weak image: credits shrink the effective length and there is no lockout', async () => {
    const f = await onImage('accounts.password-policy', WEAK);
    expect(status(f)).toBe('fail');
    expect(text(f)).toMatch(/a password of 8 characters pass minlen 10/);
    expect(text(f)).toMatch(/fail: Minimum password length is 8/);
    expect(text(f)).toMatch(/never locked/);
  });

  it('the cashier exemption never covers an account with sudo rights', async () => {
    const f = await onImage('accounts.password-policy', WEAK, { cashierExemption: true, cashierAccounts: ['cashier1'] });
    const length = f.find((x) => /Minimum password length/.test(x.message.en));
    expect(length?.status).toBe('fail');
    expect(length?.message.en).toMatch(/cashier1 \(group sudo\)/);
  });

  it('the cashier exemption applies when only cashier accounts can log in', () => {
    const c = byId('accounts.password-policy');
    const ev = evidenceOf([
      [{ kind: 'file', path: '/etc/pam.d/common-password', os: 'linux' }, ok('password requisite pam_pwquality.so minlen=8\n')],
      [
        { kind: 'file', path: '/etc/pam.d/common-auth', os: 'linux' },
        ok('auth required pam_faillock.so preauth deny=10 unlock_time=0\n'),
      ],
      [
        PASSWD,
        ok(
          'root:x:0:0::/root:/bin/bash\nkasse1:x:1001:1001::/home/kasse1:/bin/bash\nkasse2:x:1002:1002::/home/kasse2:/bin/bash\n',
        ),
      ],
      [SHADOW, ok('root:!:1::::::\nkasse1:$y$x$y:1::::::\nkasse2:$y$x$z:1::::::\n')],
      [GROUP, ok('sudo:x:27:\n')],
    ]);
    const params = { cashierExemption: true, cashierAccounts: ['kasse1', 'KASSE2'] };
    const f = run(c, ev, LINUX, params);
    expect(status(f), text(f)).toBe('pass');
    expect(text(f)).toMatch(/exempt under PCI DSS 8.3.6/);
    expect(text(f)).toMatch(/until an administrator unlocks/);
    // Without the exemption the same evidence fails on length.
    expect(status(run(c, ev, LINUX))).toBe('fail');
  });

  it('weak image: no idle timeout; root and vendor autologin', async () => {
    expect(status(await onImage('accounts.idle-lock', WEAK))).toBe('fail');
    const f = await onImage('accounts.autologon-cleartext', WEAK);
    expect(status(f)).toBe('fail');
    expect(text(f)).toMatch(/getty logs in root automatically/);
    expect(text(f)).toMatch(/warn: GDM logs in "pos" automatically/);
  });

  it('weak image: too many admins, including a cashier and a sudoers rule', async () => {
    const f = await onImage('accounts.local-admins', WEAK, { cashierAccounts: ['cashier1'] });
    expect(status(f)).toBe('fail');
    expect(text(f)).toMatch(/"cashier1" has administrator rights/);
    expect(text(f)).toMatch(/5 accounts have administrator rights \(at most 3 allowed\): root, toor, pos, support, cashier1/);
  });

  it('local admins is not a pass when /etc/sudoers cannot be read', () => {
    const c = byId('accounts.local-admins');
    const ev = evidenceOf([
      [PASSWD, ok('root:x:0:0::/root:/bin/bash\n')],
      [GROUP, ok('sudo:x:27:\n')],
      [
        { kind: 'file', path: '/etc/sudoers', os: 'linux' },
        { status: 'denied', reason: 'permission denied' },
      ],
      [
        { kind: 'glob', pattern: '/etc/sudoers.d/*', os: 'linux', maxEntries: 200 },
        { status: 'ok', entries: [] },
      ],
    ]);
    expect(status(run(c, ev, LINUX))).toBe('error');
  });
});

describe('accounts on Windows (recorded evidence)', () => {
  // One recorded fixture per check: the hardened terminal and the vendor image (params inside).
  const recorded = (c: AnyCheck, which: 'pass-hardened' | 'fail-vendor-image') =>
    loadRecorded(join(import.meta.dirname, 'fixtures', `${c.id.slice('accounts.'.length)}-windows-${which}.json`));

  it('the hardened terminal passes every account check', () => {
    for (const c of checks) {
      const f = runRecorded(c, recorded(c, 'pass-hardened')).findings;
      expect(status(f), `${c.id}\n${text(f)}`).toBe('pass');
    }
  });

  it('the vendor image fails each check, and never reveals the stored password', () => {
    const expectations: Record<string, RegExp> = {
      'accounts.default-disabled':
        /Administrator account is enabled under its default name[\s\S]*Guest account "Guest" is enabled[\s\S]*"pos" is enabled/,
      'accounts.password-policy': /Minimum password length is 0[\s\S]*locked for 10 minutes/,
      'accounts.idle-lock': /No idle lock of 15 minutes/,
      'accounts.autologon-cleartext': /cleartext password is stored in Winlogon\\DefaultPassword for "pos"/,
      'accounts.local-admins': /"kasse1" has administrator rights[\s\S]*"Domain Users" has administrator rights/,
    };
    for (const c of checks) {
      const fx = recorded(c, 'fail-vendor-image');
      expect(fx.params).toEqual({ cashierAccounts: ['kasse1'] });
      const f = runRecorded(c, fx).findings;
      expect(status(f), c.id).toBe('fail');
      expect(text(f)).toMatch(expectations[c.id]);
      expect(JSON.stringify(f)).not.toContain('Pos12345');
    }
  });

  it('offline Windows image: account facts from the SAM are manual, not pass', () => {
    for (const id of ['accounts.default-disabled', 'accounts.password-policy', 'accounts.local-admins']) {
      const c = byId(id);
      const f = run(c, allAnswered(c, unsupported), WINDOWS);
      expect(status(f)).toBe('manual');
    }
  });
});
