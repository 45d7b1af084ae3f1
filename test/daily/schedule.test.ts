/**
 * Scheduler files: the systemd units pass `systemd-analyze verify` (when it can run here) and keep
 * paths with spaces, quotes, `%` and `$` intact; the Task Scheduler XML follows the documented
 * schema (element order of the sequences, allowed values) and its arguments survive the Windows
 * command-line rules; install/remove with --dry-run write files and run nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyArgs, scheduleInstall, scheduleRemove, type ScheduleEnv } from '../../bin/commands/schedule.js';
import { parseAt, systemdQuote, systemdUnits, taskXml, taskXmlBytes, windowsArg } from '../../engine/schedule.js';

let tmp: string;
let program: string;
const nasty = '/opt/pos audit/50% "off"/$HOME\\x';

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit sched '));
  // An executable whose path has a space, for systemd-analyze (it checks ExecStart's program exists).
  program = path.join(tmp, 'bin dir', 'posaudit');
  execFileSync('mkdir', ['-p', path.dirname(program)]);
  writeFileSync(program, '#!/bin/sh\nexit 0\n');
  chmodSync(program, 0o755);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** systemd's own word splitting of ExecStart (the subset we emit: double-quoted words). */
function systemdWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (const m of line.matchAll(re)) words.push(m[1].replace(/\\(.)/g, '$1').replace(/%%/g, '%').replace(/\$\$/g, '$'));
  return words;
}

/** CommandLineToArgvW, as the C runtime reads a command line back into argv. */
function argvW(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < cmd.length) {
    while (cmd[i] === ' ' || cmd[i] === '\t') i++;
    if (i >= cmd.length) break;
    let arg = '';
    let quoted = false;
    for (; i < cmd.length; i++) {
      const c = cmd[i];
      if (c === '\\') {
        let n = 0;
        for (; cmd[i] === '\\'; i++) n++;
        if (cmd[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(n);
          i--;
        }
      } else if (c === '"') quoted = !quoted;
      else if ((c === ' ' || c === '\t') && !quoted) break;
      else arg += c;
    }
    out.push(arg);
  }
  return out;
}

describe('systemd units', () => {
  const args = [path.join(tmp ?? '/tmp', 'x'), 'daily', '--history-dir', nasty, '--lang', 'ja'];

  it('quotes every word so systemd reads back the same arguments', () => {
    const u = systemdUnits({ program: '/usr/bin/node', args, at: '7:05' });
    const exec = /^ExecStart=(.*)$/m.exec(u.service)?.[1] ?? '';
    expect(systemdWords(exec)).toEqual(['/usr/bin/node', ...args]);
    expect(exec).toContain('%%');
    expect(exec).toContain('$$HOME');
    expect(u.timer).toMatch(/^OnCalendar=\*-\*-\* 07:05:00$/m);
    expect(u.timer).toMatch(/^Persistent=true$/m);
    expect(u.timer).toMatch(/^WantedBy=timers.target$/m);
    expect(() => systemdQuote('a\nExecStartPre=/bin/evil')).toThrow(/control character/);
  });

  it('structure: sections and keys systemd knows', () => {
    const u = systemdUnits({ program, args, at: '07:30', env: { LANG: 'ja_JP.UTF-8' } });
    const known: Record<string, string[]> = {
      Unit: ['Description'],
      Service: ['Type', 'ExecStart', 'Environment', 'Nice', 'IOSchedulingClass', 'TimeoutStartSec'],
      Timer: ['OnCalendar', 'Persistent', 'AccuracySec', 'Unit'],
      Install: ['WantedBy'],
    };
    for (const text of [u.service, u.timer]) {
      let section = '';
      for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        const s = /^\[(\w+)\]$/.exec(line);
        if (s) {
          section = s[1];
          expect(Object.keys(known)).toContain(section);
          continue;
        }
        const key = /^(\w+)=/.exec(line)?.[1];
        expect(known[section], line).toContain(key);
      }
    }
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!analyze)('systemd-analyze verify accepts the units (program path with a space)', () => {
    const dir = path.join(tmp, 'units');
    execFileSync('mkdir', ['-p', dir]);
    const u = systemdUnits({ program, args: ['daily', '--history-dir', nasty], at: '07:30', env: { LANG: 'ja_JP.UTF-8' } });
    writeFileSync(path.join(dir, u.serviceName), u.service);
    writeFileSync(path.join(dir, u.timerName), u.timer);
    const r = spawnSync('systemd-analyze', ['verify', path.join(dir, u.serviceName), path.join(dir, u.timerName)], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/Unknown|ignoring|not executable|Failed|Invalid/i);
    expect(r.status, r.stderr).toBe(0);
    const cal = spawnSync('systemd-analyze', ['calendar', '*-*-* 07:30:00'], { encoding: 'utf8' });
    expect(cal.status, cal.stderr).toBe(0);
  });

  it('rejects a bad time', () => {
    expect(parseAt('7:30')).toBe('07:30');
    expect(() => parseAt('24:00')).toThrow(/HH:MM/);
    expect(() => parseAt('07:30; rm -rf /')).toThrow(/HH:MM/);
  });
});

describe('Task Scheduler XML', () => {
  const program = 'C:\\Program Files\\posaudit\\posaudit.exe';
  const args = ['daily', '--history-dir', 'C:\\Store Data\\posaudit\\', '--profile', 'C:\\p\\a "b".yaml', '--lang', 'ja', '<&>'];
  const xml = taskXml({ program, args, at: '07:30' });

  type Node = Record<string, unknown>;
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: true,
  });
  const tree = parser.parse(xml) as Node[];
  const names = (nodes: Node[]) => nodes.map((n) => Object.keys(n).find((k) => k !== ':@')!).filter((k) => k !== '?xml');
  const child = (nodes: Node[], name: string): Node[] => (nodes.find((n) => name in n)?.[name] as Node[]) ?? [];
  const text = (nodes: Node[], name: string): string =>
    String((child(nodes, name)[0] as { '#text'?: unknown } | undefined)?.['#text'] ?? '');
  /** The names appear in the order the schema's xs:sequence gives (absent ones skipped). */
  const inOrder = (got: string[], sequence: string[]) => {
    const idx = got.map((g) => sequence.indexOf(g));
    expect(
      idx.every((i) => i >= 0),
      `${got.join(',')} ⊄ ${sequence.join(',')}`,
    ).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  };

  it('has the documented root, namespace and version', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    const root = tree.find((n) => 'Task' in n)!;
    expect((root[':@'] as Record<string, string>)['@xmlns']).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task');
    expect((root[':@'] as Record<string, string>)['@version']).toBe('1.2');
    const task = root.Task as Node[];
    // taskType is an xs:all of these; each at most once.
    const kids = names(task);
    expect(new Set(kids).size).toBe(kids.length);
    for (const k of kids) expect(['RegistrationInfo', 'Triggers', 'Settings', 'Data', 'Principals', 'Actions']).toContain(k);
    for (const k of ['Triggers', 'Settings', 'Actions']) expect(kids).toContain(k);
  });

  it('the trigger, principal, settings and action follow the schema', () => {
    const task = tree.find((n) => 'Task' in n)!.Task as Node[];
    const trig = child(child(task, 'Triggers'), 'CalendarTrigger');
    inOrder(names(trig), [
      'Repetition',
      'StartBoundary',
      'EndBoundary',
      'ExecutionTimeLimit',
      'Enabled',
      'RandomDelay',
      'ScheduleByDay',
      'ScheduleByWeek',
      'ScheduleByMonth',
      'ScheduleByMonthDayOfWeek',
    ]);
    expect(text(trig, 'StartBoundary')).toMatch(/^\d{4}-\d{2}-\d{2}T07:30:00$/);
    const days = Number(text(child(trig, 'ScheduleByDay'), 'DaysInterval'));
    expect(days >= 1 && days <= 365).toBe(true);
    const principal = child(child(task, 'Principals'), 'Principal');
    inOrder(names(principal), [
      'UserId',
      'LogonType',
      'GroupId',
      'DisplayName',
      'RunLevel',
      'ProcessTokenSidType',
      'RequiredPrivileges',
    ]);
    expect(['LeastPrivilege', 'HighestAvailable']).toContain(text(principal, 'RunLevel'));
    const pid = (child(task, 'Principals').find((n) => 'Principal' in n)![':@'] as Record<string, string>)['@id'];
    const actions = task.find((n) => 'Actions' in n)!;
    expect((actions[':@'] as Record<string, string>)['@Context']).toBe(pid);
    const settings = child(task, 'Settings');
    const allowedSettings = [
      'AllowStartOnDemand',
      'RestartOnFailure',
      'MultipleInstancesPolicy',
      'DisallowStartIfOnBatteries',
      'StopIfGoingOnBatteries',
      'AllowHardTerminate',
      'StartWhenAvailable',
      'NetworkProfileName',
      'RunOnlyIfNetworkAvailable',
      'WakeToRun',
      'Enabled',
      'Hidden',
      'DeleteExpiredTaskAfter',
      'IdleSettings',
      'NetworkSettings',
      'ExecutionTimeLimit',
      'Priority',
      'RunOnlyIfIdle',
      'UseUnifiedSchedulingEngine',
      'DisallowStartOnRemoteAppSession',
      'MaintenanceSettings',
      'Volatile',
    ];
    for (const k of names(settings)) expect(allowedSettings).toContain(k);
    expect(['Parallel', 'Queue', 'IgnoreNew', 'StopExisting']).toContain(text(settings, 'MultipleInstancesPolicy'));
    expect(text(settings, 'ExecutionTimeLimit')).toMatch(/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/);
    for (const b of ['DisallowStartIfOnBatteries', 'StopIfGoingOnBatteries', 'StartWhenAvailable', 'Enabled'])
      expect(['true', 'false']).toContain(text(settings, b));
    const exec = child(child(task, 'Actions'), 'Exec');
    inOrder(names(exec), ['Command', 'Arguments', 'WorkingDirectory']);
    expect(text(exec, 'Command')).toBe(program);
  });

  it('arguments come back intact through the Windows command-line rules', () => {
    const parsed = new XMLParser({ processEntities: true, parseTagValue: false }).parse(xml) as {
      Task: { Actions: { Exec: { Arguments: string } } };
    };
    expect(argvW(parsed.Task.Actions.Exec.Arguments)).toEqual(args);
    expect(argvW(windowsArg(''))).toEqual(['']);
    expect(argvW(windowsArg('a\\\\"b c\\'))).toEqual(['a\\\\"b c\\']);
  });

  it('is written as UTF-16 LE with a BOM', () => {
    const b = taskXmlBytes(xml);
    expect([b[0], b[1]]).toEqual([0xff, 0xfe]);
    expect(b.subarray(2).toString('utf16le')).toBe(xml);
  });
});

describe('schedule install / remove', () => {
  function env(platform: NodeJS.Platform): ScheduleEnv & { text: () => string; ran: string[][] } {
    const chunks: string[] = [];
    const ran: string[][] = [];
    return {
      out: { write: (s: string) => chunks.push(s) },
      run: async (cmd, a) => {
        ran.push([cmd, ...a]);
        return { code: 0, stderr: '' };
      },
      self: { program: '/usr/bin/node', args: ['/opt/pos audit/dist/bin/posaudit.js'] },
      platform,
      text: () => chunks.join(''),
      ran,
    };
  }

  it('--dry-run --unit-dir writes the units there and runs nothing', async () => {
    const dir = path.join(tmp, 'dry units');
    const e = env('linux');
    expect(await scheduleInstall({ at: '06:45', dryRun: true, unitDir: dir, lang: 'en', historyDir: '/srv/h h' }, e)).toBe(0);
    expect(e.ran).toEqual([]);
    const service = readFileSync(path.join(dir, 'posaudit-daily.service'), 'utf8');
    expect(service).toContain(
      'ExecStart="/usr/bin/node" "/opt/pos audit/dist/bin/posaudit.js" "daily" "--history-dir" "/srv/h h" "--lang" "en"',
    );
    expect(readFileSync(path.join(dir, 'posaudit-daily.timer'), 'utf8')).toContain('OnCalendar=*-*-* 06:45:00');
    expect(e.text()).toContain('Would run: systemctl enable --now posaudit-daily.timer');
    const r = env('linux');
    await scheduleRemove({ dryRun: true, unitDir: dir, lang: 'ja' }, r);
    expect(r.ran).toEqual([]);
    expect(existsSync(path.join(dir, 'posaudit-daily.service'))).toBe(true);
    expect(r.text()).toContain('実行するコマンド（今回は実行しません）: systemctl disable --now posaudit-daily.timer');
  });

  it('install then remove runs systemctl as documented', async () => {
    const dir = path.join(tmp, 'real units');
    const e = env('linux');
    await scheduleInstall({ at: '07:30', unitDir: dir, lang: 'ja' }, e);
    expect(e.ran).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'posaudit-daily.timer'],
    ]);
    expect(e.text()).toContain('設定しました: posaudit daily を毎日 07:30 に実行します。');
    const r = env('linux');
    await scheduleRemove({ unitDir: dir, lang: 'en' }, r);
    expect(r.ran).toEqual([
      ['systemctl', 'disable', '--now', 'posaudit-daily.timer'],
      ['systemctl', 'daemon-reload'],
    ]);
    expect(existsSync(path.join(dir, 'posaudit-daily.timer'))).toBe(false);
  });

  it('Windows: writes the task XML and calls schtasks /Create /XML', async () => {
    const dir = path.join(tmp, 'win');
    const e = env('win32');
    e.self = { program: 'C:\\posaudit\\posaudit.exe', args: [] };
    await scheduleInstall({ at: '08:00', unitDir: dir, lang: 'en' }, e);
    const file = path.join(dir, 'posaudit-daily.xml');
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(e.ran).toEqual([['schtasks', '/Create', '/TN', 'posaudit-daily', '/XML', file, '/F']]);
    const r = env('win32');
    await scheduleRemove({ unitDir: dir, lang: 'en' }, r);
    expect(r.ran).toEqual([['schtasks', '/Delete', '/TN', 'posaudit-daily', '/F']]);
  });

  it('a failing systemctl is one clear error', async () => {
    const e = env('linux');
    e.run = async () => ({ code: 1, stderr: 'Failed to connect to bus\nmore' });
    await expect(scheduleInstall({ unitDir: path.join(tmp, 'u3'), lang: 'en' }, e)).rejects.toThrow(
      /"systemctl daemon-reload" failed \(exit 1\): Failed to connect to bus$/,
    );
  });

  it("the scheduled command carries the installer's language and absolute paths", () => {
    expect(dailyArgs({ historyDir: 'rel dir', retentionDays: '30', profile: 'daily' }, 'ja')).toEqual([
      'daily',
      '--history-dir',
      path.resolve('rel dir'),
      '--retention-days',
      '30',
      '--profile',
      'daily',
      '--lang',
      'ja',
    ]);
  });
});
