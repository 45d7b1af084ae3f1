/** OS end of life: is the terminal's operating system still getting security fixes? */
import type { EvidenceRequest, FileRequest, RegistryRequest, CommandRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { EOL_TABLE, type EolEntry, type EolTable } from './eol-table.js';
import {
  findEntry,
  identityFromPlatform,
  isWindowsServer,
  linuxIdentityFromOsRelease,
  olderThanEveryListed,
  windowsIdentityFromRegistry,
  type OsIdentity,
} from './identify.js';
import { requestKey } from '../../core/evidence.js';
import { answerReason } from '../kit/answers.js';
import { daysBetween } from '../kit/dates.js';
import { regNumber } from '../kit/registry.js';
import { quoted } from '../kit/text.js';

export interface EolParams {
  warnDays: number;
  /** Table ids whose paid extended support the owner declares (not visible on the terminal). */
  extendedSupportDeclared: string[];
}

/** The table is reported as stale after this many days. */
export const EOL_TABLE_MAX_AGE_DAYS = 365;

const DAY_MS = 86_400_000;

export const OS_RELEASE: FileRequest = { kind: 'file', path: '/etc/os-release', os: 'linux', maxBytes: 16 * 1024 };
export const USR_OS_RELEASE: FileRequest = { kind: 'file', path: '/usr/lib/os-release', os: 'linux', maxBytes: 16 * 1024 };
export const PRO_STATUS_FILE: FileRequest = {
  kind: 'file',
  path: '/var/lib/ubuntu-advantage/status.json',
  os: 'linux',
  maxBytes: 1024 * 1024,
};
export const PRO_STATUS_CMD: CommandRequest = {
  kind: 'command',
  name: 'pro status --format json',
  os: 'linux',
  timeoutMs: 30_000,
  maxBytes: 1024 * 1024,
  command: {
    sh:
      'if command -v pro >/dev/null 2>&1; then pro status --format json 2>/dev/null; elif command -v ua >/dev/null 2>&1; ' +
      'then ua status --format json 2>/dev/null; else exit 127; fi',
  },
};
export const WIN_CURRENT_VERSION: RegistryRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
  os: 'windows',
};
export const WIN_POSREADY: RegistryRequest = { kind: 'registry', key: 'HKLM\\SYSTEM\\WPA\\PosReady', os: 'windows' };

type ProState = { known: true; esm: boolean; source: string } | { known: false; why: Text[] };

/** Ubuntu Pro: attached with esm-infra enabled? From `pro status` (live) or its status file (offline). */
export function ubuntuProState(json: string | undefined): { esm: boolean } | undefined {
  if (!json) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const o = doc as { attached?: unknown; services?: unknown };
  if (typeof o.attached !== 'boolean') return undefined;
  if (!o.attached) return { esm: false };
  const services = Array.isArray(o.services) ? o.services.slice(0, 100) : [];
  const esm = services.some((s: unknown) => {
    if (typeof s !== 'object' || s === null) return false;
    const svc = s as { name?: unknown; status?: unknown };
    return svc.name === 'esm-infra' && svc.status === 'enabled';
  });
  return { esm };
}

function proState(ev: Parameters<Check<EolParams>['evaluate']>[0]): ProState {
  const why: Text[] = [];
  for (const req of [PRO_STATUS_CMD, PRO_STATUS_FILE]) {
    const ans = ev.get(req);
    const state = ubuntuProState(ev.text(req));
    if (state) return { known: true, esm: state.esm, source: requestKey(req) };
    if (req === PRO_STATUS_CMD && ans.status === 'ok' && ans.exitCode === 127) {
      // No pro client installed: the terminal was never attached.
      return { known: true, esm: false, source: requestKey(req) };
    }
    why.push(
      ans.status === 'ok'
        ? t(`${requestKey(req)}: unreadable output`, `${requestKey(req)}: 出力を解釈できません`)
        : answerReason(req, ans),
    );
  }
  return { known: false, why };
}

function endOfDay(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}

function daysUntil(day: string, now: Date): number {
  return Math.ceil((endOfDay(day).getTime() - now.getTime()) / DAY_MS);
}

function identify(
  ev: Parameters<Check<EolParams>['evaluate']>[0],
  ctx: CheckContext<EolParams>,
): { id?: OsIdentity; evidence: string[]; why: Text[] } {
  const why: Text[] = [];
  if (ctx.platform.os !== 'windows') {
    for (const req of [OS_RELEASE, USR_OS_RELEASE]) {
      const text = ev.text(req);
      const id = text ? linuxIdentityFromOsRelease(text) : undefined;
      if (id) return { id, evidence: [requestKey(req)], why };
      why.push(answerReason(req, ev.get(req)));
    }
  }
  if (ctx.platform.os !== 'linux') {
    const cv = ev.get(WIN_CURRENT_VERSION);
    const pr = ev.get(WIN_POSREADY);
    const posReady = pr.status === 'ok' && regNumber(pr.registry?.values, 'Installed') === 1;
    const id = cv.status === 'ok' && cv.registry ? windowsIdentityFromRegistry(cv.registry.values, posReady) : undefined;
    if (id) return { id, evidence: [requestKey(WIN_CURRENT_VERSION), requestKey(WIN_POSREADY)], why };
    why.push(answerReason(WIN_CURRENT_VERSION, cv));
  }
  const fromPlatform = identityFromPlatform(ctx.platform);
  return { id: fromPlatform, evidence: [], why };
}

function tableDetails(table: EolTable, entry?: EolEntry): Record<string, unknown> {
  return {
    tableAsOf: table.asOf,
    ...(entry
      ? {
          entry: entry.id,
          endOfSupport: entry.endOfSupport,
          ...(entry.extended ? { extendedSupport: entry.extended.name, extendedUntil: entry.extended.until } : {}),
          source: table.sources[entry.source] ?? entry.source,
          ...(entry.note ? { note: entry.note } : {}),
        }
      : {}),
  };
}

/** The verdict for a known entry. Exported for tests that walk the whole table. */
export function verdict(entry: EolEntry, now: Date, params: EolParams, pro: () => ProState): Omit<Finding, 'location'> {
  const label = entry.label;
  const left = daysUntil(entry.endOfSupport, now);
  if (left > 0) {
    if (left <= params.warnDays) {
      return {
        status: 'warn',
        message: t(
          `${label}: security support ends on ${entry.endOfSupport}, in ${left} days.`,
          `${label}: セキュリティサポートは ${entry.endOfSupport} に終了します（残り ${left} 日）。`,
        ),
      };
    }
    return {
      status: 'pass',
      message: t(
        `${label}: supported until ${entry.endOfSupport}.`,
        `${label}: ${entry.endOfSupport} までサポートされています。`,
      ),
    };
  }
  const ext = entry.extended;
  if (!ext || daysUntil(ext.until, now) <= 0) {
    return {
      status: 'fail',
      message: t(
        `${label}: support ended on ${ext ? ext.until : entry.endOfSupport}${ext ? ` (including ${ext.name})` : ''}. It no ` +
          `longer receives security fixes.`,
        `${label}: サポートは ${ext ? ext.until : entry.endOfSupport} に終了しました` +
          `${ext ? `（${ext.name} を含む）` : ''}。セキュリティ修正はもう提供されません。`,
      ),
    };
  }
  const extLeft = daysUntil(ext.until, now);
  const covered = (how: Text): Omit<Finding, 'location'> => ({
    status: extLeft <= params.warnDays ? 'warn' : 'pass',
    message: t(
      `${label}: standard support ended on ${entry.endOfSupport}; ${ext.name} ${how.en}` +
        ` until ${ext.until}${extLeft <= params.warnDays ? `, in ${extLeft} days` : ''}.`,
      `${label}: 通常サポートは ${entry.endOfSupport} に終了しました。${ext.name} ${how.ja} ${ext.until}` +
        ` まで${extLeft <= params.warnDays ? `（残り ${extLeft} 日）` : ''}です。`,
    ),
  });
  if (ext.kind === 'included') return covered(t('covers it', 'により修正が提供されるのは'));
  if (ext.evidence === 'ubuntu-pro') {
    const state = pro();
    if (state.known && state.esm)
      return covered(t('is enabled on this terminal and covers it', 'がこの端末で有効で、修正が提供されるのは'));
    if (!state.known) {
      return {
        status: 'error',
        message: t(
          `${label}: standard support ended on ${entry.endOfSupport}. Whether ${ext.name} is enabled could not be ` +
            `read: ${state.why.map((w) => w.en).join('; ')}.`,
          `${label}: 通常サポートは ${entry.endOfSupport} に終了しました。${ext.name}` +
            ` が有効かどうかを読み取れませんでした: ${state.why.map((w) => w.ja).join('、')}。`,
        ),
      };
    }
  }
  if (params.extendedSupportDeclared.includes(entry.id)) {
    return {
      status: 'warn',
      message: t(
        `${label}: standard support ended on ${entry.endOfSupport}. The owner declares ${ext.name} (until ${ext.until}); ` +
          `posaudit cannot see it on the terminal, so keep the contract as evidence.`,
        `${label}: 通常サポートは ${entry.endOfSupport} に終了しました。${ext.name}（${ext.until} まで）` +
          `を契約済みと申告されていますが、端末上では確認できません。契約書を証跡として保管してください。`,
      ),
    };
  }
  return {
    status: 'fail',
    message: t(
      `${label}: standard support ended on ${entry.endOfSupport}. Only ${ext.name} (until ${ext.until}) would still give ` +
        `security fixes, and it is not evidenced on this terminal.`,
      `${label}: 通常サポートは ${entry.endOfSupport} に終了しました。${ext.name}（${ext.until} まで）` +
        `を利用すれば修正が提供されますが、この端末では有効になっていません。`,
    ),
  };
}

export const osEndOfLife: Check<EolParams> = {
  id: 'os.end-of-life',
  family: 'os',
  title: t('Operating system is within vendor security support', 'OS がメーカーのセキュリティサポート期間内である'),
  description: t(
    `Compares the terminal's OS release with a bundled, dated end-of-support table (as of ${EOL_TABLE.asOf}). An OS past ` +
      `its end of support gets no security fixes, so critical patches cannot be applied within a month (PCI DSS 6.3.3, ` +
      `12.3.4).`,
    `端末の OS を、同梱の日付付きサポート終了日表（${EOL_TABLE.asOf} 時点）と照合します。` +
      `サポートが終了した OS にはセキュリティ修正が出ないため、重要なパッチを 1 か月以内に適用できません（PCI DSS 6.3.3、` +
      `12.3.4）。`,
  ),
  remediation: t(
    "Plan the upgrade to a supported release before the end-of-support date, or enroll the terminal in the vendor's " +
      'extended security programme (Ubuntu Pro, Windows ESU, RHEL ELS, SUSE LTSS) and keep the contract as evidence.',
    'サポート終了日より前に、サポート中のバージョンへ移行する計画を立ててください。すぐに移行できない場合は、' +
      'メーカーの延長セキュリティ保守（Ubuntu Pro、Windows ESU、RHEL ELS、SUSE LTSS など）を契約し、' +
      '契約書を証跡として保管してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      warnDays: {
        type: 'integer',
        minimum: 0,
        maximum: 3650,
        default: 180,
        description: 'Warn this many days before the end of support.',
      },
      extendedSupportDeclared: {
        type: 'array',
        items: { type: 'string', enum: EOL_TABLE.entries.filter((e) => e.extended?.kind === 'subscription').map((e) => e.id) },
        default: [],
        description:
          'Table ids whose paid extended support (ESU, ELS, LTSS) the owner has bought and posaudit cannot see; these warn ' +
          'instead of failing.',
      },
    },
  },
  requests(): EvidenceRequest[] {
    return [OS_RELEASE, USR_OS_RELEASE, PRO_STATUS_CMD, PRO_STATUS_FILE, WIN_CURRENT_VERSION, WIN_POSREADY];
  },
  evaluate(ev, ctx) {
    const findings: Finding[] = [];
    const tableAge = daysBetween(new Date(`${EOL_TABLE.asOf}T00:00:00Z`), ctx.now);
    if (tableAge > EOL_TABLE_MAX_AGE_DAYS) {
      findings.push({
        status: 'warn',
        message: t(
          `The bundled end-of-support table is ${tableAge} days old (as of ${EOL_TABLE.asOf}); dates announced since then ` +
            `are not known. Update posaudit.`,
          `同梱のサポート終了日表は ${tableAge} 日前（${EOL_TABLE.asOf} 時点）のものです。` +
            `その後に発表された日付は反映されていません。posaudit を更新してください。`,
        ),
        details: { tableAsOf: EOL_TABLE.asOf, tableAgeDays: tableAge },
      });
    }
    const { id, evidence, why } = identify(ev, ctx);
    if (!id) {
      findings.push({
        status: 'error',
        message: t(
          `The operating system could not be identified: ${why.map((w) => w.en).join('; ') || 'no platform information'}.`,
          `OS を特定できませんでした: ${why.map((w) => w.ja).join('、') || 'プラットフォーム情報がありません'}。`,
        ),
        evidence,
        details: tableDetails(EOL_TABLE),
      });
      return findings;
    }
    const entry = findEntry(EOL_TABLE, id);
    const location = id.name ? capLabel(id.name) : undefined;
    const baseDetails = {
      ...tableDetails(EOL_TABLE, entry),
      identifiedFrom: id.from,
      ...(id.build !== undefined ? { build: `${id.build}${id.ubr !== undefined ? `.${id.ubr}` : ''}` } : {}),
      ...(id.edition ? { edition: capLabel(id.edition) } : {}),
      ...(id.version ? { version: capLabel(id.version) } : {}),
    };
    if (!entry) {
      const older = olderThanEveryListed(EOL_TABLE, id);
      if (older) {
        findings.push({
          status: 'fail',
          message: t(
            `${quoted(id.name)} is older than every release of this distribution in the table; the oldest listed ` +
              `(${older.label}) ended standard support on ${older.endOfSupport}.`,
            `${quoted(id.name)} は、表にあるこのディストリビューションのどのリリースよりも古いバージョンです。` +
              `表で最も古い ${older.label} でさえ、通常サポートは ${older.endOfSupport} に終了しています。`,
          ),
          location,
          evidence,
          details: { ...baseDetails, comparedWith: older.id },
        });
        return findings;
      }
      findings.push({
        status: 'manual',
        message: t(
          `${quoted(id.name)} is not in the bundled end-of-support table` +
            `${id.os === 'windows' && isWindowsServer(id) ? ' (server editions are not covered)' : ''}; its support status ` +
            `must be checked by hand.`,
          `${quoted(id.name)} は同梱のサポート終了日表にありません` +
            `${id.os === 'windows' && isWindowsServer(id) ? '（サーバー版は対象外です）' : ''}。` +
            `サポート状況を手動で確認してください。`,
        ),
        remediation: t(
          "Look the release up in the vendor's lifecycle page (or endoflife.date), record its end-of-support date with the " +
            'audit evidence, and plan an upgrade if it is within 180 days.',
          'メーカーのライフサイクルのページ（または endoflife.date）でこのバージョンを調べ、' +
            'サポート終了日を監査証跡に記録してください。終了まで 180 日以内なら移行を計画してください。',
        ),
        location,
        evidence,
        details: baseDetails,
      });
      return findings;
    }
    const proEvidence: string[] = [];
    const v = verdict(entry, ctx.now, ctx.params, () => {
      const s = proState(ev);
      proEvidence.push(...(s.known ? [s.source] : [requestKey(PRO_STATUS_CMD), requestKey(PRO_STATUS_FILE)]));
      return s;
    });
    findings.push({ ...v, location, evidence: [...evidence, ...proEvidence], details: baseDetails });
    return findings;
  },
};

function capLabel(s: string): string {
  const one = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 120)}…` : one;
}

export const checks: AnyCheck[] = [osEndOfLife];
