/**
 * The contract every registered check keeps, held over ALL_CHECKS (a new check is covered the
 * moment it is registered):
 * - on evidence it could not read (denied, error, unsupported) it says `error` or `manual`, never
 *   pass, fail or not-applicable (offline, not-applicable is allowed: an image cannot show some
 *   things by nature), on every platform it claims;
 * - nor does it pass when one thing it reads is denied and everything else is absent (a confined
 *   account: the one file that exists is the one it may not read), unless that thing cannot matter
 *   then (ONE_DENIED_MAY_PASS, with the reason). A fail on such evidence is held per check by the
 *   recorded `error` fixtures that checks/fixtures.test.ts requires for every platform;
 * - less evidence never makes a different claim: with one request denied and the rest absent the verdict is
 *   the all-absent one, or error/manual (a denied source either cannot matter or leaves it undecided);
 * - on every recorded `pass` fixture, any ONE answer it read turned `denied` gives pass (other evidence
 *   suffices), error or manual, never fail/warn/not-applicable: that answer was what showed compliance, so
 *   without it the check cannot claim the opposite (DENIED_IN_PASS_KNOWN_WRONG lists what is not fixed yet);
 * - its title, description and remediation exist in English and in real Japanese;
 * - its family is its id prefix, and the family has its folder under checks/;
 * - a shipped profile maps it to a requirement, and it declares none of its own.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './index.js';
import { requestKey, type EvidenceAnswer, type EvidenceRequest } from '../core/evidence.js';
import { worstStatus, type AnyCheck, type Platform, type TargetKind } from '../core/model.js';
import { defaultParams, evidenceOf, LINUX, WINDOWS } from '../test/helpers/evidence.js';
import { shippedRequirementsOf } from '../test/helpers/mappings.js';
import { fixturesIn, runRecorded, type RecordedFixture } from '../test/helpers/recorded.js';

const CHECKS_DIR = import.meta.dirname;
const UNREADABLE: EvidenceAnswer[] = [
  { status: 'denied', reason: 'permission denied' },
  { status: 'error', reason: 'timed out' },
  { status: 'unsupported', reason: 'commands cannot run on an offline image' },
];
/** Hiragana, katakana or CJK ideographs: text a Japanese reader reads as Japanese. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * The platforms a check claims, known by family only (the distribution and version are evidence
 * too), as a target reports them when it could not identify the OS, and as it reports them when it
 * could; the os family judges the platform itself, so it gets only the first two.
 */
function platformsOf(c: AnyCheck): Platform[] {
  const bare = c.platforms.map((os): Platform => ({ os }));
  // What a target reports when it could not identify the OS: uname's kernel name and release on Linux,
  // the "Windows" placeholder of an empty identity probe. A distro like this is not evidence either.
  const unidentified = c.platforms.map((os): Platform =>
    os === 'windows' ? { os, distro: 'Windows' } : { os, distro: 'linux', build: '6.1.0-28-amd64' },
  );
  if (c.family === 'os') return [...bare, ...unidentified];
  return [...bare, ...unidentified, ...c.platforms.map((os) => (os === 'windows' ? WINDOWS : LINUX))];
}

function statusOn(c: AnyCheck, answer: EvidenceAnswer, platform: Platform, targetKind: TargetKind) {
  const params = defaultParams(c);
  // Active collectors (card-data walk, TLS probe) answer under their own key.
  const active = c.active ? { [c.active.key(params)]: answer } : {};
  const ev = evidenceOf(
    c.requests(params).map((r) => [r, answer]),
    active,
  );
  const findings = c.evaluate(ev, { params, platform, targetKind, now: new Date('2026-11-21T00:00:00Z') });
  return { status: worstStatus(findings.map((f) => f.status)), findings };
}

/** Absent, as a target reports it: a file or key that is not there, an empty folder. */
const absent = (r: EvidenceRequest): EvidenceAnswer =>
  r.kind === 'glob' ? { status: 'ok', entries: [], files: [] } : { status: 'missing', reason: 'no such file' };

/**
 * Where one denied request among absent ones may still pass, and why. Key: `check os kind request-key`
 * (kind `*` for both). Each is a request that cannot change the verdict when everything else is absent.
 */
const ONE_DENIED_MAY_PASS: Record<string, string> = {
  'remote.tools linux image file:/proc/net/tcp': 'an offline image has no sockets: listening is judged on a live scan only',
  'remote.tools linux image file:/proc/net/tcp6': 'an offline image has no sockets: listening is judged on a live scan only',
  'remote.tools linux * command:sshd -T': "an SSH server's settings matter only when one is installed or enabled: here none is",
  'remote.tools linux * file:/etc/ssh/sshd_config':
    "an SSH server's settings matter only when one is installed or enabled: here none is",
  'remote.tools linux * glob:read:/etc/ssh/sshd_config.d/*.conf':
    "an SSH server's settings matter only when one is installed or enabled: here none is",
  'remote.data-transfer linux * command:sshd -T': 'with no sshd_config there is no SSH server to copy files through',
  'remote.data-transfer linux * glob:read:/etc/ssh/sshd_config.d/*.conf':
    'sshd reads its drop-ins only through the Include of an sshd_config, and there is none',
  'usb.device-history windows * registry:HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USB/*6':
    'Enum\\USBSTOR (read) is the record of attached storage; the other sources add times, and the pass names what was not read',
  'usb.device-history windows * registry:HKLM\\SYSTEM\\CurrentControlSet\\Enum\\SCSI/*2':
    'Enum\\USBSTOR (read) is the record of attached storage; the other sources add times, and the pass names what was not read',
  'usb.device-history windows * command:usb storage pnp events':
    'Enum\\USBSTOR (read) is the record of attached storage; the other sources add times, and the pass names what was not read',
  'usb.device-history windows * file:C:\\Windows\\INF\\setupapi.dev.log':
    'Enum\\USBSTOR (read) is the record of attached storage; the other sources add times, and the pass names what was not read',
};

/**
 * Recorded pass fixtures where one answer turned denied still gives a wrong verdict (a fail, warning or
 * not-applicable the scan could not see). A to-do list that may only shrink: the test fails when an entry is
 * fixed, so the entry goes. Key: `family/fixtures/file answer-key`.
 */
const DENIED_IN_PASS_KNOWN_WRONG: Record<string, string> = {};

/** Every recorded fixture that expects pass, named `<family>/fixtures/<file>`. */
const PASS_FIXTURES: Array<[string, RecordedFixture]> = readdirSync(CHECKS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(CHECKS_DIR, d.name, 'fixtures')))
  .flatMap((d) =>
    fixturesIn(path.join(CHECKS_DIR, d.name, 'fixtures'))
      .filter(([, fx]) => fx.expect === 'pass')
      .map(([file, fx]): [string, RecordedFixture] => [`${d.name}/fixtures/${file}`, fx]),
  );

describe('every registered check', () => {
  const ids = ALL_CHECKS.map((c) => c.id);

  it('has a unique id of the form family.name', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+(?:\.[a-z0-9-]+)*$/);
  });

  it.each(ids)('%s: never passes on evidence it could not read', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    for (const platform of platformsOf(c))
      for (const kind of ['ssh', 'image'] as const)
        for (const answer of UNREADABLE) {
          const { status, findings } = statusOn(c, answer, platform, kind);
          const said = findings.map((f) => `${f.status}: ${f.message.en}`).join('\n');
          expect(findings.length, `${id} on ${platform.os}/${kind} with ${answer.status}: no finding`).toBeGreaterThan(0);
          // On an offline image a check may also say it cannot apply by nature (no socket listens on a disk).
          // With the platform fully known (build, version), a check may still fail from it: the build is evidence too.
          const allowed = [
            'error',
            'manual',
            ...(kind === 'image' ? ['not-applicable'] : []),
            ...(platform.version !== undefined ? ['fail', 'warn'] : []),
          ];
          expect(allowed, `${id} on ${platform.os}/${kind} with ${answer.status}:\n${said}`).toContain(status);
        }
  });

  it.each(ids)('%s: does not pass when the one thing it could read is denied', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    const params = defaultParams(c);
    for (const os of c.platforms)
      for (const kind of ['ssh', 'image'] as const) {
        const mine = c.requests(params).filter((r) => r.os === undefined || r.os === os);
        for (const denied of mine) {
          const key = requestKey(denied);
          if (`${id} ${os} ${kind} ${key}` in ONE_DENIED_MAY_PASS || `${id} ${os} * ${key}` in ONE_DENIED_MAY_PASS) continue;
          const ev = evidenceOf(
            c
              .requests(params)
              .map((r): [EvidenceRequest, EvidenceAnswer] => [
                r,
                r === denied
                  ? { status: 'denied', reason: 'permission denied' }
                  : r.os !== undefined && r.os !== os
                    ? { status: 'unsupported', reason: `only asked on ${r.os}` }
                    : absent(r),
              ]),
          );
          const findings = c.evaluate(ev, { params, platform: { os }, targetKind: kind, now: new Date('2026-11-21T00:00:00Z') });
          const said = findings.map((f) => `${f.status}: ${f.message.en}`).join('\n');
          expect(worstStatus(findings.map((f) => f.status)), `${id} on ${os}/${kind} with only ${key} denied:\n${said}`).not.toBe(
            'pass',
          );
        }
      }
  });

  it.each(ids)('%s: one denied request among absent ones gives the all-absent verdict, or error/manual', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    const params = defaultParams(c);
    for (const os of c.platforms)
      for (const kind of ['ssh', 'image'] as const) {
        const ctx = { params, platform: { os }, targetKind: kind, now: new Date('2026-11-21T00:00:00Z') };
        const answer = (r: EvidenceRequest, denied?: EvidenceRequest): EvidenceAnswer =>
          r === denied
            ? { status: 'denied', reason: 'permission denied' }
            : r.os !== undefined && r.os !== os
              ? { status: 'unsupported', reason: `only asked on ${r.os}` }
              : absent(r);
        const verdict = (denied?: EvidenceRequest) =>
          c.evaluate(evidenceOf(c.requests(params).map((r): [EvidenceRequest, EvidenceAnswer] => [r, answer(r, denied)])), ctx);
        const base = worstStatus(verdict().map((f) => f.status));
        for (const denied of c.requests(params).filter((r) => r.os === undefined || r.os === os)) {
          const findings = verdict(denied);
          const said = findings.map((f) => `${f.status}: ${f.message.en}`).join('\n');
          expect(
            [base, 'error', 'manual'],
            `${id} on ${os}/${kind}, all absent: ${base}; with ${requestKey(denied)} denied:\n${said}`,
          ).toContain(worstStatus(findings.map((f) => f.status)));
        }
      }
  });

  it.each(PASS_FIXTURES.map(([name]) => name))('%s: any one answer it read, denied, gives pass, error or manual', (name) => {
    const fx = PASS_FIXTURES.find(([n]) => n === name)![1];
    const c = ALL_CHECKS.find((x) => x.id === fx.check)!;
    for (const [key, a] of Object.entries(fx.answers)) {
      if (a.status !== 'ok') continue;
      const { status, findings } = runRecorded(c, {
        ...fx,
        answers: { ...fx.answers, [key]: { status: 'denied', reason: 'permission denied' } },
      });
      const said = findings.map((f) => `${f.status}: ${f.message.en}`).join('\n');
      const known = `${name} ${key}` in DENIED_IN_PASS_KNOWN_WRONG;
      if (known)
        expect(['pass', 'error', 'manual'], `${name}: ${key} is fixed, remove it from DENIED_IN_PASS_KNOWN_WRONG`).not.toContain(
          status,
        );
      else expect(['pass', 'error', 'manual'], `${name} with ${key} denied:\n${said}`).toContain(status);
    }
  });

  it('the known-wrong denied-in-pass entries name recorded pass fixtures and answers they read', () => {
    for (const key of Object.keys(DENIED_IN_PASS_KNOWN_WRONG)) {
      const [name = '', ...rest] = key.split(' ');
      const fx = PASS_FIXTURES.find(([n]) => n === name)?.[1];
      expect(fx?.answers[rest.join(' ')]?.status, key).toBe('ok');
    }
  });

  it('the exceptions to the one-denied rule name registered checks and requests they make', () => {
    for (const key of Object.keys(ONE_DENIED_MAY_PASS)) {
      const [id = '', os = '', kind = '', ...rest] = key.split(' ');
      const c = ALL_CHECKS.find((x) => x.id === id);
      expect(c?.platforms, key).toContain(os);
      expect(['ssh', 'image', '*'], key).toContain(kind);
      expect(c?.requests(defaultParams(c)).map(requestKey), key).toContain(rest.join(' '));
    }
  });

  it.each(ids)('%s: speaks English and Japanese', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    for (const [what, text] of Object.entries({ title: c.title, description: c.description, remediation: c.remediation })) {
      expect(text.en.trim(), `${id} ${what} (en)`).not.toBe('');
      expect(text.ja, `${id} ${what} (ja) is not Japanese: ${text.ja}`).toMatch(JAPANESE);
      expect(text.ja, `${id} ${what}: the Japanese is the English`).not.toBe(text.en);
    }
  });

  it.each(ids)('%s: family is the id prefix and has its folder', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    expect(c.family).toBe(id.split('.')[0]);
    expect(existsSync(path.join(CHECKS_DIR, c.family)), `checks/${c.family}/`).toBe(true);
    expect(c.platforms.length).toBeGreaterThan(0);
    expect(shippedRequirementsOf(id), `${id} is used by no shipped profile: it evidences no requirement`).not.toEqual([]);
    expect('requirements' in c, `${id} declares requirements: the profiles are the one source`).toBe(false);
  });
});
