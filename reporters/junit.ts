/**
 * JUnit XML for CI test tabs: a test suite per host, a test case per check, each with `time`
 * (0: checks judge gathered evidence in microseconds; the host's gather time is the suite's).
 * fail → <failure>; a warning that gates the run (--fail-on low) → <failure type="warning">, any
 * other warning → <skipped message="warning …"> (never a passed test); error → <error>;
 * not-applicable/manual/waived → <skipped>. An unreachable host is one `target.reachable` error
 * case. Above 200 hosts or 20 000 cases the cases go to one file per store (junit/<store>.xml)
 * and report.junit.xml holds one case, the gate, so the two never count a check twice.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lang } from '../core/i18n.js';
import { t, tr } from '../core/i18n.js';
import type { CheckResult, GateSummary, Report, Severity, TargetResult } from '../core/model.js';
import { gateOfTargets, gates } from '../core/gate.js';
import { L, label, SEVERITY_LABEL, storeOf } from './labels.js';
import type { HostRow, ReportHeader, ReportSource } from '../core/report.js';
import { FileSink } from './sink.js';

/** Split per store above this many hosts or test cases (GitLab: 30 MB, 250 000 objects per file). */
export const JUNIT_SPLIT_HOSTS = 200;
export const JUNIT_SPLIT_CASES = 20_000;

/** Drop what XML 1.0 cannot hold (a stray ESC makes the whole file unparsable), then escape. */
export function xmlEscape(value: unknown, attr = false): string {
  const s = (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)).replace(
    /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
    '',
  );
  const out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attr ? out.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : out;
}

/**
 * Words of the JUnit files. Status prefixes name the status with the report's own words in
 * Japanese (STATUS_LABEL: 警告, 対象外, 手動確認, 免除; severities 緊急/高/中/低); the English
 * prefixes stay as CI parsers and existing pipelines know them.
 */
const J = {
  warning: t('warning: ', '警告: '),
  warnBelow: t('warning (below --fail-on {failOn}): ', '警告（--fail-on {failOn} 未満）: '),
  notApplicable: t('not-applicable: ', '対象外: '),
  manual: t('manual: ', '手動確認: '),
  waivedUntil: t('waived until {expires} by {approver}: ', '免除（期限 {expires}、承認者 {approver}）: '),
  waived: t('waived', '免除'),
  gateFacts: t(
    '{failing} results at or above {failOn} fail, {undecided} could not be decided, {unscanned} hosts not scanned (exit ' +
      'code {exit}); every check is a case in junit/<store>.xml',
    '重大度「{severity}」以上の不合格 {failing} 件、判定できなかった結果 {undecided} 件、' +
      'スキャンできなかった端末 {unscanned} 台（終了コード {exit}）。各チェックは junit/<店舗>.xml にあります',
  ),
  gateName: t(
    'posaudit gate (--fail-on {failOn}; per-store cases in junit/)',
    'posaudit ゲート（--fail-on {failOn}、店舗ごとのケースは junit/ にあります）',
  ),
};

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function seconds(t: TargetResult): number {
  return secondsBetween(t.timing.startedAt, t.timing.finishedAt);
}

function secondsBetween(startedAt: string, finishedAt: string): number {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

function classnameOf(t: TargetResult): string {
  const host = t.name.replace(/\./g, '_');
  const store = storeOf(t.tags);
  return store ? `${store.replace(/\./g, '_')}.${host}` : host;
}

function suiteNameOf(t: TargetResult): string {
  const store = storeOf(t.tags);
  return store ? `${store}/${t.name}` : t.name;
}

function caseBody(r: CheckResult, lang: Lang): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    lines.push(`${tr(f.message, lang)}${f.location !== undefined ? `  @ ${f.location}` : ''}`);
    if (f.evidence?.length) lines.push(`  ${label(L.evidence, lang)}: ${f.evidence.join(', ')}`);
    if (f.details) lines.push(`  ${label(L.details, lang)}: ${JSON.stringify(f.details)}`);
  }
  lines.push(`${label(L.remediation, lang)}: ${tr(r.findings.find((f) => f.remediation)?.remediation ?? r.remediation, lang)}`);
  if (r.expiredWaiver)
    lines.push(
      `${label(L.expiredWaiver, lang)}: ${r.expiredWaiver.reason} (${r.expiredWaiver.approver}, ${r.expiredWaiver.expires})`,
    );
  return lines.join('\n');
}

function firstMessage(r: CheckResult, lang: Lang): string {
  return r.findings.length ? tr(r.findings[0].message, lang) : tr(r.title, lang);
}

interface SuiteXml {
  xml: string;
  counts: Counts;
  time: number;
}

function suiteOf(t: TargetResult, lang: Lang, failOn: Severity): SuiteXml {
  const warnGates = gates('warn', 'low', failOn);
  const cls = xmlEscape(classnameOf(t), true);
  const c: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const cases: string[] = [];
  if (t.state === 'error') {
    c.tests++;
    c.errors++;
    cases.push(
      `    <testcase classname="${cls}" name="target.reachable" time="${seconds(t)}">\n      <error type="unreachable" ` +
        `message="${xmlEscape(t.error ?? label(L.hostUnreachableCase, lang), true)}">` +
        `${xmlEscape(`${label(L.hostUnreachableCase, lang)}: ${t.error ?? ''}`)}</error>\n    </testcase>`,
    );
  }
  const names = new Map<string, number>();
  for (const r of t.results)
    if (names.has(r.checkId)) names.set(r.checkId, 2);
    else names.set(r.checkId, 1);
  for (const r of t.results) {
    // GitLab keys cases on classname + name: a check used by two controls names its control too.
    const base = names.get(r.checkId)! > 1 ? `${r.checkId} (${r.controlId})` : r.checkId;
    const name = r.requirements.length ? `${base} [${r.requirements.join(', ')}]` : base;
    const loc = r.findings.find((f) => f.location !== undefined)?.location;
    const open =
      `    <testcase classname="${cls}" name="${xmlEscape(name, true)}"` +
      `${loc !== undefined ? ` file="${xmlEscape(loc, true)}"` : ''} time="0"`;
    c.tests++;
    const msg = (prefix: string, text: string) => xmlEscape(`${prefix}${text}`, true);
    switch (r.status) {
      case 'pass':
        cases.push(`${open}/>`);
        break;
      case 'warn':
        if (warnGates) {
          c.failures++;
          cases.push(
            `${open}>\n      <failure type="warning" message="${msg(label(J.warning, lang), firstMessage(r, lang))}">` +
              `${xmlEscape(caseBody(r, lang))}</failure>\n    </testcase>`,
          );
        } else {
          c.skipped++;
          const why = label(J.warnBelow, lang, { failOn });
          cases.push(
            `${open}>\n      <skipped message="${msg(why, firstMessage(r, lang))}"/>\n      ` +
              `<system-out>${xmlEscape(caseBody(r, lang))}</system-out>\n    </testcase>`,
          );
        }
        break;
      case 'fail':
        c.failures++;
        cases.push(
          `${open}>\n      <failure type="${r.severity}" message="${msg('', firstMessage(r, lang))}">` +
            `${xmlEscape(caseBody(r, lang))}</failure>\n    </testcase>`,
        );
        break;
      case 'error':
        c.errors++;
        cases.push(
          `${open}>\n      <error type="evidence" message="${msg('', firstMessage(r, lang))}">` +
            `${xmlEscape(caseBody(r, lang))}</error>\n    </testcase>`,
        );
        break;
      case 'not-applicable':
        c.skipped++;
        cases.push(
          `${open}>\n      <skipped message="${msg(label(J.notApplicable, lang), firstMessage(r, lang))}"/>\n    </testcase>`,
        );
        break;
      case 'manual':
        c.skipped++;
        cases.push(
          `${open}>\n      <skipped message="${msg(label(J.manual, lang), tr(r.procedure ?? r.title, lang))}"/>\n    </testcase>`,
        );
        break;
      case 'waived': {
        c.skipped++;
        const w = r.waiver;
        const why = w
          ? `${label(J.waivedUntil, lang, { expires: w.expires, approver: w.approver })}${w.reason}`
          : label(J.waived, lang);
        cases.push(`${open}>\n      <skipped message="${msg('', why)}"/>\n    </testcase>`);
        break;
      }
    }
  }
  const time = seconds(t);
  const props = [
    ['posaudit.target', t.id],
    ['posaudit.kind', t.kind],
    ['posaudit.platform', t.platform.pretty ?? t.platform.os],
    ...Object.entries(t.tags ?? {}).map(([k, v]) => [`tag.${k}`, v]),
  ]
    .map(([k, v]) => `      <property name="${xmlEscape(k, true)}" value="${xmlEscape(v, true)}"/>`)
    .join('\n');
  const xml =
    `  <testsuite name="${xmlEscape(suiteNameOf(t), true)}" hostname="${xmlEscape(t.name, true)}" tests="${c.tests}" ` +
    `failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${time}" ` +
    `timestamp="${xmlEscape(t.timing.startedAt, true)}">\n    <properties>\n${props}\n    </properties>\n` +
    `${cases.join('\n')}\n  </testsuite>`;
  return { xml, counts: c, time };
}

/** One JUnit document for some targets of a report. */
export function renderJunit(report: Report, opts: { lang: Lang; targets?: TargetResult[]; name?: string }): string {
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  let time = 0;
  const suites: string[] = [];
  for (const t of opts.targets ?? report.targets) {
    const s = suiteOf(t, opts.lang, report.failOn);
    suites.push(s.xml);
    total.tests += s.counts.tests;
    total.failures += s.counts.failures;
    total.errors += s.counts.errors;
    total.skipped += s.counts.skipped;
    time += s.time;
  }
  return `${openDoc(report, total, time, opts.name)}${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

function openDoc(header: Pick<ReportHeader, 'profiles' | 'createdAt'>, total: Counts, time: number, name?: string): string {
  const n = name ?? `posaudit ${header.profiles.map((p) => p.id).join('+')}`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(n, true)}" tests="${total.tests}" ` +
    `failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" ` +
    `time="${Math.round(time * 1000) / 1000}" timestamp="${xmlEscape(header.createdAt, true)}">\n`
  );
}

/** What suiteOf will count for a host, from its row alone (so a document's header can be written first). */
function rowCounts(h: HostRow, failOn: Severity): Counts {
  const down = h.state === 'error' ? 1 : 0;
  const warnGates = gates('warn', 'low', failOn);
  return {
    tests: h.results + down,
    failures: h.counts.fail + (warnGates ? h.counts.warn : 0),
    errors: h.counts.error + down,
    skipped: h.counts['not-applicable'] + h.counts.manual + h.counts.waived + (warnGates ? 0 : h.counts.warn),
  };
}

/**
 * The gate as one test case: report.junit.xml of a split fleet, so a CI reading only that file
 * still fails when the run fails, and one reading junit/*.xml too counts no check twice.
 */
function gateDoc(
  header: Pick<ReportHeader, 'profiles' | 'createdAt' | 'failOn' | 'verdict'>,
  gate: GateSummary,
  lang: Lang,
): string {
  const failing = gate.failing > 0;
  const incomplete = !failing && (gate.targetsNotScanned > 0 || gate.undecided > 0);
  const facts = label(J.gateFacts, lang, {
    failing: gate.failing,
    failOn: gate.failOn,
    severity: tr(SEVERITY_LABEL[gate.failOn], lang),
    undecided: gate.undecided,
    unscanned: gate.targetsNotScanned,
    exit: gate.exitCode,
  });
  const body = failing
    ? `\n      <failure type="gate" message="${xmlEscape(facts, true)}">${xmlEscape(facts)}</failure>\n    `
    : incomplete
      ? `\n      <error type="incomplete" message="${xmlEscape(facts, true)}">${xmlEscape(facts)}</error>\n    `
      : '';
  const counts: Counts = { tests: 1, failures: failing ? 1 : 0, errors: incomplete ? 1 : 0, skipped: 0 };
  const name = label(J.gateName, lang, { failOn: gate.failOn });
  const kase = `    <testcase classname="posaudit" name="gate" time="0"${body ? `>${body}</testcase>` : '/>'}`;
  return (
    `${openDoc(header, counts, 0, name)}  <testsuite name="posaudit gate" tests="1" failures="${counts.failures}" ` +
    `errors="${counts.errors}" skipped="0" time="0" timestamp="${xmlEscape(header.createdAt, true)}">\n${kase}\n  ` +
    `</testsuite>\n</testsuites>\n`
  );
}

/** The header of a document over some hosts, and whether it has any suite. */
function docHead(header: ReportHeader, rows: readonly HostRow[], name?: string): { head: string; suites: number } {
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  let time = 0;
  let suites = 0;
  for (const h of rows) {
    const c = rowCounts(h, header.failOn);
    suites++;
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
    time += secondsBetween(h.startedAt, h.finishedAt);
  }
  return { head: openDoc(header, total, time, name), suites };
}

/** junitFiles, streamed: the same files, each suite written as its host is read. */
export async function writeJunitStream(src: ReportSource, outDir: string, lang: Lang): Promise<string[]> {
  const { header, hosts } = src;
  const mainFile = join(outDir, 'report.junit.xml');
  if (
    !isSplit(
      hosts.length,
      hosts.reduce((n, h) => n + Math.max(1, h.results), 0),
    )
  ) {
    await removeStaleStoreFiles(outDir);
    const main = new FileSink(mainFile);
    main.write(docHead(header, hosts).head);
    let n = 0;
    for await (const t of src.targets()) {
      main.write(n++ ? '\n' : '', suiteOf(t, lang, header.failOn).xml);
      await main.flush();
    }
    main.write(n ? '\n' : '', '</testsuites>\n');
    return [await main.close()];
  }
  // Per store: the file, its hosts' rows.
  const stores = new Map<string, { file: string; rows: HostRow[]; written: number }>();
  for (const h of hosts) {
    const store = storeOf(h.tags) ?? 'no-store';
    (stores.get(store) ?? stores.set(store, { file: '', rows: [], written: 0 }).get(store)!).rows.push(h);
  }
  await mkdir(join(outDir, 'junit'), { recursive: true });
  const sorted = [...stores].sort(([a], [b]) => a.localeCompare(b));
  for (const [store, s] of sorted) {
    s.file = join(outDir, 'junit', `${storeFileName(store)}.xml`);
    await writeFile(s.file, docHead(header, s.rows, `posaudit ${store}`).head);
    s.rows = [];
  }
  for await (const t of src.targets()) {
    const st = stores.get(storeOf(t.tags) ?? 'no-store')!;
    await appendFile(st.file, `${st.written++ ? '\n' : ''}${suiteOf(t, lang, header.failOn).xml}`);
  }
  await writeFile(mainFile, gateDoc(header, header.summary.gate ?? (await gateOfSource(src)), lang));
  const files = [mainFile];
  for (const [, s] of sorted) {
    await appendFile(s.file, `${s.written ? '\n' : ''}</testsuites>\n`);
    files.push(s.file);
  }
  return files;
}

async function gateOfSource(src: ReportSource): Promise<GateSummary> {
  const targets: TargetResult[] = [];
  for await (const t of src.targets()) targets.push(t);
  return gateOfTargets(targets, src.header.failOn);
}

function isSplit(hosts: number, cases: number): boolean {
  return !(hosts <= JUNIT_SPLIT_HOSTS && cases <= JUNIT_SPLIT_CASES);
}

/** Per-store files of an earlier, larger run in the same folder would be counted again: remove them. */
async function removeStaleStoreFiles(outDir: string): Promise<void> {
  const dir = join(outDir, 'junit');
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) if (n.endsWith('.xml')) await rm(join(dir, n), { force: true });
  if (names.length && (await readdir(dir).catch(() => ['?'])).length === 0) await rm(dir, { recursive: true, force: true });
}

/** A file name for a store: safe characters only, with a hash when anything had to be replaced. */
export function storeFileName(store: string): string {
  const safe = store
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 80);
  return safe === store && safe !== ''
    ? safe
    : `${safe || 'store'}-${createHash('sha256').update(store).digest('hex').slice(0, 8)}`;
}

/**
 * The JUnit files for a report, paths relative to the output directory. Small scans: one
 * `report.junit.xml` with every case. Large fleets: `junit/<store>.xml` with every case, and
 * `report.junit.xml` with one case, the gate (failure when the run fails, error when incomplete):
 * feed either or both to CI, no check is counted twice.
 */
export function junitFiles(report: Report, lang: Lang): Array<{ path: string; xml: string }> {
  const cases = report.targets.reduce((n, t) => n + Math.max(1, t.results.length), 0);
  if (!isSplit(report.targets.length, cases)) return [{ path: 'report.junit.xml', xml: renderJunit(report, { lang }) }];
  const byStore = new Map<string, TargetResult[]>();
  for (const t of report.targets) {
    const store = storeOf(t.tags) ?? 'no-store';
    (byStore.get(store) ?? byStore.set(store, []).get(store)!).push(t);
  }
  const gate = report.summary.gate ?? gateOfTargets(report.targets, report.failOn);
  const files = [{ path: 'report.junit.xml', xml: gateDoc(report, gate, lang) }];
  for (const [store, targets] of [...byStore].sort(([a], [b]) => a.localeCompare(b))) {
    files.push({
      path: `junit/${storeFileName(store)}.xml`,
      xml: renderJunit(report, { lang, targets, name: `posaudit ${store}` }),
    });
  }
  return files;
}
