/** A diff of two reports as text for a terminal (`posaudit diff`, the daily run). */
import { tr, type Lang, type Text } from '../core/i18n.js';
import type { Status } from '../core/model.js';
import { oneLine } from '../core/redact.js';
import type { DiffEntry, ReportDiff } from '../core/report.js';
import { L, label, STATUS_LABEL, STATUS_SYMBOL } from './labels.js';

function entryLine(e: DiffEntry, lang: Lang): string {
  const where = e.location ? ` @ ${oneLine(e.location)}` : '';
  return `  ${STATUS_SYMBOL[e.status]} ${oneLine(e.targetName)}  ${e.checkId}${where}: ${oneLine(tr(e.message, lang))}`;
}

/** The diff as text for a terminal. Unchanged findings are counted, not listed. */
export function renderDiffText(diff: ReportDiff, lang: Lang): string {
  const out: string[] = [];
  out.push(`${label(L.diff, lang)} (${diff.from.createdAt} → ${diff.to.createdAt})`);
  const section = (title: Text, entries: DiffEntry[], list: boolean) => {
    out.push(`${label(title, lang)}: ${entries.length}`);
    if (list) for (const e of entries) out.push(entryLine(e, lang));
  };
  section(L.newFindings, diff.new, true);
  section(L.fixedFindings, diff.fixed, true);
  section(L.notRechecked, diff.notRechecked, true);
  section(L.unchangedFindings, diff.unchanged, false);
  return out.join('\n') + '\n';
}

/** Label of a status for a diff line (exported for other renderers). */
export function statusText(s: Status, lang: Lang): string {
  return `${STATUS_SYMBOL[s]} ${tr(STATUS_LABEL[s], lang)}`;
}
