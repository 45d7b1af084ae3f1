import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../core/model.js';
import type { ProgressEvent } from '../../core/progress.js';
import { createPlainListener } from '../../reporters/console-plain.js';
import { LiveView, MAX_RUNNING_ROWS, ProgressStore } from '../../reporters/console.js';
import { displayWidth, renderSummaryTable, TOP_FAILING, wrapText } from '../../reporters/summary-table.js';
import { t } from '../../core/i18n.js';
import { fleetReport, HOSTILE, sampleReport } from '../helpers/sample-report.js';

const summary = (over: Partial<Summary> = {}): Summary => ({
  pass: 5,
  fail: 0,
  warn: 0,
  error: 0,
  'not-applicable': 0,
  manual: 0,
  waived: 0,
  total: 5,
  ...over,
});
const tick = () => new Promise((r) => setTimeout(r, 20));
/** Wait until a frame shows a text (the live view redraws on its own clock). */
async function frameWith(ui: { lastFrame(): string | undefined }, text: string): Promise<string> {
  for (let i = 0; i < 100 && !(ui.lastFrame() ?? '').includes(text); i++) await tick();
  return ui.lastFrame() ?? '';
}

describe('live console (ink)', () => {
  it('shows finished hosts once, hosts in flight with their phase, and progress', async () => {
    const store = new ProgressStore();
    const ui = render(<LiveView store={store} lang="en" />);
    store.push({ type: 'start', targets: 3 });
    store.push({ type: 'target-start', id: 'a', name: 'pos-0001' });
    store.push({ type: 'target-start', id: 'b', name: 'pos-0002' });
    store.push({ type: 'target-phase', id: 'b', phase: 'gather', detail: 'sshd -T' });
    await tick();
    expect(ui.lastFrame()).toContain('pos-0002  Gather: sshd -T');
    expect(ui.lastFrame()).toContain('Scanning 0/3 · done 0 · running 2 · failed 0');
    store.push({ type: 'target-done', id: 'a', name: 'pos-0001', state: 'scanned', summary: summary({ fail: 2, total: 7 }) });
    store.push({
      type: 'target-done',
      id: 'b',
      name: 'pos-0002',
      state: 'error',
      summary: summary({ pass: 0, total: 0 }),
      error: 'auth failed',
    });
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).toContain('✗ pos-0001  ✗2 ✓5');
    expect(frame).toContain('⚠ pos-0002  Not scanned: auth failed');
    expect(frame).toContain('Scanning 2/3 · done 2 · running 0 · failed 1');
    ui.unmount();
  });

  it('caps the in-flight list for a large fleet and speaks Japanese', async () => {
    const store = new ProgressStore();
    const ui = render(<LiveView store={store} lang="ja" />);
    store.push({ type: 'start', targets: 500 });
    for (let i = 0; i < 30; i++) store.push({ type: 'target-start', id: `h${i}`, name: `pos-${i}` });
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame.split('\n').filter((l) => l.includes('… pos-'))).toHaveLength(MAX_RUNNING_ROWS);
    expect(frame).toContain(`… ほか ${30 - MAX_RUNNING_ROWS} 台`);
    expect(frame).toContain('スキャン中 0/500');
    ui.unmount();
  });

  it('does not let a host name move the cursor', async () => {
    const store = new ProgressStore();
    const ui = render(<LiveView store={store} lang="en" />);
    store.push({ type: 'start', targets: 1 });
    store.push({ type: 'target-done', id: 'x', name: 'evil\u001b[2J\u001b[Hname', state: 'scanned', summary: summary() });
    await tick();
    expect(ui.lastFrame()).not.toContain('\u001b[2J');
    ui.unmount();
  });
});

describe('plain console', () => {
  it('writes one line per finished host, no escape codes', () => {
    const lines: string[] = [];
    const listener = createPlainListener({ lang: 'en', stream: { write: (s: string) => lines.push(s) } });
    const events: ProgressEvent[] = [
      { type: 'start', targets: 12 },
      { type: 'target-start', id: 'a', name: 'pos-0001' },
      { type: 'target-phase', id: 'a', phase: 'connect' },
      { type: 'target-done', id: 'a', name: 'pos-0001', state: 'scanned', summary: summary({ fail: 1, total: 6 }) },
      {
        type: 'target-done',
        id: 'b',
        name: `pos-\u001b[31m${HOSTILE}`,
        state: 'error',
        summary: summary({ pass: 0, total: 0 }),
        error: 'timed out',
      },
    ];
    for (const e of events) listener(e);
    expect(lines).toEqual([
      'Scanning 12 hosts\n',
      '[ 1/12] ✗ pos-0001  ✗1 ✓5\n',
      `[ 2/12] ⚠ pos- [31m${HOSTILE}  Not scanned: timed out\n`,
    ]);
  });
});

describe('summary table', () => {
  it('shows the verdict, counts by status and the worst hosts, aligned also in Japanese', () => {
    const en = renderSummaryTable(sampleReport(), 'en');
    // Failures at the gate are certain even with a host not scanned: the verdict is non-compliant (issue 18).
    expect(en).toContain('Verdict: Not compliant');
    expect(en).toMatch(/✗ Fail\s+3/);
    expect(en).toContain('Hosts: 3  Scanned: 2  Not scanned: 1');
    const ja = renderSummaryTable(sampleReport(), 'ja');
    expect(ja).toContain('判定: 非準拠');
    const table = ja.split('\n').filter((l) => /^(ステータス|✓ 合格|✗ 不合格|合計)/.test(l));
    expect(new Set(table.map(displayWidth)).size).toBe(1);
  });
});

describe('live console: elapsed time', () => {
  it('shows how long a host has been in its phase and the whole scan, moving without new events', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const store = new ProgressStore(now);
    const ui = render(<LiveView store={store} lang="en" now={now} tickMs={10} />);
    store.push({ type: 'start', targets: 1 });
    store.push({ type: 'target-start', id: 'a', name: 'pos-0001' });
    store.push({ type: 'target-phase', id: 'a', phase: 'active', detail: 'pan.track-data' });
    await tick();
    expect(ui.lastFrame()).toContain('pos-0001  Active scans: pan.track-data  0s');
    clock += 10 * 60_000 + 5_000;
    expect(await frameWith(ui, '10m 05s')).toContain('pos-0001  Active scans: pan.track-data  10m 05s');
    expect(ui.lastFrame()).toContain('elapsed 10m 05s');
    ui.unmount();
  });
});

describe('plain console: one host', () => {
  it('says "1 host", not "1 Hosts"; Japanese counts terminals with 台', () => {
    const en: string[] = [];
    createPlainListener({ lang: 'en', stream: { write: (x: string) => en.push(x) } })({ type: 'start', targets: 1 });
    expect(en).toEqual(['Scanning 1 host\n']);
    const ja: string[] = [];
    createPlainListener({ lang: 'ja', stream: { write: (x: string) => ja.push(x) } })({ type: 'start', targets: 1 });
    expect(ja).toEqual(['1 台をスキャンします\n']);
  });
});

describe('end-of-scan summary: failing checks and what to do', () => {
  it('lists failing checks grouped, most terminals first, with what is wrong and one line of what to do, then "and N more"', () => {
    const text = renderSummaryTable(fleetReport({ hosts: 30, resultsPerHost: 24 }), 'en');
    const head = text.split('\n').findIndex((l) => l.startsWith('Failing checks ('));
    expect(head).toBeGreaterThan(0);
    const n = Number(/Failing checks \((\d+)\)/.exec(text)![1]);
    expect(n).toBeGreaterThan(TOP_FAILING);
    const items = text.split('\n').filter((l) => /^ {2}[✗!] family\d\.check-\d+ · /.test(l));
    expect(items).toHaveLength(TOP_FAILING);
    expect(text).toContain(`… and ${n - TOP_FAILING} more checks: see the report`);
    // What to do, once per check.
    expect(text.split('\n').filter((l) => /^ {4}→ Fix family\d\.check-\d+\.$/.test(l))).toHaveLength(TOP_FAILING);
    // What is wrong: the finding's message, not the check's title.
    expect(text).toMatch(/^ {4}Check \d+ on pos-\d+: (fail|warn)\.$/m);
  });

  it('has one legend that tells ⚠ (could not decide) from ! (warning)', () => {
    const en = renderSummaryTable(sampleReport(), 'en');
    expect(en).toContain('Legend: ✗ Fail · ⚠ Error: could not decide · ! Warning');
    expect(en.match(/Legend:/g)).toHaveLength(1);
    expect(renderSummaryTable(sampleReport(), 'ja')).toContain('凡例: ✗ 不合格 · ⚠ エラー: 判定できませんでした · ! 警告');
  });

  it('Japanese fits the width by display columns: no line wider than asked, no word or id split', () => {
    const report = sampleReport({ lang: 'ja' });
    report.targets[0].results[0].findings[0].message = t(
      'x',
      'ファイアウォールが無効になっています。usb.storage-blocked と ssh.root-login-disabled の設定を確認し、' +
        'ステータスを合格にしてください。',
    );
    const ja = renderSummaryTable(report, 'ja', { width: 40 });
    for (const line of ja.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
    expect(ja).toContain('usb.storage-blocked');
    expect(ja).toContain('ssh.root-login-disabled');
    expect(ja).toContain('ステータス');
    expect(ja).not.toMatch(/^\s*[、。）]/m);
  });
});

describe('wrapText', () => {
  it('counts East Asian Wide characters as two columns and keeps every character', () => {
    const s = 'カード番号の保存をやめてください。ログ /var/log/pos/transactions.log を削除します。';
    const lines = wrapText(s, 20);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(21);
    expect(lines.join('').replace(/\s/g, '')).toBe(s.replace(/\s/g, ''));
    expect(lines.some((l) => l.startsWith('。'))).toBe(false);
  });

  it('breaks Latin text at spaces and a long id after a dot or dash, never mid-word when a space is near', () => {
    expect(wrapText('Block usb.storage-blocked devices now please', 25)).toEqual([
      'Block usb.storage-blocked',
      'devices now please',
    ]);
    expect(wrapText('usb.storage-blocked-and-more-words', 12)).toEqual(['usb.storage-', 'blocked-and-', 'more-words']);
  });
});

describe('live console: Japanese phase detail', () => {
  it('"346 requests" from the engine reads as Japanese', async () => {
    const store = new ProgressStore();
    const ui = render(<LiveView store={store} lang="ja" />);
    store.push({ type: 'start', targets: 1 });
    store.push({ type: 'target-start', id: 'a', name: 'pos-0001' });
    store.push({ type: 'target-phase', id: 'a', phase: 'gather', detail: '346 requests' });
    expect(await frameWith(ui, '証跡リクエスト')).toContain('pos-0001  収集: 証跡リクエスト 346 件');
    expect(ui.lastFrame()).not.toContain('requests');
    ui.unmount();
  });
});
