/** Every label a report shows, in English and Japanese. Reporters never hard-code user-facing words. */
import { t, tr, type Lang, type Text } from '../core/i18n.js';
import type { Report, Severity, Status } from '../core/model.js';

export const STATUS_LABEL: Record<Status, Text> = {
  pass: t('Pass', '合格'),
  fail: t('Fail', '不合格'),
  warn: t('Warning', '警告'),
  error: t('Error', 'エラー'),
  'not-applicable': t('Not applicable', '対象外'),
  manual: t('Manual', '手動確認'),
  waived: t('Waived', '免除'),
};

/** A text symbol per status, so a status never rests on colour alone. */
export const STATUS_SYMBOL: Record<Status, string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  error: '⚠',
  'not-applicable': '–',
  manual: '?',
  waived: '≈',
};

export const SEVERITY_LABEL: Record<Severity, Text> = {
  critical: t('Critical', '緊急'),
  high: t('High', '高'),
  medium: t('Medium', '中'),
  low: t('Low', '低'),
  info: t('Info', '情報'),
};

export const VERDICT_LABEL: Record<Report['verdict'], Text> = {
  compliant: t('Compliant', '準拠'),
  'non-compliant': t('Not compliant', '非準拠'),
  incomplete: t(
    'Incomplete: some targets or checks could not be evaluated',
    '不完全: 評価できなかった端末またはチェックがあります',
  ),
};

export const L = {
  reportTitle: t('posaudit compliance report', 'posaudit 準拠性レポート'),
  verdict: t('Verdict', '判定'),
  created: t('Created', '作成日時'),
  tool: t('Tool', 'ツール'),
  profiles: t('Profiles', 'プロファイル'),
  failOn: t('Fails on severity', '不合格とする重大度'),
  summary: t('Summary', '概要'),
  hosts: t('Hosts', '端末'),
  host: t('Host', '端末'),
  store: t('Store', '店舗'),
  platform: t('Platform', 'プラットフォーム'),
  state: t('State', '状態'),
  scanned: t('Scanned', 'スキャン済み'),
  unreachable: t('Not scanned', 'スキャン不可'),
  planned: t('Planned', '対象'),
  results: t('Results', '結果'),
  total: t('Total', '合計'),
  status: t('Status', 'ステータス'),
  severity: t('Severity', '重大度'),
  requirement: t('Requirement', '要件'),
  requirements: t('Requirements', '要件'),
  check: t('Check', 'チェック'),
  control: t('Control', '管理策'),
  message: t('Message', 'メッセージ'),
  location: t('Location', '場所'),
  evidence: t('Evidence', '証跡'),
  details: t('Details', '詳細'),
  remediation: t('Remediation', '是正方法'),
  procedure: t('Procedure (manual check)', '手順(手動確認)'),
  waiver: t('Waiver', '免除'),
  expiredWaiver: t('Expired waiver (not applied)', '期限切れの免除(適用されていません)'),
  expiredWaivers: t('Expired waivers', '期限切れの免除'),
  attestation: t('Attestation', '証明'),
  reason: t('Reason', '理由'),
  approver: t('Approver', '承認者'),
  expires: t('Expires', '有効期限'),
  source: t('Source', '出典'),
  by: t('By', '実施者'),
  date: t('Date', '日付'),
  observed: t('Observed', '確認内容'),
  failuresBySeverity: t('Failures by severity', '重大度別の不合格'),
  coverage: t('Coverage and errors', 'カバレッジとエラー'),
  noProblems: t('None.', 'なし。'),
  unreachableHosts: t('Hosts that could not be scanned', 'スキャンできなかった端末'),
  checkErrors: t('Checks that could not decide', '判定できなかったチェック'),
  matrix: t('Requirement × host matrix', '要件 × 端末 マトリクス'),
  matrixCaption: t(
    'Worst status of each requirement on each host. Columns are requirements; each row is a host.',
    '各端末における各要件の最も悪いステータス。列が要件、行が端末です。',
  ),
  requirementSummary: t('Requirements', '要件別の集計'),
  requirementSummaryCaption: t('Hosts per requirement by worst status', '要件ごとの端末数(最も悪いステータス別)'),
  catalogue: t('Checks', 'チェック一覧'),
  hostDetails: t('Hosts in detail', '端末ごとの詳細'),
  timing: t('Timing', '所要時間'),
  connect: t('Connect', '接続'),
  gather: t('Gather', '収集'),
  active: t('Active scans', 'アクティブスキャン'),
  evaluate: t('Evaluate', '評価'),
  roundTrips: t('Round trips', 'ラウンドトリップ'),
  requests: t('Evidence requests', '証跡リクエスト'),
  started: t('Started', '開始'),
  finished: t('Finished', '終了'),
  duration: t('Duration', '所要時間'),
  filters: t('Filters', '絞り込み'),
  hostFilter: t('Host or store contains', '端末名・店舗名を含む'),
  allRequirements: t('All requirements', 'すべての要件'),
  showing: t('Showing {shown} of {total} results', '{total} 件中 {shown} 件を表示'),
  expandAll: t('Expand all hosts', 'すべての端末を展開'),
  print: t('Print full report', 'レポート全体を印刷'),
  skipToContent: t('Skip to content', '本文へ移動'),
  complianceRate: t('Automated pass rate', '自動チェックの合格率'),
  complianceFormula: t(
    'Automated pass rate = pass ÷ (pass + fail + warning + error) of the automated checks; manual, not-applicable and ' +
      'waived results are not in it. Manual items pending = controls a person must still verify (not attested).',
    '自動チェックの合格率 = 合格 ÷ (合格 + 不合格 + 警告 + エラー)。手動確認・対象外・免除は含みません。' +
      '手動確認の残り = 人による確認がまだ必要な管理策の数(証明なし)です。',
  ),
  manualPending: t('Manual items pending', '手動確認の残り'),
  masking: t(
    'Evidence is shown as recorded by the scanner: card numbers are masked (first six and last four digits at most).',
    '証跡はスキャナーが記録したとおりに表示します。カード番号はマスク済みです(最大で先頭6桁と末尾4桁)。',
  ),
  diff: t('Changes since the baseline', 'ベースラインからの変化'),
  baseline: t('Baseline', 'ベースライン'),
  newFindings: t('New', '新規'),
  fixedFindings: t('Fixed', '解消'),
  unchangedFindings: t('Unchanged', '変化なし'),
  notRechecked: t('Not re-checked (host not scanned now)', '再確認できず(今回スキャンされなかった端末)'),
  moreNotShown: t('… and {n} more', '… ほか {n} 件'),
  method: t('Method', '方法'),
  statusDefinitions: t('Status definitions', 'ステータスの定義'),
  noResults: t('No results.', '結果はありません。'),
  hostUnreachableCase: t(
    'Host could not be scanned; no checks ran',
    '端末をスキャンできなかったため、チェックは実行されていません',
  ),
  scanning: t('Scanning', 'スキャン中'),
  done: t('done', '完了'),
  running: t('running', '実行中'),
  failed: t('failed', '失敗'),
  andMore: t('… and {n} more', '… ほか {n} 台'),
};

export type LabelKey = keyof typeof L;

export const STATUS_DEFINITION: Record<Status, Text> = {
  pass: t('The check found the requirement met.', 'チェックにより要件を満たしていることを確認しました。'),
  fail: t('The check found the requirement not met.', 'チェックにより要件を満たしていないことを確認しました。'),
  warn: t('A weakness that does not fail the requirement on its own.', '単独では要件違反ではない弱点です。'),
  error: t(
    'The check could not decide (evidence missing or unreadable); the reason is given.',
    '証跡がない・読めないなどの理由で判定できませんでした。理由を示します。',
  ),
  'not-applicable': t('The check does not apply to this host.', 'この端末には適用されないチェックです。'),
  manual: t('A person must verify this; the procedure is shown.', '人による確認が必要です。手順を示します。'),
  waived: t('Not met, but covered by an unexpired waiver.', '要件を満たしていませんが、有効な免除があります。'),
};

/** The label in a language, with `{name}` placeholders filled. */
export function label(text: Text, lang: Lang, vars: Record<string, string | number> = {}): string {
  return tr(text, lang).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The store a target belongs to, from its inventory tags. */
export function storeOf(tags: Record<string, string> | undefined): string | undefined {
  return tags?.store;
}

/**
 * Automated pass rate as a percentage (pass ÷ (pass + fail + warn + error)), or undefined when no
 * automated result was decided or undecided. Manual items are not failures: they are counted apart.
 */
export function complianceRate(summary: Record<Status, number>): number | undefined {
  const denom = summary.pass + summary.fail + summary.warn + summary.error;
  return denom === 0 ? undefined : Math.round((summary.pass / denom) * 1000) / 10;
}
