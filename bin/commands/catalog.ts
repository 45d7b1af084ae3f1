/** `posaudit checks list|show` and `posaudit profiles list|show|validate`. */
import { UsageError } from '../../core/errors.js';
import { tr, type Lang } from '../../core/i18n.js';
import { loadProfile, shippedProfileIds, type Profile } from '../../engine/profiles.js';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import { L, SEVERITY_LABEL } from '../../reporters/labels.js';
import { textTable } from '../../reporters/summary-table.js';

/** `checks list`: a table that fits the terminal (titles wrap by display width), or JSON with `--json`. */
export async function checksList(lang: Lang, opts: { json?: boolean; width?: number } = {}): Promise<string> {
  const rows = [...ALL_CHECKS].sort((a, b) => a.id.localeCompare(b.id));
  if (opts.json) {
    const requirements = new Map<string, string[]>();
    for (const c of rows) requirements.set(c.id, await shippedRequirementsOf(c.id));
    return (
      JSON.stringify(
        rows.map((c) => ({
          id: c.id,
          title: tr(c.title, lang),
          severity: c.severity,
          platforms: c.platforms,
          requirements: requirements.get(c.id) ?? [],
          active: Boolean(c.active),
        })),
        null,
        1,
      ) + '\n'
    );
  }
  const head = [
    tr(L.check, lang),
    tr(L.severity, lang),
    lang === 'ja' ? 'プラットフォーム' : 'Platforms',
    lang === 'ja' ? 'タイトル' : 'Title',
  ];
  const body = rows.map((c) => [c.id, tr(SEVERITY_LABEL[c.severity], lang), c.platforms.join(','), tr(c.title, lang)]);
  return textTable([head, ...body], { width: opts.width ?? 100, left: [1, 2, 3] }) + '\n';
}

export async function checkShow(id: string, lang: Lang): Promise<string> {
  const c = findCheck(id);
  if (!c)
    throw new UsageError(
      `unknown check id "${id}" (see: posaudit checks list)`,
      `不明なチェック ID "${id}" です（一覧: posaudit checks list）`,
    );
  const W = (en: string, ja: string) => (lang === 'ja' ? ja : en);
  const lines = [
    `${c.id}: ${tr(c.title, lang)}`,
    '',
    tr(c.description, lang),
    '',
    `${W('Severity', '重大度')}: ${tr(SEVERITY_LABEL[c.severity], lang)}`,
    `${W('Platforms', 'プラットフォーム')}: ${c.platforms.join(', ')}`,
    `${W('Requirements (from the shipped profiles)', '要件（同梱のプロファイルによる）')}: ` +
      `${(await shippedRequirementsOf(c.id)).join(', ') || '-'}`,
    `${W('Active collector', 'アクティブ収集')}: ${c.active ? W('yes', 'あり') : W('no', 'なし')}`,
    '',
    `${W('Remediation', '是正方法')}: ${tr(c.remediation, lang)}`,
  ];
  const props = Object.entries(c.params.properties);
  if (props.length) {
    lines.push('', `${W('Params (JSON Schema)', 'パラメーター（JSON Schema）')}:`);
    for (const [k, s] of props) lines.push(`  ${k}: ${JSON.stringify(s)}`);
  }
  try {
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of props) if ('default' in s) defaults[k] = s.default;
    const reqs = c.requests(defaults);
    lines.push('', `${W('Evidence gathered', '収集する証跡')}:`);
    for (const r of reqs) {
      const what =
        r.kind === 'file'
          ? r.path
          : r.kind === 'glob'
            ? r.pattern
            : r.kind === 'command'
              ? r.name
              : r.key + (r.value ? ` @ ${r.value}` : '');
      lines.push(`  ${r.kind}${r.os ? ` (${r.os})` : ''}: ${what}`);
    }
  } catch {
    /* requests that need params */
  }
  return lines.join('\n') + '\n';
}

/** The requirements a check evidences, as the shipped profiles map them (the one source). */
async function shippedRequirementsOf(checkId: string): Promise<string[]> {
  const { requirementsOf } = await import('../../engine/mappings.js');
  shipped ??= (async () => {
    const profiles = [];
    for (const id of await shippedProfileIds()) profiles.push(await loadProfile(id, findCheck));
    return profiles;
  })();
  return requirementsOf(checkId, await shipped);
}
let shipped: Promise<Profile[]> | undefined;

export async function profilesList(lang: Lang, opts: { json?: boolean } = {}): Promise<string> {
  const { renderProfileList, coverageOf } = await import('../../engine/coverage.js');
  const profiles = [];
  for (const id of await shippedProfileIds()) profiles.push(await loadProfile(id, findCheck));
  if (opts.json)
    return (
      JSON.stringify(
        profiles.map((p) => {
          const c = coverageOf(p);
          return {
            id: p.id,
            title: tr(p.title, lang),
            version: p.version,
            controls: p.controls.length,
            requirements: c.requirements,
            automated: c.automated,
            partial: c.partial,
            manual: c.manual,
          };
        }),
        null,
        1,
      ) + '\n'
    );
  return renderProfileList(profiles, lang);
}

export async function profileShow(ref: string, lang: Lang): Promise<string> {
  const p = await loadProfile(ref, findCheck);
  const { renderProfileText } = await import('../../engine/coverage.js');
  return renderProfileText(p, lang, findCheck);
}

export async function profileValidate(file: string, lang: Lang): Promise<string> {
  const p = await loadProfile(file, findCheck);
  const checks = new Set(p.controls.flatMap((c) => (c.checks ?? []).map((r) => r.check)));
  return lang === 'ja'
    ? `${file}: 有効です（${p.id}、管理策 ${p.controls.length} 件、チェック ${checks.size} 種類）\n`
    : `${file}: valid (${p.id}, ${p.controls.length} controls, ${checks.size} distinct checks)\n`;
}
