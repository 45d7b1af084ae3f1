/**
 * `posaudit daily` on an image fixture: a USB policy opened between two runs is "new", then
 * "fixed" once restored; the verdict is short, bilingual and terminal-safe; history is kept per
 * day, indexed, pruned by retention, and rendered as a trend page.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDailyVerdict, runDaily, parseRetention, type DailyRun } from '../../bin/commands/daily.js';
import { daysBetween, defaultHistoryDir, History, localDay, INDEX_FILE, TREND_FILE } from '../../engine/history.js';
import type { Report } from '../../core/model.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/images/linux-usb-locked', import.meta.url));
const MODPROBE = 'etc/modprobe.d/usb-storage.conf';
const USBGUARD = 'etc/usbguard/usbguard-daemon.conf';
const USB = 'usb.storage-blocked';

let tmp: string;
let image: string;
let hist: string;
const runs: DailyRun[] = [];

function at(day: string): Date {
  return new Date(`${day}T07:30:00`);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit daily '));
  image = path.join(tmp, 'image with spaces');
  hist = path.join(tmp, 'history');
  cpSync(FIXTURE, image, { recursive: true });
  const target = `image:${image}`;
  // Day 1: locked. Day 2: someone re-opens USB storage (modprobe lines gone, USBGuard allowing). Day 3: restored.
  runs.push(await runDaily(target, { historyDir: hist }, { now: at('2026-03-01'), lang: 'en' }));
  writeFileSync(path.join(image, MODPROBE), '# usb-storage allowed for a firmware update\n');
  writeFileSync(
    path.join(image, USBGUARD),
    readFileSync(path.join(FIXTURE, USBGUARD), 'utf8').replace('ImplicitPolicyTarget=block', 'ImplicitPolicyTarget=allow'),
  );
  runs.push(await runDaily(target, { historyDir: hist }, { now: at('2026-03-02'), lang: 'ja' }));
  cpSync(path.join(FIXTURE, MODPROBE), path.join(image, MODPROBE));
  cpSync(path.join(FIXTURE, USBGUARD), path.join(image, USBGUARD));
  runs.push(await runDaily(target, { historyDir: hist }, { now: at('2026-03-03'), lang: 'en' }));
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('posaudit daily: two runs with a change in between', () => {
  it('the first run has nothing to compare with and passes the USB check', () => {
    const [r1] = runs;
    expect(r1.previous).toBeUndefined();
    expect(r1.verdict).toContain('First run');
    expect(r1.report.targets[0].results.find((r) => r.checkId === USB)?.status).toBe('pass');
    expect(r1.report.profiles.map((p) => p.id)).toEqual(['daily']);
  });

  it('re-opening USB storage shows as new since the day before, in Japanese', () => {
    const r2 = runs[1];
    expect(r2.previous?.day).toBe('2026-03-01');
    expect(r2.diff?.new.map((e) => e.checkId)).toEqual([USB]);
    expect(r2.diff?.fixed).toEqual([]);
    expect(r2.exitCode).toBe(1);
    const lines = r2.verdict.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✗ 2026-03-02 要対応/);
    expect(lines[1]).toBe('2026-03-01 からの新しい問題: 1 件');
    expect(lines[2]).toMatch(/^ {2}\+ USB メモリが使えないようになっている: /);
    // The USB failure says what is wrong (the finding, not the control's positive title with ✗), then what
    // to do from the check's Japanese remediation, wrapped, not cut.
    expect(r2.verdict).not.toMatch(/✗ USB メモリが使えないようになっている/);
    expect(r2.verdict).toMatch(/ {2}✗ USB ストレージ[^\n]*(\n {4}[^\n]*)*→[^\n]*(\n {4}[^\n]*)*modprobe/);
    const todo = r2.verdict.slice(r2.verdict.indexOf('対応すること'));
    expect(todo.split('\n').filter((l) => l.endsWith('…'))).toEqual([]);
  });

  it('restoring the files shows as fixed', () => {
    const r3 = runs[2];
    expect(r3.previous?.day).toBe('2026-03-02');
    expect(r3.diff?.fixed.map((e) => e.checkId)).toEqual([USB]);
    expect(r3.diff?.new).toEqual([]);
    expect(r3.verdict).toContain('Nothing new since 2026-03-02');
    expect(r3.verdict).toMatch(/Fixed: 1\n {2}✓ USB memory sticks cannot be used: /);
    expect(r3.report.targets[0].results.find((r) => r.checkId === USB)?.status).toBe('pass');
  });

  it('keeps one report per day, an index and a trend page; the HTML report shows the change', () => {
    expect(new History(hist).days()).resolves.toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    for (const d of ['2026-03-01', '2026-03-02', '2026-03-03']) expect(existsSync(path.join(hist, d, 'report.json'))).toBe(true);
    const index = JSON.parse(readFileSync(path.join(hist, INDEX_FILE), 'utf8')) as {
      days: Array<{ day: string; issues: Array<{ checkId: string }> }>;
    };
    expect(index.days.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(index.days[1].issues.some((i) => i.checkId === USB)).toBe(true);
    expect(index.days[2].issues.some((i) => i.checkId === USB)).toBe(false);
    const trend = readFileSync(path.join(hist, TREND_FILE), 'utf8');
    expect(trend).toContain('2026-03-02');
    expect(trend).toContain(USB);
    expect(runs[1].report.baseline?.source).toBe(path.join(hist, '2026-03-01', 'report.json'));
  });

  it('a second run on the same day compares with the earlier run and keeps it (issue 18: it was replaced)', async () => {
    const first = JSON.parse(readFileSync(path.join(hist, '2026-03-03', 'report.json'), 'utf8')) as Report;
    const again = await runDaily(`image:${image}`, { historyDir: hist, lang: 'en' }, { now: new Date('2026-03-03T18:00:00') });
    expect(again.previous?.day).toBe('2026-03-03');
    expect(again.verdict).toMatch(/Nothing new since 2026-03-03 \d\d:\d\d/);
    expect(await new History(hist).days()).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    // The earlier run is under runs/HHMMSS/, whole, and both runs are in the index.
    const kept = readdirSync(path.join(hist, '2026-03-03', 'runs'));
    expect(kept).toHaveLength(1);
    const earlier = JSON.parse(readFileSync(path.join(hist, '2026-03-03', 'runs', kept[0], 'report.json'), 'utf8')) as Report;
    expect(earlier.createdAt).toBe(first.createdAt);
    expect(existsSync(path.join(hist, '2026-03-03', 'runs', kept[0], 'report.html'))).toBe(true);
    const index = JSON.parse(readFileSync(path.join(hist, INDEX_FILE), 'utf8')) as {
      days: Array<{ day: string; createdAt: string }>;
    };
    expect(index.days.filter((d) => d.day === '2026-03-03').map((d) => d.createdAt)).toEqual([
      first.createdAt,
      again.report.createdAt,
    ]);
  });

  it('--out puts the reports elsewhere and still records the day in the history', async () => {
    const out = path.join(tmp, 'elsewhere');
    const r = await runDaily(`image:${image}`, { historyDir: hist, out, format: 'json' }, { now: at('2026-03-04'), lang: 'en' });
    expect(r.outDir).toBe(out);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
    expect(existsSync(path.join(hist, '2026-03-04', 'report.json'))).toBe(true);
  });
});

describe('the verdict text', () => {
  function fake(n: number, withPan = false): Report {
    const base = JSON.parse(readFileSync(path.join(hist, '2026-03-02', 'report.json'), 'utf8')) as Report;
    const tg = base.targets[0];
    const fail = tg.results.find((r) => r.status === 'fail')!;
    tg.results = Array.from({ length: n }, (_, i) => ({
      ...structuredClone(fail),
      controlId: `c${i}`,
      checkId: `x.check-${i}`,
      findings: [
        {
          status: 'fail' as const,
          message: { en: `bad ${i}${withPan ? ' 4111111111111111' : ''}\u001b[2J`, ja: `問題 ${i}` },
          location: `/f${i}`,
        },
      ],
      remediation: { en: `Do thing ${i}. Then more.\nSecond line`, ja: `対処 ${i}。その後。` },
    }));
    return base;
  }

  it('stays at 15 lines or fewer however much changed, and never prints a card number or escape sequence', () => {
    const old = fake(0);
    const now = fake(30, true);
    const diff = {
      from: { createdAt: old.createdAt },
      to: { createdAt: now.createdAt },
      new: [],
      fixed: [],
      unchanged: [],
      notRechecked: [],
    } as NonNullable<DailyRun['diff']>;
    const entries = now.targets[0].results.map((r) => ({
      key: r.checkId,
      fingerprint: '',
      targetId: 't',
      targetName: 't',
      controlId: r.controlId,
      checkId: r.checkId,
      severity: r.severity,
      status: 'fail' as const,
      message: r.findings[0].message,
    }));
    diff.new = entries;
    diff.fixed = entries;
    for (const lang of ['en', 'ja'] as const) {
      const text = renderDailyVerdict(now, {
        lang,
        day: '2026-03-05',
        previous: { day: '2026-03-04', createdAt: old.createdAt },
        diff,
        reportFile: '/h/2026-03-05/report.html',
      });
      const lines = text.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(15);
      expect(text).not.toContain('4111111111111111');
      expect(text).not.toContain('\u001b');
      expect(text).toMatch(lang === 'en' ? /and 28 more/ : /ほか 28 件/);
      if (lang === 'en') expect(text).toContain('→ Do thing 0.');
      else expect(text).toContain('→ 対処 0。');
      expect(text).not.toContain('Then more');
    }
  });

  it('says compliant with a tick when nothing fails', () => {
    const r = fake(0);
    r.verdict = 'compliant';
    expect(renderDailyVerdict(r, { lang: 'ja', day: '2026-03-05' })).toMatch(/^✓ 2026-03-05 問題なし/);
  });
});

describe('history', () => {
  it('prunes day folders older than the retention, and only its own', async () => {
    const dir = path.join(tmp, 'prune');
    const report = readFileSync(path.join(hist, '2026-03-01', 'report.json'));
    const mk = (name: string, file = 'report.json') => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, file), report);
    };
    mk('2025-01-01');
    mk('2025-01-25'); // exactly 400 days before 2026-03-01: kept
    mk('2025-01-24'); // 401 days: pruned
    mk('2024-06-01', 'notes.txt'); // a date-named folder that is not ours: kept
    mk('not-a-day');
    expect(daysBetween('2025-01-25', '2026-03-01')).toBe(400);
    const h = new History(dir);
    expect(await h.prune('2026-03-01', 400)).toEqual(['2025-01-01', '2025-01-24']);
    expect(existsSync(path.join(dir, '2025-01-25'))).toBe(true);
    expect(existsSync(path.join(dir, '2024-06-01', 'notes.txt'))).toBe(true);
    expect(existsSync(path.join(dir, 'not-a-day'))).toBe(true);
    expect((await h.index()).map((e) => e.day)).toEqual(['2025-01-25']);
  });

  it('a daily run with --retention-days drops what is older and the index follows', async () => {
    const r = await runDaily(
      `image:${image}`,
      { historyDir: hist, retentionDays: '2', format: 'json' },
      { now: at('2026-03-05'), lang: 'en' },
    );
    expect(r.pruned).toEqual(['2026-03-01', '2026-03-02']);
    const index = JSON.parse(readFileSync(path.join(hist, INDEX_FILE), 'utf8')) as { days: Array<{ day: string }> };
    expect(index.days.map((d) => d.day)).toEqual(['2026-03-03', '2026-03-03', '2026-03-04', '2026-03-05']);
  });

  it('rejects a bad retention', () => {
    expect(() => parseRetention('0')).toThrow(/whole number/);
    expect(() => parseRetention('1.5')).toThrow(/whole number/);
    expect(parseRetention(undefined)).toBe(400);
  });

  it('local days and the default folder per machine', () => {
    expect(localDay(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09');
    expect(defaultHistoryDir('win32', { ProgramData: 'D:\\Data' })).toBe('D:\\Data\\posaudit');
    expect(
      defaultHistoryDir(
        'linux',
        {},
        '/home/u',
        () => true,
        () => true,
      ),
    ).toBe('/var/lib/posaudit');
    expect(
      defaultHistoryDir(
        'linux',
        { XDG_STATE_HOME: '/s' },
        '/home/u',
        () => false,
        () => true,
      ),
    ).toBe('/s/posaudit');
    expect(
      defaultHistoryDir(
        'linux',
        { XDG_STATE_HOME: 'relative' },
        '/home/u',
        () => false,
        () => false,
      ),
    ).toBe('/home/u/.local/state/posaudit');
  });
});
