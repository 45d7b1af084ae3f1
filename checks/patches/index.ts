/** Patch level (PCI DSS 6.3.3): recent updates, pending reboot, automatic updates. */
import type { CommandRequest, Evidence, EvidenceRequest, FileRequest, RegistryRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { AnyCheck, Check, Finding } from '../../core/model.js';
import { WIN_CURRENT_VERSION } from '../os/end-of-life.js';
import { requestKey } from '../../core/evidence.js';
import { answerReason } from '../kit/answers.js';
import { notFoundButUnread, unreadAmong } from '../kit/findings.js';
import { keyValueMap } from '../kit/config.js';
import { daysBetween, isoDay, parseEpochSeconds, parseIsoDate } from '../kit/dates.js';
import { regString } from '../kit/registry.js';
import { clip } from '../kit/text.js';
import {
  kernelState,
  lastAptUpgrade,
  lastDnfUpgrade,
  lastDpkgUpgrade,
  lastZyppInstall,
  lastZyppPatch,
  parsePending,
  parseWindowsHistory,
} from './parse.js';
import {
  APT_CONF_FILES,
  DNF_AUTOMATIC_CONF,
  DNF_AUTOMATIC_TIMER,
  PM_BINARIES,
  WIN_AU_LOCAL,
  WIN_WU_POLICY,
  WIN_WUAUSERV,
  YUM_CRON_CONF,
  YUM_CRON_SERVICE,
  autoUpdatesLinux,
  autoUpdatesWindows,
} from './auto.js';
import { knownRelease, parseBuild, WINDOWS_RELEASES_AS_OF } from './windows-builds.js';

const LOG_CAP = 4 * 1024 * 1024;

// ---- Linux evidence ----
export const APT_HISTORY: FileRequest = { kind: 'file', path: '/var/log/apt/history.log', os: 'linux', maxBytes: LOG_CAP };
export const DPKG_LOG: FileRequest = { kind: 'file', path: '/var/log/dpkg.log', os: 'linux', maxBytes: LOG_CAP };
export const DNF_RPM_LOG: FileRequest = { kind: 'file', path: '/var/log/dnf.rpm.log', os: 'linux', maxBytes: LOG_CAP };
export const ZYPP_HISTORY: FileRequest = { kind: 'file', path: '/var/log/zypp/history', os: 'linux', maxBytes: LOG_CAP };
export const PACKAGE_ACTIVITY: CommandRequest = {
  kind: 'command',
  name: 'package activity times',
  os: 'linux',
  timeoutMs: 60_000,
  command: {
    sh: [
      "if command -v rpm >/dev/null 2>&1 && [ -d /var/lib/rpm ]; then printf 'rpm_last=%s\\n' \"$(rpm -qa --qf " +
        "'%{INSTALLTIME}\\n' 2>/dev/null | sort -n | tail -n 1)\"; fi",
      'for p in apt_update_success:/var/lib/apt/periodic/update-success-stamp ' +
        'apt_unattended:/var/lib/apt/periodic/unattended-upgrades-stamp apk_db:/lib/apk/db/installed; do f=${p#*:}; [ -e ' +
        '"$f" ] && printf \'%s=%s\\n\' "${p%%:*}" "$(stat -c %Y "$f" 2>/dev/null)"; done',
      'exit 0',
    ].join('; '),
  },
};
export const PENDING_UPDATES: CommandRequest = {
  kind: 'command',
  name: 'pending security updates',
  os: 'linux',
  timeoutMs: 120_000,
  maxBytes: 512 * 1024,
  command: {
    sh: [
      'if command -v apt-get >/dev/null 2>&1; then echo pm=apt; o=$(apt-get -s -o Debug::NoLocking=1 upgrade 2>&1); echo ' +
        "rc=$?; printf '%s\\n' \"$o\" | grep '^Inst ' | head -n 2000",
      'elif command -v dnf >/dev/null 2>&1; then echo pm=dnf; o=$(dnf -q -C updateinfo list --security 2>&1); echo rc=$?; ' +
        'printf \'%s\\n\' "$o" | head -n 2000',
      'elif command -v yum >/dev/null 2>&1; then echo pm=yum; o=$(yum -q -C updateinfo list security 2>&1); echo rc=$?; ' +
        'printf \'%s\\n\' "$o" | head -n 2000',
      'elif command -v zypper >/dev/null 2>&1; then echo pm=zypper; o=$(zypper --non-interactive --no-refresh list-patches ' +
        "--category security 2>&1); echo rc=$?; printf '%s\\n' \"$o\" | grep '|' | head -n 2000",
      "elif command -v apk >/dev/null 2>&1; then echo pm=apk; o=$(apk version -l '<' 2>&1); echo rc=$?; printf " +
        '\'%s\\n\' "$o" | head -n 2000',
      'else exit 127; fi',
    ].join('; '),
  },
};
export const REBOOT_REQUIRED: FileRequest = { kind: 'file', path: '/var/run/reboot-required', os: 'linux', maxBytes: 4096 };
export const REBOOT_REQUIRED_PKGS: FileRequest = {
  kind: 'file',
  path: '/var/run/reboot-required.pkgs',
  os: 'linux',
  maxBytes: 16 * 1024,
};
export const KERNEL_STATE: CommandRequest = {
  kind: 'command',
  name: 'running and installed kernels',
  os: 'linux',
  timeoutMs: 60_000,
  command: {
    sh: [
      'printf \'running=%s\\n\' "$(uname -r)"',
      'for f in /boot/vmlinuz-*; do [ -e "$f" ] && printf \'boot=%s\\n\' "${f#/boot/vmlinuz-}"; done',
      'for d in /lib/modules/*; do [ -d "$d/kernel" ] && printf \'modules=%s\\n\' "${d#/lib/modules/}"; done',
      'if command -v needs-restarting >/dev/null 2>&1; then needs-restarting -r >/dev/null 2>&1; ' +
        'printf \'needs_restarting=%s\\n\' "$?"; fi',
      'exit 0',
    ].join('; '),
  },
};

// ---- Windows evidence ----
export const WIN_UPDATE_HISTORY: CommandRequest = {
  kind: 'command',
  name: 'windows update history',
  os: 'windows',
  timeoutMs: 120_000,
  maxBytes: 512 * 1024,
  command: {
    ps: [
      "$ErrorActionPreference = 'SilentlyContinue'",
      '$ic = [Globalization.CultureInfo]::InvariantCulture',
      'try { $r = (New-Object -ComObject Microsoft.Update.AutoUpdate).Results; if ($r.LastInstallationSuccessDate) { ' +
        "'au_last_install=' + ([datetime]$r.LastInstallationSuccessDate).ToString('yyyy-MM-dd HH:mm:ss', $ic) }; if " +
        "($r.LastSearchSuccessDate) { 'au_last_search=' + ([datetime]$r.LastSearchSuccessDate).ToString('yyyy-MM-dd " +
        "HH:mm:ss', $ic) } } catch { }",
      '$h = @(Get-HotFix)',
      'if ($h.Count -eq 0) { $h = @(Get-WmiObject -Class Win32_QuickFixEngineering) }',
      "foreach ($x in $h) { $d = ''; try { $v = $x.InstalledOn; if ($v -is [datetime]) { $d = $v.ToString('yyyy-MM-dd', " +
        "$ic) } elseif ($v) { $d = [string]$v } } catch { }; 'hotfix=' + $x.HotFixID + '|' + $d }",
    ].join('\n'),
  },
};
export const WIN_AU_RESULTS_INSTALL: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\Results\\Install',
  os: 'windows',
};
export const WIN_CBS_REBOOT: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
  os: 'windows',
};
export const WIN_WU_REBOOT: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired',
  os: 'windows',
};
export const WIN_PENDING_RENAMES: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
  value: 'PendingFileRenameOperations',
  os: 'windows',
};

// ---- patches.recent ----
export interface RecentParams {
  maxAgeDays: number;
}

interface Activity {
  when: Date;
  what: Text;
  evidence: string;
  /**
   * `upgrade`: installed packages were brought up to date (an upgrade run, a patch run, Windows Update).
   * `other`: something was installed or a tool merely ran; it shows the package database is in use, not
   * that pending updates were applied, so it never excuses pending security updates.
   */
  kind: 'upgrade' | 'other';
}

function newest(list: Activity[]): Activity | undefined {
  return list.reduce<Activity | undefined>((a, b) => (a === undefined || b.when > a.when ? b : a), undefined);
}

function linuxActivity(ev: Evidence): { list: Activity[]; why: Text[] } {
  const list: Activity[] = [];
  const why: Text[] = [];
  const fromLog = (req: FileRequest, parse: (s: string) => Date | undefined, what: Text, kind: Activity['kind']) => {
    const text = ev.text(req);
    const d = text ? parse(text) : undefined;
    if (d) list.push({ when: d, what, evidence: requestKey(req), kind });
    const a = ev.get(req);
    if (a.status === 'denied' || a.status === 'error') why.push(answerReason(req, a));
  };
  fromLog(
    APT_HISTORY,
    lastAptUpgrade,
    t('apt upgrade run (history.log)', 'apt によるアップグレード実行（history.log）'),
    'upgrade',
  );
  // dpkg.log does not say why a package was upgraded (an install can pull a dependency up): it counts
  // as an upgrade run only when apt's own history is not there to say.
  fromLog(
    DPKG_LOG,
    lastDpkgUpgrade,
    t('dpkg upgrade (dpkg.log)', 'dpkg によるアップグレード（dpkg.log）'),
    ev.get(APT_HISTORY).status === 'ok' ? 'other' : 'upgrade',
  );
  fromLog(DNF_RPM_LOG, lastDnfUpgrade, t('dnf upgrade (dnf.rpm.log)', 'dnf によるアップグレード（dnf.rpm.log）'), 'upgrade');
  fromLog(
    ZYPP_HISTORY,
    lastZyppPatch,
    t('zypper patch/update run (zypp/history)', 'zypper による patch/update 実行（zypp/history）'),
    'upgrade',
  );
  fromLog(
    ZYPP_HISTORY,
    lastZyppInstall,
    t('zypper install (zypp/history)', 'zypper によるインストール（zypp/history）'),
    'other',
  );
  const act = ev.get(PACKAGE_ACTIVITY);
  if (act.status === 'ok') {
    const kv = keyValueMap(act.data);
    const rpm = parseEpochSeconds(kv.get('rpm_last'));
    if (rpm)
      list.push({
        when: rpm,
        what: t('newest rpm package install time', 'rpm パッケージの最新インストール日時'),
        evidence: requestKey(PACKAGE_ACTIVITY),
        kind: 'other',
      });
    const uu = parseEpochSeconds(kv.get('apt_unattended'));
    if (uu)
      list.push({
        when: uu,
        what: t('last unattended-upgrades run', 'unattended-upgrades の最終実行'),
        evidence: requestKey(PACKAGE_ACTIVITY),
        kind: 'other',
      });
    const apk = parseEpochSeconds(kv.get('apk_db'));
    if (apk)
      list.push({
        when: apk,
        what: t('last change of the apk package database', 'apk パッケージデータベースの最終更新'),
        evidence: requestKey(PACKAGE_ACTIVITY),
        kind: 'other',
      });
  }
  return { list, why };
}

function windowsActivity(ev: Evidence): { list: Activity[]; why: Text[]; hotfixCount?: number } {
  const list: Activity[] = [];
  const why: Text[] = [];
  const hist = ev.get(WIN_UPDATE_HISTORY);
  let hotfixCount: number | undefined;
  if (hist.status === 'ok') {
    const h = parseWindowsHistory(hist.data ?? '');
    hotfixCount = h.hotfixes.length;
    if (h.lastInstall)
      list.push({
        when: h.lastInstall,
        what: t('last successful Windows Update installation', 'Windows Update の最終インストール成功日時'),
        evidence: requestKey(WIN_UPDATE_HISTORY),
        kind: 'upgrade',
      });
    const dated = h.hotfixes.filter((x): x is { id: string; installedOn: Date } => x.installedOn !== undefined);
    const newestFix = dated.reduce<{ id: string; installedOn: Date } | undefined>(
      (a, b) => (a === undefined || b.installedOn > a.installedOn ? b : a),
      undefined,
    );
    if (newestFix)
      list.push({
        when: newestFix.installedOn,
        what: t(`newest installed update ${newestFix.id}`, `最新の更新プログラム ${newestFix.id}`),
        evidence: requestKey(WIN_UPDATE_HISTORY),
        kind: 'upgrade',
      });
  } else why.push(answerReason(WIN_UPDATE_HISTORY, hist));
  const res = ev.get(WIN_AU_RESULTS_INSTALL);
  const last = res.status === 'ok' ? parseIsoDate(regString(res.registry?.values, 'LastSuccessTime')) : undefined;
  if (last)
    list.push({
      when: last,
      what: t('Windows Update LastSuccessTime (registry)', 'Windows Update の LastSuccessTime（レジストリ）'),
      evidence: requestKey(WIN_AU_RESULTS_INSTALL),
      kind: 'upgrade',
    });
  else if (res.status !== 'ok' && res.status !== 'missing') why.push(answerReason(WIN_AU_RESULTS_INSTALL, res));
  return { list, why, hotfixCount };
}

export const patchesRecent: Check<RecentParams> = {
  id: 'patches.recent',
  family: 'patches',
  title: t('Security updates are installed within a month', 'セキュリティ更新が 1 か月以内に適用されている'),
  description: t(
    'Looks for pending security updates and for the date updates were last installed. PCI DSS 6.3.3 requires critical ' +
      'patches within one month of release.',
    '未適用のセキュリティ更新と、最後に更新を適用した日を確認します。PCI DSS 6.3.3 は、' +
      '重要なパッチを公開から 1 か月以内に適用することを求めています。',
  ),
  remediation: t(
    'Install the pending security updates (apt-get upgrade, dnf upgrade --security, zypper patch, Windows Update or WSUS) ' +
      'and schedule them at least monthly.',
    '未適用のセキュリティ更新を適用してください（apt-get upgrade、dnf upgrade --security、zypper patch、Windows ' +
      'Update または WSUS）。少なくとも月 1 回は適用する運用にしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxAgeDays: {
        type: 'integer',
        minimum: 1,
        maximum: 365,
        default: 30,
        description: 'Days since the last installed update before the check fails.',
      },
    },
  },
  requests(): EvidenceRequest[] {
    return [
      APT_HISTORY,
      DPKG_LOG,
      DNF_RPM_LOG,
      ZYPP_HISTORY,
      PACKAGE_ACTIVITY,
      PENDING_UPDATES,
      WIN_UPDATE_HISTORY,
      WIN_AU_RESULTS_INSTALL,
    ];
  },
  evaluate(ev, ctx) {
    const max = ctx.params.maxAgeDays;
    const win = ctx.platform.os === 'windows';
    const act = win ? windowsActivity(ev) : linuxActivity(ev);
    const describe = (a: Activity | undefined, age: number | undefined): Text | undefined =>
      a
        ? t(
            `last ${a.kind === 'upgrade' ? 'update' : 'package'} activity ${isoDay(a.when)} (${age} days ago, ${a.what.en})`,
            `最後の${a.kind === 'upgrade' ? '更新' : 'パッケージ操作'}は ${isoDay(a.when)}（${age} 日前、${a.what.ja}）`,
          )
        : undefined;
    // Only an upgrade run applies pending updates; any activity shows the package data is being used.
    const lastUp = newest(act.list.filter((a) => a.kind === 'upgrade'));
    const upAge = lastUp ? daysBetween(lastUp.when, ctx.now) : undefined;
    const lastAny = newest(act.list);
    const anyAge = lastAny ? daysBetween(lastAny.when, ctx.now) : undefined;
    const upText = describe(lastUp, upAge);
    const details: Record<string, unknown> = {
      maxAgeDays: max,
      ...(lastUp ? { lastUpdate: isoDay(lastUp.when), ageDays: upAge } : {}),
      ...(lastAny && lastAny !== lastUp ? { lastPackageActivity: isoDay(lastAny.when) } : {}),
    };
    const evidence = [...new Set([lastUp, lastAny].filter((a): a is Activity => a !== undefined).map((a) => a.evidence))];
    const noUpgrade = t('no upgrade run is recorded', 'アップグレードを実行した記録がありません');
    // A newer install than the last upgrade run is named, so nobody takes it for update activity.
    const notUpdate =
      lastAny && lastAny.kind === 'other' && (!lastUp || lastAny.when > lastUp.when)
        ? t(
            ` (${lastAny.what.en} on ${isoDay(lastAny.when)} does not install pending updates and is not counted)`,
            `（${isoDay(lastAny.when)} の${lastAny.what.ja}は未適用の更新を適用しないため数えていません）`,
          )
        : t('', '');

    const behind = win ? windowsBuildBehind(ctx.platform.build, ctx.now, max, ev) : undefined;
    if (behind) return [{ ...behind, details: { ...details, ...behind.details } }];

    let pending: ReturnType<typeof parsePending> | undefined;
    if (!win) {
      const p = ev.get(PENDING_UPDATES);
      if (p.status === 'ok' && p.exitCode !== 127) pending = parsePending(p.data ?? '');
      else
        act.why.push(
          p.status === 'ok'
            ? t(
                'no supported package manager (apt, dnf, yum, zypper, apk) found',
                '対応するパッケージ管理ツール（apt、dnf、yum、zypper、apk）が見つかりません',
              )
            : answerReason(PENDING_UPDATES, p),
        );
      if (pending && 'error' in pending)
        act.why.push(
          t(
            `pending updates could not be listed: ${clip(pending.error)}`,
            `未適用の更新を一覧できませんでした: ${clip(pending.error)}`,
          ),
        );
    }
    const pend = pending && !('error' in pending) ? pending : undefined;
    if (pend) {
      evidence.push(requestKey(PENDING_UPDATES));
      Object.assign(details, {
        packageManager: pend.pm,
        pendingSecurity: pend.securityKnown ? pend.security : undefined,
        pendingTotal: pend.total,
        pendingSample: pend.sample,
      });
    }
    const pendingCount = pend ? (pend.securityKnown ? pend.security : pend.total) : undefined;
    const pendingWord = pend?.securityKnown ? t('security updates', 'セキュリティ更新') : t('package updates', 'パッケージ更新');
    const kv = keyValueMap(ev.text(PACKAGE_ACTIVITY));
    const listsAt = parseEpochSeconds(kv.get('apt_update_success'));
    const listsAge = listsAt ? daysBetween(listsAt, ctx.now) : undefined;
    if (listsAge !== undefined) details.packageListsAgeDays = listsAge;

    if (pendingCount !== undefined && pendingCount > 0) {
      // apt lists these updates from package lists fetched `listsAge` days ago: they were published by
      // then, so they have been waiting at least that long.
      const knownFor = pend?.pm === 'apt' ? listsAge : undefined;
      const old = upAge === undefined || upAge > max || (knownFor !== undefined && knownFor > max);
      const since =
        knownFor !== undefined && knownFor > max
          ? t(
              ` They were already in the package lists fetched ${knownFor} days ago, so they have been pending at least ` +
                `that long (limit ${max} days).`,
              ` これらは ${knownFor} 日前に取得したパッケージ一覧に既に含まれており、少なくともその期間未適用です（上限 ${max} 日）。`,
            )
          : t('', '');
      return [
        {
          status: old ? 'fail' : 'warn',
          message: t(
            `${pendingCount} ${pendingWord.en} are waiting to be installed; ${(upText ?? noUpgrade).en}${notUpdate.en}.` +
              `${since.en}${old ? '' : ` Install them within ${max} days of their release.`}`,
            `${pendingCount} 件の${pendingWord.ja}が未適用です。${(upText ?? noUpgrade).ja}${notUpdate.ja}。` +
              `${since.ja}${old ? '' : `公開から ${max} 日以内に適用してください。`}`,
          ),
          evidence,
          details,
        },
      ];
    }
    const lastText = describe(lastAny, anyAge);
    if (pendingCount === 0) {
      const listsOld = pend?.pm === 'apt' && listsAge !== undefined && listsAge > max;
      const stale = listsOld || (listsAge === undefined && (anyAge === undefined || anyAge > max));
      // No recent activity was seen, but the sources that would show it (or the lists' age) were not read.
      const unreadActivity = unreadAmong(ev, [PACKAGE_ACTIVITY, APT_HISTORY, DPKG_LOG, DNF_RPM_LOG, ZYPP_HISTORY]);
      if (stale && !listsOld && unreadActivity.length > 0)
        return [
          notFoundButUnread(
            t('sign that the package lists are current', 'パッケージ一覧が最新であることを示す記録'),
            ev,
            unreadActivity,
          ),
        ];
      return [
        {
          status: stale ? 'warn' : 'pass',
          message: stale
            ? t(
                `No ${pendingWord.en} are pending, but the package lists may be out of ` +
                  `date${listsAge !== undefined ? ` (refreshed ${listsAge} days ago)` : ''}; ` +
                  `${lastText ? lastText.en : 'no record of an earlier update was found'}.`,
                `未適用の${pendingWord.ja}はありませんが、パッケージ一覧が古い可能性があります` +
                  `${listsAge !== undefined ? `（${listsAge} 日前に更新）` : ''}。` +
                  `${lastText ? lastText.ja : 'これまでに更新した記録が見つかりません'}。`,
              )
            : t(
                `No ${pendingWord.en} are pending${lastText ? `; ${lastText.en}` : ''}.`,
                `未適用の${pendingWord.ja}はありません${lastText ? `。${lastText.ja}` : ''}。`,
              ),
          evidence,
          details,
        },
      ];
    }
    if (lastUp && upAge !== undefined) {
      const note = win
        ? t('', '')
        : t(
            ' Pending updates could not be listed here, so this rests on the update history only.',
            ' 未適用の更新は一覧できなかったため、更新履歴だけで判断しています。',
          );
      return [
        {
          status: upAge > max ? 'fail' : 'pass',
          message:
            upAge > max
              ? t(
                  `No update has been installed for ${upAge} days (limit ${max}): ${upText?.en}${notUpdate.en}.${note.en}`,
                  `${upAge} 日間、更新が適用されていません（上限 ${max} 日）: ${upText?.ja}${notUpdate.ja}。${note.ja}`,
                )
              : t(
                  `Updates were installed within ${max} days: ${upText?.en}.${note.en}`,
                  `${max} 日以内に更新が適用されています: ${upText?.ja}。${note.ja}`,
                ),
          evidence,
          details,
        },
      ];
    }
    // Where an upgrade run or the pending list could have shown up to date: unread, they decide nothing.
    const unreadLinux = win
      ? []
      : unreadAmong(ev, [PENDING_UPDATES, PACKAGE_ACTIVITY, APT_HISTORY, DPKG_LOG, DNF_RPM_LOG, ZYPP_HISTORY]);
    if (lastAny && !win && pend === undefined && unreadLinux.length > 0)
      return [notFoundButUnread(t('record of an upgrade run', 'アップグレード実行の記録'), ev, unreadLinux)];
    if (lastAny && !win && pend === undefined) {
      return [
        {
          status: 'fail',
          message: t(
            `No upgrade run is recorded and pending updates could not be listed; ${lastText?.en}, which does not install pending updates.`,
            `アップグレードを実行した記録がなく、未適用の更新も一覧できませんでした。${lastText?.ja}は未適用の更新を適用しません。`,
          ),
          evidence,
          details,
        },
      ];
    }
    const winHint =
      win && 'hotfixCount' in act && act.hotfixCount === 0
        ? [t('the installed-update list was empty', 'インストール済み更新の一覧が空でした')]
        : [];
    const reasons = [...act.why, ...winHint];
    return [
      {
        status: 'error',
        message: t(
          `Neither pending updates nor the date of the last update could be read` +
            `${reasons.length ? `: ${reasons.map((r) => r.en).join('; ')}` : ''}.`,
          `未適用の更新も、最後に更新した日も読み取れませんでした${reasons.length ? `: ${reasons.map((r) => r.ja).join('、')}` : ''}。`,
        ),
        details,
      },
    ];
  },
};

/**
 * A `fail` when the terminal's build/UBR is below a release in the dated table that came out more
 * than `max` days before `now`; undefined when the table cannot tell (unknown build, or at/above it).
 */
function windowsBuildBehind(build: string | undefined, now: Date, max: number, ev: Evidence): Finding | undefined {
  const b = parseBuild(build);
  const rel = b ? knownRelease(b.build) : undefined;
  if (!b || !rel) return undefined;
  const released = parseIsoDate(rel.released);
  if (!released || daysBetween(released, now) <= max || b.ubr >= rel.ubr) return undefined;
  const hist = ev.get(WIN_UPDATE_HISTORY);
  const kbListed =
    hist.status === 'ok' && parseWindowsHistory(hist.data ?? '').hotfixes.some((h) => h.id.toUpperCase() === rel.kb);
  const kbNote = kbListed
    ? t(
        ` ${rel.kb} is listed as installed, yet the build has not changed: the terminal has not restarted to finish it.`,
        ` ${rel.kb} はインストール済みと表示されていますが、ビルドが変わっていません。適用を完了する再起動が行われていません。`,
      )
    : t('', '');
  return {
    status: 'fail',
    message: t(
      `The OS build is ${b.build}.${b.ubr}, older than ${b.build}.${rel.ubr} (${rel.kb}, ` +
        `released ${rel.released}, ${daysBetween(released, now)} days ago; limit ${max} days): at least that cumulative ` +
        `update is missing.${kbNote.en}`,
      `OS ビルドは ${b.build}.${b.ubr} で、${b.build}.${rel.ubr}（${rel.kb}、${rel.released} 公開、` +
        `${daysBetween(released, now)} 日前。上限 ${max} 日）より古く、少なくともこの累積更新が適用されていません。` +
        `${kbNote.ja}`,
    ),
    location: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
    evidence: hist.status === 'ok' ? [requestKey(WIN_UPDATE_HISTORY)] : [],
    details: {
      build: `${b.build}.${b.ubr}`,
      newestKnownRelease: { build: `${rel.build}.${rel.ubr}`, kb: rel.kb, released: rel.released, products: rel.products },
      releaseTableDate: WINDOWS_RELEASES_AS_OF,
      kbListedAsInstalled: kbListed,
    },
  };
}

// ---- patches.reboot-pending ----
export const patchesRebootPending: Check<Record<string, never>> = {
  id: 'patches.reboot-pending',
  family: 'patches',
  title: t('No reboot is pending to finish installing updates', '更新を完了するための再起動が保留されていない'),
  description: t(
    'An update that waits for a reboot is not in effect yet: the old kernel or library keeps running.',
    '再起動待ちの更新はまだ有効になっていません。古いカーネルやライブラリが動き続けています。',
  ),
  remediation: t(
    'Restart the terminal outside store hours so the installed updates take effect.',
    '営業時間外に端末を再起動し、適用済みの更新を有効にしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: { type: 'object', additionalProperties: false, properties: {} },
  requests(): EvidenceRequest[] {
    return [REBOOT_REQUIRED, REBOOT_REQUIRED_PKGS, KERNEL_STATE, WIN_CBS_REBOOT, WIN_WU_REBOOT, WIN_PENDING_RENAMES];
  },
  evaluate(ev, ctx) {
    return ctx.platform.os === 'windows' ? rebootWindows(ev) : rebootLinux(ev, ctx.targetKind === 'image');
  },
};

function rebootLinux(ev: Evidence, offline: boolean): Finding[] {
  const flag = ev.get(REBOOT_REQUIRED);
  const reasons: Text[] = [];
  const evidence: string[] = [];
  if (flag.status === 'ok') {
    const pkgs = (ev.text(REBOOT_REQUIRED_PKGS) ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => /^[A-Za-z0-9.+:_-]{1,80}$/.test(s))
      .slice(0, 20);
    reasons.push(
      t(
        `/var/run/reboot-required is present${pkgs.length ? ` (for ${pkgs.join(', ')})` : ''}`,
        `/var/run/reboot-required があります${pkgs.length ? `（対象: ${pkgs.join('、')}）` : ''}`,
      ),
    );
    evidence.push(requestKey(REBOOT_REQUIRED), requestKey(REBOOT_REQUIRED_PKGS));
  }
  const k = ev.get(KERNEL_STATE);
  let decided = false;
  const details: Record<string, unknown> = {};
  if (k.status === 'ok') {
    const ks = kernelState(k.data ?? '');
    const kv = keyValueMap(k.data);
    if (ks.running && ks.newest) {
      decided = true;
      Object.assign(details, { runningKernel: ks.running, newestInstalledKernel: ks.newest });
      if (ks.behind)
        reasons.push(
          t(
            `the running kernel ${ks.running} is older than the installed ${ks.newest}`,
            `動作中のカーネル ${ks.running} は、インストール済みの ${ks.newest} より古いものです`,
          ),
        );
    }
    const nr = kv.get('needs_restarting');
    if (nr === '1')
      reasons.push(
        t('needs-restarting -r reports that a reboot is required', 'needs-restarting -r が再起動が必要と報告しています'),
      );
    if (nr === '0') decided = true;
    if (reasons.length || decided) evidence.push(requestKey(KERNEL_STATE));
  }
  if (reasons.length) {
    return [
      {
        status: 'warn',
        message: t(
          `A reboot is pending: ${reasons.map((r) => r.en).join('; ')}.`,
          `再起動が保留されています: ${reasons.map((r) => r.ja).join('、')}。`,
        ),
        evidence,
        details,
      },
    ];
  }
  if (flag.status !== 'missing') {
    return [
      {
        status: 'error',
        message: t(
          `Whether a reboot is pending could not be read: ${answerReason(REBOOT_REQUIRED, flag).en}.`,
          `再起動が保留されているか読み取れませんでした: ${answerReason(REBOOT_REQUIRED, flag).ja}。`,
        ),
        evidence: [requestKey(REBOOT_REQUIRED)],
      },
    ];
  }
  if (offline) {
    return [
      {
        status: 'not-applicable',
        message: t(
          'Offline image: nothing is running, so no reboot can be pending (no reboot-required flag in the image).',
          'オフラインのイメージです。動作中ではないため、再起動の保留はありません（イメージに reboot-required の印はありません）。',
        ),
        evidence: [requestKey(REBOOT_REQUIRED)],
      },
    ];
  }
  if (!decided) {
    const why =
      k.status === 'ok'
        ? t(
            'no installed kernel was found under /boot or /lib/modules (a container or a custom boot layout?)',
            '/boot にも /lib/modules にもインストール済みのカーネルが見つかりません（コンテナーか独自の起動構成の可能性があります）',
          )
        : answerReason(KERNEL_STATE, k);
    return [
      {
        status: 'error',
        message: t(
          `The running kernel could not be compared with the installed one: ${why.en}.`,
          `動作中のカーネルとインストール済みのカーネルを比較できませんでした: ${why.ja}。`,
        ),
        evidence: [requestKey(REBOOT_REQUIRED), requestKey(KERNEL_STATE)],
      },
    ];
  }
  return [
    {
      status: 'pass',
      message: t(
        'No reboot is pending: no reboot-required flag, and the newest installed kernel is running.',
        '再起動の保留はありません。reboot-required の印はなく、最新のカーネルが動作しています。',
      ),
      evidence: [requestKey(REBOOT_REQUIRED), requestKey(KERNEL_STATE)],
      details,
    },
  ];
}

function rebootWindows(ev: Evidence): Finding[] {
  const reasons: Text[] = [];
  const unknown: Text[] = [];
  const evidence: string[] = [];
  const flags: Array<[RegistryRequest, Text]> = [
    [
      WIN_CBS_REBOOT,
      t('Component Based Servicing reports RebootPending', 'コンポーネントベースサービス（CBS）が RebootPending を示しています'),
    ],
    [WIN_WU_REBOOT, t('Windows Update reports RebootRequired', 'Windows Update が RebootRequired を示しています')],
  ];
  for (const [req, text] of flags) {
    const a = ev.get(req);
    evidence.push(requestKey(req));
    if (a.status === 'ok') reasons.push(text);
    else if (a.status !== 'missing') unknown.push(answerReason(req, a));
  }
  const pfro = ev.get(WIN_PENDING_RENAMES);
  evidence.push(requestKey(WIN_PENDING_RENAMES));
  if (pfro.status === 'ok') {
    const v = pfro.registry?.values.find((x) => x.name.toLowerCase() === 'pendingfilerenameoperations')?.data;
    const n = Array.isArray(v) ? v.filter((s) => s.trim() !== '').length : typeof v === 'string' && v.trim() !== '' ? 1 : 0;
    if (n > 0)
      reasons.push(
        t(
          `${n} file operations wait for a reboot (PendingFileRenameOperations; set by updates and installers)`,
          `${n} 件のファイル操作が再起動待ちです（PendingFileRenameOperations。更新やインストーラーが設定します）`,
        ),
      );
  } else {
    // The Session Manager key always exists: not reading it means the registry was not read at all.
    unknown.push(answerReason(WIN_PENDING_RENAMES, pfro));
  }
  if (reasons.length)
    return [
      {
        status: 'warn',
        message: t(
          `A reboot is pending: ${reasons.map((r) => r.en).join('; ')}.`,
          `再起動が保留されています: ${reasons.map((r) => r.ja).join('、')}。`,
        ),
        evidence,
      },
    ];
  if (unknown.length)
    return [
      {
        status: 'error',
        message: t(
          `Whether a reboot is pending could not be read: ${unknown.map((r) => r.en).join('; ')}.`,
          `再起動が保留されているか読み取れませんでした: ${unknown.map((r) => r.ja).join('、')}。`,
        ),
        evidence,
      },
    ];
  return [
    {
      status: 'pass',
      message: t(
        'No reboot is pending (no RebootPending or RebootRequired flag, no pending file renames).',
        '再起動の保留はありません（RebootPending・RebootRequired の印も、保留中のファイル操作もありません）。',
      ),
      evidence,
    },
  ];
}

// ---- patches.auto-updates ----
export const patchesAutoUpdates: Check<Record<string, never>> = {
  id: 'patches.auto-updates',
  family: 'patches',
  title: t(
    'Security updates are installed automatically or from a managed source',
    'セキュリティ更新が自動で、または管理されたサーバーから適用される',
  ),
  description: t(
    'Checks unattended-upgrades (Debian/Ubuntu), dnf-automatic or yum-cron (Red Hat family), and the Windows Update ' +
      'service and policy (automatic installation or a WSUS server).',
    'unattended-upgrades（Debian/Ubuntu）、dnf-automatic または yum-cron（Red Hat 系）、Windows ' +
      'Update のサービスとポリシー（自動インストールまたは WSUS サーバー）を確認します。',
  ),
  remediation: t(
    'Turn on automatic security updates (Debian/Ubuntu: apt-get install unattended-upgrades and set both ' +
      'APT::Periodic::Update-Package-Lists "1" and APT::Periodic::Unattended-Upgrade "1" in ' +
      '/etc/apt/apt.conf.d/20auto-upgrades, as dpkg-reconfigure -plow unattended-upgrades does: without the list refresh no ' +
      'new update is ever seen; Red Hat: systemctl enable --now dnf-automatic-install.timer; Windows: keep the Windows ' +
      'Update service enabled and point it at WSUS or set automatic installation by policy). If a central tool patches the ' +
      'terminals, record that with a waiver.',
    'セキュリティ更新の自動適用を有効にしてください（Debian/Ubuntu: unattended-upgrades をインストールし、' +
      '/etc/apt/apt.conf.d/20auto-upgrades に APT::Periodic::Update-Package-Lists "1" と APT::Periodic::Unattended-Upgrade ' +
      '"1" の両方を設定（dpkg-reconfigure -plow unattended-upgrades と同じ。一覧を更新しないと新しい更新は検出されません）。' +
      'Red Hat 系: systemctl enable --now dnf-automatic-install.timer。Windows: Windows Update サービスを無効にせず、' +
      'グループポリシーで WSUS を指定するか自動インストールを設定）。本部の管理ツールで更新している場合は、' +
      'その旨を免除（waiver）として記録してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: { type: 'object', additionalProperties: false, properties: {} },
  requests(): EvidenceRequest[] {
    return [
      ...APT_CONF_FILES,
      ...PM_BINARIES,
      DNF_AUTOMATIC_TIMER,
      DNF_AUTOMATIC_CONF,
      YUM_CRON_SERVICE,
      YUM_CRON_CONF,
      WIN_WU_POLICY,
      WIN_AU_LOCAL,
      WIN_WUAUSERV,
      WIN_CURRENT_VERSION,
    ];
  },
  evaluate(ev, ctx) {
    return ctx.platform.os === 'windows' ? autoUpdatesWindows(ev, ctx.platform) : autoUpdatesLinux(ev);
  },
};

export const checks: AnyCheck[] = [patchesRecent, patchesRebootPending, patchesAutoUpdates];
