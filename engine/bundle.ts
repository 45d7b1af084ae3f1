/**
 * The evidence bundle: everything gathered, per host, saved as evidence.json.gz beside the
 * report. Written as hosts finish (memory stays flat in fleet size); read back by `evaluate`.
 */
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import type { EvidenceAnswer, EvidenceRequest } from '../core/evidence.js';
import { UsageError } from '../core/errors.js';
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

  constructor(
    readonly path: string,
    header: BundleHeader,
  ) {
    this.file = createWriteStream(path, { mode: 0o600 });
    this.gz.pipe(this.file);
    this.finished = once(this.file, 'close').then(() => undefined);
    const head = JSON.stringify(header);
    this.gz.write(`${head.slice(0, -1)},"targets":[\n`);
  }

  async add(target: BundleTarget): Promise<void> {
    const ok = this.gz.write(`${this.first ? '' : ',\n'}${JSON.stringify(target)}`);
    this.first = false;
    if (!ok) await (this.drained ??= once(this.gz, 'drain').then(() => void (this.drained = undefined)));
  }

  async close(): Promise<void> {
    this.gz.end('\n]}\n');
    await this.finished;
  }
}

export async function readBundle(file: string): Promise<EvidenceBundle> {
  try {
    await fsp.access(file);
  } catch {
    throw new UsageError(`${file}: no such evidence bundle`, `${file}: 証跡バンドルが見つかりません`);
  }
  const chunks: Buffer[] = [];
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  try {
    for await (const c of stream) chunks.push(c as Buffer);
  } catch (err) {
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
  return data;
}
