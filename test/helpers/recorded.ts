/**
 * Recorded-evidence fixtures for check tests:
 * - per-check fixtures (JSON: description, check, expected status, platform, now, params, answers by
 *   request key), run the way the runner would with `runRecorded`;
 * - answer files (JSON: answers by request key, as an evidence bundle holds them), via `loadEvidence`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

/** An answer file: answers keyed by requestKey, as an evidence bundle holds them. */
interface RecordedAnswers {
  note?: string;
  answers: Record<string, EvidenceAnswer>;
}

/** Load an answer file (a family's `fixtures/` beside its checks). Unrecorded requests read as `error`. */
export function loadEvidence(file: string): Evidence {
  const fx = JSON.parse(readFileSync(file, 'utf8')) as RecordedAnswers;
  return new Evidence(new Map(Object.entries(fx.answers)));
}
