/** `posaudit pan`: scan local paths for stored card data and print masked findings. */
import { globMatcher } from '../../core/glob.js';
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { t, tr, type Lang } from '../../core/i18n.js';
import { BRAND_NAMES } from '../../checks/pan/brands.js';
import { maskText } from '../../checks/pan/mask.js';
import { scanPaths, type PanFinding, type PanScanSummary } from '../../checks/pan/scan.js';
import { loadDpkgManifest } from '../../checks/pan/packages.js';
import { PSEUDO_FS } from '../../checks/pan/walker.js';

export interface PanCommandOptions {
  json: boolean;
  lang: Lang;
  exclude?: string[];
  include?: string[];
  maxFileBytes?: number;
  maestro?: boolean;
  oneFileSystem?: boolean;
  /** Worker threads (default: all cores; 0 scans in-process). */
  threads?: number;
  /** Scan files dpkg vouches for unchanged too (default: skipped after checking their MD5). */
  scanPackageFiles?: boolean;
}

/** Control characters from file names never reach a terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function location(f: PanFinding): string {
  const where = f.member ? `${f.path}!${f.member}` : f.path;
  return printable(f.line !== undefined ? `${where}:${f.line}` : `${where}@${f.offset}`);
}

function kindLabel(f: PanFinding, lang: Lang): string {
  if (f.kind === 'track1') return tr(t('track 1', 'トラック1'), lang);
  if (f.kind === 'track2') return tr(f.emvTag ? t('track 2 (EMV 57)', 'トラック2 (EMV 57)') : t('track 2', 'トラック2'), lang);
  return tr(f.emvTag ? t('PAN (EMV 5A)', 'カード番号 (EMV 5A)') : t('PAN', 'カード番号'), lang);
}

function humanMB(n: number): string {
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** The table and count line a person reads. */
export function formatHuman(sum: PanScanSummary, lang: Lang): string {
  const lines: string[] = [];
  if (sum.findings.length) {
    const rows = sum.findings.map((f) => [
      kindLabel(f, lang),
      BRAND_NAMES[f.brand],
      f.masked,
      f.testCard ? tr(t('test', 'テスト'), lang) : '',
      location(f),
    ]);
    const head = [
      tr(t('kind', '種類'), lang),
      tr(t('brand', 'ブランド'), lang),
      tr(t('number', '番号'), lang),
      tr(t('test', 'テスト'), lang),
      tr(t('where', '場所'), lang),
    ];
    const width = (s: string): number => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    const cols = head.map((h, k) => Math.max(width(h), ...rows.map((r) => width(r[k]))));
    const fmt = (r: string[]): string =>
      r
        .map((c, k) => (k === r.length - 1 ? c : c + ' '.repeat(cols[k] - width(c))))
        .join('  ')
        .trimEnd();
    lines.push(fmt(head));
    for (const r of rows) lines.push(fmt(r));
    lines.push('');
  }
  const tracks = sum.findings.filter((f) => f.kind !== 'pan').length;
  const files = new Set(sum.findings.map((f) => f.path)).size;
  const n = sum.findings.length + sum.droppedFindings;
  lines.push(
    tr(
      n === 0
        ? t(
            `No card numbers found. ${sum.files} files, ${humanMB(sum.scannedBytes)} scanned.`,
            `カード番号は見つかりませんでした。${sum.files} ファイル、${humanMB(sum.scannedBytes)} を検査しました。`,
          )
        : t(
            `${n} card number${n === 1 ? '' : 's'} found in ${files} file${files === 1 ? '' : 's'} (${tracks} with track ` +
              `data, ${sum.distinctCards} distinct). ${sum.files} files, ${humanMB(sum.scannedBytes)} scanned.`,
            `${files} ファイルでカード番号が ${n} 件見つかりました(うちトラックデータ ${tracks} 件、` +
              `異なる番号 ${sum.distinctCards} 件)。${sum.files} ファイル、${humanMB(sum.scannedBytes)} を検査しました。`,
          ),
      lang,
    ),
  );
  const notable = sum.skippedSamples.filter((s) => s.reason !== 'excluded');
  if (notable.length) {
    lines.push(tr(t('Not looked inside:', '中身を検査できなかったもの:'), lang));
    for (const s of notable.slice(0, 10))
      lines.push(`  ${printable(s.member ? `${s.path}!${s.member}` : s.path)}  (${s.reason})`);
  }
  for (const e of sum.errors.slice(0, 10))
    lines.push(
      tr(t(`Could not read ${printable(e.path)}: ${e.reason}`, `${printable(e.path)} を読めませんでした: ${e.reason}`), lang),
    );
  if (sum.packageVerified)
    lines.push(
      tr(
        t(
          `${sum.packageVerified} package files skipped: dpkg's MD5 matched (unchanged; --scan-package-files to scan them).`,
          `パッケージのファイル ${sum.packageVerified} 件は dpkg の MD5 ` +
            `が一致した(変更なし)ため検査対象外にしました(--scan-package-files で検査)。`,
        ),
        lang,
      ),
    );
  if (sum.unreadable)
    lines.push(
      tr(
        t(
          `${sum.unreadable} unreadable (permission denied): not scanned.`,
          `${sum.unreadable} 件は読み取り権限がなく検査できませんでした。`,
        ),
        lang,
      ),
    );
  if (sum.incomplete)
    lines.push(
      tr(
        t('The scan stopped early; not everything was scanned.', '検査は途中で止まりました。すべては検査できていません。'),
        lang,
      ),
    );
  return lines.join('\n') + '\n';
}

/** Run the command; returns the exit code: 0 nothing found, 1 card data found, 2 bad input. */
export async function runPanCommand(paths: string[], opts: PanCommandOptions, out: NodeJS.WritableStream): Promise<number> {
  const lang = opts.lang;
  if (paths.length === 0) {
    out.write(
      tr(t('posaudit pan: give at least one path to scan', 'posaudit pan: 検査するパスを 1 つ以上指定してください'), lang) + '\n',
    );
    return 2;
  }
  if (opts.maxFileBytes !== undefined && !(Number.isFinite(opts.maxFileBytes) && opts.maxFileBytes > 0)) {
    out.write(
      tr(
        t(
          'posaudit pan: --max-file-bytes must be a positive number',
          'posaudit pan: --max-file-bytes には正の数を指定してください',
        ),
        lang,
      ) + '\n',
    );
    return 2;
  }
  // Bad or oversized globs stop here, before any walk (core/glob.ts throws a UsageError: exit 2).
  globMatcher(opts.include ?? [], '--include');
  globMatcher(opts.exclude ?? [], '--exclude');
  const roots: string[] = [];
  for (const p of paths) {
    let abs: string;
    try {
      abs = await fsp.realpath(resolve(p));
    } catch {
      const shown = printable(maskText(p));
      out.write(
        tr(
          t(`posaudit pan: no such file or folder: ${shown}`, `posaudit pan: ファイルまたはフォルダーがありません: ${shown}`),
          lang,
        ) + '\n',
      );
      return 2;
    }
    roots.push(abs);
  }
  const sum = await scanPaths({
    roots,
    include: opts.include,
    exclude: opts.exclude,
    maxFileBytes: opts.maxFileBytes,
    maestro: opts.maestro,
    oneFileSystem: opts.oneFileSystem ?? true,
    prune: PSEUDO_FS,
    threads: opts.threads,
    packages: opts.scanPackageFiles ? undefined : await loadDpkgManifest('/'),
  });
  if (opts.json) out.write(JSON.stringify(sum.findings, null, 2) + '\n');
  else out.write(formatHuman(sum, lang));
  if (sum.findings.length + sum.droppedFindings > 0) return 1;
  // Nothing found, but not everything was read: not a clean result (3: not fully scanned).
  if (sum.unreadable || sum.incomplete || sum.errors.length || (sum.files === 0 && !sum.packageVerified)) return 3;
  return 0;
}
