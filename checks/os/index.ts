/** OS identification: what the terminal runs, the base of the end-of-life and patch checks. */
import { t } from '../../core/i18n.js';
import { reasonTextOf } from '../kit/answers.js';
import type { AnyCheck, Check } from '../../core/model.js';
import { requestKey } from '../../core/evidence.js';
import { regValues } from '../kit/registry.js';
import { clip } from '../kit/text.js';
import { linuxIdentityFromOsRelease, windowsIdentityFromRegistry } from './identify.js';

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
    const a = ev.get(p.os === 'windows' ? CURRENT_VERSION : OS_RELEASE);
    // This check's own reading, for when the target could not use it.
    const read =
      a.status !== 'ok'
        ? undefined
        : p.os === 'linux'
          ? linuxIdentityFromOsRelease(a.data ?? '')
          : p.os === 'windows'
            ? windowsIdentityFromRegistry(regValues(a) ?? [], false)
            : undefined;
    // A version (Linux: from os-release) or a build (Windows) names the OS. A family alone does not, nor a
    // distro the target fills in without reading one: the kernel name from uname ("linux"), or the
    // "Windows" placeholder of an empty identity probe.
    const fromPlatform =
      p.os === 'linux' ? p.version !== undefined : p.os === 'windows' ? p.version !== undefined || p.build !== undefined : false;
    if (!fromPlatform && !read) {
      const why =
        a.status === 'ok' ? (p.os === 'linux' ? 'no ID in /etc/os-release' : 'no product or build') : (a.reason ?? a.status);
      const whyJa =
        a.status === 'ok'
          ? p.os === 'linux'
            ? '/etc/os-release に ID がありません'
            : '製品名もビルドもありません'
          : reasonTextOf(a).ja;
      const kernel = p.os === 'linux' && p.build ? clip(p.build) : undefined;
      return [
        {
          status: 'error',
          message: t(
            `The operating system could not be identified (${why})${kernel ? `: only the kernel is known (${kernel})` : ''}.`,
            `OS を特定できませんでした（${whyJa}）${kernel ? `。分かっているのはカーネル（${kernel}）だけです` : ''}。`,
          ),
          evidence: [requestKey(p.os === 'windows' ? CURRENT_VERSION : OS_RELEASE)],
        },
      ];
    }
    const label = fromPlatform
      ? [
          p.pretty ?? [p.distro, p.version].filter(Boolean).join(' '),
          p.build && !p.pretty?.includes(p.build) ? `(${p.build})` : '',
          p.arch ?? '',
        ]
          .filter(Boolean)
          .join(' ')
      : clip(read?.name ?? '');
    return [
      {
        status: 'pass',
        message: t(`Runs ${label}.`, `${label} で稼働しています。`),
        details: fromPlatform
          ? {
              os: p.os,
              distro: p.distro,
              version: p.version,
              build: p.build,
              edition: p.edition,
              arch: p.arch,
              hardware: p.hardware,
            }
          : {
              os: p.os,
              distro: read?.distro ?? read?.productName,
              version: read?.version ?? read?.displayVersion,
              build: read?.build !== undefined ? `${read.build}${read.ubr !== undefined ? `.${read.ubr}` : ''}` : undefined,
              edition: read?.edition,
              arch: p.arch,
              hardware: p.hardware,
              identifiedFrom: read?.from,
            },
      },
    ];
  },
};

export const checks: AnyCheck[] = [osIdentified];
