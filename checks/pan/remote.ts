/** Card-data scan over a remote shell without installing anything: the terminal's own find/grep
 * (or PowerShell) does the bulk filtering, only candidate snippets come back, posaudit confirms
 * (IIN, length, Luhn, boundaries) and masks them. Full numbers are never written anywhere. */
import { psQuote, shQuote } from '../../core/quote.js';
import { Confirmer, scanWindow, type DetectOptions, type Hit } from './detector.js';
import { findingOf, type PanFinding } from './scan.js';

export interface RemoteFilterOptions {
  paths: string[];
  exclude?: string[];
  maxFileBytes: number;
  timeoutSeconds: number;
  /** Cap on the bytes of candidates sent back. */
  maxOutputBytes: number;
  /** Cap on the decompressed bytes read from one .gz file. */
  maxGzipBytes?: number;
}

/** A snippet the terminal sent back: bytes around a candidate and where they came from. */
export interface Candidate {
  path: string;
  member?: string;
  /** Absolute offset of bytes[0] in the file (or decompressed member). */
  offset: number;
  line?: number;
  bytes: Buffer;
}

export interface RemoteStats {
  files: number;
  bytes: number;
  /** Files or folders the terminal refused to read (PowerShell variant). */
  denied?: number;
  /** The filter stopped early at its deadline or output cap (PowerShell variant). */
  cut?: boolean;
}

/** ERE over bytes (LC_ALL=C): two context bytes before (a SID or version separator and what it joins) and one after, digit runs
 * starting with a brand digit (2–6, 8), runs starting
 * with another digit only as track data (no brand, but track context: what the local scan reports too), card-shaped groups,
 * NUL-interleaved digits (UTF-16; `[^ -~]` stands for NUL, which a pattern cannot hold), track separators, EMV tags 57/5A in hex text. */
export const CANDIDATE_ERE =
  '.{0,2}([2-68][0-9]{12,39}(=[0-9]{7}|D[0-9]{7}|\\^[^^]{2,26}\\^[0-9]{7})?' +
  '|[0179][0-9]{12,18}(=[0-9]{7}|D[0-9]{7}|\\^[^^]{2,26}\\^[0-9]{7})' +
  '|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{4}' +
  '|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}' +
  '|([0-9][^ -~]){12,18}[0-9]).?';

/** EMV tags 57/5A in hex text. A second pass: inside a TLV stream the tag follows other digits,
 * and grep -o never returns overlapping matches. */
export const EMV_ERE =
  '5[Aa] ?0[6-9Aa]( ?[0-9]{2}){6,10}( ?[0-9][Ff])?|57 ?(0[89A-Fa-f]|1[0-3])( ?[0-9]{2}){6,10} ?[0-9]?[Dd][0-9 ]{7,10}';

const STATS_MARK = 'POSAUDIT-STATS';
const PRUNE = ['/proc', '/sys', '/dev'];

/** find-style pattern from a glob: `**` and `*` both become `*` (find's -path `*` crosses `/`). */
function findGlob(glob: string): string {
  return glob.replace(/\*\*+/g, '*');
}

/** The POSIX sh pipeline. Output: records `path NUL line:offset:match LF`, then `NUL STATS files bytes LF`. */
export function posixFilterCommand(o: RemoteFilterOptions): string {
  const roots = o.paths.map(shQuote).join(' ');
  const prunes = [
    ...PRUNE.map((p) => `-path ${shQuote(p)}`),
    ...(o.exclude ?? []).map((g) => `-path ${shQuote(findGlob(g))}`),
  ].join(' -o ');
  const size = `-size -${Math.max(1, Math.floor(o.maxFileBytes) + 1)}c`;
  const secs = Math.max(1, Math.floor(o.timeoutSeconds));
  const gzCap = Math.max(1, Math.floor(o.maxGzipBytes ?? o.maxFileBytes));
  const findExpr = `${roots} -xdev \\( ${prunes} \\) -prune -o -type f ${size}`;
  return [
    'LC_ALL=C; export LC_ALL',
    `PAT=${shQuote(CANDIDATE_ERE)}; export PAT`,
    `EMV=${shQuote(EMV_ERE)}; export EMV`,
    `T=''; command -v timeout >/dev/null 2>&1 && T='timeout -k 5 ${secs}'`,
    "N=''; command -v nice >/dev/null 2>&1 && N='nice -n 19'",
    'command -v ionice >/dev/null 2>&1 && N="$N ionice -c 3"',
    `{ $T $N find ${findExpr} ! -name '*.gz' -print0 2>/dev/null | $T $N xargs -0 -r sh -c 'grep -a -o -b -n -H -Z -E -e ` +
      `"$PAT" -- "$@"; grep -a -o -b -n -H -Z -E -e "$EMV" -- "$@"' sh 2>/dev/null`,
    `  $T $N find ${findExpr} -name '*.gz' -print0 2>/dev/null | $T xargs -0 -r sh -c 'for f; do gzip -dc -- "$f" ` +
      `2>/dev/null | head -c ${gzCap} | grep -a -o -b -n -H -Z --label="$f" -E -e "$PAT" -e "$EMV" 2>/dev/null; done' sh`,
    `} | head -c ${Math.max(1024, Math.floor(o.maxOutputBytes))}`,
    `printf '\\000${STATS_MARK} '`,
    `$T find ${findExpr} -print0 2>/dev/null | xargs -0 -r wc -c 2>/dev/null | awk '$2 != "total" { n++; s += $1 } END { ` +
      `printf "%d %d\\n", n, s }'`,
  ].join('\n');
}

/** A card-data exclude glob as a PowerShell `-like` pattern for Windows paths: each slash becomes a backslash,
 * `**` and `*` are both `*` (which crosses folders), so the glob for node_modules folders matches them under C:. */
export function windowsLikePattern(glob: string): string {
  return glob.replace(/\*\*+/g, '*').replace(/\//g, '\\');
}

/** The PowerShell variant for Windows terminals (PowerShell 3.0 and later; sent over stdin, never on the command
 * line). Output lines: `C<TAB>b64(path)<TAB>offset<TAB>b64(bytes)`, then `S<TAB>files<TAB>bytes`. A file is
 * excluded when its path, or a folder above it, matches an exclude glob. */
export function powershellFilterCommand(o: RemoteFilterOptions): string {
  const roots = o.paths.map(psQuote).join(',');
  const excludes = (o.exclude ?? []).map((g) => psQuote(windowsLikePattern(g))).join(',');
  const rx =
    '(?<![0-9])(?:[0-9]{13,19}(?:=[0-9]{7}|D[0-9]{7}|\\^[^^]{2,26}\\^[0-9]{7})?|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ ' +
    '-][0-9]{4}|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}|(?:[0-9]\\x00){12,18}[0-9]|5[Aa] ?0[6-9Aa](?: ?[0-9]{2}){6,10}|57 ' +
    '?(?:0[89A-Fa-f]|1[0-3])(?: ?[0-9]{2}){6,10} ?[0-9]?[Dd][0-9 ]{7,10})(?![0-9])';
  return [
    "$ErrorActionPreference = 'SilentlyContinue'",
    'try { [System.Threading.Thread]::CurrentThread.Priority = [System.Threading.ThreadPriority]::Lowest } catch { }',
    `$roots = @(${roots})`,
    `$excludes = @(${excludes})`,
    `$max = [long]${Math.floor(o.maxFileBytes)}`,
    `$outCap = [long]${Math.floor(o.maxOutputBytes)}`,
    `$deadline = (Get-Date).AddSeconds(${Math.max(1, Math.floor(o.timeoutSeconds))})`,
    `$rx = New-Object System.Text.RegularExpressions.Regex(${psQuote(rx)}, [System.Text.RegularExpressions.RegexOptions]::Compiled)`,
    '$latin = [System.Text.Encoding]::GetEncoding(28591)',
    '$files = 0; $bytes = [long]0; $sent = [long]0; $denied = 0; $cut = 0',
    '$chunk = 1048576; $overlap = 512; $buf = New-Object byte[] ($chunk + $overlap)',
    'foreach ($root in $roots) {',
    '  if (-not (Test-Path -LiteralPath $root)) { continue }',
    '  $ge = $null',
    '  foreach ($f in (Get-ChildItem -LiteralPath $root -Recurse -File -Force -Attributes !ReparsePoint -ErrorAction ' +
      'SilentlyContinue -ErrorVariable ge)) {',
    '    if ((Get-Date) -gt $deadline -or $sent -gt $outCap) { $cut = 1; break }',
    '    if ($f.Length -gt $max) { continue }',
    "    $fp = $f.FullName -replace '/', '\\'",
    "    $skip = $false; foreach ($x in $excludes) { if ($fp -like $x -or $fp -like ($x + '\\*')) { $skip = $true; break } }",
    '    if ($skip) { continue }',
    '    try { $s = [System.IO.File]::Open($f.FullName, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, ' +
      '[System.IO.FileShare]::ReadWrite) } catch { $denied++; continue }',
    '    $files++; $bytes += $f.Length',
    '    $p64 = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($f.FullName))',
    '    try {',
    '      $base = [long]0; $keep = 0',
    '      while (($n = $s.Read($buf, $keep, $chunk)) -gt 0) {',
    '        $len = $keep + $n; $text = $latin.GetString($buf, 0, $len)',
    '        $last = ($s.Position -ge $s.Length)',
    '        foreach ($m in $rx.Matches($text)) {',
    '          if ($m.Index -lt $keep -and $base -gt 0) { continue }',
    '          if (-not $last -and $m.Index -ge ($len - $overlap)) { continue }',
    '          $from = [Math]::Max(0, $m.Index - 1); $to = [Math]::Min($len, $m.Index + $m.Length + 1)',
    '          $snip = New-Object byte[] ($to - $from); [Array]::Copy($buf, $from, $snip, 0, $to - $from)',
    '          $line = "C`t$p64`t$($base + $from)`t$([Convert]::ToBase64String($snip))"',
    '          $sent += $line.Length; [Console]::Out.WriteLine($line)',
    '        }',
    '        $keep = [Math]::Min($overlap, $len); [Array]::Copy($buf, $len - $keep, $buf, 0, $keep); $base += $len - $keep',
    '      }',
    '    } finally { $s.Dispose() }',
    '  }',
    "  $denied += @($ge | Where-Object { [string]$_.CategoryInfo.Category -eq 'PermissionDenied' }).Count",
    '  if ($cut) { break }',
    '}',
    '[Console]::Out.WriteLine("S`t$files`t$bytes`t$denied`t$cut")',
  ].join('\n');
}

/** Parse the POSIX pipeline's output (binary-safe: matches may hold NULs). */
export function parsePosixOutput(all: Buffer): { candidates: Candidate[]; stats?: RemoteStats } {
  const candidates: Candidate[] = [];
  let stats: RemoteStats | undefined;
  let out = all;
  const mark = all.lastIndexOf(`\0${STATS_MARK} `, undefined, 'latin1');
  if (mark >= 0) {
    const m = /^ (\d+) (\d+)/.exec(all.subarray(mark + 1 + STATS_MARK.length, mark + 64 + STATS_MARK.length).toString('latin1'));
    if (m) stats = { files: Number(m[1]), bytes: Number(m[2]) };
    out = all.subarray(0, mark);
  }
  let p = 0;
  while (p < out.length) {
    const nul = out.indexOf(0, p);
    if (nul < 0) break;
    const path = out.subarray(p, nul).toString('utf8');
    const c1 = out.indexOf(0x3a, nul + 1);
    const c2 = c1 < 0 ? -1 : out.indexOf(0x3a, c1 + 1);
    const nl = c2 < 0 ? -1 : out.indexOf(0x0a, c2 + 1);
    if (nl < 0) break; // the last record was cut by the output cap
    const line = Number(out.subarray(nul + 1, c1).toString('latin1'));
    const offset = Number(out.subarray(c1 + 1, c2).toString('latin1'));
    if (path.length > 0 && Number.isInteger(line) && Number.isInteger(offset)) {
      const c: Candidate = { path, offset, line, bytes: Buffer.from(out.subarray(c2 + 1, nl)) };
      if (path.endsWith('.gz')) c.member = '(gzip)';
      candidates.push(c);
    }
    p = nl + 1;
  }
  return { candidates, stats };
}

/** Parse the PowerShell variant's output. */
export function parsePowershellOutput(out: string): { candidates: Candidate[]; stats?: RemoteStats } {
  const candidates: Candidate[] = [];
  let stats: RemoteStats | undefined;
  for (const raw of out.split(/\r?\n/)) {
    const f = raw.split('\t');
    if (f[0] === 'C' && f.length === 4 && /^\d+$/.test(f[2])) {
      candidates.push({
        path: Buffer.from(f[1], 'base64').toString('utf8'),
        offset: Number(f[2]),
        bytes: Buffer.from(f[3], 'base64'),
      });
    } else if (f[0] === 'S' && (f.length === 3 || f.length === 5)) {
      stats = { files: Number(f[1]), bytes: Number(f[2]) };
      if (f.length === 5) {
        if (Number(f[3]) > 0) stats.denied = Number(f[3]);
        if (f[4] === '1') stats.cut = true;
      }
    }
  }
  return { candidates, stats };
}

/** Confirm candidates locally and mask them. The candidate bytes are dropped afterwards. */
export function confirmCandidates(candidates: Candidate[], key: Buffer, opts: DetectOptions = {}): PanFinding[] {
  const confirmer = new Confirmer(key, opts);
  const findings: PanFinding[] = [];
  const seen = new Set<string>();
  let prev: Candidate | undefined;
  for (const c of candidates) {
    // Left context: the byte before a match that starts with a digit is the previous match's last byte
    // when they touch, else a line break (grep's `.` matches anything but a newline).
    let buf = c.bytes;
    let from = 0;
    const startsWithDigit = buf.length > 0 && buf[0] >= 0x30 && buf[0] <= 0x39;
    if (startsWithDigit && c.offset > 0) {
      const touching = prev && prev.path === c.path && prev.member === c.member && prev.offset + prev.bytes.length === c.offset;
      const ctx = touching && prev ? prev.bytes[prev.bytes.length - 1] : 0x0a;
      buf = Buffer.concat([Buffer.from([ctx]), buf]);
      from = 1;
    }
    const hits: Hit[] = [];
    scanWindow({ buf, from, to: buf.length, base: c.offset - from }, confirmer, (h) => hits.push(h));
    for (const h of hits) {
      const id = `${c.path}\0${c.member ?? ''}\0${h.offset}`;
      if (seen.has(id)) continue;
      seen.add(id);
      findings.push(findingOf(c.path, c.member !== undefined ? { ...h, member: c.member } : h, c.line));
    }
    prev = c;
  }
  return findings;
}
