/**
 * Coverage of a profile: for each requirement it names, whether its controls evidence it with
 * checks only (automated), a manual procedure only (manual), or both (partial). Computed from the
 * resolved profile, never written by hand. Also the text shown by `posaudit profiles show` and
 * `posaudit profiles list`.
 */
import { tr, type Lang, type Text } from '../core/i18n.js';
import type { CoverageCounts, Severity } from '../core/model.js';
import type { CheckLookup, Control, Profile } from './profiles.js';
import { coverageSummary } from '../reporters/coverage-text.js';

export { coverageSummary };

export type CoverageKind = 'automated' | 'partial' | 'manual';

export interface RequirementCoverage {
  requirement: string;
  kind: CoverageKind;
  /** Control ids that evidence the requirement, in profile order. */
  controls: string[];
}

export interface Coverage extends CoverageCounts {
  byRequirement: RequirementCoverage[];
}

/** The counts alone, as a report carries them. */
export function coverageCounts(profile: Profile): CoverageCounts {
  const { requirements, automated, partial, manual } = coverageOf(profile);
  return { requirements, automated, partial, manual };
}

/** How one control is evidenced: checks, a manual procedure, or both. */
export function controlKind(control: Control): CoverageKind {
  const automated = (control.checks ?? []).length > 0;
  if (automated && control.manual) return 'partial';
  return automated ? 'automated' : 'manual';
}

const collator = new Intl.Collator('en', { numeric: true });

/** Requirement ids in reading order: `PCI 1.2.1` < `PCI 1.10.1`, `POS 方針2` < `POS 方針10`. */
export function compareRequirements(a: string, b: string): number {
  return collator.compare(a, b);
}

export function coverageOf(profile: Profile): Coverage {
  const kinds = new Map<string, { kinds: Set<CoverageKind>; controls: string[] }>();
  for (const control of profile.controls) {
    const kind = controlKind(control);
    for (const req of control.requirements) {
      let entry = kinds.get(req);
      if (!entry) {
        entry = { kinds: new Set(), controls: [] };
        kinds.set(req, entry);
      }
      entry.kinds.add(kind);
      if (!entry.controls.includes(control.id)) entry.controls.push(control.id);
    }
  }
  const byRequirement: RequirementCoverage[] = [...kinds.entries()]
    .map(([requirement, e]) => {
      // One kind throughout keeps that kind; any mix of automated and manual evidence is partial.
      const kind: CoverageKind = e.kinds.size === 1 ? [...e.kinds][0] : 'partial';
      return { requirement, kind, controls: e.controls };
    })
    .sort((a, b) => compareRequirements(a.requirement, b.requirement));
  const count = (k: CoverageKind): number => byRequirement.filter((r) => r.kind === k).length;
  return {
    requirements: byRequirement.length,
    automated: count('automated'),
    partial: count('partial'),
    manual: count('manual'),
    byRequirement,
  };
}

interface Labels {
  version: string;
  source: string;
  context: string;
  options: string;
  controls: string;
  requirements: string;
  severity: string;
  tags: string;
  check: string;
  params: string;
  manual: string;
  expected: string;
  unknownCheck: string;
  coverage: string;
  kind: Record<CoverageKind, string>;
  severities: Record<Severity, string>;
  listHeader: [string, string, string, string];
}

const LABELS: Record<Lang, Labels> = {
  en: {
    version: 'version',
    source: 'source',
    context: 'Context',
    options: 'Options',
    controls: 'Controls',
    requirements: 'requirements',
    severity: 'severity',
    tags: 'tags',
    check: 'check',
    params: 'params',
    manual: 'manual',
    expected: 'pass when',
    unknownCheck: '(unknown check)',
    coverage: 'Coverage',
    kind: { automated: 'automated', partial: 'partial', manual: 'manual' },
    severities: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' },
    listHeader: ['ID', 'CONTROLS', 'REQUIREMENTS (automated/partial/manual)', 'TITLE'],
  },
  ja: {
    version: 'バージョン',
    source: 'ファイル',
    context: '前提・背景',
    options: 'オプション',
    controls: '管理策',
    requirements: '要件',
    severity: '重大度',
    tags: 'タグ',
    check: 'チェック',
    params: 'パラメーター',
    manual: '手動確認',
    expected: '合格の条件',
    unknownCheck: '（不明なチェック）',
    coverage: 'カバー範囲',
    kind: { automated: '自動', partial: '一部自動', manual: '手動確認' },
    severities: { critical: '緊急', high: '高', medium: '中', low: '低', info: '情報' },
    listHeader: ['ID', '管理策', '要件（自動/一部自動/手動確認）', 'タイトル'],
  },
};

function indentText(text: Text | undefined, lang: Lang, indent: string): string[] {
  const s = tr(text, lang).trim();
  return s ? s.split('\n').map((line) => `${indent}${line}`) : [];
}

function controlSeverity(control: Control, lookup: CheckLookup): Severity | undefined {
  if (control.severity) return control.severity;
  // Without a control severity, each check uses its own (or the ref's): show the highest.
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const found = (control.checks ?? [])
    .map((ref) => ref.severity ?? lookup(ref.check)?.severity)
    .filter((s): s is Severity => s !== undefined);
  return order.find((s) => found.includes(s));
}

/** The text of `posaudit profiles show ID`: header, context, options, every control and what evidences it, coverage. */
export function renderProfileText(profile: Profile, lang: Lang, lookup: CheckLookup): string {
  const L = LABELS[lang];
  const out: string[] = [];
  out.push(`${profile.id} — ${tr(profile.title, lang)}`);
  out.push(`${L.version}: ${profile.version}    ${L.source}: ${profile.source}`);
  out.push(...indentText(profile.description, lang, ''));
  if (profile.context.length > 0) {
    out.push('', `${L.context}:`);
    for (const item of profile.context) {
      out.push(`  ${item.id}: ${tr(item.title, lang)}`);
      out.push(...indentText(item.text, lang, '      '));
    }
  }
  if (profile.options.length > 0) {
    out.push('', `${L.options}:`);
    for (const item of profile.options) {
      out.push(`  ${item.id}: ${tr(item.title, lang)}`);
      out.push(...indentText(item.text, lang, '      '));
    }
  }
  out.push('', `${L.controls} (${profile.controls.length}):`);
  for (const control of profile.controls) {
    out.push(`  ${control.id}  ${tr(control.title, lang)}`);
    const facts = [`${L.requirements}: ${control.requirements.join(', ') || '-'}`, L.kind[controlKind(control)]];
    const sev = controlSeverity(control, lookup);
    if (sev) facts.push(`${L.severity}: ${L.severities[sev]}`);
    if (control.tags && control.tags.length > 0) facts.push(`${L.tags}: ${control.tags.join(', ')}`);
    out.push(`      ${facts.join(' · ')}`);
    out.push(...indentText(control.description, lang, '      '));
    for (const ref of control.checks ?? []) {
      const check = lookup(ref.check);
      let line = `      ${L.check} ${ref.check}: ${check ? tr(check.title, lang) : L.unknownCheck}`;
      if (ref.params && Object.keys(ref.params).length > 0) line += `  (${L.params}: ${JSON.stringify(ref.params)})`;
      if (ref.severity) line += `  (${L.severity}: ${L.severities[ref.severity]})`;
      out.push(line);
    }
    if (control.manual) {
      out.push(`      ${L.manual}: ${tr(control.manual.procedure, lang)}`);
      if (control.manual.expected) out.push(`      ${L.expected}: ${tr(control.manual.expected, lang)}`);
    }
  }
  const cov = coverageOf(profile);
  out.push('', `${L.coverage}: ${coverageSummary(cov, lang)}`);
  for (const kind of ['automated', 'partial', 'manual'] as const) {
    const reqs = cov.byRequirement.filter((r) => r.kind === kind).map((r) => r.requirement);
    if (reqs.length > 0) out.push(`  ${L.kind[kind]} (${reqs.length}): ${reqs.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** The text of `posaudit profiles list`: one line per profile with its coverage. */
export function renderProfileList(profiles: Profile[], lang: Lang): string {
  const L = LABELS[lang];
  const rows = profiles.map((p) => {
    const c = coverageOf(p);
    return [p.id, String(p.controls.length), `${c.requirements} (${c.automated}/${c.partial}/${c.manual})`, tr(p.title, lang)];
  });
  const all = [L.listHeader as string[], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => displayWidth(r[i]))));
  return `${all.map((r) => r.map((cell, i) => (i < 3 ? padDisplay(cell, widths[i]) : cell)).join('  ')).join('\n')}\n`;
}

/** Terminal columns: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function padDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}
