/**
 * SARIF 2.1.0 output. One run per scan; hosts are result locations; PCI DSS and the POS
 * guideline are taxonomies the rules relate to. Two flavours from the same model:
 * `full` (every status, waivers as suppressions, unreachable hosts as notifications: the complete
 * record) and `github` (what GitHub code scanning takes: unwaived failures and every warning that
 * gates the run, split into parts within GitHub's limits). Both give every result a relative
 * physical location (`hosts/<host>/<path>`, a line number in `region.startLine`) and make one result
 * per (host, check, finding) with every control and requirement it evidences as related taxa.
 */
import { gzipSync } from 'node:zlib';
import type { Lang, Text } from '../core/i18n.js';
import { t, tr } from '../core/i18n.js';
import { reasonIn } from '../core/reasons.js';
import { statusRank, type CheckResult, type Report, type Severity, type Status, type TargetResult } from '../core/model.js';
import { gates } from '../core/gate.js';
import { findingItems, fingerprintOf, type FindingItem } from '../core/finding-key.js';
import { L, label, storeOf } from './labels.js';
import {
  baselineIndex,
  hostRowOf,
  type DiffEntry,
  type HostRow,
  type ReportDiff,
  type ReportHeader,
  type ReportSource,
} from '../core/report.js';
import { splitAround, streamArray } from './json.js';
import { FileSink } from './sink.js';

/** What SARIF rules need beyond the report: the catalogue entry of a check. */
export interface RuleInfo {
  id: string;
  title: Text;
  description: Text;
  remediation: Text;
  severity: Severity;
}

/** A rule with the requirements it relates to: from the profile controls that ran it, never from the check itself. */
interface MappedRule extends RuleInfo {
  requirements: string[];
}

export type SarifFlavour = 'full' | 'github';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const HOST_UNREACHABLE = 'POSN001';

// The subset of SARIF 2.1.0 we write.
export interface SarifMessage {
  text: string;
  markdown?: string;
}
export interface SarifLogicalLocation {
  name: string;
  fullyQualifiedName: string;
  kind: string;
}
export interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
  logicalLocations?: SarifLogicalLocation[];
}
export interface SarifRelationship {
  target: { id: string; toolComponent: { name: string; index: number } };
  kinds: string[];
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string; precision: string; severity: Severity };
  relationships?: SarifRelationship[];
}
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';
export type SarifKind = 'pass' | 'fail' | 'open' | 'review' | 'notApplicable' | 'informational';
export interface SarifSuppression {
  kind: 'external';
  status: 'accepted';
  justification: string;
  properties: { approver: string; expires: string; source: string };
}
export interface SarifTaxonRef {
  id: string;
  toolComponent: { name: string; index: number };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  taxa?: SarifTaxonRef[];
  kind: SarifKind;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  baselineState?: 'new' | 'unchanged' | 'absent';
  suppressions?: SarifSuppression[];
  properties: Record<string, unknown>;
}
export interface SarifNotification {
  descriptor: { id: string; index: number };
  level: 'error';
  message: SarifMessage;
  timeUtc?: string;
  locations: SarifLocation[];
}
export interface SarifTaxonomy {
  name: string;
  version?: string;
  organization: string;
  informationUri: string;
  isComprehensive: false;
  shortDescription: SarifMessage;
  taxa: Array<{ id: string; shortDescription: SarifMessage }>;
}
export interface SarifRun {
  tool: {
    driver: {
      name: string;
      semanticVersion: string;
      version: string;
      informationUri: string;
      rules: SarifRule[];
      notifications: Array<{
        id: string;
        name: string;
        shortDescription: SarifMessage;
        fullDescription: SarifMessage;
        help: SarifMessage;
      }>;
      supportedTaxonomies: Array<{ name: string; index: number }>;
    };
  };
  language: Lang;
  taxonomies: SarifTaxonomy[];
  automationDetails: { id: string };
  invocations: Array<{
    executionSuccessful: boolean;
    startTimeUtc?: string;
    endTimeUtc?: string;
    toolExecutionNotifications: SarifNotification[];
  }>;
  originalUriBaseIds: Record<string, { description: SarifMessage }>;
  results: SarifResult[];
  properties: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

/** Midpoints of GitHub's bands, so a value never sits on an edge; info is 0.0 (GitHub's "none"). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

/**
 * GitHub code scanning upload limits (docs.github.com, "SARIF support for code scanning"):
 * 25 000 results per run, 10 MB gzip-compressed per upload; only the top 5 000 results are shown.
 */
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;
export const GITHUB_MAX_GZIP_BYTES = 10_000_000;
/** What a part may take of the 10 MB: the estimate (hosts gzipped one by one) leaves this margin. */
const GITHUB_GZIP_BUDGET = 9_000_000;
const FAIL_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
const KIND: Record<Status, SarifKind> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'fail',
  error: 'open',
  'not-applicable': 'notApplicable',
  manual: 'review',
  waived: 'fail',
};

interface TaxonomyDef {
  name: string;
  prefix: RegExp;
  tag: string;
  def: Omit<SarifTaxonomy, 'taxa'>;
  taxonTitle(id: string, lang: Lang): string;
}

const TAXONOMIES: TaxonomyDef[] = [
  {
    name: 'PCI DSS',
    prefix: /^PCI\s+(.+)$/,
    tag: 'pci-dss',
    def: {
      name: 'PCI DSS',
      version: '4.0.1',
      organization: 'PCI Security Standards Council',
      informationUri: 'https://www.pcisecuritystandards.org/document_library/',
      isComprehensive: false,
      shortDescription: { text: 'Payment Card Industry Data Security Standard v4.0.1 (requirement ids only).' },
    },
    taxonTitle: (id, lang) => (lang === 'ja' ? `PCI DSS v4.0.1 要件 ${id}` : `PCI DSS v4.0.1 requirement ${id}`),
  },
  {
    name: 'POS Security Guideline',
    prefix: /^POS\s+(.+)$/,
    tag: 'pos-guideline',
    def: {
      name: 'POS Security Guideline',
      organization: 'CCDS (Connected Consumer Device Security Council)',
      informationUri: 'https://www.ccds.or.jp/',
      isComprehensive: false,
      shortDescription: { text: 'CCDS POS security guideline, Open POS edition: policies 方針1–8.' },
    },
    taxonTitle: (id, lang) =>
      lang === 'ja' ? `POSセキュリティガイドライン(オープンPOS編)${id}` : `POS security guideline (Open POS) ${id}`,
  },
];

/** Where a requirement id belongs: its taxonomy (if known), taxon id and tag. */
export function parseRequirement(req: string): { taxonomy?: TaxonomyDef; id: string; tag: string } {
  for (const tx of TAXONOMIES) {
    const m = tx.prefix.exec(req.trim());
    if (m) return { taxonomy: tx, id: m[1], tag: `${tx.tag}/${m[1]}` };
  }
  return { id: req, tag: `requirement/${req.replace(/\s+/g, '-')}` };
}

/** `ssh.root-login-disabled` → `SshRootLoginDisabled` (SARIF wants name ≠ id). */
function pascal(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return name === id || name === '' ? `Check${name}` : name;
}

function encodeSegment(seg: string): string {
  if (seg === '.' || seg === '..') return seg.replace(/\./g, '%2E');
  return encodeURIComponent(seg);
}

/** A relative, colon-free pseudo-path for a place on a host: `hosts/<host>/<path>`. */
export function hostUri(hostName: string, location: string | undefined, fallback: string): string {
  const segs = (location === undefined ? fallback : splitLine(location).path)
    .split(/[\\/]+/)
    .filter(Boolean)
    .map(encodeSegment);
  return ['hosts', encodeSegment(hostName), ...segs].join('/');
}

/** `/var/log/a.log:2` → path and line (only a path with a separator followed by `:<digits>`). */
export function splitLine(location: string): { path: string; line?: number } {
  const m = /^(.*[\\/][^\\/]*?):(\d{1,9})$/.exec(location);
  if (!m || Number(m[2]) < 1) return { path: location };
  return { path: m[1], line: Number(m[2]) };
}

function hostLogical(target: Pick<TargetResult, 'name' | 'tags'>): SarifLogicalLocation {
  const store = storeOf(target.tags);
  return { name: target.name, fullyQualifiedName: store ? `${store}/${target.name}` : target.name, kind: 'module' };
}

function ruleFrom(info: MappedRule, lang: Lang, taxIndex: Map<string, number>): SarifRule {
  const parsed = info.requirements.map(parseRequirement);
  const tags = ['security', ...new Set(parsed.map((p) => p.tag))].slice(0, 20);
  const relationships = parsed
    .filter((p) => p.taxonomy)
    .map((p) => ({
      target: { id: p.id, toolComponent: { name: p.taxonomy!.name, index: taxIndex.get(p.taxonomy!.name)! } },
      kinds: ['superset'],
    }));
  const title = tr(info.title, lang);
  const remediation = tr(info.remediation, lang);
  const reqs = info.requirements.join(', ');
  return {
    id: info.id,
    name: pascal(info.id),
    shortDescription: { text: clip(title, 1024) },
    fullDescription: { text: clip(tr(info.description, lang) || title, 1024) },
    help: {
      text: `${label(L.remediation, lang)}: ${remediation}\n${label(L.requirements, lang)}: ${reqs}`,
      markdown: `**${label(L.remediation, lang)}:** ${mdEscape(remediation)}\n\n**${label(L.requirements, lang)}:** ${mdEscape(reqs)}`,
    },
    defaultConfiguration: { level: FAIL_LEVEL[info.severity] },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[info.severity],
      precision: 'high',
      severity: info.severity,
    },
    ...(relationships.length ? { relationships } : {}),
  };
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

function mdEscape(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+!<>|])/g, '\\$1');
}

function ruleInfoFromResult(r: CheckResult): RuleInfo {
  return {
    id: r.checkId,
    title: r.title,
    description: r.controlTitle,
    remediation: r.remediation,
    severity: r.severity,
  };
}

/**
 * Requirement ids per check, as the profiles mapped them: the union over every control that ran
 * the check (each result carries its control's requirements). The profiles are the one source.
 */
export function requirementsByCheck(results: Iterable<Pick<CheckResult, 'checkId' | 'requirements'>>): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const r of results) {
    let set = sets.get(r.checkId);
    if (!set) sets.set(r.checkId, (set = new Set()));
    for (const q of r.requirements) set.add(q);
  }
  return new Map([...sets].map(([id, set]) => [id, [...set].sort(compareReq)]));
}

export interface SarifOptions {
  lang: Lang;
  rules: RuleInfo[];
  /** The earlier report: its rules describe the findings fixed since (results `absent`). */
  baseline?: Report;
  /** What changed since the baseline, computed by the engine (engine/diff.ts): SARIF only renders it. */
  diff?: ReportDiff;
  flavour: SarifFlavour;
  /** Told when the GitHub SARIF is split or cut (the CLI prints it). */
  onWarning?: (text: Text) => void;
}

/** The SARIF log for a report. Deterministic: the same report gives the same bytes. */
export function buildSarif(report: Report, opts: SarifOptions): SarifLog {
  const diff = opts.diff;
  const shell = sarifShell(
    sourceHeader(report),
    report.targets.map((t) => hostRowOf(t, report.failOn)),
    opts,
    report.targets.flatMap((t) => t.results),
    diff,
  );
  const results: SarifResult[] = [];
  for (const target of report.targets) results.push(...shell.resultsOf(target));
  results.push(...shell.absent);
  shell.log.runs[0].results = results;
  return shell.log;
}

function sourceHeader(report: Report): ReportHeader {
  const { targets: _targets, ...header } = report;
  return header;
}

interface SarifShell {
  /** The log with no results yet. */
  log: SarifLog;
  /** The results of one host, in order. */
  resultsOf(target: TargetResult): SarifResult[];
  /** Results for findings fixed since the baseline (after every host's). */
  absent: SarifResult[];
}

/**
 * Everything of the log but the results: rules from the catalogue and from the check results given, taxonomies, invocation and
 * properties from the host rows.
 */
function sarifShell(
  header: ReportHeader,
  rows: readonly HostRow[],
  opts: SarifOptions,
  results: Iterable<CheckResult>,
  diff: ReportDiff | undefined,
  part?: { n: number; of: number },
): SarifShell {
  const { lang, flavour } = opts;
  const states = diff ? baselineIndex(diff) : undefined;

  // Rules: the catalogue first, then anything only the results (or the baseline) know.
  // Their requirements come from the profile controls in this report (the baseline's for checks only it ran).
  const infos = new Map<string, MappedRule>();
  const current = [...results];
  const baselineResults = (opts.baseline?.targets ?? []).flatMap((tg) => tg.results);
  const mapped = requirementsByCheck(current);
  const mappedBefore = requirementsByCheck(baselineResults);
  const add = (info: RuleInfo): void => {
    infos.set(info.id, { ...info, requirements: mapped.get(info.id) ?? mappedBefore.get(info.id) ?? [] });
  };
  for (const r of opts.rules) add(r);
  for (const r of current) if (!infos.has(r.checkId)) add(ruleInfoFromResult(r));
  for (const r of baselineResults) if (!infos.has(r.checkId)) add(ruleInfoFromResult(r));
  const ids = [...infos.keys()].sort();

  // Taxonomies: only the requirements some rule relates to.
  const taxa = new Map<string, Set<string>>();
  for (const info of infos.values())
    for (const req of info.requirements) {
      const p = parseRequirement(req);
      if (p.taxonomy) (taxa.get(p.taxonomy.name) ?? taxa.set(p.taxonomy.name, new Set()).get(p.taxonomy.name)!).add(p.id);
    }
  const usedTax = TAXONOMIES.filter((tx) => taxa.has(tx.name));
  const taxIndex = new Map(usedTax.map((tx, i) => [tx.name, i]));
  const taxonomies: SarifTaxonomy[] = usedTax.map((tx) => ({
    ...tx.def,
    taxa: [...taxa.get(tx.name)!].sort(compareReq).map((id) => ({ id, shortDescription: { text: tx.taxonTitle(id, lang) } })),
  }));
  const rules = ids.map((id) => ruleFrom(infos.get(id)!, lang, taxIndex));
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));

  // GitHub: what fails the requirement, and every warning that gates this run (--fail-on low).
  const include = (item: FindingItem): boolean =>
    flavour === 'full' ||
    item.status === 'fail' ||
    (item.status === 'warn' && gates('warn', item.result.severity, header.failOn));
  const resultsOf = (target: TargetResult): SarifResult[] =>
    alertsOf(target, include).map((a) => {
      const st = a.items.map((i) => states?.get(i.key));
      const state = st.includes('unchanged') ? 'unchanged' : st.includes('new') ? 'new' : undefined;
      return resultOf(a, ruleIndex.get(a.rep.result.checkId)!, lang, taxIndex, state);
    });
  const absent: SarifResult[] = [];
  if (diff && flavour === 'full') {
    const seen = new Set<string>();
    for (const e of diff.fixed) {
      const fp = fingerprintOf(alertKey(e.targetId, e.checkId, e.findingId || `control:${e.controlId}`));
      if (seen.has(fp)) continue;
      seen.add(fp);
      absent.push(absentResult(e, ruleIndex.get(e.checkId)!, lang, fp));
    }
  }

  const unreachable = rows.filter((tg) => tg.state === 'error');
  const notifications: SarifNotification[] = unreachable.map((tg) => ({
    descriptor: { id: HOST_UNREACHABLE, index: 0 },
    level: 'error',
    message: { text: `${tg.name}: ${tg.error !== undefined ? reasonIn(tg.error, lang) : label(L.hostUnreachableCase, lang)}` },
    ...(tg.finishedAt ? { timeUtc: tg.finishedAt } : {}),
    locations: [{ logicalLocations: [hostLogical(tg)] }],
  }));
  let start: string | undefined;
  let end: string | undefined;
  for (const tg of rows) {
    if (tg.startedAt && (start === undefined || tg.startedAt < start)) start = tg.startedAt;
    if (tg.finishedAt && (end === undefined || tg.finishedAt > end)) end = tg.finishedAt;
  }
  const stores = new Set(rows.map((tg) => storeOf(tg.tags) ?? ''));
  const only = stores.size === 1 ? [...stores][0] : '';
  const scope = only ? only : 'fleet';
  const category =
    `posaudit/${header.profiles.map((p) => p.id).join('+') || 'scan'}/` +
    `${scope}${part && part.of > 1 ? `/part-${part.n}` : ''}`;

  const run: SarifRun = {
    tool: {
      driver: {
        name: 'posaudit',
        semanticVersion: header.tool.version,
        version: header.tool.version,
        informationUri: 'https://github.com/posaudit/posaudit',
        rules,
        notifications: [
          {
            id: HOST_UNREACHABLE,
            name: 'HostUnreachable',
            shortDescription: {
              text:
                lang === 'ja' ? '端末に接続または認証できませんでした。' : 'A target host could not be reached or authenticated.',
            },
            fullDescription: {
              text:
                lang === 'ja'
                  ? '端末をスキャンできなかったため、その端末のチェックは実行されていません。'
                  : 'The target could not be scanned, so none of its checks ran.',
            },
            help: {
              text:
                lang === 'ja'
                  ? 'ネットワーク到達性、認証情報、ホスト鍵を確認してください。'
                  : 'Check network reachability, credentials and host keys.',
            },
          },
        ],
        supportedTaxonomies: usedTax.map((tx, i) => ({ name: tx.name, index: i })),
      },
    },
    language: lang,
    taxonomies,
    automationDetails: { id: `${category}/${header.createdAt}` },
    invocations: [
      {
        executionSuccessful: unreachable.length === 0,
        ...(start !== undefined ? { startTimeUtc: start } : {}),
        ...(end !== undefined ? { endTimeUtc: end } : {}),
        toolExecutionNotifications: notifications,
      },
    ],
    originalUriBaseIds: { FLEET: { description: { text: 'hosts/<host name>/<path on the host>; not a repository path.' } } },
    results: [],
    properties: {
      verdict: header.verdict,
      failOn: header.failOn,
      profiles: header.profiles.map((p) => `${p.id}@${p.version}`),
      hosts: { planned: rows.length, scanned: rows.length - unreachable.length, unreachable: unreachable.map((tg) => tg.name) },
      ...(header.baseline ? { baseline: header.baseline } : {}),
      ...(flavour === 'github' ? { flavour: 'github: unwaived failures and gating warnings' } : {}),
      ...(part && part.of > 1 ? { part: { n: part.n, of: part.of, hosts: rows.map((r) => r.name) } } : {}),
    },
  };
  return { log: { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, resultsOf, absent };
}

/** Results above this many are written compact (indentation alone doubles a 60 000-result file). */
const SARIF_INDENT_UP_TO = 2000;

/**
 * renderSarif, streamed: one pass for the rules, one for the results, one host at a time. The
 * GitHub flavour is split by host batches into parts GitHub accepts (25 000 results, 10 MB gzipped
 * each: `report.github.sarif`, `report.github.part-2.sarif` …, each with its own category in
 * `automationDetails.id`); a host with more results than a part holds is cut, keeping the most severe,
 * and `onWarning` says so. Returns the files written.
 */
export async function writeSarifStream(src: ReportSource, file: string, opts: SarifOptions): Promise<string[]> {
  const diff = opts.diff;
  // First pass: the rules the results use.
  const used = new Map<string, CheckResult>();
  // A rule's requirements are the union of what the profiles that ran the check map it to.
  for await (const t of src.targets())
    for (const r of t.results) {
      const seen = used.get(r.checkId);
      if (!seen) used.set(r.checkId, stripped(r));
      else if (r.requirements.some((q) => !seen.requirements.includes(q)))
        seen.requirements = [...new Set([...seen.requirements, ...r.requirements])];
    }
  const whole = sarifShell(src.header, src.hosts, opts, used.values(), diff);
  if (opts.flavour !== 'github') {
    let count = whole.absent.length;
    for await (const t of src.targets()) count += whole.resultsOf(t).length;
    return [await writePart(src, file, whole, count, 0, src.hosts.length, Infinity)];
  }
  // GitHub: measure each host's results (count and gzipped size), then batch hosts into parts.
  const sizes: Array<{ results: number; gz: number }> = [];
  for await (const t of src.targets()) {
    const rs = whole.resultsOf(t);
    sizes.push({ results: rs.length, gz: rs.length ? gzipSync(JSON.stringify(rs)).length : 0 });
  }
  const shellGz = gzipSync(JSON.stringify(whole.log)).length;
  const parts: Array<{ from: number; to: number; results: number }> = [];
  let cur = { from: 0, to: 0, results: 0, gz: shellGz };
  for (let i = 0; i < sizes.length; i++) {
    const { results, gz } = sizes[i];
    const kept = Math.min(results, GITHUB_MAX_RESULTS_PER_RUN);
    if (cur.to > cur.from && (cur.results + kept > GITHUB_MAX_RESULTS_PER_RUN || cur.gz + gz > GITHUB_GZIP_BUDGET)) {
      parts.push(cur);
      cur = { from: i, to: i, results: 0, gz: shellGz };
    }
    cur.to = i + 1;
    cur.results += kept;
    cur.gz += gz;
  }
  parts.push(cur);
  const cutHosts = sizes.flatMap((sz, i) => (sz.results > GITHUB_MAX_RESULTS_PER_RUN ? [src.hosts[i].name] : []));
  if (cutHosts.length)
    opts.onWarning?.(
      t(
        `GitHub SARIF: ${cutHosts.length} host(s) have more than ${GITHUB_MAX_RESULTS_PER_RUN} results and were cut to the ` +
          `most severe ${GITHUB_MAX_RESULTS_PER_RUN} (${cutHosts.slice(0, 5).join(', ')}); report.sarif and report.json hold ` +
          `them all.`,
        `GitHub 用 SARIF: ${cutHosts.length} 台の端末で結果が ${GITHUB_MAX_RESULTS_PER_RUN} 件を超えたため、` +
          `重大度の高い ${GITHUB_MAX_RESULTS_PER_RUN} 件に切り詰めました（${cutHosts.slice(0, 5).join(', ')}）。` +
          `すべての結果は report.sarif と report.json にあります。`,
      ),
    );
  if (parts.length > 1)
    opts.onWarning?.(
      t(
        `GitHub SARIF split into ${parts.length} parts (GitHub takes ${GITHUB_MAX_RESULTS_PER_RUN} results and 10 MB ` +
          `gzipped per upload): upload each file on its own; each has its own category.`,
        `GitHub 用 SARIF を ${parts.length} 個に分割しました（GitHub の上限は 1 回のアップロードにつき ` +
          `${GITHUB_MAX_RESULTS_PER_RUN} 件、gzip 圧縮後 10 MB）。ファイルごとに別々にアップロードしてください。` +
          `カテゴリはファイルごとに異なります。`,
      ),
    );
  const files: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const { from, to, results } = parts[k];
    const shell = sarifShell(src.header, src.hosts.slice(from, to), opts, used.values(), diff, { n: k + 1, of: parts.length });
    const name = k === 0 ? file : file.replace(/\.sarif$/, `.part-${k + 1}.sarif`);
    files.push(await writePart(src, name, shell, results, from, to, GITHUB_MAX_RESULTS_PER_RUN));
  }
  return files;
}

/** Write one log: the shell, then the results of hosts [from, to) (at most a run's worth each). */
async function writePart(
  src: ReportSource,
  file: string,
  shell: SarifShell,
  count: number,
  from: number,
  to: number,
  cap: number,
): Promise<string> {
  const indent = count <= SARIF_INDENT_UP_TO ? 2 : undefined;
  const [head, tail] = splitAround((m) => {
    (shell.log.runs[0] as unknown as Record<string, unknown>).results = m;
    return shell.log;
  }, indent);
  const sink = new FileSink(file);
  async function* all(): AsyncIterable<SarifResult[]> {
    let i = 0;
    for await (const t of src.targets()) {
      if (i >= from && i < to) yield mostSevere(shell.resultsOf(t), cap);
      i++;
    }
    yield shell.absent;
  }
  await streamArray(sink, head, tail, indent, all(), (rs) => rs);
  sink.write('\n');
  return sink.close();
}

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** At most n results, the most severe kept (in their order). */
function mostSevere(rs: SarifResult[], n: number): SarifResult[] {
  if (rs.length <= n) return rs;
  const keep = new Set(
    rs
      .map((r, i) => ({ i, rank: (SEVERITY_RANK[String(r.properties.severity)] ?? 0) * 2 + (r.kind === 'fail' ? 1 : 0) }))
      .sort((a, b) => b.rank - a.rank || a.i - b.i)
      .slice(0, n)
      .map((x) => x.i),
  );
  return rs.filter((_, i) => keep.has(i));
}

/** The parts of a result a rule is made from. */
function stripped(r: CheckResult): CheckResult {
  return { ...r, findings: [] };
}

/** The identity of one alert: a host, a check and what the finding is about (not the control). */
function alertKey(targetId: string, checkId: string, findingId: string): string {
  return JSON.stringify([targetId, checkId, findingId]);
}

/** One alert: the findings of one check about one thing on one host, across every control it evidences. */
interface Alert {
  rep: FindingItem;
  items: FindingItem[];
  fingerprint: string;
}

function alertsOf(target: TargetResult, include: (item: FindingItem) => boolean): Alert[] {
  const groups = new Map<string, FindingItem[]>();
  for (const item of findingItems(target)) {
    if (!include(item)) continue;
    const k = alertKey(target.id, item.result.checkId, item.findingId || `control:${item.result.controlId}`);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].map(([k, items]) => ({
    items,
    // The worst status speaks for the alert: a failure under one control is not hidden by a waiver under another.
    rep: items.reduce((a, b) => (statusRank(b.status) > statusRank(a.status) ? b : a)),
    fingerprint: fingerprintOf(k),
  }));
}

function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

function resultOf(
  alert: Alert,
  ruleIndex: number,
  lang: Lang,
  taxIndex: Map<string, number>,
  state: 'new' | 'unchanged' | undefined,
): SarifResult {
  const item = alert.rep;
  const { target, result } = item;
  const store = storeOf(target.tags);
  const kind = KIND[item.status];
  const level: SarifLevel = kind === 'fail' ? (item.status === 'warn' ? 'note' : FAIL_LEVEL[result.severity]) : 'none';
  let text = `${target.name}: ${tr(item.message, lang)}`;
  if (item.status === 'manual' && result.procedure) text += ` ${label(L.procedure, lang)}: ${tr(result.procedure, lang)}`;
  const where = item.location === undefined ? undefined : splitLine(item.location);
  const location: SarifLocation = {
    physicalLocation: {
      artifactLocation: { uri: hostUri(target.name, item.location, `posaudit/${result.checkId}`), uriBaseId: 'FLEET' },
      region: { startLine: where?.line ?? 1 },
    },
    logicalLocations: [hostLogical(target)],
  };
  const requirements = unique(alert.items.flatMap((i) => i.result.requirements));
  const taxa: SarifTaxonRef[] = [];
  for (const req of requirements) {
    const p = parseRequirement(req);
    if (p.taxonomy && taxIndex.has(p.taxonomy.name))
      taxa.push({ id: p.id, toolComponent: { name: p.taxonomy.name, index: taxIndex.get(p.taxonomy.name)! } });
  }
  const properties: Record<string, unknown> = {
    host: target.name,
    targetId: target.id,
    controlId: result.controlId,
    controlIds: unique(alert.items.map((i) => i.result.controlId)),
    'posaudit/status': item.status,
    severity: result.severity,
    requirements,
    ...(store ? { store } : {}),
    ...(item.location !== undefined ? { location: item.location } : {}),
    ...(item.finding?.details ? { details: item.finding.details } : {}),
    ...(item.finding?.evidence ? { evidence: item.finding.evidence } : {}),
    ...(result.expiredWaiver ? { expiredWaiver: result.expiredWaiver } : {}),
    ...(result.attestation ? { attestation: result.attestation } : {}),
  };
  const remediation = item.finding?.remediation ?? result.remediation;
  if (item.status !== 'pass' && item.status !== 'not-applicable') properties.remediation = tr(remediation, lang);
  return {
    ruleId: result.checkId,
    ruleIndex,
    ...(taxa.length ? { taxa } : {}),
    kind,
    level,
    message: { text },
    locations: [location],
    partialFingerprints: { primaryLocationLineHash: alert.fingerprint, 'posaudit/v2': alert.fingerprint },
    ...(state ? { baselineState: state } : {}),
    ...(item.status === 'waived' && result.waiver
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: result.waiver.reason,
              properties: { approver: result.waiver.approver, expires: result.waiver.expires, source: result.waiver.source },
            },
          ],
        }
      : {}),
    properties,
  };
}

function absentResult(e: DiffEntry, ruleIndex: number, lang: Lang, fingerprint: string): SarifResult {
  const kind = KIND[e.status];
  return {
    ruleId: e.checkId,
    ruleIndex,
    kind,
    level: kind === 'fail' ? FAIL_LEVEL[e.severity] : 'none',
    message: { text: `${e.targetName}: ${tr(e.message, lang)}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: hostUri(e.targetName, e.location, `posaudit/${e.checkId}`), uriBaseId: 'FLEET' },
          region: { startLine: (e.location === undefined ? undefined : splitLine(e.location).line) ?? 1 },
        },
        logicalLocations: [{ name: e.targetName, fullyQualifiedName: e.targetName, kind: 'module' }],
      },
    ],
    partialFingerprints: { primaryLocationLineHash: fingerprint, 'posaudit/v2': fingerprint },
    baselineState: 'absent',
    properties: {
      host: e.targetName,
      targetId: e.targetId,
      controlId: e.controlId,
      'posaudit/status': e.status,
      severity: e.severity,
    },
  };
}

/** Order requirement ids naturally: 2.2.6 before 10.2.1; 方針2 before 方針10. */
export function compareReq(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Indented for people when small; compact for fleets (indentation alone doubles a 60 000-result file). */
export function renderSarif(report: Report, opts: SarifOptions): string {
  const log = buildSarif(report, opts);
  return JSON.stringify(log, null, log.runs[0].results.length <= SARIF_INDENT_UP_TO ? 2 : undefined) + '\n';
}
