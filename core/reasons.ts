/**
 * The reasons targets and the engine give in English (why an answer could not be read, why a host
 * could not be scanned), in Japanese. Evidence and bundles keep the English reason as the target
 * said it, so re-evaluating a bundle gives the same bytes; a Japanese reader gets `reasonJa(reason)`.
 * A reason this table does not know (words a terminal's PowerShell or OpenSSH gave) stays as it is.
 */
import { t, type Lang, type Text } from './i18n.js';
import { CONSTRAINED_LANGUAGE_REASON } from './target.js';

type Rule = [RegExp, (m: RegExpExecArray) => string];

/** Node and socket error codes, in words. */
const ERRNO: Record<string, string> = {
  ENOENT: 'ファイルがありません',
  ENOTDIR: 'フォルダーではありません',
  EACCES: '権限がありません',
  EPERM: '権限がありません',
  EISDIR: 'フォルダーです',
  ELOOP: 'シンボリックリンクが多すぎます',
  ENAMETOOLONG: '名前が長すぎます',
  EIO: '入出力エラー',
  ETIMEDOUT: '時間切れ',
  ECONNREFUSED: '接続を拒否されました',
  ECONNRESET: '接続がリセットされました',
  EHOSTUNREACH: '端末に到達できません',
  ENETUNREACH: 'ネットワークに到達できません',
  EAI_AGAIN: '名前解決が一時的に失敗しました',
  ENOTFOUND: '名前解決できません',
};

const EXACT: Record<string, string> = {
  'no such file': 'ファイルがありません',
  'permission denied': '読み取り権限がありません',
  'is a directory': 'フォルダーです',
  'not a regular file (FIFO, socket or device): not opened':
    '通常のファイルではないため開いていません（FIFO、ソケットまたはデバイス）',
  'no such registry key': 'レジストリキーがありません',
  'no such registry value': 'レジストリ値がありません',
  'timed out': '時間切れになりました',
  'the command could not be started': 'コマンドを起動できませんでした',
  'pattern not allowed': '使えないパターンです',
  [CONSTRAINED_LANGUAGE_REASON]:
    'PowerShell が ConstrainedLanguage モード（WDAC や AppLocker などのアプリケーション制御ポリシー）で動いており、' +
    'posaudit のスクリプトを拒否します。ポリシーで許可するか、オフラインのイメージをスキャンしてください',
  'no reason given': '理由は示されませんでした',
  'not gathered': '収集されていません',
  'not installed': 'インストールされていません',
  aborted: '中止されました',
  'too many symbolic links': 'シンボリックリンクが多すぎます',
  'value is unreadable': '値を読み取れません',
  'request cannot be expressed safely for this shell': 'このシェルでは安全に表せない要求です',
  'probe budget exhausted': 'プローブの上限（回数・時間）に達しました',
  'this target can neither walk its files nor run a command': 'この対象ではファイルの走査もコマンドの実行もできません',
  'the card-data filter on the terminal did not finish (no summary line came back)':
    '端末上のカードデータの絞り込みが終わりませんでした（集計行が返りませんでした）',
  'the card-data scan did not run': 'カードデータの検査は実行されませんでした',
  'it needs a running system': '稼働中のシステムが必要です',
  'needs a running system: commands cannot run on an offline image':
    '稼働中のシステムが必要です（オフラインのイメージではコマンドを実行できません）',
  'HKLM\\HARDWARE is built by Windows at boot and is in no hive file':
    'HKLM\\HARDWARE は Windows が起動時に作るもので、どのハイブファイルにもありません',
  'the connection was closed by the host': '端末が接続を閉じました',
  'the host closed the connection': '端末が接続を閉じました',
  'connection refused': '接続を拒否されました',
  'scan cancelled': 'スキャンが中止されました',
  'scan cancelled (interrupted)': 'スキャンが中断されました',
  'cannot log in': 'ログインできません',
  'in an executable, outside any section': '実行ファイル内のどのセクションにも属さない位置',
  'in a hive but not a value: key name, security descriptor or slack':
    'ハイブ内の値ではない位置（キー名、セキュリティ記述子または未使用領域）',
  'bad record header': 'レコードのヘッダーが不正です',
  'short ServerHello': 'ServerHello が短すぎます',
  'the gatherer stopped before answering': '収集スクリプトが応答する前に止まりました',
  'no user records': 'ユーザーのレコードがありません',
  'no C value': 'C の値がありません',
  'no data': 'データがありません',
  'The TLS probe needs a running system (local or SSH); an offline image has no listening ports.':
    'TLS プローブには稼働中のシステム (ローカルまたは SSH) が必要です。オフラインのイメージには待ち受けポートがありません。',
};

const seconds = (n: string, unit: string): string => (unit === 'ms' ? `${n} ミリ秒` : `${n} 秒`);
const hive = (label: string): string =>
  label
    .replace(/^hive of (\S+)$/, '$1 のハイブ')
    .replace(/^Default user hive$/, '既定ユーザーのハイブ')
    .replace(/ hive$/, ' ハイブ');
const phase = (p: string): string =>
  p === 'connect phase' ? '接続中' : p === 'gather phase' ? '収集中' : p.replace(/^active phase \((.*)\)$/, '$1 の実行中');

const RULES: Rule[] = [
  [/^the gatherer timed out after (\d+) (s|ms)$/, (m) => `収集が ${seconds(m[1], m[2])}で時間切れになりました`],
  [/^timed out after (\d+) (s|ms) \(--timeout\)$/, (m) => `${seconds(m[1], m[2])}（--timeout）で時間切れになりました`],
  [
    // eslint-disable-next-line max-len -- the target's English reason, matched whole
    /^(?:(.+?): )?((?:timed out after|scan cancelled).*?) during the (connect phase|gather phase|active phase \(.*\)); the host was not fully scanned$/,
    (m) => {
      const why = reasonJa(m[2]);
      return `${m[1] ? `${m[1]}: ` : ''}${phase(m[3])}に${/^[\w(]/.test(why) ? ' ' : ''}${why}。端末は最後までスキャンされていません`;
    },
  ],
  [/^connection timed out after (\d+) (s|ms)$/, (m) => `接続が ${seconds(m[1], m[2])}で時間切れになりました`],
  [
    /^authentication failed for (\S+) \(tried: ([^)]*)\)(?:; (.*))?$/,
    (m) => `${m[1]} の認証に失敗しました（試した方法: ${m[2]}）${m[3] ? `。${reasonJa(m[3])}` : ''}`,
  ],
  [
    // eslint-disable-next-line max-len -- the target's English reason, matched whole
    /^identity file (.+) is encrypted and no passphrase was given: set POSAUDIT_SSH_PASSPHRASE, or load the key into ssh-agent \(ssh-add\)$/,
    (m) =>
      `秘密鍵 ${m[1]} は暗号化されていますが、パスフレーズが指定されていません。POSAUDIT_SSH_PASSPHRASE を設定するか、` +
      `鍵を ssh-agent に読み込んでください（ssh-add）`,
  ],
  [/^cannot log in; (.*)$/, (m) => `ログインできません。${reasonJa(m[1])}`],
  [
    /^host key CHANGED \((\S+)\) and does not match (.+); refusing \(possible man-in-the-middle\)$/,
    (m) => `ホスト鍵が変わっています（${m[1]}）。${m[2]} と一致しないため接続しません（中間者攻撃のおそれ）`,
  ],
  [
    /^host key (\S+) is marked @revoked in (.+); refusing$/,
    (m) => `ホスト鍵 ${m[1]} は ${m[2]} で @revoked とされているため接続しません`,
  ],
  [
    /^unknown host key (\S+); not in (.+) \(check it, then add it or use --accept-new-host-keys\)$/,
    (m) => `未知のホスト鍵 ${m[1]} です。${m[2]} にありません（確認してから追加するか、--accept-new-host-keys を使ってください）`,
  ],
  [/^card-data scan failed \((.*)\)$/, (m) => `カードデータの検査に失敗しました（${m[1]}）`],
  [/^the image has no (.+) \((.+)\)$/, (m) => `イメージに ${hive(m[1])}がありません（${m[2]}）`],
  [/^(.+) is not a regular file$/, (m) => `${m[1]} は通常のファイルではありません`],
  [
    /^(.+) is (\d+) bytes, more than the (\d+)-byte limit$/,
    (m) => `${m[1]} は ${m[2]} バイトで、上限の ${m[3]} バイトを超えています`,
  ],
  [/^(.+) is not in the image$/, (m) => `${m[1]} はイメージにありません`],
  [/^(.+): a symbolic link in the image is not followed$/, (m) => `${m[1]}: イメージ内のシンボリックリンクはたどりません`],
  [/^path leaves the image: (.+)$/, (m) => `イメージの外を指すパスです: ${m[1]}`],
  [/^no key (.+)$/, (m) => `キー ${m[1]} がありません`],
  [/^registry read failed: (.+)$/, (m) => `レジストリを読み取れませんでした: ${reasonJa(m[1])}`],
  [/^cannot list (.+)$/s, (m) => `フォルダー ${m[1]} の一覧を取得できません（読み取り権限がありません）`],
  [/^cannot read ProfileList: (.+)$/, (m) => `ProfileList を読み取れません: ${reasonJa(m[1])}`],
  [/^no profile for (\S+) in ProfileList$/, (m) => `ProfileList に ${m[1]} のプロファイルがありません`],
  [
    /^ProfileList\\(\S+) has no readable ProfileImagePath$/,
    (m) => `ProfileList\\${m[1]} に読み取れる ProfileImagePath がありません`,
  ],
  [
    /^the profile of (\S+) is not on the system drive of this image$/,
    (m) => `${m[1]} のプロファイルはこのイメージのシステムドライブにありません`,
  ],
  [/^HKU\\(\S+) is not a user SID$/, (m) => `HKU\\${m[1]} はユーザーの SID ではありません`],
  [/^HKLM\\(\S+) is not a hive an offline image holds$/, (m) => `HKLM\\${m[1]} はオフラインのイメージにあるハイブではありません`],
  [/^unknown registry root (.+)$/, (m) => `不明なレジストリのルートです: ${m[1]}`],
  [/^not a registry path: (.+)$/, (m) => `レジストリのパスではありません: ${m[1]}`],
  [/^value (".*") of (.+) is unreadable: (.+)$/, (m) => `${m[2]} の値 ${m[1]} を読み取れません: ${reasonJa(m[3])}`],
  [/^no complete answer in (\d+) bytes$/, (m) => `${m[1]} バイト以内に完全な応答がありませんでした`],
  [/^record of (\d+) bytes$/, (m) => `${m[1]} バイトのレコード`],
  [/^handshake message of (\d+) bytes$/, (m) => `${m[1]} バイトのハンドシェイクメッセージ`],
  [/^expected ServerHello, got handshake type (\S+)$/, (m) => `ServerHello ではなくハンドシェイク種別 ${m[1]} が返りました`],
  [
    /^in executable section (\S+)( \(not data\))?$/,
    (m) => `実行ファイルのセクション ${m[1]} 内${m[2] ? '（データではない）' : ''}`,
  ],
  [/^only asked on (linux|windows)$/, (m) => `${m[1] === 'linux' ? 'Linux' : 'Windows'} でだけ収集します`],
  [
    /^listing listening ports failed \(exit (\S+)\): (.*)$/s,
    (m) => `待ち受けポートの一覧を取得できませんでした（終了コード ${m[1]}）: ${m[2]}`,
  ],
  [/^malformed answer: (.*)$/, (m) => `不正な応答です: ${m[1]}`],
  [
    /^SAM (users|Administrators|account policy): (.*)$/,
    (m) =>
      `SAM の` +
      `${m[1] === 'users' ? 'ユーザー' : m[1] === 'Administrators' ? 'Administrators グループ' : 'アカウントポリシー'}: ` +
      `${reasonJa(m[2])}`,
  ],
  [/^(\d+) requests?$/, (m) => `証跡リクエスト ${m[1]} 件`],
  // An error code alone, or a Node error ("EACCES: permission denied, open '/x'").
  [/^(E[A-Z_]+)(?:: .*)?$/, (m) => (ERRNO[m[1]] ? `${ERRNO[m[1]]}（${m[0]}）` : m[0])],
];

/** The reason in Japanese; a reason nobody here wrote (the terminal's own words) stays as it is. */
export function reasonJa(reason: string): string {
  const exact = EXACT[reason];
  if (exact !== undefined) return exact;
  for (const [re, ja] of RULES) {
    const m = re.exec(reason);
    if (m) return ja(m);
  }
  // "what: why", where what names a target, a file, a key or an item (no spaces, or a path).
  const named = /^((?:ssh:\/\/|image:)?[^\s:]+(?::\d+)?|[^:]*[/\\][^:]*): (.+)$/s.exec(reason);
  if (named) {
    const rest = reasonJa(named[2]);
    if (rest !== named[2]) return `${named[1]}: ${rest}`;
  }
  // Several reasons in one ("a; b"), outside parentheses.
  const parts = splitTop(reason, '; ');
  if (parts.length > 1) return parts.map(reasonJa).join('、');
  // A trailing error code: "connection refused (ECONNREFUSED)".
  const code = /^(.+) \((E[A-Z_]+)\)$/.exec(reason);
  if (code) return `${reasonJa(code[1])}（${code[2]}）`;
  return reason;
}

/** Split at `sep` where no parenthesis is open. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '（') depth++;
    else if ((c === ')' || c === '）') && depth > 0) depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      start = i + sep.length;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** The reason in both languages. */
export function reasonText(reason: string): Text {
  return t(reason, reasonJa(reason));
}

/** The reason as a reader of `lang` reads it. */
export function reasonIn(reason: string, lang: Lang): string {
  return lang === 'ja' ? reasonJa(reason) : reason;
}
