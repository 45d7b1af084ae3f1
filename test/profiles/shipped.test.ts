/** The shipped profiles: they load, every check they use exists and speaks both languages, and a
 * reviewer can find each terminal-relevant PCI DSS requirement and each 方針 in them. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import { coverageOf } from '../../engine/coverage.js';
import { PROFILES_DIR } from '../../core/paths.js';
import { buildPlan } from '../../engine/planner.js';
import { loadProfile, shippedProfileIds, type Profile } from '../../engine/profiles.js';

const SHIPPED = ['daily', 'pci-dss', 'pos-guideline'];
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;
const profiles = new Map<string, Profile>();

beforeAll(async () => {
  for (const id of SHIPPED) profiles.set(id, await loadProfile(id, findCheck));
});

function get(id: string): Profile {
  const p = profiles.get(id);
  if (!p) throw new Error(`profile ${id} not loaded`);
  return p;
}

describe('shipped profiles', () => {
  it('are the three documented ones', async () => {
    expect(await shippedProfileIds()).toEqual(expect.arrayContaining(SHIPPED));
  });

  it('validate against profile.schema.json as files', async () => {
    const schema = JSON.parse(await fsp.readFile(path.join(PROFILES_DIR, 'profile.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    for (const id of SHIPPED) {
      const data: unknown = parse(await fsp.readFile(path.join(PROFILES_DIR, `${id}.yaml`), 'utf8'));
      expect(validate(data), `${id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('reference only checks that exist, each with en and ja title and remediation', () => {
    for (const p of profiles.values())
      for (const c of p.controls)
        for (const ref of c.checks ?? []) {
          const check = findCheck(ref.check);
          expect(check, `${p.id}/${c.id} uses ${ref.check}`).toBeDefined();
          if (!check) continue;
          for (const text of [check.title, check.remediation]) {
            expect(text.en.trim().length, `${ref.check} en`).toBeGreaterThan(0);
            expect(text.ja, `${ref.check} ja`).toMatch(JAPANESE);
          }
        }
  });

  it('write every control title and manual procedure in natural Japanese too', () => {
    for (const p of profiles.values())
      for (const c of p.controls) {
        expect(c.title.ja, `${p.id}/${c.id}`).toMatch(JAPANESE);
        if (c.manual) {
          expect(c.manual.procedure.ja, `${p.id}/${c.id}`).toMatch(JAPANESE);
          expect(c.manual.expected?.ja, `${p.id}/${c.id} says what counts as pass`).toMatch(JAPANESE);
        }
      }
  });

  it('have unique control ids across profiles, so results run together stay apart', () => {
    const ids = [...profiles.values()].flatMap((p) => p.controls.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/** Terminal-relevant PCI DSS v4.0.1 requirements (catalogue §2.4, without e-commerce and service-provider ones). */
const PCI_EXPECTED = `1.2.1 1.2.5 1.2.6 1.2.8 1.3.1 1.3.2 1.3.3 1.4.1 1.4.2 1.4.3 1.4.4 1.4.5 1.5.1
2.2.1 2.2.2 2.2.3 2.2.4 2.2.5 2.2.6 2.2.7 2.3.1 2.3.2
3.2.1 3.3.1 3.3.1.1 3.3.1.2 3.3.1.3 3.3.2 3.4.1 3.4.2 3.5.1 3.5.1.1 3.5.1.2 3.5.1.3 3.6.1 3.6.1.2 3.7.1 3.7.2 3.7.3 3.7.4
3.7.5 3.7.6 3.7.7 3.7.8
4.2.1 4.2.1.1 4.2.1.2 4.2.2 A2.1.1
5.2.1 5.2.2 5.2.3 5.2.3.1 5.3.1 5.3.2 5.3.2.1 5.3.3 5.3.4 5.3.5 5.4.1
6.3.1 6.3.2 6.3.3 6.5.1 6.5.2 6.5.5 6.5.6
7.2.1 7.2.2 7.2.4 7.2.5 7.2.5.1 7.2.6 7.3.1 7.3.2 7.3.3
8.2.1 8.2.2 8.2.4 8.2.5 8.2.6 8.2.7 8.2.8 8.3.1 8.3.2 8.3.4 8.3.5 8.3.6 8.3.7 8.3.9 8.3.11 8.4.1 8.4.2 8.4.3 8.5.1 8.6.1 8.6.2 8.6.3
9.2.2 9.2.3 9.4.1 9.4.6 9.4.7 9.5.1 9.5.1.1 9.5.1.2 9.5.1.2.1 9.5.1.3
10.2.1 10.2.1.1 10.2.1.2 10.2.1.3 10.2.1.4 10.2.1.5 10.2.1.6 10.2.1.7 10.2.2 10.3.1 10.3.2 10.3.3 10.3.4 10.4.1 10.4.1.1
10.4.2 10.4.2.1 10.4.3 10.5.1 10.6.1 10.6.2 10.6.3 10.7.2 10.7.3
11.2.1 11.3.1 11.3.1.1 11.3.1.2 11.4.1 11.4.5 11.5.1 11.5.2
12.3.1 12.3.3 12.3.4 12.5.1 12.5.2 12.6.1 12.6.3 12.6.3.1 12.6.3.2 12.8.1 12.10.1 12.10.2 12.10.7`.split(/\s+/);

/** Mandatory since 31 March 2025 (catalogue §2.4 list, those in the profile). */
const NEW_2025 = `3.2.1 3.3.2 3.4.2 3.5.1.1 3.5.1.2 4.2.1 4.2.1.1 5.2.3.1 5.3.2.1 5.3.3 5.4.1 6.3.2 7.2.4 7.2.5 7.2.5.1
8.3.6 8.4.2 8.5.1 8.6.1 8.6.2 8.6.3 9.5.1.2.1 10.4.1.1 10.4.2.1 10.7.2 10.7.3 11.3.1.1 11.3.1.2 12.3.1 12.3.3 12.3.4 12.6.3.1
12.6.3.2 12.10.7`.split(/\s+/);

describe('pci-dss', () => {
  it('has a control pci-<id> for each terminal-relevant requirement, naming that requirement', () => {
    const p = get('pci-dss');
    for (const id of PCI_EXPECTED) {
      const c = p.controls.find((x) => x.id === `pci-${id}`);
      expect(c, `pci-${id}`).toBeDefined();
      expect(c?.requirements).toContain(`PCI ${id}`);
    }
  });

  it('covers all twelve principal requirements, tagged req:N', () => {
    const p = get('pci-dss');
    for (let n = 1; n <= 12; n++) {
      const tagged = p.controls.filter((c) => c.tags?.includes(`req:${n}`));
      expect(tagged.length, `req:${n}`).toBeGreaterThan(0);
      expect(p.context.some((x) => x.id === `req-${n}`)).toBe(true);
    }
  });

  it('tags the requirements that became mandatory on 31 March 2025, and no others', () => {
    const p = get('pci-dss');
    const tagged = p.controls.filter((c) => c.tags?.includes('new-2025')).map((c) => c.id.slice(4));
    expect(tagged.sort()).toEqual([...NEW_2025].sort());
  });

  it('marks the cashier-exempt requirements and documents the exemption as an option', () => {
    const p = get('pci-dss');
    const exempt = p.controls.filter((c) => c.tags?.includes('cashier-exempt')).map((c) => c.id);
    // 8.3.4 carries the same applicability note in v4.0.1 (it was missing here before).
    expect(exempt.sort()).toEqual([
      'pci-8.2.1',
      'pci-8.2.8',
      'pci-8.3.1',
      'pci-8.3.4',
      'pci-8.3.6',
      'pci-8.3.7',
      'pci-8.3.9',
      'pci-8.4.2',
    ]);
    const option = p.options.find((o) => o.id === 'cashier-exemption');
    expect(option?.text?.en).toMatch(/cashierExemption: true/);
    // The params the option tells users to set exist on the check.
    const props = findCheck('accounts.password-policy')?.params.properties ?? {};
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['cashierExemption', 'cashierAccounts']));
    // Off by default: the shipped profile does not switch it on.
    for (const c of p.controls) for (const ref of c.checks ?? []) expect(ref.params?.cashierExemption).toBeUndefined();
  });

  it('documents Appendix A2 as an option, off by default, with A2.1.1 still needing a person', () => {
    const p = get('pci-dss');
    expect(p.options.find((o) => o.id === 'appendix-a2')?.text?.en).toMatch(/allowEarlyTlsA2: true/);
    const a2 = p.controls.find((c) => c.id === 'pci-A2.1.1');
    expect(a2?.manual).toBeDefined();
    for (const c of p.controls) for (const ref of c.checks ?? []) expect(ref.params?.allowEarlyTlsA2).toBeUndefined();
  });

  it('gives every manual-only requirement a procedure and what counts as pass', () => {
    const cov = coverageOf(get('pci-dss'));
    expect(cov.manual).toBeGreaterThan(0);
    for (const c of get('pci-dss').controls) if (!c.checks?.length) expect(c.manual?.expected, c.id).toBeDefined();
  });
});

describe('pos-guideline', () => {
  it('has controls for each of 方針1-8 and shows the five premises and the asset table', () => {
    const p = get('pos-guideline');
    for (let n = 1; n <= 8; n++)
      expect(
        p.controls.some((c) => c.requirements.includes(`POS 方針${n}`)),
        `方針${n}`,
      ).toBe(true);
    for (let n = 1; n <= 5; n++) expect(p.context.find((x) => x.id === `premise-${n}`)?.title.ja).toContain(`前提${n}`);
    expect(p.context.find((x) => x.id === 'assets')?.text?.ja).toMatch(/高.*中.*小/su);
  });

  it('tags every control with a lifecycle phase', () => {
    const phases = ['phase:initiation', 'phase:development', 'phase:deployment', 'phase:operation', 'phase:disposal'];
    const p = get('pos-guideline');
    for (const c of p.controls)
      expect(
        c.tags?.some((t) => phases.includes(t)),
        c.id,
      ).toBe(true);
    for (const ph of phases)
      expect(
        p.controls.some((c) => c.tags?.includes(ph)),
        ph,
      ).toBe(true);
  });

  it('sets severities from the asset table: 高 assets critical, 中 assets high', () => {
    const p = get('pos-guideline');
    for (const c of p.controls) {
      if (c.tags?.includes('asset:high')) expect(c.severity, c.id).toBe('critical');
      if (c.tags?.includes('asset:medium')) expect(c.severity, c.id).toBe('high');
    }
  });

  it('keeps only operation-phase controls in the documented example', async () => {
    const op = await loadProfile(path.join(PROFILES_DIR, 'examples', 'pos-operation.yaml'), findCheck);
    const all = get('pos-guideline');
    expect(op.controls.length).toBeGreaterThan(0);
    expect(op.controls.length).toBeLessThan(all.controls.length);
    for (const c of op.controls) expect(c.tags).toContain('phase:operation');
    expect(op.controls.some((c) => c.id === 'pos-p1-disposal')).toBe(false);
  });
});

describe('daily', () => {
  it('checks the six morning items in plain Japanese, with a time-boxed card-data search', () => {
    const p = get('daily');
    expect(p.controls.map((c) => c.id)).toEqual([
      'daily-usb',
      'daily-antimalware',
      'daily-updates',
      'daily-card-data',
      'daily-firewall',
      'daily-clock',
    ]);
    for (const c of p.controls) expect(c.manual, c.id).toBeUndefined();
    const scans = p.controls.flatMap((c) => c.checks ?? []).filter((r) => r.check.startsWith('pan.'));
    expect(scans.length).toBe(2);
    for (const r of scans) expect(r.params?.timeoutSeconds).toBeLessThanOrEqual(30);
    // Nothing slow: no active network probes.
    for (const c of p.controls) for (const r of c.checks ?? []) expect(r.check.startsWith('tls.')).toBe(false);
  });
});

describe('pci-dss and pos-guideline together', () => {
  it('run each shared check once', () => {
    const plan = buildPlan([get('pci-dss'), get('pos-guideline')], findCheck);
    const ids = plan.executions.map((e) => e.check.id);
    expect(new Set(ids).size).toBe(ids.length);
    const both = (id: string): boolean =>
      [get('pci-dss'), get('pos-guideline')].every((p) => p.controls.some((c) => c.checks?.some((r) => r.check === id)));
    const shared = ALL_CHECKS.map((c) => c.id).filter(both);
    expect(shared.length).toBeGreaterThan(5);
    for (const id of shared) expect(ids.filter((x) => x === id)).toHaveLength(1);
  });
});
