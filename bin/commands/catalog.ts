/** `posaudit checks list|show` and `posaudit profiles list|show|validate`. */
import { UsageError } from '../../core/errors.js';
import { tr, type Lang } from '../../core/i18n.js';
import { loadProfile, shippedProfileIds, type Profile } from '../../engine/profiles.js';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import { SEVERITY_LABEL } from '../../reporters/labels.js';

function pad(s: string, n: number): string {
  const width = [...s].reduce((w, c) => w + (/[\u1100-\uffdc]/.test(c) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(1, n - width));
}

export function checksList(lang: Lang): string {
  const rows = [...ALL_CHECKS].sort((a, b) => a.id.localeCompare(b.id));
  const w = Math.max(...rows.map((c) => c.id.length)) + 2;
  return (
    rows
      .map(
        (c) =>
          `${pad(c.id, w)}${pad(tr(SEVERITY_LABEL[c.severity], lang), 10)}${pad(c.platforms.join(','), 15)}${tr(c.title, lang)}`,
      )
      .join('\n') + '\n'
  );
}

export async function checkShow(id: string, lang: Lang): Promise<string> {
  const c = findCheck(id);
  if (!c)
    throw new UsageError(
      `unknown check id "${id}" (see: posaudit checks list)`,
      `不明なチェック ID "${id}" です（一覧: posaudit checks list）`,
    );
  const L = (en: string, ja: string) => (lang === 'ja' ? ja : en);
  const lines = [
    `${c.id}: ${tr(c.title, lang)}`,
    '',
    tr(c.description, lang),
    '',
    `${L('Severity', '重大度')}: ${tr(SEVERITY_LABEL[c.severity], lang)}`,
    `${L('Platforms', 'プラットフォーム')}: ${c.platforms.join(', ')}`,
    `${L('Requirements (from the shipped profiles)', '要件（同梱のプロファイルによる）')}: ${(await shippedRequirementsOf(c.id)).join(', ') || '-'}`,
    `${L('Active collector', 'アクティブ収集')}: ${c.active ? L('yes', 'あり') : L('no', 'なし')}`,
    '',
    `${L('Remediation', '是正方法')}: ${tr(c.remediation, lang)}`,
  ];
  const props = Object.entries(c.params.properties);
  if (props.length) {
    lines.push('', `${L('Params (JSON Schema)', 'パラメーター（JSON Schema）')}:`);
    for (const [k, s] of props) lines.push(`  ${k}: ${JSON.stringify(s)}`);
  }
  try {
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of props) if ('default' in s) defaults[k] = s.default;
    const reqs = c.requests(defaults);
    lines.push('', `${L('Evidence gathered', '収集する証跡')}:`);
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

export async function profilesList(lang: Lang): Promise<string> {
  const { renderProfileList } = await import('../../engine/coverage.js');
  const profiles = [];
  for (const id of await shippedProfileIds()) profiles.push(await loadProfile(id, findCheck));
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
    ? `${file}: 有効です（${p.id}、コントロール ${p.controls.length} 件、チェック ${checks.size} 種類）\n`
    : `${file}: valid (${p.id}, ${p.controls.length} controls, ${checks.size} distinct checks)\n`;
}
