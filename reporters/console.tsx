/**
 * The console while scanning: a live ink view on a TTY (finished hosts printed once above,
 * hosts in flight and a progress footer below), plain lines otherwise. At the end, a summary table.
 * Whether to go live is the caller's choice (stderr is a TTY, CI unset, TERM not dumb).
 */
import { Box, render, Static, Text } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Lang } from '../core/i18n.js';
import { reasonIn } from '../core/reasons.js';
import type { Report, Summary } from '../core/model.js';
import type { ProgressEvent, ProgressListener, ScanPhase } from '../core/progress.js';
import { createPlainListener } from './console-plain.js';
import { oneLine } from '../core/redact.js';
import { L, label, STATUS_SYMBOL } from './labels.js';
import { renderSummaryTable, type FailingCheck } from './summary-table.js';
import { C, elapsedText } from './console-words.js';
import type { ReportView } from '../core/report.js';

export interface FinishedHost {
  id: string;
  name: string;
  state: 'scanned' | 'error';
  summary: Summary;
  error?: string;
}
export interface RunningHost {
  /** Unique in the view even when two targets share an id (the same image given twice). */
  key: string;
  id: string;
  name: string;
  phase?: ScanPhase;
  detail?: string;
  /** When the host started and when its current phase started (ms since the epoch). */
  since: number;
  phaseSince: number;
}
export interface LiveState {
  /** When the scan started (ms since the epoch). */
  startedAt: number;
  total: number;
  finished: FinishedHost[];
  running: RunningHost[];
  failed: number;
}

/** Holds the live state; each event makes a new snapshot for React. */
export class ProgressStore {
  private state: LiveState = { startedAt: Date.now(), total: 0, finished: [], running: [], failed: 0 };
  private started = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.state = { ...this.state, startedAt: now() };
  }
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly getSnapshot = (): LiveState => this.state;

  readonly push = (e: ProgressEvent): void => {
    const s = this.state;
    switch (e.type) {
      case 'start':
        this.state = { ...s, total: e.targets, startedAt: this.now() };
        break;
      case 'target-start': {
        const at = this.now();
        const key = `${e.id}\u0000${this.started++}`;
        this.state = { ...s, running: [...s.running, { key, id: e.id, name: e.name, since: at, phaseSince: at }] };
        break;
      }
      case 'target-phase': {
        const at = this.now();
        const i = s.running.findIndex((r) => r.id === e.id);
        if (i < 0) return;
        const r = s.running[i];
        const running = [...s.running];
        running[i] = { ...r, phase: e.phase, detail: e.detail, phaseSince: r.phase === e.phase ? r.phaseSince : at };
        this.state = { ...s, running };
        break;
      }
      case 'target-done':
        this.state = {
          ...s,
          running: ((i) => (i < 0 ? s.running : [...s.running.slice(0, i), ...s.running.slice(i + 1)]))(
            s.running.findIndex((r) => r.id === e.id),
          ),
          finished: [...s.finished, { id: e.id, name: e.name, state: e.state, summary: e.summary, error: e.error }],
          failed: s.failed + (e.state === 'error' ? 1 : 0),
        };
        break;
      case 'end':
        return;
    }
    for (const fn of this.listeners) fn();
  };
}

/** How many in-flight hosts the live view lists before "… and N more". */
export const MAX_RUNNING_ROWS = 8;

const PHASE_LABEL: Record<ScanPhase, typeof L.connect> = {
  connect: L.connect,
  gather: L.gather,
  active: L.active,
  evaluate: L.evaluate,
};

function hostLine(h: FinishedHost, lang: Lang): { mark: string; color: string; text: string } {
  if (h.state === 'error')
    return {
      mark: STATUS_SYMBOL.error,
      color: 'magenta',
      text: `${oneLine(h.name)}  ${label(L.unreachable, lang)}: ${oneLine(reasonIn(h.error ?? '', lang))}`,
    };
  const s = h.summary;
  const counts = (['fail', 'error', 'warn', 'manual', 'waived', 'pass'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${STATUS_SYMBOL[k]}${s[k]}`)
    .join(' ');
  if (s.fail > 0) return { mark: STATUS_SYMBOL.fail, color: 'red', text: `${oneLine(h.name)}  ${counts}` };
  if (s.error > 0) return { mark: STATUS_SYMBOL.error, color: 'magenta', text: `${oneLine(h.name)}  ${counts}` };
  return { mark: STATUS_SYMBOL.pass, color: 'green', text: `${oneLine(h.name)}  ${counts}` };
}

/** A phase detail from the engine in the reader's language (`346 requests` → `証跡リクエスト 346 件`). */
export function detailText(detail: string, lang: Lang): string {
  const m = /^(\d+) requests?$/.exec(detail);
  if (m) return label(C.requests, lang, { n: m[1] });
  return detail;
}

/** Re-render once a second so elapsed times move even when no event arrives (a long card-data search). */
function useClock(now: () => number, everyMs: number): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    if (everyMs <= 0) return;
    const id = setInterval(() => setT(now()), everyMs);
    return () => clearInterval(id);
  }, [now, everyMs]);
  return t;
}

export function LiveView({
  store,
  lang,
  now = Date.now,
  tickMs = 1000,
  rows = MAX_RUNNING_ROWS,
}: {
  store: ProgressStore;
  lang: Lang;
  now?: () => number;
  tickMs?: number;
  /** In-flight rows shown (kept below the terminal height so a redraw never scrolls: no pile-up in tmux). */
  rows?: number;
}) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const t = Math.max(useClock(now, tickMs), now());
  const shown = state.running.slice(0, rows);
  const more = state.running.length - shown.length;
  return (
    <>
      <Static items={state.finished}>
        {(h, i) => {
          const line = hostLine(h, lang);
          return (
            <Text key={i} wrap="truncate-end">
              <Text color={line.color}>{line.mark}</Text> {line.text}
            </Text>
          );
        }}
      </Static>
      <Box flexDirection="column">
        {shown.map((r) => (
          <Text key={r.key} dimColor wrap="truncate-end">
            {'  … '}
            {oneLine(r.name)}
            {r.phase ? `  ${label(PHASE_LABEL[r.phase], lang)}` : ''}
            {r.detail ? `: ${oneLine(detailText(r.detail, lang))}` : ''}
            {`  ${elapsedText(t - r.phaseSince)}`}
          </Text>
        ))}
        {more > 0 ? (
          <Text dimColor>
            {'  '}
            {label(L.andMore, lang, { n: more })}
          </Text>
        ) : null}
        <Text bold wrap="truncate-end">
          {label(L.scanning, lang)} {state.finished.length}/{state.total} · {label(L.done, lang)} {state.finished.length} ·{' '}
          {label(L.running, lang)} {state.running.length} · {label(L.failed, lang)} {state.failed} · {label(C.elapsed, lang)}{' '}
          {elapsedText(t - state.startedAt)}
        </Text>
      </Box>
    </>
  );
}

export interface ConsoleReporter {
  listener: ProgressListener;
  /** Stop the live view (if any) and print the summary table and the failing checks. */
  finish(report: Report | ReportView, failing?: FailingCheck[]): void;
}

/**
 * Progress goes to `stream` (stderr); the end-of-scan summary goes to `results` (stdout by default),
 * so `posaudit scan | less` gets the results and the terminal keeps the progress.
 */
export function createConsoleReporter(opts: {
  lang: Lang;
  stream: NodeJS.WriteStream;
  live: boolean;
  results?: NodeJS.WriteStream;
}): ConsoleReporter {
  const { lang, stream } = opts;
  const results = opts.results ?? stream;
  const summary = (report: Report | ReportView, failing?: FailingCheck[]) =>
    results.write('\n' + renderSummaryTable(report, lang, { failing, width: results.columns || 100 }));
  if (!opts.live) return { listener: createPlainListener({ lang, stream }), finish: summary };
  const store = new ProgressStore();
  const rows = Math.max(1, Math.min(MAX_RUNNING_ROWS, (stream.rows || 24) - 4));
  const instance = render(<LiveView store={store} lang={lang} rows={rows} />, {
    stdout: stream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let finished = false;
  return {
    listener: store.push,
    finish: (report, failing) => {
      if (!finished) {
        finished = true;
        instance.unmount();
      }
      summary(report, failing);
    },
  };
}
