/** Parsers for package-manager logs and outputs (Linux) and update history (Windows). */
import { compareLooseVersions, keyValueLines } from '../kit/config.js';
import { parseFiletime, parseIsoDate } from '../kit/dates.js';

/**
 * Newest `Start-Date` of an apt history stanza that was an upgrade run: an `upgrade`, `dist-upgrade` or
 * `full-upgrade` command, unattended-upgrades, or (without a command line) a stanza that upgraded
 * something. A stanza run for `install`, `remove` or `purge` is not update activity, even when it
 * pulled a dependency up to a newer version.
 */
export function lastAptUpgrade(history: string): Date | undefined {
  let latest: Date | undefined;
  for (const stanza of history.split(/\n\s*\n/)) {
    if (!/^Upgrade:/m.test(stanza)) continue;
    const cmd = /^Commandline:\s*(.*)$/m.exec(stanza)?.[1];
    if (cmd !== undefined && !isAptUpgradeCommand(cmd)) continue;
    const m = /^Start-Date:\s*(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})/m.exec(stanza);
    const d = m ? parseIsoDate(`${m[1]}T${m[2]}Z`) : undefined;
    if (d && (!latest || d > latest)) latest = d;
  }
  return latest;
}

/** An apt/apt-get/aptitude command line that upgrades installed packages, or unattended-upgrades. */
export function isAptUpgradeCommand(cmd: string): boolean {
  if (/unattended-upgrade/.test(cmd)) return true;
  const words = cmd.trim().split(/\s+/);
  const verb = words.slice(1).find((w) => !w.startsWith('-'));
  return verb !== undefined && ['upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade'].includes(verb);
}

/** Newest `upgrade` line of dpkg.log (`2026-11-02 10:00:00 upgrade pkg:arch old new`). */
export function lastDpkgUpgrade(log: string): Date | undefined {
  return newestMatching(log, /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) upgrade /gm);
}

/** Newest `Upgrade`/`Upgraded` line of dnf.rpm.log (`2024-11-04T10:00:00+0000 SUBDEBUG Upgrade: …`). */
export function lastDnfUpgrade(log: string): Date | undefined {
  let latest: Date | undefined;
  for (const m of log.matchAll(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:?\d{2})?)\s+\S+\s+Upgraded?:/gm)) {
    const d = parseIsoDate(m[1].replace('T', ' '));
    if (d && (!latest || d > latest)) latest = d;
  }
  return latest;
}

/** Newest `install` line of zypp history (`2024-11-04 10:00:00|install|pkg|ver|…`): any install, new or upgrade. */
export function lastZyppInstall(log: string): Date | undefined {
  return newestMatching(log, /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\|install\|/gm);
}

/** Newest zypper `patch`, `update`/`up` or `dist-upgrade`/`dup` run recorded in zypp history (`…|command|root@host|'zypper' 'patch'|`). */
export function lastZyppPatch(log: string): Date | undefined {
  return newestMatching(
    log,
    /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\|command\|[^|]*\|[^|\n]*'(?:patch|update|up|dist-upgrade|dup)'/gm,
  );
}

function newestMatching(text: string, re: RegExp): Date | undefined {
  let latest: Date | undefined;
  for (const m of text.matchAll(re)) {
    const d = parseIsoDate(`${m[1]}T${m[2]}Z`);
    if (d && (!latest || d > latest)) latest = d;
  }
  return latest;
}

export type PackageManager = 'apt' | 'dnf' | 'yum' | 'zypper' | 'apk';

export interface PendingUpdates {
  pm: PackageManager;
  /** Whether the tool said which updates are security fixes (apk does not). */
  securityKnown: boolean;
  security: number;
  total: number;
  /** Names of the first few pending security packages or advisories. */
  sample: string[];
}

/** Read the output of the pending-updates command (`pm=…`, `rc=…`, then the tool's lines). */
export function parsePending(out: string): PendingUpdates | { error: string } {
  const lines = out.split(/\r?\n/);
  const pmLine = lines.find((l) => l.startsWith('pm='));
  const rcLine = lines.find((l) => l.startsWith('rc='));
  const pm = pmLine?.slice(3).trim();
  if (pm !== 'apt' && pm !== 'dnf' && pm !== 'yum' && pm !== 'zypper' && pm !== 'apk')
    return { error: 'no package manager reported' };
  const rc = Number(rcLine?.slice(3).trim() ?? 'NaN');
  const body = lines.filter((l) => !l.startsWith('pm=') && !l.startsWith('rc=') && l.trim() !== '');
  // zypper: 100 = updates needed, 101 = security updates needed.
  const okRc = pm === 'zypper' ? [0, 100, 101] : [0];
  if (!okRc.includes(rc)) return { error: `${pm} exited with status ${Number.isNaN(rc) ? 'unknown' : rc}` };
  const sample: string[] = [];
  const add = (s: string) => {
    if (sample.length < 10) sample.push(s.slice(0, 80));
  };
  if (pm === 'apt') {
    let security = 0;
    let total = 0;
    for (const l of body) {
      const m = /^Inst (\S+) (?:\[[^\]]*\] )?\(([^)]*)\)/.exec(l);
      if (!m) continue;
      total++;
      if (/security/i.test(m[2])) {
        security++;
        add(m[1]);
      }
    }
    return { pm, securityKnown: true, security, total, sample };
  }
  if (pm === 'dnf' || pm === 'yum') {
    let security = 0;
    for (const l of body) {
      const m = /^(\S+)\s+(\S*)\s+(\S+)\s*$/.exec(l.trim());
      if (!m || !/sec/i.test(m[2])) continue;
      security++;
      add(`${m[1]} ${m[3]}`);
    }
    return { pm, securityKnown: true, security, total: security, sample };
  }
  if (pm === 'zypper') {
    let security = 0;
    for (const l of body) {
      const cols = l.split('|').map((c) => c.trim());
      if (cols.length < 6 || cols[2] !== 'security') continue;
      if (!/needed|applicable/i.test(cols[5])) continue;
      security++;
      add(cols[1]);
    }
    return { pm, securityKnown: true, security, total: security, sample };
  }
  let total = 0;
  for (const l of body) {
    const m = /^(\S+)\s+<\s+\S+/.exec(l.trim());
    if (!m) continue;
    total++;
    add(m[1]);
  }
  return { pm, securityKnown: false, security: 0, total, sample };
}

/** Newest kernel among installed versions, and whether the running one is older. */
export function kernelState(text: string): { running?: string; newest?: string; behind: boolean } {
  let running: string | undefined;
  const boot: string[] = [];
  const modules: string[] = [];
  for (const [k, v] of keyValueLines(text)) {
    if (!/^[A-Za-z0-9._+~-]{1,100}$/.test(v)) continue;
    if (k === 'running') running = v;
    else if (k === 'boot') boot.push(v);
    else if (k === 'modules') modules.push(v);
  }
  const installed = boot.length > 0 ? boot : modules;
  const newest = installed.reduce<string | undefined>(
    (best, v) => (best === undefined || compareLooseVersions(v, best) > 0 ? v : best),
    undefined,
  );
  return { running, newest, behind: running !== undefined && newest !== undefined && compareLooseVersions(running, newest) < 0 };
}

export interface WindowsUpdateHistory {
  lastInstall?: Date;
  lastSearch?: Date;
  hotfixes: Array<{ id: string; installedOn?: Date }>;
}

/** A QFE `InstalledOn`: `yyyy-MM-dd` (from Get-HotFix), `M/d/yyyy` (raw WMI), or a hex FILETIME. */
export function parseInstalledOn(value: string): Date | undefined {
  const v = value.trim();
  const iso = parseIsoDate(v);
  if (iso) return iso;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (us) return parseIsoDate(`${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}`);
  if (/^[0-9a-fA-F]{16}$/.test(v)) {
    const le = (v.match(/../g) ?? []).reverse().join('');
    return parseFiletime(le);
  }
  return undefined;
}

/** Output of the Windows update-history command (`au_last_install=…`, `hotfix=KB…|date`). */
export function parseWindowsHistory(out: string): WindowsUpdateHistory {
  const h: WindowsUpdateHistory = { hotfixes: [] };
  for (const [k, v] of keyValueLines(out)) {
    if (k === 'au_last_install') h.lastInstall = parseIsoDate(v);
    else if (k === 'au_last_search') h.lastSearch = parseIsoDate(v);
    else if (k === 'hotfix' && h.hotfixes.length < 2000) {
      const [id, date] = v.split('|');
      if (!id || !/^[A-Za-z0-9-]{1,40}$/.test(id.trim())) continue;
      h.hotfixes.push({ id: id.trim(), installedOn: date ? parseInstalledOn(date) : undefined });
    }
  }
  return h;
}
