/**
 * Turning requests into one gatherer script and its framed output back into answers.
 * Requests a platform cannot answer are answered here without a round trip.
 */
import type { EvidenceAnswer, EvidenceRequest, RegistryKeyData, RegistryValue, RegistryValueType } from '../core/evidence.js';
import { requestKey } from '../core/evidence.js';
import type { Platform } from '../core/model.js';
import { parseFrames, reasonText, type Frame } from './frames.js';
import { folderName } from './folder-name.js';
import { linuxPlatform, windowsPlatformFromLines } from './platform.js';
import { CLM_MARK } from './powershell.js';
import { buildPsScript, type PsRequest } from './script-ps.js';
import { buildShScript, type ShRequest } from './script-sh.js';

export type ScriptFlavour = 'sh' | 'ps';

export interface PlannedScript {
  script: string;
  nonce: string;
  /** Script item id → request key. */
  ids: Map<string, string>;
  /** Answers known without running anything. */
  answers: Map<string, EvidenceAnswer>;
}

/** Deduplicate requests by key, keeping the largest cap. */
export function uniqueRequests(requests: EvidenceRequest[]): Map<string, EvidenceRequest> {
  const out = new Map<string, EvidenceRequest>();
  for (const r of requests) {
    const k = requestKey(r);
    const prev = out.get(k);
    if (!prev || (r.maxBytes ?? 0) > (prev.maxBytes ?? 0)) out.set(k, r);
  }
  return out;
}

export function unsupported(reason: string): EvidenceAnswer {
  return { status: 'unsupported', reason };
}

export function planScript(
  flavour: ScriptFlavour,
  requests: EvidenceRequest[],
  nonce: string,
  filter: (req: EvidenceRequest) => boolean = () => true,
): PlannedScript {
  const os = flavour === 'sh' ? 'linux' : 'windows';
  const answers = new Map<string, EvidenceAnswer>();
  const ids = new Map<string, string>();
  const items: Array<{ id: string; req: EvidenceRequest }> = [];
  for (const [key, req] of uniqueRequests(requests)) {
    if (req.os && req.os !== os) {
      answers.set(key, unsupported(`only asked on ${req.os}`));
      continue;
    }
    if (!filter(req)) continue;
    if (flavour === 'sh' && req.kind === 'registry') {
      answers.set(key, unsupported('no registry on this platform'));
      continue;
    }
    if (req.kind === 'command' && !(flavour === 'sh' ? req.command.sh : req.command.ps)) {
      answers.set(key, unsupported(`no ${flavour === 'sh' ? 'POSIX shell' : 'PowerShell'} variant of this command`));
      continue;
    }
    const id = `r${items.length}`;
    ids.set(id, key);
    items.push({ id, req });
  }
  const built =
    flavour === 'sh'
      ? buildShScript(
          items.filter((i): i is { id: string; req: ShRequest } => i.req.kind !== 'registry'),
          nonce,
        )
      : buildPsScript(items as Array<{ id: string; req: PsRequest }>, nonce);
  for (const id of built.rejected) {
    const key = ids.get(id);
    if (key) answers.set(key, { status: 'error', reason: 'request cannot be expressed safely for this shell' });
    ids.delete(id);
  }
  return { script: built.script, nonce, ids, answers };
}

export interface ScriptOutcome {
  platform: Platform;
  answers: Map<string, EvidenceAnswer>;
  /** Did the script run to its end marker? */
  complete: boolean;
}

/** Read the script's output into answers. Requests without a frame get `error` with `cutOffReason`. */
export function readScriptOutput(
  flavour: ScriptFlavour,
  plan: PlannedScript,
  requests: Map<string, EvidenceRequest>,
  stdout: string,
  cutOffReason: string,
): ScriptOutcome {
  const frames = parseFrames(stdout, plan.nonce);
  const answers = new Map(plan.answers);
  for (const [id, key] of plan.ids) {
    const req = requests.get(key);
    const frame = frames.get(id);
    if (!req) continue;
    if (!frame) {
      answers.set(key, { status: 'error', reason: cutOffReason });
      continue;
    }
    const answer = frameToAnswer(req, frame, frames.get(`${id}:err`), cutOffReason);
    if (req.kind === 'glob' && req.read && answer.status === 'ok')
      answer.files = readGlobFiles(frames, id, req.maxBytes ?? 256 * 1024);
    answers.set(key, answer);
  }
  let platform: Platform;
  if (flavour === 'ps') {
    platform = windowsPlatformFromLines(frames.get('W')?.payload.toString('utf8') ?? '');
  } else {
    platform = linuxPlatform(frames.get('P')?.payload.toString('utf8') ?? '', frames.get('O')?.payload.toString('utf8'));
  }
  return { platform, answers, complete: frames.has('Z') };
}

/** What a PowerShell in ConstrainedLanguage mode answered instead of running the gatherer (the bootstrap's
 * mark and the platform lines): undefined when the output is something else. Every planned request gets
 * one clear `error`; nothing is left unanswered. */
export function constrainedLanguageOutcome(
  plan: PlannedScript,
  requests: Map<string, EvidenceRequest>,
  stdout: string,
): ScriptOutcome | undefined {
  const at = stdout.indexOf(CLM_MARK);
  if (at < 0) return undefined;
  const answers = new Map(plan.answers);
  for (const key of plan.ids.values()) if (requests.has(key)) answers.set(key, { status: 'error', reason: reasonText('clm') });
  const platform = windowsPlatformFromLines(stdout.slice(at + CLM_MARK.length, at + CLM_MARK.length + 4096));
  return { platform, answers, complete: true };
}

/** Sub-frames `<id>+<n>` of a read glob: payload is b64(path) '.' b64(content) (or hex '.' hex). */
function readGlobFiles(
  frames: Map<string, Frame>,
  id: string,
  cap: number,
): Array<{ path: string; data: string; truncated?: boolean }> {
  const out: Array<{ path: string; data: string; truncated?: boolean }> = [];
  for (let n = 1; ; n++) {
    const f = frames.get(`${id}+${n}`);
    if (!f) break;
    const raw = f.raw ?? '';
    const dot = raw.indexOf('.');
    if (dot < 0) continue;
    const dec = (s: string) =>
      f.enc === 'hex' ? Buffer.from(s.length % 2 ? s.slice(0, -1) : s, 'hex') : Buffer.from(s, 'base64');
    const filePath = dec(raw.slice(0, dot)).toString('utf8');
    const content = dec(raw.slice(dot + 1));
    const truncated = content.length > cap || !f.complete;
    out.push({ path: filePath, data: content.subarray(0, cap).toString('utf8'), ...(truncated ? { truncated: true } : {}) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const STATUSES = new Set(['ok', 'missing', 'denied', 'unsupported', 'error']);

function frameToAnswer(req: EvidenceRequest, frame: Frame, errFrame: Frame | undefined, cutOffReason: string): EvidenceAnswer {
  const status = STATUSES.has(frame.status) ? (frame.status as EvidenceAnswer['status']) : 'error';
  if (status !== 'ok') {
    const reason = reasonText(frame.reason);
    // A glob's `denied` frame carries the folder it could not search or list.
    const folder = req.kind === 'glob' && status === 'denied' ? folderName(frame.payload.subarray(0, 4096).toString('utf8')) : '';
    return { status, reason: folder ? `cannot list ${folder}` : reason };
  }
  const cap = req.maxBytes ?? 256 * 1024;
  const truncated = frame.payload.length > cap;
  const bytes = truncated ? frame.payload.subarray(0, cap) : frame.payload;
  const base: EvidenceAnswer = { status: 'ok' };
  if (truncated) base.truncated = true;
  if (!frame.complete) {
    base.truncated = true;
    base.reason = cutOffReason;
  }
  switch (req.kind) {
    case 'file':
      return req.binary
        ? { ...base, data: bytes.toString('base64'), encoding: 'base64' }
        : { ...base, data: bytes.toString('utf8'), encoding: 'utf8' };
    case 'glob': {
      const parts = bytes.toString('utf8').split('\0');
      if (truncated || !frame.complete) parts.pop();
      return { ...base, entries: parts.filter((p) => p.length > 0).sort() };
    }
    case 'command': {
      const ans: EvidenceAnswer = { ...base, data: bytes.toString('utf8'), encoding: 'utf8', exitCode: frame.exit };
      const stderr = errFrame?.payload.toString('utf8');
      if (stderr) ans.stderr = stderr.slice(0, 4096);
      if (frame.exit === 124 || frame.exit === 137) ans.reason = 'timed out';
      return ans;
    }
    case 'registry':
      return { ...base, registry: parseRegistryLines(req.key, bytes.toString('utf8')) };
  }
}

const TYPE_CODES: Record<string, RegistryValueType> = {
  S: 'REG_SZ',
  E: 'REG_EXPAND_SZ',
  M: 'REG_MULTI_SZ',
  D: 'REG_DWORD',
  Q: 'REG_QWORD',
  B: 'REG_BINARY',
  N: 'REG_NONE',
};

const b64 = (s: string | undefined): string => (!s || s === '-' ? '' : Buffer.from(s, 'base64').toString('utf8'));

/** Parse the PowerShell registry lines: `K <name>` and `V <subkey> <name> <type> <data>`. */
export function parseRegistryLines(key: string, text: string): RegistryKeyData {
  const out: RegistryKeyData = { key, values: [], subkeys: [] };
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    if (f[0] === 'K' && f[1]) out.subkeys.push(b64(f[1]));
    else if (f[0] === 'V' && f.length >= 4) {
      const type = TYPE_CODES[f[3]] ?? 'REG_UNKNOWN';
      const raw = f[4] ?? '';
      let data: RegistryValue['data'];
      if (type === 'REG_DWORD' || type === 'REG_QWORD') {
        const n = Number(raw);
        data = Number.isSafeInteger(n) ? n : raw;
      } else if (type === 'REG_MULTI_SZ')
        data = b64(raw)
          .split('\0')
          .filter((s, i, a) => s !== '' || i < a.length - 1);
      else if (type === 'REG_BINARY') data = raw.toLowerCase();
      else if (type === 'REG_NONE') data = '';
      else data = b64(raw);
      const value: RegistryValue = { name: b64(f[2]), type, data };
      const sub = b64(f[1]);
      if (sub) {
        out.children ??= {};
        (out.children[sub] ??= []).push(value);
      } else out.values.push(value);
    }
  }
  return out;
}
