import { CONSTRAINED_LANGUAGE_MARK } from '../core/target.js';

/** Starting PowerShell the same way locally and over SSH (Windows PowerShell 3.0 and later, PowerShell 7).
 * Every script, the gatherer and the one-off commands alike, goes over standard input: the command line
 * stays this short bootstrap, far under cmd.exe's 8,191-character limit (cmd.exe is OpenSSH's default
 * shell on Windows). */

/** Read standard input whole as UTF-8 (not the OEM code page: 932 on Japanese Windows) and run it as one
 * script (`-Command -` would run it line by line, which breaks multi-line functions). Never name the
 * automatic input variable here: PowerShell would then consume standard input before the script reads it. */
const READ_AND_RUN =
  '$s = (New-Object IO.StreamReader([Console]::OpenStandardInput(), (New-Object Text.UTF8Encoding($false)))).ReadToEnd(); ' +
  'Invoke-Expression $s';

/** The platform section's text (`Key=value` lines), safe in ConstrainedLanguage: a cmdlet, properties, variables. */
export const CURRENT_VERSION =
  "$cv = Get-ItemProperty -LiteralPath 'Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' " +
  '-ErrorAction SilentlyContinue';
export const PLATFORM_TEXT = [
  "('ProductName=' + $cv.ProductName",
  ...['EditionID', 'CurrentBuild', 'CurrentBuildNumber', 'UBR', 'DisplayVersion', 'ReleaseId', 'CurrentVersion'].map(
    (k) => `"\`n${k}=" + $cv.${k}`,
  ),
  '"`nArch=" + $env:PROCESSOR_ARCHITECTURE',
  '"`nHostname=" + $env:COMPUTERNAME',
  '"`nPSVersion=" + $PSVersionTable.PSVersion',
  '"`nLanguageMode=" + $ExecutionContext.SessionState.LanguageMode)',
].join(' + ');

/** The line that starts what a ConstrainedLanguage PowerShell answers instead of running a script. */
export const CLM_MARK = CONSTRAINED_LANGUAGE_MARK;

/** ConstrainedLanguage mode (WDAC/AppLocker) refuses the .NET calls that read standard input and that the
 * scripts use: say so, with the platform, and stop; the caller answers each request (gatherer.ts). */
const CLM_CHECK =
  `if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') { ${CURRENT_VERSION}; ` +
  `'${CLM_MARK}'; ${PLATFORM_TEXT}; exit 3 }`;

/** The 64-bit PowerShell a 32-bit process (a 32-bit OpenSSH on 64-bit Windows) reaches through sysnative:
 * without it, the registry it reads is the redirected 32-bit view (WOW6432Node). */
const SYSNATIVE = "$env:windir + '\\sysnative\\WindowsPowerShell\\v1.0\\powershell.exe'";

/** Windows PowerShell 2.0 (POSReady 7, WES7 as shipped) is refused with one clear message: the scripts use
 * 3.0 features (-File, -Attributes, -shr) and are tested under PowerShell 7 and checked for 5.1 syntax. */
const VERSION_CHECK =
  "if ($PSVersionTable -eq $null -or $PSVersionTable.PSVersion.Major -lt 3) { [Console]::Error.WriteLine('posaudit: " +
  "Windows PowerShell ' + $(if ($PSVersionTable) { [string]$PSVersionTable.PSVersion } else { '1.0' }) + ' is not " +
  'supported: posaudit needs PowerShell 3.0 or later (5.1 recommended: WMF 5.1 installs on Windows 7 SP1, POSReady 7 and ' +
  "WES7)'); exit 3 }";

function encode(code: string): string {
  return Buffer.from(code, 'utf16le').toString('base64');
}

export const STDIN_SCRIPT_BOOTSTRAP = [
  VERSION_CHECK,
  CLM_CHECK,
  `if ($env:PROCESSOR_ARCHITEW6432 -and (Test-Path -LiteralPath (${SYSNATIVE}))) { $OutputEncoding = New-Object ` +
    `Text.UTF8Encoding($false); $s = (New-Object IO.StreamReader([Console]::OpenStandardInput(), (New-Object ` +
    `Text.UTF8Encoding($false)))).ReadToEnd(); $s | & (${SYSNATIVE}) -NoProfile -NonInteractive -ExecutionPolicy Bypass ` +
    `-EncodedCommand ${encode(READ_AND_RUN)}; exit $LASTEXITCODE }`,
  READ_AND_RUN,
].join('; ');

/** Arguments for powershell(.exe) running `code` (UTF-16LE base64, so no quoting is involved). */
export function powershellArgs(code: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encode(code)];
}

/** The same as one command line, for an SSH exec. */
export function powershellCommandLine(code: string): string {
  return ['powershell', ...powershellArgs(code)].join(' ');
}
