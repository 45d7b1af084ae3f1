import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { shippedRequirementsOf } from '../../test/helpers/mappings.js';
import { join } from 'node:path';
import { checks } from './index.js';
import { worstStatus, type AnyCheck, type Finding } from '../../core/model.js';
import {
  allAnswered,
  defaultParams,
  evidenceOf,
  LINUX,
  missing,
  ok,
  run,
  unsupported,
  WINDOWS,
} from '../../test/helpers/evidence.js';
import { evaluateOnImage, IMAGES } from '../../test/helpers/image.js';
import { loadEvidence, loadRecorded, runRecorded } from '../../test/helpers/recorded.js';
import { PASSWD, SHADOW, GROUP } from './linux.js';
import type { EvidenceAnswer, EvidenceRequest } from '../../core/evidence.js';

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
  it.each(checks.map((c) => c.id))('%s has bilingual text and a shipped profile maps it to requirements', (id) => {
    const c = byId(id);
    for (const x of [c.title, c.description, c.remediation]) expect(x.en && x.ja).toBeTruthy();
    expect(shippedRequirementsOf(id).length).toBeGreaterThan(0);
  });
});

describe('accounts on Linux images', () => {
  it('hardened image passes every account check', async () => {
    for (const id of [
      'accounts.default-disabled',
      'accounts.password-policy',
      'accounts.lockout',
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

  it('weak image: credits shrink the effective length, nothing requires digits, and there is no lockout', async () => {
    const f = await onImage('accounts.password-policy', WEAK);
    expect(status(f)).toBe('fail');
    expect(text(f)).toMatch(/a password of 8 characters pass minlen 10/);
    expect(text(f)).toMatch(/fail: Minimum password length is 8/);
    expect(text(f)).toMatch(/fail: Passwords need not contain both letters and digits: dcredit=1, ucredit=1/);
    // The lockout is its own finding under 8.3.4, not mixed into the length verdict.
    expect(text(f)).not.toMatch(/never locked/);
    const l = await onImage('accounts.lockout', WEAK);
    expect(status(l)).toBe('fail');
    expect(text(l)).toMatch(/never locked/);
    expect(text(l)).not.toMatch(/Minimum password length|credits/);
  });

  it('hardened image: dcredit and lcredit of -1 require a digit and a letter', async () => {
    const f = await onImage('accounts.password-policy', HARD);
    expect(text(f)).toMatch(/pass: Passwords must mix character types: dcredit=-1, lcredit=-1/);
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
      [{ kind: 'file', path: '/etc/security/pwquality.conf', os: 'linux' }, missing],
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
    expect(text(f)).toMatch(/pass: Passwords need not contain both letters and digits: .* exempt under PCI DSS 8.3.6/);
    // The lockout is never exempted and is judged on its own.
    expect(text(run(byId('accounts.lockout'), ev, LINUX))).toMatch(/until an administrator unlocks/);
    // Without the exemption the same evidence fails on length and complexity.
    expect(status(run(c, ev, LINUX))).toBe('fail');
    expect(text(run(c, ev, LINUX))).toMatch(/fail: Passwords need not contain/);
  });

  it('weak image: no idle timeout; root and vendor autologin', async () => {
    expect(status(await onImage('accounts.idle-lock', WEAK))).toBe('fail');
    const f = await onImage('accounts.autologon-cleartext', WEAK);
    expect(status(f)).toBe('fail');
    expect(text(f)).toMatch(/getty logs in root automatically/);
    expect(text(f)).toMatch(/warn: GDM logs in "pos" automatically/);
  });

  it('idle lock: a profile file or folder that exists but cannot be read is an error, not "no idle timeout"', () => {
    const c = byId('accounts.idle-lock');
    // The hardened image read by a confined account: /etc/profile, profile.d and dconf denied, the rest absent.
    const confined = runRecorded(
      c,
      loadRecorded(join(import.meta.dirname, 'fixtures', 'idle-lock-linux-error-image-confined.json')),
    );
    expect(confined.status, text(confined.findings)).toBe('error');
    expect(text(confined.findings)).toMatch(/Could not read 3 of the files that could set an idle timeout \(\/etc\/profile, /);
    // Only profile.d denied: the readable /etc/profile sets nothing, but a profile.d script might.
    const gone: EvidenceAnswer = { status: 'missing', reason: 'no such file' };
    const ev = evidenceOf(
      c
        .requests(defaultParams(c))
        .map((r): [EvidenceRequest, EvidenceAnswer] => [
          r,
          r.kind === 'file' && r.path === '/etc/profile'
            ? ok('export PATH\n')
            : r.kind === 'glob'
              ? r.pattern === '/etc/profile.d/*.sh'
                ? { status: 'denied', reason: 'permission denied' }
                : { status: 'ok', entries: [], files: [] }
              : gone,
        ]),
    );
    const f = run(c, ev, LINUX);
    expect(status(f), text(f)).toBe('error');
    expect(text(f)).toMatch(/\/etc\/profile.d\/\*\.sh/);
  });

  it('autologin: a login file that exists but cannot be read is never a pass (a confined account)', () => {
    const c = byId('accounts.autologon-cleartext');
    const denied: EvidenceAnswer = { status: 'denied', reason: 'permission denied' };
    const gone: EvidenceAnswer = { status: 'missing', reason: 'no such file' };
    const ev = evidenceOf(
      c
        .requests({})
        .map((r: EvidenceRequest) => [
          r,
          r.kind === 'file' && r.path === '/etc/gdm3/custom.conf'
            ? denied
            : r.kind === 'glob'
              ? { status: 'ok', entries: [] }
              : gone,
        ]),
    );
    const f = run(c, ev, LINUX);
    expect(status(f)).toBe('error');
    expect(text(f)).toMatch(/could not be read \(\/etc\/gdm3\/custom.conf\): permission denied/);
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

  it('local admins is not a pass when /etc/sudoers.d cannot be listed; a forbidden admin read elsewhere still fails', () => {
    const c = byId('accounts.local-admins');
    const evWith = (group: string) =>
      evidenceOf([
        [PASSWD, ok('root:x:0:0::/root:/bin/bash\ncashier1:x:1001:1001::/home/cashier1:/bin/bash\n')],
        [GROUP, ok(group)],
        [{ kind: 'file', path: '/etc/sudoers', os: 'linux' }, ok('root ALL=(ALL:ALL) ALL\n')],
        [
          { kind: 'glob', pattern: '/etc/sudoers.d/*', os: 'linux', read: true },
          { status: 'denied', reason: 'cannot list /etc/sudoers.d' },
        ],
      ]);
    // Was a pass with one admin: a file in sudoers.d could give a cashier every right.
    const hidden = run(c, evWith('sudo:x:27:\n'), LINUX, { cashierAccounts: ['cashier1'] });
    expect(status(hidden), text(hidden)).toBe('error');
    expect(text(hidden)).toMatch(/sudoers drop-in folder[\s\S]*cannot list \/etc\/sudoers.d/);
    const shown = run(c, evWith('sudo:x:27:cashier1\n'), LINUX, { cashierAccounts: ['cashier1'] });
    expect(status(shown), text(shown)).toBe('fail');
  });
});

describe('accounts on Windows (recorded evidence)', () => {
  // One recorded fixture per check: the hardened terminal and the vendor image (params inside).
  const fixture = (id: string, which: 'pass-hardened' | 'fail-vendor-image') =>
    join(import.meta.dirname, 'fixtures', `${id.slice('accounts.'.length)}-windows-${which}.json`);
  const recorded = (c: AnyCheck, which: 'pass-hardened' | 'fail-vendor-image') => loadRecorded(fixture(c.id, which));
  // accounts.lockout has no fixture of its own yet: it reads the same answers (net accounts, secedit) that
  // were recorded for accounts.password-policy on the same terminal, with that fixture's params.
  const onTerminal = (c: AnyCheck, which: 'pass-hardened' | 'fail-vendor-image') =>
    c.id === 'accounts.lockout'
      ? run(
          c,
          loadEvidence(fixture('accounts.password-policy', which)),
          WINDOWS,
          recorded(byId('accounts.password-policy'), which).params,
        )
      : runRecorded(c, recorded(c, which)).findings;

  it('the hardened terminal passes every account check', () => {
    for (const c of checks) {
      const f = onTerminal(c, 'pass-hardened');
      expect(status(f), `${c.id}\n${text(f)}`).toBe('pass');
    }
  });

  it('the vendor image fails each check, and never reveals the stored password', () => {
    const expectations: Record<string, RegExp> = {
      'accounts.default-disabled':
        /Administrator account is enabled under its default name[\s\S]*Guest account "Guest" is enabled[\s\S]*"pos" is enabled/,
      'accounts.password-policy':
        /Minimum password length is 0[\s\S]*Passwords need not contain both letters and digits: PasswordComplexity = 0/,
      'accounts.lockout': /locked for 10 minutes/,
      'accounts.idle-lock': /No idle lock of 15 minutes/,
      'accounts.autologon-cleartext': /cleartext password is stored in Winlogon\\DefaultPassword for "pos"/,
      'accounts.local-admins': /"kasse1" has administrator rights[\s\S]*"Domain Users" has administrator rights/,
    };
    for (const c of checks) {
      if (c.id !== 'accounts.lockout') expect(recorded(c, 'fail-vendor-image').params).toEqual({ cashierAccounts: ['kasse1'] });
      const f = onTerminal(c, 'fail-vendor-image');
      expect(status(f), c.id).toBe('fail');
      expect(text(f)).toMatch(expectations[c.id]);
      expect(JSON.stringify(f)).not.toContain('Pos12345');
    }
  });

  it('offline Windows image: account facts from the SAM are manual, not pass', () => {
    for (const id of ['accounts.default-disabled', 'accounts.password-policy', 'accounts.lockout', 'accounts.local-admins']) {
      const c = byId(id);
      const f = run(c, allAnswered(c, unsupported), WINDOWS);
      expect(status(f)).toBe('manual');
    }
  });
});

describe('password complexity (PCI 8.3.6)', () => {
  const pam = (args = '') =>
    ok(`password requisite pam_pwquality.so retry=3 ${args}\npassword [success=1 default=ignore] pam_unix.so obscure yescrypt\n`);
  const policy = (commonPassword: ReturnType<typeof ok>, pwquality?: string) =>
    run(
      byId('accounts.password-policy'),
      evidenceOf([
        [{ kind: 'file', path: '/etc/pam.d/common-password', os: 'linux' }, commonPassword],
        // A Debian terminal: no Red Hat stack files; without pwquality.conf the module defaults apply.
        [{ kind: 'file', path: '/etc/pam.d/system-auth', os: 'linux' }, missing],
        [{ kind: 'file', path: '/etc/pam.d/password-auth', os: 'linux' }, missing],
        [{ kind: 'file', path: '/etc/security/pwquality.conf', os: 'linux' }, pwquality !== undefined ? ok(pwquality) : missing],
      ]),
      LINUX,
    );
  const complexity = (f: ReturnType<typeof policy>) => f.find((x) => /Passwords (must|need)/.test(x.message.en));

  it("Debian's shipped pwquality.conf (every line commented) requires neither length nor digits", () => {
    const shipped = readFileSync(
      join(import.meta.dirname, 'fixtures', 'debian12-libpwquality-common-1.4.5-1.pwquality.conf'),
      'utf8',
    );
    const f = policy(pam(), shipped);
    expect(text(f)).toMatch(/fail: Minimum password length is 8; at least 12/);
    expect(complexity(f)?.status).toBe('fail');
    expect(complexity(f)?.message.en).toMatch(/no credit or minclass set/);
  });
  it.each([
    ['dcredit = -1\nucredit = -1\nminlen = 12', 'pass'],
    ['minclass = 4\nminlen = 12', 'pass'],
    ['minclass = 3\nminlen = 12', 'pass'],
    ['minclass = 2\nminlen = 12', 'warn'],
    ['ucredit = -1\nlcredit = -1\nminlen = 12', 'warn'],
    ['dcredit = -1\nminlen = 12', 'fail'],
    ['dcredit = -1\nlcredit = -1\nminlen = 12\nenforcing = 0', 'fail'],
  ])('pwquality.conf %j → %s', (conf, expected) => {
    expect(complexity(policy(pam(), conf))?.status).toBe(expected);
  });
  it('module arguments win over pwquality.conf', () => {
    expect(complexity(policy(pam('dcredit=-1 lcredit=-1'), 'minclass = 0'))?.status).toBe('pass');
  });
  it('without pam_pwquality or pam_cracklib nothing requires letters and digits', () => {
    const f = policy(ok('password [success=1 default=ignore] pam_unix.so obscure yescrypt\n'));
    expect(complexity(f)?.message.en).toMatch(/no pam_pwquality or pam_cracklib in the PAM password stack/);
    expect(complexity(f)?.status).toBe('fail');
  });
  it('Windows: PasswordComplexity 1 passes, 0 fails, absent is an error', () => {
    const win = (line: string) =>
      run(
        byId('accounts.password-policy'),
        evidenceOf([
          [
            { kind: 'command', name: 'secedit export', os: 'windows', command: { ps: '' } },
            ok(`[Unicode]\nUnicode=yes\n[System Access]\nMinimumPasswordLength = 14\n${line}\nLockoutBadCount = 5\n`, {
              exitCode: 0,
            }),
          ],
        ]),
        WINDOWS,
      ).find((x) => /omplexity/.test(x.message.en));
    expect(win('PasswordComplexity = 1')?.status).toBe('pass');
    expect(win('PasswordComplexity = 0')?.status).toBe('fail');
    expect(win('')?.status).toBe('error');
  });
});

describe('accounts.password-policy: what holds the length and complexity could not be read', () => {
  const fx = loadRecorded(join(import.meta.dirname, 'fixtures', 'password-policy-linux-pass-image-hardened.json'));
  const c = byId('accounts.password-policy');
  const denied = (key: string) =>
    runRecorded(c, { ...fx, answers: { ...fx.answers, [key]: { status: 'denied', reason: 'permission denied' } } });

  it('a denied common-password is an error naming it, not "no pam_pwquality in the stack"', () => {
    const { status, findings } = denied('file:/etc/pam.d/common-password');
    expect(status, text(findings)).toBe('error');
    expect(text(findings)).toContain('/etc/pam.d/common-password (permission denied)');
  });

  it('a denied pwquality.conf is an error naming it, not a fail on the module default minlen 8', () => {
    const { status, findings } = denied('file:/etc/security/pwquality.conf');
    expect(status, text(findings)).toBe('error');
    expect(text(findings)).toContain('Could not read /etc/security/pwquality.conf');
  });
});
