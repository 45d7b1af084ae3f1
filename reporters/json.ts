/** The JSON report: the source every other reporter renders from (schemas/report.schema.json). */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Report } from '../core/model.js';
import { redactDeep } from '../core/redact.js';
import { UsageError } from '../core/errors.js';
import { Ajv, type ValidateFunction } from 'ajv';
import { MiB, readInputFile } from '../core/input-file.js';
import { t } from '../core/i18n.js';
import { SCHEMAS_DIR } from '../core/paths.js';
import { redactSource, type ReportHeader, type ReportSource } from '../core/report.js';
import { FileSink } from './sink.js';

export async function writeJsonReport(report: Report, outDir: string): Promise<string> {
  const file = path.join(outDir, 'report.json');
  await fsp.mkdir(outDir, { recursive: true });
  await fsp.writeFile(file, JSON.stringify(redactDeep(report), null, 1) + '\n', { mode: 0o644 });
  return file;
}

/**
 * Split a document around one value: stringify `build(marker)` and cut at the marker's JSON text.
 * The marker is a random string no report can contain, so the cut is exact.
 */
export function splitAround(build: (marker: string) => unknown, indent?: number): [string, string] {
  const marker = `\u0000posaudit-${randomUUID()}`;
  const text = JSON.stringify(build(marker), null, indent);
  const quoted = JSON.stringify(marker);
  const at = text.indexOf(quoted);
  if (at < 0 || text.indexOf(quoted, at + 1) >= 0) throw new Error('splitAround: marker not found exactly once');
  return [text.slice(0, at), text.slice(at + quoted.length)];
}

/** The same bytes as writeJsonReport, written one target at a time. */
export async function writeJsonReportStream(input: ReportSource, outDir: string): Promise<string> {
  const src = redactSource(input);
  const file = path.join(outDir, 'report.json');
  await fsp.mkdir(outDir, { recursive: true });
  const [head, tail] = splitAround((m) => reportWithTargets(src.header, m), 1);
  const sink = new FileSink(file, 0o644);
  await streamArray(sink, head, tail, 1, src.targets(), (t) => t);
  sink.write('\n');
  return sink.close();
}

/**
 * Write `head`, an array of items, then `tail`: the bytes JSON.stringify(document, null, indent)
 * gives when the array stands where splitAround's marker was.
 */
export async function streamArray<T>(
  sink: FileSink,
  head: string,
  tail: string,
  indent: number | undefined,
  items: AsyncIterable<T>,
  values: (item: T) => Iterable<unknown> | unknown,
): Promise<number> {
  const lineIndent = /^ */.exec(head.slice(head.lastIndexOf('\n') + 1))?.[0] ?? '';
  const inner = indent ? lineIndent + ' '.repeat(indent) : '';
  const element = indent
    ? (v: unknown) => JSON.stringify(v, null, indent).replace(/\n/g, `\n${inner}`)
    : (v: unknown) => JSON.stringify(v);
  sink.write(head);
  let n = 0;
  const put = (v: unknown) => sink.write(n++ === 0 ? (indent ? `[\n${inner}` : '[') : indent ? `,\n${inner}` : ',', element(v));
  for await (const item of items) {
    const v = values(item);
    if (Array.isArray(v)) for (const e of v) put(e);
    else put(v);
    await sink.flush();
  }
  sink.write(n === 0 ? '[]' : indent ? `\n${lineIndent}]` : ']', tail);
  return n;
}

/** A report object with the keys in Report order and the given value as its targets. */
function reportWithTargets(h: ReportHeader, targets: unknown): Record<string, unknown> {
  return {
    schemaVersion: h.schemaVersion,
    tool: h.tool,
    createdAt: h.createdAt,
    lang: h.lang,
    failOn: h.failOn,
    profiles: h.profiles,
    targets,
    summary: h.summary,
    verdict: h.verdict,
    expiredWaivers: h.expiredWaivers,
    baseline: h.baseline,
  };
}

/** The most a JSON report may weigh when read back. */
export const MAX_REPORT_BYTES = 512 * MiB;

let reportValidator: ValidateFunction | undefined;

async function validator(): Promise<ValidateFunction> {
  if (!reportValidator) {
    const schema = JSON.parse(await fsp.readFile(path.join(SCHEMAS_DIR, 'report.schema.json'), 'utf8')) as object;
    reportValidator = new Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
  }
  return reportValidator;
}

/**
 * Read a JSON report back (report, diff, merge, --baseline): a regular file within the cap, and
 * valid against schemas/report.schema.json, so a field of the wrong type is one line naming the
 * file and the field (exit 2), never a TypeError deep in a reporter.
 */
export async function readJsonReport(file: string): Promise<Report> {
  const text = (await readInputFile(file, t('report', 'レポート'), MAX_REPORT_BYTES)).toString('utf8');
  let data: Report;
  try {
    data = JSON.parse(text) as Report;
  } catch {
    throw new UsageError(`${file}: not a JSON report (bad JSON)`, `${file}: JSON レポートではありません（JSON が不正です）`);
  }
  if (data?.schemaVersion !== 1 || !Array.isArray(data.targets))
    throw new UsageError(`${file}: not a posaudit JSON report`, `${file}: posaudit の JSON レポートではありません`);
  const validate = await validator();
  if (!validate(data)) {
    const e = validate.errors?.[0];
    const at = e?.instancePath ? e.instancePath : '(top level)';
    const why = `${at} ${e?.message ?? 'is not valid'}`;
    throw new UsageError(
      `${file}: not a valid posaudit report: ${why}`,
      `${file}: posaudit のレポートとして正しくありません: ${why}`,
    );
  }
  return data;
}
