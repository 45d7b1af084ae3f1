/**
 * Judge gathered evidence: pure, offline, the same for a live scan and for `posaudit evaluate`.
 */
import type { BundleTarget } from './bundle.js';
import { Evidence, type EvidenceAnswer } from '../core/evidence.js';
import { t, type Text } from '../core/i18n.js';
import { reasonJa } from '../core/reasons.js';
import type { CheckResult, Finding, Report, Severity, Status, Summary, TargetResult, WaiverRef } from '../core/model.js';
import { STATUSES, worstStatus } from '../core/model.js';
import { keyFindings } from '../core/finding-key.js';
import { completeSummary, exitCodeOfGate, gateOfTargets, verdictOfGate } from '../core/gate.js';
import type { Execution, Plan, PlannedControl } from './planner.js';
import { redactDeep, redactText } from '../core/redact.js';
import { findAttestation, findWaiver, unexpired, type AttestationEntry, type Waiver } from './waivers.js';

export interface Judgement {
  waivers: Waiver[];
  attestations: AttestationEntry[];
}

function evaluateExecution(ex: Execution, bt: BundleTarget, evidence: Evidence, now: Date): Finding[] {
  const os = bt.platform.os;
  if (os !== 'unknown' && !ex.check.platforms.includes(os)) {
    return [
      {
        status: 'not-applicable',
        message: t(`Not applicable on ${os}.`, `${os === 'windows' ? 'Windows' : 'Linux'} には適用されません。`),
      },
    ];
  }
  // A probe of a running system (the live TLS probe) has nothing to probe on an offline image: not an error.
  const activeAnswer = ex.check.active ? evidence.activeAnswer(ex.check.active.key(ex.params)) : undefined;
  if (bt.kind === 'image' && activeAnswer?.status === 'unsupported') {
    const why = activeAnswer.reason ?? 'it needs a running system';
    return [
      {
        status: 'not-applicable',
        message: t(`Not applicable to an offline image: ${why}`, `オフラインのイメージには対象外です: ${reasonJa(why)}`),
        messageId: 'offline-image',
      },
    ];
  }
  try {
    const findings = ex.check.evaluate(evidence, { params: ex.params, platform: bt.platform, targetKind: bt.kind, now });
    if (findings.length === 0)
      return [{ status: 'error', message: t('The check produced no result.', 'チェックが結果を返しませんでした。') }];
    return findings.map((f) => redactDeep(f));
  } catch (err) {
    const msg = redactText((err as Error).message ?? String(err)).slice(0, 300);
    return [
      {
        status: 'error',
        message: t(`The check failed on this evidence: ${msg}`, `このエビデンスでチェックが失敗しました: ${msg}`),
      },
    ];
  }
}

function applyWaiver(
  result: CheckResult,
  j: Judgement,
  hostNames: string[],
  now: Date,
  expiredSeen: Map<string, WaiverRef>,
): void {
  const waivable = ['fail', 'warn', 'error'].includes(result.status);
  for (const w of findWaiver(j.waivers, result.controlId, result.checkId, hostNames)) {
    const ref: WaiverRef = { reason: w.reason, approver: w.approver, expires: w.expires, source: w.source };
    if (!unexpired(w.expires, now)) {
      // Reported whatever the result: an expired waiver is a finding for the auditor.
      result.expiredWaiver = ref;
      expiredSeen.set(w.source, ref);
    } else if (waivable && !result.waiver) {
      result.waiver = ref;
      result.status = 'waived';
    }
  }
}

function applyAttestation(result: CheckResult, j: Judgement, hostNames: string[], now: Date): void {
  const found = findAttestation(j.attestations, result.controlId, hostNames);
  const valid = found.find((a) => unexpired(a.expires, now));
  const any = valid ?? found[0];
  if (!any) return;
  result.attestation = {
    by: any.by,
    date: any.date,
    expires: any.expires,
    observed: any.observed,
    status: any.status,
    source: any.source,
  };
  if (valid) {
    result.status = valid.status;
    result.findings = [
      {
        key: 'attestation',
        status: valid.status,
        message: t(
          `Attested by ${valid.by} on ${valid.date}: ${valid.observed}`,
          `${valid.date} に ${valid.by} が確認: ${valid.observed}`,
        ),
      },
    ];
  }
}

export function judgeTarget(
  plan: Plan,
  bt: BundleTarget,
  j: Judgement,
  expiredSeen: Map<string, WaiverRef> = new Map(),
): TargetResult {
  const base: TargetResult = {
    id: bt.id,
    kind: bt.kind,
    name: bt.name,
    tags: bt.tags,
    platform: bt.platform,
    state: bt.state,
    error: bt.error,
    results: [],
    timing: { ...bt.timing },
  };
  const notes = targetNotes(bt);
  if (notes.length) base.notes = notes;
  const answered = Object.keys(bt.answers).length > 0;
  if (bt.state === 'error' && !answered) return base;
  const started = performance.now();
  const now = new Date(bt.gatheredAt);
  const evidence = new Evidence(new Map<string, EvidenceAnswer>(Object.entries(bt.answers)));
  const findingsByExecution = new Map<string, Finding[]>();
  for (const ex of plan.executions) findingsByExecution.set(ex.key, evaluateExecution(ex, bt, evidence, now));
  const hostNames = [bt.name, bt.id, bt.platform.hostname ?? ''].filter(Boolean);
  for (const pc of plan.controls) base.results.push(resultFor(pc, findingsByExecution, j, hostNames, now, expiredSeen));
  base.timing.evaluateMs = Math.round(performance.now() - started);
  return base;
}

function resultFor(
  pc: PlannedControl,
  byEx: Map<string, Finding[]>,
  j: Judgement,
  hostNames: string[],
  now: Date,
  expiredSeen: Map<string, WaiverRef>,
): CheckResult {
  const ex = pc.execution;
  const findings = ex
    ? (byEx.get(ex.key) ?? [])
    : [{ status: 'manual' as Status, message: pc.procedure ?? t('Check this by hand.', '手作業で確認してください。') }];
  const result: CheckResult = {
    controlId: pc.controlId,
    checkId: ex?.check.id ?? 'manual',
    profileIds: [...pc.profileIds],
    requirements: [...pc.requirements],
    title: ex?.check.title ?? pc.controlTitle,
    controlTitle: pc.controlTitle,
    status: worstStatus(findings.map((f) => f.status)),
    severity: pc.severity,
    findings: keyFindings(findings),
    remediation:
      ex?.check.remediation ??
      pc.expected ??
      t('Follow the procedure and record what you saw.', '手順に従って確認し、結果を記録してください。'),
  };
  if (pc.procedure) result.procedure = pc.procedure;
  if (pc.tags.length) result.tags = [...pc.tags];
  if (!ex) applyAttestation(result, j, hostNames, now);
  applyWaiver(result, j, hostNames, now, expiredSeen);
  return result;
}

/** Facts about the evidence as a whole that qualify every result. */
function targetNotes(bt: BundleTarget): Text[] {
  const notes: Text[] = [];
  const stale = Object.entries(bt.answers)
    .filter(([, a]) => a.registry?.stale)
    .map(([k]) => k.replace(/^registry:/, ''));
  // One note per dirty hive whose logs were replayed (offline images).
  const replayed = new Map<string, NonNullable<NonNullable<EvidenceAnswer['registry']>['dirty']>>();
  for (const a of Object.values(bt.answers)) {
    const d = a.registry?.dirty;
    if (d?.replayed && !replayed.has(d.hive)) replayed.set(d.hive, d);
  }
  for (const d of replayed.values()) {
    const logs = (d.logs ?? []).map((l) => l.split('/').pop()).join(', ');
    notes.push(
      t(
        `Registry hive ${d.hive} was dirty (the terminal was not shut down cleanly); its transaction logs (${logs}) were ` +
          `replayed before reading: ${d.entries ?? 0} log entries applied.`,
        `レジストリハイブ ${d.hive} はダーティでした（端末が正常にシャットダウンされていません）。` +
          `読み取る前にトランザクションログ（${logs}）を反映しました（${d.entries ?? 0} 件のログエントリ）。`,
      ),
    );
  }
  if (stale.length) {
    const why = Object.values(bt.answers).find((a) => a.registry?.stale && a.registry.dirty?.why)?.registry?.dirty?.why;
    notes.push(
      t(
        `Registry hives were read with transaction logs not replayed (dirty hive): recent changes may be missing ` +
          `from ${stale.length} registry answers, e.g. ${stale[0]}.${why ? ` Why: ${why.slice(0, 300)}.` : ''} Replay the ` +
          `.LOG1/.LOG2 files or take the image after a clean shutdown.`,
        `レジストリハイブのトランザクションログが反映されていません（ダーティハイブ）。${stale.length}` +
          ` 件のレジストリ値（例: ${stale[0]}）で最近の変更が欠けている可能性があります。` +
          `${why ? `理由: ${why.slice(0, 300)}。` : ''}.LOG1/.LOG2 を反映するか、` +
          `正常にシャットダウンした後のイメージを使ってください。`,
      ),
    );
  }
  return notes;
}

/** Status counts; with failOn, also the pass rate, manual items pending and the gate (as a report's summary). */
export function summarize(targets: TargetResult[], failOn?: Severity): Summary {
  const s = { ...(Object.fromEntries(STATUSES.map((st) => [st, 0])) as Record<Status, number>), total: 0 };
  for (const tr of targets)
    for (const r of tr.results) {
      s[r.status]++;
      s.total++;
    }
  return failOn ? completeSummary(s, gateOfTargets(targets, failOn)) : s;
}

export { gates } from '../core/gate.js';

export function verdictOf(report: Pick<Report, 'targets' | 'failOn'>): Report['verdict'] {
  return verdictOfGate(gateOfTargets(report.targets, report.failOn));
}

export function exitCodeOf(report: Pick<Report, 'targets' | 'failOn'>): number {
  return exitCodeOfGate(gateOfTargets(report.targets, report.failOn));
}
