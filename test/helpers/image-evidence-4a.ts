/**
 * Test-only stand-ins for issue 4 part A, until the real image target lands:
 * - `imageEvidence`: answer a check's file/glob requests from a folder that stands for `/`
 *   (commands and registry reads are `unsupported`, as on an offline Linux image);
 * - `recordedEvidence`: load a recorded-evidence fixture (JSON: platform, now, answers by request key).
 */
import { readFileSync, readdirSync, lstatSync, existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { Evidence, requestKey, DEFAULT_MAX_BYTES, type EvidenceAnswer, type EvidenceRequest } from '../../engine/evidence.js';
import { worstStatus, type AnyCheck, type CheckContext, type Finding, type Platform, type Status, type TargetKind } from '../../engine/model.js';

function inside(root: string, p: string): string | undefined {
  const full = resolve(root, `.${p.startsWith('/') ? p : `/${p}`}`);
  return full === root || full.startsWith(root + sep) ? full : undefined;
}

function answerFile(root: string, path: string, maxBytes: number, binary: boolean): EvidenceAnswer {
  const full = inside(root, path);
  if (!full || !existsSync(full)) return { status: 'missing', reason: 'no such file' };
  const st = lstatSync(full);
  if (!st.isFile()) return { status: 'error', reason: 'not a regular file' };
  const buf = readFileSync(full);
  const data = buf.subarray(0, maxBytes);
  return binary
    ? { status: 'ok', data: data.toString('base64'), encoding: 'base64', truncated: buf.length > maxBytes }
    : { status: 'ok', data: data.toString('utf8'), encoding: 'utf8', truncated: buf.length > maxBytes };
}

function answerGlob(root: string, pattern: string, maxEntries: number): EvidenceAnswer {
  const parts = pattern.split('/').filter(Boolean);
  let current = ['/'];
  for (const part of parts) {
    const next: string[] = [];
    const isGlob = /[*?[]/.test(part);
    const match = picomatch(part, { dot: false });
    for (const dir of current) {
      const full = inside(root, dir);
      if (!full || !existsSync(full) || !lstatSync(full).isDirectory()) continue;
      if (!isGlob) {
        if (existsSync(join(full, part))) next.push(`${dir === '/' ? '' : dir}/${part}`);
        continue;
      }
      for (const name of readdirSync(full).sort()) if (match(name)) next.push(`${dir === '/' ? '' : dir}/${name}`);
    }
    current = next;
  }
  return { status: 'ok', entries: current.sort().slice(0, maxEntries) };
}

/** Evidence for a check's requests, answered from a rootfs folder the way an offline image would be. */
export function imageEvidence(root: string, requests: EvidenceRequest[]): Evidence {
  const abs = resolve(root);
  const map = new Map<string, EvidenceAnswer>();
  for (const req of requests) {
    let ans: EvidenceAnswer;
    if (req.os === 'windows') ans = { status: 'unsupported', reason: 'not a Windows image' };
    else if (req.kind === 'file') ans = answerFile(abs, req.path, req.maxBytes ?? DEFAULT_MAX_BYTES, req.binary === true);
    else if (req.kind === 'glob') ans = answerGlob(abs, req.pattern, req.maxEntries ?? 1000);
    else ans = { status: 'unsupported', reason: 'commands cannot run on an offline image' };
    map.set(requestKey(req), ans);
  }
  return new Evidence(map);
}

export interface RecordedFixture {
  description: string;
  /** The check this fixture is for (a family file holds several). */
  check: string;
  /** The status a user should see (the worst finding's). */
  expect: Status;
  platform: Platform;
  now: string;
  params?: Record<string, unknown>;
  answers: Record<string, EvidenceAnswer>;
}

export function loadRecorded(file: string): RecordedFixture {
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedFixture;
}

/** Evidence from a recorded fixture; throws when the fixture holds a key the check no longer asks for. */
export function recordedEvidence(check: AnyCheck, fx: RecordedFixture): Evidence {
  const params = { ...defaults(check), ...(fx.params ?? {}) };
  const asked = new Set(check.requests(params).map((r: EvidenceRequest) => requestKey(r)));
  for (const key of Object.keys(fx.answers)) {
    if (!asked.has(key)) throw new Error(`fixture answers ${key}, which ${check.id} does not request`);
  }
  return new Evidence(new Map(Object.entries(fx.answers)));
}

function defaults(check: AnyCheck): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(check.params.properties)) if ('default' in s) out[k] = s.default;
  return out;
}

/** Every `*.json` fixture in a folder. */
export function fixturesIn(dir: string): Array<[string, RecordedFixture]> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, loadRecorded(join(dir, f))] as [string, RecordedFixture]);
}

/** Run a check on a recorded fixture the way the runner would, with the fixture's clock. */
export function runRecorded(check: AnyCheck, fx: RecordedFixture, targetKind: TargetKind = 'ssh'): { status: Status; findings: Finding[] } {
  const ctx: CheckContext = { params: { ...defaults(check), ...(fx.params ?? {}) }, platform: fx.platform, targetKind, now: new Date(fx.now) };
  const findings = check.evaluate(recordedEvidence(check, fx), ctx);
  return { status: worstStatus(findings.map((f) => f.status)), findings };
}

/** Run a check on a rootfs folder the way an offline image scan would. */
export function runImage(check: AnyCheck, root: string, platform: Platform, now: Date, params: Record<string, unknown> = {}): { status: Status; findings: Finding[] } {
  const merged = { ...defaults(check), ...params };
  const ctx: CheckContext = { params: merged, platform, targetKind: 'image', now };
  const findings = check.evaluate(imageEvidence(root, check.requests(merged)), ctx);
  return { status: worstStatus(findings.map((f) => f.status)), findings };
}
