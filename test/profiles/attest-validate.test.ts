/** Attestations on a real profile's manual controls, and the errors `profiles validate` explains. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import type { BundleTarget } from '../../engine/bundle.js';
import { judgeTarget } from '../../engine/evaluate.js';
import { buildPlan } from '../../engine/planner.js';
import { loadProfile } from '../../engine/profiles.js';
import { loadAttestations, loadWaivers } from '../../engine/waivers.js';

const EXAMPLES = path.resolve('profiles/examples');

function target(name: string, gatheredAt: string): BundleTarget {
  return {
    id: name,
    kind: 'ssh',
    name,
    platform: { os: 'linux', hostname: name },
    gatheredAt,
    state: 'scanned',
    requests: [],
    answers: {},
    timing: { startedAt: gatheredAt, finishedAt: gatheredAt, roundTrips: 0, requests: 0 },
  };
}

describe('attestations with the shipped pci-dss profile', () => {
  it('turn a manual control into pass with who and what was seen, until they expire', async () => {
    const plan = buildPlan([await loadProfile('pci-dss', findCheck)], findCheck);
    const attestations = await loadAttestations(path.join(EXAMPLES, 'attestations.yaml'));
    const j = { waivers: [], attestations };
    const inspection = (at: string, host = 'store-012'): ReturnType<typeof judgeTarget>['results'][number] | undefined =>
      judgeTarget(plan, target(host, at), j).results.find((r) => r.controlId === 'pci-9.5.1.2');

    const valid = inspection('2025-10-01T09:00:00Z');
    expect(valid?.status).toBe('pass');
    expect(valid?.attestation).toMatchObject({ by: 'Hanako Sato (store IT)', date: '2025-09-01', expires: '2025-12-01' });
    expect(valid?.findings[0].message.ja).toContain('Hanako Sato (store IT) が確認');

    // The expiry day still counts; the day after, the control is manual again, attestation still shown.
    expect(inspection('2025-12-01T20:00:00Z')?.status).toBe('pass');
    const expired = inspection('2025-12-02T09:00:00Z');
    expect(expired?.status).toBe('manual');
    expect(expired?.attestation?.expires).toBe('2025-12-01');

    // Hosts outside the pattern are not covered.
    const other = inspection('2025-10-01T09:00:00Z', 'hq-server');
    expect(other?.status).toBe('manual');
    expect(other?.attestation).toBeUndefined();
  });

  it('can record a failure of a manual pos-guideline control', async () => {
    const plan = buildPlan([await loadProfile('pos-guideline', findCheck)], findCheck);
    const j = { waivers: [], attestations: await loadAttestations(path.join(EXAMPLES, 'attestations.yaml')) };
    const r = judgeTarget(plan, target('store-001', '2025-10-01T09:00:00Z'), j).results.find(
      (x) => x.controlId === 'pos-p8-transaction-logs',
    );
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('critical');
  });

  it('example waivers load and name controls the shipped profile has', async () => {
    const p = await loadProfile('pci-dss', findCheck);
    for (const w of await loadWaivers(path.join(EXAMPLES, 'waivers.yaml'))) {
      const c = p.controls.find((x) => x.id === w.control);
      expect(c, w.control).toBeDefined();
      // A waiver for a check the index does not list yet (tls.*) only names the control.
      if (w.check && findCheck(w.check))
        expect(
          c?.checks?.some((r) => r.check === w.check),
          `${w.control} uses ${w.check}`,
        ).toBe(true);
      expect(w.reason.length).toBeGreaterThan(20);
    }
  });
});

describe('custom profiles', () => {
  it('the documented examples load', async () => {
    const mine = await loadProfile(path.join(EXAMPLES, 'my-stores.yaml'), findCheck);
    const base = await loadProfile('pci-dss', findCheck);
    expect(mine.controls.length).toBe(base.controls.length - 3 + 1);
    expect(mine.controls.find((c) => c.id === 'pci-10.6.1')?.severity).toBe('high');
    const pw = mine.controls.find((c) => c.id === 'pci-8.3.6')?.checks?.[0];
    expect(pw?.params).toMatchObject({ cashierExemption: true, cashierAccounts: ['cashier01', 'cashier02'] });
    expect(mine.options.map((o) => o.id)).toContain('cashier-exemption');
  });

  const cases: Array<[string, string, RegExp]> = [
    [
      'unknown check',
      'controls:\n  - id: c1\n    title: { en: A, ja: あ }\n    checks: [{ check: usb.no-such-check }]\n',
      /bad\.yaml:7:\d+: unknown check id "usb\.no-such-check"/,
    ],
    [
      'bad param',
      'params:\n  accounts.password-policy:\n    minLength: "twelve"\n',
      /bad\.yaml:6:\d+: bad params for check accounts\.password-policy: minLength must be integer/,
    ],
    ['unknown param', 'params:\n  accounts.password-policy:\n    cashierExempt: true\n', /unknown property "cashierExempt"/],
    [
      'remove unknown control',
      'remove: [pci-99.1]\n',
      /bad\.yaml:4:\d+: "remove" names control pci-99\.1, which pci-dss does not have/,
    ],
    [
      'severity typo',
      'severity:\n  pci-10.6.1: urgent\n',
      /bad\.yaml:5:\d+: .*must be one of "critical", "high", "medium", "low", "info"/,
    ],
    [
      'title without ja',
      'controls:\n  - id: c1\n    title: { en: A }\n    manual: { procedure: { en: x, ja: エックス } }\n',
      /bad\.yaml:6:\d+: .*missing property "ja"/,
    ],
  ];
  it.each(cases)('validate explains: %s', async (_name, body, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'posaudit-prof-'));
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, `id: bad\ntitle: { en: Bad, ja: 悪い例 }\nextends: pci-dss\n${body}`);
    try {
      await expect(loadProfile(file, findCheck)).rejects.toThrow(message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
