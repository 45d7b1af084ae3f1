/**
 * `posaudit schedule install --at HH:MM` and `posaudit schedule remove`: run `posaudit daily`
 * every day with a systemd timer (Linux) or a Task Scheduler task (Windows).
 * `--dry-run` writes the files to `--unit-dir` (or prints them) and runs nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fsp, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { t, tr, type Lang, type Text } from '../../core/i18n.js';
import { parseAt, systemdUnits, TASK_NAME, taskXml, taskXmlBytes, UNIT_NAME, type ScheduleSpec } from '../../engine/schedule.js';
import { parseRetention } from './daily.js';
import { parseLang } from './common.js';

export type SchedulePlatform = 'linux' | 'windows';

export interface ScheduleCliOptions {
  at?: string;
  historyDir?: string;
  retentionDays?: string;
  lang?: string;
  profile?: string;
  target?: string;
  unitDir?: string;
  dryRun?: boolean;
  platform?: string;
}

export type CommandRunner = (cmd: string, args: string[]) => Promise<{ code: number; stderr: string }>;

const execRunner: CommandRunner = (cmd, args) =>
  new Promise((resolve) => {
    execFile(cmd, args, { windowsHide: true, timeout: 60_000 }, (err, _stdout, stderr) => {
      const code = err
        ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
          ? Number((err as { code: number }).code)
          : 127
        : 0;
      resolve({ code, stderr: String(stderr || (err ? err.message : '')) });
    });
  });

export interface ScheduleEnv {
  /** Where output goes (stdout). */
  out: { write(s: string): unknown };
  run: CommandRunner;
  /** The program and leading args that start posaudit (node + script, or the standalone exe). */
  self?: { program: string; args: string[] };
  platform?: NodeJS.Platform;
}

const M = {
  wrote: t('Wrote {file}', '{file} を作成しました'),
  removed: t('Removed {file}', '{file} を削除しました'),
  wouldRun: t('Would run: {cmd}', '実行するコマンド（今回は実行しません）: {cmd}'),
  running: t('Running: {cmd}', '実行中: {cmd}'),
  installed: t('Done: posaudit daily runs every day at {at}.', '設定しました: posaudit daily を毎日 {at} に実行します。'),
  removedAll: t('Done: the daily run is no longer scheduled.', '解除しました: 毎日の自動実行は行われなくなりました。'),
  failed: t('"{cmd}" failed (exit {code}): {err}', '「{cmd}」が失敗しました（終了コード {code}）: {err}'),
  needRoot: t(
    'cannot write {dir}: {code}. Run as administrator (sudo), or use --dry-run / --unit-dir.',
    '{dir} に書き込めません: {code}。管理者（sudo）で実行するか、--dry-run / --unit-dir を使ってください。',
  ),
  notSupported: t(
    'schedule supports Linux (systemd) and Windows (Task Scheduler); use --platform linux or windows with --dry-run to write the files',
    'schedule は Linux（systemd）と Windows（タスク スケジューラ）に対応しています。' +
      'ファイルだけ作るには --dry-run と --platform linux か windows を指定してください',
  ),
};

function fill(text: { en: string; ja: string }, lang: Lang, vars: Record<string, string | number>): string {
  return tr(text, lang).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Both languages filled in, for a UsageError (the CLI picks the language when it prints it). */
function fillBoth(text: Text, vars: Record<string, string | number>): Text {
  return t(fill(text, 'en', vars), fill(text, 'ja', vars));
}

function schedulePlatform(value: string | undefined, host: NodeJS.Platform): SchedulePlatform {
  if (value === 'linux' || value === 'windows') return value;
  if (value !== undefined)
    throw new UsageError(
      `--platform must be linux or windows, not "${value}"`,
      `--platform には linux か windows を指定してください（指定値: "${value}"）`,
    );
  if (host === 'win32') return 'windows';
  if (host === 'linux') return 'linux';
  throw new UsageError(M.notSupported);
}

/** How this very posaudit is started again: the standalone executable, or node with this script. */
export async function selfCommand(): Promise<{ program: string; args: string[] }> {
  try {
    const sea = (await import('node:sea')) as { isSea?: () => boolean };
    if (sea.isSea?.()) return { program: process.execPath, args: [] };
  } catch {
    /* not a Node with SEA support */
  }
  const script = process.argv[1] ? realpathSync(process.argv[1]) : '';
  if (!script)
    throw new UsageError('cannot tell which posaudit script is running', '実行中の posaudit のスクリプトがどれか判別できません');
  return { program: process.execPath, args: [script] };
}

/** The `posaudit daily …` command the scheduler runs. */
export function dailyArgs(o: ScheduleCliOptions, lang: Lang): string[] {
  const args = ['daily'];
  if (o.target) args.push(o.target);
  if (o.historyDir) args.push('--history-dir', path.resolve(o.historyDir));
  if (o.retentionDays !== undefined) args.push('--retention-days', String(parseRetention(o.retentionDays)));
  if (o.profile)
    args.push('--profile', o.profile.includes('/') || o.profile.includes('\\') ? path.resolve(o.profile) : o.profile);
  // Schedulers start with no locale: keep the language of whoever installed it.
  args.push('--lang', lang);
  return args;
}

function showCmd(cmd: string, args: string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

async function writeFileTo(dir: string, name: string, data: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  try {
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(file, data, { mode: 0o644 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(fillBoth(M.needRoot, { dir, code }));
  }
  return file;
}

async function runAll(
  cmds: Array<[string, string[]]>,
  env: ScheduleEnv,
  lang: Lang,
  dryRun: boolean,
  tolerate = false,
): Promise<void> {
  for (const [cmd, args] of cmds) {
    if (dryRun) {
      env.out.write(fill(M.wouldRun, lang, { cmd: showCmd(cmd, args) }) + '\n');
      continue;
    }
    env.out.write(fill(M.running, lang, { cmd: showCmd(cmd, args) }) + '\n');
    const r = await env.run(cmd, args);
    if (r.code !== 0 && !tolerate)
      throw new UsageError(
        fillBoth(M.failed, { cmd: showCmd(cmd, args), code: r.code, err: r.stderr.trim().split('\n')[0] ?? '' }),
      );
  }
}

function defaultUnitDir(p: SchedulePlatform): string {
  return p === 'linux' ? '/etc/systemd/system' : path.win32.join(process.env.ProgramData || 'C:\\ProgramData', 'posaudit');
}

export async function scheduleInstall(o: ScheduleCliOptions, env: ScheduleEnv): Promise<number> {
  const lang = parseLang(o.lang);
  const at = parseAt(o.at ?? '07:30');
  const p = schedulePlatform(o.platform, env.platform ?? process.platform);
  const self = env.self ?? (await selfCommand());
  if (self.args.some((a) => /\.tsx?$/.test(a))) {
    const msg = t(
      'the scheduler cannot run TypeScript sources: install from the built package (npm run build) or use the standalone executable',
      'スケジューラーは TypeScript のソースを実行できません。ビルド済みのパッケージ（npm run build）か単体実行ファイルから実行してください',
    );
    if (!o.dryRun) throw new UsageError(msg);
    env.out.write(`# ${tr(msg, lang)}\n`);
  }
  const spec: ScheduleSpec = { program: self.program, args: [...self.args, ...dailyArgs(o, lang)], at };
  const dryRun = Boolean(o.dryRun);
  const dir = o.unitDir ? path.resolve(o.unitDir) : dryRun ? undefined : defaultUnitDir(p);
  if (p === 'linux') {
    const u = systemdUnits(spec);
    if (dir) {
      for (const [name, text] of [
        [u.serviceName, u.service],
        [u.timerName, u.timer],
      ] as const)
        env.out.write(fill(M.wrote, lang, { file: await writeFileTo(dir, name, text) }) + '\n');
    } else env.out.write(`# ${u.serviceName}\n${u.service}\n# ${u.timerName}\n${u.timer}\n`);
    await runAll(
      [
        ['systemctl', ['daemon-reload']],
        ['systemctl', ['enable', '--now', u.timerName]],
      ],
      env,
      lang,
      dryRun,
    );
  } else {
    const xml = taskXml(spec);
    let file = path.win32.join(defaultUnitDir('windows'), `${TASK_NAME}.xml`);
    if (dir) {
      file = await writeFileTo(dir, `${TASK_NAME}.xml`, taskXmlBytes(xml));
      env.out.write(fill(M.wrote, lang, { file }) + '\n');
    } else env.out.write(xml);
    await runAll([['schtasks', ['/Create', '/TN', TASK_NAME, '/XML', file, '/F']]], env, lang, dryRun);
  }
  if (!dryRun) env.out.write(fill(M.installed, lang, { at }) + '\n');
  return 0;
}

export async function scheduleRemove(o: ScheduleCliOptions, env: ScheduleEnv): Promise<number> {
  const lang = parseLang(o.lang);
  const p = schedulePlatform(o.platform, env.platform ?? process.platform);
  const dryRun = Boolean(o.dryRun);
  const dir = o.unitDir ? path.resolve(o.unitDir) : defaultUnitDir(p);
  const names = p === 'linux' ? [`${UNIT_NAME}.timer`, `${UNIT_NAME}.service`] : [`${TASK_NAME}.xml`];
  if (p === 'linux') await runAll([['systemctl', ['disable', '--now', `${UNIT_NAME}.timer`]]], env, lang, dryRun, true);
  else await runAll([['schtasks', ['/Delete', '/TN', TASK_NAME, '/F']]], env, lang, dryRun, true);
  for (const name of names) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    if (dryRun) env.out.write(fill(M.wouldRun, lang, { cmd: showCmd('rm', [file]) }) + '\n');
    else {
      await fsp.rm(file, { force: true }).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(fillBoth(M.needRoot, { dir, code: err.code ?? String(err) }));
      });
      env.out.write(fill(M.removed, lang, { file }) + '\n');
    }
  }
  if (p === 'linux') await runAll([['systemctl', ['daemon-reload']]], env, lang, dryRun);
  if (!dryRun) env.out.write(tr(M.removedAll, lang) + '\n');
  return 0;
}

export function scheduleCommand(action: 'install' | 'remove', raw: Record<string, unknown>): Promise<number> {
  const env: ScheduleEnv = { out: process.stdout, run: execRunner };
  return action === 'install' ? scheduleInstall(raw as ScheduleCliOptions, env) : scheduleRemove(raw as ScheduleCliOptions, env);
}
