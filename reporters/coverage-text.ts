/** The coverage numbers of a profile in words: the report header, `posaudit profiles show` and the profile docs. */
import type { Lang } from '../core/i18n.js';
import type { CoverageCounts } from '../core/model.js';

const SUMMARY: Record<Lang, (c: CoverageCounts) => string> = {
  en: (c) => `${c.requirements} requirements: ${c.automated} automated, ${c.partial} partial, ${c.manual} manual`,
  ja: (c) => `要件 ${c.requirements} 件: 自動 ${c.automated} 件、一部自動 ${c.partial} 件、手動確認 ${c.manual} 件`,
};

/** `140 requirements: 20 automated, 40 partial, 80 manual`, the one wording of the numbers everywhere. */
export function coverageSummary(c: CoverageCounts, lang: Lang): string {
  return SUMMARY[lang](c);
}
