/**
 * SARIF 2.1.0 output. One run per scan; hosts are result locations; PCI DSS and the POS
 * guideline are taxonomies the rules relate to. Two flavours from the same model:
 * `full` (every status, waivers as suppressions, unreachable hosts as notifications) and
 * `github` (unwaived failures only, each with a relative physical location and fingerprint).
 */
import type { Lang, Text } from '../core/i18n.js';
import { tr } from '../core/i18n.js';
import type { CheckResult, Report, Severity, Status, TargetResult } from '../core/model.js';
import {
  baselineIndex,
  diffReports,
  diffSource,
  findingItems,
  type DiffEntry,
  type FindingItem,
  type ReportDiff,
} from '../engine/diff.js';
import { L, label, storeOf } from './labels.js';
import { hostRowOf, type HostRow, type ReportHeader, type ReportSource } from '../engine/report-source.js';
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
  physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number } };
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
  properties: { tags: string[]; 'security-severity'?: string; precision: string; severity: Severity };
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
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
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

/** Midpoints of GitHub's bands, so a value never sits on an edge. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: undefined,
};
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
  const segs = (location ?? fallback)
    .split(/[\\/]+/)
    .filter(Boolean)
    .map(encodeSegment);
  return ['hosts', encodeSegment(hostName), ...segs].join('/');
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
      ...(SECURITY_SEVERITY[info.severity] ? { 'security-severity': SECURITY_SEVERITY[info.severity] } : {}),
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
  baseline?: Report;
  flavour: SarifFlavour;
}

/** The SARIF log for a report. Deterministic: the same report gives the same bytes. */
export function buildSarif(report: Report, opts: SarifOptions): SarifLog {
  const diff = opts.baseline ? diffReports(opts.baseline, report) : undefined;
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
 * Everything of the log but the results: rules from the catalogue and from the check results given, taxonomies, invocation and properties from the host rows.
 */
function sarifShell(
  header: ReportHeader,
  rows: readonly HostRow[],
  opts: SarifOptions,
  results: Iterable<CheckResult>,
  diff: ReportDiff | undefined,
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

  const resultsOf = (target: TargetResult): SarifResult[] => {
    const out: SarifResult[] = [];
    for (const item of findingItems(target)) {
      if (flavour === 'github' && item.status !== 'fail') continue;
      out.push(resultOf(item, ruleIndex.get(item.result.checkId)!, lang, flavour, states?.get(item.key)));
    }
    return out;
  };
  const absent = diff && flavour === 'full' ? diff.fixed.map((e) => absentResult(e, ruleIndex.get(e.checkId)!, lang)) : [];

  const unreachable = rows.filter((tg) => tg.state === 'error');
  const notifications: SarifNotification[] = unreachable.map((tg) => ({
    descriptor: { id: HOST_UNREACHABLE, index: 0 },
    level: 'error',
    message: { text: `${tg.name}: ${tg.error ?? label(L.hostUnreachableCase, lang)}` },
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
  const category = `posaudit/${header.profiles.map((p) => p.id).join('+') || 'scan'}/${scope}`;

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
      ...(flavour === 'github' ? { flavour: 'github: unwaived failures only' } : {}),
    },
  };
  return { log: { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, resultsOf, absent };
}

/** Results above this many are written compact (indentation alone doubles a 60 000-result file). */
const SARIF_INDENT_UP_TO = 2000;

/** renderSarif, streamed: one pass for the rules, one for the results, one host at a time. */
export async function writeSarifStream(src: ReportSource, file: string, opts: SarifOptions): Promise<string> {
  const diff = opts.baseline ? await diffSource(opts.baseline, src) : undefined;
  // First pass: the rules the results use, and how many results there will be.
  const used = new Map<string, CheckResult>();
  let count = 0;
  for await (const t of src.targets()) {
    for (const r of t.results) {
      const seen = used.get(r.checkId);
      if (!seen) used.set(r.checkId, stripped(r));
      else if (r.requirements.some((q) => !seen.requirements.includes(q)))
        seen.requirements = [...new Set([...seen.requirements, ...r.requirements])];
    }
    for (const item of findingItems(t)) if (opts.flavour !== 'github' || item.status === 'fail') count++;
  }
  const shell = sarifShell(src.header, src.hosts, opts, used.values(), diff);
  count += shell.absent.length;
  const indent = count <= SARIF_INDENT_UP_TO ? 2 : undefined;
  const [head, tail] = splitAround((m) => {
    (shell.log.runs[0] as unknown as Record<string, unknown>).results = m;
    return shell.log;
  }, indent);
  const sink = new FileSink(file);
  async function* all(): AsyncIterable<SarifResult[]> {
    for await (const t of src.targets()) yield shell.resultsOf(t);
    yield shell.absent;
  }
  await streamArray(sink, head, tail, indent, all(), (rs) => rs);
  sink.write('\n');
  return sink.close();
}

/** The parts of a result a rule is made from. */
function stripped(r: CheckResult): CheckResult {
  return { ...r, findings: [] };
}

function resultOf(
  item: FindingItem,
  ruleIndex: number,
  lang: Lang,
  flavour: SarifFlavour,
  state: 'new' | 'unchanged' | undefined,
): SarifResult {
  const { target, result } = item;
  const store = storeOf(target.tags);
  const kind = KIND[item.status];
  const level: SarifLevel = kind === 'fail' ? (item.status === 'warn' ? 'note' : FAIL_LEVEL[result.severity]) : 'none';
  let text = `${target.name}: ${tr(item.message, lang)}`;
  if (item.status === 'manual' && result.procedure) text += ` ${label(L.procedure, lang)}: ${tr(result.procedure, lang)}`;
  const location: SarifLocation = { logicalLocations: [hostLogical(target)] };
  if (item.location !== undefined || flavour === 'github') {
    location.physicalLocation = {
      artifactLocation: { uri: hostUri(target.name, item.location, `posaudit/${result.checkId}`), uriBaseId: 'FLEET' },
      ...(flavour === 'github' ? { region: { startLine: 1 } } : {}),
    };
  }
  const properties: Record<string, unknown> = {
    host: target.name,
    targetId: target.id,
    controlId: result.controlId,
    'posaudit/status': item.status,
    severity: result.severity,
    requirements: result.requirements,
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
    kind,
    level,
    message: { text },
    locations: [location],
    partialFingerprints: { primaryLocationLineHash: item.fingerprint, 'posaudit/v1': item.fingerprint },
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

function absentResult(e: DiffEntry, ruleIndex: number, lang: Lang): SarifResult {
  const kind = KIND[e.status];
  return {
    ruleId: e.checkId,
    ruleIndex,
    kind,
    level: kind === 'fail' ? FAIL_LEVEL[e.severity] : 'none',
    message: { text: `${e.targetName}: ${tr(e.message, lang)}` },
    locations: [{ logicalLocations: [{ name: e.targetName, fullyQualifiedName: e.targetName, kind: 'module' }] }],
    partialFingerprints: { primaryLocationLineHash: e.fingerprint, 'posaudit/v1': e.fingerprint },
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
