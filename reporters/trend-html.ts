/**
 * The trend page of the daily history: one self-contained HTML file, no script, inline CSS
 * pinned by SHA-256 in a strict CSP, no URL the page could fetch. Every string that came from
 * a terminal or a report is escaped (html/escape.ts).
 * Shows: today's verdict, a bar per day (issues by status), a table of days, and a grid of
 * which controls failed on which of the last days.
 */
import { createHash } from 'node:crypto';
import type { DayEntry } from '../core/day-entry.js';
import { t, tr, type Lang, type Text } from '../core/i18n.js';
import { redactText } from '../core/redact.js';
import { esc } from './html/escape.js';
import { STATUS_LABEL, STATUS_SYMBOL, VERDICT_LABEL } from './labels.js';

export interface TrendOptions {
  lang: Lang;
  /** Days shown in the control grid (most recent). Default 31. */
  gridDays?: number;
}

/* eslint-disable max-len -- the report's stylesheet, one rule set per line: wrapping it changes the report's bytes. */
const CSS = `body{font:15px/1.5 system-ui,"Hiragino Sans","Yu Gothic UI","Noto Sans CJK JP",sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#111;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
.v{padding:.6rem 1rem;border-radius:.4rem;font-weight:600}.v-compliant{background:#e6f4ea;color:#0b5d1e}.v-non-compliant{background:#fce8e6;color:#8a1c12}.v-incomplete{background:#fef7e0;color:#6b4e00}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}.g td{text-align:center;padding:.1rem .3rem}
.s-fail{background:#fce8e6}.s-error{background:#fef7e0}.s-warn{background:#fff4e5}.s-ok{background:#e6f4ea}
svg{max-width:100%;height:auto;border:1px solid #ddd}.meta{color:#555}
@media print{h2{break-after:avoid}}`;
/* eslint-enable max-len */

const L = {
  title: t('posaudit daily history', 'posaudit 毎日の点検履歴'),
  latest: t('Latest: {day}', '最新: {day}'),
  none: t('No daily results yet. Run posaudit daily.', 'まだ点検結果がありません。posaudit daily を実行してください。'),
  chart: t('Issues per day', '日ごとの問題の数'),
  chartDesc: t(
    'Bars: failures (red), errors (yellow), warnings (orange) per day, oldest on the left.',
    '棒グラフ: 日ごとの不合格（赤）・エラー（黄）・警告（橙）の数。左が古い日です。',
  ),
  days: t('Days', '日ごとの結果'),
  day: t('Day', '日付'),
  verdict: t('Verdict', '判定'),
  grid: t('Which checks had problems (last {n} days)', '問題があった点検項目（直近 {n} 日）'),
  control: t('Check', '点検項目'),
  kept: t('{n} days kept in {from} … {to}.', '{from} 〜 {to} の {n} 日分を保存しています。'),
  legend: t(
    '✗ fail · ⚠ error · ! warning · blank: no problem or not checked that day',
    '✗ 不合格・⚠ エラー・! 警告・空欄: 問題なし、またはその日は未確認',
  ),
  created: t('Checked at', '点検日時'),
  hosts: t('Terminals', '端末'),
};

function fill(text: Text, lang: Lang, vars: Record<string, string | number>): string {
  return tr(text, lang).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Mask card numbers for display, on top of engine/redact.ts: every window of 13–19 digits (single
 * spaces or dashes between them allowed) that passes Luhn keeps its first six and last four digits.
 * Unlike one greedy match, this also catches a number glued to other digits (`1 4111 1111 1111 1111`).
 */
export function maskCardNumbers(text: string): string {
  const s = redactText(text);
  const chars = [...s];
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const runs: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (isDigit(chars[i])) run.push(i);
    else if ((chars[i] === ' ' || chars[i] === '-') && run.length > 0 && isDigit(chars[i - 1]) && isDigit(chars[i + 1])) continue;
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  let changed = false;
  for (const r of runs) {
    if (r.length < 13) continue;
    const digits = r.map((i) => chars[i]).join('');
    for (let start = 0; start + 13 <= r.length; start++)
      for (let len = 13; len <= 19 && start + len <= r.length; len++)
        if (luhn(digits.slice(start, start + len))) {
          for (let k = start + 6; k < start + len - 4; k++) chars[r[k]] = '*';
          changed = true;
        }
  }
  return changed ? chars.join('') : s;
}

/** Escape a report string for HTML, masking anything card-number-shaped first. */
function e(s: unknown): string {
  return esc(typeof s === 'string' ? maskCardNumbers(s) : s);
}

export function trendCsp(css: string = CSS): string {
  const h = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${h}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

function count(d: DayEntry, status: 'fail' | 'error' | 'warn'): number {
  const n = d.summary?.[status];
  return typeof n === 'number' && Number.isFinite(n) ? n : d.issues.filter((i) => i.status === status).length;
}

function chart(days: DayEntry[], lang: Lang): string {
  const shown = days.slice(-120);
  const bw = 8;
  const h = 120;
  const max = Math.max(1, ...shown.map((d) => count(d, 'fail') + count(d, 'error') + count(d, 'warn')));
  const width = Math.max(200, shown.length * (bw + 2) + 10);
  const out: string[] = [
    `<svg role="img" aria-label="${e(tr(L.chartDesc, lang))}" viewBox="0 0 ${width} ${h + 10}" width="${width}" height="${h + 10}">`,
  ];
  shown.forEach((d, i) => {
    let y = h + 5;
    const x = 5 + i * (bw + 2);
    for (const [status, colour] of [
      ['fail', '#c5221f'],
      ['error', '#e2a600'],
      ['warn', '#e8710a'],
    ] as const) {
      const n = count(d, status);
      if (n === 0) continue;
      const bh = Math.max(1, Math.round((n / max) * h));
      y -= bh;
      out.push(
        `<rect x="${x}" y="${y}" width="${bw}" height="${bh}" fill="${colour}"><title>${e(d.day)}` +
          ` ${e(tr(STATUS_LABEL[status], lang))}: ${n}</title></rect>`,
      );
    }
    if (y === h + 5)
      out.push(`<rect x="${x}" y="${h + 3}" width="${bw}" height="2" fill="#188038"><title>${e(d.day)}: 0</title></rect>`);
  });
  out.push('</svg>');
  return out.join('');
}

export function renderTrendHtml(entries: DayEntry[], opts: TrendOptions): string {
  const { lang } = opts;
  const days = [...entries].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const w: string[] = [];
  w.push(
    '<!doctype html>\n<html lang="',
    lang,
    '"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="',
    esc(trendCsp()),
    '">',
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">',
    '<title>',
    esc(tr(L.title, lang)),
    '</title><style>',
    CSS,
    '</style></head><body><main>',
    '<h1>',
    esc(tr(L.title, lang)),
    '</h1>',
  );
  const last = days.at(-1);
  if (!last) {
    w.push('<p>', esc(tr(L.none, lang)), '</p></main></body></html>\n');
    return w.join('');
  }
  const verdictOf = (d: DayEntry) => (d.verdict in VERDICT_LABEL ? d.verdict : 'incomplete');
  w.push(
    '<p class="v v-',
    verdictOf(last),
    '" role="status">',
    e(fill(L.latest, lang, { day: last.day })),
    ' — ',
    esc(tr(VERDICT_LABEL[verdictOf(last)], lang)),
    '</p>',
    '<p class="meta">',
    e(fill(L.kept, lang, { n: days.length, from: days[0].day, to: last.day })),
    '</p>',
  );

  w.push('<h2>', esc(tr(L.chart, lang)), '</h2><p class="meta">', esc(tr(L.chartDesc, lang)), '</p>', chart(days, lang));

  const n = Math.max(1, opts.gridDays ?? 31);
  const recent = days.slice(-n);
  const rows = new Map<string, { title: Text; cells: Map<string, string> }>();
  const rank: Record<string, number> = { fail: 3, error: 2, warn: 1 };
  for (const d of recent)
    for (const i of d.issues) {
      const k = `${i.controlId}\u0000${i.checkId}`;
      let row = rows.get(k);
      if (!row) rows.set(k, (row = { title: i.title, cells: new Map() }));
      const prev = row.cells.get(d.day);
      if (!prev || (rank[i.status] ?? 0) > (rank[prev] ?? 0)) row.cells.set(d.day, i.status);
    }
  w.push('<h2>', e(fill(L.grid, lang, { n: recent.length })), '</h2>');
  if (rows.size === 0) w.push('<p class="s-ok">✓</p>');
  else {
    w.push(
      '<p class="meta">',
      esc(tr(L.legend, lang)),
      '</p><table class="g"><thead><tr><th scope="col">',
      esc(tr(L.control, lang)),
      '</th>',
    );
    for (const d of recent) w.push('<th scope="col" title="', e(d.day), '">', e(d.day.slice(5)), '</th>');
    w.push('</tr></thead><tbody>');
    for (const [k, row] of [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const checkId = k.split('\u0000')[1];
      w.push('<tr><th scope="row">', e(tr(row.title, lang) || checkId), ' <span class="meta">', e(checkId), '</span></th>');
      for (const d of recent) {
        const s = row.cells.get(d.day);
        const sym = s === 'fail' || s === 'error' || s === 'warn' ? STATUS_SYMBOL[s] : '';
        w.push(s ? `<td class="s-${e(s)}">${sym}</td>` : '<td></td>');
      }
      w.push('</tr>');
    }
    w.push('</tbody></table>');
  }

  w.push(
    '<h2>',
    esc(tr(L.days, lang)),
    '</h2><table><thead><tr><th scope="col">',
    esc(tr(L.day, lang)),
    '</th><th scope="col">',
    esc(tr(L.verdict, lang)),
    '</th><th scope="col">',
    `${STATUS_SYMBOL.fail} ${esc(tr(STATUS_LABEL.fail, lang))}`,
    '</th><th scope="col">',
    `${STATUS_SYMBOL.error} ${esc(tr(STATUS_LABEL.error, lang))}`,
    '</th><th scope="col">',
    `${STATUS_SYMBOL.warn} ${esc(tr(STATUS_LABEL.warn, lang))}`,
    '</th><th scope="col">',
    `${STATUS_SYMBOL.pass} ${esc(tr(STATUS_LABEL.pass, lang))}`,
    '</th><th scope="col">',
    esc(tr(L.created, lang)),
    '</th><th scope="col">',
    esc(tr(L.hosts, lang)),
    '</th></tr></thead><tbody>',
  );
  for (const d of [...days].reverse()) {
    const v = verdictOf(d);
    w.push(
      '<tr><td>',
      e(d.day),
      '</td><td class="',
      v === 'compliant' ? 's-ok' : v === 'non-compliant' ? 's-fail' : 's-error',
      '">',
      esc(tr(VERDICT_LABEL[v], lang)),
      '</td><td class="n">',
      String(count(d, 'fail')),
      '</td><td class="n">',
      String(count(d, 'error')),
      '</td><td class="n">',
      String(count(d, 'warn')),
      '</td><td class="n">',
      String(Number(d.summary?.pass) || 0),
      '</td><td>',
      e(d.createdAt),
      '</td><td>',
      e((d.targets ?? []).join(', ')),
      '</td></tr>',
    );
  }
  w.push('</tbody></table></main></body></html>\n');
  return w.join('');
}
