/** Writing the report files of a run, whatever formats were asked for. */
import type { Lang } from '../../engine/i18n.js';
import type { Report } from '../../engine/model.js';
import { ALL_CHECKS } from '../../checks/index.js';
import { writeJsonReport } from '../../reporters/json.js';
import type { Format } from './common.js';

export async function writeOutputs(report: Report, outDir: string, formats: Format[], lang: Lang, baseline?: Report): Promise<string[]> {
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
