/** Starting PowerShell the same way locally and over SSH (PowerShell 2.0 and later). */

/** Runs whatever arrives on standard input as one script: `-Command -` would run it line by line,
 * which breaks multi-line functions. */
export const STDIN_SCRIPT_BOOTSTRAP = '$s = [Console]::In.ReadToEnd(); Invoke-Expression $s';

/** Arguments for powershell(.exe) running `code` (UTF-16LE base64, so no quoting is involved). */
export function powershellArgs(code: string): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(code, 'utf16le').toString('base64'),
  ];
}

/** The same as one command line, for an SSH exec. */
export function powershellCommandLine(code: string): string {
  return ['powershell', ...powershellArgs(code)].join(' ');
}
