/** Writing the report files of a run, whatever formats were asked for. */
import type { Lang } from '../../core/i18n.js';
import type { Report } from '../../core/model.js';
import { ALL_CHECKS } from '../../checks/index.js';
import { sourceOfReport, type ReportSource } from '../../engine/report-source.js';
import type { Format } from './common.js';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';

/**
 * Write the reports, then the manifest of SHA-256 hashes of every file in the folder (signed when a key is given).
 * A scan passes a ReportSource (its spool) and, in afterReports, removes the spool before the manifest is made.
 */
export async function writeOutputs(
  report: Report | ReportSource,
  outDir: string,
  formats: Format[],
  lang: Lang,
  baseline?: Report,
  signKey?: string,
  afterReports?: () => Promise<void>,
): Promise<string[]> {
  const files = await writeReportFiles(report, outDir, formats, lang, baseline);
  await afterReports?.();
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

async function writeReportFiles(
  report: Report | ReportSource,
  outDir: string,
  formats: Format[],
  lang: Lang,
  baseline?: Report,
): Promise<string[]> {
  const { writeReportSource } = await import('../../reporters/index.js');
  const source = Array.isArray((report as Report).targets) ? sourceOfReport(report as Report) : (report as ReportSource);
  // Requirements are not here: SARIF relates each rule to the requirements the profile controls that ran it name.
  const rules = ALL_CHECKS.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    remediation: c.remediation,
    severity: c.severity,
  }));
  return writeReportSource(source, outDir, formats, { lang, baseline, rules });
}
