/** The JSON report: the source every other reporter renders from (schemas/report.schema.json). */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Report } from '../engine/model.js';
import { redactDeep } from '../engine/redact.js';
import { UsageError } from '../engine/errors.js';

export async function writeJsonReport(report: Report, outDir: string): Promise<string> {
  const file = path.join(outDir, 'report.json');
  await fsp.mkdir(outDir, { recursive: true });
  await fsp.writeFile(file, JSON.stringify(redactDeep(report), null, 1) + '\n', { mode: 0o644 });
  return file;
}

export async function readJsonReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read report: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let data: Report;
  try {
    data = JSON.parse(text) as Report;
  } catch {
    throw new UsageError(`${file}: not a JSON report (bad JSON)`);
  }
  if (data?.schemaVersion !== 1 || !Array.isArray(data.targets)) throw new UsageError(`${file}: not a posaudit JSON report`);
  return data;
}
