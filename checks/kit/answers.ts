/**
 * Reading answers: whether one can be used, why not, which request keys a finding rests on,
 * and the text of file and command answers.
 */
import { requestKey, type Evidence, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import { reasonJa } from '../../core/reasons.js';
import { clip, MAX_QUOTE } from './text.js';

/** Why an answer is not usable, as the target said it (one line, capped). */
export function reasonOf(a: EvidenceAnswer, max = MAX_QUOTE): string {
  return clip(a.reason ?? a.status, max);
}

/** The request keys a finding rests on. */
export function keysOf(...reqs: EvidenceRequest[]): string[] {
  return reqs.map(requestKey);
}

/** Where a request points: a path, a pattern, a command name or a registry key (and value). */
export function locationOf(req: EvidenceRequest): string {
  switch (req.kind) {
    case 'file':
      return req.path;
    case 'glob':
      return req.pattern;
    case 'command':
      return req.name;
    case 'registry':
      return req.value ? `${req.key}\\${req.value}` : req.key;
  }
}

/** True for an answer we can read (ok) or that proves absence (missing). */
export function isKnown(a: EvidenceAnswer): boolean {
  return a.status === 'ok' || a.status === 'missing';
}

/** The reason of a not-ok answer in both languages, as the target said it (one line, capped). */
export function reasonTextOf(a: EvidenceAnswer, max = MAX_QUOTE): Text {
  const en = reasonOf(a, max);
  return t(en, a.reason ? clip(reasonJa(clip(a.reason, max)), max) : STATUS_JA[a.status]);
}

/** An answer's status in words, for a Japanese sentence when the target gave no reason. */
const STATUS_JA: Record<EvidenceAnswer['status'], string> = {
  ok: '取得済み',
  missing: '見つかりません',
  denied: '読み取り権限がありません',
  unsupported: 'この対象では取得できません',
  error: '取得できませんでした',
};

/** Where a request points, for a Japanese sentence: a command's name is a name, so it is quoted. */
export function locationJa(req: EvidenceRequest): string {
  return req.kind === 'command' ? `コマンド「${req.name}」` : locationOf(req);
}

/** Plain-words reason for a not-ok answer, in both languages, naming what was asked. */
export function answerReason(req: EvidenceRequest, ans: EvidenceAnswer): Text {
  const what = locationOf(req);
  const whatJa = locationJa(req);
  const why = ans.reason ? ` (${clip(ans.reason)})` : '';
  const whyJa = ans.reason ? `（${clip(reasonJa(clip(ans.reason)))}）` : '';
  switch (ans.status) {
    case 'missing':
      return t(`${what}: not present${why}`, `${whatJa}: 見つかりません${whyJa}`);
    case 'denied':
      return t(
        `${what}: permission denied${why}; run with administrator/root rights`,
        `${whatJa}: 読み取り権限がありません${whyJa}。管理者（root）権限で実行してください`,
      );
    case 'unsupported':
      return t(`${what}: cannot be collected on this target${why}`, `${whatJa}: この対象では取得できません${whyJa}`);
    case 'error':
      return t(`${what}: could not be collected${why}`, `${whatJa}: 取得できませんでした${whyJa}`);
    case 'ok':
      return t(`${what}: collected`, `${whatJa}: 取得済み`);
  }
}

/** The text of a file answer, decoding UTF-16 (secedit, GPO files) when it carries a BOM. */
export function fileText(ev: Evidence, req: EvidenceRequest): string | undefined {
  const bytes = ev.bytes(req);
  if (!bytes) return undefined;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

/** A command answer's stdout when it ran (any exit code), else undefined. */
export function commandText(ev: Evidence, req: EvidenceRequest): string | undefined {
  const a = ev.get(req);
  if (a.status !== 'ok') return undefined;
  return ev.text(req) ?? '';
}
