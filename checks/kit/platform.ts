/** Which branch of a two-platform check to evaluate, and the finding when we cannot tell. */
import type { CheckContext, Finding } from '../../core/model.js';
import { t } from '../../core/i18n.js';
import type { OsFamily } from '../../core/evidence.js';

export function osOf(ctx: CheckContext<unknown>): OsFamily | undefined {
  return ctx.platform.os === 'unknown' ? undefined : ctx.platform.os;
}

export const UNKNOWN_OS: Finding = {
  status: 'error',
  message: t(
    'The operating system of the target is unknown, so this check cannot choose what to read.',
    '対象のOSが判別できないため、この確認で読む情報を決められません。',
  ),
};

/** A `manual` finding for facts an offline image cannot show. */
export function offlineManual(
  what: { en: string; ja: string },
  procedure: { en: string; ja: string },
  evidence?: string[],
): Finding {
  return {
    status: 'manual',
    message: t(
      `${what.en} cannot be read from an offline image. ${procedure.en}`,
      `${what.ja}はオフラインのイメージからは読み取れません。${procedure.ja}`,
    ),
    evidence,
  };
}
