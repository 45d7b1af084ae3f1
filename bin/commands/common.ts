/** Option parsing shared by the CLI commands: languages, severities, formats, profiles. */
import { UsageError } from '../../core/errors.js';
import { isLang, systemLang, type Lang } from '../../core/i18n.js';
import { SEVERITIES, type Severity } from '../../core/model.js';
import { loadProfile, type Profile } from '../../engine/profiles.js';
import { findCheck } from '../../checks/index.js';
import type { Judgement } from '../../engine/evaluate.js';
import { loadAttestations, loadWaivers } from '../../engine/waivers.js';

export const DEFAULT_PROFILE = 'pci-dss';
export const FORMATS = ['json', 'sarif', 'sarif-github', 'html', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export function parseLang(value: string | undefined): Lang {
  if (value === undefined) return systemLang();
  if (!isLang(value))
    throw new UsageError(
      `--lang must be en or ja, not "${value}"`,
      `--lang には en か ja を指定してください（指定値: "${value}"）`,
    );
  return value;
}

export function parseSeverity(value: string | undefined, fallback: Severity = 'high'): Severity {
  if (value === undefined) return fallback;
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw new UsageError(
      `--fail-on must be one of ${SEVERITIES.join(', ')}, not "${value}"`,
      `--fail-on には ${SEVERITIES.join(', ')} のいずれかを指定してください（指定値: "${value}"）`,
    );
  return value as Severity;
}

export function parseFormats(value: string | undefined): Format[] {
  const list = (value ?? 'json,html,sarif,junit')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of list)
    if (!(FORMATS as readonly string[]).includes(f))
      throw new UsageError(
        `unknown format "${f}" (formats: ${FORMATS.join(', ')})`,
        `不明な形式 "${f}" です（使える形式: ${FORMATS.join(', ')}）`,
      );
  if (!list.includes('json')) list.unshift('json');
  return [...new Set(list)] as Format[];
}

export function parseTimeout(value: string | undefined, name: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(\d{1,12}(?:\.\d{1,6})?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m)
    throw new UsageError(
      `${name} takes a duration such as 30s, 2m or 500ms, not "${value}"`,
      `${name} には 30s、2m、500ms のような時間を指定してください（指定値: "${value}"）`,
    );
  const n = Number(m[1]);
  const ms = Math.round(m[2] === 'ms' ? n : m[2] === 'h' ? n * 3_600_000 : m[2] === 'm' ? n * 60_000 : n * 1000);
  // Node's timers take at most 2^31-1 ms and treat anything above as 1 ms: bound the value first.
  if (!(ms >= MIN_TIMEOUT_MS && ms <= MAX_TIMEOUT_MS))
    throw new UsageError(
      `${name} must be between 1s and 24h (86400s), not "${value}"`,
      `${name} は 1s から 24h（86400s）までの範囲で指定してください（指定値: "${value}"）`,
    );
  return ms;
}

/** The bounds of every duration option: 1 second to 24 hours. */
export const MIN_TIMEOUT_MS = 1000;
export const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export function parsePositiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(
      `${name} takes a whole number of 1 or more, not "${value}"`,
      `${name} には 1 以上の整数を指定してください（指定値: "${value}"）`,
    );
  return n;
}

export async function loadProfiles(refs: string[] | undefined): Promise<Profile[]> {
  const list = refs && refs.length > 0 ? refs : [DEFAULT_PROFILE];
  const out: Profile[] = [];
  for (const ref of list) out.push(await loadProfile(ref, findCheck));
  return out;
}

export async function loadJudgement(waivers?: string, attestations?: string): Promise<Judgement> {
  return {
    waivers: waivers ? await loadWaivers(waivers) : [],
    attestations: attestations ? await loadAttestations(attestations) : [],
  };
}

/** Collect repeatable options (commander). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
