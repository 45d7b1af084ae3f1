/** Registry hives (`regf`): a digit run is card data only as a value's data, judged by the value's name.
 * Key names, class names, security descriptors and slack bytes hold ids (GUIDs, SIDs, event names)
 * that pass Luhn by chance; a stock Windows 10 NTUSER.DAT has a 19-digit Luhn-valid `wnfEventName`. */

/** Bytes before a hit searched for the value (`vk`) cell that owns it. */
export const HIVE_LOOKBACK = 1024;
/** Largest gap between the end of a value's name and its data: alignment padding and the data cell's size. */
const MAX_NAME_TO_DATA = 48;

/** True when the first bytes are a hive's base block (hives and their .LOG1/.LOG2 transaction logs). */
export function looksLikeHive(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x72 && head[1] === 0x65 && head[2] === 0x67 && head[3] === 0x66;
}

const CARD_WORDS = /card|^pan|pan$|acct|account|track|カード/i;
const ID_WORDS =
  /name$|id$|ids$|guid|sid|clsid|hash|ver(sion)?$|time|stamp|date|serial|path|count|size|key$|event|index|cookie|token/i;

export interface HiveJudgement {
  accept: boolean;
  /** Why (masked by the caller: a value name is terminal data). */
  reason: string;
}

/** Judge a hit at `hitPos` of `ctx` (bytes of the hive ending a little after the hit). */
export function judgeHiveHit(ctx: Uint8Array, hitPos: number): HiveJudgement {
  for (let p = hitPos - 22; p >= 4 && p >= hitPos - HIVE_LOOKBACK; p--) {
    if (ctx[p] !== 0x76 || ctx[p + 1] !== 0x6b) continue; // "vk"
    const cellSize = ctx[p - 4] | (ctx[p - 3] << 8) | (ctx[p - 2] << 16) | (ctx[p - 1] << 24);
    if (cellSize >= 0) continue; // not an allocated cell
    const nameLen = ctx[p + 2] | (ctx[p + 3] << 8);
    const ascii = (ctx[p + 16] & 1) === 1;
    const nameEnd = p + 20 + nameLen;
    if (nameLen > 512 || nameEnd > hitPos) continue;
    if (hitPos - nameEnd > MAX_NAME_TO_DATA) break; // the nearest value cell is not this data's
    const raw = ctx.subarray(p + 20, nameEnd);
    const name = ascii ? Buffer.from(raw).toString('latin1') : Buffer.from(raw).toString('utf16le');
    const shown = JSON.stringify(name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
    if (CARD_WORDS.test(name)) return { accept: true, reason: `data of hive value ${shown}` };
    if (name === '' || !ID_WORDS.test(name)) return { accept: true, reason: `data of hive value ${shown || '(default)'}` };
    return { accept: false, reason: `data of hive value ${shown}, named as an id` };
  }
  return { accept: false, reason: 'in a hive but not a value: key name, security descriptor or slack' };
}
