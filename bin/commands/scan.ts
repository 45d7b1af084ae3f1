/** `posaudit scan` and `posaudit evaluate`. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { exitCodeOf } from '../../engine/evaluate.js';
import { tr, t, type Lang, type Text } from '../../core/i18n.js';
import type { Report } from '../../core/model.js';
import { buildPlan } from '../../engine/planner.js';
import type { ProgressListener } from '../../core/progress.js';
import { judgeBundle, scan, type ScanItem } from '../../engine/scan.js';
import { readBundle } from '../../engine/bundle.js';
import { findCheck } from '../../checks/index.js';
import { createTarget, parseTargetSpec, specLabel, type SshDefaults } from '../../targets/factory.js';
import { loadJudgement, loadProfiles, parseFormats, parseLang, parseSeverity, parseTimeout, parsePositiveInt } from './common.js';
import { prepareOutDir, writeOutputs } from './output.js';
import { checkInputFile, MiB } from '../../core/input-file.js';
import { hostRowOf, materialize, type HostRow, type ReportHeader, type ReportSource } from '../../core/report.js';
import { oneLine, redactDeep } from '../../core/redact.js';
import { exitCodeOfHeader } from '../../core/gate.js';
import { SEVERITY_LABEL } from '../../reporters/labels.js';
import { FailingChecks, type FailingCheck } from '../../reporters/summary-table.js';

export interface ScanCliOptions {
  profile?: string[];
  out: string;
  format?: string;
  failOn?: string;
  waivers?: string;
  attestations?: string;
  lang?: string;
  identity?: string[];
  knownHosts?: string;
  acceptNewHostKeys?: boolean;
  become?: boolean;
  timeout?: string;
  connectTimeout?: string;
  concurrency?: string;
  baseline?: string;
  checks?: string;
  /** OpenSSH client config for inventory hosts (`none` to read none). */
  sshConfig?: string;
  /** PEM private key (RSA) to sign the report manifest with. */
  signKey?: string;
  /** Ask for the SSH password on the terminal. */
  askPassword?: boolean;
}

async function readableFile(file: string, what: Text, maxBytes = MiB): Promise<void> {
  await checkInputFile(file, what, maxBytes);
  try {
    await fsp.access(file, fsp.constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`cannot read ${what.en} ${file}: ${code}`, `${what.ja} ${file} を読み取れません: ${code}`);
  }
}

/** The SSH password from the terminal, asked once per run however many places need the SSH defaults. */
let asked: Promise<string> | undefined;
function askPasswordOnce(): Promise<string> {
  asked ??= import('./prompt.js').then((m) => m.promptSecret('SSH password: '));
  return asked;
}

export async function sshDefaults(o: ScanCliOptions): Promise<SshDefaults> {
  for (const id of o.identity ?? []) await readableFile(id, t('identity file', 'SSH 秘密鍵ファイル'));
  if (o.knownHosts && !o.acceptNewHostKeys && path.resolve(o.knownHosts) !== '/dev/null')
    await readableFile(o.knownHosts, t('known_hosts file', 'known_hosts ファイル'), 64 * MiB);
  return {
    identities: o.identity,
    knownHosts: o.knownHosts,
    acceptNewHostKeys: o.acceptNewHostKeys,
    become: o.become,
    password: o.askPassword ? await askPasswordOnce() : process.env.POSAUDIT_SSH_PASSWORD,
    passphrase: process.env.POSAUDIT_SSH_PASSPHRASE,
    timeoutMs: parseTimeout(o.timeout, '--timeout', 300_000),
    connectTimeoutMs: parseTimeout(o.connectTimeout, '--connect-timeout', 15_000),
  };
}

function checkFilter(spec: string | undefined): ((id: string) => boolean) | undefined {
  if (!spec) return undefined;
  const ids = spec.split(',').map((s) => s.trim());
  for (const id of ids)
    if (!findCheck(id))
      throw new UsageError(
        `--checks: unknown check id "${id}" (see: posaudit checks list)`,
        `--checks: 不明なチェック ID "${id}" です（一覧: posaudit checks list）`,
      );
  return (id) => ids.includes(id);
}

export interface ScanRun {
  header: ReportHeader;
  hosts: readonly HostRow[];
  /** The whole report: from evaluate always, from a scan only with keepReport (it is not held otherwise). */
  report?: Report;
  files: string[];
  exitCode: number;
  /** Failing checks across the run, for the end-of-scan list. */
  failing?: FailingCheck[];
}

export async function runScan(
  targetArgs: string[],
  o: ScanCliOptions,
  extra: { items?: ScanItem[]; onProgress?: ProgressListener; signal?: AbortSignal; lang?: Lang; keepReport?: boolean } = {},
): Promise<ScanRun> {
  const lang = extra.lang ?? parseLang(o.lang);
  const failOn = parseSeverity(o.failOn);
  const formats = parseFormats(o.format);
  const concurrency = parsePositiveInt(o.concurrency, '--concurrency', 16);
  await prepareOutDir(o.out);
  if (o.signKey) await checkInputFile(o.signKey, t('signing key', '署名鍵'), MiB);
  const specs = (targetArgs.length > 0 || extra.items ? targetArgs : ['local']).map(parseTargetSpec);
  const ssh = await sshDefaults(o);
  const profiles = await loadProfiles(o.profile);
  const judgement = await loadJudgement(o.waivers, o.attestations);
  const baseline = o.baseline ? await (await import('../../reporters/json.js')).readJsonReport(o.baseline) : undefined;
  const plan = buildPlan(profiles, findCheck, checkFilter(o.checks));
  const items: ScanItem[] =
    extra.items ?? specs.map((spec) => ({ name: specLabel(spec), create: () => createTarget(spec, ssh) }));
  const outcome = await scan(items, plan, {
    outDir: o.out,
    lang,
    failOn,
    profileRefs: o.profile && o.profile.length ? o.profile : profiles.map((p) => p.id),
    judgement,
    concurrency,
    hostTimeoutMs: ssh.timeoutMs,
    signal: extra.signal,
    onProgress: extra.onProgress,
  });
  try {
    const src: ReportSource =
      baseline && o.baseline
        ? {
            ...outcome.source,
            header: { ...outcome.source.header, baseline: { source: o.baseline, createdAt: baseline.createdAt } },
          }
        : outcome.source;
    let report: Report | undefined;
    const failing = new FailingChecks();
    const files = await writeOutputs(src, o.out, formats, lang, baseline, o.signKey, async () => {
      if (extra.keepReport) report = redactDeep(await materialize(src));
      for await (const t of src.targets()) failing.add(t);
      await outcome.dispose();
    });
    return {
      header: src.header,
      hosts: src.hosts,
      report,
      files,
      exitCode: exitCodeOfHeader(src.header),
      failing: failing.list(),
    };
  } finally {
    await outcome.dispose();
  }
}

export type EvaluateCliOptions = Pick<
  ScanCliOptions,
  'profile' | 'out' | 'format' | 'failOn' | 'waivers' | 'attestations' | 'lang' | 'signKey'
>;

export async function runEvaluate(bundleFile: string, o: EvaluateCliOptions): Promise<ScanRun> {
  const lang = parseLang(o.lang);
  const failOn = parseSeverity(o.failOn);
  const formats = parseFormats(o.format);
  const bundle = await readBundle(bundleFile);
  const profiles = await loadProfiles(o.profile && o.profile.length ? o.profile : bundle.profiles);
  const judgement = await loadJudgement(o.waivers, o.attestations);
  const plan = buildPlan(profiles, findCheck);
  const report = judgeBundle(bundle.targets, plan, { lang, failOn, judgement, createdAt: bundle.createdAt });
  const files = await writeOutputs(report, o.out, formats, lang, undefined, o.signKey);
  const { targets, ...header } = report;
  const failing = new FailingChecks();
  for (const t of targets) failing.add(t);
  return {
    header,
    hosts: targets.map((t) => hostRowOf(t, report.failOn)),
    report,
    files,
    exitCode: exitCodeOf(report),
    failing: failing.list(),
  };
}

export function verdictLine(report: Pick<Report, 'summary' | 'verdict' | 'failOn'>, lang: Lang): string {
  const s = report.summary;
  const g = s.gate;
  const verdict =
    report.verdict === 'compliant'
      ? t('COMPLIANT: nothing at or above the gate', '準拠: 基準以上の問題はありません')
      : report.verdict === 'non-compliant'
        ? t(
            `NON-COMPLIANT: findings at or above ${report.failOn}`,
            `非準拠: 重大度「${tr(SEVERITY_LABEL[report.failOn], 'ja')}」以上の問題があります`,
          )
        : g && g.targetsNotScanned === 0
          ? t(
              `INCOMPLETE: ${g.undecided} checks at or above ${report.failOn} could not decide`,
              `不完全: 重大度「${tr(SEVERITY_LABEL[report.failOn], 'ja')}」以上のチェック ${g.undecided} 件を判定できませんでした`,
            )
          : t('INCOMPLETE: some targets could not be scanned', '不完全: スキャンできなかった端末があります');
  const counts = t(
    `${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.error} error, ${s.manual} manual, ${s.waived} waived, ${s['not-applicable']} n/a`,
    `合格 ${s.pass}・不合格 ${s.fail}・警告 ${s.warn}・エラー ${s.error}・手動確認 ${s.manual}・免除 ${s.waived}・` +
      `対象外 ${s['not-applicable']}`,
  );
  const lines = [`${tr(verdict, lang)} (${tr(counts, lang)})`];
  if (g && g.failing > 0 && (g.targetsNotScanned > 0 || g.undecided > 0))
    lines.push(
      tr(
        t(
          `  also incomplete: ${g.targetsNotScanned} targets not scanned, ${g.undecided} checks at or above ${report.failOn} undecided`,
          `  さらに不完全: スキャンできなかった端末 ${g.targetsNotScanned} 台、` +
            `判定できなかった重大度「${tr(SEVERITY_LABEL[report.failOn], 'ja')}」以上のチェック ${g.undecided} 件`,
        ),
        lang,
      ),
    );
  if (g && g.undecided > 0) {
    lines.push(tr(t('Checks that could not decide, by reason:', '判定できなかったチェック（理由別）:'), lang));
    for (const r of g.undecidedByReason.slice(0, 10))
      lines.push(`  ⚠ ${r.results}× ${oneLine(tr(r.reason, lang)).slice(0, 200)}  [${r.checks.join(', ')}]`);
    const more = g.undecidedByReason.length - 10;
    if (more > 0)
      lines.push(
        tr(
          t(
            `  … and ${more} more reasons (report.json summary.gate)`,
            `  … ほか ${more} 件の理由（report.json の summary.gate）`,
          ),
          lang,
        ),
      );
  }
  return lines.join('\n');
}
