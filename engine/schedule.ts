/**
 * Scheduler files for `posaudit daily`: a systemd service and timer on Linux, a Task Scheduler
 * task (XML, schema http://schemas.microsoft.com/windows/2004/02/mit/task, version 1.2) on Windows.
 * Pure text generation; installing (systemctl, schtasks) is the command's job.
 *
 * Quoting: every value goes through the quoting of the file it lands in — systemd's ExecStart
 * word rules (double quotes, backslash escapes, `%%` for specifiers, `$$` for variables), the
 * Windows command-line rules (CommandLineToArgvW) and then XML escaping.
 */
import { UsageError } from '../core/errors.js';

export const UNIT_NAME = 'posaudit-daily';
export const TASK_NAME = 'posaudit-daily';

export interface ScheduleSpec {
  /** The program to run (node, or the standalone executable). */
  program: string;
  /** Its arguments (for node: the script first). */
  args: string[];
  /** `HH:MM`, local time. */
  at: string;
  /** Optional environment (Linux only), e.g. LANG. */
  env?: Record<string, string>;
  /** Task start boundary date (Windows), `YYYY-MM-DD`; default 2025-01-01. */
  startDate?: string;
}

/** `7:30`, `07:30` → `07:30`; anything else is a usage error. */
export function parseAt(value: string): string {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!m)
    throw new UsageError(
      `--at takes a time of day as HH:MM (24-hour), such as 07:30, not "${value}"`,
      `--at には時刻を HH:MM（24 時間制、例: 07:30）で指定してください（指定値: "${value}"）`,
    );
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

const WHAT_JA: Record<string, string> = {
  'a scheduled command argument': 'スケジュールするコマンドの引数',
  'the program path': 'プログラムのパス',
};

function noControl(value: string, what: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new UsageError(
      `${what} contains a control character (newline, tab…): ${JSON.stringify(value)}`,
      `${WHAT_JA[what] ?? what}に制御文字（改行・タブなど）が含まれています: ${JSON.stringify(value)}`,
    );
  return value;
}

/** One word of a systemd command line (ExecStart=), always double-quoted. */
export function systemdQuote(value: string): string {
  noControl(value, 'a scheduled command argument');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

/** An Environment= assignment, quoted as one word. */
function systemdEnv(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new UsageError(
      `bad environment variable name ${JSON.stringify(name)}`,
      `環境変数名が不正です: ${JSON.stringify(name)}`,
    );
  return systemdQuote(`${name}=${value}`);
}

export interface SystemdUnits {
  service: string;
  timer: string;
  serviceName: string;
  timerName: string;
}

export function systemdUnits(spec: ScheduleSpec): SystemdUnits {
  const at = parseAt(spec.at);
  const exec = [spec.program, ...spec.args].map(systemdQuote).join(' ');
  const env = Object.entries(spec.env ?? {})
    .map(([k, v]) => `Environment=${systemdEnv(k, v)}\n`)
    .join('');
  const service =
    '# Written by posaudit schedule install. Remove with: posaudit schedule remove\n' +
    '[Unit]\n' +
    'Description=posaudit daily self-check (PCI DSS v4.0.1, POS security guideline)\n' +
    '\n' +
    '[Service]\n' +
    'Type=oneshot\n' +
    env +
    `ExecStart=${exec}\n` +
    // Exit 1 (not compliant) and 3 (incomplete) mark the run failed, so `systemctl --failed` shows it.
    'Nice=10\n' +
    'IOSchedulingClass=idle\n' +
    'TimeoutStartSec=30min\n';
  const timer =
    '# Written by posaudit schedule install. Remove with: posaudit schedule remove\n' +
    '[Unit]\n' +
    `Description=Run posaudit daily every day at ${at}\n` +
    '\n' +
    '[Timer]\n' +
    `OnCalendar=*-*-* ${at}:00\n` +
    // A terminal switched off at that time runs the check when it next starts.
    'Persistent=true\n' +
    'AccuracySec=1min\n' +
    `Unit=${UNIT_NAME}.service\n` +
    '\n' +
    '[Install]\n' +
    'WantedBy=timers.target\n';
  return { service, timer, serviceName: `${UNIT_NAME}.service`, timerName: `${UNIT_NAME}.timer` };
}

/** One argument for a Windows command line, as CommandLineToArgvW reads it back. */
export function windowsArg(value: string): string {
  noControl(value, 'a scheduled command argument');
  if (value !== '' && !/[\s"]/.test(value)) return value;
  let out = '"';
  let slashes = 0;
  for (const ch of value) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(slashes * 2 + 1) + '"';
    } else out += '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  return out + '\\'.repeat(slashes * 2) + '"';
}

export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * The task XML. Runs as SYSTEM (S-1-5-18) with highest privileges, every day at `at`, and at the
 * next start when the terminal was off at that time (StartWhenAvailable).
 * Write it as UTF-16 LE with a BOM (see taskXmlBytes): that is what schtasks /XML reads reliably.
 */
export function taskXml(spec: ScheduleSpec): string {
  const at = parseAt(spec.at);
  const date = spec.startDate ?? '2025-01-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new UsageError(`bad start date ${JSON.stringify(date)}`, `開始日が不正です: ${JSON.stringify(date)}`);
  const x = xmlEscape;
  return (
    '<?xml version="1.0" encoding="UTF-16"?>\r\n' +
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\r\n' +
    '  <RegistrationInfo>\r\n' +
    '    <Author>posaudit</Author>\r\n' +
    '    <Description>posaudit daily self-check (PCI DSS v4.0.1, POS security guideline). Remove with: posaudit schedule ' +
    'remove</Description>\r\n' +
    `    <URI>\\${TASK_NAME}</URI>\r\n` +
    '  </RegistrationInfo>\r\n' +
    '  <Triggers>\r\n' +
    '    <CalendarTrigger>\r\n' +
    `      <StartBoundary>${date}T${at}:00</StartBoundary>\r\n` +
    '      <Enabled>true</Enabled>\r\n' +
    '      <ScheduleByDay>\r\n' +
    '        <DaysInterval>1</DaysInterval>\r\n' +
    '      </ScheduleByDay>\r\n' +
    '    </CalendarTrigger>\r\n' +
    '  </Triggers>\r\n' +
    '  <Principals>\r\n' +
    '    <Principal id="Author">\r\n' +
    '      <UserId>S-1-5-18</UserId>\r\n' +
    '      <RunLevel>HighestAvailable</RunLevel>\r\n' +
    '    </Principal>\r\n' +
    '  </Principals>\r\n' +
    '  <Settings>\r\n' +
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\r\n' +
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\r\n' +
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\r\n' +
    '    <StartWhenAvailable>true</StartWhenAvailable>\r\n' +
    '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>\r\n' +
    '    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>\r\n' +
    '    <Priority>7</Priority>\r\n' +
    '    <Enabled>true</Enabled>\r\n' +
    '  </Settings>\r\n' +
    '  <Actions Context="Author">\r\n' +
    '    <Exec>\r\n' +
    `      <Command>${x(noControl(spec.program, 'the program path'))}</Command>\r\n` +
    `      <Arguments>${x(spec.args.map(windowsArg).join(' '))}</Arguments>\r\n` +
    '    </Exec>\r\n' +
    '  </Actions>\r\n' +
    '</Task>\r\n'
  );
}

/** UTF-16 LE with BOM, as schtasks /XML expects for encoding="UTF-16". */
export function taskXmlBytes(xml: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
}
