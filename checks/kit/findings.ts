/**
 * The findings every family needs: evidence that could not be read, facts an offline image
 * cannot show, and a target whose operating system is unknown.
 */
import { requestKey, type EvidenceAnswer, type EvidenceRequest, type OsFamily } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { CheckContext, Finding } from '../../core/model.js';
import { locationOf, reasonOf, reasonTextOf } from './answers.js';

/**
 * `error`: evidence we needed could not be read, with the target's reason. `on` is the request
 * that failed (its key is the evidence, its path or key the location) or the evidence keys.
 */
export function cannotRead(
  what: Text,
  answer: EvidenceAnswer,
  on: EvidenceRequest | readonly string[],
  location?: string,
): Finding {
  const r = reasonOf(answer);
  const rJa = reasonTextOf(answer).ja;
  const isKeys = Array.isArray(on);
  const where = location ?? (isKeys ? undefined : locationOf(on as EvidenceRequest));
  return {
    status: 'error',
    message: t(`Could not read ${what.en}: ${r}.`, `${what.ja}を読み取れませんでした（${rJa}）。`),
    evidence: isKeys ? [...(on as readonly string[])] : [requestKey(on as EvidenceRequest)],
    ...(where ? { location: where } : {}),
  };
}

/**
 * `manual`: a fact an offline image cannot show (it needs the running terminal). The procedure a
 * person follows instead is the finding's remediation, so reports show it where they show a fix.
 */
export function needsRunningSystem(what: Text, procedure: Text, evidence?: readonly string[]): Finding {
  return {
    status: 'manual',
    message: t(
      `${what.en} cannot be read from an offline image: it needs the running terminal.`,
      `${what.ja}はオフラインのイメージからは読み取れません（稼働中の端末が必要です）。`,
    ),
    remediation: procedure,
    ...(evidence ? { evidence: [...evidence] } : {}),
  };
}

/** Which branch of a two-platform check to evaluate; undefined when the platform is unknown. */
export function osOf(ctx: CheckContext<unknown>): OsFamily | undefined {
  return ctx.platform.os === 'unknown' ? undefined : ctx.platform.os;
}

/** `error`: the target's operating system is unknown, so the check cannot choose what to read. */
export const UNKNOWN_OS: Finding = {
  status: 'error',
  message: t(
    'The operating system of the target is unknown, so this check cannot choose what to read.',
    '対象のOSが判別できないため、この確認で読む情報を決められません。',
  ),
};
