/**
 * The evidence bundle: everything gathered, per host, saved as evidence.json.gz beside the
 * report. Written as hosts finish (memory stays flat in fleet size); read back by `evaluate`.
 */
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import type { EvidenceAnswer, EvidenceRequest } from '../core/evidence.js';
import { UsageError } from '../core/errors.js';
import { redactDeep, redactText } from '../core/redact.js';
import { checkInputFile, MiB } from '../core/input-file.js';
import { t } from '../core/i18n.js';
import type { Platform, TargetKind, TargetTiming } from '../core/model.js';

export interface BundleTarget {
  id: string;
  kind: TargetKind;
  name: string;
  tags?: Record<string, string>;
  platform: Platform;
  /** When the evidence was gathered: checks evaluate "as of" this time. */
  gatheredAt: string;
  state: 'scanned' | 'error';
  error?: string;
  requests: EvidenceRequest[];
  answers: Record<string, EvidenceAnswer>;
  timing: TargetTiming;
}

export interface BundleHeader {
  format: 'posaudit-evidence';
  version: 1;
  tool: { name: 'posaudit'; version: string };
  createdAt: string;
  /** The profiles the evidence was gathered for (ids or file paths, as given). */
  profiles: string[];
}

export interface EvidenceBundle extends BundleHeader {
  targets: BundleTarget[];
}

/** Streams a bundle to disk: header, then one target at a time. */
export class BundleWriter {
  private readonly gz = createGzip({ level: 6 });
  private readonly file;
  private first = true;
  private readonly finished: Promise<void>;
  /** One wait for 'drain' shared by every host writing at once (no listener per host: no MaxListeners warning at 240). */
  private drained?: Promise<void>;

  /** Written here, renamed to `path` when complete: a bundle on disk is never a truncated one. */
  private readonly partPath: string;

  constructor(
    readonly path: string,
    header: BundleHeader,
  ) {
    this.partPath = `${path}.partial`;
    this.file = createWriteStream(this.partPath, { mode: 0o600 });
    this.gz.pipe(this.file);
    this.finished = once(this.file, 'close').then(() => undefined);
    const head = JSON.stringify(header);
    this.gz.write(`${head.slice(0, -1)},"targets":[\n`);
  }

  async add(input: BundleTarget): Promise<void> {
    // Evidence answers are masked as they are gathered; what names the host (a target name, an
    // image path, an inventory host, the error) is masked here, the one way into the bundle.
    const target: BundleTarget = {
      ...input,
      id: redactText(input.id),
      name: redactText(input.name),
      ...(input.tags ? { tags: redactDeep(input.tags) } : {}),
      ...(input.error !== undefined ? { error: redactText(input.error) } : {}),
      platform: redactDeep(input.platform),
    };
    const ok = this.gz.write(`${this.first ? '' : ',\n'}${JSON.stringify(target)}`);
    this.first = false;
    if (!ok) await (this.drained ??= once(this.gz, 'drain').then(() => void (this.drained = undefined)));
  }

  async close(): Promise<void> {
    this.gz.end('\n]}\n');
    await this.finished;
    await fsp.rename(this.partPath, this.path);
  }

  /** Give up: the partial file is removed. */
  async abandon(): Promise<void> {
    this.gz.destroy();
    this.file.destroy();
    await fsp.rm(this.partPath, { force: true });
  }
}

/** The most a bundle may expand to when read (a gzip bomb stops here with a clear line). */
export const MAX_BUNDLE_BYTES = 512 * MiB;

export async function readBundle(file: string, maxBytes = MAX_BUNDLE_BYTES): Promise<EvidenceBundle> {
  try {
    await fsp.access(file);
  } catch {
    throw new UsageError(`${file}: no such evidence bundle`, `${file}: 証跡バンドルが見つかりません`);
  }
  await checkInputFile(file, t('evidence bundle', '証跡バンドル'), maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  try {
    for await (const c of stream) {
      total += (c as Buffer).length;
      if (total > maxBytes) {
        input.destroy();
        throw new UsageError(
          `${file}: the evidence bundle expands to more than ${Math.round(maxBytes / MiB)} MiB; refusing to read it (a ` +
            `gzip bomb, or not a posaudit bundle)`,
          `${file}: 証跡バンドルの展開後のサイズが ${Math.round(maxBytes / MiB)}` +
            ` MiB を超えるため読み取りません（gzip 爆弾か、posaudit の証跡バンドルではありません）`,
        );
      }
      chunks.push(c as Buffer);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `${file}: not a readable evidence bundle (${(err as Error).message})`,
      `${file}: 証跡バンドルを読み取れません（${(err as Error).message}）`,
    );
  }
  let data: EvidenceBundle;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EvidenceBundle;
  } catch {
    throw new UsageError(
      `${file}: not a readable evidence bundle (bad JSON)`,
      `${file}: 証跡バンドルを読み取れません（JSON が不正です）`,
    );
  }
  if (data?.format !== 'posaudit-evidence' || !Array.isArray(data.targets))
    throw new UsageError(`${file}: not a posaudit evidence bundle`, `${file}: posaudit の証跡バンドルではありません`);
  if (data.version !== 1)
    throw new UsageError(
      `${file}: evidence bundle version ${String(data.version)} is not supported by this posaudit`,
      `${file}: 証跡バンドルのバージョン ${String(data.version)} はこの posaudit では扱えません`,
    );
  const problem = bundleProblem(data);
  if (problem)
    throw new UsageError(
      `${file}: not a valid evidence bundle: ${problem}`,
      `${file}: 証跡バンドルの形式が正しくありません: ${problem}`,
    );
  return data;
}

/** The first field of a parsed bundle that does not have the type the evaluator relies on. */
export function bundleProblem(data: EvidenceBundle): string | undefined {
  const v = new Shape();
  v.string(data.createdAt, 'createdAt');
  v.array(data.profiles, 'profiles', (p, at) => v.string(p, at));
  data.targets.forEach((tg, i) => {
    const at = `targets[${i}]`;
    if (!v.object(tg, at)) return;
    v.string(tg.id, `${at}.id`);
    v.string(tg.name, `${at}.name`);
    v.oneOf(tg.kind, `${at}.kind`, ['local', 'ssh', 'image']);
    v.oneOf(tg.state, `${at}.state`, ['scanned', 'error']);
    v.string(tg.gatheredAt, `${at}.gatheredAt`);
    if (tg.error !== undefined) v.string(tg.error, `${at}.error`);
    if (tg.tags !== undefined && v.object(tg.tags, `${at}.tags`))
      for (const [k, val] of Object.entries(tg.tags)) v.string(val, `${at}.tags.${k}`);
    if (v.object(tg.platform, `${at}.platform`)) {
      v.string(tg.platform.os, `${at}.platform.os`);
      for (const [k, val] of Object.entries(tg.platform))
        if (k !== 'os' && val !== undefined) v.string(val, `${at}.platform.${k}`);
    }
    v.array(tg.requests, `${at}.requests`, (r, rat) => {
      if (v.object(r, rat)) v.string((r as { kind?: unknown }).kind, `${rat}.kind`);
    });
    if (v.object(tg.answers, `${at}.answers`))
      for (const [k, a] of Object.entries(tg.answers)) {
        const aat = `${at}.answers[${JSON.stringify(k)}]`;
        if (!v.object(a, aat)) continue;
        v.oneOf(a.status, `${aat}.status`, ['ok', 'missing', 'denied', 'unsupported', 'error']);
        for (const f of ['data', 'stderr', 'reason', 'encoding'] as const) if (a[f] !== undefined) v.string(a[f], `${aat}.${f}`);
        if (a.exitCode !== undefined && a.exitCode !== null && typeof a.exitCode !== 'number')
          v.fail(`${aat}.exitCode`, 'a number', a.exitCode);
        if (a.entries !== undefined) v.array(a.entries, `${aat}.entries`, (e, eat) => v.string(e, eat));
        if (a.registry !== undefined) v.object(a.registry, `${aat}.registry`);
      }
    if (v.object(tg.timing, `${at}.timing`)) {
      v.string(tg.timing.startedAt, `${at}.timing.startedAt`);
      v.string(tg.timing.finishedAt, `${at}.timing.finishedAt`);
    }
  });
  return v.problem;
}

/** Type guards that remember the first field that failed. */
class Shape {
  problem?: string;

  fail(at: string, expected: string, got: unknown): false {
    this.problem ??= `${at} must be ${expected} (found ${got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got})`;
    return false;
  }

  string(x: unknown, at: string): boolean {
    return typeof x === 'string' || this.fail(at, 'text', x);
  }

  object(x: unknown, at: string): x is Record<string, unknown> {
    return (typeof x === 'object' && x !== null && !Array.isArray(x)) || this.fail(at, 'an object', x);
  }

  array(x: unknown, at: string, each: (item: unknown, at: string) => void): boolean {
    if (!Array.isArray(x)) return this.fail(at, 'a list', x);
    x.forEach((item, i) => each(item, `${at}[${i}]`));
    return true;
  }

  oneOf(x: unknown, at: string, values: string[]): boolean {
    return (typeof x === 'string' && values.includes(x)) || this.fail(at, `one of ${values.join(', ')}`, x);
  }
}
