/**
 * The daily history: one folder per local calendar day (`YYYY-MM-DD/`) holding that day's latest
 * report (`report.json`; an earlier run of the same day is moved to `runs/HHMMSS/`, never lost),
 * plus a small `index.json` with one entry per run so the trend page does not re-read a year of
 * reports every morning. Retention prunes whole day folders.
 *
 * Only folders named like a date and holding a posaudit report (or nothing) are ever deleted,
 * so pointing `--history-dir` at a folder with other things in it cannot lose them.
 */
import { accessSync, constants, existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../core/model.js';
import type { DayEntry, DayIssue } from '../core/day-entry.js';
import { findingItems, ISSUE_STATUSES } from '../core/finding-key.js';
import type { DiffEntry, ReportDiff } from '../core/report.js';
import { recheckedIn } from './diff.js';
import { readJsonReport } from '../reporters/json.js';

export type { DayEntry, DayIssue } from '../core/day-entry.js';

export const DEFAULT_RETENTION_DAYS = 400;
export const REPORT_FILE = 'report.json';
export const INDEX_FILE = 'index.json';
export const TREND_FILE = 'trend.html';
/** Earlier runs of a day, inside its folder: `runs/HHMMSS/`. */
export const RUNS_DIR = 'runs';
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The local calendar day of a moment, `YYYY-MM-DD` (store staff think in local days). */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** `HHMMSS` of a moment in local time. */
function localClock(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Days between two `YYYY-MM-DD` dates (b - a), calendar-exact whatever the time zone. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function isDay(name: string): boolean {
  return DAY_RE.test(name) && !Number.isNaN(Date.parse(`${name}T00:00:00Z`));
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The per-machine history folder. Linux: /var/lib/posaudit when it is (or can be made) writable,
 * else $XDG_STATE_HOME/posaudit or ~/.local/state/posaudit. Windows: %ProgramData%\posaudit.
 */
export function defaultHistoryDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
  canWrite: (dir: string) => boolean = writable,
  exists: (p: string) => boolean = existsSync,
): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData', 'posaudit');
  const system = '/var/lib/posaudit';
  if (exists(system) ? canWrite(system) : canWrite('/var/lib')) return system;
  const state =
    env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(home, '.local', 'state');
  return path.join(state, 'posaudit');
}

/** The target, control and check of an issue key (see findingKey). */
export function issueScope(key: string): { targetId: string; controlId: string; checkId: string } | undefined {
  try {
    const [targetId, controlId, checkId] = JSON.parse(key) as unknown[];
    if (typeof targetId === 'string' && typeof controlId === 'string' && typeof checkId === 'string')
      return { targetId, controlId, checkId };
  } catch {
    /* not a key we wrote */
  }
  return undefined;
}

/**
 * What stays open as unknown after a run: what it could not re-check of the previous report
 * (diff.notRechecked), and what earlier runs carried over that it still could not re-check.
 */
export function carriedOver(
  report: Report,
  diff: ReportDiff | undefined,
  last: DayEntry | undefined,
): Array<DiffEntry | DayIssue> {
  const rechecked = recheckedIn(report);
  const carried: Array<DiffEntry | DayIssue> = [...(diff?.notRechecked ?? [])];
  for (const i of last?.issues ?? []) {
    const scope = issueScope(i.key);
    if (i.carriedOver && scope && !rechecked(scope)) carried.push(i);
  }
  return carried;
}

/**
 * The index entry of a run. `carried`: issues of earlier runs this run could not re-check
 * (diff.notRechecked, and what the previous entry carried that is still not re-checked).
 */
export function dayEntryOf(day: string, report: Report, carried: ReadonlyArray<DiffEntry | DayIssue> = []): DayEntry {
  const issues: DayIssue[] = [];
  for (const target of report.targets)
    for (const item of findingItems(target))
      if (ISSUE_STATUSES.has(item.status))
        issues.push({
          key: item.key,
          controlId: item.result.controlId,
          checkId: item.result.checkId,
          status: item.status,
          severity: item.result.severity,
          title: item.result.controlTitle,
        });
  const seen = new Set(issues.map((i) => i.key));
  for (const c of carried) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    issues.push({
      key: c.key,
      controlId: c.controlId,
      checkId: c.checkId,
      status: c.status,
      severity: c.severity,
      title: 'title' in c ? c.title : c.message,
      carriedOver: true,
    });
  }
  return {
    day,
    createdAt: report.createdAt,
    verdict: report.verdict,
    summary: report.summary,
    profiles: report.profiles.map((p) => p.id),
    targets: report.targets.map((tg) => tg.name),
    issues,
  };
}

export class History {
  constructor(readonly dir: string) {}

  dayDir(day: string): string {
    return path.join(this.dir, day);
  }

  reportFile(day: string): string {
    return path.join(this.dayDir(day), REPORT_FILE);
  }

  /**
   * Before a new run writes into a day folder that already holds a run: move that run's files to
   * `runs/HHMMSS/` (its local creation time), so every run of the day is kept. Returns the folder.
   */
  async keepEarlierRun(day: string): Promise<string | undefined> {
    const dir = this.dayDir(day);
    if (!existsSync(this.reportFile(day))) return undefined;
    let stamp = '';
    try {
      const created = (JSON.parse(await fsp.readFile(this.reportFile(day), 'utf8')) as { createdAt?: string }).createdAt;
      const d = new Date(created ?? '');
      if (!Number.isNaN(d.getTime())) stamp = localClock(d);
    } catch {
      /* unreadable: use the file time */
    }
    if (!stamp) stamp = localClock((await fsp.stat(this.reportFile(day))).mtime);
    let dest = path.join(dir, RUNS_DIR, stamp);
    for (let n = 2; existsSync(dest); n++) dest = path.join(dir, RUNS_DIR, `${stamp}-${n}`);
    await fsp.mkdir(dest, { recursive: true, mode: 0o750 });
    for (const name of await fsp.readdir(dir)) {
      if (name === RUNS_DIR) continue;
      await fsp.rename(path.join(dir, name), path.join(dest, name));
    }
    return dest;
  }

  async ensure(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o750 });
  }

  /** Days that hold a report, oldest first. */
  async days(): Promise<string[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => isDay(n) && existsSync(this.reportFile(n))).sort();
  }

  /**
   * The most recent readable report at or before `day` (today's earlier run counts: it is what
   * the machine looked like last time). Unreadable reports are skipped, not fatal.
   */
  async latest(day: string): Promise<{ day: string; file: string; report: Report } | undefined> {
    const days = (await this.days()).filter((d) => d <= day).reverse();
    for (const d of days) {
      try {
        return { day: d, file: this.reportFile(d), report: await readJsonReport(this.reportFile(d)) };
      } catch {
        /* a damaged day: try the one before */
      }
    }
    return undefined;
  }

  /**
   * Delete day folders older than `retentionDays` before `today` (a folder `retentionDays` old is kept).
   * Returns the days removed.
   */
  async prune(today: string, retentionDays: number): Promise<string[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names.filter(isDay).sort()) {
      if (daysBetween(name, today) <= retentionDays) continue;
      const dir = this.dayDir(name);
      const st = await fsp.lstat(dir).catch(() => undefined);
      if (!st?.isDirectory()) continue;
      const inside = await fsp.readdir(dir).catch(() => ['?']);
      // Ours only: a day folder with our report, or an empty one.
      if (inside.length > 0 && !inside.includes(REPORT_FILE)) continue;
      await fsp.rm(dir, { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  /** The index (rebuilt from the reports when missing or damaged), restricted to days still present. */
  async index(): Promise<DayEntry[]> {
    const days = await this.days();
    let entries: DayEntry[] = [];
    try {
      const raw = JSON.parse(await fsp.readFile(path.join(this.dir, INDEX_FILE), 'utf8')) as {
        version?: number;
        days?: DayEntry[];
      };
      if (raw.version === 1 && Array.isArray(raw.days))
        entries = raw.days.filter((e) => typeof e?.day === 'string' && Array.isArray(e.issues));
    } catch {
      entries = [];
    }
    const present = new Set(days);
    const out = entries.filter((e) => present.has(e.day));
    const indexed = new Set(out.map((e) => e.day));
    for (const d of days) {
      if (indexed.has(d)) continue;
      try {
        out.push(dayEntryOf(d, await readJsonReport(this.reportFile(d))));
      } catch {
        continue;
      }
    }
    return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  /** Record a run in the index (the report file itself is written by the reporters); earlier runs of the day stay. */
  async record(entry: DayEntry): Promise<DayEntry[]> {
    const list = (await this.index()).filter((e) => !(e.day === entry.day && e.createdAt === entry.createdAt));
    list.push(entry);
    const when = (e: DayEntry) => Date.parse(e.createdAt) || 0;
    list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : when(a) - when(b)));
    await this.writeIndex(list);
    return list;
  }

  async writeIndex(list: DayEntry[]): Promise<void> {
    const file = path.join(this.dir, INDEX_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify({ version: 1, days: list }) + '\n', { mode: 0o640 });
    await fsp.rename(tmp, file);
  }
}
