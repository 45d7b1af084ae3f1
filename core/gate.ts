/**
 * The gate: from the results of a run to its verdict and exit code, and the facts behind them
 * (how many results fail the gate, how many could not be decided, how many targets were not
 * scanned, and why checks could not decide, grouped by reason).
 *
 * Exit codes (README "Exit codes"):
 *   0  compliant: every target scanned, every check at or above --fail-on decided, none failing
 *   1  findings at or above --fail-on (also when some targets were not scanned: the findings are certain)
 *   2  usage, profile, waiver or input error (nothing was judged)
 *   3  no findings, but some target could not be scanned
 *   4  internal error
 *   5  no findings, every target scanned, but some check at or above --fail-on could not decide (error)
 */
import { messageIdOf } from './finding-key.js';
import type { Text } from './i18n.js';
import {
  severityRank,
  type GateSummary,
  type Report,
  type Severity,
  type Status,
  type Summary,
  type TargetResult,
} from './model.js';

export const EXIT_COMPLIANT = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_NOT_SCANNED = 3;
export const EXIT_UNDECIDED = 5;

/** Does this result count against the gate? `warn` counts as low severity. */
export function gates(status: Status, severity: Severity, failOn: Severity): boolean {
  if (status === 'fail') return severityRank(severity) >= severityRank(failOn);
  if (status === 'warn') return severityRank('low') >= severityRank(failOn);
  return false;
}

/** A result the gate needed but whose check could not decide. */
export function undecides(status: Status, severity: Severity, failOn: Severity): boolean {
  return status === 'error' && severityRank(severity) >= severityRank(failOn);
}

const MAX_REASONS = 50;
const MAX_CHECKS_PER_REASON = 20;

/** Counts the gate facts target by target (a fleet is never held whole). */
export class GateTally {
  failing = 0;
  undecided = 0;
  targetsNotScanned = 0;
  private readonly reasons = new Map<string, { reason: Text; checks: Set<string>; results: number }>();

  constructor(readonly failOn: Severity) {}

  add(target: TargetResult): void {
    if (target.state === 'error') this.targetsNotScanned++;
    for (const r of target.results) {
      if (gates(r.status, r.severity, this.failOn)) this.failing++;
      else if (undecides(r.status, r.severity, this.failOn)) {
        this.undecided++;
        const f = r.findings.find((x) => x.status === 'error') ?? r.findings[0];
        const reason: Text = f?.message ?? r.title;
        const id = f?.messageId ?? messageIdOf(reason.en);
        let g = this.reasons.get(id);
        if (!g) {
          if (this.reasons.size >= MAX_REASONS) continue;
          g = { reason, checks: new Set(), results: 0 };
          this.reasons.set(id, g);
        }
        // The group shows the first of its reasons in text order: the same whatever order hosts finish in.
        else if (reason.en < g.reason.en) g.reason = reason;
        g.results++;
        if (g.checks.size < MAX_CHECKS_PER_REASON) g.checks.add(r.checkId);
      }
    }
  }

  summary(): GateSummary {
    const undecidedByReason = [...this.reasons.values()]
      .sort((a, b) => b.results - a.results || a.reason.en.localeCompare(b.reason.en))
      .map((g) => ({ reason: g.reason, checks: [...g.checks].sort(), results: g.results }));
    const facts = { failing: this.failing, undecided: this.undecided, targetsNotScanned: this.targetsNotScanned };
    return { failOn: this.failOn, ...facts, undecidedByReason, exitCode: exitCodeOfGate(facts) };
  }
}

type GateFacts = Pick<GateSummary, 'failing' | 'undecided' | 'targetsNotScanned'>;

export function verdictOfGate(g: GateFacts): Report['verdict'] {
  if (g.failing > 0) return 'non-compliant';
  if (g.targetsNotScanned > 0 || g.undecided > 0) return 'incomplete';
  return 'compliant';
}

export function exitCodeOfGate(g: GateFacts): number {
  if (g.failing > 0) return EXIT_FINDINGS;
  if (g.targetsNotScanned > 0) return EXIT_NOT_SCANNED;
  if (g.undecided > 0) return EXIT_UNDECIDED;
  return EXIT_COMPLIANT;
}

/** The exit code of a run from its report header: the gate's, or (a report written before the gate was summarized) from the verdict. */
export function exitCodeOfHeader(h: Pick<Report, 'summary' | 'verdict'>): number {
  if (h.summary.gate) return h.summary.gate.exitCode;
  return h.verdict === 'incomplete' ? EXIT_NOT_SCANNED : h.verdict === 'non-compliant' ? EXIT_FINDINGS : EXIT_COMPLIANT;
}

/** Automated pass rate in percent: pass ÷ (pass + fail + warn + error); undefined when none. */
export function automatedPassRate(s: Record<Status, number>): number | undefined {
  const denom = s.pass + s.fail + s.warn + s.error;
  return denom === 0 ? undefined : Math.round((s.pass / denom) * 1000) / 10;
}

/** Status counts with the derived numbers: pass rate, manual items pending and the gate. */
export function completeSummary(counts: Record<Status, number> & { total: number }, gate: GateSummary): Summary {
  const rate = automatedPassRate(counts);
  return {
    ...counts,
    ...(rate !== undefined ? { automatedPassRate: rate } : {}),
    manualPending: counts.manual,
    gate,
  };
}

/** The gate of whole targets (a report in memory). */
export function gateOfTargets(targets: Iterable<TargetResult>, failOn: Severity): GateSummary {
  const tally = new GateTally(failOn);
  for (const t of targets) tally.add(t);
  return tally.summary();
}
