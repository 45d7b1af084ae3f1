/**
 * File-integrity monitoring (PCI DSS 11.5.2): a change-detection tool is installed, watches the
 * critical files (system binaries, configuration, boot files, the POS application) and runs at least
 * weekly. Linux: AIDE, Tripwire, Samhain, Wazuh/OSSEC syscheck. Windows: the Wazuh/OSSEC agent, and
 * Tripwire (configured from its console, so a person confirms its rules).
 */
import type { CommandRequest, Evidence, EvidenceAnswer, EvidenceRequest, FileRequest, GlobRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding, Status } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import { answerReason, keysOf } from '../kit/answers.js';
import { osOf, UNKNOWN_OS } from '../kit/findings.js';
import { clip, quoted } from '../kit/text.js';
import { aideRules, aideWatches, listWatches, samhainPolicy, syscheck, tripwirePolicy, type Syscheck } from './parse.js';

interface FimParams {
  linuxPaths: string[];
  windowsPaths: string[];
  applicationPaths: string[];
  maxIntervalDays: number;
}

const file = (path: string, maxBytes = 256 * 1024): FileRequest => ({ kind: 'file', path, os: 'linux', maxBytes });
const glob = (pattern: string, read = false): GlobRequest => ({ kind: 'glob', pattern, os: 'linux', read, maxBytes: 64 * 1024 });

// Linux evidence
export const AIDE_BIN = [glob('/usr/bin/aide'), glob('/usr/sbin/aide')];
export const AIDE_CONF = [file('/etc/aide/aide.conf'), file('/etc/aide.conf')];
export const AIDE_CONF_D: GlobRequest = { ...glob('/etc/aide/aide.conf.d/*', true), maxEntries: 1000 };
export const AIDE_DB = glob('/var/lib/aide/aide.db*');
export const TRIPWIRE_BIN = glob('/usr/sbin/tripwire');
export const TRIPWIRE_POL = file('/etc/tripwire/twpol.txt');
export const TRIPWIRE_DB = glob('/var/lib/tripwire/*.twd');
export const SAMHAIN_BIN = glob('/usr/sbin/samhain');
export const SAMHAINRC = file('/etc/samhainrc');
export const OSSEC_CONF = file('/var/ossec/etc/ossec.conf', 512 * 1024);
export const CRONTAB = file('/etc/crontab');
export const CRON_D = glob('/etc/cron.d/*', true);
export const CRON_PERIODIC = [glob('/etc/cron.daily/*', true), glob('/etc/cron.weekly/*', true)];
export const ROOT_CRONTABS = [file('/var/spool/cron/crontabs/root'), file('/var/spool/cron/root')];
export const TIMERS = glob('/etc/systemd/system/timers.target.wants/*');
export const SERVICES = glob('/etc/systemd/system/multi-user.target.wants/*');
export const RUN_SYSTEMD = glob('/run/systemd/system');
export const PROCESSES: CommandRequest = {
  kind: 'command',
  name: 'running process names',
  os: 'linux',
  maxBytes: 128 * 1024,
  timeoutMs: 20_000,
  command: {
    sh: 'for f in /proc/[0-9]*/comm; do read -r c < "$f" && printf \'%s\\n\' "$c"; done 2>/dev/null | sort -u | head -n 4000',
  },
};

// Windows evidence
const OSSEC_WIN_CONF: FileRequest[] = [
  'C:\\Program Files (x86)\\ossec-agent\\ossec.conf',
  'C:\\Program Files\\ossec-agent\\ossec.conf',
].map((path) => ({ kind: 'file', path, os: 'windows', maxBytes: 512 * 1024 }));
const WIN_SERVICES = ['WazuhSvc', 'OssecSvc'].map((name): EvidenceRequest => ({
  kind: 'registry',
  key: `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`,
  os: 'windows',
}));
export const WIN_SERVICE_STATE: CommandRequest = {
  kind: 'command',
  name: 'file integrity agent services',
  os: 'windows',
  command: {
    ps:
      "foreach ($n in @('WazuhSvc', 'OssecSvc')) { $s = Get-Service -Name $n -ErrorAction SilentlyContinue; if ($s) { 'svc=' " +
      "+ $n + '|' + $s.Status } }",
  },
};
const UNINSTALL: EvidenceRequest[] = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
].map((key) => ({ kind: 'registry', key, subkeys: true, os: 'windows', maxBytes: 4 * 1024 * 1024 }));

const LINUX_REQUESTS: EvidenceRequest[] = [
  ...AIDE_BIN,
  ...AIDE_CONF,
  AIDE_CONF_D,
  AIDE_DB,
  TRIPWIRE_BIN,
  TRIPWIRE_POL,
  TRIPWIRE_DB,
  SAMHAIN_BIN,
  SAMHAINRC,
  OSSEC_CONF,
  CRONTAB,
  CRON_D,
  ...CRON_PERIODIC,
  ...ROOT_CRONTABS,
  TIMERS,
  SERVICES,
  RUN_SYSTEMD,
  PROCESSES,
];

/** A tool's verdict before folding: what was found wrong. */
interface ToolVerdict {
  tool: string;
  status: Status;
  problems: Text[];
  good: Text[];
  evidence: string[];
  location: string;
  /** What could not be read that decides this tool (an error when nothing else is wrong). */
  unknown: Text[];
}

/** Problems that are an unread file, not a known gap: a tool with only these is `error`, not `fail`. */
const UNREAD = new WeakSet<Text>();
const unread = (text: Text): Text => (UNREAD.add(text), text);

const isUnreadable = (a: EvidenceAnswer) => a.status === 'denied' || a.status === 'error' || a.status === 'unsupported';

function present(ev: Evidence, reqs: EvidenceRequest[]): { yes: boolean; unreadable: Text[] } {
  let yes = false;
  const unreadable: Text[] = [];
  for (const r of reqs) {
    const a = ev.get(r);
    if (a.status === 'ok' && (r.kind !== 'glob' || (a.entries ?? []).length > 0)) yes = true;
    else if (isUnreadable(a)) unreadable.push(answerReason(r, a));
  }
  return { yes, unreadable };
}

/** Every text that could schedule a job: crontab, cron.d, root crontabs, and the periodic scripts by path. */
function cronTexts(ev: Evidence): Array<{ path: string; data: string }> {
  const out: Array<{ path: string; data: string }> = [];
  for (const r of [CRONTAB, ...ROOT_CRONTABS]) {
    const d = ev.text(r);
    if (d !== undefined) out.push({ path: r.path, data: d });
  }
  for (const f of ev.files(CRON_D)) out.push(f);
  return out;
}

function cronRuns(ev: Evidence, word: RegExp): string | undefined {
  for (const f of cronTexts(ev))
    for (const line of f.data.split(/\r?\n/).slice(0, 5000)) {
      const l = line.trim();
      if (!l || l.startsWith('#') || /^[A-Za-z_]+=/.test(l)) continue;
      if (word.test(l)) return f.path;
    }
  return undefined;
}

/** A cron.daily/cron.weekly script for the tool that would really run (Debian's AIDE script steps aside under systemd). */
function periodicScript(ev: Evidence, name: RegExp, systemdHost: boolean): string | undefined {
  for (const g of CRON_PERIODIC)
    for (const f of ev.files(g)) {
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      if (!name.test(base)) continue;
      if (systemdHost && /-d \/run\/systemd\/system \]; then\s+exit 0/.test(f.data)) continue;
      return f.path;
    }
  return undefined;
}

function hasEntry(ev: Evidence, req: GlobRequest, name: RegExp): string | undefined {
  return (ev.get(req).entries ?? []).find((e) => name.test(e.slice(e.lastIndexOf('/') + 1)));
}

function processes(ev: Evidence): Set<string> | undefined {
  const a = ev.get(PROCESSES);
  if (a.status !== 'ok' || (a.exitCode ?? 0) !== 0) return undefined;
  return new Set(
    (a.data ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function missingPaths(paths: string[], watches: (p: string) => boolean): string[] {
  return paths.filter((p) => !watches(p));
}

function coverageText(missing: string[], paths: string[]): { problem?: Text; good?: Text } {
  if (missing.length > 0)
    return {
      problem: t(`does not watch ${clip(missing.join(', '))}`, `${clip(missing.join(', '))} を監視していません`),
    };
  return { good: t(`watches ${clip(paths.join(', '))}`, `${clip(paths.join(', '))} を監視しています`) };
}

function linuxTools(
  ev: Evidence,
  ctx: CheckContext<FimParams>,
  paths: string[],
): { verdicts: ToolVerdict[]; unreadable: Text[] } {
  const verdicts: ToolVerdict[] = [];
  const unreadable: Text[] = [];
  const offline = ctx.targetKind === 'image';
  const procs = processes(ev);
  const systemdHost = (ev.get(RUN_SYSTEMD).entries ?? []).length > 0 || (offline && (ev.get(SERVICES).entries ?? []).length > 0);
  const scheduleBy = (word: RegExp, script: RegExp, timer: RegExp): string | undefined =>
    hasEntry(ev, TIMERS, timer) ?? cronRuns(ev, word) ?? periodicScript(ev, script, systemdHost);
  /** "Not scheduled", or an unknown naming the cron/timer sources that could not be read (root's crontab is root-only). */
  const notScheduled = (problems: Text[], unknown: Text[]) => {
    const unread = [TIMERS, CRONTAB, CRON_D, ...CRON_PERIODIC, ...ROOT_CRONTABS].filter((r) => unreadNow(ev, r));
    if (unread.length > 0)
      unknown.push(
        t(
          `whether it is scheduled could not be read (${unread.map((r) => answerReason(r, ev.get(r)).en).join('; ')})`,
          `定期実行されているか読めませんでした（${unread.map((r) => answerReason(r, ev.get(r)).ja).join('、')}）`,
        ),
      );
    else
      problems.push(
        t(
          'is not scheduled (no cron entry or enabled systemd timer)',
          '定期実行されていません（cron も有効な systemd タイマーもありません）',
        ),
      );
  };

  // AIDE
  const aide = present(ev, [...AIDE_BIN, ...AIDE_CONF]);
  unreadable.push(...aide.unreadable);
  if (aide.yes) {
    const problems: Text[] = [];
    const good: Text[] = [];
    const unknown: Text[] = [];
    const confReq = AIDE_CONF.find((r) => ev.get(r).status === 'ok');
    const confD = ev.get(AIDE_CONF_D);
    const confDenied = AIDE_CONF.find((r) => isUnreadable(ev.get(r)));
    if (!confReq)
      problems.push(
        confDenied
          ? unread(answerReason(confDenied, ev.get(confDenied)))
          : t('has no readable aide.conf', '読める aide.conf がありません'),
      );
    else if (isUnreadable(confD)) problems.push(unread(answerReason(AIDE_CONF_D, confD)));
    else {
      const included = [...ev.files(AIDE_CONF_D)].sort((a, b) => (a.path < b.path ? -1 : 1));
      const rules = aideRules([{ path: confReq.path, data: ev.text(confReq) ?? '' }, ...included]);
      const c = coverageText(
        missingPaths(paths, (p) => aideWatches(rules, p)),
        paths,
      );
      if (c.problem) problems.push(c.problem);
      if (c.good) good.push(c.good);
    }
    if (unreadNow(ev, AIDE_DB)) unknown.push(answerReason(AIDE_DB, ev.get(AIDE_DB)));
    else if ((ev.get(AIDE_DB).entries ?? []).length === 0)
      problems.push(
        t(
          'has no baseline database in /var/lib/aide (aideinit / aide --init was never run)',
          '/var/lib/aide に基準データベースがありません（aideinit／aide --init が未実行）',
        ),
      );
    const when = scheduleBy(/\baide(?:init)?\b|dailyaidecheck/, /^aide/, /aide/);
    if (when) good.push(t(`runs from ${when}`, `${when} から実行されます`));
    else notScheduled(problems, unknown);
    verdicts.push(
      verdict(
        'AIDE',
        problems,
        good,
        confReq?.path ?? '/etc/aide/aide.conf',
        keysOf(...AIDE_CONF, AIDE_CONF_D, AIDE_DB),
        unknown,
      ),
    );
  }

  // Tripwire
  const tw = present(ev, [TRIPWIRE_BIN, TRIPWIRE_POL]);
  unreadable.push(...tw.unreadable);
  if (tw.yes) {
    const problems: Text[] = [];
    const good: Text[] = [];
    const unknown: Text[] = [];
    const pol = ev.text(TRIPWIRE_POL);
    if (pol === undefined && isUnreadable(ev.get(TRIPWIRE_POL)))
      problems.push(unread(answerReason(TRIPWIRE_POL, ev.get(TRIPWIRE_POL))));
    else if (pol === undefined)
      problems.push(
        t(
          'has no readable text policy /etc/tripwire/twpol.txt (print it with "twadmin --print-polfile" to check its rules)',
          '読めるテキストのポリシー /etc/tripwire/twpol.txt がありません（"twadmin --print-polfile" で出力して規則を確認してください）',
        ),
      );
    else {
      const p = tripwirePolicy(pol);
      const c = coverageText(
        missingPaths(paths, (x) => listWatches(p.watched, p.excluded, x)),
        paths,
      );
      if (c.problem) problems.push(c.problem);
      if (c.good) good.push(c.good);
    }
    if (unreadNow(ev, TRIPWIRE_DB)) unknown.push(answerReason(TRIPWIRE_DB, ev.get(TRIPWIRE_DB)));
    else if ((ev.get(TRIPWIRE_DB).entries ?? []).length === 0)
      problems.push(t('has no database (tripwire --init was never run)', 'データベースがありません（tripwire --init が未実行）'));
    const when = scheduleBy(/\btripwire\b/, /^tripwire/, /tripwire/);
    if (when) good.push(t(`runs from ${when}`, `${when} から実行されます`));
    else notScheduled(problems, unknown);
    verdicts.push(
      verdict('Tripwire', problems, good, TRIPWIRE_POL.path, keysOf(TRIPWIRE_BIN, TRIPWIRE_POL, TRIPWIRE_DB), unknown),
    );
  }

  // Samhain: a daemon that checks on its own timer.
  const sh = present(ev, [SAMHAIN_BIN, SAMHAINRC]);
  unreadable.push(...sh.unreadable);
  if (sh.yes) {
    const problems: Text[] = [];
    const good: Text[] = [];
    const unknown: Text[] = [];
    const rc = ev.text(SAMHAINRC);
    if (rc === undefined && isUnreadable(ev.get(SAMHAINRC))) problems.push(unread(answerReason(SAMHAINRC, ev.get(SAMHAINRC))));
    else if (rc === undefined) problems.push(t('has no readable /etc/samhainrc', '読める /etc/samhainrc がありません'));
    else {
      const p = samhainPolicy(rc);
      const c = coverageText(
        missingPaths(paths, (x) => listWatches(p.watched, p.excluded, x)),
        paths,
      );
      if (c.problem) problems.push(c.problem);
      if (c.good) good.push(c.good);
    }
    running('samhain', /^samhain$/, /^samhain\.service$/, procs, ev, offline, problems, good, unknown);
    verdicts.push(
      verdict('Samhain', problems, good, SAMHAINRC.path, keysOf(SAMHAIN_BIN, SAMHAINRC, PROCESSES, SERVICES), unknown),
    );
  }

  // Wazuh / OSSEC agent syscheck.
  const oc = ev.get(OSSEC_CONF);
  if (isUnreadable(oc)) unreadable.push(answerReason(OSSEC_CONF, oc));
  if (oc.status === 'ok') {
    const problems: Text[] = [];
    const good: Text[] = [];
    const unknown: Text[] = [];
    const sc = syscheck(ev.text(OSSEC_CONF) ?? '');
    judgeSyscheck(sc, paths, ctx.params.maxIntervalDays, false, problems, good);
    running(
      'the Wazuh/OSSEC agent',
      /^(wazuh|ossec)-(agentd|syscheckd)$/,
      /^(wazuh-agent|wazuh-manager|ossec|ossec-hids)\.service$/,
      procs,
      ev,
      offline,
      problems,
      good,
      unknown,
    );
    verdicts.push(
      verdict('Wazuh/OSSEC syscheck', problems, good, OSSEC_CONF.path, keysOf(OSSEC_CONF, PROCESSES, SERVICES), unknown),
    );
  }
  return { verdicts, unreadable };
}

function running(
  what: string,
  proc: RegExp,
  unit: RegExp,
  procs: Set<string> | undefined,
  ev: Evidence,
  offline: boolean,
  problems: Text[],
  good: Text[],
  unknown: Text[],
): void {
  if (procs) {
    if ([...procs].some((p) => proc.test(p))) good.push(t(`${what} is running`, `${what}が稼働しています`));
    else problems.push(t(`${what} is not running`, `${what}が稼働していません`));
    return;
  }
  const enabled = hasEntry(ev, SERVICES, unit);
  if (enabled)
    good.push(
      t(
        `${what} is enabled at boot (${enabled}; offline: not seen running)`,
        `${what}は起動時に有効です（${enabled}。オフラインのため稼働は未確認）`,
      ),
    );
  else if (offline) problems.push(t(`${what} is not enabled at boot`, `${what}が起動時に有効になっていません`));
  else {
    const a = ev.get(PROCESSES);
    unknown.push(
      t(
        `whether ${what} runs could not be read (${answerReason(PROCESSES, a).en})`,
        `${what}の稼働状況を読めませんでした（${answerReason(PROCESSES, a).ja}）`,
      ),
    );
  }
}

function judgeSyscheck(
  sc: Syscheck | undefined,
  paths: string[],
  maxDays: number,
  windows: boolean,
  problems: Text[],
  good: Text[],
): void {
  if (!sc) {
    problems.push(t('has no <syscheck> section in ossec.conf', 'ossec.conf に <syscheck> がありません'));
    return;
  }
  if (sc.disabled) {
    problems.push(t('has syscheck disabled (<disabled>yes</disabled>)', 'syscheck が無効です（<disabled>yes</disabled>）'));
    return;
  }
  const watched = sc.directories.map((d) => d.path);
  const c = coverageText(
    missingPaths(paths, (p) => listWatches(watched, sc.ignored, p, windows)),
    paths,
  );
  if (c.problem) problems.push(c.problem);
  if (c.good) good.push(c.good);
  const days = sc.frequency / 86_400;
  if (sc.scheduled) good.push(t('scans on a <scan_time>/<scan_day> schedule', '<scan_time>／<scan_day> の予定でスキャンします'));
  else if (days <= maxDays) good.push(t(`scans every ${sc.frequency} s`, `${sc.frequency} 秒ごとにスキャンします`));
  else
    problems.push(
      t(
        `scans only every ${sc.frequency} s (${days.toFixed(1)} days), less often than every ${maxDays} days`,
        `スキャン間隔が ${sc.frequency} 秒（${days.toFixed(1)} 日）で、${maxDays} 日より長くなっています`,
      ),
    );
}

function verdict(
  tool: string,
  problems: Text[],
  good: Text[],
  location: string,
  evidence: string[],
  unknown: Text[] = [],
): ToolVerdict {
  // A problem that is only an unread file decides nothing: with no known gap the tool is undecided.
  const known = problems.filter((p) => !UNREAD.has(p));
  const unreadProblems = problems.filter((p) => UNREAD.has(p));
  const undecided = [...unreadProblems, ...unknown];
  return {
    tool,
    status: known.length ? 'fail' : undecided.length ? 'error' : 'pass',
    problems,
    good,
    evidence,
    location,
    unknown: undecided,
  };
}

/** A source that was asked and could not be read (an offline image's unsupported commands are not). */
const unreadNow = (ev: Evidence, r: EvidenceRequest) => ev.get(r).status === 'denied' || ev.get(r).status === 'error';

function findingsOf(verdicts: ToolVerdict[]): Finding[] {
  const anyPass = verdicts.some((v) => v.status === 'pass');
  return verdicts.map((v) => {
    const status: Status = v.status === 'pass' ? 'pass' : anyPass ? 'warn' : v.status === 'error' ? 'error' : 'fail';
    const join = (list: Text[], lang: 'en' | 'ja') => list.map((x) => x[lang]).join(lang === 'en' ? '; ' : '。');
    return {
      status,
      message:
        v.status === 'error'
          ? t(
              `${v.tool} is installed, but ${join(v.unknown, 'en')}: whether it monitors the files cannot be ` +
                `decided${v.good.length ? ` (it ${join(v.good, 'en')})` : ''}.`,
              `${v.tool} は導入されていますが、${join(v.unknown, 'ja')}。ファイルを監視しているか判定できません` +
                `${v.good.length ? `（${join(v.good, 'ja')}）` : ''}。`,
            )
          : v.status === 'pass'
            ? t(`${v.tool} ${join(v.good, 'en')}.`, `${v.tool}: ${join(v.good, 'ja')}。`)
            : t(
                `${v.tool} is installed but ${join(v.problems, 'en')}${v.good.length ? ` (it ${join(v.good, 'en')})` : ''}.` +
                  `${anyPass ? ' Another file-integrity tool covers the requirement.' : ''}`,
                `${v.tool} は導入されていますが、${join(v.problems, 'ja')}` +
                  `${v.good.length ? `（${join(v.good, 'ja')}）` : ''}。` +
                  `${anyPass ? '別のファイル改ざん検知ツールが要件を満たしています。' : ''}`,
              ),
      location: v.location,
      evidence: v.evidence,
    };
  });
}

function noTool(unreadable: Text[], evidence: string[], windows: boolean): Finding[] {
  if (unreadable.length > 0)
    return [
      {
        status: 'error',
        message: t(
          `Could not tell whether a file-integrity monitoring tool is installed: ${unreadable.map((u) => u.en).join('; ')}.`,
          `ファイル改ざん検知ツールが導入されているか判定できませんでした: ${unreadable.map((u) => u.ja).join('、')}。`,
        ),
        evidence,
      },
    ];
  return [
    {
      status: 'fail',
      message: windows
        ? t(
            'No file-integrity monitoring agent was found (Wazuh/OSSEC agent service or configuration, Tripwire).',
            'ファイル改ざん検知のエージェントが見つかりません（Wazuh／OSSEC エージェントのサービスや設定、Tripwire）。',
          )
        : t(
            'No file-integrity monitoring tool was found (AIDE, Tripwire, Samhain, Wazuh/OSSEC agent).',
            'ファイル改ざん検知ツールが見つかりません（AIDE、Tripwire、Samhain、Wazuh／OSSEC エージェント）。',
          ),
      evidence,
    },
  ];
}

function evaluateLinux(ev: Evidence, ctx: CheckContext<FimParams>): Finding[] {
  const paths = [...ctx.params.linuxPaths, ...ctx.params.applicationPaths.filter((p) => p.startsWith('/'))];
  const { verdicts, unreadable } = linuxTools(ev, ctx, paths);
  if (verdicts.length === 0) return noTool(unreadable, keysOf(...LINUX_REQUESTS), false);
  return withAppNote(findingsOf(verdicts), ctx.params.applicationPaths.length === 0);
}

function withAppNote(findings: Finding[], noApp: boolean): Finding[] {
  if (!noApp) return findings;
  return findings.map((f) =>
    f.status === 'pass'
      ? {
          ...f,
          message: t(
            `${f.message.en} The POS application folder was not named (set applicationPaths), so it was not checked.`,
            `${f.message.ja}POS アプリケーションのフォルダーが指定されていない（applicationPaths）ため、確認していません。`,
          ),
        }
      : f,
  );
}

function evaluateWindows(ev: Evidence, ctx: CheckContext<FimParams>): Finding[] {
  const paths = [...ctx.params.windowsPaths, ...ctx.params.applicationPaths.filter((p) => /^[A-Za-z]:\\/.test(p))];
  const unreadable: Text[] = [];
  const verdicts: ToolVerdict[] = [];
  const findings: Finding[] = [];
  const services = WIN_SERVICES.filter((r) => ev.get(r).status === 'ok');
  for (const r of WIN_SERVICES) if (isUnreadable(ev.get(r))) unreadable.push(answerReason(r, ev.get(r)));
  const confReq = OSSEC_WIN_CONF.find((r) => ev.get(r).status === 'ok');
  for (const r of OSSEC_WIN_CONF) if (isUnreadable(ev.get(r))) unreadable.push(answerReason(r, ev.get(r)));
  if (services.length > 0 || confReq) {
    const problems: Text[] = [];
    const good: Text[] = [];
    const confDenied = OSSEC_WIN_CONF.find((r) => isUnreadable(ev.get(r)));
    if (!confReq)
      problems.push(
        confDenied
          ? unread(answerReason(confDenied, ev.get(confDenied)))
          : t('has no readable ossec.conf in the agent folder', 'エージェントのフォルダーに読める ossec.conf がありません'),
      );
    else judgeSyscheck(syscheck(ev.text(confReq) ?? ''), paths, ctx.params.maxIntervalDays, true, problems, good);
    const state = ev.get(WIN_SERVICE_STATE);
    if (state.status === 'ok' && (state.exitCode ?? 0) === 0) {
      const run = /^svc=(WazuhSvc|OssecSvc)\|Running\s*$/m.exec(state.data ?? '');
      if (run) good.push(t(`runs as the ${run[1]} service`, `${run[1]} サービスが稼働しています`));
      else problems.push(t('the agent service is not running', 'エージェントのサービスが稼働していません'));
    } else {
      const start = services
        .map((r) => ev.get(r).registry?.values.find((v) => v.name.toLowerCase() === 'start')?.data)
        .find((v) => v !== undefined);
      if (start === 2)
        good.push(
          t(
            'the agent service starts automatically (offline: not seen running)',
            'エージェントのサービスは自動起動です（オフラインのため稼働は未確認）',
          ),
        );
      else
        problems.push(
          t(
            `the agent service does not start automatically (Start = ${start === undefined ? 'unknown' : quoted(String(start))})`,
            `エージェントのサービスが自動起動ではありません（Start = ${start === undefined ? '不明' : quoted(String(start))}）`,
          ),
        );
    }
    verdicts.push(
      verdict(
        'Wazuh/OSSEC agent',
        problems,
        good,
        confReq?.path ?? OSSEC_WIN_CONF[0].path,
        keysOf(...WIN_SERVICES, ...OSSEC_WIN_CONF, WIN_SERVICE_STATE),
      ),
    );
  }
  // Tripwire Enterprise / File Integrity Manager: rules live on its console.
  for (const r of UNINSTALL) {
    const a = ev.get(r);
    if (isUnreadable(a)) unreadable.push(answerReason(r, a));
    for (const values of Object.values(a.registry?.children ?? {})) {
      const name = values.find((v) => v.name.toLowerCase() === 'displayname')?.data;
      if (typeof name === 'string' && /Tripwire/i.test(name) && findings.length === 0)
        findings.push({
          status: 'manual',
          message: t(
            `${quoted(name)} is installed; its rules are kept on the Tripwire console. Confirm there that they ` +
              `cover ${clip(paths.join(', '))} and run at least every ${ctx.params.maxIntervalDays} days.`,
            `${quoted(name)} が導入されています。規則は Tripwire のコンソールで管理されています。` +
              `そこで ${clip(paths.join(', '))} が対象で、${ctx.params.maxIntervalDays}` +
              ` 日以内ごとに実行されることを確認してください。`,
          ),
          evidence: keysOf(r),
        });
    }
  }
  if (verdicts.length === 0 && findings.length === 0)
    return noTool(unreadable, keysOf(...WIN_SERVICES, ...OSSEC_WIN_CONF, ...UNINSTALL), true);
  const out = [...findingsOf(verdicts), ...findings];
  // A manual Tripwire finding next to a passing agent is not needed.
  return withAppNote(
    out.some((f) => f.status === 'pass') ? out.filter((f) => f.status !== 'manual') : out,
    ctx.params.applicationPaths.length === 0,
  );
}

export const fimMonitoring: Check<FimParams> = {
  id: 'fim.monitoring',
  family: 'fim',
  title: t('Changes to critical files are detected', '重要なファイルの変更を検知する'),
  description: t(
    'A file-integrity monitoring tool must watch the critical files and compare them at least weekly (PCI DSS 11.5.2). ' +
      'Linux: AIDE (aide.conf and aide.conf.d rules, baseline database, cron job or systemd timer), Tripwire (twpol.txt, ' +
      'database, cron), Samhain (samhainrc, daemon), Wazuh/OSSEC (ossec.conf <syscheck>: directories, frequency, agent ' +
      'running). Windows: the Wazuh/OSSEC agent (service, ossec.conf syscheck) or Tripwire (rules on its console: manual). ' +
      'Critical files: /etc, /bin, /sbin, /usr/bin, /usr/sbin, /boot (Windows: C:\\Windows\\System32) and the POS ' +
      'application folders named in applicationPaths.',
    'ファイル改ざん検知ツールが重要なファイルを監視し、少なくとも週1回比較している必要があります（PCI DSS 11.5.2）。Linux：' +
      'AIDE（aide.conf と aide.conf.d の規則、基準データベース、cron または systemd タイマー）、Tripwire（twpol.txt、' +
      'データベース、cron）、Samhain（samhainrc、デーモン）、Wazuh／OSSEC（ossec.conf の <syscheck>：ディレクトリ、間隔、' +
      'エージェントの稼働）。Windows：Wazuh／OSSEC エージェント（サービス、ossec.conf の syscheck）' +
      'または Tripwire（規則はコンソール側のため手動確認）。重要なファイル：/etc、/bin、/sbin、/usr/bin、/usr/sbin、' +
      '/boot（Windows は C:\\Windows\\System32）と、applicationPaths に指定した POS アプリケーションのフォルダー。',
  ),
  remediation: t(
    'Install a file-integrity monitoring tool and point it at the system and POS application folders. Debian: "apt-get ' +
      'install aide", add a rule for the POS application folder in /etc/aide/aide.conf.d/, run "aideinit", and keep ' +
      'dailyaidecheck.timer enabled ("systemctl enable --now dailyaidecheck.timer"); send its reports to someone who acts on ' +
      'them. Wazuh/OSSEC: list the folders in <syscheck><directories> with a <frequency> of at most 604800 (or ' +
      'realtime="yes") and keep the agent running.',
    'ファイル改ざん検知ツールを導入し、システムと POS アプリケーションのフォルダーを対象にしてください。Debian：「apt-get ' +
      'install aide」を実行し、/etc/aide/aide.conf.d/ に POS アプリケーションのフォルダーの規則を追加して「aideinit」' +
      'を実行し、dailyaidecheck.timer を有効のままにします（「systemctl enable --now dailyaidecheck.timer」）。' +
      '結果は対応する担当者に届くようにしてください。Wazuh／OSSEC：<syscheck><directories> に対象フォルダーを書き、' +
      '<frequency> を 604800 以下（または realtime="yes"）にして、エージェントを稼働させてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      linuxPaths: {
        type: 'array',
        items: { type: 'string', pattern: '^/' },
        default: ['/etc', '/bin', '/sbin', '/usr/bin', '/usr/sbin', '/boot'],
        description: 'Critical Linux folders the tool must watch.',
      },
      windowsPaths: {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z]:\\\\' },
        default: ['C:\\Windows\\System32'],
        description: 'Critical Windows folders the tool must watch.',
      },
      applicationPaths: {
        type: 'array',
        items: { type: 'string', minLength: 2 },
        default: [],
        description: 'POS application folders (Linux or Windows paths) the tool must also watch.',
      },
      maxIntervalDays: { type: 'integer', minimum: 1, maximum: 31, default: 7, description: 'Longest time between comparisons.' },
    },
    additionalProperties: false,
  },
  requests: () => [...LINUX_REQUESTS, ...WIN_SERVICES, ...OSSEC_WIN_CONF, WIN_SERVICE_STATE, ...UNINSTALL],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? evaluateWindows(ev, ctx) : evaluateLinux(ev, ctx);
  },
};

export const checks: AnyCheck[] = [fimMonitoring];
