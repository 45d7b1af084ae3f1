/** Stored card data: unmasked card numbers (PCI 3.4.1/3.5.1) and track data kept after
 * authorisation (PCI 3.3.1). Active checks: the collector walks the file system (local, image)
 * or runs a filter on the terminal (ssh) and stores masked findings only. */
import { randomBytes, createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Evidence } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import { reasonJa } from '../../core/reasons.js';
import type { AnyCheck, Check, CheckContext, Finding, ParamsSchema } from '../../core/model.js';
import { CONSTRAINED_LANGUAGE_MARK, CONSTRAINED_LANGUAGE_REASON, type Target } from '../../core/target.js';
import { BRAND_NAMES } from './brands.js';
import {
  confirmCandidates,
  parsePosixOutput,
  parsePowershellOutput,
  posixFilterCommand,
  powershellFilterCommand,
} from './remote.js';
import { scanPaths, type PanFinding, type PanScanSummary } from './scan.js';
import { loadDpkgManifest } from './packages.js';
import { PSEUDO_FS } from './walker.js';

export interface CardDataParams {
  paths: string[];
  exclude: string[];
  maxFileBytes: number;
  maxTotalBytes: number;
  maestro: boolean;
  ignoreTestCards: boolean;
  timeoutSeconds: number;
  /** Scan files dpkg vouches for unchanged too (default: skipped after checking their MD5). */
  scanPackageFiles: boolean;
  /** Scan Windows' component store and system binaries too (default: left out). */
  includeSystemFolders: boolean;
}

/** What the collector stores (masked): the scan summary plus how it was gathered. */
export interface CardDataEvidence {
  mode: 'walk' | 'remote-sh' | 'remote-ps';
  summary: PanScanSummary;
  /** Remote modes: bytes of candidates that came back over the connection. */
  transferredBytes?: number;
}

export const DEFAULT_PATHS = [
  '/var/log',
  '/opt',
  '/srv',
  '/home',
  '/tmp',
  '/var/tmp',
  '/root',
  '/var/spool',
  '/var/lib/pos',
  '/var/crash',
  '/var/lib/systemd/coredump',
  'C:\\ProgramData',
  'C:\\Users',
  'C:\\Windows\\Temp',
  'C:\\Windows\\Minidump',
  'C:\\Windows\\MEMORY.DMP',
  'C:\\POS',
  'C:\\OPOS',
  'D:\\POS',
];

/** Package caches, source checkouts and software packages: gigabytes of vendor files, no card data. */
export const DEFAULT_EXCLUDES = [
  '**/node_modules',
  '**/.npm',
  '**/.cache',
  '**/.git',
  '**/.rustup',
  '**/.cargo/registry',
  '**/.pyenv',
  '**/site-packages',
  '**/.m2/repository',
  '**/*.whl',
  '**/*.deb',
  '**/*.rpm',
  '**/*.nupkg',
];

/** Windows' own files: the component store, servicing, driver store and system binaries. Logs,
 * event logs and the system profile under System32 (config, LogFiles, winevt) are still scanned.
 * As the terminal shows them on an image (`/Windows/…`, any case) and live (`C:\\Windows\\…`). */
export const WINDOWS_SYSTEM_EXCLUDES = [
  '/Windows/WinSxS',
  '/Windows/servicing',
  '/Windows/SysWOW64',
  '/Windows/System32/DriverStore',
  '/Windows/System32/**/*.{dll,exe,sys,mui,cat,mum,manifest,efi,ocx,cpl,drv}',
  '/Windows/Installer',
  '/Windows/assembly',
  '/Windows/Microsoft.NET',
];
/** The same for PowerShell's -like on full paths. */
export const WINDOWS_SYSTEM_EXCLUDES_LIVE = [
  'C:\\Windows\\WinSxS\\*',
  'C:\\Windows\\servicing\\*',
  'C:\\Windows\\SysWOW64\\*',
  'C:\\Windows\\System32\\DriverStore\\*',
  ...['dll', 'exe', 'sys', 'mui', 'cat', 'mum', 'manifest', 'efi', 'ocx', 'cpl', 'drv'].map(
    (x) => `C:\\Windows\\System32\\*.${x}`,
  ),
  'C:\\Windows\\Installer\\*',
  'C:\\Windows\\assembly\\*',
  'C:\\Windows\\Microsoft.NET\\*',
];

const PARAMS: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    paths: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: DEFAULT_PATHS,
      description: 'Folders to scan. Windows paths (C:\\…) are used on Windows terminals, the others on Linux.',
    },
    exclude: {
      type: 'array',
      items: { type: 'string' },
      default: DEFAULT_EXCLUDES,
      description:
        'Globs of paths not to scan. The default leaves out package caches and source checkouts, which hold no card data ' +
        'but can hold gigabytes.',
    },
    maxFileBytes: { type: 'integer', minimum: 1, default: 2 * 1024 ** 3 },
    maxTotalBytes: { type: 'integer', minimum: 1, default: 64 * 1024 ** 3 },
    maestro: { type: 'boolean', default: false, description: 'Also report Maestro ranges (more false positives).' },
    ignoreTestCards: { type: 'boolean', default: false, description: 'Do not fail on well-known public test numbers.' },
    timeoutSeconds: {
      type: 'integer',
      minimum: 1,
      default: 600,
      description: 'Stop the scan after this long; a scan cut short is an error naming what was left, never a pass.',
    },
    scanPackageFiles: {
      type: 'boolean',
      default: false,
      description:
        'Also scan files dpkg vouches for (listed in /var/lib/dpkg/info/*.md5sums with the same MD5). By default they are ' +
        'skipped and counted; a changed package file is always scanned.',
    },
    includeSystemFolders: {
      type: 'boolean',
      default: false,
      description: "Also scan Windows' component store (WinSxS), servicing, SysWOW64 and the system binaries in System32.",
    },
  },
};

const REMOTE_OUTPUT_CAP = 8 * 1024 * 1024;

function defaultParams(): CardDataParams {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(PARAMS.properties)) out[k] = v.default;
  return out as unknown as CardDataParams;
}

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p);
}

/** Resolve a terminal path under an image root, matching names case-insensitively for Windows images. */
async function underRoot(fsRoot: string, p: string, windows: boolean): Promise<string | undefined> {
  const parts = (windows ? p.slice(3) : p).split(/[\\/]+/).filter((x) => x && x !== '.');
  if (parts.includes('..')) return undefined;
  let cur = fsRoot;
  for (const part of parts) {
    let next = join(cur, part);
    if (windows) {
      try {
        const names = await fsp.readdir(cur);
        next = join(cur, names.find((n) => n.toLowerCase() === part.toLowerCase()) ?? part);
      } catch {
        return next;
      }
    }
    cur = next;
  }
  return cur;
}

function collectKey(p: CardDataParams): string {
  const h = createHash('sha256')
    .update(
      JSON.stringify([
        p.paths,
        p.exclude,
        p.maxFileBytes,
        p.maxTotalBytes,
        p.maestro,
        p.timeoutSeconds,
        ...(p.scanPackageFiles ? ['pkg'] : []),
        ...(p.includeSystemFolders ? ['sys'] : []),
      ]),
    )
    .digest('hex')
    .slice(0, 12);
  return `card-data:${h}`;
}

async function readCapped(stream: NodeJS.ReadableStream, cap: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    if (n >= cap) continue;
    const b = Buffer.from(c);
    parts.push(b.subarray(0, Math.min(b.length, cap - n)));
    n += b.length;
  }
  return Buffer.concat(parts);
}

function emptySummary(): PanScanSummary {
  return {
    findings: [],
    files: 0,
    bytes: 0,
    scannedBytes: 0,
    skipped: {},
    skippedSamples: [],
    errors: [],
    distinctCards: 0,
    droppedFindings: 0,
    incomplete: false,
    durationMs: 0,
  };
}

/** Collect card-data evidence from a target. Never throws for the target's fault. */
export async function collectCardData(
  target: Target,
  params: CardDataParams,
  signal: AbortSignal,
): Promise<{ status: 'ok' | 'error' | 'unsupported'; data?: unknown; reason?: string }> {
  const p: CardDataParams = { ...defaultParams(), ...params };
  const os = target.platform().os;
  const wanted = p.paths.filter((x) => (os === 'windows' ? isWindowsPath(x) : os === 'linux' ? !isWindowsPath(x) : true));
  const timeout = AbortSignal.any([signal, AbortSignal.timeout(p.timeoutSeconds * 1000)]);
  try {
    if (target.fsRoot !== undefined) {
      const root = target.fsRoot;
      const local = root === '/';
      const roots: string[] = [];
      for (const w of wanted) {
        const r = local && !isWindowsPath(w) ? w : await underRoot(root, w, isWindowsPath(w));
        if (r) roots.push(r);
      }
      const display = local
        ? (x: string) => x
        : (x: string) =>
            x === root
              ? '/'
              : x.startsWith(root.endsWith('/') ? root : `${root}/`)
                ? `/${x.slice(root.replace(/\/$/, '').length + 1)}`
                : x;
      const summary = await scanPaths({
        roots,
        display,
        exclude: p.exclude,
        excludeNoCase: p.includeSystemFolders ? [] : WINDOWS_SYSTEM_EXCLUDES,
        packages: p.scanPackageFiles || os === 'windows' ? undefined : await loadDpkgManifest(root),
        maxFileBytes: p.maxFileBytes,
        maxTotalBytes: p.maxTotalBytes,
        maestro: p.maestro,
        oneFileSystem: true,
        prune: local ? PSEUDO_FS : PSEUDO_FS.map((x) => join(root, x)),
        signal: timeout,
      });
      const data: CardDataEvidence = { mode: 'walk', summary };
      return { status: 'ok', data };
    }
    if (target.spawn) {
      const opts = {
        paths: wanted,
        exclude: p.includeSystemFolders ? p.exclude : [...p.exclude, ...WINDOWS_SYSTEM_EXCLUDES_LIVE],
        maxFileBytes: p.maxFileBytes,
        timeoutSeconds: p.timeoutSeconds,
        maxOutputBytes: REMOTE_OUTPUT_CAP,
      };
      const started = Date.now();
      const cmd = await target.spawn(
        {
          sh: posixFilterCommand({ ...opts, paths: wanted.filter((x) => !isWindowsPath(x)) }),
          ps: powershellFilterCommand({ ...opts, paths: wanted.filter(isWindowsPath) }),
        },
        { timeoutMs: (p.timeoutSeconds + 30) * 1000, signal },
      );
      const out = await readCapped(cmd.stdout, REMOTE_OUTPUT_CAP + 4096);
      await cmd.done;
      const key = randomBytes(32);
      let parsed = parsePosixOutput(out);
      let mode: CardDataEvidence['mode'] = 'remote-sh';
      if (!parsed.stats && os !== 'linux') {
        const ps = parsePowershellOutput(out.toString('utf8'));
        if (ps.stats) {
          parsed = ps;
          mode = 'remote-ps';
        }
      }
      if (!parsed.stats && out.includes(CONSTRAINED_LANGUAGE_MARK))
        return { status: 'error', reason: CONSTRAINED_LANGUAGE_REASON };
      if (!parsed.stats)
        return { status: 'error', reason: 'the card-data filter on the terminal did not finish (no summary line came back)' };
      const findings = confirmCandidates(parsed.candidates, key, { maestro: p.maestro });
      const summary = emptySummary();
      summary.findings = findings;
      summary.files = parsed.stats.files;
      summary.bytes = parsed.stats.bytes;
      summary.scannedBytes = parsed.stats.bytes;
      summary.distinctCards = new Set(findings.map((f) => f.fingerprint)).size;
      summary.incomplete = out.length >= REMOTE_OUTPUT_CAP || parsed.stats.cut === true;
      if (parsed.stats.denied) summary.skipped.denied = parsed.stats.denied;
      summary.durationMs = Date.now() - started;
      const data: CardDataEvidence = { mode, summary, transferredBytes: out.length };
      return { status: 'ok', data };
    }
    return { status: 'unsupported', reason: 'this target can neither walk its files nor run a command' };
  } catch (e) {
    const name = e instanceof Error ? e.name : 'Error';
    return { status: 'error', reason: `card-data scan failed (${name})` };
  }
}

const MAX_LISTED = 200;

function where(f: PanFinding): string {
  const base = f.member ? `${f.path}!${f.member}` : f.path;
  return f.line !== undefined ? `${base}:${f.line}` : `${base}@${f.offset}`;
}

function details(f: PanFinding): Record<string, unknown> {
  return {
    kind: f.kind,
    brand: f.brand,
    masked: f.masked,
    offset: f.offset,
    encoding: f.encoding,
    testCard: f.testCard,
    fingerprint: f.fingerprint,
    evidence: f.evidence,
    reasons: f.reasons,
    ...(f.container ? { container: f.container } : {}),
    ...(f.member ? { member: f.member } : {}),
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.emvTag ? { emvTag: f.emvTag } : {}),
  };
}

/** Why a file or archive member was not looked inside, for a Japanese reader. */
const SKIP_JA: Record<string, string> = {
  'expansion-cap': '展開サイズの上限',
  encrypted: '暗号化',
  'nesting-depth': '入れ子の深さの上限',
  'corrupt-archive': '壊れたアーカイブ',
  'too-large': 'サイズの上限超過',
  'unsupported-compression': '未対応の圧縮形式',
  'entry-cap': 'メンバー数の上限',
};

function evaluateWith(kindFilter: (f: PanFinding) => boolean, describe: (f: PanFinding) => Text, nothing: Text) {
  return (ev: Evidence, ctx: CheckContext<CardDataParams>): Finding[] => {
    const key = collectKey(ctx.params);
    const ans = ev.activeAnswer(key);
    if (!ans || ans.status !== 'ok') {
      const reason = ans?.reason ?? 'the card-data scan did not run';
      return [
        {
          status: 'error',
          message: t(
            `Stored card data could not be scanned: ${reason}`,
            `保存カードデータを検査できませんでした: ${reasonJa(reason)}`,
          ),
          evidence: [`active:${key}`],
        },
      ];
    }
    const data = ev.active<CardDataEvidence>(key);
    if (!data)
      return [
        {
          status: 'error',
          message: t('The card-data evidence is empty.', 'カードデータの証跡が空です。'),
          evidence: [`active:${key}`],
        },
      ];
    const s = data.summary;
    const hits = s.findings.filter(kindFilter).filter((f) => !(ctx.params.ignoreTestCards && f.testCard));
    const out: Finding[] = hits.slice(0, MAX_LISTED).map((f) => ({
      status: 'fail',
      message: describe(f),
      location: where(f),
      evidence: [`active:${key}`],
      details: details(f),
    }));
    if (hits.length > MAX_LISTED) {
      const more = hits.length - MAX_LISTED;
      out.push({
        status: 'fail',
        message: t(`…and ${more} more in the evidence bundle.`, `…ほか ${more} 件(証跡バンドルを参照)。`),
        evidence: [`active:${key}`],
      });
    }
    const unopened = s.skippedSamples.filter((x) =>
      [
        'expansion-cap',
        'encrypted',
        'nesting-depth',
        'corrupt-archive',
        'too-large',
        'unsupported-compression',
        'entry-cap',
      ].includes(x.reason),
    );
    if (unopened.length) {
      const list = unopened
        .slice(0, 5)
        .map((x) => (x.member ? `${x.path}!${x.member}` : x.path) + ` (${x.reason})`)
        .join(', ');
      const listJa = unopened
        .slice(0, 5)
        .map((x) => (x.member ? `${x.path}!${x.member}` : x.path) + `（${SKIP_JA[x.reason] ?? x.reason}）`)
        .join(', ');
      out.push({
        status: 'warn',
        message: t(
          `Not looked inside ${unopened.length} file(s) or archive member(s): ${list}`,
          `${unopened.length} 件のファイルまたはアーカイブ内のメンバーを検査できませんでした: ${listJa}`,
        ),
        evidence: [`active:${key}`],
      });
    }
    // What was not read is not clean: a scan cut short, unreadable files, or nothing read at all is an error, never a pass.
    // A scan cut short is `partial`: a card seen before and not seen now is not fixed, only not re-checked.
    const gaps: Array<{ message: Text; partial?: true }> = [];
    if (s.incomplete) {
      const left = (s.left ?? []).slice(0, 10).join(', ');
      gaps.push({
        partial: true,
        message: t(
          `The scan stopped early (time or size budget) before covering its paths${left ? `; left: ${left}` : ''}. What ` +
            `was not scanned may hold card data.`,
          `検査が時間またはサイズの上限で途中終了し、対象パスを検査しきれませんでした${left ? `(未検査: ${left})` : ''}。` +
            `未検査の部分にカードデータがある可能性があります。`,
        ),
      });
    }
    if (s.unreadable) {
      const list = s.skippedSamples
        .filter((x) => x.reason === 'denied')
        .slice(0, 5)
        .map((x) => x.path)
        .join(', ');
      gaps.push({
        message: t(
          `${s.unreadable} unreadable file(s) or folder(s) (permission denied) were not scanned: ${list}. Run the scan ` +
            `with rights to read them.`,
          `読み取り権限のない ${s.unreadable} 件のファイルまたはフォルダーを検査できませんでした: ${list}。` +
            `読み取れる権限で検査してください。`,
        ),
      });
    }
    if (s.files === 0 && hits.length === 0 && !s.packageVerified)
      gaps.push({
        message: t(
          'The scan read no file at all: none of the paths exists or could be read, so nothing shows the terminal is free of card data.',
          '検査で読み取れたファイルが1件もありません。対象パスが存在しないか読み取れないため、カードデータがないことを示せません。',
        ),
      });
    for (const g of gaps) out.push({ status: 'error', evidence: [`active:${key}`], ...g });
    if (hits.length === 0 && gaps.length === 0) {
      const mb = (s.scannedBytes / 1_000_000).toFixed(1);
      const pkg = s.packageVerified
        ? t(
            ` ${s.packageVerified} package files skipped (dpkg's MD5 matched: unchanged).`,
            `パッケージのファイル ${s.packageVerified} 件は dpkg の MD5 が一致した(変更なし)ため検査対象外にしました。`,
          )
        : t('', '');
      out.unshift({
        status: 'pass',
        message: t(
          `${nothing.en} ${s.files} files, ${mb} MB scanned.${pkg.en}`,
          `${nothing.ja}${s.files} ファイル、${mb} MB を検査しました。${pkg.ja}`,
        ),
        evidence: [`active:${key}`],
        details: { files: s.files, bytes: s.scannedBytes, mode: data.mode, packageVerified: s.packageVerified ?? 0 },
      });
    }
    return out;
  };
}

const collector = { key: collectKey, collect: collectCardData };

function brandName(f: PanFinding): string {
  return BRAND_NAMES[f.brand];
}

const EVIDENCE_LABEL: Record<PanFinding['evidence'], Text> = {
  'pan-text': t('PAN in text', 'テキスト中のカード番号'),
  'pan-grouped': t('PAN in text, in digit groups', 'テキスト中の区切られたカード番号'),
  'pan-utf16': t('PAN in UTF-16', 'UTF-16 のカード番号'),
  'pan-utf32': t('PAN in UTF-32', 'UTF-32 のカード番号'),
  'pan-nul-separated': t('PAN with NUL bytes between digits', '数字の間に NUL があるカード番号'),
  track1: t('track 1', 'トラック1'),
  track2: t('track 2', 'トラック2'),
  'emv-57': t('EMV tag 57', 'EMV タグ 57'),
  'emv-5a': t('EMV tag 5A', 'EMV タグ 5A'),
};
const CONTAINER_LABEL: Record<NonNullable<PanFinding['container']>, Text> = {
  'zip-member': t('in a zip member', 'zip 内のファイル'),
  gzip: t('in a gzip stream', 'gzip 圧縮の中'),
  'hive-value': t('in a registry hive value', 'レジストリ ハイブの値'),
};

/** The kind of evidence, as an auditor reads it: "PAN in UTF-16, in a zip member". */
export function evidenceLabel(f: PanFinding): Text {
  const e = EVIDENCE_LABEL[f.evidence] ?? t(f.evidence, f.evidence);
  const c = f.container ? CONTAINER_LABEL[f.container] : undefined;
  return c ? t(`${e.en}, ${c.en}`, `${e.ja}、${c.ja}`) : e;
}

const storedPan: Check<CardDataParams> = {
  id: 'pan.stored-pan',
  family: 'pan',
  title: t('No unmasked card numbers stored on the terminal', '端末にマスクされていないカード番号が保存されていない'),
  description: t(
    'Scans logs, temporary files, databases, archives and dumps for full card numbers (PAN): IIN range, length and Luhn ' +
      'check, in ASCII, UTF-16 and EMV hex, inside gzip and zip/Office files.',
    'ログ、一時ファイル、データベース、アーカイブ、ダンプからカード番号(PAN)の全桁を探します。IIN の範囲・桁数・' +
      'Luhn チェックで確認し、ASCII・UTF-16・EMV の16進表記、gzip や zip/Office ファイルの中も調べます。',
  ),
  remediation: t(
    'Find which application wrote the number and make it mask (first 6 and last 4 digits at most) or stop storing it; ' +
      'securely delete the files, including rotated logs and backups. If card data should never reach this terminal, treat ' +
      'it as an incident (PCI 12.10.7).',
    '番号を書き込んだアプリケーションを特定し、マスク(先頭6桁と末尾4桁まで)するか保存をやめさせてください。' +
      'ローテーション済みログやバックアップも含めてファイルを安全に削除してください。この端末にカード情報が来ない設計なら、' +
      'インシデントとして対応してください(PCI 12.10.7)。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: PARAMS,
  requests: () => [],
  active: collector,
  evaluate: evaluateWith(
    (f) => f.kind === 'pan',
    (f) =>
      f.testCard
        ? t(
            `Card number ${f.masked} (${brandName(f)}, a well-known test number) stored unmasked (${evidenceLabel(f).en})`,
            `カード番号 ${f.masked}(${brandName(f)}、公開されているテスト番号)がマスクされずに保存されています(${evidenceLabel(f).ja})`,
          )
        : t(
            `Card number ${f.masked} (${brandName(f)}) stored unmasked (${evidenceLabel(f).en})`,
            `カード番号 ${f.masked}(${brandName(f)})がマスクされずに保存されています(${evidenceLabel(f).ja})`,
          ),
    t('No unmasked card numbers found.', 'マスクされていないカード番号は見つかりませんでした。'),
  ),
};

const trackData: Check<CardDataParams> = {
  id: 'pan.track-data',
  family: 'pan',
  title: t('No magnetic-stripe track data kept after authorisation', 'オーソリ後に磁気ストライプのトラックデータが残っていない'),
  description: t(
    'Looks for track 1 (%B…^NAME^…) and track 2 (;PAN=YYMM…) data and EMV tag 57 (track 2 equivalent) in files. This is ' +
      'sensitive authentication data and must never be kept after authorisation, even encrypted.',
    'ファイルの中からトラック1(%B…^氏名^…)、トラック2(;PAN=YYMM…)、EMV タグ 57(トラック2相当データ)を探します。' +
      'これは機密認証データで、オーソリ後は暗号化しても保存してはいけません。',
  ),
  remediation: t(
    'Stop the application from logging or saving track data (often a debug or trace setting in the POS or payment ' +
      'middleware), securely delete the files, and treat the finding as an incident.',
    'アプリケーションがトラックデータを記録・保存しないようにしてください(POS や決済ミドルウェアのデバッグ/' +
      'トレース設定が原因のことが多い)。ファイルを安全に削除し、インシデントとして対応してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'critical',
  params: PARAMS,
  requests: () => [],
  active: collector,
  evaluate: evaluateWith(
    (f) => f.kind !== 'pan',
    (f) =>
      t(
        `${f.kind === 'track1' ? 'Track 1' : 'Track 2'} data${f.emvTag ? ' (EMV tag 57)' : ''} for card ${f.masked}` +
          ` (${brandName(f)}) stored (${evidenceLabel(f).en})`,
        `カード ${f.masked}(${brandName(f)})の${f.kind === 'track1' ? 'トラック1' : 'トラック2'}データ` +
          `${f.emvTag ? '(EMV タグ 57)' : ''}が保存されています(${evidenceLabel(f).ja})`,
      ),
    t('No track data found.', 'トラックデータは見つかりませんでした。'),
  ),
};

export const checks: AnyCheck[] = [storedPan, trackData];
