/**
 * Answers a check's file and glob requests from a folder that stands for a terminal's `/`,
 * the way the offline image target does; commands and registry reads are `unsupported`.
 * Stand-in for issue 4B tests until the real image target lands.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { Evidence, requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../engine/evidence.js';
import type { AnyCheck } from '../../engine/model.js';
import { describe, expect, it } from 'vitest';
import { worstStatus, type Finding } from '../../engine/model.js';
import { allAnswered, defaultParams, LINUX, run, unsupported, WINDOWS } from './evidence.js';

function answerFile(root: string, path: string, binary: boolean): EvidenceAnswer {
  const full = join(root, path);
  let st;
  try {
    st = statSync(full);
  } catch {
    return { status: 'missing', reason: 'no such file' };
  }
  if (!st.isFile()) return { status: 'error', reason: 'not a regular file' };
  const buf = readFileSync(full);
  return binary ? { status: 'ok', data: buf.toString('base64'), encoding: 'base64' } : { status: 'ok', data: buf.toString('utf8'), encoding: 'utf8' };
}

function answerGlob(root: string, pattern: string): EvidenceAnswer {
  const parts = pattern.split('/').filter(Boolean);
  let current = [''];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of current) {
      if (/[*?[]/.test(part)) {
        let names: string[];
        try {
          names = readdirSync(join(root, dir));
        } catch {
          continue;
        }
        const match = picomatch(part, { dot: false });
        for (const n of names) if (match(n)) next.push(`${dir}/${n}`);
      } else {
        try {
          lstatSync(join(root, dir, part));
          next.push(`${dir}/${part}`);
        } catch {
          /* absent */
        }
      }
    }
    current = next;
  }
  return { status: 'ok', entries: current.sort() };
}

export function imageAnswer(root: string, req: EvidenceRequest): EvidenceAnswer {
  switch (req.kind) {
    case 'file':
      return answerFile(root, req.path, req.binary === true);
    case 'glob':
      return answerGlob(root, req.pattern);
    case 'command':
      return { status: 'unsupported', reason: 'commands cannot run on an offline image' };
    case 'registry':
      return { status: 'unsupported', reason: 'no registry hives in a Linux image' };
  }
}

/** Evidence for a check's Linux requests, answered from an image folder. */
export function imageEvidence(root: string, check: AnyCheck, params?: Record<string, unknown>): Evidence {
  const map = new Map<string, EvidenceAnswer>();
  for (const req of check.requests({ ...defaultParams(check), ...(params ?? {}) }) as EvidenceRequest[]) {
    if (req.os === 'windows') {
      map.set(requestKey(req), { status: 'unsupported', reason: 'not a Windows target' });
      continue;
    }
    map.set(requestKey(req), imageAnswer(root, req));
  }
  return new Evidence(map);
}

/** A recorded-evidence fixture: answers keyed by requestKey, as an evidence bundle holds them. */
export interface RecordedFixture {
  note?: string;
  answers: Record<string, EvidenceAnswer>;
}

/** Load a recorded fixture (path relative to test/fixtures/evidence). Unrecorded requests read as `error`. */
export function recordedEvidence(relPath: string): Evidence {
  const file = join(import.meta.dirname, '..', 'fixtures', 'evidence', relPath);
  const fx = JSON.parse(readFileSync(file, 'utf8')) as RecordedFixture;
  return new Evidence(new Map(Object.entries(fx.answers)));
}

export const IMAGES = join(import.meta.dirname, '..', 'fixtures', 'images');

export const HARDENED = join(IMAGES, 'linux-pos-hardened');
export const WEAK = join(IMAGES, 'linux-pos-weak');

export const statusOf = (f: Finding[]) => worstStatus(f.map((x) => x.status));
export const textOf = (f: Finding[]) => f.map((x) => `${x.status}: ${x.message.en}`).join('\n');

/** Evaluate a Linux check on an image folder, as the image target would (targetKind `image`). */
export function onImage(c: AnyCheck, root: string, params?: Record<string, unknown>): Finding[] {
  return c.evaluate(imageEvidence(root, c, params), { params: { ...defaultParams(c), ...(params ?? {}) }, platform: LINUX, targetKind: 'image', now: new Date('2026-11-21T00:00:00Z') });
}

/** The rules every 4B check keeps: no pass on unreadable evidence; bilingual text; requirement ids. */
export function contractTests(list: AnyCheck[]): void {
  describe('contract', () => {
    it.each(list.map((c) => c.id))('%s never passes on unreadable evidence, on either platform', (id) => {
      const c = list.find((x) => x.id === id)!;
      for (const platform of [LINUX, WINDOWS])
        for (const answer of [{ status: 'error' as const, reason: 'timed out' }, { status: 'denied' as const, reason: 'permission denied' }, unsupported]) {
          const f = run(c, allAnswered(c, answer), platform);
          expect(f.length).toBeGreaterThan(0);
          expect(['error', 'manual'], `${id} ${platform.os} ${answer.status}\n${textOf(f)}`).toContain(statusOf(f));
        }
    });
    it.each(list.map((c) => c.id))('%s has bilingual text and requirement ids', (id) => {
      const c = list.find((x) => x.id === id)!;
      for (const x of [c.title, c.description, c.remediation]) expect(x.en && x.ja).toBeTruthy();
      expect(c.requirements.length).toBeGreaterThan(0);
    });
  });
}
