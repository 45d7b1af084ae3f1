/**
 * The HTML report: one self-contained file that leads with what an auditor hands over.
 * Inline CSS and one script, both pinned by SHA-256 in a strict CSP; no URL the page could fetch.
 * Every string from a terminal is escaped (html/escape.ts, html/data.ts).
 *
 * Layout: verdict and scope, then the filters, then fleet-wide tables rendered at generation time
 * (readable without JavaScript and printable): counters, per-requirement status across the fleet,
 * the worst stores and terminals, failing checks with their remediation written once and the
 * affected terminals, reasons the scan could not decide (collapsed), changes since a baseline,
 * waivers, the check catalogue. Per-terminal results are embedded once as compact JSON and rendered
 * by the script on demand (the terminal × requirement matrix and one terminal's details); the
 * script also recomputes every table and counter when a filter changes.
 *
 * Written in passes over the targets so a fleet is never in memory at once: observe() every target,
 * head(), data() every target, end().
 */
import { coverageSummary } from './coverage-text.js';
import { createHash } from 'node:crypto';
import type { Lang, Text } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import { reasonIn } from '../core/reasons.js';
import {
  SEVERITIES,
  STATUSES,
  statusRank,
  type CheckResult,
  type Finding,
  type Report,
  type Severity,
  type Status,
  type TargetResult,
  type WaiverRef,
  type Attestation,
} from '../core/model.js';
import {
  hostRowOf,
  type DiffEntry,
  type HostRow,
  type ReportDiff,
  type ReportHeader,
  type ReportSource,
} from '../core/report.js';
import { FileSink } from './sink.js';
import { esc } from './html/escape.js';
import { scriptJson, StringRefs, trim } from './html/data.js';
import { H } from './html/labels.js';
import { REPORT_JS } from './html/script.js';
import { REPORT_CSS } from './html/style.js';
import {
  complianceRate,
  L,
  label,
  SEVERITY_LABEL,
  STATUS_DEFINITION,
  STATUS_LABEL,
  STATUS_SYMBOL,
  storeOf,
  VERDICT_LABEL,
} from './labels.js';
import { compareReq, type RuleInfo } from './sarif.js';

export interface HtmlOptions {
  lang: Lang;
  rules?: RuleInfo[];
  /** The baseline report: the stores and requirements of findings fixed since it (for the filters). */
  baseline?: Report;
  /** What changed since the baseline, computed by the engine (engine/diff.ts): the report only renders it. */
  diff?: ReportDiff;
}

/** How many entries a list section shows before saying "and N more". */
const LIST_CAP = 500;
/** How many terminal names a failing check or an error reason lists. */
const NAMES_CAP = 1000;
/** Rows of the worst-stores and worst-terminals tables. */
const TOP = 10;

/** Statuses in the order the requirement table shows them: what needs attention first. */
const REQ_COLS: Status[] = ['fail', 'error', 'warn', 'manual', 'waived', 'pass', 'not-applicable'];

function sha256b64(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

/** The CSP for a page whose only style and script are these exact texts. */
export function contentSecurityPolicy(css: string, js: string): string {
  return (
    `default-src 'none'; style-src 'sha256-${sha256b64(css)}'; script-src 'sha256-${sha256b64(js)}'; img-src data:; base-uri ` +
    `'none'; form-action 'none'`
  );
}

/**
 * The grouping key of an error reason: numbers, addresses and quoted names vary per terminal
 * ("timed out after 15 s" on 10.0.0.1 and 10.0.0.2 is one reason). The script uses the same rule.
 */
export function reasonKey(s: string): string {
  return s
    .replace(/"[^"]*"/g, '"…"')
    .replace(/[0-9a-f]*:[0-9a-f:]+/gi, '#')
    .replace(/\d+/g, '#')
    .trim();
}

/** The status a finding has once the result's waiver is applied (as core/finding-key's findingItems). */
function effective(r: CheckResult, f: Finding): Status {
  return r.status === 'waived' && (f.status === 'fail' || f.status === 'warn') ? 'waived' : f.status;
}

interface CatalogueEntry {
  k: number;
  result: CheckResult;
  rule?: RuleInfo;
  counts: Record<Status, number>;
  /** Terminals where this check fails or warns (up to NAMES_CAP) and how many in all. */
  names: string[];
  affected: number;
}

interface ReasonGroup {
  reason: string;
  hosts: number;
  names: string[];
  checks: Set<string>;
  unscanned: boolean;
  last: number;
}

/** A waiver (or an expired one) and the terminals whose results carry it, in the order they were met. */
interface WaiverGroup {
  i: number;
  w: WaiverRef;
  results: number;
  /** How many terminals, and the first HOST_NAMES of them. */
  hosts: number;
  names: string[];
  last: number;
}

/** Terminal names a waiver row lists before "and N more". */
const HOST_NAMES = 20;
/** Changes since the baseline embedded for the filters; a larger diff stays as rendered. */
const DIFF_EMBED = 50_000;

function waiverKey(w: WaiverRef): string {
  return JSON.stringify([w.reason, w.approver, w.expires, w.source]);
}

interface StoreAgg {
  hosts: number;
  failing: number;
  fail: number;
  error: number;
}

class Renderer {
  private out: string[] = [];
  private readonly lang: Lang;
  private readonly sevText: Record<Severity, string>;
  private readonly rules: Map<string, RuleInfo>;
  private readonly catalogue = new Map<string, CatalogueEntry>();
  private readonly reqRows = new Map<string, Record<Status, number>>();
  private reqs: string[] = [];
  private readonly counts = zeroCounts();
  private readonly bySev = zeroSev();
  private readonly reasons = new Map<string, ReasonGroup>();
  private readonly stores = new Map<string, StoreAgg>();
  private storeIndex = new Map<string, number>();
  private readonly expiredRows = new Map<string, WaiverGroup>();
  private readonly waivers = new Map<string, WaiverGroup>();
  private readonly attest: { items: Array<{ name: string; checkId: string; a: Attestation }>; n: number } = { items: [], n: 0 };
  private readonly refs = new StringRefs();
  private dataCount = 0;
  /** Requirements of checks only the baseline ran (for changes filtered by requirement). */
  private readonly baselineReqs = new Map<string, string[]>();
  /** The store of every terminal, now or in the baseline, by target id. */
  private readonly hostStores = new Map<string, string>();
  private hostNo = -1;

  constructor(
    private readonly header: ReportHeader,
    private readonly rows: readonly HostRow[],
    private readonly opts: HtmlOptions,
    private readonly diff?: ReportDiff,
  ) {
    this.lang = opts.lang;
    this.sevText = Object.fromEntries(SEVERITIES.map((s) => [s, esc(tr(SEVERITY_LABEL[s], this.lang))])) as Record<
      Severity,
      string
    >;
    this.rules = new Map((opts.rules ?? []).map((r) => [r.id, r]));
    for (const w of header.expiredWaivers ?? []) this.waiverGroup(this.expiredRows, w);
    if (diff) {
      for (const t of opts.baseline?.targets ?? []) {
        const store = storeOf(t.tags);
        if (store !== undefined) this.hostStores.set(t.id, store);
        for (const r of t.results) this.baselineReqs.set(`${r.controlId}\u0000${r.checkId}`, r.requirements);
      }
      for (const h of rows) {
        const store = storeOf(h.tags);
        if (store !== undefined) this.hostStores.set(h.id, store);
        else this.hostStores.delete(h.id);
      }
    }
  }

  private t(text: Text, vars?: Record<string, string | number>): string {
    return esc(label(text, this.lang, vars));
  }

  private w(...parts: string[]): void {
    for (const p of parts) this.out.push(p);
  }

  /**
   * A scrollable table's opening, caption and column headers, up to the open body. Every header is
   * a `<th scope="col">`; a header is its escaped HTML, or that and a class (a status column).
   */
  private tableHead(
    id: string | undefined,
    headers: Array<string | { html: string; cls: string }>,
    opts: { caption?: string; cls?: string } = {},
  ): void {
    this.w(
      '<div class="tw" tabindex="0"><table',
      opts.cls ? ` class="${opts.cls}"` : '',
      id ? ` id="${id}"` : '',
      '>',
      opts.caption !== undefined ? `<caption>${opts.caption}</caption>` : '',
      '<thead><tr>',
      ...headers.map((h) =>
        typeof h === 'string' ? `<th scope="col">${h}</th>` : `<th scope="col" class="${h.cls}">${h.html}</th>`,
      ),
      '</tr></thead><tbody>',
    );
  }

  /** What has been rendered since the last take(). */
  take(): string {
    const s = this.out.join('');
    this.out = [];
    return s;
  }

  private waiverGroup(groups: Map<string, WaiverGroup>, w: WaiverRef): WaiverGroup {
    const k = waiverKey(w);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { i: groups.size, w, results: 0, hosts: 0, names: [], last: -1 }));
    return g;
  }

  /** One more result of the current terminal under a waiver group. */
  private countWaiver(g: WaiverGroup, host: string): void {
    g.results++;
    if (g.last === this.hostNo) return;
    g.last = this.hostNo;
    g.hosts++;
    if (g.names.length < HOST_NAMES) g.names.push(host);
  }

  private group(key: string, reason: string, host: string, check: string | undefined, unscanned: boolean): void {
    const k = `${unscanned ? 'u' : 'e'}\u0000${key}`;
    let g = this.reasons.get(k);
    if (!g) this.reasons.set(k, (g = { reason, hosts: 0, names: [], checks: new Set(), unscanned, last: -1 }));
    if (g.last !== this.hostNo) {
      g.last = this.hostNo;
      g.hosts++;
      if (g.names.length < NAMES_CAP) g.names.push(host);
    }
    if (check) g.checks.add(check);
  }

  /** First pass: every aggregate the tables need. */
  observe(target: TargetResult): void {
    this.hostNo++;
    const store = storeOf(target.tags) ?? '';
    const st = this.stores.get(store) ?? this.stores.set(store, { hosts: 0, failing: 0, fail: 0, error: 0 }).get(store)!;
    st.hosts++;
    if (target.state === 'error') {
      const reason = target.error !== undefined ? reasonIn(target.error, this.lang) : tr(H.noReason, this.lang);
      this.group(reasonKey(reason), reason, target.name, undefined, true);
      return;
    }
    const worst = new Map<string, Status>();
    let fails = 0;
    for (const r of target.results) {
      const key = `${r.controlId}\u0000${r.checkId}`;
      let entry = this.catalogue.get(key);
      if (!entry) {
        entry = {
          k: this.catalogue.size,
          result: { ...r, findings: [] },
          rule: this.rules.get(r.checkId),
          counts: zeroCounts(),
          names: [],
          affected: 0,
        };
        this.catalogue.set(key, entry);
      }
      entry.counts[r.status]++;
      this.counts[r.status]++;
      if (r.status === 'fail') {
        this.bySev[r.severity]++;
        fails++;
      }
      if (r.status === 'fail' || r.status === 'warn') {
        entry.affected++;
        if (entry.names.length < NAMES_CAP) entry.names.push(target.name);
      }
      if (r.status === 'error') {
        st.error++;
        const msgs = r.findings.filter((f) => f.status === 'error').map((f) => tr(f.message, this.lang));
        if (msgs.length === 0) msgs.push(tr(H.noReason, this.lang));
        for (const m of msgs) this.group(reasonKey(m), m, target.name, r.checkId, false);
      }
      if (r.expiredWaiver) this.countWaiver(this.waiverGroup(this.expiredRows, r.expiredWaiver), target.name);
      if (r.waiver && r.status === 'waived') this.countWaiver(this.waiverGroup(this.waivers, r.waiver), target.name);
      if (r.attestation) {
        this.attest.n++;
        if (this.attest.items.length < LIST_CAP)
          this.attest.items.push({ name: target.name, checkId: r.checkId, a: r.attestation });
      }
      for (const q of r.requirements) {
        const prev = worst.get(q);
        if (!prev || statusRank(r.status) > statusRank(prev)) worst.set(q, r.status);
      }
    }
    st.fail += fails;
    if (fails > 0) st.failing++;
    for (const [q, s] of worst) (this.reqRows.get(q) ?? this.reqRows.set(q, zeroCounts()).get(q)!)[s]++;
  }

  /** After observe(): everything up to the embedded host data. */
  head(): void {
    const { header, lang } = this;
    this.reqs = [...this.reqRows.keys()].sort(compareReq);
    const storeNames = [...this.stores.keys()].filter((s) => s !== '').sort();
    this.storeIndex = new Map(storeNames.map((s, i) => [s, i]));
    this.w(
      '<!doctype html>\n<html lang="',
      lang,
      '"><head><meta charset="utf-8">',
      '<meta http-equiv="Content-Security-Policy" content="',
      esc(contentSecurityPolicy(REPORT_CSS, REPORT_JS)),
      '">',
      '<meta name="viewport" content="width=device-width,initial-scale=1">',
      '<meta name="referrer" content="no-referrer">',
      '<meta name="generator" content="',
      esc(`${header.tool.name} ${header.tool.version}`),
      '">',
      '<title>',
      this.t(L.reportTitle),
      ' — ',
      esc(header.createdAt),
      '</title>',
      '<style>',
      REPORT_CSS,
      '</style></head><body>',
      '<a class="skip" href="#filters">',
      this.t(H.skipToFilters),
      '</a><a class="skip" href="#main">',
      this.t(H.skipToSummary),
      '</a>',
    );
    this.cover();
    this.filters(storeNames);
    this.w('<main id="main">');
    this.summary();
    this.requirementTable();
    this.worst();
    this.failingChecks();
    this.errorsByReason();
    if (this.diff) this.diffSection(this.diff);
    this.waiversAndAttestations();
    this.hostsSection();
    this.catalogueSection();
    this.method();
    this.w('</main><footer>', esc(`${header.tool.name} ${header.tool.version}`), ' · ', esc(header.createdAt), '</footer>');
    this.w('<script type="application/json" id="meta">', scriptJson(this.meta(storeNames)), '</script>');
    if (this.diff)
      this.w('<script type="application/json" id="diffdata">', scriptJson(this.diffData(this.diff, storeNames)), '</script>');
    this.w('<script type="application/json" id="data">[');
  }

  /** Second pass: one compact record per target into the data block. */
  data(t: TargetResult): void {
    const refs = this.refs;
    const lang = this.lang;
    const store = storeOf(t.tags);
    const p = t.platform;
    const platform = [p.pretty, p.distro, p.edition, p.version, p.build, p.arch].filter(Boolean).join(' · ') || p.os;
    const tm = t.timing;
    const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`);
    const info: Array<[string, string]> = [['ID', `${t.id} (${t.kind})`]];
    for (const [k, v] of Object.entries(t.tags ?? {})) info.push([k, v]);
    info.push([
      label(L.timing, lang),
      `${label(L.started, lang)} ${tm.startedAt} · ${label(L.connect, lang)} ${ms(tm.connectMs)} · ${label(L.gather, lang)}` +
        ` ${ms(tm.gatherMs)} · ${label(L.active, lang)} ${ms(tm.activeMs)} · ${label(L.evaluate, lang)} ${ms(tm.evaluateMs)}`,
    ]);
    info.push([label(L.roundTrips, lang), `${tm.roundTrips} · ${label(L.requests, lang)} ${tm.requests}`]);
    const rec = trim([
      t.name,
      store === undefined ? -1 : (this.storeIndex.get(store) ?? -1),
      t.state === 'error' ? (t.error !== undefined ? reasonIn(t.error, lang) : tr(H.noReason, lang)) : null,
      refs.ref(platform),
      t.results.map((r) => this.resultRecord(r)),
      info.map(([k, v]) => [refs.ref(k), refs.ref(v)]),
      t.notes?.length ? t.notes.map((n) => tr(n, lang)) : null,
    ]);
    this.w(this.dataCount++ ? ',\n' : '\n', scriptJson(rec));
  }

  private resultRecord(r: CheckResult): unknown[] {
    const refs = this.refs;
    const lang = this.lang;
    const k = this.catalogue.get(`${r.controlId}\u0000${r.checkId}`)!.k;
    const findings = r.findings.map((f) => {
      const s = effective(r, f);
      const problem = s !== 'pass' && s !== 'not-applicable';
      const more: string[] = [];
      if (problem && f.evidence?.length) more.push(`${label(L.evidence, lang)}: ${f.evidence.join(', ')}`);
      if (problem && f.details && Object.keys(f.details).length) more.push(JSON.stringify(f.details));
      return trim([
        STATUSES.indexOf(s),
        refs.ref(tr(f.message, lang)),
        refs.ref(f.location),
        refs.ref(more.join('\n')),
        f.remediation ? refs.ref(tr(f.remediation, lang)) : null,
      ]);
    });
    const extra: string[] = [];
    const wv = (w: WaiverRef) =>
      `${w.reason} — ${label(L.approver, lang)} ${w.approver}, ${label(L.expires, lang)} ${w.expires} (${w.source})`;
    if (r.waiver && r.status === 'waived') extra.push(`${label(L.waiver, lang)}: ${wv(r.waiver)}`);
    if (r.expiredWaiver) extra.push(`${label(L.expiredWaiver, lang)}: ${wv(r.expiredWaiver)}`);
    if (r.attestation) {
      const a = r.attestation;
      extra.push(
        `${label(L.attestation, lang)}: ${STATUS_SYMBOL[a.status]} ${a.observed} — ${a.by}, ${a.date}` +
          ` (${label(L.expires, lang)} ${a.expires})`,
      );
    }
    const a = r.attestation;
    return trim([
      k,
      STATUSES.indexOf(r.status),
      findings.length ? findings : null,
      refs.ref(extra.join('\n')),
      r.waiver && r.status === 'waived' ? this.waivers.get(waiverKey(r.waiver))!.i : null,
      r.expiredWaiver ? this.expiredRows.get(waiverKey(r.expiredWaiver))!.i : null,
      a
        ? [
            STATUSES.indexOf(a.status),
            refs.ref(a.by),
            refs.ref(a.date),
            refs.ref(a.expires),
            refs.ref(a.observed),
            refs.ref(a.source),
          ]
        : null,
    ]);
  }

  end(): void {
    this.w('\n]</script><script>', REPORT_JS, '</script></body></html>\n');
  }

  private meta(storeNames: string[]): unknown {
    const lang = this.lang;
    const entries = [...this.catalogue.values()].sort((a, b) => a.k - b.k);
    const reqIdx = new Map(this.reqs.map((q, i) => [q, i]));
    const words: Record<string, string> = {};
    for (const [k, v] of Object.entries(H)) words[k] = tr(v, lang);
    for (const k of [
      'host',
      'store',
      'check',
      'severity',
      'requirements',
      'remediation',
      'procedure',
      'reason',
      'control',
    ] as const)
      words[k] = tr(L[k], lang);
    words.unreachable = tr(L.unreachable, lang);
    words.total = tr(L.total, lang);
    words.rate = tr(L.complianceRate, lang);
    words.manualPending = tr(L.manualPending, lang);
    words.scanned = tr(L.scanned, lang);
    words.more = tr(L.moreNotShown, lang);
    words.noResults = tr(L.noResults, lang);
    words.platform = tr(L.platform, lang);
    words.status = tr(L.status, lang);
    words.message = tr(L.message, lang);
    return {
      S: STATUSES,
      SL: STATUSES.map((s) => tr(STATUS_LABEL[s], lang)),
      SY: STATUSES.map((s) => STATUS_SYMBOL[s]),
      V: SEVERITIES,
      VL: SEVERITIES.map((s) => tr(SEVERITY_LABEL[s], lang)),
      R: this.reqs,
      ST: storeNames,
      C: entries.map((e) => {
        const r = e.result;
        return trim([
          r.checkId,
          r.controlId,
          tr(e.rule ? e.rule.title : r.title, lang),
          SEVERITIES.indexOf(r.severity),
          r.requirements.map((q) => reqIdx.get(q) ?? -1),
          tr(r.remediation, lang),
          r.procedure ? tr(r.procedure, lang) : null,
        ]);
      }),
      W: words,
      WV: [...this.waivers.values()].map((g) => [g.w.reason, g.w.approver, g.w.expires, g.w.source]),
      XW: [...this.expiredRows.values()].map((g) => [g.w.reason, g.w.approver, g.w.expires, g.w.source]),
      DG: this.diff ? diffGroups(this.diff).map(([title]) => tr(title, lang)) : [],
      CAP: { names: NAMES_CAP, top: TOP, list: LIST_CAP, hostNames: HOST_NAMES },
    };
  }

  private cover(): void {
    const r = this.header;
    const hosts = this.rows.length;
    const scanned = this.rows.filter((t) => t.state === 'scanned').length;
    const stores = [...this.stores.keys()].filter((s) => s !== '').length;
    this.w(
      '<header class="cover"><h1>',
      this.t(L.reportTitle),
      '</h1><p class="verdict v-',
      r.verdict,
      '" role="status">',
      this.t(L.verdict),
      ': ',
      this.t(VERDICT_LABEL[r.verdict]),
      '</p><p class="scope">',
      this.t(H.scope, { hosts, stores, scanned, unscanned: hosts - scanned }),
      '</p><p class="meta"><span>',
      this.t(L.created),
      ': ',
      esc(r.createdAt),
      '</span><span>',
      this.t(L.tool),
      ': ',
      esc(`${r.tool.name} ${r.tool.version}`),
      '</span><span>',
      this.t(L.profiles),
      ': ',
      r.profiles
        .map((p) =>
          esc(
            `${tr(p.title, this.lang)} (${p.id} ${p.version}${p.coverage ? `; ${coverageSummary(p.coverage, this.lang)}` : ''})`,
          ),
        )
        .join(', '),
      '</span><span>',
      this.t(L.failOn),
      ': ',
      this.sevText[r.failOn],
      '</span></p></header>',
    );
  }

  private filters(storeNames: string[]): void {
    const checkIds = [...new Set([...this.catalogue.values()].map((e) => e.result.checkId))].sort();
    this.w('<form id="filters" hidden aria-label="', this.t(L.filters), '"><div class="frow">');
    const select = (name: string, title: Text, all: Text, values: string[]) => {
      this.w('<label>', this.t(title), ' <select name="', name, '"><option value="">', this.t(all), '</option>');
      for (const v of values) this.w('<option>', esc(v), '</option>');
      this.w('</select></label>');
    };
    select('st', L.store, H.allStores, storeNames);
    select('r', L.requirement, L.allRequirements, this.reqs);
    select('c', L.check, H.allChecks, checkIds);
    this.w('<label>', this.t(L.hostFilter), ' <input type="search" name="h" size="14"></label>');
    this.w('<button type="button" id="clear">', this.t(H.reset), '</button></div><div class="frow">');
    this.w('<fieldset><legend>', this.t(L.status), '</legend>');
    for (const s of STATUSES)
      this.w(
        '<label><input type="checkbox" name="s" value="',
        s,
        '" checked> <span class="s-',
        s,
        '">',
        STATUS_SYMBOL[s],
        '</span> ',
        esc(tr(STATUS_LABEL[s], this.lang)),
        '</label>',
      );
    this.w('</fieldset><fieldset><legend>', this.t(L.severity), '</legend>');
    for (const s of SEVERITIES)
      this.w('<label><input type="checkbox" name="v" value="', s, '" checked> ', this.sevText[s], '</label>');
    this.w(
      '</fieldset></div><p id="count" aria-live="polite"></p>',
      '<p class="frow print-opt"><label><input type="checkbox" id="print-hosts"> ',
      this.t(H.printHosts),
      '</label> <button type="button" id="print-now">',
      this.t(H.printNow),
      '</button></p></form>',
    );
  }

  private card(title: string, value: string | number, cls = ''): void {
    this.w('<div class="card', cls ? ` ${cls}` : '', '"><b>', esc(value), '</b>', title, '</div>');
  }

  private summary(): void {
    const hosts = this.rows.length;
    const scanned = this.rows.filter((t) => t.state === 'scanned').length;
    const total = STATUSES.reduce((n, s) => n + this.counts[s], 0);
    const rate = complianceRate(this.counts);
    this.w('<section aria-labelledby="sum"><h2 id="sum">', this.t(L.summary), '</h2><div class="cards" id="cards">');
    // The cards the script recomputes under a filter; more numbers slot in as more cards here and in script.ts.
    this.card(this.t(H.hostsInScope), hosts);
    this.card(this.t(L.scanned), scanned);
    this.card(this.t(L.unreachable), hosts - scanned, hosts - scanned ? 's-error' : '');
    this.card(this.t(L.complianceRate), rate === undefined ? '—' : `${rate}%`);
    this.card(this.t(L.manualPending), this.counts.manual, this.counts.manual ? 's-manual' : '');
    for (const s of STATUSES) this.card(`${STATUS_SYMBOL[s]} ${esc(tr(STATUS_LABEL[s], this.lang))}`, this.counts[s], `s-${s}`);
    this.card(this.t(H.resultsCounted), total);
    this.w('</div><p class="sub">', this.t(L.complianceFormula), '</p>');
    this.tableHead(
      'sev',
      SEVERITIES.map((s) => this.sevText[s]),
      { caption: this.t(L.failuresBySeverity), cls: 'narrow' },
    );
    this.w('<tr>');
    for (const s of SEVERITIES) this.w('<td class="num">', String(this.bySev[s]), '</td>');
    this.w('</tr></tbody></table></div></section>');
  }

  private statusTh(s: Status): { html: string; cls: string } {
    const name =
      s === 'error'
        ? `${esc(tr(STATUS_LABEL[s], this.lang))} (${this.t(H.couldNotDecide)})`
        : esc(tr(STATUS_LABEL[s], this.lang));
    return { html: `${STATUS_SYMBOL[s]} ${name}`, cls: `s-${s}` };
  }

  private requirementTable(): void {
    const unscanned = this.rows.filter((t) => t.state === 'error').length;
    this.w('<section aria-labelledby="req"><h2 id="req">', this.t(L.requirementSummary), '</h2>');
    this.tableHead('requirements', [this.t(L.requirement), ...REQ_COLS.map((s) => this.statusTh(s)), this.t(L.unreachable)], {
      caption: this.t(H.reqCaption),
    });
    for (const q of this.reqs) {
      const c = this.reqRows.get(q)!;
      this.w('<tr><th scope="row">', esc(q), '</th>');
      for (const s of REQ_COLS)
        this.w('<td class="num', c[s] && s !== 'pass' && s !== 'not-applicable' ? ` s-${s}` : '', '">', String(c[s]));
      this.w('<td class="num">', String(unscanned), '</tr>');
    }
    this.w('</tbody></table></div></section>');
  }

  private worst(): void {
    this.w('<section aria-labelledby="wst"><h2 id="wst">', this.t(H.worstStores), '</h2>');
    const stores = [...this.stores.entries()]
      .filter(([, s]) => s.failing || s.error)
      .sort(([an, a], [bn, b]) => b.failing - a.failing || b.fail - a.fail || b.error - a.error || an.localeCompare(bn))
      .slice(0, TOP);
    this.tableHead('stores', [
      this.t(L.store),
      this.t(L.hosts),
      this.t(H.failingHosts),
      `${STATUS_SYMBOL.fail} ${this.t(H.fails)}`,
      `${STATUS_SYMBOL.error} ${this.t(H.errs)}`,
    ]);
    if (stores.length === 0) this.w('<tr><td colspan="5">', this.t(H.none), '</tr>');
    for (const [name, s] of stores)
      this.w(
        '<tr><th scope="row">',
        name ? esc(name) : this.t(H.noStore),
        '</th><td class="num">',
        String(s.hosts),
        '<td class="num">',
        String(s.failing),
        '<td class="num">',
        String(s.fail),
        '<td class="num">',
        String(s.error),
        '</tr>',
      );
    this.w('</tbody></table></div><h2 id="wh">', this.t(H.worstHosts), '</h2>');
    const hosts = this.rows
      .map((h, i) => ({ h, i }))
      .filter(({ h }) => h.state === 'scanned' && (h.counts.fail || h.counts.error || h.counts.warn))
      .sort(
        (a, b) =>
          b.h.counts.fail - a.h.counts.fail ||
          b.h.counts.error - a.h.counts.error ||
          b.h.counts.warn - a.h.counts.warn ||
          a.i - b.i,
      )
      .slice(0, TOP);
    this.tableHead('worst', [
      this.t(L.host),
      this.t(L.store),
      `${STATUS_SYMBOL.fail} ${this.t(H.fails)}`,
      `${STATUS_SYMBOL.error} ${this.t(H.errs)}`,
      `${STATUS_SYMBOL.warn} ${this.t(H.warns)}`,
    ]);
    if (hosts.length === 0) this.w('<tr><td colspan="5">', this.t(H.none), '</tr>');
    for (const { h, i } of hosts)
      this.w(
        '<tr><th scope="row"><a href="#h',
        String(i),
        '">',
        esc(h.name),
        '</a></th><td>',
        esc(storeOf(h.tags) ?? ''),
        '<td class="num">',
        String(h.counts.fail),
        '<td class="num">',
        String(h.counts.error),
        '<td class="num">',
        String(h.counts.warn),
        '</tr>',
      );
    this.w('</tbody></table></div></section>');
  }

  private failingChecks(): void {
    const entries = [...this.catalogue.values()]
      .filter((e) => e.affected > 0)
      .sort(
        (a, b) =>
          b.counts.fail - a.counts.fail ||
          b.affected - a.affected ||
          SEVERITIES.indexOf(a.result.severity) - SEVERITIES.indexOf(b.result.severity) ||
          a.k - b.k,
      );
    this.w(
      '<section aria-labelledby="fc" class="lazy"><h2 id="fc">',
      this.t(H.failingChecks),
      '</h2><p class="sub">',
      this.t(H.failingChecksNote),
      '</p><div id="failing">',
    );
    if (entries.length === 0) this.w('<p>', this.t(H.none), '</p>');
    for (const e of entries) {
      const r = e.result;
      const title = tr(e.rule ? e.rule.title : r.title, this.lang);
      this.w(
        '<article class="fc"><h3><code>',
        esc(r.checkId),
        '</code> ',
        esc(title),
        '</h3><p class="facts"><span class="s-fail">',
        STATUS_SYMBOL.fail,
        ' ',
        this.t(H.countFail, { n: e.counts.fail }),
        '</span> · <span class="s-warn">',
        STATUS_SYMBOL.warn,
        ' ',
        this.t(H.countWarn, { n: e.counts.warn }),
        '</span> · ',
        this.t(L.severity),
        ': ',
        this.sevText[r.severity],
        ' · ',
        this.t(L.requirements),
        ': ',
        esc(r.requirements.join(', ')),
        '</p><p class="box"><b>',
        this.t(L.remediation),
        '</b>: ',
        esc(tr(r.remediation, this.lang)),
        '</p><details class="names"><summary>',
        this.t(H.affectedHosts, { n: e.affected }),
        '</summary><p>',
        esc(e.names.join(', ')),
        e.affected > e.names.length ? ' ' + this.t(L.moreNotShown, { n: e.affected - e.names.length }) : '',
        '</p></details></article>',
      );
    }
    this.w('</div></section>');
  }

  private errorsByReason(): void {
    const groups = [...this.reasons.values()].sort((a, b) => b.hosts - a.hosts || a.reason.localeCompare(b.reason));
    this.w(
      '<section aria-labelledby="er" class="lazy"><h2 id="er">',
      this.t(H.errorsByReason),
      '</h2><p class="sub">',
      this.t(H.errorsNote),
      '</p><div id="errors">',
    );
    if (groups.length === 0) this.w('<p>', this.t(H.none), '</p>');
    for (const g of groups) {
      this.w(
        '<details class="reason"><summary><span class="s-error">',
        STATUS_SYMBOL.error,
        '</span> ',
        this.t(H.reasonHosts, {
          n: g.hosts,
          reason: g.unscanned ? `${tr(H.notScannedReason, this.lang)}: ${g.reason}` : g.reason,
        }),
        '</summary>',
      );
      if (g.checks.size)
        this.w(
          '<p>',
          this.t(H.checksLabel),
          ': ',
          [...g.checks]
            .sort()
            .map((c) => `<code>${esc(c)}</code>`)
            .join(' '),
          '</p>',
        );
      this.w(
        '<p>',
        this.t(H.terminalsLabel),
        ': ',
        esc(g.names.join(', ')),
        g.hosts > g.names.length ? ' ' + this.t(L.moreNotShown, { n: g.hosts - g.names.length }) : '',
        '</p></details>',
      );
    }
    this.w('</div></section>');
  }

  private hostsSection(): void {
    this.w(
      '<section aria-labelledby="mx" class="screen lazy"><h2 id="mx">',
      this.t(H.hostsMatrix),
      '</h2><p class="sub">',
      this.t(H.hostsMatrixNote),
      '</p><p class="nojs" id="nojs">',
      this.t(H.needsScript),
      '</p><div id="detail" hidden tabindex="-1"></div><div class="matrix-wrap" id="matrix-wrap" tabindex="0" ' +
        'role="region" aria-labelledby="mx" hidden></div><p><button type="button" id="more" hidden></button></p></section>',
      '<div id="print-detail"></div>',
    );
  }

  private catalogueSection(): void {
    this.w('<section aria-labelledby="cat" class="screen lazy"><h2 id="cat">', this.t(L.catalogue), '</h2>');
    this.tableHead('catalogue', [this.t(L.check), this.t(L.severity), this.t(L.requirements), this.t(L.results)]);
    const entries = [...this.catalogue.values()].sort(
      (a, b) => a.result.checkId.localeCompare(b.result.checkId) || a.result.controlId.localeCompare(b.result.controlId),
    );
    for (const e of entries) {
      const r = e.result;
      const title = e.rule ? e.rule.title : r.title;
      this.w(
        '<tr data-k="',
        String(e.k),
        '"><td><code>',
        esc(r.checkId),
        '</code> ',
        esc(tr(title, this.lang)),
        '<div class="sub">',
        this.t(L.control),
        ': ',
        esc(r.controlId),
        ' — ',
        esc(tr(r.controlTitle, this.lang)),
        '</div>',
        e.rule ? `<div class="sub">${esc(tr(e.rule.description, this.lang))}</div>` : '',
        r.procedure ? `<div class="box"><b>${this.t(L.procedure)}</b>: ${esc(tr(r.procedure, this.lang))}</div>` : '',
        '<td>',
        this.sevText[r.severity],
        '<td>',
        esc(r.requirements.join(', ')),
        '<td>',
        STATUSES.filter((s) => e.counts[s])
          .map((s) => `<span class="s-${s}">${STATUS_SYMBOL[s]}\u00a0${e.counts[s]}</span>`)
          .join(' '),
        '</tr>',
      );
    }
    this.w('</tbody></table></div></section>');
  }

  /** "N more not shown" under a list capped at LIST_CAP; hidden (for the script to fill) when nothing was left out. */
  private more(n: number, id: string): void {
    this.w('<p class="sub" id="', id, '"', n > LIST_CAP ? '>' : ' hidden>');
    if (n > LIST_CAP) this.w(this.t(L.moreNotShown, { n: n - LIST_CAP }));
    this.w('</p>');
  }

  private diffSection(diff: ReportDiff): void {
    this.w(
      '<section aria-labelledby="diff" id="changes"><h2 id="diff">',
      this.t(L.diff),
      '</h2><p class="meta">',
      this.t(L.baseline),
      ': ',
      esc(this.header.baseline?.source ?? ''),
      ' ',
      esc(diff.from.createdAt),
      ' → ',
      esc(diff.to.createdAt),
      '</p>',
    );
    const groups = diffGroups(diff);
    if (groups.reduce((n, [, list]) => n + list.length, 0) > DIFF_EMBED)
      this.w('<p class="sub" id="diff-unfiltered" hidden>', this.t(H.diffNotFiltered), '</p>');
    this.w('<div class="cards" id="diff-cards">');
    for (const [title, list] of groups) this.card(this.t(title), list.length);
    this.w('</div>');
    for (const [title, list, id] of groups.slice(0, 3)) {
      if (list.length === 0) continue;
      this.w('<details id="diff-', id, '-d"><summary id="diff-', id, '">', this.t(title), ` (${list.length})</summary>`);
      this.tableHead(`diff-${id}-t`, [this.t(L.status), this.t(L.host), this.t(L.check), this.t(L.message)]);
      for (const e of list.slice(0, LIST_CAP))
        this.w(
          '<tr><td class="s-',
          e.status,
          '">',
          STATUS_SYMBOL[e.status],
          ' ',
          esc(tr(STATUS_LABEL[e.status], this.lang)),
          '<td>',
          esc(e.targetName),
          '<td><code>',
          esc(e.checkId),
          '</code><td>',
          esc(tr(e.message, this.lang)),
          e.location ? `<div class="sub">${esc(e.location)}</div>` : '',
          '</tr>',
        );
      this.w('</tbody></table></div>');
      this.more(list.length, `diff-${id}-more`);
      this.w('</details>');
    }
    this.w('</section>');
  }

  /**
   * The changes as the script filters them: the checks (id, severity, requirement indexes), the
   * terminals (name, store index) and one record per change: [group, status, check, terminal,
   * message, location]. Null when there are too many to embed (the section then stays as rendered).
   */
  private diffData(diff: ReportDiff, storeNames: string[]): unknown {
    const groups = diffGroups(diff);
    if (groups.reduce((n, [, list]) => n + list.length, 0) > DIFF_EMBED) return null;
    const reqIdx = new Map(this.reqs.map((q, i) => [q, i]));
    const storeIdx = new Map(storeNames.map((s, i) => [s, i]));
    const checks = new Map<string, number>();
    const hosts = new Map<string, number>();
    const K: unknown[] = [];
    const T: unknown[] = [];
    const E: unknown[] = [];
    groups.forEach(([, list], g) => {
      for (const e of list) {
        const ck = `${e.controlId}\u0000${e.checkId}`;
        let k = checks.get(ck);
        if (k === undefined) {
          checks.set(ck, (k = K.length));
          const reqs = this.catalogue.get(ck)?.result.requirements ?? this.baselineReqs.get(ck) ?? [];
          K.push([e.checkId, SEVERITIES.indexOf(e.severity), reqs.map((q) => reqIdx.get(q) ?? -1)]);
        }
        let h = hosts.get(e.targetId);
        if (h === undefined) {
          hosts.set(e.targetId, (h = T.length));
          const store = this.hostStores.get(e.targetId);
          T.push([e.targetName, store === undefined ? -1 : (storeIdx.get(store) ?? -1)]);
        }
        E.push(trim([g, STATUSES.indexOf(e.status), k, h, tr(e.message, this.lang), e.location ?? null]));
      }
    });
    return { K, T, E };
  }

  private waiversAndAttestations(): void {
    const { waivers, attest } = this;
    const expired = [...this.expiredRows.values()];
    if (waivers.size === 0 && attest.n === 0 && expired.length === 0) return;
    this.w('<section aria-labelledby="wa"><h2 id="wa">', this.t(L.waiver), ' / ', this.t(L.attestation), '</h2>');
    const th = (labels: Text[]) => labels.map((x) => this.t(x));
    const hostList = (g: WaiverGroup) =>
      esc(g.names.join(', ')) + (g.hosts > g.names.length ? ' ' + this.t(L.moreNotShown, { n: g.hosts - g.names.length }) : '');
    const waiverCells = (w: WaiverRef) => [
      '<tr><td>',
      esc(w.reason),
      '<td>',
      esc(w.approver),
      '<td>',
      esc(w.expires),
      '<td>',
      esc(w.source),
    ];
    if (waivers.size) {
      this.tableHead('waivers', th([L.reason, L.approver, L.expires, L.source, L.results, L.hosts]), {
        caption: this.t(L.waiver),
      });
      for (const g of [...waivers.values()].slice(0, LIST_CAP))
        this.w(...waiverCells(g.w), '<td class="num">', String(g.results), '<td>', hostList(g), '</tr>');
      this.w('</tbody></table></div>');
    }
    if (expired.length) {
      this.tableHead('expired', th([L.reason, L.approver, L.expires, L.source, L.hosts]), { caption: this.t(L.expiredWaivers) });
      for (const g of expired.slice(0, LIST_CAP)) this.w(...waiverCells(g.w), '<td>', hostList(g), '</tr>');
      this.w('</tbody></table></div>');
    }
    if (attest.n) {
      this.tableHead('attest', th([L.host, L.check, L.status, L.by, L.date, L.expires, L.observed, L.source]), {
        caption: this.t(L.attestation),
      });
      for (const { name, checkId, a } of attest.items)
        this.w(
          '<tr><td>',
          esc(name),
          '<td><code>',
          esc(checkId),
          '</code><td class="s-',
          a.status,
          '">',
          STATUS_SYMBOL[a.status],
          ' ',
          esc(tr(STATUS_LABEL[a.status], this.lang)),
          '<td>',
          esc(a.by),
          '<td>',
          esc(a.date),
          '<td>',
          esc(a.expires),
          '<td>',
          esc(a.observed),
          '<td>',
          esc(a.source),
          '</tr>',
        );
      this.w('</tbody></table></div>');
      this.more(attest.n, 'attest-more');
    }
    this.w('</section>');
  }

  private method(): void {
    this.w(
      '<section aria-labelledby="me" class="lazy"><h2 id="me">',
      this.t(L.method),
      '</h2><p>',
      this.t(L.masking),
      '</p><h3>',
      this.t(H.legend),
      '</h3><dl class="kv">',
    );
    for (const s of STATUSES)
      this.w(
        '<dt class="s-',
        s,
        '">',
        STATUS_SYMBOL[s],
        ' ',
        esc(tr(STATUS_LABEL[s], this.lang)),
        '</dt><dd>',
        esc(tr(STATUS_DEFINITION[s], this.lang)),
        '</dd>',
      );
    this.w('</dl></section>');
  }
}

/** The changes in the order the section shows them: new, fixed, not re-checked, unchanged. */
function diffGroups(diff: ReportDiff): Array<[Text, DiffEntry[], string]> {
  return [
    [L.newFindings, diff.new, 'new'],
    [L.fixedFindings, diff.fixed, 'fixed'],
    [L.notRechecked, diff.notRechecked, 'not-rechecked'],
    [L.unchangedFindings, diff.unchanged, 'unchanged'],
  ];
}

function zeroCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

function zeroSev(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/** The whole report as one self-contained HTML document. */
export function renderHtml(report: Report, opts: HtmlOptions): string {
  const { targets, ...header } = report;
  const r = new Renderer(
    header,
    targets.map((t) => hostRowOf(t, report.failOn)),
    opts,
    opts.diff,
  );
  for (const t of targets) r.observe(t);
  r.head();
  for (const t of targets) r.data(t);
  r.end();
  return r.take();
}

/** renderHtml, streamed: two passes over the targets, one host in memory at a time. */
export async function writeHtmlStream(src: ReportSource, file: string, opts: HtmlOptions): Promise<string> {
  const r = new Renderer(src.header, src.hosts, opts, opts.diff);
  for await (const t of src.targets()) r.observe(t);
  const sink = new FileSink(file);
  r.head();
  sink.write(r.take());
  for await (const t of src.targets()) {
    r.data(t);
    sink.write(r.take());
    await sink.flush();
  }
  r.end();
  sink.write(r.take());
  return sink.close();
}
