/**
 * The findings every family needs: evidence that could not be read, facts an offline image
 * cannot show, and a target whose operating system is unknown.
 */
import { requestKey, type Evidence, type EvidenceAnswer, type EvidenceRequest, type OsFamily } from '../../core/evidence.js';
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

/**
 * The requests among `sources` that were asked but could not be read (denied, or an error): places
 * where the compliant setting might be. An `unsupported` answer is not among them (the target cannot
 * give it by nature, e.g. a command on an offline image; the check chooses its own fallback there).
 */
export function unreadAmong(ev: Evidence, sources: readonly EvidenceRequest[]): EvidenceRequest[] {
  return sources.filter((r) => {
    const s = ev.get(r).status;
    return s === 'denied' || s === 'error';
  });
}

/**
 * `error`: nothing compliant was found in what could be read, but some source that could have shown
 * it was unreadable. A fail there would claim what the scan could not see ("never fail on denied
 * evidence"); this names what was not read and why.
 */
export function notFoundButUnread(
  what: Text,
  ev: Evidence,
  unread: readonly EvidenceRequest[],
  evidence?: readonly string[],
): Finding {
  const shown = unread.slice(0, 5);
  const list = shown.map((r) => `${locationOf(r)} (${reasonOf(ev.get(r))})`);
  const more = unread.length > shown.length ? ` (+${unread.length - shown.length})` : '';
  return {
    status: 'error',
    message: t(
      `No ${what.en} was found in what could be read, but ${list.join(', ')}${more} could not be read: whether the ` +
        `terminal is compliant cannot be decided.`,
      `読み取れた範囲に${what.ja}は見つかりませんでしたが、${list.join('、')}${more} を読み取れなかったため、` +
        `準拠しているか判定できません。`,
    ),
    evidence: evidence ? [...evidence] : unread.map(requestKey),
    ...(shown[0] ? { location: locationOf(shown[0]) } : {}),
  };
}
