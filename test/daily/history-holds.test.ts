/**
 * The daily history never loses a finding: a card number found on one run is not "fixed" by a run
 * whose card-data search ran out of its budget (it is carried over as not re-checked and stays on
 * the trend), and times are written in the terminal's time zone so folder dates and report dates agree.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily, type DailyRun } from '../../bin/commands/daily.js';
import { INDEX_FILE, localDay, type DayEntry } from '../../engine/history.js';
import { isoWithOffset } from '../../core/time.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/images/linux-usb-locked', import.meta.url));

/** A Luhn-valid Visa-range number built at run time (never written into the repository). */
function cardNumber(): string {
  const body = [4, ...Array.from({ length: 14 }, () => Math.floor(Math.random() * 10))];
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body[body.length - 1 - i];
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body.join('') + String((10 - (sum % 10)) % 10);
}

function profile(dir: string, name: string, maxTotalBytes?: number): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `id: ${name}`,
      'version: "1"',
      'title: { en: "Card data", ja: "カード情報" }',
      'controls:',
      '  - id: daily-card-data',
      '    requirements: ["PCI 3.3.1"]',
      '    severity: critical',
      '    title: { en: "No card data left in logs", ja: "ログにカード情報が残っていない" }',
      '    checks:',
      '      - check: pan.stored-pan',
      `        params: { paths: ["/var/log"]${maxTotalBytes ? `, maxTotalBytes: ${maxTotalBytes}` : ''} }`,
      '',
    ].join('\n'),
  );
  return file;
}

let tmp: string;
let hist: string;
const runs: DailyRun[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit-history-'));
  const image = path.join(tmp, 'image');
  hist = path.join(tmp, 'history');
  cpSync(FIXTURE, image, { recursive: true });
  mkdirSync(path.join(image, 'var/log/pos'), { recursive: true });
  // Plenty of log before the card number, so a 1-byte budget stops before it.
  writeFileSync(path.join(image, 'var/log/pos/aa-filler.log'), 'sale ok\n'.repeat(20_000));
  writeFileSync(path.join(image, 'var/log/pos/zz-sale.log'), `sale ok\ncard ${cardNumber()} exp 12/29\n`);
  const full = profile(tmp, 'card-full');
  const cut = profile(tmp, 'card-cut', 1);
  const target = `image:${image}`;
  const at = (day: string) => new Date(`${day}T07:30:00`);
  runs.push(await runDaily(target, { historyDir: hist, profile: full, format: 'json' }, { now: at('2026-05-01'), lang: 'en' }));
  runs.push(await runDaily(target, { historyDir: hist, profile: cut, format: 'json' }, { now: at('2026-05-02'), lang: 'en' }));
  runs.push(await runDaily(target, { historyDir: hist, profile: cut, format: 'json' }, { now: at('2026-05-03'), lang: 'en' }));
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('daily across a card-data search that ran out of its budget', () => {
  it('the first run finds the card number', () => {
    expect(runs[0].report.verdict).toBe('non-compliant');
    const r = runs[0].report.targets[0].results.find((x) => x.checkId === 'pan.stored-pan')!;
    expect(r.status).toBe('fail');
  });

  it('the cut-short run does not call it fixed: it is not re-checked, and the verdict says so', () => {
    const r = runs[1].report.targets[0].results.find((x) => x.checkId === 'pan.stored-pan')!;
    expect(r.status).not.toBe('fail');
    expect(r.findings.some((f) => f.partial)).toBe(true);
    expect(runs[1].diff!.fixed).toEqual([]);
    expect(runs[1].diff!.notRechecked.map((e) => e.checkId)).toContain('pan.stored-pan');
    expect(runs[1].verdict).not.toMatch(/Fixed/);
    expect(runs[1].verdict).toMatch(/Could not re-check 1 earlier problems/);
  });

  it('the card finding stays on the trend, carried over run after run until it is checked', () => {
    const index = JSON.parse(readFileSync(path.join(hist, INDEX_FILE), 'utf8')) as { days: DayEntry[] };
    const pan = (d: DayEntry) => d.issues.filter((i) => i.checkId === 'pan.stored-pan' && i.status === 'fail');
    expect(index.days.map((d) => d.day)).toEqual(['2026-05-01', '2026-05-02', '2026-05-03']);
    const [d1, d2, d3] = index.days;
    expect(pan(d1)).toHaveLength(1);
    expect(pan(d1)[0].carriedOver).toBeUndefined();
    for (const d of [d2, d3]) {
      expect(pan(d).map((i) => i.key)).toEqual(pan(d1).map((i) => i.key));
      expect(pan(d)[0].carriedOver).toBe(true);
    }
    // No full card number anywhere in the history.
    expect(readFileSync(path.join(hist, INDEX_FILE), 'utf8')).not.toMatch(/\d{13,19}/);
  });
});

describe('times in the terminal time zone', () => {
  it('a report is dated with the local offset, on the same day as its history folder', () => {
    const d = runs[0].report.createdAt;
    expect(d).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(d.slice(0, 10)).toBe(localDay(new Date(d)));
  });

  it('a store in Tokyo sees the folder day and the report time agree (the issue: 12-03 folder, 12-02 22:48Z report)', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      const d = new Date('2026-12-02T22:48:00Z');
      expect(isoWithOffset(d)).toBe('2026-12-03T07:48:00.000+09:00');
      expect(localDay(d)).toBe('2026-12-03');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('isoWithOffset is the same instant, written in local time', () => {
    for (const ms of [0, 1_764_000_000_000, 1_780_000_000_123]) {
      const d = new Date(ms);
      const s = isoWithOffset(d);
      expect(Date.parse(s)).toBe(ms);
      expect(s.slice(0, 10)).toBe(localDay(d));
    }
  });
});
