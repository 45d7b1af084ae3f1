/**
 * The HTML report: one self-contained file, rendered completely at generation time.
 * Inline CSS and a small optional script, both pinned by SHA-256 in a strict CSP; no URL
 * the page could fetch. Every string from a terminal is escaped (see html/escape.ts).
 * Layout: verdict and summary, coverage and errors, changes since a baseline, waivers and
 * attestations, the requirement summary, the requirement × host matrix, the check catalogue,
 * then one collapsible section per host with every result.
 */
import { coverageSummary } from '../engine/coverage.js';
import { createHash } from 'node:crypto';
import type { Lang, Text } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import {
  SEVERITIES,
  STATUSES,
  severityRank,
  statusRank,
  worstStatus,
  type Attestation,
  type CheckResult,
  type Report,
  type Severity,
  type Status,
  type TargetResult,
  type WaiverRef,
} from '../core/model.js';
import { hostRowOf, type HostRow, type ReportHeader, type ReportSource } from '../engine/report-source.js';
import { diffReports, diffSource, findingItems, type DiffEntry, type FindingItem, type ReportDiff } from '../engine/diff.js';
import { FileSink } from './sink.js';
import { esc } from './html/escape.js';
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
  baseline?: Report;
  /** Host sections start open up to this many hosts (default 10). */
  openHostsUpTo?: number;
}

/** How many entries a list section shows before saying "and N more". */
const LIST_CAP = 500;

function sha256b64(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

/** The CSP for a page whose only style and script are these exact texts. */
export function contentSecurityPolicy(css: string, js: string): string {
  return `default-src 'none'; style-src 'sha256-${sha256b64(css)}'; script-src 'sha256-${sha256b64(js)}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** One catalogue entry per (control, check): rows refer to it instead of repeating titles. */
interface CatalogueEntry {
  k: number;
  result: CheckResult;
  rule?: RuleInfo;
  counts: Record<Status, number>;
}

/** What the coverage and waiver sections list: the first LIST_CAP of each, and how many in all. */
interface Capped<T> {
  items: T[];
  n: number;
}

function capped<T>(): Capped<T> {
  return { items: [], n: 0 };
}

function push<T>(c: Capped<T>, item: () => T): void {
  if (c.items.length < LIST_CAP) c.items.push(item());
  c.n++;
}

/**
 * Renders in passes over the targets, so a fleet never has to be in memory at once:
 * observe() every target (aggregates), head(), matrixRow() every target, middle(),
 * host() every target, end(). Output accumulates in `out` and is taken with take().
 */
class Renderer {
  private out: string[] = [];
  private readonly lang: Lang;
  private readonly statusCell: Record<Status, string>;
  private readonly statusText: Record<Status, string>;
  private readonly sevText: Record<Severity, string>;
  private readonly rules: Map<string, RuleInfo>;
  private readonly catalogue = new Map<string, CatalogueEntry>();
  private readonly reqRows = new Map<string, { counts: Record<string, number>; checks: Set<string> }>();
  private reqs: string[] = [];
  private reqCol = new Map<string, number>();
  private readonly bySev = zeroSev();
  private readonly errors = capped<{ i: number; name: string; checkId: string; message: Text }>();
  private readonly expiredRows = new Map<string, { w: WaiverRef; hosts: Set<string> }>();
  private expiredOnResults = 0;
  private readonly waivers = new Map<string, { w: WaiverRef; results: number; hosts: Set<string> }>();
  private readonly attest = capped<{ name: string; checkId: string; a: Attestation }>();
  private seen = 0;

  constructor(
    private readonly header: ReportHeader,
    private readonly rows: readonly HostRow[],
    private readonly opts: HtmlOptions,
    private readonly diff?: ReportDiff,
  ) {
    this.lang = opts.lang;
    this.statusCell = Object.fromEntries(
      STATUSES.map((s) => [s, `<td class=s-${s}>${STATUS_SYMBOL[s]} ${esc(tr(STATUS_LABEL[s], this.lang))}`]),
    ) as Record<Status, string>;
    this.statusText = Object.fromEntries(
      STATUSES.map((s) => [s, `<td>${STATUS_SYMBOL[s]} ${esc(tr(STATUS_LABEL[s], this.lang))}`]),
    ) as Record<Status, string>;
    this.sevText = Object.fromEntries(SEVERITIES.map((s) => [s, esc(tr(SEVERITY_LABEL[s], this.lang))])) as Record<
      Severity,
      string
    >;
    this.rules = new Map((opts.rules ?? []).map((r) => [r.id, r]));
    for (const w of header.expiredWaivers ?? []) this.expiredRows.set(JSON.stringify(w), { w, hosts: new Set() });
  }

  /** First pass: what the sections above the host details need. */
  observe(target: TargetResult): void {
    const i = this.seen++;
    const worst = new Map<string, Status>();
    for (const r of target.results) {
      const key = `${r.controlId}\u0000${r.checkId}`;
      let entry = this.catalogue.get(key);
      if (!entry) {
        entry = { k: this.catalogue.size, result: { ...r, findings: [] }, rule: this.rules.get(r.checkId), counts: zeroCounts() };
        this.catalogue.set(key, entry);
      }
      entry.counts[r.status]++;
      if (r.status === 'fail') this.bySev[r.severity]++;
      if (r.expiredWaiver) {
        this.expiredOnResults++;
        const w = r.expiredWaiver;
        const k = JSON.stringify({ reason: w.reason, approver: w.approver, expires: w.expires, source: w.source });
        (this.expiredRows.get(k) ?? this.expiredRows.set(k, { w, hosts: new Set() }).get(k)!).hosts.add(target.name);
      }
      if (r.waiver && r.status === 'waived') {
        const k = JSON.stringify([r.waiver.reason, r.waiver.approver, r.waiver.expires, r.waiver.source]);
        const g = this.waivers.get(k) ?? this.waivers.set(k, { w: r.waiver, results: 0, hosts: new Set() }).get(k)!;
        g.results++;
        g.hosts.add(target.name);
      }
      if (r.attestation) {
        const a = r.attestation;
        push(this.attest, () => ({ name: target.name, checkId: r.checkId, a }));
      }
      for (const q of r.requirements) {
        const row = this.reqRows.get(q) ?? this.reqRows.set(q, { counts: {}, checks: new Set() }).get(q)!;
        row.checks.add(r.checkId);
        const prev = worst.get(q);
        if (!prev || statusRank(r.status) > statusRank(prev)) worst.set(q, r.status);
      }
    }
    for (const [q, st] of worst) this.reqRows.get(q)!.counts[st] = (this.reqRows.get(q)!.counts[st] ?? 0) + 1;
    for (const it of findingItems(target))
      if (it.status === 'error')
        push(this.errors, () => ({ i, name: target.name, checkId: it.result.checkId, message: it.message }));
  }

  private t(text: Text, vars?: Record<string, string | number>): string {
    return esc(label(text, this.lang, vars));
  }

  private w(...parts: string[]): void {
    for (const p of parts) this.out.push(p);
  }

  /** What has been rendered since the last take(). */
  take(): string {
    const s = this.out.join('');
    this.out = [];
    return s;
  }

  private entryOf(r: CheckResult): CatalogueEntry {
    return this.catalogue.get(`${r.controlId}\u0000${r.checkId}`)!;
  }

  /** After observe(): everything up to the first matrix row. */
  head(): void {
    const { header, lang } = this;
    this.reqs = [...this.reqRows.keys()].sort(compareReq);
    this.reqCol = new Map(this.reqs.map((q, i) => [q, i]));
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
      '<a class="skip" href="#main">',
      this.t(L.skipToContent),
      '</a>',
    );
    this.header_();
    this.w('<main id="main">');
    this.summary();
    this.coverage();
    if (this.diff) this.diffSection(this.diff);
    this.waiversAndAttestations();
    this.filters();
    this.requirementSummary();
    this.matrixHead();
  }

  /** After the matrix rows: the rest up to the first host section. */
  middle(): void {
    this.w('</tbody></table></div><p class="sub">');
    this.w(STATUSES.map((s) => `${STATUS_SYMBOL[s]} ${esc(tr(STATUS_LABEL[s], this.lang))}`).join(' · '), '</p></section>');
    this.catalogueSection();
    this.w(
      '<section aria-labelledby="hd"><h2 id="hd">',
      this.t(L.hostDetails),
      '</h2><div class="controls" hidden><button type="button" id="expand">',
      this.t(L.expandAll),
      '</button><button type="button" id="print">',
      this.t(L.print),
      '</button></div>',
    );
  }

  /** Whether host sections start open. */
  get openHosts(): boolean {
    return this.rows.length <= (this.opts.openHostsUpTo ?? 10);
  }

  end(): void {
    const { header } = this;
    this.w('</section>');
    this.method();
    this.w(
      '</main><footer>',
      esc(`${header.tool.name} ${header.tool.version}`),
      ' · ',
      esc(header.createdAt),
      '</footer>',
      '<script>',
      REPORT_JS,
      '</script></body></html>\n',
    );
  }

  private header_(): void {
    const r = this.header;
    this.w(
      '<header><h1>',
      this.t(L.reportTitle),
      '</h1><p class="meta">',
      '<span>',
      this.t(L.created),
      ': ',
      esc(r.createdAt),
      '</span>',
      '<span>',
      this.t(L.tool),
      ': ',
      esc(`${r.tool.name} ${r.tool.version}`),
      '</span>',
      '<span>',
      this.t(L.profiles),
      ': ',
      r.profiles
        .map((p) =>
          esc(
            `${tr(p.title, this.lang)} (${p.id} ${p.version}${p.coverage ? `; ${coverageSummary(p.coverage, this.lang)}` : ''})`,
          ),
        )
        .join(', '),
      '</span>',
      '<span>',
      this.t(L.failOn),
      ': ',
      this.sevText[r.failOn],
      '</span></p>',
      '<p class="verdict v-',
      r.verdict,
      '" role="status">',
      this.t(L.verdict),
      ': ',
      this.t(VERDICT_LABEL[r.verdict]),
      '</p></header>',
    );
  }

  private summary(): void {
    const r = this.header;
    const hosts = this.rows.length;
    const scanned = this.rows.filter((t) => t.state === 'scanned').length;
    const rate = complianceRate(r.summary);
    this.w('<section aria-labelledby="sum"><h2 id="sum">', this.t(L.summary), '</h2><div class="cards">');
    const card = (title: string, value: string | number, cls = '') =>
      this.w('<div class="card', cls ? ` ${cls}` : '', '"><b>', esc(value), '</b>', title, '</div>');
    card(this.t(L.planned) + ' ' + this.t(L.hosts), hosts);
    card(this.t(L.scanned), scanned);
    card(this.t(L.unreachable), hosts - scanned, hosts - scanned ? 's-error' : '');
    card(this.t(L.complianceRate), rate === undefined ? '—' : `${rate}%`);
    card(this.t(L.manualPending), r.summary.manual, r.summary.manual ? 's-manual' : '');
    this.w('</div><div class="cards">');
    for (const s of STATUSES) card(`${STATUS_SYMBOL[s]} ${esc(tr(STATUS_LABEL[s], this.lang))}`, r.summary[s], `s-${s}`);
    card(this.t(L.total), r.summary.total);
    this.w('</div><p class="sub">', this.t(L.complianceFormula), '</p>');
    const bySev = this.bySev;
    this.w('<table class="narrow"><caption>', this.t(L.failuresBySeverity), '</caption><thead><tr>');
    for (const s of SEVERITIES) this.w('<th scope="col">', this.sevText[s], '</th>');
    this.w('</tr></thead><tbody><tr>');
    for (const s of SEVERITIES) this.w('<td class="num">', String(bySev[s]), '</td>');
    this.w('</tr></tbody></table></section>');
  }

  private coverage(): void {
    const r = this.header;
    const unreachable = this.rows.map((t, i) => ({ t, i })).filter(({ t }) => t.state === 'error');
    this.w(
      '<section aria-labelledby="cov"><h2 id="cov">',
      this.t(L.coverage),
      '</h2><h3>',
      this.t(L.unreachableHosts),
      ` (${unreachable.length})</h3>`,
    );
    if (unreachable.length === 0) this.w('<p>', this.t(L.noProblems), '</p>');
    else {
      this.w(
        '<table><thead><tr><th scope="col">',
        this.t(L.host),
        '</th><th scope="col">',
        this.t(L.store),
        '</th><th scope="col">',
        this.t(L.reason),
        '</th></tr></thead><tbody>',
      );
      for (const { t, i } of unreachable.slice(0, LIST_CAP))
        this.w(
          '<tr><td><a href="#h',
          String(i),
          '">',
          esc(t.name),
          '</a><td>',
          esc(storeOf(t.tags)),
          '<td>',
          esc(t.error),
          '</tr>',
        );
      this.w('</tbody></table>');
      this.more(unreachable.length);
    }
    const errors = this.errors;
    this.w('<h3>', this.t(L.checkErrors), ` (${errors.n})</h3>`);
    if (errors.n === 0) this.w('<p>', this.t(L.noProblems), '</p>');
    else {
      this.w(
        '<table><thead><tr><th scope="col">',
        this.t(L.host),
        '</th><th scope="col">',
        this.t(L.check),
        '</th><th scope="col">',
        this.t(L.reason),
        '</th></tr></thead><tbody>',
      );
      for (const it of errors.items) {
        this.w(
          '<tr><td><a href="#h',
          String(it.i),
          '">',
          esc(it.name),
          '</a><td><code>',
          esc(it.checkId),
          '</code><td>',
          esc(tr(it.message, this.lang)),
          '</tr>',
        );
      }
      this.w('</tbody></table>');
      this.more(errors.n);
    }
    const expired = r.expiredWaivers ?? [];
    this.w('<h3>', this.t(L.expiredWaivers), ` (${expired.length})</h3>`);
    if (expired.length === 0 && this.expiredOnResults === 0) this.w('<p>', this.t(L.noProblems), '</p>');
    else {
      this.w(
        '<table><thead><tr><th scope="col">',
        this.t(L.reason),
        '</th><th scope="col">',
        this.t(L.approver),
        '</th><th scope="col">',
        this.t(L.expires),
        '</th><th scope="col">',
        this.t(L.source),
        '</th><th scope="col">',
        this.t(L.hosts),
        '</th></tr></thead><tbody>',
      );
      for (const { w, hosts } of [...this.expiredRows.values()].slice(0, LIST_CAP)) {
        this.w(
          '<tr><td>',
          esc(w.reason),
          '<td>',
          esc(w.approver),
          '<td>',
          esc(w.expires),
          '<td>',
          esc(w.source),
          '<td>',
          esc([...hosts].slice(0, 20).join(', ')),
          hosts.size > 20 ? this.t(L.moreNotShown, { n: hosts.size - 20 }) : '',
          '</tr>',
        );
      }
      this.w('</tbody></table>');
    }
    this.w('</section>');
  }

  private more(n: number): void {
    if (n > LIST_CAP) this.w('<p class="sub">', this.t(L.moreNotShown, { n: n - LIST_CAP }), '</p>');
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
      '</p><div class="cards">',
    );
    const groups: Array<[Text, DiffEntry[], string]> = [
      [L.newFindings, diff.new, 'new'],
      [L.fixedFindings, diff.fixed, 'fixed'],
      [L.notRechecked, diff.notRechecked, 'not-rechecked'],
      [L.unchangedFindings, diff.unchanged, 'unchanged'],
    ];
    for (const [title, list] of groups) this.w('<div class="card"><b>', String(list.length), '</b>', this.t(title), '</div>');
    this.w('</div>');
    for (const [title, list, id] of groups.slice(0, 3)) {
      if (list.length === 0) continue;
      this.w(
        '<h3 id="diff-',
        id,
        '">',
        this.t(title),
        '</h3><table><thead><tr><th scope="col">',
        this.t(L.status),
        '</th><th scope="col">',
        this.t(L.host),
        '</th><th scope="col">',
        this.t(L.check),
        '</th><th scope="col">',
        this.t(L.message),
        '</th></tr></thead><tbody>',
      );
      for (const e of list.slice(0, LIST_CAP))
        this.w(
          '<tr>',
          this.statusCell[e.status],
          '<td>',
          esc(e.targetName),
          '<td><code>',
          esc(e.checkId),
          '</code><td>',
          esc(tr(e.message, this.lang)),
          e.location ? `<div class="sub">${esc(e.location)}</div>` : '',
          '</tr>',
        );
      this.w('</tbody></table>');
      this.more(list.length);
    }
    this.w('</section>');
  }

  private waiversAndAttestations(): void {
    const { waivers, attest } = this;
    if (waivers.size === 0 && attest.n === 0) return;
    this.w('<section aria-labelledby="wa"><h2 id="wa">', this.t(L.waiver), ' / ', this.t(L.attestation), '</h2>');
    if (waivers.size) {
      this.w(
        '<table><caption>',
        this.t(L.waiver),
        '</caption><thead><tr><th scope="col">',
        this.t(L.reason),
        '</th><th scope="col">',
        this.t(L.approver),
        '</th><th scope="col">',
        this.t(L.expires),
        '</th><th scope="col">',
        this.t(L.source),
        '</th><th scope="col">',
        this.t(L.results),
        '</th><th scope="col">',
        this.t(L.hosts),
        '</th></tr></thead><tbody>',
      );
      for (const { w, results, hosts } of [...waivers.values()].slice(0, LIST_CAP)) {
        this.w(
          '<tr><td>',
          esc(w.reason),
          '<td>',
          esc(w.approver),
          '<td>',
          esc(w.expires),
          '<td>',
          esc(w.source),
          '<td class="num">',
          String(results),
          '<td>',
          esc([...hosts].slice(0, 20).join(', ')),
          hosts.size > 20 ? this.t(L.moreNotShown, { n: hosts.size - 20 }) : '',
          '</tr>',
        );
      }
      this.w('</tbody></table>');
    }
    if (attest.n) {
      this.w(
        '<table><caption>',
        this.t(L.attestation),
        '</caption><thead><tr><th scope="col">',
        this.t(L.host),
        '</th><th scope="col">',
        this.t(L.check),
        '</th><th scope="col">',
        this.t(L.status),
        '</th><th scope="col">',
        this.t(L.by),
        '</th><th scope="col">',
        this.t(L.date),
        '</th><th scope="col">',
        this.t(L.expires),
        '</th><th scope="col">',
        this.t(L.observed),
        '</th><th scope="col">',
        this.t(L.source),
        '</th></tr></thead><tbody>',
      );
      for (const { name, checkId, a } of attest.items) {
        this.w(
          '<tr><td>',
          esc(name),
          '<td><code>',
          esc(checkId),
          '</code>',
          this.statusCell[a.status],
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
      }
      this.w('</tbody></table>');
      this.more(attest.n);
    }
    this.w('</section>');
  }

  private filters(): void {
    this.w('<form id="filters" hidden aria-label="', this.t(L.filters), '"><fieldset><legend>', this.t(L.status), '</legend>');
    for (const s of STATUSES)
      this.w(
        '<label><input type="checkbox" name="s" value="',
        s,
        '" checked> ',
        STATUS_SYMBOL[s],
        ' ',
        esc(tr(STATUS_LABEL[s], this.lang)),
        '</label>',
      );
    this.w('</fieldset><fieldset><legend>', this.t(L.severity), '</legend>');
    for (const s of SEVERITIES)
      this.w('<label><input type="checkbox" name="v" value="', s, '" checked> ', this.sevText[s], '</label>');
    this.w(
      '</fieldset><label>',
      this.t(L.requirement),
      ' <select name="r"><option value="">',
      this.t(L.allRequirements),
      '</option>',
    );
    for (const q of this.reqs) this.w('<option value="', esc(q), '">', esc(q), '</option>');
    this.w(
      '</select></label> <label>',
      this.t(L.hostFilter),
      ' <input type="search" name="h"></label>',
      '<p id="count" aria-live="polite" data-tpl="',
      this.t(L.showing),
      '"></p></form>',
    );
  }

  private requirementSummary(): void {
    const reqs = this.reqs;
    const cols: Array<Status | 'unscanned'> = [...STATUSES, 'unscanned'];
    const rows = this.reqRows;
    const unscanned = this.rows.filter((t) => t.state === 'error').length;
    this.w(
      '<section aria-labelledby="req"><h2 id="req">',
      this.t(L.requirementSummary),
      '</h2><table id="requirements"><caption>',
      this.t(L.requirementSummaryCaption),
      '</caption><thead><tr><th scope="col">',
      this.t(L.requirement),
      '</th>',
    );
    for (const c of cols)
      this.w(
        '<th scope="col">',
        c === 'unscanned' ? this.t(L.unreachable) : `${STATUS_SYMBOL[c]} ${esc(tr(STATUS_LABEL[c], this.lang))}`,
        '</th>',
      );
    this.w('<th scope="col">', this.t(L.check), '</th></tr></thead><tbody>');
    for (const q of reqs) {
      const row = rows.get(q)!;
      this.w('<tr><th scope="row">', esc(q), '</th>');
      for (const c of cols) this.w('<td class="num">', String(c === 'unscanned' ? unscanned : (row.counts[c] ?? 0)));
      this.w(
        '<td>',
        [...row.checks]
          .sort()
          .map((c) => `<code>${esc(c)}</code>`)
          .join(' '),
        '</tr>',
      );
    }
    this.w('</tbody></table></section>');
  }

  private matrixHead(): void {
    const reqs = this.reqs;
    this.w(
      '<section aria-labelledby="mx"><h2 id="mx">',
      this.t(L.matrix),
      '</h2><div class="matrix-wrap" tabindex="0"><table id="matrix" class="matrix"><caption>',
      this.t(L.matrixCaption),
      '</caption><thead><tr><th scope="col">',
      this.t(L.host),
      '</th>',
    );
    for (const q of reqs) this.w('<th scope="col" data-r="', esc(q), '">', esc(q), '</th>');
    this.w('</tr></thead><tbody>');
  }

  /** Second pass: one matrix row per target. */
  matrixRow(t: TargetResult, i: number): void {
    const reqs = this.reqs;
    this.w('<tr data-h="', esc(hostFilterKey(t)), '"><th scope="row"><a href="#h', String(i), '">', esc(t.name), '</a></th>');
    if (t.state === 'error') {
      this.w(
        '<td class="s-error" colspan="',
        String(Math.max(1, reqs.length)),
        '">',
        STATUS_SYMBOL.error,
        ' ',
        this.t(L.unreachable),
        '</tr>',
      );
      return;
    }
    const worst: Array<Status | undefined> = new Array(reqs.length);
    for (const r of t.results)
      for (const q of r.requirements) {
        const c = this.reqCol.get(q)!;
        const prev = worst[c];
        if (!prev || statusRank(r.status) > statusRank(prev)) worst[c] = r.status;
      }
    for (let c = 0; c < reqs.length; c++) {
      const s = worst[c];
      this.w(s ? `<td class=s-${s}>${STATUS_SYMBOL[s]}` : '<td>');
    }
    this.w('</tr>');
  }

  private catalogueSection(): void {
    this.w(
      '<section aria-labelledby="cat"><h2 id="cat">',
      this.t(L.catalogue),
      '</h2><table id="catalogue"><thead><tr><th scope="col">',
      this.t(L.check),
      '</th><th scope="col">',
      this.t(L.severity),
      '</th><th scope="col">',
      this.t(L.requirements),
      '</th><th scope="col">',
      this.t(L.remediation),
      '</th><th scope="col">',
      this.t(L.results),
      '</th></tr></thead><tbody>',
    );
    const entries = [...this.catalogue.values()].sort(
      (a, b) => a.result.checkId.localeCompare(b.result.checkId) || a.result.controlId.localeCompare(b.result.controlId),
    );
    for (const e of entries) {
      const r = e.result;
      const title = e.rule ? e.rule.title : r.title;
      this.w(
        '<tr id="k',
        String(e.k),
        '" data-k="',
        String(e.k),
        '" data-v="',
        r.severity,
        '" data-q="',
        esc(r.requirements.join('|')),
        '"><td><code>',
        esc(r.checkId),
        '</code><div>',
        esc(tr(title, this.lang)),
        '</div><div class="sub">',
        this.t(L.control),
        ': ',
        esc(r.controlId),
        ' — ',
        esc(tr(r.controlTitle, this.lang)),
        '</div>',
        e.rule ? `<div class="sub">${esc(tr(e.rule.description, this.lang))}</div>` : '',
        '<td>',
        this.sevText[r.severity],
        '<td>',
        esc(r.requirements.join(', ')),
        '<td>',
        esc(tr(r.remediation, this.lang)),
        r.procedure ? `<div class="box"><b>${this.t(L.procedure)}</b>: ${esc(tr(r.procedure, this.lang))}</div>` : '',
        '<td>',
      );
      this.w(
        STATUSES.filter((s) => e.counts[s])
          .map((s) => `<span class=s-${s}>${STATUS_SYMBOL[s]} ${e.counts[s]}</span>`)
          .join(' '),
        '</tr>',
      );
    }
    this.w('</tbody></table></section>');
  }

  /** Third pass: one section per target. */
  host(t: TargetResult, i: number, open: boolean): void {
    const lang = this.lang;
    const counts = zeroCounts();
    for (const r of t.results) counts[r.status]++;
    const state: Status =
      t.state === 'error'
        ? 'error'
        : worstStatus(
            t.results.map((r) => r.status),
            'pass',
          );
    const store = storeOf(t.tags);
    this.w(
      '<details class="host" id="h',
      String(i),
      '" data-h="',
      esc(hostFilterKey(t)),
      '"',
      open ? ' open' : '',
      '><summary><span class=s-',
      state,
      '>',
      STATUS_SYMBOL[state],
      '</span> ',
      esc(t.name),
    );
    if (store) this.w(' · ', esc(store));
    this.w(' · ', esc(t.platform.pretty ?? t.platform.os), ' <span class="sub">');
    this.w(
      t.state === 'error'
        ? this.t(L.unreachable)
        : STATUSES.filter((s) => counts[s])
            .map((s) => `${STATUS_SYMBOL[s]}${counts[s]}`)
            .join(' '),
      '</span></summary>',
    );
    const tm = t.timing;
    const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`);
    this.w('<dl class="kv"><dt>ID</dt><dd><code>', esc(t.id), '</code> (', esc(t.kind), ')</dd>');
    if (t.tags) for (const [k, v] of Object.entries(t.tags)) this.w('<dt>', esc(k), '</dt><dd>', esc(v), '</dd>');
    const p = t.platform;
    this.w(
      '<dt>',
      this.t(L.platform),
      '</dt><dd>',
      esc([p.pretty, p.distro, p.edition, p.version, p.build, p.arch].filter(Boolean).join(' · ') || p.os),
      '</dd>',
      '<dt>',
      this.t(L.timing),
      '</dt><dd>',
      this.t(L.started),
      ' ',
      esc(tm.startedAt),
      ' · ',
      this.t(L.finished),
      ' ',
      esc(tm.finishedAt),
      ' · ',
      this.t(L.connect),
      ' ',
      ms(tm.connectMs),
      ' · ',
      this.t(L.gather),
      ' ',
      ms(tm.gatherMs),
      ' · ',
      this.t(L.active),
      ' ',
      ms(tm.activeMs),
      ' · ',
      this.t(L.evaluate),
      ' ',
      ms(tm.evaluateMs),
      '</dd><dt>',
      this.t(L.roundTrips),
      '</dt><dd>',
      String(tm.roundTrips),
      ' · ',
      this.t(L.requests),
      ' ',
      String(tm.requests),
      '</dd></dl>',
    );
    for (const note of t.notes ?? []) this.w('<p class="s-warn">', STATUS_SYMBOL.warn, ' ', esc(note[lang] || note.en), '</p>');
    if (t.state === 'error') {
      this.w(
        '<p class="s-error">',
        STATUS_SYMBOL.error,
        ' ',
        this.t(L.hostUnreachableCase),
        ': ',
        esc(t.error),
        '</p></details>',
      );
      return;
    }
    if (t.results.length === 0) {
      this.w('<p>', this.t(L.noResults), '</p></details>');
      return;
    }
    this.w(
      '<table class="results"><thead><tr><th scope="col">',
      this.t(L.status),
      '</th><th scope="col">',
      this.t(L.check),
      '</th><th scope="col">',
      this.t(L.message),
      '</th></tr></thead><tbody>',
    );
    const sorted = findingItems(t).sort(
      (a, b) => statusRank(b.status) - statusRank(a.status) || severityRank(b.result.severity) - severityRank(a.result.severity),
    );
    for (const it of sorted) this.row(it, lang);
    this.w('</tbody></table></details>');
  }

  private row(it: FindingItem, lang: Lang): void {
    const r = it.result;
    const k = this.entryOf(r).k;
    // Lean on purpose (60 000 rows for a large fleet): severity and requirements come from the catalogue row `#k<n>`.
    this.w(
      '<tr class=s-',
      it.status,
      ' data-k=',
      String(k),
      '>',
      this.statusText[it.status],
      '<td><a href=#k',
      String(k),
      '>',
      esc(r.checkId),
      '</a>',
    );
    if (it.status === 'fail' || it.status === 'warn' || it.status === 'waived')
      this.w(' <span class="sub">', this.sevText[r.severity], '</span>');
    this.w('<td>', esc(tr(it.message, lang)));
    if (it.location !== undefined) this.w('<br><code>', esc(it.location), '</code>');
    const f = it.finding;
    const problem = it.status !== 'pass' && it.status !== 'not-applicable';
    if (problem && f?.evidence?.length)
      this.w('<div class="sub">', this.t(L.evidence), ': ', f.evidence.map((e) => `<code>${esc(e)}</code>`).join(', '), '</div>');
    if (problem && f?.details && Object.keys(f.details).length)
      this.w('<pre>', esc(JSON.stringify(f.details, null, 1)), '</pre>');
    if (problem && it.status !== 'manual')
      this.w('<div class="box"><b>', this.t(L.remediation), '</b>: ', esc(tr(f?.remediation ?? r.remediation, lang)), '</div>');
    if (r.procedure && it.status === 'manual')
      this.w('<div class="box"><b>', this.t(L.procedure), '</b>: ', esc(tr(r.procedure, lang)), '</div>');
    if (r.waiver && it.status === 'waived')
      this.w(
        '<div class="box"><b>',
        this.t(L.waiver),
        '</b>: ',
        esc(r.waiver.reason),
        ' — ',
        this.t(L.approver),
        ' ',
        esc(r.waiver.approver),
        ', ',
        this.t(L.expires),
        ' ',
        esc(r.waiver.expires),
        ' (',
        esc(r.waiver.source),
        ')</div>',
      );
    if (r.expiredWaiver)
      this.w(
        '<div class="box s-warn"><b>',
        this.t(L.expiredWaiver),
        '</b>: ',
        esc(r.expiredWaiver.reason),
        ' — ',
        this.t(L.approver),
        ' ',
        esc(r.expiredWaiver.approver),
        ', ',
        this.t(L.expires),
        ' ',
        esc(r.expiredWaiver.expires),
        ' (',
        esc(r.expiredWaiver.source),
        ')</div>',
      );
    if (r.attestation) {
      const a = r.attestation;
      this.w(
        '<div class="box"><b>',
        this.t(L.attestation),
        '</b>: ',
        STATUS_SYMBOL[a.status],
        ' ',
        esc(a.observed),
        ' — ',
        esc(a.by),
        ', ',
        esc(a.date),
        ' (',
        this.t(L.expires),
        ' ',
        esc(a.expires),
        ')</div>',
      );
    }
  }

  private method(): void {
    this.w(
      '<section aria-labelledby="me"><h2 id="me">',
      this.t(L.method),
      '</h2><p>',
      this.t(L.masking),
      '</p><h3>',
      this.t(L.statusDefinitions),
      '</h3><dl class="kv">',
    );
    for (const s of STATUSES)
      this.w(
        '<dt class=s-',
        s,
        '>',
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

function hostFilterKey(t: TargetResult): string {
  return `${t.name} ${storeOf(t.tags) ?? ''}`.toLowerCase();
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
    opts.baseline ? diffReports(opts.baseline, report) : undefined,
  );
  for (const t of targets) r.observe(t);
  r.head();
  targets.forEach((t, i) => r.matrixRow(t, i));
  r.middle();
  const open = r.openHosts;
  targets.forEach((t, i) => r.host(t, i, open));
  r.end();
  return r.take();
}

/** renderHtml, streamed: three passes over the targets, one host in memory at a time. */
export async function writeHtmlStream(src: ReportSource, file: string, opts: HtmlOptions): Promise<string> {
  const r = new Renderer(src.header, src.hosts, opts, opts.baseline ? await diffSource(opts.baseline, src) : undefined);
  for await (const t of src.targets()) r.observe(t);
  const sink = new FileSink(file);
  r.head();
  let i = 0;
  for await (const t of src.targets()) {
    r.matrixRow(t, i++);
    sink.write(r.take());
    await sink.flush();
  }
  r.middle();
  const open = r.openHosts;
  i = 0;
  for await (const t of src.targets()) {
    r.host(t, i++, open);
    sink.write(r.take());
    await sink.flush();
  }
  r.end();
  sink.write(r.take());
  return sink.close();
}
