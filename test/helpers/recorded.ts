/**
 * Recorded-evidence fixtures for check tests: one JSON file per case in `checks/<family>/fixtures/`
 * (description, check, expected status, platform, now, params, answers by request key), run the way
 * the runner would with `runRecorded`. The one fixture style: checks/fixtures.test.ts runs every one
 * of them and holds that pass, fail and error cases exist for every platform a check claims.
 * `loadEvidence` gives the answers of one fixture, to run a sibling check on the same recorded terminal.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Evidence, requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import {
  worstStatus,
  type AnyCheck,
  type CheckContext,
  type Finding,
  type Platform,
  type Status,
  type TargetKind,
} from '../../core/model.js';
import { defaultParams } from './evidence.js';

export interface RecordedFixture {
  description: string;
  /** The check this fixture is for (a family file holds several). */
  check: string;
  /** The status a user should see (the worst finding's). */
  expect: Status;
  platform: Platform;
  now: string;
  /** How the evidence was gathered: `image` for an offline image (default `ssh`, a running terminal). */
  targetKind?: TargetKind;
  params?: Record<string, unknown>;
  answers: Record<string, EvidenceAnswer>;
}

export function loadRecorded(file: string): RecordedFixture {
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedFixture;
}

/** Evidence from a recorded fixture; throws when the fixture holds a key the check no longer asks for. */
export function recordedEvidence(check: AnyCheck, fx: RecordedFixture): Evidence {
  const params = { ...defaultParams(check), ...(fx.params ?? {}) };
  const asked = new Set(check.requests(params).map((r: EvidenceRequest) => requestKey(r)));
  for (const key of Object.keys(fx.answers)) {
    if (!asked.has(key)) throw new Error(`fixture answers ${key}, which ${check.id} does not request`);
  }
  return new Evidence(new Map(Object.entries(fx.answers)));
}

/** Every `*.json` fixture in a folder. */
export function fixturesIn(dir: string): Array<[string, RecordedFixture]> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, loadRecorded(join(dir, f))] as [string, RecordedFixture]);
}

/** Run a check on a recorded fixture the way the runner would, with the fixture's clock. */
export function runRecorded(
  check: AnyCheck,
  fx: RecordedFixture,
  targetKind: TargetKind = fx.targetKind ?? 'ssh',
): { status: Status; findings: Finding[] } {
  const ctx: CheckContext = {
    params: { ...defaultParams(check), ...(fx.params ?? {}) },
    platform: fx.platform,
    targetKind,
    now: new Date(fx.now),
  };
  const findings = check.evaluate(recordedEvidence(check, fx), ctx);
  return { status: worstStatus(findings.map((f) => f.status)), findings };
}

/**
 * The answers of a recorded fixture as evidence, to run another check of the family on the same recorded
 * terminal (e.g. accounts.lockout on the answers recorded for accounts.password-policy). No staleness guard:
 * the fixture's own check holds that; a request the fixture did not record reads as `error`.
 */
export function loadEvidence(file: string): Evidence {
  return new Evidence(new Map(Object.entries(loadRecorded(file).answers)));
}

/**
 * The recorded fixtures of one family folder (`new URL('fixtures/', import.meta.url)`): `recorded(name)`
 * loads one; `fixture(name)` judges it the way the runner would, holds its expected status and gives
 * the findings.
 */
export function familyFixtures(
  folder: URL,
  checks: readonly AnyCheck[],
): { recorded: (name: string) => RecordedFixture; fixture: (name: string) => Finding[] } {
  const recorded = (name: string) => loadRecorded(`${folder.pathname}${name}.json`);
  const fixture = (name: string): Finding[] => {
    const fx = recorded(name);
    const check = checks.find((c) => c.id === fx.check);
    if (!check) throw new Error(`${name}: no check ${fx.check} in this family`);
    const { status, findings } = runRecorded(check, fx);
    expect(status, name).toBe(fx.expect);
    return findings;
  };
  return { recorded, fixture };
}
