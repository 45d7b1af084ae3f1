/**
 * Family-neutral helpers for reading answers: how to quote what came from a terminal in a
 * finding (one line, control characters out, capped), and why an answer could not be used.
 */
import { requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';

/** A string from the terminal made safe for a message or details: one line, no control characters, capped. */
export function clip(value: string, max = 200): string {
  const oneLine = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** The same, JSON-quoted, for quoting inside a sentence. */
export function quoted(value: string, max = 200): string {
  return JSON.stringify(clip(value, max));
}

/** Why an answer is not usable, as the target said it (capped). */
export function reasonOf(a: EvidenceAnswer, max = 200): string {
  return clip(a.reason ?? a.status, max);
}

/** The request keys a finding rests on. */
export function keysOf(...reqs: EvidenceRequest[]): string[] {
  return reqs.map(requestKey);
}

/** Plain-words reason for a not-ok answer, in both languages, naming what was asked. */
export function answerReason(req: EvidenceRequest, ans: EvidenceAnswer): Text {
  const what =
    req.kind === 'command' ? req.name : req.kind === 'registry' ? req.key : req.kind === 'glob' ? req.pattern : req.path;
  const why = ans.reason ? ` (${clip(ans.reason)})` : '';
  switch (ans.status) {
    case 'missing':
      return t(`${what}: not present${why}`, `${what}: 見つかりません${why}`);
    case 'denied':
      return t(
        `${what}: permission denied${why}; run with administrator/root rights`,
        `${what}: 読み取り権限がありません${why}。管理者（root）権限で実行してください`,
      );
    case 'unsupported':
      return t(`${what}: cannot be collected on this target${why}`, `${what}: この対象では取得できません${why}`);
    case 'error':
      return t(`${what}: could not be collected${why}`, `${what}: 取得できませんでした${why}`);
    case 'ok':
      return t(`${what}: collected`, `${what}: 取得済み`);
  }
}
