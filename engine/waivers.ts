/**
 * Waivers (a control or check accepted as is, for some hosts, until a date) and attestations
 * (a person's record of a manual check). Expired ones stop applying and are reported.
 */
import { UsageError } from '../core/errors.js';
import type { Attestation, WaiverRef } from '../core/model.js';
import { readYaml, where, type YamlSource } from '../core/yaml-source.js';

export interface Waiver extends WaiverRef {
  control?: string;
  check?: string;
  hosts: string;
}

export interface AttestationEntry extends Attestation {
  control: string;
  hosts: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function str(
  src: YamlSource,
  obj: Record<string, unknown>,
  key: string,
  at: Array<string | number>,
  required = true,
): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw new UsageError(`${where(src, at)}: missing "${key}"`, `${where(src, at)}: "${key}" がありません`);
    return undefined;
  }
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'string' && typeof v !== 'number')
    throw new UsageError(
      `${where(src, [...at, key])}: "${key}" must be text`,
      `${where(src, [...at, key])}: "${key}" は文字列で指定してください`,
    );
  return String(v);
}

function date(src: YamlSource, obj: Record<string, unknown>, key: string, at: Array<string | number>): string {
  const v = str(src, obj, key, at) ?? '';
  // A real calendar day: 2027-02-31 parses (to March 3rd) but is no date anyone signed.
  if (!DATE.test(v) || Number.isNaN(Date.parse(v)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
    throw new UsageError(
      `${where(src, [...at, key])}: "${key}" must be a date like 2027-03-31`,
      `${where(src, [...at, key])}: "${key}" は 2027-03-31 のような日付で指定してください`,
    );
  return v;
}

function entries(src: YamlSource, key: string): Array<Record<string, unknown>> {
  const data = src.data as Record<string, unknown> | null;
  const list = data && typeof data === 'object' ? data[key] : undefined;
  if (!Array.isArray(list))
    throw new UsageError(
      `${src.file}:1:1: expected a top-level "${key}:" list`,
      `${src.file}:1:1: 最上位に "${key}:" のリストが必要です`,
    );
  return list.map((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e))
      throw new UsageError(
        `${where(src, [key, i])}: each entry must be a mapping`,
        `${where(src, [key, i])}: 各項目はマッピングで書いてください`,
      );
    return e as Record<string, unknown>;
  });
}

export async function loadWaivers(file: string): Promise<Waiver[]> {
  const src = await readYaml(file, 'waivers file');
  return entries(src, 'waivers').map((e, i) => {
    const at = ['waivers', i];
    const control = str(src, e, 'control', at, false);
    const check = str(src, e, 'check', at, false);
    if (!control && !check)
      throw new UsageError(
        `${where(src, at)}: a waiver names a "control" or a "check"`,
        `${where(src, at)}: 免除には "control" か "check" を指定してください`,
      );
    return {
      control,
      check,
      hosts: str(src, e, 'hosts', at, false) ?? '*',
      reason: str(src, e, 'reason', at) ?? '',
      approver: str(src, e, 'approver', at) ?? '',
      expires: date(src, e, 'expires', at),
      source: `${where(src, at)}`,
    };
  });
}

export async function loadAttestations(file: string): Promise<AttestationEntry[]> {
  const src = await readYaml(file, 'attestations file');
  return entries(src, 'attestations').map((e, i) => {
    const at = ['attestations', i];
    const status = str(src, e, 'status', at);
    if (status !== 'pass' && status !== 'fail')
      throw new UsageError(
        `${where(src, [...at, 'status'])}: "status" must be pass or fail`,
        `${where(src, [...at, 'status'])}: "status" は pass か fail で指定してください`,
      );
    return {
      control: str(src, e, 'control', at) ?? '',
      hosts: str(src, e, 'hosts', at, false) ?? '*',
      status,
      by: str(src, e, 'by', at) ?? '',
      date: date(src, e, 'date', at),
      expires: date(src, e, 'expires', at),
      observed: str(src, e, 'observed', at) ?? '',
      source: `${where(src, at)}`,
    };
  });
}

/** Host globs: `*` is any text (slashes and dots included: host names are not paths), `?` one character. */
export function hostGlob(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^(?:${body})$`, 'i');
}

function hostMatches(pattern: string, hostNames: string[]): boolean {
  const re = hostGlob(pattern);
  return hostNames.some((h) => re.test(h));
}

/** Still valid on `now`: the expiry day itself counts. */
export function unexpired(expires: string, now: Date): boolean {
  return Date.parse(`${expires}T23:59:59Z`) >= now.getTime();
}

export function findWaiver(waivers: Waiver[], controlId: string, checkId: string, hostNames: string[]): Waiver[] {
  return waivers.filter(
    (w) =>
      (w.control === undefined || w.control === controlId) &&
      (w.check === undefined || w.check === checkId) &&
      hostMatches(w.hosts, hostNames),
  );
}

export function findAttestation(list: AttestationEntry[], controlId: string, hostNames: string[]): AttestationEntry[] {
  return list.filter((a) => a.control === controlId && hostMatches(a.hosts, hostNames));
}
