import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../core/model.js';
import type { ProgressEvent } from '../../engine/progress.js';
import { createPlainListener } from '../../reporters/console-plain.js';
import { LiveView, MAX_RUNNING_ROWS, ProgressStore } from '../../reporters/console.js';
import { displayWidth, renderSummaryTable } from '../../reporters/summary-table.js';
import { HOSTILE, sampleReport } from '../helpers/sample-report.js';

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
      'Scanning: 12 Hosts\n',
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
