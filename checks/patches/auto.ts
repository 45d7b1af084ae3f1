/** patches.auto-updates: evidence and evaluation (Linux apt/dnf/yum, Windows Update policy). */
import type { Evidence, FileRequest, GlobRequest, RegistryRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { Finding, Platform } from '../../core/model.js';
import { WIN_CURRENT_VERSION } from '../os/end-of-life.js';
import { requestKey } from '../../core/evidence.js';
import { answerReason } from '../kit/answers.js';
import { regChild, regNumber, regString } from '../kit/registry.js';
import { clip, quoted } from '../kit/text.js';

export const APT_CONF_FILES: FileRequest[] = ['02periodic', '10periodic', '20auto-upgrades', '50unattended-upgrades'].map(
  (f) => ({ kind: 'file', path: `/etc/apt/apt.conf.d/${f}`, os: 'linux', maxBytes: 64 * 1024 }),
);
export const PM_BINARIES: GlobRequest[] = [
  '/usr/bin/apt-get',
  '/usr/bin/dnf',
  '/usr/bin/yum',
  '/usr/bin/zypper',
  '/sbin/apk',
  '/usr/bin/unattended-upgrade',
].map((p) => ({ kind: 'glob', pattern: p, os: 'linux' }));
export const DNF_AUTOMATIC_TIMER: GlobRequest = {
  kind: 'glob',
  pattern: '/etc/systemd/system/timers.target.wants/dnf-automatic*.timer',
  os: 'linux',
};
export const DNF_AUTOMATIC_CONF: FileRequest = {
  kind: 'file',
  path: '/etc/dnf/automatic.conf',
  os: 'linux',
  maxBytes: 64 * 1024,
};
export const YUM_CRON_SERVICE: GlobRequest = {
  kind: 'glob',
  pattern: '/etc/systemd/system/multi-user.target.wants/yum-cron.service',
  os: 'linux',
};
export const YUM_CRON_CONF: FileRequest = { kind: 'file', path: '/etc/yum/yum-cron.conf', os: 'linux', maxBytes: 64 * 1024 };
export const WIN_WU_POLICY: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate',
  subkeys: true,
  os: 'windows',
};
export const WIN_AU_LOCAL: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update',
  os: 'windows',
};
export const WIN_WUAUSERV: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\wuauserv',
  value: 'Start',
  os: 'windows',
};

function globHas(ev: Evidence, req: GlobRequest): boolean | undefined {
  const a = ev.get(req);
  return a.status === 'ok' ? (a.entries ?? []).length > 0 : undefined;
}

/** Strip `//` and `#` comment lines and `/* … *\/` blocks from apt configuration. */
function aptUncommented(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/\r?\n/)
    .filter((l) => !/^\s*(\/\/|#)/.test(l))
    .join('\n');
}

/** The last `APT::Periodic::<name> "<n>"` across the files, in the order apt reads them. */
function aptPeriodic(ev: Evidence, name: string): { value?: number; unreadable: Text[] } {
  let value: number | undefined;
  const unreadable: Text[] = [];
  // apt.systemd.daily takes a number of days, a time span ("1d", "12h") or "always".
  const re = new RegExp(`APT::Periodic::${name}\\s+"(\\d+|\\d+[smhdw]|always)"`, 'g');
  for (const req of APT_CONF_FILES) {
    const a = ev.get(req);
    if (a.status === 'denied' || a.status === 'error') unreadable.push(answerReason(req, a));
    const text = ev.text(req);
    if (!text) continue;
    for (const m of aptUncommented(text).matchAll(re)) value = m[1] === 'always' ? 1 : Number.parseInt(m[1], 10);
  }
  return { value, unreadable };
}

function iniValue(text: string | undefined, key: string): string | undefined {
  if (!text) return undefined;
  let out: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] === key) out = m[2].toLowerCase();
  }
  return out;
}

export function autoUpdatesLinux(ev: Evidence): Finding[] {
  const [aptGet, dnf, yum, zypper, apk, uuBinary] = PM_BINARIES.map((g) => globHas(ev, g));
  const uuConf = APT_CONF_FILES[3];
  if (aptGet) {
    const uu = aptPeriodic(ev, 'Unattended-Upgrade');
    const ev0 = [...APT_CONF_FILES.map(requestKey), requestKey(PM_BINARIES[5])];
    if (uu.value !== undefined && uu.value > 0) {
      if (uuBinary === false) {
        return [
          {
            status: 'fail',
            message: t(
              'APT::Periodic::Unattended-Upgrade is on, but the unattended-upgrades package is not installed, so nothing runs.',
              'APT::Periodic::Unattended-Upgrade は有効ですが、unattended-upgrades ' +
                'パッケージがインストールされていないため、自動更新は動きません。',
            ),
            evidence: ev0,
          },
        ];
      }
      // unattended-upgrades installs only what the package lists show: without a daily list refresh
      // (APT::Periodic::Update-Package-Lists) it never sees a new security update.
      const lists = aptPeriodic(ev, 'Update-Package-Lists');
      if (!lists.unreadable.length && !(lists.value !== undefined && lists.value > 0)) {
        return [
          {
            status: 'fail',
            message: t(
              `unattended-upgrades is on, but the package lists are never refreshed ` +
                `(APT::Periodic::Update-Package-Lists ${lists.value === undefined ? 'not set' : `"${lists.value}"`}), so it ` +
                `never sees a new security update.`,
              `unattended-upgrades は有効ですが、パッケージ一覧が更新されない設定です（APT::Periodic::Update-Package-Lists ` +
                `${lists.value === undefined ? '未設定' : `"${lists.value}"`}）。新しいセキュリティ更新を検出できません。`,
            ),
            evidence: ev0,
            remediation: t(
              'Add APT::Periodic::Update-Package-Lists "1"; next to APT::Periodic::Unattended-Upgrade "1"; in ' +
                '/etc/apt/apt.conf.d/20auto-upgrades (dpkg-reconfigure -plow unattended-upgrades writes both) and keep ' +
                'apt-daily.timer and apt-daily-upgrade.timer enabled.',
              '/etc/apt/apt.conf.d/20auto-upgrades に APT::Periodic::Unattended-Upgrade ' +
                '"1"; と並べて APT::Periodic::Update-Package-Lists "1"; を書き（dpkg-reconfigure -plow ' +
                'unattended-upgrades で両方が書かれます）、apt-daily.timer と apt-daily-upgrade.timer ' +
                'を有効のままにしてください。',
            ),
          },
        ];
      }
      const origins = ev.text(uuConf);
      if (origins !== undefined && !/security/i.test(aptUncommented(origins))) {
        return [
          {
            status: 'warn',
            message: t(
              'unattended-upgrades runs, but its allowed origins in 50unattended-upgrades name no security archive.',
              'unattended-upgrades は動作していますが、50unattended-upgrades の許可元にセキュリティ用のリポジトリが含まれていません。',
            ),
            evidence: ev0,
            location: uuConf.path,
          },
        ];
      }
      return [
        {
          status: 'pass',
          message:
            origins === undefined
              ? t(
                  'unattended-upgrades is on (APT::Periodic::Unattended-Upgrade); 50unattended-upgrades was not found, so ' +
                    'the package defaults (security archive) apply.',
                  'unattended-upgrades が有効です（APT::Periodic::Unattended-Upgrade）。50unattended-upgrades がないため、' +
                    'パッケージ既定値（セキュリティ用リポジトリ）が使われます。',
                )
              : t(
                  'unattended-upgrades is on and installs from the security archive.',
                  'unattended-upgrades が有効で、セキュリティ用リポジトリから更新を適用します。',
                ),
          evidence: ev0,
        },
      ];
    }
    if (uu.unreadable.length) {
      return [
        {
          status: 'error',
          message: t(
            `The apt automatic-update settings could not be read: ${uu.unreadable.map((x) => x.en).join('; ')}.`,
            `apt の自動更新設定を読み取れませんでした: ${uu.unreadable.map((x) => x.ja).join('、')}。`,
          ),
          evidence: ev0,
        },
      ];
    }
    return [
      {
        status: 'fail',
        message:
          uu.value === 0
            ? t(
                'Automatic security updates are turned off (APT::Periodic::Unattended-Upgrade "0").',
                'セキュリティ更新の自動適用が無効です（APT::Periodic::Unattended-Upgrade "0"）。',
              )
            : t(
                'Automatic security updates are not configured (no APT::Periodic::Unattended-Upgrade setting).',
                'セキュリティ更新の自動適用が設定されていません（APT::Periodic::Unattended-Upgrade の設定がありません）。',
              ),
        evidence: ev0,
      },
    ];
  }
  if (dnf || yum) {
    const timer = ev.get(DNF_AUTOMATIC_TIMER);
    const timers = timer.status === 'ok' ? (timer.entries ?? []) : [];
    const cron = globHas(ev, YUM_CRON_SERVICE);
    const evd = [
      requestKey(DNF_AUTOMATIC_TIMER),
      requestKey(DNF_AUTOMATIC_CONF),
      requestKey(YUM_CRON_SERVICE),
      requestKey(YUM_CRON_CONF),
    ];
    if (timers.length > 0) {
      const installs =
        timers.some((p) => /dnf-automatic-install\.timer$/.test(p)) ||
        iniValue(ev.text(DNF_AUTOMATIC_CONF), 'apply_updates') === 'yes';
      return [
        installs
          ? {
              status: 'pass',
              message: t('dnf-automatic is enabled and installs updates.', 'dnf-automatic が有効で、更新を自動で適用します。'),
              evidence: evd,
            }
          : {
              status: 'warn',
              message: t(
                'dnf-automatic is enabled but only downloads or notifies (apply_updates is not yes).',
                'dnf-automatic は有効ですが、ダウンロードか通知のみで適用はしません（apply_updates が yes ではありません）。',
              ),
              evidence: evd,
            },
      ];
    }
    if (cron) {
      const installs = iniValue(ev.text(YUM_CRON_CONF), 'apply_updates') === 'yes';
      return [
        installs
          ? {
              status: 'pass',
              message: t('yum-cron is enabled and installs updates.', 'yum-cron が有効で、更新を自動で適用します。'),
              evidence: evd,
            }
          : {
              status: 'warn',
              message: t(
                'yum-cron is enabled but does not apply updates (apply_updates is not yes).',
                'yum-cron は有効ですが、更新を適用しません（apply_updates が yes ではありません）。',
              ),
              evidence: evd,
            },
      ];
    }
    if (timer.status !== 'ok')
      return [
        {
          status: 'error',
          message: t(
            `Enabled systemd timers could not be listed: ${answerReason(DNF_AUTOMATIC_TIMER, timer).en}.`,
            `有効な systemd タイマーを一覧できませんでした: ${answerReason(DNF_AUTOMATIC_TIMER, timer).ja}。`,
          ),
          evidence: evd,
        },
      ];
    return [
      {
        status: 'fail',
        message: t(
          'Neither dnf-automatic nor yum-cron is enabled: updates are not installed automatically.',
          'dnf-automatic も yum-cron も有効ではありません。更新は自動で適用されません。',
        ),
        evidence: evd,
      },
    ];
  }
  if (zypper || apk) {
    return [
      {
        status: 'manual',
        message: t(
          `posaudit does not recognise an automatic-update tool for ${zypper ? 'zypper (SUSE)' : 'apk (Alpine)'}; confirm ` +
            `how this terminal receives security updates.`,
          `${zypper ? 'zypper（SUSE）' : 'apk（Alpine）'} の自動更新の仕組みは posaudit では判定できません。` +
            `この端末にセキュリティ更新がどう配信されるか確認してください。`,
        ),
        remediation: t(
          'Show the patch schedule (for example a systemd timer running zypper patch, or the central management tool) and ' +
            'keep it with the audit evidence.',
          '更新の実行計画（zypper patch を実行する systemd タイマーや本部の管理ツールなど）を確認し、監査証跡として保管してください。',
        ),
        evidence: PM_BINARIES.map(requestKey),
      },
    ];
  }
  const unknown = PM_BINARIES.some((g) => ev.get(g).status !== 'ok');
  return [
    {
      status: 'error',
      message: unknown
        ? t(
            'The package manager could not be identified (file listing unavailable).',
            'パッケージ管理ツールを特定できませんでした（ファイル一覧を取得できません）。',
          )
        : t(
            'No supported package manager (apt, dnf, yum, zypper, apk) was found.',
            '対応するパッケージ管理ツール（apt、dnf、yum、zypper、apk）が見つかりませんでした。',
          ),
      evidence: PM_BINARIES.map(requestKey),
    },
  ];
}

const AU_OPTIONS: Record<number, Text> = {
  2: t('notify before download', 'ダウンロード前に通知'),
  3: t('download automatically, notify before install', '自動ダウンロード、インストール前に通知'),
  4: t('download and install automatically', '自動ダウンロード・自動インストール'),
  5: t('local administrator chooses', 'ローカル管理者が選択'),
};

export function autoUpdatesWindows(ev: Evidence, platform: Platform): Finding[] {
  const pol = ev.get(WIN_WU_POLICY);
  const local = ev.get(WIN_AU_LOCAL);
  const svc = ev.get(WIN_WUAUSERV);
  const evidence = [requestKey(WIN_WU_POLICY), requestKey(WIN_AU_LOCAL), requestKey(WIN_WUAUSERV)];
  const unreadable = (
    [
      [WIN_WU_POLICY, pol],
      [WIN_AU_LOCAL, local],
      [WIN_WUAUSERV, svc],
    ] as const
  )
    .filter(([, a]) => a.status !== 'ok' && a.status !== 'missing')
    .map(([r, a]) => answerReason(r, a));
  if (unreadable.length) {
    return [
      {
        status: 'error',
        message: t(
          `Windows Update settings could not be read: ${unreadable.map((x) => x.en).join('; ')}.`,
          `Windows Update の設定を読み取れませんでした: ${unreadable.map((x) => x.ja).join('、')}。`,
        ),
        evidence,
      },
    ];
  }
  const start = svc.status === 'ok' ? regNumber(svc.registry?.values, 'Start') : undefined;
  const au = pol.status === 'ok' ? regChild(pol, 'AU') : undefined;
  const server = pol.status === 'ok' ? regString(pol.registry?.values, 'WUServer') : undefined;
  const wsus = regNumber(au, 'UseWUServer') === 1 && server !== undefined && server.trim() !== '';
  const details: Record<string, unknown> = {
    ...(wsus ? { wsusServer: clip(server ?? '') } : {}),
    ...(start !== undefined ? { wuauservStart: start } : {}),
  };
  const source = wsus
    ? t(`from the WSUS server ${quoted(server ?? '')}`, `WSUS サーバー ${quoted(server ?? '')} から`)
    : t('from Windows Update', 'Windows Update から');
  if (svc.status === 'missing') {
    return [
      {
        status: 'fail',
        message: t(
          'The Windows Update service (wuauserv) is not installed, so no updates can be installed through it.',
          'Windows Update サービス（wuauserv）が存在しないため、更新をインストールできません。',
        ),
        evidence,
        details,
      },
    ];
  }
  if (start === 4) {
    return [
      {
        status: 'fail',
        message: t(
          'The Windows Update service (wuauserv) is disabled, so no updates can be installed through it.',
          'Windows Update サービス（wuauserv）が無効になっているため、更新をインストールできません。',
        ),
        evidence,
        details,
      },
    ];
  }
  if (regNumber(au, 'NoAutoUpdate') === 1) {
    return [
      {
        status: wsus ? 'warn' : 'fail',
        message: wsus
          ? t(
              `Automatic updates are off by policy (NoAutoUpdate=1); updates come ${source.en} only when someone installs them.`,
              `ポリシーで自動更新が無効です（NoAutoUpdate=1）。更新は${source.ja}、誰かが手動で適用したときだけ入ります。`,
            )
          : t(
              'Automatic updates are off by policy (NoAutoUpdate=1) and no WSUS server is set.',
              'ポリシーで自動更新が無効（NoAutoUpdate=1）で、WSUS サーバーも設定されていません。',
            ),
        evidence,
        details,
      },
    ];
  }
  const option =
    regNumber(au, 'AUOptions') ?? (local.status === 'ok' ? regNumber(local.registry?.values, 'AUOptions') : undefined);
  if (option !== undefined) {
    details.auOptions = option;
    const label = AU_OPTIONS[option] ?? t(`unknown mode ${option}`, `不明なモード ${option}`);
    return [
      {
        status: option === 4 ? 'pass' : 'warn',
        message: t(`Automatic updates: ${label.en}, ${source.en}.`, `自動更新: ${label.ja}、${source.ja}。`),
        evidence,
        details,
      },
    ];
  }
  const cv = ev.get(WIN_CURRENT_VERSION);
  const buildText =
    (cv.status === 'ok'
      ? (regString(cv.registry?.values, 'CurrentBuildNumber') ?? regString(cv.registry?.values, 'CurrentBuild'))
      : undefined) ?? platform.build;
  const build = Number(/^\d+/.exec(buildText ?? '')?.[0] ?? NaN);
  if (build >= 10240) {
    return [
      {
        status: 'pass',
        message: t(
          `No policy overrides the Windows 10/11 default: updates are downloaded and installed automatically, ${source.en}.`,
          `ポリシーによる変更はなく、Windows 10/11 の既定どおり更新は${source.ja}自動でダウンロード・インストールされます。`,
        ),
        evidence: [...evidence, requestKey(WIN_CURRENT_VERSION)],
        details,
      },
    ];
  }
  return [
    {
      status: 'manual',
      message: t(
        'No automatic-update setting was found, and this Windows version has no safe default to assume.',
        '自動更新の設定が見つからず、この Windows のバージョンでは既定値を仮定できません。',
      ),
      remediation: t(
        'Open Windows Update settings on the terminal (or the WSUS/management console) and record how updates are installed.',
        '端末の Windows Update 設定（または WSUS・管理ツール）を開き、更新の適用方法を記録してください。',
      ),
      evidence,
      details,
    },
  ];
}
