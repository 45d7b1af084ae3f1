/** OS identification: what the terminal runs, the base of the end-of-life and patch checks. */
import { t } from '../../core/i18n.js';
import type { AnyCheck, Check } from '../../core/model.js';

const OS_RELEASE = { kind: 'file', path: '/etc/os-release', os: 'linux', maxBytes: 16 * 1024 } as const;
const CURRENT_VERSION = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
  os: 'windows',
} as const;

export const osIdentified: Check = {
  id: 'os.identified',
  family: 'os',
  title: t('Operating system identified', 'OS を特定できる'),
  description: t(
    'Names the operating system, version and build of the terminal, so an auditor knows what was assessed and the patch ' +
      'and end-of-life checks have a base.',
    '端末の OS・バージョン・ビルドを特定します。何を評価したかを監査人が把握でき、パッチやサポート終了のチェックの前提になります。',
  ),
  remediation: t(
    'Make /etc/os-release (Linux) or the CurrentVersion registry key (Windows) readable to the scanning account.',
    'スキャンに使うアカウントが /etc/os-release（Linux）または CurrentVersion レジストリキー（Windows）を読めるようにしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'info',
  params: { type: 'object', properties: {}, additionalProperties: false },
  requests: () => [OS_RELEASE, CURRENT_VERSION],
  evaluate: (ev, ctx) => {
    const p = ctx.platform;
    const label = [
      p.pretty ?? [p.distro, p.version].filter(Boolean).join(' '),
      p.build && !p.pretty?.includes(p.build) ? `(${p.build})` : '',
      p.arch ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    if (p.os === 'unknown' || (!p.distro && !p.version)) {
      const a = ev.get(ctx.platform.os === 'windows' ? CURRENT_VERSION : OS_RELEASE);
      return [
        {
          status: 'error',
          message: t(
            `The operating system could not be identified (${a.reason ?? a.status}).`,
            `OS を特定できませんでした（${a.reason ?? a.status}）。`,
          ),
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: t(`Runs ${label}.`, `${label} で稼働しています。`),
        details: {
          os: p.os,
          distro: p.distro,
          version: p.version,
          build: p.build,
          edition: p.edition,
          arch: p.arch,
          hardware: p.hardware,
        },
      },
    ];
  },
};

export const checks: AnyCheck[] = [osIdentified];
