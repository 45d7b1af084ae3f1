/**
 * Recorded evidence, the one fixture style: every `checks/<family>/fixtures/*.json` is a
 * self-describing fixture (description, check, expect, platform, now, params, answers by request key)
 * and is run here the way the runner would run it, its status held to its `expect` (one test per file).
 * The staleness guard of runRecorded throws when a fixture answers a request the check no longer makes.
 *
 * Coverage: for every registered check and every platform it claims, the fixtures hold a `pass`, a
 * fail-kind (`fail` or `warn`) and an `error` expectation, unless the check by nature cannot reach that
 * verdict there (CANNOT_REACH, with the reason) or the fixture is not recorded yet (NOT_YET_RECORDED:
 * a to-do list that may only shrink; the test fails when a listed gap gets a fixture, so the entry goes).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './index.js';
import type { Status } from '../core/model.js';
import { fixturesIn, runRecorded, type RecordedFixture } from '../test/helpers/recorded.js';

const CHECKS_DIR = import.meta.dirname;
const byId = new Map(ALL_CHECKS.map((c) => [c.id, c]));

/** Every recorded fixture, named `<family>/fixtures/<file>`. */
const FIXTURES: Array<[string, RecordedFixture]> = readdirSync(CHECKS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(CHECKS_DIR, d.name, 'fixtures')))
  .flatMap((d) =>
    fixturesIn(path.join(CHECKS_DIR, d.name, 'fixtures')).map(([file, fx]): [string, RecordedFixture] => [
      `${d.name}/fixtures/${file}`,
      fx,
    ]),
  );

/**
 * Fixtures that record what a real terminal gives and expect the verdict a user should see, which
 * the check does not give today. They run as `it.fails` (the test breaks the day the check is fixed:
 * then move the entry out) and do not count for coverage. Empty: the wrong verdicts the fixtures found
 * (accounts.idle-lock, accounts.autologon-cleartext, time.sync-configured, logging.audit-policy on
 * denied files; os.identified without os-release or with an empty Windows probe) are fixed.
 */
const KNOWN_WRONG: Record<string, string> = {};

type Kind = 'pass' | 'fail' | 'error';
const KINDS: Kind[] = ['pass', 'fail', 'error'];
const KIND_OF: Partial<Record<Status, Kind>> = { pass: 'pass', fail: 'fail', warn: 'fail', error: 'error' };

/** A check that by nature cannot reach a verdict kind on a platform, and why. Key: `check os kind`. */
const CANNOT_REACH: Record<string, string> = {
  'os.identified linux fail': 'it names the OS or says it could not (error); whether that OS is acceptable is os.end-of-life',
  'os.identified windows fail': 'it names the OS or says it could not (error); whether that OS is acceptable is os.end-of-life',
  'antimalware.tamper-protection linux pass':
    'ClamAV has no tamper protection to read and a commercial agent keeps it on its own console: on Linux the check says ' +
    'manual (or error), never pass',
  'antimalware.tamper-protection linux fail':
    'ClamAV has no tamper protection to read and a commercial agent keeps it on its own console: on Linux the check says ' +
    'manual (or error), never fail',
};

/** Gaps not recorded yet (to do, may only shrink). Key: `check os`, value: the missing kinds. */
const NOT_YET_RECORDED: Record<string, string> = {
  // Not recorded yet: card-data walks and TLS probes (active evidence), Windows Java TLS, usb and
  // firmware cases still built inline in their tests, and error cases (mostly Linux) not written yet.
  'tls.java-security linux': 'error',
  'tls.java-security windows': 'pass fail error',
  'tls.endpoints-strong linux': 'pass fail error',
  'tls.endpoints-strong windows': 'pass fail error',
  'pan.stored-pan linux': 'pass fail error',
  'pan.stored-pan windows': 'pass fail error',
  'pan.track-data linux': 'pass fail error',
  'pan.track-data windows': 'pass fail error',
  'allowlist.autostart-review linux': 'pass error',
  'firmware.admin-password linux': 'error',
  'firmware.secure-boot windows': 'error',
  'firmware.usb-boot-disabled linux': 'pass error',
  'firmware.usb-boot-disabled windows': 'error',
  'firmware.bootloader-password linux': 'pass',
  'usb.device-history windows': 'pass error',
  // An approved SSH server whose every login needs two methods (PCI 8.4.3), recorded from a terminal:
  // the images have no sshd_config, and the Debian 12 VM bundle predates the sshd requests.
  'remote.tools linux': 'pass',
};

const covered = new Set<string>();
for (const [file, fx] of FIXTURES) {
  const kind = KIND_OF[fx.expect];
  if (kind && !(file in KNOWN_WRONG)) covered.add(`${fx.check} ${fx.platform.os} ${kind}`);
}

describe('every recorded fixture gives the status it expects', () => {
  it('there are recorded fixtures, each for a registered check, in the self-describing shape', () => {
    expect(FIXTURES.length).toBeGreaterThan(100);
    for (const [file, fx] of FIXTURES) {
      expect(byId.has(fx.check), `${file}: unknown check ${fx.check}`).toBe(true);
      expect(fx.description, `${file}: description`).toBeTruthy();
      expect(['pass', 'warn', 'fail', 'error', 'manual', 'not-applicable'], `${file}: expect`).toContain(fx.expect);
      expect(Number.isNaN(Date.parse(fx.now)), `${file}: now`).toBe(false);
      // `unknown`: the target could not tell the family; a check must still give a verdict then.
      if (fx.platform.os !== 'unknown')
        expect(byId.get(fx.check)?.platforms, `${file}: platform the check does not claim`).toContain(fx.platform.os);
      expect(Object.keys(fx.answers).length, `${file}: no answers`).toBeGreaterThan(0);
    }
  });

  for (const [file, fx] of FIXTURES) {
    const test = file in KNOWN_WRONG ? it.fails : it;
    test(`${file}: ${fx.description} → ${fx.expect}`, () => {
      const { status, findings } = runRecorded(byId.get(fx.check)!, fx);
      expect(status, findings.map((f) => `${f.status}: ${f.message.en}`).join('\n')).toBe(fx.expect);
      for (const f of findings) {
        expect(f.message.en.trim(), file).not.toBe('');
        expect(f.message.ja.trim(), file).not.toBe('');
      }
    });
  }
});

describe('pass, fail and error are recorded for every platform a check claims', () => {
  for (const c of ALL_CHECKS)
    for (const os of c.platforms)
      it(`${c.id} on ${os}`, () => {
        const excused = new Set((NOT_YET_RECORDED[`${c.id} ${os}`] ?? '').split(' ').filter(Boolean));
        const missing = KINDS.filter((k) => !covered.has(`${c.id} ${os} ${k}`) && !(`${c.id} ${os} ${k}` in CANNOT_REACH));
        expect(
          missing.filter((k) => !excused.has(k)),
          `${c.id} on ${os}: no fixture expecting`,
        ).toEqual([]);
        // A listed gap that has a fixture now leaves the list.
        expect(
          [...excused].filter((k) => !missing.includes(k as Kind)),
          `${c.id} on ${os}: recorded now, remove from NOT_YET_RECORDED`,
        ).toEqual([]);
      });

  it('the exception tables name registered checks and platforms they claim', () => {
    for (const key of [...Object.keys(CANNOT_REACH), ...Object.keys(NOT_YET_RECORDED)]) {
      const [id = '', os = '', kind] = key.split(' ');
      expect(byId.get(id)?.platforms, key).toContain(os);
      if (kind !== undefined) expect(KINDS, key).toContain(kind);
      if (kind !== undefined) expect(covered.has(key), `${key} is recorded after all: remove it from CANNOT_REACH`).toBe(false);
    }
  });
});
