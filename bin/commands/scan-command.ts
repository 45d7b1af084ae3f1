/** `posaudit scan`: wires options, progress output and the exit code. */
import { tr, t } from '../../core/i18n.js';
import { UsageError } from '../../core/errors.js';
import { runScan, verdictLine, type ScanCliOptions } from './scan.js';
import type { ScanItem } from '../../engine/scan.js';
import { parseLang } from './common.js';
import type { Report } from '../../core/model.js';
import type { ReportView } from '../../core/report.js';
import type { FailingCheck } from '../../reporters/summary-table.js';
import { withStdoutReport } from './stdout-report.js';

export async function runScanCommand(targets: string[], raw: Record<string, unknown>): Promise<number> {
  const o = raw as unknown as ScanCliOptions & { quiet?: boolean; inventory?: string; limit?: string; shard?: string };
  const lang = parseLang(o.lang);
  if (o.inventory && targets.length)
    throw new UsageError(
      'give targets or --inventory, not both',
      '対象と --inventory は同時に指定できません。どちらか一方を指定してください',
    );
  if ((o.limit || o.shard) && !o.inventory)
    throw new UsageError('--limit and --shard go with --inventory', '--limit と --shard は --inventory と一緒に指定してください');
  const controller = new AbortController();
  let interrupted = false;
  // Ctrl-C and SIGTERM (a service manager, a CI job's timeout) end a scan the same way: hosts in
  // flight stop, the partial report is written, the spool is removed. A second signal quits at once.
  const onSigint = (signal: NodeJS.Signals = 'SIGINT') => {
    if (interrupted) process.exit(signal === 'SIGTERM' ? 143 : 130);
    interrupted = true;
    process.stderr.write(
      tr(
        t(
          '\nInterrupted: finishing the partial report (Ctrl-C again to quit now)…\n',
          '\n中断しました。途中までのレポートを書き出しています（すぐ終了するにはもう一度 Ctrl-C）…\n',
        ),
        lang,
      ),
    );
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    let items: ScanItem[] | undefined;
    if (o.inventory) {
      const { inventoryItems } = await import('./inventory-items.js');
      items = await inventoryItems(o.inventory, o, { limit: o.limit, shard: o.shard });
    } else if (targets.some((s) => s.startsWith('ssh://'))) {
      const { targetItems } = await import('./inventory-items.js');
      items = await targetItems(targets, o);
    }
    // Results (summary, failing checks, verdict, files) go to stdout and progress to stderr, so a pipe
    // gets the results; with --out - stdout carries the JSON report and everything else goes to stderr.
    const toStdout = o.out === '-';
    return await withStdoutReport(o, async (results) => {
      const live = !o.quiet && process.stderr.isTTY === true && !process.env.CI;
      const consoleReporter = o.quiet ? undefined : await makeConsole(lang, live, results);
      const run = await runScan(targets, o, { items, onProgress: consoleReporter?.listener, signal: controller.signal, lang });
      consoleReporter?.finish(run, run.failing);
      results.write(verdictLine(run.header, lang) + '\n');
      if (!toStdout) for (const f of run.files) results.write(`  ${f}\n`);
      return interrupted ? 3 : run.exitCode;
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** Live ink view on a terminal; plain lines otherwise (ink is not even loaded then). Progress on stderr, the summary on `results`. */
async function makeConsole(lang: 'en' | 'ja', live: boolean, results: NodeJS.WriteStream) {
  if (live) {
    const mod = await import('../../reporters/console.js');
    return mod.createConsoleReporter({ lang, stream: process.stderr, live, results });
  }
  const { createPlainListener } = await import('../../reporters/console-plain.js');
  const { renderSummaryTable } = await import('../../reporters/summary-table.js');
  const listener = createPlainListener({ lang, stream: process.stderr });
  return {
    listener,
    finish: (report: Report | ReportView, failing?: FailingCheck[]) =>
      void results.write('\n' + renderSummaryTable(report, lang, { failing, width: results.columns || 100 })),
  };
}
