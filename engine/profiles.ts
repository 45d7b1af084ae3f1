/**
 * Profiles: load (shipped id or file), validate against profiles/profile.schema.json,
 * resolve `extends`, apply overrides, check every check id and its params.
 * A broken profile stops the run with file, line, column and reason.
 */
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { UsageError } from '../core/errors.js';
import { t, type Text } from '../core/i18n.js';
import type { AnyCheck, Severity } from '../core/model.js';
import { PROFILES_DIR } from '../core/paths.js';
import { pointerSegments, readYaml, where, type YamlSource } from '../core/yaml-source.js';

export interface CheckRef {
  check: string;
  params?: Record<string, unknown>;
  severity?: Severity;
}

export interface Control {
  id: string;
  requirements: string[];
  title: Text;
  description?: Text;
  severity?: Severity;
  tags?: string[];
  checks?: CheckRef[];
  manual?: { procedure: Text; expected?: Text };
}

export interface ContextItem {
  id: string;
  title: Text;
  text?: Text;
}

export interface ProfileFile {
  id: string;
  title: Text;
  version?: string | number;
  description?: Text;
  extends?: string;
  context?: ContextItem[];
  options?: ContextItem[];
  controls?: Control[];
  remove?: string[];
  params?: Record<string, Record<string, unknown>>;
  severity?: Record<string, Severity>;
  tags?: string[];
}

/** A profile with `extends` resolved and overrides applied. */
export interface Profile {
  id: string;
  title: Text;
  version: string;
  description?: Text;
  source: string;
  context: ContextItem[];
  options: ContextItem[];
  controls: Control[];
}

export type CheckLookup = (id: string) => AnyCheck | undefined;

let ajv: Ajv | undefined;
let validateProfile: ValidateFunction | undefined;
const paramValidators = new Map<string, ValidateFunction>();

async function schemaValidator(): Promise<ValidateFunction> {
  if (validateProfile) return validateProfile;
  ajv ??= new Ajv({ allErrors: false, useDefaults: true, strict: false });
  const schema = JSON.parse(await fsp.readFile(path.join(PROFILES_DIR, 'profile.schema.json'), 'utf8')) as object;
  validateProfile = ajv.compile(schema);
  return validateProfile;
}

function paramValidator(check: AnyCheck): ValidateFunction {
  let v = paramValidators.get(check.id);
  if (!v) {
    ajv ??= new Ajv({ allErrors: false, useDefaults: true, strict: false });
    v = ajv.compile({ additionalProperties: false, ...check.params });
    paramValidators.set(check.id, v);
  }
  return v;
}

/** Params with the check's defaults filled in; throws with `at` on a bad param. */
export function resolveParams(check: AnyCheck, given: Record<string, unknown> | undefined, at: string): Record<string, unknown> {
  const params = structuredClone(given ?? {});
  const v = paramValidator(check);
  if (!v(params)) {
    const why = describeAjvError(v.errors?.[0]);
    throw new UsageError(
      `${at}: bad params for check ${check.id}: ${why.en}`,
      `${at}: チェック ${check.id} のパラメーターが不正です: ${why.ja}`,
    );
  }
  return params;
}

/** The first ajv error in words; ajv's own message (English) stays as is inside the Japanese. */
function describeAjvError(e: ErrorObject | undefined): Text {
  if (!e) return t('invalid', '不正な値です');
  const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
  const at = field ? `${field} ` : '';
  const atJa = field ? `${field}: ` : '';
  if (e.keyword === 'additionalProperties') {
    const prop = String(e.params.additionalProperty);
    return t(`${at}unknown property "${prop}"`, `${atJa}不明なプロパティ "${prop}" です`);
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ');
    return t(`${at}must be one of ${allowed}`, `${atJa}${allowed} のいずれかを指定してください`);
  }
  if (e.keyword === 'required') {
    const prop = String(e.params.missingProperty);
    return t(`${at}missing property "${prop}"`, `${atJa}プロパティ "${prop}" がありません`);
  }
  if (e.keyword === 'anyOf')
    return t(`${at}a control needs "checks" or "manual"`, `${atJa}コントロールには "checks" か "manual" が必要です`);
  return t(`${at}${e.message ?? 'invalid'}`, `${atJa}${e.message ?? 'invalid'}`);
}

/** Shipped profile ids (the YAML files in profiles/). */
export async function shippedProfileIds(): Promise<string[]> {
  const names = await fsp.readdir(PROFILES_DIR).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => n.slice(0, -5))
    .sort();
}

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || ref.endsWith('.yaml') || ref.endsWith('.yml');
}

async function locate(ref: string, relativeTo?: string): Promise<string> {
  if (looksLikePath(ref)) return path.resolve(relativeTo ? path.dirname(relativeTo) : process.cwd(), ref);
  const shipped = path.join(PROFILES_DIR, `${ref}.yaml`);
  if (existsSync(shipped)) return shipped;
  const ids = await shippedProfileIds();
  throw new UsageError(
    `unknown profile "${ref}" (shipped profiles: ${ids.join(', ') || 'none'}; or give a file path)`,
    `不明なプロファイル "${ref}" です（同梱のプロファイル: ${ids.join(', ') || 'なし'}。ファイルのパスも指定できます）`,
  );
}

/** Load and fully resolve a profile by shipped id or file path. */
export async function loadProfile(ref: string, lookup: CheckLookup, relativeTo?: string, seen: string[] = []): Promise<Profile> {
  const file = await locate(ref, relativeTo);
  if (seen.includes(file)) {
    const chain = [...seen, file].join(' -> ');
    throw new UsageError(`${file}: "extends" loops back: ${chain}`, `${file}: "extends" が循環しています: ${chain}`);
  }
  const src = await readYaml(file, 'profile');
  const raw = validateShape(src, await schemaValidator());
  const base = raw.extends ? await loadProfile(raw.extends, lookup, file, [...seen, file]) : undefined;
  return resolve(raw, base, src, lookup);
}

function validateShape(src: YamlSource, validate: ValidateFunction): ProfileFile {
  if (!src.data || typeof src.data !== 'object' || Array.isArray(src.data))
    throw new UsageError(
      `${src.file}:1:1: a profile must be a YAML mapping`,
      `${src.file}:1:1: プロファイルは YAML のマッピングで書いてください`,
    );
  if (!validate(src.data)) {
    const e = validate.errors?.[0];
    const segs = pointerSegments(e?.instancePath ?? '');
    if (e?.keyword === 'additionalProperties') segs.push(String(e.params.additionalProperty));
    const why = describeAjvError(e);
    throw new UsageError(`${where(src, segs)}: ${why.en}`, `${where(src, segs)}: ${why.ja}`);
  }
  return src.data as ProfileFile;
}

function resolve(raw: ProfileFile, base: Profile | undefined, src: YamlSource, lookup: CheckLookup): Profile {
  const controls = new Map<string, Control>();
  for (const c of base?.controls ?? []) controls.set(c.id, structuredClone(c));
  for (const id of raw.remove ?? []) {
    if (!controls.delete(id)) {
      const at = where(src, ['remove', (raw.remove ?? []).indexOf(id)]);
      throw new UsageError(
        `${at}: "remove" names control ${id}, which ${base ? `${base.id} does not have` : 'no base profile has'}`,
        `${at}: "remove" にコントロール ${id} がありますが、` +
          `${base ? `${base.id} にはこのコントロールがありません` : '継承元のプロファイルがありません'}`,
      );
    }
  }
  const seenHere = new Set<string>();
  (raw.controls ?? []).forEach((c, i) => {
    if (seenHere.has(c.id))
      throw new UsageError(
        `${where(src, ['controls', i, 'id'])}: duplicate control id ${c.id}`,
        `${where(src, ['controls', i, 'id'])}: コントロール ID ${c.id} が重複しています`,
      );
    seenHere.add(c.id);
    (c.checks ?? []).forEach((ref, j) => {
      const check = lookup(ref.check);
      const at = where(src, ['controls', i, 'checks', j, 'check']);
      if (!check)
        throw new UsageError(
          `${at}: unknown check id "${ref.check}" (see: posaudit checks list)`,
          `${at}: 不明なチェック ID "${ref.check}" です（一覧: posaudit checks list）`,
        );
      resolveParams(check, ref.params, where(src, ['controls', i, 'checks', j, 'params']));
    });
    controls.set(c.id, { ...c, requirements: c.requirements ?? [] });
  });
  for (const [checkId, params] of Object.entries(raw.params ?? {})) {
    const check = lookup(checkId);
    const at = where(src, ['params', checkId]);
    if (!check)
      throw new UsageError(
        `${at}: unknown check id "${checkId}" (see: posaudit checks list)`,
        `${at}: 不明なチェック ID "${checkId}" です（一覧: posaudit checks list）`,
      );
    let used = false;
    for (const c of controls.values())
      for (const ref of c.checks ?? [])
        if (ref.check === checkId) {
          ref.params = { ...(ref.params ?? {}), ...params };
          resolveParams(check, ref.params, at);
          used = true;
        }
    if (!used)
      throw new UsageError(
        `${at}: params given for check ${checkId}, which no control of this profile uses`,
        `${at}: チェック ${checkId} にパラメーターが指定されていますが、このプロファイルのどのコントロールもこのチェックを使っていません`,
      );
  }
  for (const [controlId, sev] of Object.entries(raw.severity ?? {})) {
    const c = controls.get(controlId);
    if (!c)
      throw new UsageError(
        `${where(src, ['severity', controlId])}: severity given for unknown control ${controlId}`,
        `${where(src, ['severity', controlId])}: 不明なコントロール ${controlId} に重大度が指定されています`,
      );
    c.severity = sev;
  }
  let list = [...controls.values()];
  if (raw.tags && raw.tags.length > 0) list = list.filter((c) => (c.tags ?? []).some((t) => raw.tags?.includes(t)));
  return {
    id: raw.id,
    title: raw.title,
    version: String(raw.version ?? base?.version ?? '1'),
    description: raw.description ?? base?.description,
    source: src.file,
    context: raw.context ?? base?.context ?? [],
    options: raw.options ?? base?.options ?? [],
    controls: list,
  };
}
