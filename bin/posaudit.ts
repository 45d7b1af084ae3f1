#!/usr/bin/env node
/**
 * posaudit: PCI DSS v4.0.1 and POS security guideline (方針1–8) scanner for point-of-sale
 * terminals. This file parses and wires; the work is in engine/, targets/, checks/, reporters/.
 * Heavy modules load lazily so `posaudit --help` starts fast.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  completionScript,
  EXAMPLES,
  helpLang,
  localizeProgram,
  TOPICS,
  topicList,
  usageErrorsExit2,
} from './commands/help-text.js';
import { maskConsoleOutput } from './commands/masked-output.js';

maskConsoleOutput();

const EXIT_USAGE = 2;
const EXIT_INTERNAL = 4;

function version(): string {
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      return (
        JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), rel), 'utf8')) as { version: string }
      ).version;
    } catch {
      /* try the next */
    }
  }
  return '0.0.0';
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The language asked for on the command line (`--lang ja`, `--lang=ja`; the last one wins). */
function argvLang(argv: string[]): string | undefined {
  let lang: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--lang') lang = argv[++i];
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
  }
  return lang;
}

async function fail(err: unknown): Promise<never> {
  // commander has already printed its message (unknown command or option, bad choice, missing value):
  // help and --version exit 0, every parser error is a usage error like any other bad input.
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
  const { UsageError } = await import('../core/errors.js');
  const { TargetError } = await import('../core/target.js');
  const { isLang, systemLang } = await import('../core/i18n.js');
  const given = argvLang(process.argv);
  const lang = given !== undefined && isLang(given) ? given : systemLang();
  const { errorText, redactText } = await import('../core/redact.js');
  // The one way out for every error: masked and without control characters, whatever it quotes.
  const msg = errorText(err instanceof UsageError ? err.text(lang) : err, 4000);
  process.stderr.write(`posaudit: ${msg}\n`);
  if (process.env.POSAUDIT_DEBUG && err instanceof Error && err.stack) process.stderr.write(redactText(err.stack) + '\n');
  process.exit(err instanceof UsageError || err instanceof TargetError ? EXIT_USAGE : EXIT_INTERNAL);
}

function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (err) {
      await fail(err);
    }
  };
}

/** Help and parser errors follow --lang or the locale (Japanese under ja_JP.UTF-8). */
const HELP_LANG = helpLang(process.argv);
const program = new Command();
program
  .exitOverride()
  .name('posaudit')
  .description(
    'Checks point-of-sale terminals against PCI DSS v4.0.1 and the Japanese POS security guideline (方針1–8): locally, ' +
      'over SSH, or on an offline image.',
  )
  .version(version(), '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', EXAMPLES[HELP_LANG]);

const scanOpts = (cmd: Command) =>
  cmd
    .option('-p, --profile <id|file>', 'profile to run, repeatable (default: pci-dss)', collect)
    .option('-o, --out <dir>', 'report folder ("-": the JSON report on stdout)', './posaudit-report')
    .option('-f, --format <list>', 'comma list of json, html, sarif, sarif-github, junit', 'json,html,sarif,junit')
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that fails the run')
        .choices(['critical', 'high', 'medium', 'low'])
        .default('high'),
    )
    .option('--waivers <file>', 'waivers YAML (control/check, hosts, reason, approver, expires)')
    .option('--attestations <file>', 'attestations YAML for manual controls')
    .addOption(new Option('--lang <lang>', 'report language (default: from the system locale)').choices(['en', 'ja']))
    .option('--sign-key <pem>', 'sign the report manifest (manifest.json of SHA-256 hashes) with this RSA private key');

scanOpts(
  program
    .command('scan')
    .description('scan targets: local (default), ssh://[user@]host[:port], image:PATH')
    .argument('[targets...]', 'what to scan', [])
    .option('-i, --identity <file>', 'SSH private key, repeatable (the agent is used too)', collect)
    .option('--known-hosts <file>', 'OpenSSH known_hosts to verify host keys (default ~/.ssh/known_hosts)')
    .option('--accept-new-host-keys', 'trust and record unknown host keys (never changed ones)')
    .option('--become', 'run the gatherer with sudo -n')
    .option(
      '--ask-password',
      'ask for the SSH password on the terminal (or set POSAUDIT_SSH_PASSWORD; never on the command line)',
    )
    .option('--timeout <duration>', "time limit of one host's gather (e.g. 5m)", '5m')
    .option('--connect-timeout <duration>', 'SSH connect and login time limit', '15s')
    .option('--concurrency <n>', 'hosts scanned at once', '16')
    .option('--checks <ids>', 'only run these check ids (comma list)')
    .option('--baseline <report.json>', 'compare with an earlier JSON report (new, fixed, unchanged)')
    .option('--inventory <file>', 'inventory of hosts (posaudit YAML or Ansible INI/YAML)')
    .option(
      '--limit <pattern>',
      'with --inventory: Ansible host pattern (a:b, a:!b, a:&b, ~regex, group[0:3], globs, comma list)',
    )
    .option('--shard <i/n>', 'with --inventory: scan only shard i of n')
    .option(
      '--ssh-config <file>',
      'OpenSSH client config for ssh:// targets and --inventory: HostName/User/Port/IdentityFile/ProxyJump/ProxyCommand, ' +
        'Host/Match host (default $POSAUDIT_SSH_CONFIG or ~/.ssh/config; "none" for none)',
    )
    .option('--quiet', 'no progress output'),
).action(
  action(async (targets: string[], opts: Record<string, unknown>) => {
    const { runScanCommand } = await import('./commands/scan-command.js');
    return runScanCommand(targets, opts);
  }),
);

scanOpts(
  program
    .command('evaluate')
    .description('re-judge a saved evidence bundle offline (default: the profiles it was gathered for)')
    .argument('<bundle>', 'evidence.json.gz from an earlier scan'),
).action(
  action(async (bundle: string, opts: Record<string, unknown>) => {
    const { runEvaluate, verdictLine } = await import('./commands/scan.js');
    const { parseLang } = await import('./commands/common.js');
    const run = await runEvaluate(bundle, opts as never);
    process.stderr.write(verdictLine(run.header, parseLang(opts.lang as string | undefined)) + '\n');
    for (const f of run.files) process.stderr.write(`  ${f}\n`);
    return run.exitCode;
  }),
);

const checks = program.command('checks').description('the checks posaudit knows');
checks
  .command('list')
  .description('list every check')
  .option('--json', 'a JSON array on stdout')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (opts: { lang?: string; json?: boolean }) => {
      const { checksList } = await import('./commands/catalog.js');
      const { parseLang } = await import('./commands/common.js');
      process.stdout.write(await checksList(parseLang(opts.lang), { json: opts.json, width: process.stdout.columns || 100 }));
    }),
  );
checks
  .command('show')
  .argument('<id>')
  .description('what a check looks at, its params and requirements')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (id: string, opts: { lang?: string }) => {
      const { checkShow } = await import('./commands/catalog.js');
      const { parseLang } = await import('./commands/common.js');
      process.stdout.write(await checkShow(id, parseLang(opts.lang)));
    }),
  );

const inventory = program.command('inventory').description('fleet definitions: what a scan --inventory would reach');
inventory
  .command('list')
  .description(
    'every resolved host: address, port, user, keys, jump chain or ProxyCommand, become, tags, and where each came from',
  )
  .option('--inventory <file>', 'inventory of hosts (posaudit YAML or Ansible INI/YAML)')
  .option('--limit <pattern>', 'Ansible host pattern (a:b, a:!b, a:&b, ~regex, group[0:3], comma list)')
  .option('--shard <i/n>', 'only shard i of n')
  .option('--ssh-config <file>', 'OpenSSH client config (default $POSAUDIT_SSH_CONFIG or ~/.ssh/config; "none" for none)')
  .option('-i, --identity <file>', 'SSH private key, repeatable', collect)
  .option('--json', 'machine-readable output')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (opts: import('./commands/inventory-list.js').InventoryListOptions) => {
      const { inventoryList } = await import('./commands/inventory-list.js');
      const { out, warnings } = await inventoryList(opts);
      for (const w of warnings) process.stderr.write(`posaudit: ${w}\n`);
      process.stdout.write(out);
    }),
  );

const profiles = program.command('profiles').description('the control profiles');
profiles
  .command('list')
  .description('list the shipped profiles')
  .option('--json', 'a JSON array on stdout')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (opts: { lang?: string; json?: boolean }) => {
      const { profilesList } = await import('./commands/catalog.js');
      const { parseLang } = await import('./commands/common.js');
      process.stdout.write(await profilesList(parseLang(opts.lang), { json: opts.json }));
    }),
  );
profiles
  .command('show')
  .argument('<id|file>')
  .description('controls, what evidences each, and coverage')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (ref: string, opts: { lang?: string }) => {
      const { profileShow } = await import('./commands/catalog.js');
      const { parseLang } = await import('./commands/common.js');
      process.stdout.write(await profileShow(ref, parseLang(opts.lang)));
    }),
  );
profiles
  .command('validate')
  .argument('<file>')
  .description('check a profile file and explain any error')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (file: string, opts: { lang?: string }) => {
      const { profileValidate } = await import('./commands/catalog.js');
      const { parseLang } = await import('./commands/common.js');
      process.stdout.write(await profileValidate(file, parseLang(opts.lang)));
    }),
  );

program
  .command('pan')
  .description('find stored card numbers (PAN) and track data in files on this machine; prints masked findings')
  .argument('<paths...>')
  .option('--json', 'a JSON array of findings on stdout')
  .option('--exclude <glob>', 'skip paths matching, repeatable', collect)
  .option('--include <glob>', 'only paths matching, repeatable', collect)
  .option('--max-file-bytes <n>', 'skip files larger than this')
  .option('--maestro', 'also report Maestro numbers')
  .option('--cross-file-systems', 'descend into other mounted file systems')
  .option('--scan-package-files', 'also scan files dpkg vouches for unchanged (skipped by default after checking their MD5)')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (paths: string[], opts: Record<string, string | boolean | string[] | undefined>) => {
      const { runPanCommand } = await import('./commands/pan.js');
      const { parseLang } = await import('./commands/common.js');
      return runPanCommand(
        paths,
        {
          json: Boolean(opts.json),
          lang: parseLang(opts.lang as string | undefined),
          exclude: opts.exclude as string[] | undefined,
          include: opts.include as string[] | undefined,
          maxFileBytes: opts.maxFileBytes === undefined ? undefined : Number(opts.maxFileBytes),
          maestro: Boolean(opts.maestro),
          oneFileSystem: !opts.crossFileSystems,
          scanPackageFiles: Boolean(opts.scanPackageFiles),
        },
        process.stdout,
      );
    }),
  );

program
  .command('tls')
  .description('probe TLS endpoints (host:port): protocols, cipher suites, certificate, PCI 4.2.1 verdict')
  .argument('<endpoints...>')
  .option('--json', 'one JSON object per endpoint')
  .option('--timeout <duration>', 'per connection', '5s')
  .option('--concurrency <n>', 'endpoints probed at once', '8')
  .option('--sni <name>', 'server name to send')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (endpoints: string[], opts: Record<string, string | boolean | undefined>) => {
      const { runTlsCommand } = await import('./commands/tls.js');
      const { parseLang, parseTimeout, parsePositiveInt } = await import('./commands/common.js');
      return runTlsCommand(
        endpoints,
        {
          json: Boolean(opts.json),
          lang: parseLang(opts.lang as string | undefined),
          timeoutMs: parseTimeout(opts.timeout as string, '--timeout', 5000),
          concurrency: parsePositiveInt(opts.concurrency as string, '--concurrency', 8),
          sni: opts.sni as string | undefined,
        },
        process.stdout,
      );
    }),
  );

program
  .command('report')
  .description('re-render a saved JSON report in other formats')
  .argument('<report.json>')
  .option('-o, --out <dir>', 'output folder', './posaudit-report')
  .option('-f, --format <list>', 'comma list of html, sarif, sarif-github, junit, json', 'html,sarif,junit')
  .option('--baseline <report.json>', 'show what changed since an earlier report')
  .option('--sign-key <pem>', 'sign the report manifest with this RSA private key')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (file: string, opts: { out: string; format: string; lang?: string; baseline?: string; signKey?: string }) => {
      const { readJsonReport } = await import('../reporters/json.js');
      const { writeOutputs } = await import('./commands/output.js');
      const { parseFormats, parseLang } = await import('./commands/common.js');
      const report = await readJsonReport(file);
      const baseline = opts.baseline ? await readJsonReport(opts.baseline) : undefined;
      const lang = opts.lang ? parseLang(opts.lang) : report.lang;
      const files = await writeOutputs({ ...report, lang }, opts.out, parseFormats(opts.format), lang, baseline, opts.signKey);
      for (const f of files) process.stdout.write(`${f}\n`);
    }),
  );

program
  .command('diff')
  .description('what changed between two JSON reports: new, fixed and unchanged findings')
  .argument('<old.json>')
  .argument('<new.json>')
  .option('--json', 'machine-readable')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action(
    action(async (oldFile: string, newFile: string, opts: { json?: boolean; lang?: string }) => {
      const { readJsonReport } = await import('../reporters/json.js');
      const { diffReports } = await import('../engine/diff.js');
      const { renderDiffText } = await import('../reporters/diff-text.js');
      const { parseLang } = await import('./commands/common.js');
      const { redactDeep } = await import('../core/redact.js');
      const d = diffReports(await readJsonReport(oldFile), await readJsonReport(newFile));
      process.stdout.write(opts.json ? JSON.stringify(redactDeep(d), null, 1) + '\n' : renderDiffText(d, parseLang(opts.lang)));
      return d.new.length > 0 ? 1 : 0;
    }),
  );

program
  .command('verify')
  .description('check a report folder against its manifest (SHA-256, and the signature when signed)')
  .argument('<dir>')
  .option('--cert <pem>', "the auditor's certificate or public key to check the signature with")
  .action(
    action(async (dir: string, opts: { cert?: string }) => {
      const { verifyManifest } = await import('../reporters/manifest.js');
      const { MiB, readInputFile } = await import('../core/input-file.js');
      const certPem = opts.cert
        ? (await readInputFile(opts.cert, { en: 'certificate', ja: '証明書' }, MiB)).toString('utf8')
        : undefined;
      const r = await verifyManifest(dir, { certPem });
      if (r.ok) process.stdout.write(`${dir}: OK\n`);
      for (const p of r.problems) process.stdout.write(`${p}\n`);
      return r.ok ? 0 : 1;
    }),
  );

// @fleet-commands (merge) go here
program
  .command('merge')
  .description('merge shard reports (report.json files or their folders) into one report for the estate')
  .argument('<reports...>', 'report.json files or report folders, e.g. shard-*/report.json')
  .option('-o, --out <dir>', 'report folder', './posaudit-report')
  .option('-f, --format <list>', 'comma list of json, html, sarif, sarif-github, junit', 'json,html,sarif,junit')
  .addOption(
    new Option('--fail-on <severity>', 'lowest severity that fails the run (default: the strictest of the inputs)').choices([
      'critical',
      'high',
      'medium',
      'low',
    ]),
  )
  .option('--bundles', 'also merge the evidence.json.gz beside each report')
  .addOption(new Option('--lang <lang>', "report language (default: the first input's)").choices(['en', 'ja']))
  .action(
    action(
      async (reports: string[], opts: { out: string; format?: string; failOn?: string; bundles?: boolean; lang?: string }) => {
        const { runMerge } = await import('./commands/merge.js');
        const { verdictLine } = await import('./commands/scan.js');
        const run = await runMerge(reports, opts);
        for (const w of run.warnings) process.stderr.write(`posaudit: ${w}\n`);
        process.stderr.write(verdictLine(run.report, run.report.lang) + '\n');
        for (const f of run.files) process.stderr.write(`  ${f}\n`);
        return run.exitCode;
      },
    ),
  );

// @daily-commands (daily, schedule) go here
program
  .command('daily')
  .description(
    'the morning self-check of this terminal: runs the daily profile, keeps a year of history, prints what changed and what to do',
  )
  .argument('[target]', 'what to check (default: this machine; also ssh://… or image:PATH)')
  .option(
    '--history-dir <dir>',
    'where the daily history lives (default: /var/lib/posaudit, ~/.local/state/posaudit or %ProgramData%\\posaudit)',
  )
  .option('--retention-days <n>', 'days of history to keep', '400')
  .option('-p, --profile <id|file>', 'profile to run', 'daily')
  .option('-o, --out <dir>', "report folder (default: today's folder in the history)")
  .option('-f, --format <list>', 'comma list of json, html, sarif, sarif-github, junit', 'json,html')
  .addOption(
    new Option('--fail-on <severity>', 'lowest severity that fails the run')
      .choices(['critical', 'high', 'medium', 'low'])
      .default('high'),
  )
  .option('--waivers <file>', 'waivers YAML')
  .option('--attestations <file>', 'attestations YAML for manual controls')
  .addOption(new Option('--lang <lang>', 'language (default: from the system locale)').choices(['en', 'ja']))
  .action(
    action(async (target: string | undefined, opts: Record<string, unknown>) => {
      const { runDailyCommand } = await import('./commands/daily.js');
      return runDailyCommand(target, opts);
    }),
  );

const schedule = program
  .command('schedule')
  .description('run posaudit daily every day: a systemd timer (Linux) or a Task Scheduler task (Windows)');
const scheduleOpts = (cmd: Command) =>
  cmd
    .option('--unit-dir <dir>', 'where the unit or task files go (default: /etc/systemd/system, or %ProgramData%\\posaudit)')
    .option('--dry-run', 'write the files to --unit-dir (or print them) and run nothing')
    .addOption(new Option('--platform <os>', "which scheduler (default: this machine's)").choices(['linux', 'windows']))
    .addOption(
      new Option('--lang <lang>', 'language of messages and of the scheduled runs (default: from the system locale)').choices([
        'en',
        'ja',
      ]),
    );
scheduleOpts(
  schedule
    .command('install')
    .description('schedule posaudit daily')
    .argument('[target]', 'what the daily run checks (default: this machine)')
    .option('--at <HH:MM>', 'time of day (local)', '07:30')
    .option('--history-dir <dir>', 'history folder for the scheduled runs')
    .option('--retention-days <n>', 'days of history to keep')
    .option('-p, --profile <id|file>', 'profile for the scheduled runs'),
).action(
  action(async (target: string | undefined, opts: Record<string, unknown>) => {
    const { scheduleCommand } = await import('./commands/schedule.js');
    return scheduleCommand('install', { ...opts, target });
  }),
);
scheduleOpts(schedule.command('remove').description('stop the daily schedule and delete its files')).action(
  action(async (opts: Record<string, unknown>) => {
    const { scheduleCommand } = await import('./commands/schedule.js');
    return scheduleCommand('remove', opts);
  }),
);

program
  .command('completion')
  .description('print a completion script for bash or zsh')
  .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
  .action(
    action(async (shell: 'bash' | 'zsh') => {
      const { shippedProfileIds } = await import('../engine/profiles.js');
      process.stdout.write(completionScript(program, shell, await shippedProfileIds()));
    }),
  );

program.helpCommand(false);
program
  .command('help')
  .description('help on a command or a topic (exit-codes, formats, completion)')
  .argument('[topic]', 'a command or a topic')
  .addOption(new Option('--lang <lang>').choices(['en', 'ja']))
  .action((topic: string | undefined) => {
    const text = topic ? TOPICS[topic] : undefined;
    if (text) return void process.stdout.write(text[HELP_LANG]);
    const cmd = topic ? program.commands.find((c) => c.name() === topic || c.aliases().includes(topic)) : undefined;
    if (cmd) return void cmd.outputHelp();
    if (topic) {
      process.stderr.write(
        HELP_LANG === 'ja'
          ? `posaudit: 不明なトピック "${topic}" です。${topicList('ja')}`
          : `posaudit: unknown topic "${topic}". ${topicList('en')}`,
      );
      process.exitCode = 2;
      return;
    }
    program.outputHelp();
    process.stdout.write('\n' + topicList(HELP_LANG));
  });

localizeProgram(program, HELP_LANG);
usageErrorsExit2(program);
program.parseAsync(process.argv).catch(fail);
