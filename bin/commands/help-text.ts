/**
 * Command-line help and parser errors in Japanese (under a Japanese locale or with `--lang ja`),
 * `posaudit help <topic>` texts, and shell completion scripts. Small and dependency-free: loaded
 * at start-up, so `posaudit --help` stays fast.
 */
import type { Command, Help } from 'commander';
import { wrapText } from '../../reporters/text-width.js';

type Lang = 'en' | 'ja';

/** The language of help and parser errors: `--lang` on the command line, else the locale. */
export function helpLang(argv: string[], env: NodeJS.ProcessEnv = process.env): Lang {
  const valid = (v: string | undefined): v is Lang => v === 'en' || v === 'ja';
  for (let i = argv.length - 1; i >= 2; i--) {
    if (argv[i] === '--lang' && valid(argv[i + 1])) return argv[i + 1] as Lang;
    if (argv[i].startsWith('--lang=') && valid(argv[i].slice(7))) return argv[i].slice(7) as Lang;
  }
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja/i.test(raw) ? 'ja' : 'en';
}

/** Every description in the command tree, in Japanese. */
const DESCRIPTIONS_JA: Record<string, string> = {
  // eslint-disable-next-line max-len -- the key is the English description as commander prints it, looked up verbatim
  'Checks point-of-sale terminals against PCI DSS v4.0.1 and the Japanese POS security guideline (方針1–8): locally, over SSH, or on an offline image.':
    'POS 端末が PCI DSS v4.0.1 と POS セキュリティ実装ガイドライン（方針1–8）に準拠しているかを確認します。この端末で、' +
    'SSH 経由で、またはオフラインのディスクイメージに対して実行できます。',
  'output the version number': 'バージョンを表示',
  'display help for command': 'このコマンドのヘルプを表示',
  'scan targets: local (default), ssh://[user@]host[:port], image:PATH':
    '対象をスキャン: local（既定）、ssh://[ユーザー@]ホスト[:ポート]、image:パス',
  'SSH private key, repeatable (the agent is used too)': 'SSH 秘密鍵（複数指定可。エージェントも使います）',
  'OpenSSH known_hosts to verify host keys (default ~/.ssh/known_hosts)':
    'ホスト鍵を確認する OpenSSH の known_hosts（既定 ~/.ssh/known_hosts）',
  'trust and record unknown host keys (never changed ones)': '未知のホスト鍵を信頼して記録（変わった鍵は信頼しません）',
  'run the gatherer with sudo -n': '収集を sudo -n で実行',
  'ask for the SSH password on the terminal (or set POSAUDIT_SSH_PASSWORD; never on the command line)':
    'SSH パスワードを端末で入力（または POSAUDIT_SSH_PASSWORD を設定。コマンドラインには書かないでください）',
  "time limit of one host's gather (e.g. 5m)": '1 台の収集の制限時間（例: 5m）',
  'SSH connect and login time limit': 'SSH の接続とログインの制限時間',
  'hosts scanned at once': '同時にスキャンする端末の数',
  'only run these check ids (comma list)': 'これらのチェック ID だけを実行（カンマ区切り）',
  'compare with an earlier JSON report (new, fixed, unchanged)': '以前の JSON レポートと比較（新規・解消・変化なし）',
  'inventory of hosts (posaudit YAML or Ansible INI/YAML)': '端末の一覧（posaudit の YAML、または Ansible の INI/YAML）',
  'with --inventory: only hosts or groups matching (globs, comma list)':
    '--inventory と併用: 一致する端末またはグループだけ（glob、カンマ区切り）',
  'with --inventory: scan only shard i of n': '--inventory と併用: n 分割の i 番目だけをスキャン',
  'only shard i of n': 'n 分割の i 番目だけ',
  'SSH private key, repeatable': 'SSH 秘密鍵（複数指定可）',
  'with --inventory: OpenSSH client config for HostName/User/Port/IdentityFile/ProxyJump (default ~/.ssh/config; "none" for none)':
    '--inventory と併用: HostName/User/Port/IdentityFile/ProxyJump を読む OpenSSH クライアント設定（既定 ~/.ssh/config。' +
    '"none" で読まない）',
  'no progress output': '進行状況を表示しない',
  'profile to run, repeatable (default: pci-dss)': '実行するプロファイル（複数指定可。既定: pci-dss）',
  'report folder ("-": the JSON report on stdout)': 'レポートの出力先フォルダー（"-" で JSON レポートを標準出力へ）',
  'comma list of json, html, sarif, sarif-github, junit': '出力形式（json, html, sarif, sarif-github, junit のカンマ区切り）',
  'comma list of html, sarif, sarif-github, junit, json': '出力形式（html, sarif, sarif-github, junit, json のカンマ区切り）',
  'lowest severity that fails the run': '不合格とする最も低い重大度',
  'waivers YAML (control/check, hosts, reason, approver, expires)':
    '免除の YAML（管理策・チェック、端末、理由、承認者、有効期限）',
  'attestations YAML for manual controls': '手動確認の管理策の証明 YAML',
  'report language (default: from the system locale)': 'レポートの言語（既定: システムのロケール）',
  'sign the report manifest (manifest.json of SHA-256 hashes) with this RSA private key':
    'レポートのマニフェスト（SHA-256 の manifest.json）にこの RSA 秘密鍵で署名',
  'what to scan': 'スキャンする対象',
  're-judge a saved evidence bundle offline (default: the profiles it was gathered for)':
    '保存した証跡バンドルをオフラインで再判定（既定: 収集時のプロファイル）',
  'evidence.json.gz from an earlier scan': '以前のスキャンの evidence.json.gz',
  'with --inventory: Ansible host pattern (a:b, a:!b, a:&b, ~regex, group[0:3], globs, comma list)':
    '--inventory と併用: Ansible のホストパターン（a:b、a:!b、a:&b、~正規表現、group[0:3]、glob、カンマ区切り）',
  'OpenSSH client config for ssh:// targets and --inventory: HostName/User/Port/IdentityFile/ProxyJump/ProxyCommand, Host/Match host (default $POSAUDIT_SSH_CONFIG or ~/.ssh/config; "none" for none)':
    'ssh:// の対象と --inventory に使う OpenSSH クライアント設定: HostName/User/Port/IdentityFile/ProxyJump/ProxyCommand、' +
    'Host/Match host（既定 $POSAUDIT_SSH_CONFIG または ~/.ssh/config。"none" で読まない）',
  'fleet definitions: what a scan --inventory would reach': '端末一覧の定義: --inventory でスキャンしたときに接続する端末',
  'every resolved host: address, port, user, keys, jump chain or ProxyCommand, become, tags, and where each came from':
    '解決したすべての端末: アドレス、ポート、ユーザー、鍵、踏み台の連鎖または ProxyCommand、become、タグ、それぞれの値の出所',
  'Ansible host pattern (a:b, a:!b, a:&b, ~regex, group[0:3], comma list)':
    'Ansible のホストパターン（a:b、a:!b、a:&b、~正規表現、group[0:3]、カンマ区切り）',
  'OpenSSH client config (default $POSAUDIT_SSH_CONFIG or ~/.ssh/config; "none" for none)':
    'OpenSSH クライアント設定（既定 $POSAUDIT_SSH_CONFIG または ~/.ssh/config。"none" で読まない）',
  'machine-readable output': '機械が読める形式（JSON）で出力',
  'also scan files dpkg vouches for unchanged (skipped by default after checking their MD5)':
    'dpkg が変更なしと保証するファイルも検査する（既定では MD5 を確かめたうえで対象外）',
  'the checks posaudit knows': 'posaudit のチェック',
  'list every check': 'すべてのチェックを一覧表示',
  'a JSON array on stdout': '標準出力に JSON 配列で出力',
  'what a check looks at, its params and requirements': 'チェックが見るもの、パラメーター、要件',
  'the control profiles': '管理策のプロファイル',
  'list the shipped profiles': '同梱のプロファイルを一覧表示',
  'controls, what evidences each, and coverage': '管理策、それぞれの証跡、カバレッジ',
  'check a profile file and explain any error': 'プロファイルファイルを検証し、誤りを説明',
  'find stored card numbers (PAN) and track data in files on this machine; prints masked findings':
    'この端末のファイルに保存されたカード番号（PAN）とトラックデータを探します（結果はマスクして表示）',
  'a JSON array of findings on stdout': '検出結果を標準出力に JSON 配列で出力',
  'skip paths matching, repeatable': '一致するパスを除外（複数指定可）',
  'only paths matching, repeatable': '一致するパスだけ（複数指定可）',
  'skip files larger than this': 'これより大きいファイルを除外',
  'also report Maestro numbers': 'Maestro の番号も報告',
  'descend into other mounted file systems': '別にマウントされたファイルシステムも探す',
  'probe TLS endpoints (host:port): protocols, cipher suites, certificate, PCI 4.2.1 verdict':
    'TLS の接続先（ホスト:ポート）を調べます: プロトコル、暗号スイート、証明書、PCI 4.2.1 の判定',
  'one JSON object per endpoint': '接続先ごとに JSON オブジェクトを 1 つ出力',
  'per connection': '接続ごと',
  'endpoints probed at once': '同時に調べる接続先の数',
  'server name to send': '送るサーバー名（SNI）',
  're-render a saved JSON report in other formats': '保存した JSON レポートを別の形式で出力し直す',
  'output folder': '出力先フォルダー',
  'show what changed since an earlier report': '以前のレポートからの変化を表示',
  'sign the report manifest with this RSA private key': 'レポートのマニフェストにこの RSA 秘密鍵で署名',
  'what changed between two JSON reports: new, fixed and unchanged findings':
    '2 つの JSON レポートの違い: 新規・解消・変化なしの問題',
  'machine-readable': '機械可読な形式',
  'check a report folder against its manifest (SHA-256, and the signature when signed)':
    'レポートフォルダーをマニフェストと照合（SHA-256、署名があれば署名も）',
  "the auditor's certificate or public key to check the signature with": '署名の確認に使う監査人の証明書または公開鍵',
  'merge shard reports (report.json files or their folders) into one report for the estate':
    '分割したレポート（report.json またはそのフォルダー）を 1 つのレポートにまとめる',
  'report folder': 'レポートの出力先フォルダー',
  'lowest severity that fails the run (default: the strictest of the inputs)':
    '不合格とする最も低い重大度（既定: 入力のうち最も厳しいもの）',
  'also merge the evidence.json.gz beside each report': '各レポートの横にある evidence.json.gz もまとめる',
  "report language (default: the first input's)": 'レポートの言語（既定: 最初の入力の言語）',
  'report.json files or report folders, e.g. shard-*/report.json':
    'report.json またはレポートフォルダー（例: shard-*/report.json）',
  'the morning self-check of this terminal: runs the daily profile, keeps a year of history, prints what changed and what to do':
    'この端末の毎朝の自己点検: daily プロファイルを実行し、1 年分の履歴を残し、変化とやることを表示します',
  'where the daily history lives (default: /var/lib/posaudit, ~/.local/state/posaudit or %ProgramData%\\posaudit)':
    '毎日の履歴の保存先（既定: /var/lib/posaudit、~/.local/state/posaudit または %ProgramData%\\posaudit）',
  'days of history to keep': '履歴を残す日数',
  'profile to run': '実行するプロファイル',
  "report folder (default: today's folder in the history)": 'レポートの出力先フォルダー（既定: 履歴の中の今日のフォルダー）',
  'waivers YAML': '免除の YAML',
  'language (default: from the system locale)': '言語（既定: システムのロケール）',
  'what to check (default: this machine; also ssh://… or image:PATH)':
    '確認する対象（既定: この端末。ssh://… や image:パス も可）',
  'run posaudit daily every day: a systemd timer (Linux) or a Task Scheduler task (Windows)':
    'posaudit daily を毎日実行: systemd タイマー（Linux）またはタスク スケジューラ（Windows）',
  'schedule posaudit daily': 'posaudit daily を予約',
  'time of day (local)': '時刻（ローカル時刻）',
  'history folder for the scheduled runs': '予約実行の履歴フォルダー',
  'profile for the scheduled runs': '予約実行のプロファイル',
  'where the unit or task files go (default: /etc/systemd/system, or %ProgramData%\\posaudit)':
    'ユニットまたはタスクのファイルの置き場所（既定: /etc/systemd/system または %ProgramData%\\posaudit）',
  'write the files to --unit-dir (or print them) and run nothing':
    'ファイルを --unit-dir に書く（または表示する）だけで何も実行しない',
  "which scheduler (default: this machine's)": '使うスケジューラ（既定: この端末のもの）',
  'language of messages and of the scheduled runs (default: from the system locale)':
    'メッセージと予約実行の言語（既定: システムのロケール）',
  'what the daily run checks (default: this machine)': '毎日の実行で確認する対象（既定: この端末）',
  'stop the daily schedule and delete its files': '毎日の予約をやめてファイルを削除',
  'print a completion script for bash or zsh': 'bash または zsh の補完スクリプトを出力',
  'bash or zsh': 'bash または zsh',
  'help on a command or a topic (exit-codes, formats, completion)':
    'コマンドまたはトピックのヘルプ（exit-codes、formats、completion）',
  'a command or a topic': 'コマンドまたはトピック',
};

const TITLES_JA: Record<string, string> = {
  'Usage:': '使い方:',
  'Options:': 'オプション:',
  'Commands:': 'コマンド:',
  'Arguments:': '引数:',
  'Global Options:': '共通オプション:',
};

/** Commander's parser errors in Japanese (the message shapes of commander 14). */
export function parserErrorJa(str: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^error: unknown option '(.+?)'/, "エラー: 不明なオプション '$1' です"],
    [/^error: unknown command '(.+?)'/, "エラー: 不明なコマンド '$1' です"],
    [/^error: missing required argument '(.+?)'/, "エラー: 引数 '$1' が必要です"],
    [/^error: option '(.+?)' argument missing/, "エラー: オプション '$1' に値がありません"],
    [/^error: required option '(.+?)' not specified/, "エラー: オプション '$1' が必要です"],
    [
      /^error: option '(.+?)' argument '(.+?)' is invalid\. Allowed choices are (.+?)\./,
      "エラー: オプション '$1' の値 '$2' は使えません。使える値: $3。",
    ],
    [/^error: option '(.+?)' argument '(.+?)' is invalid\./, "エラー: オプション '$1' の値 '$2' は使えません。"],
    [
      /^error: too many arguments.*?Expected (\d+) arguments? but got (\d+)\./,
      'エラー: 引数が多すぎます（$1 個まで、$2 個指定されました）。',
    ],
    [/\(Did you mean (.+?)\?\)/, '（もしかして $1 ですか?）'],
    [/^\(run with --help for usage\)/, '（使い方は --help で表示します）'],
  ];
  let out = str;
  for (const [re, ja] of rules) out = out.replace(re, ja);
  return out;
}

/** A parser error (unknown option, bad choice, missing argument) exits 2 like every usage error; help and --version exit 0. */
export function usageErrorsExit2(program: Command): void {
  const walk = (c: Command) => {
    c.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
    for (const s of c.commands) walk(s);
  };
  walk(program);
}

/** Japanese help: every description translated, the section titles and commander's own words too. */
export function localizeProgram(program: Command, lang: Lang): void {
  if (lang !== 'ja') return;
  const walk = (c: Command) => {
    const d = DESCRIPTIONS_JA[c.description()];
    if (d) c.description(d);
    for (const o of c.options) o.description = DESCRIPTIONS_JA[o.description] ?? o.description;
    for (const a of c.registeredArguments) a.description = DESCRIPTIONS_JA[a.description] ?? a.description;
    // A command group's own `help [command]` (the top level has none: `posaudit help` is a command of its own).
    if (c !== program && c.commands.length > 0) c.helpCommand('help [command]', 'コマンドのヘルプを表示');
    c.showHelpAfterError('（使い方は --help で表示します）');
    c.configureHelp({
      styleTitle: (s: string) => TITLES_JA[s] ?? s,
      // Wrap by display width between Japanese words, not at the spaces around numbers.
      boxWrap(this: Help, str: string, width: number) {
        return wrapText(str, width).join('\n');
      },
      optionDescription(this: Help, option) {
        const extra: string[] = [];
        if (option.argChoices) extra.push(`選択肢: ${option.argChoices.map((x) => JSON.stringify(x)).join(', ')}`);
        if (option.defaultValue !== undefined && !option.negate && option.defaultValue !== false)
          extra.push(`既定: ${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`);
        const base =
          DESCRIPTIONS_JA[option.description] ??
          (option.description === '' && option.long === '--lang' ? '表示の言語' : option.description);
        return extra.length ? `${base}（${extra.join('、')}）` : base;
      },
      argumentDescription(this: Help, arg) {
        const extra: string[] = [];
        if (arg.argChoices) extra.push(`選択肢: ${arg.argChoices.map((x) => JSON.stringify(x)).join(', ')}`);
        if (arg.defaultValue !== undefined && !(Array.isArray(arg.defaultValue) && arg.defaultValue.length === 0))
          extra.push(`既定: ${arg.defaultValueDescription ?? JSON.stringify(arg.defaultValue)}`);
        const base = DESCRIPTIONS_JA[arg.description] ?? arg.description;
        return extra.length ? `${base}（${extra.join('、')}）` : base;
      },
    });
    c.configureOutput({ outputError: (str, write) => write(parserErrorJa(str)) });
    for (const s of c.commands) walk(s);
  };
  walk(program);
  program.helpOption('-h, --help', 'このコマンドのヘルプを表示');
  for (const c of program.commands) c.helpOption('-h, --help', 'このコマンドのヘルプを表示');
  program.showHelpAfterError('（使い方は --help で表示します）');
}

export const EXAMPLES: Record<Lang, string> = {
  en: `
Examples:
  posaudit scan                                    scan this machine (profile pci-dss), report in ./posaudit-report/
  posaudit scan ssh://audit@10.0.0.5 --identity ~/.ssh/id_ed25519
  posaudit scan image:/mnt/terminal-rootfs --profile pci-dss --fail-on high --format sarif,junit
  posaudit scan --inventory stores.yaml --concurrency 64
  posaudit scan --out - | jq .verdict              the JSON report on stdout
  posaudit evaluate posaudit-report/evidence.json.gz --profile pos-guideline
  posaudit daily                                   the morning self-check on this terminal, with history
  posaudit pan /var/log /opt/pos                   find stored card numbers and track data
  posaudit tls 127.0.0.1:8443                      probe a TLS endpoint
  posaudit checks list | checks show ID | profiles list | profiles show ID | profiles validate FILE
  posaudit help exit-codes | help formats | completion bash

Exit codes: 0 compliant; 1 findings at or above --fail-on (whatever else is true); 2 usage,
profile, waiver or input error; 3 no findings but some target could not be scanned (the report
is still written); 4 internal error; 5 no findings but a check at or above --fail-on could not
decide. posaudit help exit-codes says more.`,
  ja: `
例:
  posaudit scan                                    この端末をスキャン（プロファイル pci-dss）。レポートは ./posaudit-report/
  posaudit scan ssh://audit@10.0.0.5 --identity ~/.ssh/id_ed25519
  posaudit scan image:/mnt/terminal-rootfs --profile pci-dss --fail-on high --format sarif,junit
  posaudit scan --inventory stores.yaml --concurrency 64
  posaudit scan --out - | jq .verdict              JSON レポートを標準出力へ
  posaudit evaluate posaudit-report/evidence.json.gz --profile pos-guideline
  posaudit daily                                   この端末の毎朝の自己点検（履歴つき）
  posaudit pan /var/log /opt/pos                   保存されたカード番号とトラックデータを探す
  posaudit tls 127.0.0.1:8443                      TLS の接続先を調べる
  posaudit checks list | checks show ID | profiles list | profiles show ID | profiles validate FILE
  posaudit help exit-codes | help formats | completion bash

終了コード: 0 準拠、1 --fail-on 以上の問題あり（ほかに何があっても）、2 使い方・プロファイル・
免除・入力の誤り、3 問題はないがスキャンできなかった端末がある（レポートは書き出します）、
4 内部エラー、5 問題はないが --fail-on 以上のチェックが判定できなかった。詳しくは posaudit help exit-codes。`,
};

/** `posaudit help <topic>`. */
export const TOPICS: Record<string, Record<Lang, string>> = {
  'exit-codes': {
    en: `posaudit exit codes (scan, evaluate, merge, daily)

  0  compliant: every target scanned, every check at or above --fail-on decided, none failing
  1  not compliant: some result at or above --fail-on (also when targets were not scanned or checks
     could not decide: the findings are certain)
  2  usage, profile, waiver, attestation or input error (one line on stderr names the file, line or host)
  3  incomplete: some target could not be scanned or the scan was interrupted, and no findings; the
     report is still written
  4  internal error (set POSAUDIT_DEBUG=1 for a stack trace)
  5  incomplete: no findings, every target scanned, but a check at or above --fail-on could not decide

report.json summary.gate holds every fact (failing, undecided, targetsNotScanned) whatever the code.

pan: 0 nothing found, 1 card data found. tls: 0 every endpoint passes PCI 4.2.1, 1 otherwise.
diff: 1 when there are new findings. verify: 1 when a file or the signature does not match.
`,
    ja: `posaudit の終了コード（scan、evaluate、merge、daily）

  0  準拠: すべての端末をスキャンし、--fail-on 以上のチェックがすべて判定でき、問題がない
  1  非準拠: --fail-on 以上の結果がある（スキャンできなかった端末や判定できなかったチェックが
     あっても。問題は確かです）
  2  使い方・プロファイル・免除・証明・入力の誤り（標準エラーに 1 行で、ファイル・行・端末を示します）
  3  不完全: スキャンできなかった端末がある、または中断した（問題はなし。レポートは書き出します）
  4  内部エラー（POSAUDIT_DEBUG=1 でスタックトレースを表示）
  5  不完全: 問題はなく、すべての端末をスキャンしたが、--fail-on 以上のチェックが判定できなかった

report.json の summary.gate には、終了コードにかかわらずすべての事実（failing、undecided、
targetsNotScanned）が入っています。

pan: 0 見つからない、1 カードデータがある。tls: 0 すべての接続先が PCI 4.2.1 に合格、1 それ以外。
diff: 新しい問題があれば 1。verify: ファイルまたは署名が一致しなければ 1。
`,
  },
  formats: {
    en: `posaudit report formats (--format, comma list; --out FOLDER or --out - for JSON on stdout)

  json          report.json: the whole report (schemas/report.schema.json); re-render with posaudit report
  html          report.html: one self-contained file for people: verdict, requirements across the fleet,
                failing checks with their fix, errors by reason; terminal details on demand; prints short
  sarif         report.sarif: SARIF 2.1.0 with every result, for code-scanning tools
  sarif-github  report.github.sarif: SARIF for GitHub code scanning (findings only)
  junit         report.junit.xml: one test case per check and terminal, for CI dashboards

Every folder also gets manifest.json (SHA-256 of each file; signed with --sign-key) and, for scans,
evidence.json.gz (what was gathered; re-judge it with posaudit evaluate).
`,
    ja: `posaudit のレポート形式（--format にカンマ区切り。--out フォルダー、または --out - で JSON を標準出力へ）

  json          report.json: レポート全体（schemas/report.schema.json）。posaudit report で別形式に出力し直せます
  html          report.html: 人が読む 1 ファイルのレポート。判定、要件ごとの端末数、不合格のチェックと是正方法、
                理由別のエラー。端末ごとの詳細は必要なときに表示し、印刷は短くまとまります
  sarif         report.sarif: すべての結果を含む SARIF 2.1.0（コードスキャンのツール向け）
  sarif-github  report.github.sarif: GitHub のコードスキャン向け SARIF（問題のみ）
  junit         report.junit.xml: チェックと端末ごとに 1 テストケース（CI のダッシュボード向け）

どのフォルダーにも manifest.json（各ファイルの SHA-256。--sign-key で署名）を書き、スキャンでは
evidence.json.gz（収集した証跡。posaudit evaluate で再判定できます）も書きます。
`,
  },
  completion: {
    en: `Shell completion

  bash:  echo 'eval "$(posaudit completion bash)"' >> ~/.bashrc
  zsh:   echo 'eval "$(posaudit completion zsh)"' >> ~/.zshrc
`,
    ja: `シェルの補完

  bash:  echo 'eval "$(posaudit completion bash)"' >> ~/.bashrc
  zsh:   echo 'eval "$(posaudit completion zsh)"' >> ~/.zshrc
`,
  },
};

export function topicList(lang: Lang): string {
  return lang === 'ja'
    ? `トピック: ${Object.keys(TOPICS).join(', ')}（posaudit help <トピック>）。コマンドのヘルプ: posaudit help <コマンド>\n`
    : `Topics: ${Object.keys(TOPICS).join(', ')} (posaudit help <topic>). Help on a command: posaudit help <command>\n`;
}

/** Values some options take, for completion. */
const VALUES: Record<string, string> = {
  '--lang': 'en ja',
  '--fail-on': 'critical high medium low',
  '--format': 'json html sarif sarif-github junit',
  '-f': 'json html sarif sarif-github junit',
  '--platform': 'linux windows',
};

/** A bash completion function generated from the command tree; zsh uses it through bashcompinit. */
export function completionScript(program: Command, shell: 'bash' | 'zsh', profiles: string[]): string {
  const cases: string[] = [];
  const flags = (c: Command) =>
    [...c.options.flatMap((o) => [o.short, o.long].filter((x): x is string => Boolean(x))), '--help'].join(' ');
  const top = program.commands.map((c) => c.name()).join(' ');
  cases.push(`    "") words="${top} ${flags(program)}" ;;`);
  for (const c of program.commands) {
    const subs = c.commands.map((s) => s.name()).join(' ');
    cases.push(`    "${c.name()}") words="${subs ? subs + ' ' : ''}${flags(c)}" ;;`);
    for (const s of c.commands) cases.push(`    "${c.name()} ${s.name()}") words="${flags(s)}" ;;`);
  }
  const values = Object.entries(VALUES)
    .map(([k, v]) => `    ${k}) COMPREPLY=($(compgen -W "${v}" -- "$cur")); return ;;`)
    .join('\n');
  const bash = `# posaudit completion for ${shell}: eval "$(posaudit completion ${shell})"
_posaudit() {
  local cur prev words path w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${values}
    -p|--profile) COMPREPLY=($(compgen -W "${profiles.join(' ')}" -f -- "$cur")); return ;;
  esac
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) ;; *) if [[ -z "$path" ]]; then path="$w"; elif [[ "$path" != *" "* ]]; then path="$path $w"; fi ;; esac
  done
  case "$path" in
${cases.join('\n')}
    *) words="" ;;
  esac
  if [[ -n "$words" && ( "$cur" == -* || -n "\${words%%-*}" ) ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}
complete -o filenames -F _posaudit posaudit
`;
  if (shell === 'bash') return bash;
  return `#compdef posaudit
autoload -U +X bashcompinit && bashcompinit
${bash}`;
}
