/** The core types: checks, findings, results, the report. */
import type { Text } from './i18n.js';
import type { Evidence, EvidenceRequest, OsFamily } from './evidence.js';
import type { Target } from './target.js';

export const STATUSES = ['pass', 'fail', 'warn', 'error', 'not-applicable', 'manual', 'waived'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export function severityRank(s: Severity): number {
  return { critical: 4, high: 3, medium: 2, low: 1, info: 0 }[s];
}

/** How bad a status is when folding findings into one result: worst wins. */
export function statusRank(s: Status): number {
  return { fail: 6, error: 5, warn: 4, manual: 3, waived: 2, pass: 1, 'not-applicable': 0 }[s];
}

export function worstStatus(statuses: Iterable<Status>, empty: Status = 'error'): Status {
  let worst: Status | undefined;
  for (const s of statuses) if (worst === undefined || statusRank(s) > statusRank(worst)) worst = s;
  return worst ?? empty;
}

export type TargetKind = 'local' | 'ssh' | 'image';

export interface Platform {
  os: OsFamily | 'unknown';
  /** Distribution id (`debian`, `ubuntu`, `rhel`) or Windows product (`Windows 10 IoT Enterprise LTSC 2021`). */
  distro?: string;
  /** Windows EditionID (`IoTEnterpriseS`) when known. */
  edition?: string;
  version?: string;
  /** Windows build number with UBR (`19044.5487`), or the Linux kernel release. */
  build?: string;
  arch?: string;
  hostname?: string;
  /** A short label for reports: `Debian GNU/Linux 12 (bookworm)`. */
  pretty?: string;
  /** Manufacturer and model, when known. */
  hardware?: string;
}

/** What a check's `evaluate` gets besides evidence. Deterministic: `now` is the gather time. */
export interface CheckContext<P = Record<string, unknown>> {
  params: P;
  platform: Platform;
  targetKind: TargetKind;
  now: Date;
}

export interface Finding {
  status: Status;
  message: Text;
  /** Where: a file path, registry key, port, device id. */
  location?: string;
  /** Request keys (see requestKey) of the evidence this rests on. */
  evidence?: string[];
  /** Overrides the check's remediation for this finding. */
  remediation?: Text;
  /** Small structured facts for reports (masked: never a full card number). */
  details?: Record<string, unknown>;
  /**
   * A stable id of what this finding is about, chosen by the check (`sshd.permit-root-login`), for
   * findings whose location alone does not say it. Never carries counts, dates or other changing text.
   */
  messageId?: string;
  /**
   * The check did not look at everything (a card-data search that ran out of its time or size
   * budget): a problem seen before and not seen now is not fixed, only not re-checked.
   */
  partial?: boolean;
  /**
   * The finding's identity within its check result, set by the engine (see core/finding-key.ts):
   * the same unfixed problem has the same key every day, whatever numbers its message carries.
   */
  key?: string;
}

/** JSON Schema (draft 2020-12 / draft-07 subset as ajv reads it) for a check's params. */
export type ParamsSchema = {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  additionalProperties?: boolean;
  required?: string[];
};

/** Collects evidence that a batched script cannot: a file-system walk, a socket probe. */
export interface ActiveCollector<P = Record<string, unknown>> {
  /** Key the collected evidence is stored under (`active:<key>`); include what makes params differ. */
  key(params: P): string;
  /** Must never throw for a target's fault: return an answer with status and reason. The data must be JSON and masked. */
  collect(
    target: Target,
    params: P,
    signal: AbortSignal,
  ): Promise<{ status: 'ok' | 'error' | 'unsupported'; data?: unknown; reason?: string }>;
}

export interface Check<P = Record<string, unknown>> {
  /** `family.name`, e.g. `usb.storage-blocked`. */
  id: string;
  family: string;
  title: Text;
  description: Text;
  remediation: Text;
  platforms: readonly OsFamily[];
  // No `requirements` here: which requirement a check evidences is written once, in the profiles
  // (engine/mappings.ts derives it; SARIF rules relate to what the controls that ran it name).
  severity: Severity;
  params: ParamsSchema;
  /** What to gather. Platform-independent: tag OS-specific requests with `os`. */
  requests(params: P): EvidenceRequest[];
  active?: ActiveCollector<P>;
  /** Pure: the same evidence and context give the same findings. */
  evaluate(ev: Evidence, ctx: CheckContext<P>): Finding[];
}

// Checks are stored with their own param types erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = Check<any>;

export interface WaiverRef {
  reason: string;
  approver: string;
  expires: string;
  source: string;
}

export interface Attestation {
  by: string;
  date: string;
  expires: string;
  observed: string;
  status: 'pass' | 'fail';
  source: string;
}

/** One check as run for one control on one target. */
export interface CheckResult {
  controlId: string;
  checkId: string;
  profileIds: string[];
  requirements: string[];
  title: Text;
  controlTitle: Text;
  status: Status;
  severity: Severity;
  findings: Finding[];
  remediation: Text;
  /** For manual controls: what a person must do. */
  procedure?: Text;
  waiver?: WaiverRef;
  /** A waiver matched but is expired: reported, not applied. */
  expiredWaiver?: WaiverRef;
  attestation?: Attestation;
  tags?: string[];
}

export interface TargetTiming {
  startedAt: string;
  finishedAt: string;
  connectMs?: number;
  gatherMs?: number;
  activeMs?: number;
  evaluateMs?: number;
  /** Execs/channels opened on the target (SSH), or commands run (local). */
  roundTrips: number;
  requests: number;
}

export interface TargetResult {
  id: string;
  kind: TargetKind;
  /** Display name; for fleets, the inventory name. */
  name: string;
  /** Inventory tags (store, region). */
  tags?: Record<string, string>;
  platform: Platform;
  /** `error` when the target could not be scanned at all. */
  state: 'scanned' | 'error';
  error?: string;
  /** What a reader must know to trust the results (for example: registry hives read dirty). */
  notes?: Text[];
  results: CheckResult[];
  timing: TargetTiming;
}

/** How a profile's requirements are evidenced (engine/coverage.ts computes it; nothing else does). */
export interface CoverageCounts {
  requirements: number;
  automated: number;
  partial: number;
  manual: number;
}

export interface ProfileRef {
  id: string;
  title: Text;
  version: string;
  source: string;
  coverage?: CoverageCounts;
}

/** What the gate saw: the facts behind the verdict and the exit code, each one readable on its own. */
export interface GateSummary {
  failOn: Severity;
  /** Results at or above failOn that fail the gate (`fail`; `warn` too when failOn is `low`). */
  failing: number;
  /** Results at or above failOn whose check could not decide (`error`): the run cannot be called compliant. */
  undecided: number;
  /** Targets that could not be scanned at all. */
  targetsNotScanned: number;
  /** The undecided results grouped by reason (most frequent first, at most 50 groups). */
  undecidedByReason: Array<{ reason: Text; checks: string[]; results: number }>;
  /** The exit code this verdict gives (README, "Exit codes"). */
  exitCode: number;
}

export type Summary = Record<Status, number> & {
  total: number;
  /**
   * Automated pass rate in percent (one decimal): pass ÷ (pass + fail + warn + error). Manual,
   * waived and not-applicable results are not in it. Absent when nothing was decided.
   */
  automatedPassRate?: number;
  /** Manual items pending: controls a person must still verify (no valid attestation). */
  manualPending?: number;
  gate?: GateSummary;
};

export interface Report {
  schemaVersion: 1;
  tool: { name: 'posaudit'; version: string };
  createdAt: string;
  lang: 'en' | 'ja';
  failOn: Severity;
  profiles: ProfileRef[];
  targets: TargetResult[];
  summary: Summary;
  /**
   * non-compliant: some result at or above failOn fails (whatever else is true);
   * incomplete: none fails, but a target was not scanned or a check at or above failOn could not decide;
   * compliant: every target scanned, every check at or above failOn decided, none failing.
   */
  verdict: 'compliant' | 'non-compliant' | 'incomplete';
  /** Waivers that expired and no longer apply. */
  expiredWaivers?: WaiverRef[];
  /** Set when the report compares against a baseline. */
  baseline?: { source: string; createdAt: string };
}
