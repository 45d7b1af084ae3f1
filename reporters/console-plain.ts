/** Progress as plain lines (CI logs, pipes): one line at the start and one per finished host. No ANSI codes. */
import type { Lang } from '../core/i18n.js';
import { reasonIn } from '../core/reasons.js';
import type { ProgressEvent, ProgressListener } from '../core/progress.js';
import type { Summary } from '../core/model.js';
import { oneLine } from '../core/redact.js';
import { L, label, STATUS_SYMBOL } from './labels.js';
import { C, hostCount } from './console-words.js';

export interface LineSink {
  write(chunk: string): unknown;
}

function counts(s: Summary): string {
  return (['fail', 'error', 'warn', 'manual', 'waived', 'pass', 'not-applicable'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${STATUS_SYMBOL[k]}${s[k]}`)
    .join(' ');
}

/** A listener that writes one line per host done: `[12/500] ✗ pos-0012  ✗2 ✓40`. */
export function createPlainListener(opts: { lang: Lang; stream: LineSink }): ProgressListener {
  const { lang, stream } = opts;
  let total = 0;
  let done = 0;
  return (e: ProgressEvent) => {
    switch (e.type) {
      case 'start':
        total = e.targets;
        stream.write(`${label(C.scanningHosts, lang, { hosts: hostCount(total, lang) })}\n`);
        break;
      case 'target-done': {
        done++;
        const width = String(total).length;
        const mark =
          e.state === 'error'
            ? STATUS_SYMBOL.error
            : e.summary.fail > 0
              ? STATUS_SYMBOL.fail
              : e.summary.error > 0
                ? STATUS_SYMBOL.error
                : STATUS_SYMBOL.pass;
        const tail =
          e.state === 'error' ? `${label(L.unreachable, lang)}: ${oneLine(reasonIn(e.error ?? '', lang))}` : counts(e.summary);
        stream.write(`[${String(done).padStart(width)}/${total}] ${mark} ${oneLine(e.name)}  ${tail}\n`);
        break;
      }
      default:
        break;
    }
  };
}
