/** The short end-of-scan summary for a terminal: verdict, hosts, results by status, worst hosts. */
import type { Lang } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import { STATUSES, severityRank, type Report, type Severity, type Status, type TargetResult } from '../core/model.js';
import type { Text } from '../core/i18n.js';
import { hostRowOf, type ReportView } from '../core/report.js';
import { oneLine } from '../core/redact.js';
import { complianceRate, L, label, SEVERITY_LABEL, STATUS_LABEL, STATUS_SYMBOL, storeOf, VERDICT_LABEL } from './labels.js';
import { C, hostCount } from './console-words.js';
import { displayWidth, wrapText } from './text-width.js';

export { displayWidth, wrapText };

function pad(s: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** Characters a line must not start with (Japanese line-breaking rules, the common ones). */
/**
 * A plain table with a header rule; the first column left-aligned, the rest right-aligned unless
 * `left` says otherwise. With `width`, the widest column is narrowed and its cells wrapped by display
 * width so the table fits (a cell is never cut in the middle of a Japanese word or an id when it can be helped).
 */
export function textTable(rows: string[][], opts: { width?: number; left?: number[] } = {}): string {
  const n = rows[0].length;
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (n - 1);
  // Narrow the widest column a column at a time until the table fits (no column below 6).
  while (opts.width && total() > opts.width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 6) break;
    widths[widest]--;
  }
  const left = new Set([0, ...(opts.left ?? [])]);
  const line = (r: string[]): string[] => {
    const cells = r.map((c, i) => wrapText(c ?? '', widths[i]));
    const height = Math.max(...cells.map((c) => c.length));
    const lines: string[] = [];
    for (let k = 0; k < height; k++)
      lines.push(
        cells
          .map((c, i) => pad(c[k] ?? '', widths[i], !left.has(i)))
          .join('  ')
          .trimEnd(),
      );
    return lines;
  };
  return [...line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).flatMap(line)].join('\n');
}

/** How many worst hosts the summary lists. */
const WORST_HOSTS = 10;

/** One failing check across the fleet: what the end-of-scan list shows. */
export interface FailingCheck {
  checkId: string;
  severity: Severity;
  /** What is wrong: the first failing finding's message (or the result's title when it has none). */
  message: Text;
  remediation: Text;
  fail: number;
  warn: number;
}

/** Collects failing checks one target at a time (memory: one entry per check). */
export class FailingChecks {
  private readonly byCheck = new Map<string, FailingCheck>();

  /** Counts terminals, not results: two controls running one check on a host count that host once (its worst). */
  add(t: TargetResult): void {
    const worst = new Map<string, 'fail' | 'warn'>();
    for (const r of t.results) {
      if (r.status !== 'fail' && r.status !== 'warn') continue;
      if (worst.get(r.checkId) !== 'fail') worst.set(r.checkId, r.status);
      let e = this.byCheck.get(r.checkId);
      if (!e) {
        const f = r.findings.find((x) => x.status === r.status) ?? r.findings[0];
        e = {
          checkId: r.checkId,
          severity: r.severity,
          message: f?.message ?? r.title,
          remediation: f?.remediation ?? r.remediation,
          fail: 0,
          warn: 0,
        };
        this.byCheck.set(r.checkId, e);
      }
    }
    for (const [id, status] of worst) {
      const e = this.byCheck.get(id)!;
      if (status === 'fail') e.fail++;
      else e.warn++;
    }
  }

  /** Most failing terminals first, then the most severe. */
  list(): FailingCheck[] {
    return [...this.byCheck.values()].sort(
      (a, b) =>
        b.fail - a.fail ||
        severityRank(b.severity) - severityRank(a.severity) ||
        b.warn - a.warn ||
        a.checkId.localeCompare(b.checkId),
    );
  }
}

/** The first sentence or line of a text: the one line of what to do. */
export function firstSentence(s: string): string {
  const line = s.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const m = /^(.+?[.。])(\s|$)/u.exec(line.trim());
  return m ? m[1] : line.trim();
}

/** How many failing checks the end-of-scan list shows before "and N more". */
export const TOP_FAILING = 10;

/** The failing checks, grouped, the top N with "and N more", each with what is wrong and one line of what to do. */
export function renderFailingChecks(list: FailingCheck[], lang: Lang, width = 100): string {
  if (list.length === 0) return '';
  const out = wrapText(label(C.failingChecks, lang, { n: list.length }), width);
  const wrapIndented = (prefix: string, text: string) => {
    const lines = wrapText(text, width - displayWidth(prefix));
    const indent = ' '.repeat(displayWidth(prefix));
    return lines.map((l, i) => (i === 0 ? prefix : indent) + l);
  };
  for (const f of list.slice(0, TOP_FAILING)) {
    const status: Status = f.fail > 0 ? 'fail' : 'warn';
    const counts = [
      f.fail ? `${STATUS_SYMBOL.fail} ${tr(STATUS_LABEL.fail, lang)} ${hostCount(f.fail, lang)}` : '',
      f.warn ? `${STATUS_SYMBOL.warn} ${tr(STATUS_LABEL.warn, lang)} ${hostCount(f.warn, lang)}` : '',
    ].filter(Boolean);
    out.push(
      ...wrapIndented(
        `  ${STATUS_SYMBOL[status]} `,
        `${oneLine(f.checkId)} · ${tr(SEVERITY_LABEL[f.severity], lang)} · ${counts.join(' · ')}`,
      ),
    );
    out.push(...wrapIndented('    ', oneLine(tr(f.message, lang))));
    out.push(...wrapIndented(`    → `, oneLine(firstSentence(tr(f.remediation, lang)))));
  }
  if (list.length > TOP_FAILING) out.push(...wrapIndented('  ', label(C.moreChecks, lang, { n: list.length - TOP_FAILING })));
  return out.join('\n') + '\n';
}

/** One legend for the status symbols, so ⚠ (could not decide) and ! (warning) are never confused. */
export function legend(lang: Lang): string {
  const order: Status[] = ['fail', 'error', 'warn', 'manual', 'waived', 'pass', 'not-applicable'];
  return (
    `${label(C.legend, lang)}: ` +
    `${order.map((s) => `${STATUS_SYMBOL[s]} ${tr(s === 'error' ? C.errorMeaning : STATUS_LABEL[s], lang)}`).join(' · ')}`
  );
}

export interface SummaryOptions {
  /** Failing checks of the run (computed from the report's targets when it is a whole Report). */
  failing?: FailingCheck[];
  /** Terminal width to fit (default 100). */
  width?: number;
}

export function renderSummaryTable(input: Report | ReportView, lang: Lang, opts: SummaryOptions = {}): string {
  const width = opts.width ?? 100;
  const view: ReportView =
    'hosts' in input ? input : { header: input, hosts: input.targets.map((t) => hostRowOf(t, input.failOn)) };
  const report = view.header;
  const hosts = view.hosts;
  const out: string[] = [];
  const scanned = hosts.filter((t) => t.state === 'scanned').length;
  out.push(...wrapText(`${label(L.verdict, lang)}: ${tr(VERDICT_LABEL[report.verdict], lang)}`, width));
  out.push(
    ...wrapText(
      `${label(L.hosts, lang)}: ${hosts.length}  ${label(L.scanned, lang)}: ${scanned}` +
        `  ${label(L.unreachable, lang)}: ${hosts.length - scanned}`,
      width,
    ),
  );
  let failing = opts.failing;
  if (!failing && 'targets' in input) {
    const acc = new FailingChecks();
    for (const t of input.targets) acc.add(t);
    failing = acc.list();
  }
  const rate = complianceRate(report.summary);
  const statusRow = (s: Status) => [`${STATUS_SYMBOL[s]} ${tr(STATUS_LABEL[s], lang)}`, String(report.summary[s])];
  out.push('');
  out.push(
    textTable(
      [
        [label(L.status, lang), label(L.results, lang)],
        ...STATUSES.map(statusRow),
        [label(L.total, lang), String(report.summary.total)],
      ],
      { width },
    ),
  );
  out.push(
    ...wrapText(
      `${label(L.complianceRate, lang)}: ${rate === undefined ? '—' : `${rate}%`}` +
        `  ${label(L.manualPending, lang)}: ${report.summary.manual}`,
      width,
    ),
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
    out.push(textTable([head, ...rows], { width, left: [1] }));
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
  if (failing?.length) out.push('', renderFailingChecks(failing, lang, width).trimEnd());
  out.push('', ...wrapText(legend(lang), width));
  return out.join('\n') + '\n';
}
