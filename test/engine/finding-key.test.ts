/**
 * Finding identity across days: every recorded fixture, judged one day and thirty days later, gives
 * its findings the same keys (a counter or a date in a message never makes a problem new), and the
 * diff of two such runs says nothing is new or fixed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import { keyFindings, messageIdOf } from '../../core/finding-key.js';
import { t } from '../../core/i18n.js';
import type { CheckContext, Finding, Report, TargetResult } from '../../core/model.js';
import { worstStatus } from '../../core/model.js';
import { diffReports } from '../../engine/diff.js';
import { defaultParams } from '../helpers/evidence.js';
import { loadRecorded, recordedEvidence, type RecordedFixture } from '../helpers/recorded.js';

/** Every family's recorded fixtures live beside its checks: checks/<family>/fixtures/. */
const ROOT = join(import.meta.dirname, '..', '..', 'checks');
const DAY = 86_400_000;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? jsonFiles(p) : n.endsWith('.json') && /[\\/]fixtures[\\/]/.test(p) ? [p] : [];
    });
}

/** The per-check fixtures (answer files without a check are not runnable on their own). */
const fixtures: Array<[string, RecordedFixture]> = jsonFiles(ROOT)
  .map((f) => [relative(ROOT, f), loadRecorded(f)] as [string, RecordedFixture])
  .filter(([, fx]) => typeof fx.check === 'string');

function judge(fx: RecordedFixture, shiftDays: number): Finding[] {
  const check = findCheck(fx.check)!;
  const ctx: CheckContext = {
    params: { ...defaultParams(check), ...(fx.params ?? {}) },
    platform: fx.platform,
    targetKind: 'ssh',
    now: new Date(Date.parse(fx.now) + shiftDays * DAY),
  };
  return keyFindings(check.evaluate(recordedEvidence(check, fx), ctx));
}

function reportOf(fx: RecordedFixture, findings: Finding[], createdAt: string): Report {
  const check = findCheck(fx.check)!;
  const target: TargetResult = {
    id: 'ssh://pos-01',
    kind: 'ssh',
    name: 'pos-01',
    platform: fx.platform,
    state: 'scanned',
    results: [
      {
        controlId: 'c1',
        checkId: check.id,
        profileIds: ['pci-dss'],
        requirements: [],
        title: check.title,
        controlTitle: check.title,
        status: worstStatus(findings.map((f) => f.status)),
        severity: check.severity,
        findings,
        remediation: check.remediation,
      },
    ],
    timing: { startedAt: createdAt, finishedAt: createdAt, roundTrips: 1, requests: 1 },
  };
  return {
    schemaVersion: 1,
    tool: { name: 'posaudit', version: '0' },
    createdAt,
    lang: 'en',
    failOn: 'high',
    profiles: [],
    targets: [target],
    summary: { pass: 0, fail: 0, warn: 0, error: 0, 'not-applicable': 0, manual: 0, waived: 0, total: 1 },
    verdict: 'compliant',
  };
}

describe('finding keys stay the same across days', () => {
  it('there are recorded fixtures to run, failing ones among them', () => {
    expect(fixtures.length).toBeGreaterThan(40);
    expect(fixtures.filter(([, fx]) => fx.expect === 'fail').length).toBeGreaterThan(20);
  });

  for (const [name, fx] of fixtures) {
    it(`${name}: the same keys one day and thirty days later`, () => {
      const today = judge(fx, 0);
      const keys = today.map((f) => f.key);
      expect(keys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
      expect(new Set(keys).size).toBe(keys.length);
      expect(judge(fx, 1).map((f) => f.key)).toEqual(keys);
      expect(judge(fx, 30).map((f) => f.key)).toEqual(keys);
    });
  }

  it('a diff of every fixture judged a day apart finds nothing new and nothing fixed', () => {
    let unchanged = 0;
    for (const [, fx] of fixtures) {
      const a = reportOf(fx, judge(fx, 0), fx.now);
      const b = reportOf(fx, judge(fx, 1), new Date(Date.parse(fx.now) + DAY).toISOString());
      const d = diffReports(a, b);
      expect(d.new.map((e) => e.message.en)).toEqual([]);
      expect(d.fixed.map((e) => e.message.en)).toEqual([]);
      unchanged += d.unchanged.length;
    }
    expect(unchanged).toBeGreaterThan(20);
  });
});

describe('messageIdOf', () => {
  it('takes counts and dates out of a message and keeps its words', () => {
    const a = messageIdOf('ClamAV signatures are 20 days old (last update 2026-11-01T03:00:00Z).');
    const b = messageIdOf('ClamAV signatures are 21 days old (last update 2026-11-02T03:00:00Z).');
    expect(a).toBe(b);
    expect(a).toContain('ClamAV signatures are');
    expect(messageIdOf('Firewall is off')).not.toBe(messageIdOf('Firewall is on'));
  });

  it('numbers two findings with the same id instead of merging them', () => {
    const f = (n: number): Finding => ({ status: 'fail', message: t(`User ${n} has no password`, `ユーザー ${n}`) });
    expect(keyFindings([f(1), f(2)]).map((x) => x.key)).toEqual(['User # has no password', 'User # has no password#2']);
    expect(keyFindings([f(1)]).map((x) => x.key)).toEqual(['(check)']);
  });
});
