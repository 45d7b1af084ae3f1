import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { osEndOfLife, EOL_TABLE_MAX_AGE_DAYS, verdict } from './end-of-life.js';
import { EOL_TABLE } from './eol-table.js';
import { findEntry } from './identify.js';
import { runImage } from '../../test/helpers/image.js';
import { fixturesIn, runRecorded } from '../../test/helpers/recorded.js';
import { allAnswered, missing, run, LINUX, WINDOWS } from '../../test/helpers/evidence.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const IMAGES = join(import.meta.dirname, '../../test/fixtures/images');

describe('os.end-of-life on recorded evidence', () => {
  // checks/os/fixtures/ also holds os.identified's fixtures (run by checks/fixtures.test.ts).
  for (const [file, fx] of fixturesIn(FIXTURES).filter(([, f]) => f.check === osEndOfLife.id)) {
    it(`${file}: ${fx.description} → ${fx.expect}`, () => {
      const { status, findings } = runRecorded(osEndOfLife, fx);
      expect(status, JSON.stringify(findings, null, 1)).toBe(fx.expect);
      for (const f of findings) {
        expect(f.message.en.length).toBeGreaterThan(0);
        expect(f.message.ja.length).toBeGreaterThan(0);
      }
    });
  }

  it('shows the table date in every verdict', () => {
    const [, fx] = fixturesIn(FIXTURES).find(([f]) => f === 'windows-fail-posready7.json')!;
    const { findings } = runRecorded(osEndOfLife, fx);
    expect(findings[0].details?.tableAsOf).toBe(EOL_TABLE.asOf);
    expect(findings[0].message.en).toContain('2024-10-08');
  });

  it('names POSReady 2009 from the WPA flag even when ProductName says XP', () => {
    const [, fx] = fixturesIn(FIXTURES).find(([f]) => f === 'windows-fail-posready2009-offline.json')!;
    expect(runRecorded(osEndOfLife, fx).findings[0].message.en).toContain('POSReady 2009');
  });
});

describe('os.end-of-life without evidence', () => {
  it('never passes when nothing could be read and the platform is unknown', () => {
    const f = run(osEndOfLife, allAnswered(osEndOfLife, missing), { os: 'unknown' });
    expect(f.map((x) => x.status)).toEqual(['error']);
  });

  it('falls back to the platform the target detected', () => {
    const f = run(osEndOfLife, allAnswered(osEndOfLife, { status: 'unsupported', reason: 'x' }), WINDOWS);
    expect(f[0].status).toBe('pass'); // IoTEnterpriseS 19044 → 2032
    const l = run(osEndOfLife, allAnswered(osEndOfLife, missing), LINUX); // Debian 12: in Debian LTS
    expect(l[0].status).toBe('pass');
    expect(l[0].message.en).toContain('Debian LTS');
  });
});

describe('end-of-life table', () => {
  it('is no more than a year old by the real clock (update checks/data/eol-table.ts)', () => {
    const age = (Date.now() - Date.parse(`${EOL_TABLE.asOf}T00:00:00Z`)) / 86_400_000;
    expect(age, `eol table asOf ${EOL_TABLE.asOf} is ${Math.floor(age)} days old`).toBeLessThanOrEqual(EOL_TABLE_MAX_AGE_DAYS);
  });

  it('has unique ids, real dates, named sources, and extended support after standard support', () => {
    const ids = new Set<string>();
    for (const e of EOL_TABLE.entries) {
      expect(ids.has(e.id), e.id).toBe(false);
      ids.add(e.id);
      expect(EOL_TABLE.sources[e.source], e.id).toBeTruthy();
      expect(new Date(`${e.endOfSupport}T00:00:00Z`).toISOString().slice(0, 10)).toBe(e.endOfSupport);
      if (e.extended) expect(e.extended.until > e.endOfSupport, e.id).toBe(true);
    }
  });

  it('reports a stale table in the scan itself', () => {
    const later = new Date('2028-01-10T00:00:00Z');
    const f = run(osEndOfLife, allAnswered(osEndOfLife, missing), LINUX, {}, later);
    expect(f.some((x) => x.status === 'warn' && /table is \d+ days old/.test(x.message.en))).toBe(true);
    const fresh = run(osEndOfLife, allAnswered(osEndOfLife, missing), LINUX);
    expect(fresh.some((x) => /table is/.test(x.message.en))).toBe(false);
  });

  it('warns within warnDays of the end and fails the day after', () => {
    const entry = EOL_TABLE.entries.find((e) => e.id === 'alpine-3.22')!;
    const params = { warnDays: 180, extendedSupportDeclared: [] };
    const noPro = () => ({ known: false as const, why: [] });
    expect(verdict(entry, new Date('2026-11-21T00:00:00Z'), params, noPro).status).toBe('warn');
    expect(verdict(entry, new Date('2026-10-01T00:00:00Z'), params, noPro).status).toBe('pass');
    expect(verdict(entry, new Date('2027-05-01T23:00:00Z'), params, noPro).status).toBe('warn');
    expect(verdict(entry, new Date('2027-05-02T00:00:01Z'), params, noPro).status).toBe('fail');
  });

  it('gives IoT LTSC 2021 its own date, and non-IoT LTSC 2021 the earlier one', () => {
    expect(
      findEntry(EOL_TABLE, { os: 'windows', build: 19044, edition: 'IoTEnterpriseS', name: 'x', from: 'registry' })?.endOfSupport,
    ).toBe('2032-01-13');
    expect(
      findEntry(EOL_TABLE, { os: 'windows', build: 19044, edition: 'EnterpriseS', name: 'x', from: 'registry' })?.endOfSupport,
    ).toBe('2027-01-12');
    expect(
      findEntry(EOL_TABLE, { os: 'windows', build: 26100, edition: 'IoTEnterpriseS', name: 'x', from: 'registry' })?.id,
    ).toBe('windows-11-iot-ltsc-2024');
    expect(findEntry(EOL_TABLE, { os: 'linux', distro: 'rhel', version: '9.4', name: 'x', from: 'os-release' })?.id).toBe(
      'rhel-9',
    );
    expect(findEntry(EOL_TABLE, { os: 'linux', distro: 'alpine', version: '3.21.2', name: 'x', from: 'os-release' })?.id).toBe(
      'alpine-3.21',
    );
    expect(
      findEntry(EOL_TABLE, { os: 'linux', distro: 'ubuntu', version: '22.10', name: 'x', from: 'os-release' }),
    ).toBeUndefined();
  });
});

describe('os.end-of-life on image fixtures', () => {
  it('reads os-release from a Debian rootfs', async () => {
    const r = await runImage(osEndOfLife, join(IMAGES, 'linux-debian-hardened'), { now: new Date('2026-11-21T00:00:00Z') });
    expect(r.status).toBe('pass');
    expect(r.findings[0].details?.identifiedFrom).toBe('os-release');
  });

  it('fails a Debian 10 rootfs whose LTS has ended', async () => {
    const r = await runImage(osEndOfLife, join(IMAGES, 'linux-debian-stale'), { now: new Date('2026-11-21T00:00:00Z') });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message.en).toContain('2024-06-30');
  });
});
