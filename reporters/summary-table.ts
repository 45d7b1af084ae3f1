/** The short end-of-scan summary for a terminal: verdict, hosts, results by status, worst hosts. */
import type { Lang } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import { STATUSES, type Report, type Status } from '../core/model.js';
import { hostRowOf, type ReportView } from '../engine/report-source.js';
import { oneLine } from '../engine/diff.js';
import { complianceRate, L, label, STATUS_LABEL, STATUS_SYMBOL, storeOf, VERDICT_LABEL } from './labels.js';

/** Terminal columns a string takes: East Asian wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A plain table with a header rule; the first column left-aligned, the rest right-aligned. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c ?? '', widths[i], i > 0))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** How many worst hosts the summary lists. */
const WORST_HOSTS = 10;

export function renderSummaryTable(input: Report | ReportView, lang: Lang): string {
  const view: ReportView =
    'hosts' in input ? input : { header: input, hosts: input.targets.map((t) => hostRowOf(t, input.failOn)) };
  const report = view.header;
  const hosts = view.hosts;
  const out: string[] = [];
  const scanned = hosts.filter((t) => t.state === 'scanned').length;
  out.push(`${label(L.verdict, lang)}: ${tr(VERDICT_LABEL[report.verdict], lang)}`);
  out.push(
    `${label(L.hosts, lang)}: ${hosts.length}  ${label(L.scanned, lang)}: ${scanned}  ${label(L.unreachable, lang)}: ${hosts.length - scanned}`,
  );
  const rate = complianceRate(report.summary);
  const statusRow = (s: Status) => [`${STATUS_SYMBOL[s]} ${tr(STATUS_LABEL[s], lang)}`, String(report.summary[s])];
  out.push('');
  out.push(
    textTable([
      [label(L.status, lang), label(L.results, lang)],
      ...STATUSES.map(statusRow),
      [label(L.total, lang), String(report.summary.total)],
    ]),
  );
  out.push(
    `${label(L.complianceRate, lang)}: ${rate === undefined ? '—' : `${rate}%`}  ${label(L.manualPending, lang)}: ${report.summary.manual}`,
  );

  const ranked = hosts
    .map((t) => ({ t, fail: t.counts.fail, error: t.counts.error + (t.state === 'error' ? 1 : 0), warn: t.counts.warn }))
    .filter((h) => h.fail + h.error + h.warn > 0)
    .sort((a, b) => b.fail - a.fail || b.error - a.error || b.warn - a.warn || a.t.name.localeCompare(b.t.name));
  if (ranked.length) {
    out.push('');
    const head = [
      label(L.host, lang),
      label(L.store, lang),
      `${STATUS_SYMBOL.fail} ${tr(STATUS_LABEL.fail, lang)}`,
      `${STATUS_SYMBOL.error} ${tr(STATUS_LABEL.error, lang)}`,
      `${STATUS_SYMBOL.warn} ${tr(STATUS_LABEL.warn, lang)}`,
    ];
    const rows = ranked
      .slice(0, WORST_HOSTS)
      .map((h) => [
        oneLine(h.t.name).slice(0, 40),
        oneLine(storeOf(h.t.tags) ?? ''),
        String(h.fail),
        String(h.error),
        String(h.warn),
      ]);
    out.push(textTable([head, ...rows]));
    if (ranked.length > WORST_HOSTS) out.push(label(L.andMore, lang, { n: ranked.length - WORST_HOSTS }));
  }
  // Facts that qualify a host's results (a dirty registry hive, replayed or not) belong on screen too.
  const noted = hosts.filter((h) => h.notes?.length);
  if (noted.length) {
    out.push('');
    for (const h of noted.slice(0, WORST_HOSTS))
      for (const n of h.notes ?? []) out.push(`${STATUS_SYMBOL.warn} ${oneLine(h.name).slice(0, 40)}: ${oneLine(tr(n, lang))}`);
    if (noted.length > WORST_HOSTS) out.push(label(L.andMore, lang, { n: noted.length - WORST_HOSTS }));
  }
  return out.join('\n') + '\n';
}
