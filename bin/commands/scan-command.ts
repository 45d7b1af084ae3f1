/** `posaudit scan`: wires options, progress output and the exit code. */
import { tr, t } from '../../core/i18n.js';
import { UsageError } from '../../core/errors.js';
import { runScan, verdictLine, type ScanCliOptions } from './scan.js';
import { parseLang } from './common.js';
import type { Report } from '../../core/model.js';
import type { ReportView } from '../../engine/report-source.js';

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
  const onSigint = () => {
    if (interrupted) process.exit(130);
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
  try {
    let items;
    if (o.inventory) {
      const { inventoryItems } = await import('./inventory-items.js');
      items = await inventoryItems(o.inventory, o, { limit: o.limit, shard: o.shard });
    } else if (targets.some((s) => s.startsWith('ssh://'))) {
      const { targetItems } = await import('./inventory-items.js');
      items = await targetItems(targets, o);
    }
    const live = !o.quiet && process.stderr.isTTY === true && !process.env.CI;
    const consoleReporter = o.quiet ? undefined : await makeConsole(lang, live);
    const run = await runScan(targets, o, { items, onProgress: consoleReporter?.listener, signal: controller.signal, lang });
    consoleReporter?.finish(run);
    process.stderr.write(verdictLine(run.header, lang) + '\n');
    for (const f of run.files) process.stderr.write(`  ${f}\n`);
    return interrupted ? 3 : run.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Live ink view on a terminal; plain lines otherwise (ink is not even loaded then). */
async function makeConsole(lang: 'en' | 'ja', live: boolean) {
  if (live) {
    const mod = await import('../../reporters/console.js');
    return mod.createConsoleReporter({ lang, stream: process.stderr, live });
  }
  const { createPlainListener } = await import('../../reporters/console-plain.js');
  const { renderSummaryTable } = await import('../../reporters/summary-table.js');
  const listener = createPlainListener({ lang, stream: process.stderr });
  return { listener, finish: (report: Report | ReportView) => void process.stderr.write(renderSummaryTable(report, lang)) };
}
