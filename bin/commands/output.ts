/** Writing the report files of a run, whatever formats were asked for. */
import { tr, type Lang, type Text } from '../../core/i18n.js';
import type { Report } from '../../core/model.js';
import { ALL_CHECKS } from '../../checks/index.js';
import { sourceOfReport, type ReportSource } from '../../core/report.js';
import type { Format } from './common.js';
import { access, mkdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { MiB, readInputFile } from '../../core/input-file.js';
import { t } from '../../core/i18n.js';
import { UsageError } from '../../core/errors.js';

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns for a path under /proc
 * (it retries the parent forever), so `--out /proc/x` would hang the scan.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let p = dir;
  for (;;) {
    try {
      await stat(p);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.unshift(p);
      const parent = path.dirname(p);
      if (parent === p) break;
      p = parent;
    }
  }
  for (const m of missing) {
    try {
      await mkdir(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Make sure the report folder can be written before any work is done: one line naming the folder
 * (exit 2) when it is a file, read-only or cannot be created, instead of a stack trace at the end.
 */
export async function prepareOutDir(outDir: string): Promise<void> {
  const refuse = (en: string, ja: string): never => {
    throw new UsageError(`--out ${outDir}: ${en}`, `--out ${outDir}: ${ja}`);
  };
  try {
    await makeFolders(path.resolve(outDir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'EEXIST' || code === 'ENOTDIR')
      refuse(
        'is a file, not a folder; give a folder for the reports',
        'フォルダではなくファイルです。レポート用のフォルダを指定してください',
      );
    refuse(`cannot create the report folder (${code})`, `レポート用のフォルダを作成できません（${code}）`);
  }
  const st = await stat(outDir);
  if (!st.isDirectory())
    refuse(
      'is a file, not a folder; give a folder for the reports',
      'フォルダではなくファイルです。レポート用のフォルダを指定してください',
    );
  try {
    await access(outDir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    refuse(`the report folder is not writable (${code})`, `レポート用のフォルダに書き込めません（${code}）`);
  }
}

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
  const keyPem = signKey ? (await readInputFile(signKey, t('signing key', '署名鍵'), MiB)).toString('utf8') : undefined;
  await prepareOutDir(outDir);
  const files = await writeReportFiles(report, outDir, formats, lang, baseline);
  await afterReports?.();
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
  const { writeReportSource } = await import('../../engine/reports.js');
  const source = Array.isArray((report as Report).targets) ? sourceOfReport(report as Report) : (report as ReportSource);
  // Requirements are not here: SARIF relates each rule to the requirements the profile controls that ran it name.
  const rules = ALL_CHECKS.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    remediation: c.remediation,
    severity: c.severity,
  }));
  // A format that had to split or cut its output says so on stderr (the files are still written).
  const onWarning = (text: Text) => void process.stderr.write(`posaudit: ${tr(text, lang)}\n`);
  return writeReportSource(source, outDir, formats, { lang, baseline, rules, onWarning });
}
