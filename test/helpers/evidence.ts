/** Build Evidence from recorded answers, for check tests. */
import { Evidence, requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, CheckContext, Finding, Platform } from '../../core/model.js';

export type Recorded = Array<[EvidenceRequest, EvidenceAnswer]>;

export function evidenceOf(recorded: Recorded, active: Record<string, EvidenceAnswer> = {}): Evidence {
  const map = new Map<string, EvidenceAnswer>();
  for (const [req, ans] of recorded) map.set(requestKey(req), ans);
  for (const [k, ans] of Object.entries(active)) map.set(`active:${k}`, ans);
  return new Evidence(map);
}

export const ok = (data: string, extra: Partial<EvidenceAnswer> = {}): EvidenceAnswer => ({
  status: 'ok',
  data,
  encoding: 'utf8',
  ...extra,
});
export const missing: EvidenceAnswer = { status: 'missing', reason: 'no such file' };
export const unsupported: EvidenceAnswer = { status: 'unsupported', reason: 'commands cannot run on an offline image' };

export const LINUX: Platform = { os: 'linux', distro: 'debian', version: '12', pretty: 'Debian GNU/Linux 12 (bookworm)' };
export const WINDOWS: Platform = {
  os: 'windows',
  distro: 'Windows 10 IoT Enterprise LTSC 2021',
  edition: 'IoTEnterpriseS',
  version: '10.0',
  build: '19044.5487',
};

/** Every request of a check answered with the same answer (e.g. all missing). */
export function allAnswered(check: AnyCheck, answer: EvidenceAnswer, params?: Record<string, unknown>): Evidence {
  return evidenceOf(
    check.requests(params ?? defaultParams(check)).map((r: EvidenceRequest) => [r, answer] as [EvidenceRequest, EvidenceAnswer]),
  );
}

export function defaultParams(check: AnyCheck): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(check.params.properties)) if ('default' in s) out[k] = s.default;
  return out;
}

export function run(
  check: AnyCheck,
  ev: Evidence,
  platform: Platform = LINUX,
  params?: Record<string, unknown>,
  now = new Date('2026-11-21T00:00:00Z'),
): Finding[] {
  const ctx: CheckContext = { params: { ...defaultParams(check), ...(params ?? {}) }, platform, targetKind: 'ssh', now };
  return check.evaluate(ev, ctx);
}
