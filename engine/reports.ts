/**
 * Write the requested report formats into one directory; returns the paths written. The engine's
 * part of writing: mask the report and the baseline, compute what changed since the baseline
 * (engine/diff.ts) once for every format, and hand each reporter what it renders.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lang, Text } from '../core/i18n.js';
import type { Report } from '../core/model.js';
import { redactDeep } from '../core/redact.js';
import { redactSource, sourceOfReport, type ReportSource } from '../core/report.js';
import { diffSource } from './diff.js';
import { writeHtmlStream } from '../reporters/html.js';
import { writeJsonReportStream } from '../reporters/json.js';
import { writeJunitStream } from '../reporters/junit.js';
import { writeSarifStream, type RuleInfo } from '../reporters/sarif.js';

export type ReportFormat = 'json' | 'sarif' | 'sarif-github' | 'html' | 'junit';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'sarif', 'sarif-github', 'html', 'junit'];

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

export interface WriteReportsOptions {
  lang: Lang;
  baseline?: Report;
  rules: RuleInfo[];
  /** Told when a format had to split or cut its output (GitHub SARIF limits). */
  onWarning?: (text: Text) => void;
}

/** Every format asked for, from a whole report: the same writers as a scan's spool, fed from memory. */
export async function writeReports(
  input: Report,
  outDir: string,
  formats: ReportFormat[],
  opts: WriteReportsOptions,
): Promise<string[]> {
  return writeReportSource(sourceOfReport(input), outDir, formats, opts);
}

/**
 * writeReports for a report that is read as a stream (a scan's spool): the same files, with one
 * host in memory at a time. Each format reads the targets once or more (SARIF twice, HTML twice), and
 * the diff against a baseline reads them once more for all formats that show it.
 */
export async function writeReportSource(
  input: ReportSource,
  outDir: string,
  formats: ReportFormat[],
  inputOpts: WriteReportsOptions,
): Promise<string[]> {
  const src = redactSource(input);
  const opts = { ...inputOpts, baseline: inputOpts.baseline && redactDeep(inputOpts.baseline) };
  const unique = [...new Set(formats)];
  const showsDiff = unique.some((f) => f === 'sarif' || f === 'sarif-github' || f === 'html');
  const diff = opts.baseline && showsDiff ? await diffSource(opts.baseline, src) : undefined;
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const format of unique) {
    switch (format) {
      case 'json':
        written.push(await writeJsonReportStream(src, outDir));
        break;
      case 'sarif':
        written.push(
          ...(await writeSarifStream(src, join(outDir, 'report.sarif'), {
            lang: opts.lang,
            rules: opts.rules,
            baseline: opts.baseline,
            diff,
            flavour: 'full',
          })),
        );
        break;
      case 'sarif-github':
        written.push(
          ...(await writeSarifStream(src, join(outDir, 'report.github.sarif'), {
            lang: opts.lang,
            rules: opts.rules,
            baseline: opts.baseline,
            diff,
            flavour: 'github',
            onWarning: opts.onWarning,
          })),
        );
        break;
      case 'html':
        written.push(
          await writeHtmlStream(src, join(outDir, 'report.html'), {
            lang: opts.lang,
            rules: opts.rules,
            baseline: opts.baseline,
            diff,
          }),
        );
        break;
      case 'junit':
        written.push(...(await writeJunitStream(src, outDir, opts.lang)));
        break;
    }
  }
  return written;
}
