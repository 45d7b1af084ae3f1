/** Writing the report files of a run, whatever formats were asked for. */
import type { Lang } from '../../engine/i18n.js';
import type { Report } from '../../engine/model.js';
import { ALL_CHECKS } from '../../checks/index.js';
import { writeJsonReport } from '../../reporters/json.js';
import type { Format } from './common.js';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../engine/errors.js';

/** Write the reports, then the manifest of SHA-256 hashes of every file in the folder (signed when a key is given). */
export async function writeOutputs(report: Report, outDir: string, formats: Format[], lang: Lang, baseline?: Report, signKey?: string): Promise<string[]> {
  const files = await writeReportFiles(report, outDir, formats, lang, baseline);
  let keyPem: string | undefined;
  if (signKey) {
    try {
      keyPem = await readFile(signKey, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read signing key ${signKey}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const { writeManifest } = await import('../../reporters/manifest.js');
  files.push(await writeManifest(outDir, { keyPem }));
  return files;
}

async function writeReportFiles(report: Report, outDir: string, formats: Format[], lang: Lang, baseline?: Report): Promise<string[]> {
  const others = formats.filter((f) => f !== 'json');
  if (others.length === 0) return [await writeJsonReport(report, outDir)];
  const { writeReports } = await import('../../reporters/index.js');
  const rules = ALL_CHECKS.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    remediation: c.remediation,
    requirements: [...c.requirements],
    severity: c.severity,
  }));
  return writeReports(report, outDir, formats, { lang, baseline, rules });
}
