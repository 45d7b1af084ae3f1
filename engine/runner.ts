/**
 * Gather one target's evidence for a plan: connect, one batched gather, the active
 * collectors, then redact. Never throws for the target's fault: a broken host becomes
 * a BundleTarget in state `error` with the reason.
 */
import type { BundleTarget } from './bundle.js';
import {
  requestKey,
  type EvidenceAnswer,
  type EvidenceRequest,
  type RegistryKeyData,
  type RegistryValue,
} from '../core/evidence.js';
import type { Platform } from '../core/model.js';
import type { Plan } from './planner.js';
import type { ProgressListener } from '../core/progress.js';
import { errorText, redactBytes, redactDeep, redactText } from '../core/redact.js';
import { TargetError, type GatherResult, type Target } from '../core/target.js';

export interface GatherOptions {
  name?: string;
  tags?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** One time limit for the whole host: connect, gather and the active checks (--timeout). */
  timeoutMs?: number;
}

/** The reason a host's deadline fires with (targets say it as is: "timed out after 20 s (--timeout)"). */
export function deadlineError(ms: number): Error {
  const e = new Error(`timed out after ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} (--timeout)`);
  e.name = 'ScanDeadline';
  return e;
}

/** What an aborted phase says: the deadline's message, or that the scan was cancelled. */
function abortMessage(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error && r.name === 'ScanDeadline' ? r.message : 'scan cancelled (interrupted)';
}

/** How long a phase may take to wind down after its signal fired before it is left behind. */
const PHASE_GRACE_MS = 2000;

/**
 * Await a phase, but never past its signal plus a short grace: a target or collector that
 * ignores the signal cannot hold the host (or the fleet) beyond its time limit.
 */
async function withinSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort: (() => void) | undefined;
  let grace: NodeJS.Timeout | undefined;
  const stop = new Promise<never>((_, reject) => {
    onAbort = () => {
      grace = setTimeout(() => reject(new Error(abortMessage(signal))), PHASE_GRACE_MS);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stop]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    clearTimeout(grace);
    work.catch(() => undefined);
  }
}

export function planRequests(plan: Plan): EvidenceRequest[] {
  const out: EvidenceRequest[] = [];
  const seen = new Set<string>();
  for (const ex of plan.executions) {
    let reqs: EvidenceRequest[];
    try {
      reqs = ex.check.requests(ex.params);
    } catch {
      continue; // the check's evaluate will say it has no evidence
    }
    for (const r of reqs) {
      const k = requestKey(r);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(r);
      }
    }
  }
  return out;
}

/** Registry types whose data the contract carries as hex: the bytes are what may hold a card number, not the hex digits. */
const HEX_REGISTRY_TYPES = new Set(['REG_BINARY', 'REG_NONE', 'REG_UNKNOWN']);

/** A registry value masked like file bytes when it is hex (so zero runs in a FILETIME or SID stay intact), like text otherwise. */
function redactRegistryValue(v: RegistryValue): RegistryValue {
  if (HEX_REGISTRY_TYPES.has(v.type) && typeof v.data === 'string' && /^(?:[0-9a-f]{2})*$/i.test(v.data))
    return { ...v, name: redactText(v.name), data: redactBytes(Buffer.from(v.data, 'hex')).toString('hex') };
  return redactDeep(v);
}

function redactRegistry(r: RegistryKeyData): RegistryKeyData {
  const { values, children, ...rest } = r;
  const out: RegistryKeyData = { ...redactDeep(rest), values: values.map(redactRegistryValue) };
  if (children)
    out.children = Object.fromEntries(Object.entries(children).map(([k, vs]) => [redactText(k), vs.map(redactRegistryValue)]));
  return out;
}

/** Mask anything card-shaped in gathered evidence, before it is judged or saved. */
export function redactAnswer(a: EvidenceAnswer): EvidenceAnswer {
  const out: EvidenceAnswer = { ...a };
  if (out.data !== undefined) {
    out.data = out.encoding === 'base64' ? redactBytes(Buffer.from(out.data, 'base64')).toString('base64') : redactText(out.data);
  }
  if (out.stderr) out.stderr = redactText(out.stderr);
  if (out.reason) out.reason = redactText(out.reason);
  if (out.entries) out.entries = out.entries.map(redactText);
  if (out.registry) out.registry = redactRegistry(out.registry);
  return out;
}

/** Targets whose connection never came up for a reason the target called transient (worth one more try). */
const transientFailures = new WeakSet<BundleTarget>();

/** True when the target could not connect for a transient reason (a timeout, a reset): the scan may try again. */
export function failedTransiently(bt: BundleTarget): boolean {
  return transientFailures.has(bt);
}

export async function gatherTarget(target: Target, plan: Plan, opts: GatherOptions = {}): Promise<BundleTarget> {
  const name = opts.name ?? target.id;
  const emit = opts.onProgress ?? (() => undefined);
  const requests = planRequests(plan);
  const startedAt = new Date();
  const bt: BundleTarget = {
    id: target.id,
    kind: target.kind,
    name,
    tags: opts.tags,
    platform: { os: 'unknown' },
    gatheredAt: startedAt.toISOString(),
    state: 'scanned',
    requests,
    answers: {},
    timing: { startedAt: startedAt.toISOString(), finishedAt: '', roundTrips: 0, requests: requests.length },
  };
  const t0 = performance.now();
  // One signal bounds every phase of this host: the user's Ctrl-C/SIGTERM, or --timeout.
  const deadline = new AbortController();
  const onUserAbort = () => deadline.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onUserAbort();
  else opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  const timer = opts.timeoutMs ? setTimeout(() => deadline.abort(deadlineError(opts.timeoutMs ?? 0)), opts.timeoutMs) : undefined;
  const signal = deadline.signal;
  let phase = 'connect phase';
  try {
    emit({ type: 'target-phase', id: target.id, phase: 'connect' });
    await withinSignal(target.connect(signal), signal);
    bt.timing.connectMs = Math.round(performance.now() - t0);
    phase = 'gather phase';
    emit({ type: 'target-phase', id: target.id, phase: 'gather', detail: `${requests.length} requests` });
    const t1 = performance.now();
    let gathered: GatherResult;
    try {
      gathered = await withinSignal(target.gather(requests, signal), signal);
    } catch (err) {
      const partial = (err as { partial?: GatherResult }).partial;
      if (!partial) throw err;
      gathered = partial;
      bt.state = 'error';
      bt.error = errorText(err);
    }
    bt.timing.gatherMs = Math.round(performance.now() - t1);
    bt.platform = sanitizePlatform(gathered.platform);
    for (const [k, a] of gathered.answers) bt.answers[k] = redactAnswer(a);
    if (bt.state === 'scanned' && signal.aborted) throw new Error(abortMessage(signal));
    if (bt.state === 'scanned') {
      const t2 = performance.now();
      await runActive(target, plan, bt, { ...opts, signal }, emit, (p) => (phase = p));
      bt.timing.activeMs = Math.round(performance.now() - t2);
      // A host whose active checks were stopped was not fully scanned, whatever they returned.
      if (signal.aborted) throw new Error(abortMessage(signal));
    }
  } catch (err) {
    bt.state = 'error';
    bt.error = signal.aborted
      ? `${name}: ${abortMessage(signal)} during the ${phase}; the host was not fully scanned`
      : err instanceof TargetError
        ? errorText(err)
        : `${name}: ${errorText(err)}`;
    // Only a connection that never came up is retried: a host that hung or broke mid-scan is not transient.
    if (err instanceof TargetError && err.transient && bt.timing.connectMs === undefined) transientFailures.add(bt);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onUserAbort);
    bt.timing.roundTrips = target.roundTrips();
    await withinSignal(
      target.close().catch(() => undefined),
      AbortSignal.timeout(1),
    ).catch(() => undefined);
  }
  bt.timing.finishedAt = new Date().toISOString();
  return bt;
}

async function runActive(
  target: Target,
  plan: Plan,
  bt: BundleTarget,
  opts: GatherOptions & { signal: AbortSignal },
  emit: ProgressListener,
  onPhase: (phase: string) => void,
): Promise<void> {
  const done = new Set<string>();
  for (const ex of plan.executions) {
    const active = ex.check.active;
    if (!active) continue;
    if (bt.platform.os !== 'unknown' && !ex.check.platforms.includes(bt.platform.os)) continue;
    const key = active.key(ex.params);
    if (done.has(key)) continue;
    done.add(key);
    if (opts.signal.aborted) return;
    onPhase(`active phase (${ex.check.id})`);
    emit({ type: 'target-phase', id: target.id, phase: 'active', detail: ex.check.id });
    const controller = new AbortController();
    const onAbort = () => controller.abort(opts.signal.reason);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await withinSignal(active.collect(target, ex.params, controller.signal), opts.signal);
      bt.answers[`active:${key}`] = redactAnswer({
        status: r.status,
        data: r.data === undefined ? undefined : JSON.stringify(r.data),
        encoding: 'utf8',
        reason: r.reason,
      });
    } catch (err) {
      bt.answers[`active:${key}`] = { status: 'error', reason: errorText(err) };
    } finally {
      opts.signal.removeEventListener('abort', onAbort);
    }
  }
}

function sanitizePlatform(p: Platform): Platform {
  const out: Platform = { os: p.os };
  for (const k of ['distro', 'edition', 'version', 'build', 'arch', 'hostname', 'pretty', 'hardware'] as const) {
    const v = p[k];
    if (typeof v === 'string' && v) out[k] = redactText(v).slice(0, 200);
  }
  return out;
}
