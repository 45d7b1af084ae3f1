/**
 * `posaudit daily`: the morning self-check for store IT. Runs the `daily` profile on this machine
 * (or a given target), keeps one report per day in the history folder, writes today's reports and
 * the trend page, and prints a short verdict: compliant or not, what is new since the last run,
 * what was fixed, what could not be re-checked, and one line of what to do per failure. Exit codes
 * as `scan` (0/1/2/3/5). A second run on the same day keeps the first (history `runs/`).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import {
  DEFAULT_RETENTION_DAYS,
  History,
  REPORT_FILE,
  TREND_FILE,
  carriedOver,
  dayEntryOf,
  defaultHistoryDir,
  localDay,
  type DayEntry,
} from '../../engine/history.js';
import { t, tr, type Lang, type Text } from '../../core/i18n.js';
import { reasonIn } from '../../core/reasons.js';
import type { CheckResult, Report, Status } from '../../core/model.js';
import { diffReports } from '../../engine/diff.js';
import { oneLine } from '../../core/redact.js';
import type { DiffEntry, ReportDiff } from '../../core/report.js';
import { STATUS_SYMBOL } from '../../reporters/labels.js';
import { wrapText } from '../../reporters/text-width.js';
import { readJsonReport, writeJsonReport } from '../../reporters/json.js';
import { maskCardNumbers, renderTrendHtml } from '../../reporters/trend-html.js';
import { parseLang } from './common.js';
import { runScan, type ScanCliOptions } from './scan.js';

export const DAILY_PROFILE = 'daily';

export interface DailyCliOptions {
  historyDir?: string;
  retentionDays?: string;
  lang?: string;
  out?: string;
  profile?: string;
  failOn?: string;
  format?: string;
  waivers?: string;
  attestations?: string;
}

export interface DailyRun {
  report: Report;
  exitCode: number;
  day: string;
  historyDir: string;
  outDir: string;
  previous?: { day: string; createdAt: string };
  diff?: ReportDiff;
  pruned: string[];
  trendFile: string;
  files: string[];
  verdict: string;
}

export function parseRetention(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RETENTION_DAYS;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1)
    throw new UsageError(
      `--retention-days takes a whole number of days (1 or more), not "${value}"`,
      `--retention-days には日数を 1 以上の整数で指定してください（指定値: "${value}"）`,
    );
  return n;
}

/** Run the daily check. `now` is for tests (which day the run belongs to). */
export async function runDaily(
  target: string | undefined,
  o: DailyCliOptions,
  extra: { now?: Date; lang?: Lang } = {},
): Promise<DailyRun> {
  const lang = extra.lang ?? parseLang(o.lang);
  const retention = parseRetention(o.retentionDays);
  const historyDir = path.resolve(o.historyDir ?? defaultHistoryDir());
  const history = new History(historyDir);
  try {
    await history.ensure();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(
      `cannot create the history folder ${historyDir}: ${code} (give another with --history-dir)`,
      `履歴フォルダー ${historyDir} を作成できません: ${code}（--history-dir で別のフォルダーを指定してください）`,
    );
  }
  const day = localDay(extra.now ?? new Date());
  const outDir = path.resolve(o.out ?? history.dayDir(day));
  // Today's earlier run is kept (moved to runs/HHMMSS/) and is the one to compare with.
  const earlier = await history.keepEarlierRun(day);
  const previous = earlier
    ? await readJsonReport(path.join(earlier, REPORT_FILE)).then(
        (report) => ({ day, file: path.join(earlier, REPORT_FILE), report }),
        () => history.latest(day),
      )
    : await history.latest(day);
  const lastEntry = (await history.index()).at(-1);
  const scanOpts: ScanCliOptions = {
    profile: [o.profile ?? DAILY_PROFILE],
    out: outDir,
    format: o.format ?? 'json,html',
    failOn: o.failOn,
    waivers: o.waivers,
    attestations: o.attestations,
    lang,
    baseline: previous?.file,
  };
  const scanned = await runScan(target ? [target] : [], scanOpts, { lang, keepReport: true });
  if (!scanned.report) throw new Error('daily: the scan kept no report');
  const run = { ...scanned, report: scanned.report };
  const files = [...run.files];
  // The day's JSON always lands in the history, even when the reports went elsewhere.
  if (path.resolve(history.dayDir(day)) !== outDir) files.push(await writeJsonReport(run.report, history.dayDir(day)));
  const pruned = await history.prune(day, retention);
  const diff = previous ? diffReports(previous.report, run.report) : undefined;
  const entries = await history.record(dayEntryOf(day, run.report, carriedOver(run.report, diff, lastEntry)));
  const trendFile = path.join(historyDir, TREND_FILE);
  await writeTrend(trendFile, entries, lang);
  files.push(trendFile);
  const prev = previous ? { day: previous.day, createdAt: previous.report.createdAt } : undefined;
  const verdict = renderDailyVerdict(run.report, {
    lang,
    day,
    previous: prev,
    diff,
    reportFile: files.find((f) => f.endsWith('.html')) ?? files[0],
  });
  return {
    report: run.report,
    exitCode: run.exitCode,
    day,
    historyDir,
    outDir,
    previous: prev,
    diff,
    pruned,
    trendFile,
    files,
    verdict,
  };
}

async function writeTrend(file: string, entries: DayEntry[], lang: Lang): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, renderTrendHtml(entries, { lang }), { mode: 0o644 });
  await fsp.rename(tmp, file);
}

const V = {
  ok: t('Compliant: nothing to do today', '問題なし: 今日の対応は不要です'),
  bad: t('Not compliant: action needed', '要対応: 対応が必要な項目があります'),
  incomplete: t(
    'Incomplete: the check could not finish; tell the help desk',
    '不完全: 点検を最後まで実行できませんでした。ヘルプデスクに連絡してください',
  ),
  notRechecked: t(
    'Could not re-check {n} earlier problems: they stay open until checked',
    '前回までの問題 {n} 件を再確認できませんでした。確認できるまで未解決のままです',
  ),
  first: t('First run: nothing to compare with yet', '初回の実行です（比べる前回の結果はありません）'),
  newSince: t('New since {date}: {n}', '{date} からの新しい問題: {n} 件'),
  noneNew: t('Nothing new since {date}', '{date} から新しい問題はありません'),
  fixed: t('Fixed: {n}', '解消した問題: {n} 件'),
  failures: t('To do ({n}):', '対応すること（{n} 件）:'),
  notMet: t('Not met: {title}', '満たしていません: {title}'),
  couldNotCheck: t('could not be checked; tell the help desk', '確認できませんでした。ヘルプデスクに連絡してください'),
  more: t('… and {n} more: see the report', '…ほか {n} 件はレポートを見てください'),
  report: t('Report: {file}', 'レポート: {file}'),
};

function fill(text: Text, lang: Lang, vars: Record<string, string | number>): string {
  return tr(text, lang).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** One terminal-safe line, cut to a width (Japanese characters count double). */
export function clip(s: string, width: number): string {
  const indent = /^ */.exec(s)?.[0] ?? '';
  const line = indent + oneLine(maskCardNumbers(s)).replace(/\s+/g, ' ').trim();
  let w = 0;
  let out = '';
  for (const ch of line) {
    const cw =
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
    if (w + cw > width - 1) return out + '…';
    out += ch;
    w += cw;
  }
  return out;
}

/** The first sentence or line of a text: the "what to do" of a result. */
function firstLine(s: string): string {
  const line = s.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const m = /^(.+?[.。])(\s|$)/u.exec(line.trim());
  return m ? m[1] : line.trim();
}

const WIDTH = 100;
/** The verdict fits in this many lines. */
const MAX_LINES = 15;
/** Lines per section, the "and N more" line included; the to-do list takes what is left of MAX_LINES. */
const MAX_NEW = 3;
const MAX_FIXED = 2;

function capped<T>(items: T[], max: number, lang: Lang, line: (item: T) => string): string[] {
  if (items.length <= max) return items.map(line);
  return [...items.slice(0, max - 1).map(line), `    ${fill(V.more, lang, { n: items.length - (max - 1) })}`];
}

/** What is wrong with a failing result: its failing finding's message, or a negative phrasing of the title. */
function whatIsWrong(r: CheckResult, lang: Lang): string {
  const f = r.findings.find((x) => x.status === 'fail') ?? r.findings.find((x) => x.status === 'warn');
  return f ? tr(f.message, lang) : fill(V.notMet, lang, { title: tr(r.controlTitle, lang) });
}

function resultRemediation(r: CheckResult): Text {
  return r.findings.find((f) => f.remediation && (f.status === 'fail' || f.status === 'warn'))?.remediation ?? r.remediation;
}

function changeLine(e: DiffEntry, lang: Lang, sign: string, titles: Map<string, Text>): string {
  const title = titles.get(`${e.controlId}\u0000${e.checkId}`);
  const msg = tr(e.message, lang);
  return clip(`  ${sign} ${title ? `${tr(title, lang)}: ` : ''}${msg}`, WIDTH);
}

/** `HH:MM` in local time of an ISO timestamp ('' when unreadable). */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export interface VerdictOptions {
  lang: Lang;
  day: string;
  previous?: { day: string; createdAt: string };
  diff?: ReportDiff;
  reportFile?: string;
}

/** The short verdict (≤ 15 lines) a person reads in ten seconds. */
export function renderDailyVerdict(report: Report, o: VerdictOptions): string {
  const { lang } = o;
  const lines: string[] = [];
  const symbol = report.verdict === 'compliant' ? '✓' : report.verdict === 'non-compliant' ? '✗' : '⚠';
  const head = report.verdict === 'compliant' ? V.ok : report.verdict === 'non-compliant' ? V.bad : V.incomplete;
  const hosts = report.targets.length === 1 && report.targets[0].kind !== 'local' ? ` (${report.targets[0].name})` : '';
  lines.push(clip(`${symbol} ${o.day}  ${tr(head, lang)}${hosts}`, WIDTH + 40));
  const titles = new Map<string, Text>();
  for (const tg of report.targets) for (const r of tg.results) titles.set(`${r.controlId}\u0000${r.checkId}`, r.controlTitle);
  if (!o.previous || !o.diff) lines.push(tr(V.first, lang));
  else {
    const when = o.previous.day === o.day ? `${o.previous.day} ${localTime(o.previous.createdAt)}` : o.previous.day;
    if (o.diff.new.length === 0) lines.push(fill(V.noneNew, lang, { date: when }));
    else {
      lines.push(fill(V.newSince, lang, { date: when, n: o.diff.new.length }));
      lines.push(...capped(o.diff.new, MAX_NEW, lang, (e) => changeLine(e, lang, '+', titles)));
    }
    if (o.diff.fixed.length > 0) {
      lines.push(fill(V.fixed, lang, { n: o.diff.fixed.length }));
      lines.push(...capped(o.diff.fixed, MAX_FIXED, lang, (e) => changeLine(e, lang, '✓', titles)));
    }
    if (o.diff.notRechecked.length > 0) lines.push(`⚠ ${fill(V.notRechecked, lang, { n: o.diff.notRechecked.length })}`);
  }
  const todo: Array<{ status: Status; r: CheckResult; host: string }> = [];
  for (const tg of report.targets) {
    if (tg.state === 'error') lines.push(clip(`⚠ ${tg.name}: ${reasonIn(tg.error ?? '', lang)}`, WIDTH));
    for (const r of tg.results)
      if (r.status === 'fail' || r.status === 'error')
        todo.push({ status: r.status, r, host: report.targets.length > 1 ? `${tg.name}: ` : '' });
  }
  todo.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  if (todo.length > 0) {
    lines.push(fill(V.failures, lang, { n: todo.length }));
    // Each to-do says what is wrong (the failing finding, not the control's positive title) and what to do,
    // wrapped by display width and never cut; as many as fit in the 15 lines, then "and N more".
    const budget = MAX_LINES - lines.length - (o.reportFile ? 1 : 0);
    const items = todo.map(({ status, r, host }) => {
      const wrong = status === 'fail' ? whatIsWrong(r, lang) : `${tr(r.controlTitle, lang)}: ${tr(V.couldNotCheck, lang)}`;
      const what = status === 'fail' ? ` → ${firstLine(tr(resultRemediation(r), lang))}` : '';
      const text = oneLine(maskCardNumbers(`${host}${wrong}${what}`)).replace(/\s+/g, ' ');
      return wrapText(text, WIDTH - 4).map((l, i) => (i === 0 ? `  ${STATUS_SYMBOL[status]} ` : '    ') + l);
    });
    let used = 0;
    let shown = 0;
    for (const item of items) {
      const rest = items.length - shown - 1;
      if (used + item.length + (rest > 0 ? 1 : 0) > budget) break;
      lines.push(...item);
      used += item.length;
      shown++;
    }
    if (shown < items.length) lines.push(`    ${fill(V.more, lang, { n: items.length - shown })}`);
  }
  if (o.reportFile) lines.push(fill(V.report, lang, { file: oneLine(o.reportFile) }));
  return lines.join('\n') + '\n';
}

/** The CLI action: run, print the verdict on stdout, return the exit code. */
export async function runDailyCommand(target: string | undefined, raw: Record<string, unknown>): Promise<number> {
  const o = raw as DailyCliOptions;
  const run = await runDaily(target, o);
  process.stdout.write(run.verdict);
  return run.exitCode;
}
