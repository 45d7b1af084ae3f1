/**
 * The PowerShell gatherer: the Windows twin of script-sh.ts. Runs on Windows PowerShell 3.0 to 5.1 and
 * PowerShell 7 (no ConvertTo-Json, no CIM): plain .NET calls, output framed as frames.ts describes.
 * Command templates are compiled with [ScriptBlock]::Create from a quoted string, so a broken
 * template fails alone instead of breaking the script (a template must not call `exit`: that would end
 * the whole process; test/windows-pwsh refuses it). Errors are classified, never hidden: access denied
 * is `denied`, a missing path `missing`, anything else `error` with PowerShell's words.
 * In ConstrainedLanguage mode (WDAC/AppLocker) the .NET calls are refused: the bootstrap (powershell.ts)
 * does not run this script then, and the gatherer answers every request with a clear `error`.
 */
import {
  DEFAULT_MAX_BYTES,
  type CommandRequest,
  type FileRequest,
  type GlobRequest,
  type RegistryRequest,
} from '../core/evidence.js';
import { psQuote } from '../core/quote.js';
import { CURRENT_VERSION, PLATFORM_TEXT } from './powershell.js';

export type PsRequest = FileRequest | GlobRequest | CommandRequest | RegistryRequest;

const HIVES: Array<[RegExp, string]> = [
  [/^(HKLM|HKEY_LOCAL_MACHINE)(\\|$)/i, 'HKEY_LOCAL_MACHINE'],
  [/^(HKCU|HKEY_CURRENT_USER)(\\|$)/i, 'HKEY_CURRENT_USER'],
  [/^(HKU|HKEY_USERS)(\\|$)/i, 'HKEY_USERS'],
  [/^(HKCR|HKEY_CLASSES_ROOT)(\\|$)/i, 'HKEY_CLASSES_ROOT'],
];

/** `HKLM\SOFTWARE\X` → `Registry::HKEY_LOCAL_MACHINE\SOFTWARE\X`; undefined for anything else. */
export function registryProviderPath(key: string): string | undefined {
  for (const [re, full] of HIVES) {
    const m = re.exec(key);
    if (m) return `Registry::${full}${key.slice(m[1].length)}`;
  }
  return undefined;
}

/** PowerShell's newline escape is a backtick, which a template literal cannot hold: written «n» here. */
function ps(code: string): string {
  return code.replace(/«n»/g, '`n');
}

/* eslint-disable max-len -- PowerShell script text: its lines are the script's; wrap one only in PowerShell's syntax and
   with a real pwsh run (test/engine/ps-gatherer.test.ts), not in a formatting change. */
const PRELUDE = ps(String.raw`$ErrorActionPreference = 'SilentlyContinue'
$ProgressPreference = 'SilentlyContinue'
$pa_o = [Console]::OpenStandardOutput()
function pa_w([string]$s) { $b = [Text.Encoding]::ASCII.GetBytes($s); $pa_o.Write($b, 0, $b.Length); $pa_o.Flush() }
function pa_h($id, $st, $r) { pa_w ("«n»@@" + $pa_n + ' ' + $id + ' ' + $st + ' ' + $r + " b64«n»") }
function pa_e($x) { pa_w ("«n»@@" + $pa_n + ' END ' + $x + "«n»") }
function pa_b([byte[]]$b) { if ($b -ne $null -and $b.Length -gt 0) { pa_w ([Convert]::ToBase64String($b)) } }
function pa_s([string]$s) { if ($s) { pa_b ([Text.Encoding]::UTF8.GetBytes($s)) } }
function pa_64([string]$s) { if ($s) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s)) } else { '-' } }
function pa_cap([string]$s, [int]$n) { if ($s.Length -gt $n) { $s.Substring(0, $n) } else { $s } }
function pa_r([string]$m) { '=' + (pa_64 (pa_cap (($m -replace '\s+', ' ').Trim()) 300)) }
function pa_why($e, [string]$nf) {
  $x = $e.Exception
  while ($x.InnerException -ne $null -and -not ($x -is [UnauthorizedAccessException] -or $x -is [Security.SecurityException])) { $x = $x.InnerException }
  $c = [string]$e.CategoryInfo.Category
  if ($c -eq 'PermissionDenied' -or $x -is [UnauthorizedAccessException] -or $x -is [Security.SecurityException]) { return @('denied', (pa_r $x.Message)) }
  if ($c -eq 'ObjectNotFound' -or $x -is [Management.Automation.ItemNotFoundException] -or $x -is [IO.FileNotFoundException] -or $x -is [IO.DirectoryNotFoundException]) { return @('missing', $nf) }
  return @('error', (pa_r $x.Message))
}
function pa_fail($id, $e, [string]$nf) { $w = pa_why $e $nf; pa_h $id $w[0] $w[1]; pa_e 0 }
function pa_open([string]$p) { New-Object IO.FileStream($p, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite) }
function pa_file($id, [string]$p, [long]$cap) {
  try { $i = Get-Item -LiteralPath $p -Force -ErrorAction Stop } catch { pa_fail $id $_ nofile; return }
  if ($i.PSIsContainer) { pa_h $id error isdir; pa_e 0; return }
  try { $fs = pa_open $i.FullName } catch { pa_fail $id $_ nofile; return }
  $n = [int][Math]::Min($cap, $fs.Length)
  $buf = New-Object byte[] $n
  $got = 0
  while ($got -lt $n) { $r = $fs.Read($buf, $got, $n - $got); if ($r -le 0) { break }; $got += $r }
  $fs.Close()
  [Array]::Resize([ref]$buf, $got)
  pa_h $id ok -; pa_b $buf; pa_e 0
}
# The first folder a glob must pass through that exists but cannot be listed (the next component has a
# wildcard) or searched (the next component is a name): Get-ChildItem skips those without a word.
function pa_gd([string]$p) {
  for ($i = 0; $i -lt $p.Length; $i++) {
    if ($p[$i] -ne '/' -and $p[$i] -ne '\') { continue }
    $next = ($p.Substring($i + 1) -split '[\\/]')[0]
    if ($next -eq '') { continue }
    $pre = $p.Substring(0, $i); if ($pre -eq '' -or $pre.EndsWith(':')) { $pre = $p.Substring(0, $i + 1) }
    if ($pre -match '[*?[]') { $ds = @(Get-Item -Path $pre -Force -ErrorAction SilentlyContinue) }
    else { $ds = @(Get-Item -LiteralPath $pre -Force -ErrorAction SilentlyContinue) }
    foreach ($d in $ds) {
      if (-not $d.PSIsContainer) { continue }
      if ($next -notmatch '[*?[]') {
        try { [void](Get-Item -LiteralPath ([IO.Path]::Combine($d.FullName, $next)) -Force -ErrorAction Stop) }
        catch { if ((pa_why $_ '')[0] -eq 'denied') { return $d.FullName } }
        continue
      }
      try { $en = [IO.Directory]::EnumerateFileSystemEntries($d.FullName).GetEnumerator(); [void]$en.MoveNext() }
      catch [UnauthorizedAccessException] { return $d.FullName }
      catch [Security.SecurityException] { return $d.FullName }
      catch { }
    }
  }
  return $null
}
function pa_glob($id, [string]$p, [int]$cap) {
  $dd = pa_gd $p
  if ($dd) { pa_h $id denied (pa_r ('cannot list ' + $dd)); pa_e 0; return }
  $sb = New-Object Text.StringBuilder
  $ge = $null
  $found = @(Get-ChildItem -Path $p -Force -ErrorAction SilentlyContinue -ErrorVariable ge)
  foreach ($i in $found) { [void]$sb.Append($i.FullName + [char]0) }
  $den = @($ge | Where-Object { [string]$_.CategoryInfo.Category -eq 'PermissionDenied' -or $_.Exception -is [UnauthorizedAccessException] })
  if ($den.Count -gt 0) { pa_h $id denied (pa_r $den[0].Exception.Message); pa_e 0; return }
  pa_h $id ok -; pa_s (pa_cap $sb.ToString() $cap); pa_e 0
}
function pa_rglob($id, [string]$p, [long]$cap, [int]$max) {
  $i = 0
  foreach ($f in @(Get-ChildItem -Path $p -Force -ErrorAction SilentlyContinue | Where-Object { -not $_.PSIsContainer })) {
    if ($i -ge $max) { break }
    $i++
    try { $fs = pa_open $f.FullName } catch { continue }
    $n = [int][Math]::Min($cap, $fs.Length); $buf = New-Object byte[] $n; $got = 0
    while ($got -lt $n) { $r = $fs.Read($buf, $got, $n - $got); if ($r -le 0) { break }; $got += $r }
    $fs.Close(); [Array]::Resize([ref]$buf, $got)
    pa_h ($id + '+' + $i) ok -; pa_w ((pa_64 $f.FullName) + '.'); pa_b $buf; pa_e 0
  }
}
function pa_cmd($id, [string]$code, [int]$cap) {
  $global:LASTEXITCODE = 0
  $pa_err = New-Object Text.StringBuilder
  $pa_out = New-Object Collections.ArrayList
  try {
    $sb = [ScriptBlock]::Create($code)
    & $sb 2>&1 | ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { [void]$pa_err.Append($_.ToString() + "«n»") } else { [void]$pa_out.Add($_) } }
  } catch { [void]$pa_err.Append($_.ToString()) }
  # What the template wrote before a terminating error is kept.
  $out = $pa_out | Out-String -Width 4096
  $rc = if ($LASTEXITCODE -ne 0) { $LASTEXITCODE } elseif ($pa_err.Length -eq 0) { 0 } else { 1 }
  pa_h $id ok -; pa_s (pa_cap $out $cap); pa_e $rc
  pa_h ($id + ':err') ok -; pa_s (pa_cap $pa_err.ToString() 4096); pa_e 0
}
function pa_vals($sb, $k, $prefix, $only) {
  $names = if ($only -ne $null) { @($only) } else { $k.GetValueNames() }
  foreach ($n in $names) {
    $v = $k.GetValue($n, $null, 'DoNotExpandEnvironmentNames')
    if ($v -eq $null) { continue }
    $kind = [string]$k.GetValueKind($n)
    $d = switch ($kind) {
      'String' { 'S ' + (pa_64 $v) }
      'ExpandString' { 'E ' + (pa_64 $v) }
      'MultiString' { 'M ' + (pa_64 ([string]::Join([string][char]0, $v))) }
      'DWord' { 'D ' + [BitConverter]::ToUInt32([BitConverter]::GetBytes([int]$v), 0) }
      'QWord' { 'Q ' + [BitConverter]::ToUInt64([BitConverter]::GetBytes([long]$v), 0) }
      'Binary' { 'B ' + (([BitConverter]::ToString([byte[]]$v)) -replace '-', '') }
      default { 'N -' }
    }
    [void]$sb.Append('V ' + (pa_64 $prefix) + ' ' + (pa_64 $n) + ' ' + $d + "«n»")
  }
}
function pa_reg($id, [string]$path, $only, [bool]$sub, [int]$cap) {
  try { $k = Get-Item -LiteralPath $path -ErrorAction Stop } catch { pa_fail $id $_ nokey; return }
  if ($k -eq $null) { pa_h $id missing nokey; pa_e 0; return }
  $sb = New-Object Text.StringBuilder
  try {
    foreach ($n in $k.GetSubKeyNames()) { [void]$sb.Append('K ' + (pa_64 $n) + "«n»") }
    pa_vals $sb $k '' $only
  } catch { pa_fail $id $_ nokey; return }
  if ($sub) { foreach ($n in $k.GetSubKeyNames()) { try { $c = $k.OpenSubKey($n); if ($c -ne $null) { pa_vals $sb $c $n $null; $c.Close() } } catch { } } }
  pa_h $id ok -; pa_s (pa_cap $sb.ToString() $cap); pa_e 0
}
`);
/* eslint-enable max-len */

const PLATFORM = `${CURRENT_VERSION}\r\npa_h W ok -; pa_s ${PLATFORM_TEXT}; pa_e 0\r\n`;

export interface PsScriptItem {
  id: string;
  req: PsRequest;
}

export function buildPsScript(items: PsScriptItem[], nonce: string): { script: string; rejected: Set<string> } {
  const rejected = new Set<string>();
  const lines: string[] = [`$pa_n = ${psQuote(nonce)}`, PRELUDE, PLATFORM];
  for (const { id, req } of items) {
    const cap = (req.maxBytes ?? DEFAULT_MAX_BYTES) + 1;
    const qid = psQuote(id);
    try {
      switch (req.kind) {
        case 'file':
          lines.push(`pa_file ${qid} ${psQuote(req.path)} ${cap}`);
          break;
        case 'glob':
          lines.push(`pa_glob ${qid} ${psQuote(req.pattern)} ${req.read ? 1 << 20 : cap}`);
          if (req.read) lines.push(`pa_rglob ${qid} ${psQuote(req.pattern)} ${cap} ${req.maxEntries ?? 200}`);
          break;
        case 'command':
          lines.push(`pa_cmd ${qid} ${psQuote(req.command.ps ?? "throw 'no PowerShell variant'")} ${cap}`);
          break;
        case 'registry': {
          const p = registryProviderPath(req.key);
          if (!p) {
            rejected.add(id);
            break;
          }
          const only = req.value === undefined ? '$null' : psQuote(req.value);
          lines.push(`pa_reg ${qid} ${psQuote(p)} ${only} $${req.subkeys ? 'true' : 'false'} ${cap}`);
          break;
        }
      }
    } catch {
      rejected.add(id);
    }
  }
  lines.push(`pa_h Z ok -; pa_e 0`);
  return { script: lines.join('\r\n') + '\r\n', rejected };
}
