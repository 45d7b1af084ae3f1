/**
 * The console while scanning: a live ink view on a TTY (finished hosts printed once above,
 * hosts in flight and a progress footer below), plain lines otherwise. At the end, a summary table.
 * Whether to go live is the caller's choice (stderr is a TTY, CI unset, TERM not dumb).
 */
import { Box, render, Static, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { Lang } from '../core/i18n.js';
import type { Report, Summary } from '../core/model.js';
import type { ProgressEvent, ProgressListener, ScanPhase } from '../engine/progress.js';
import { createPlainListener } from './console-plain.js';
import { oneLine } from '../engine/diff.js';
import { L, label, STATUS_SYMBOL } from './labels.js';
import { renderSummaryTable } from './summary-table.js';
import type { ReportView } from '../engine/report-source.js';

export interface FinishedHost {
  id: string;
  name: string;
  state: 'scanned' | 'error';
  summary: Summary;
  error?: string;
}
export interface RunningHost {
  id: string;
  name: string;
  phase?: ScanPhase;
  detail?: string;
}
export interface LiveState {
  total: number;
  finished: FinishedHost[];
  running: RunningHost[];
  failed: number;
}

/** Holds the live state; each event makes a new snapshot for React. */
export class ProgressStore {
  private state: LiveState = { total: 0, finished: [], running: [], failed: 0 };
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
        this.state = { ...s, total: e.targets };
        break;
      case 'target-start':
        this.state = { ...s, running: [...s.running, { id: e.id, name: e.name }] };
        break;
      case 'target-phase':
        this.state = { ...s, running: s.running.map((r) => (r.id === e.id ? { ...r, phase: e.phase, detail: e.detail } : r)) };
        break;
      case 'target-done':
        this.state = {
          ...s,
          running: s.running.filter((r) => r.id !== e.id),
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
      text: `${oneLine(h.name)}  ${label(L.unreachable, lang)}: ${oneLine(h.error ?? '')}`,
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

export function LiveView({ store, lang }: { store: ProgressStore; lang: Lang }) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const shown = state.running.slice(0, MAX_RUNNING_ROWS);
  const more = state.running.length - shown.length;
  return (
    <>
      <Static items={state.finished}>
        {(h) => {
          const line = hostLine(h, lang);
          return (
            <Text key={h.id}>
              <Text color={line.color}>{line.mark}</Text> {line.text}
            </Text>
          );
        }}
      </Static>
      <Box flexDirection="column">
        {shown.map((r) => (
          <Text key={r.id} dimColor>
            {'  … '}
            {oneLine(r.name)}
            {r.phase ? `  ${label(PHASE_LABEL[r.phase], lang)}` : ''}
            {r.detail ? `: ${oneLine(r.detail)}` : ''}
          </Text>
        ))}
        {more > 0 ? (
          <Text dimColor>
            {'  '}
            {label(L.andMore, lang, { n: more })}
          </Text>
        ) : null}
        <Text bold>
          {label(L.scanning, lang)} {state.finished.length}/{state.total} · {label(L.done, lang)} {state.finished.length} ·{' '}
          {label(L.running, lang)} {state.running.length} · {label(L.failed, lang)} {state.failed}
        </Text>
      </Box>
    </>
  );
}

export interface ConsoleReporter {
  listener: ProgressListener;
  /** Stop the live view (if any) and print the summary table. */
  finish(report: Report | ReportView): void;
}

export function createConsoleReporter(opts: { lang: Lang; stream: NodeJS.WriteStream; live: boolean }): ConsoleReporter {
  const { lang, stream } = opts;
  if (!opts.live) {
    return {
      listener: createPlainListener({ lang, stream }),
      finish: (report) => {
        stream.write('\n' + renderSummaryTable(report, lang));
      },
    };
  }
  const store = new ProgressStore();
  const instance = render(<LiveView store={store} lang={lang} />, { stdout: stream, exitOnCtrlC: false, patchConsole: false });
  let finished = false;
  return {
    listener: store.push,
    finish: (report) => {
      if (!finished) {
        finished = true;
        instance.unmount();
      }
      stream.write('\n' + renderSummaryTable(report, lang));
    },
  };
}
