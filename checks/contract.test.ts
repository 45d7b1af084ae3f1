/**
 * The contract every registered check keeps, held over ALL_CHECKS (a new check is covered the
 * moment it is registered):
 * - on evidence it could not read (denied, error, unsupported) it says `error` or `manual`, never
 *   pass, fail or not-applicable (offline, not-applicable is allowed: an image cannot show some
 *   things by nature), on every platform it claims;
 * - its title, description and remediation exist in English and in real Japanese;
 * - its family is its id prefix, and the family has its folder under checks/;
 * - a shipped profile maps it to a requirement, and it declares none of its own.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './index.js';
import type { EvidenceAnswer } from '../core/evidence.js';
import { worstStatus, type AnyCheck, type Platform, type TargetKind } from '../core/model.js';
import { defaultParams, evidenceOf, LINUX, WINDOWS } from '../test/helpers/evidence.js';
import { shippedRequirementsOf } from '../test/helpers/mappings.js';

const CHECKS_DIR = import.meta.dirname;
const UNREADABLE: EvidenceAnswer[] = [
  { status: 'denied', reason: 'permission denied' },
  { status: 'error', reason: 'timed out' },
  { status: 'unsupported', reason: 'commands cannot run on an offline image' },
];
/** Hiragana, katakana or CJK ideographs: text a Japanese reader reads as Japanese. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * The platforms a check claims, known by family only (the distribution and version are evidence
 * too), and as a target reports them; the os family judges the platform itself, so it gets only the former.
 */
function platformsOf(c: AnyCheck): Platform[] {
  const bare = c.platforms.map((os): Platform => ({ os }));
  if (c.family === 'os') return bare;
  return [...bare, ...c.platforms.map((os) => (os === 'windows' ? WINDOWS : LINUX))];
}

function statusOn(c: AnyCheck, answer: EvidenceAnswer, platform: Platform, targetKind: TargetKind) {
  const params = defaultParams(c);
  // Active collectors (card-data walk, TLS probe) answer under their own key.
  const active = c.active ? { [c.active.key(params)]: answer } : {};
  const ev = evidenceOf(
    c.requests(params).map((r) => [r, answer]),
    active,
  );
  const findings = c.evaluate(ev, { params, platform, targetKind, now: new Date('2026-11-21T00:00:00Z') });
  return { status: worstStatus(findings.map((f) => f.status)), findings };
}

describe('every registered check', () => {
  const ids = ALL_CHECKS.map((c) => c.id);

  it('has a unique id of the form family.name', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+(?:\.[a-z0-9-]+)*$/);
  });

  it.each(ids)('%s: never passes on evidence it could not read', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    for (const platform of platformsOf(c))
      for (const kind of ['ssh', 'image'] as const)
        for (const answer of UNREADABLE) {
          const { status, findings } = statusOn(c, answer, platform, kind);
          const said = findings.map((f) => `${f.status}: ${f.message.en}`).join('\n');
          expect(findings.length, `${id} on ${platform.os}/${kind} with ${answer.status}: no finding`).toBeGreaterThan(0);
          // On an offline image a check may also say it cannot apply by nature (no socket listens on a disk).
          // With the platform fully known (build, version), a check may still fail from it: the build is evidence too.
          const allowed = [
            'error',
            'manual',
            ...(kind === 'image' ? ['not-applicable'] : []),
            ...(platform.version !== undefined ? ['fail', 'warn'] : []),
          ];
          expect(allowed, `${id} on ${platform.os}/${kind} with ${answer.status}:\n${said}`).toContain(status);
        }
  });

  it.each(ids)('%s: speaks English and Japanese', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    for (const [what, text] of Object.entries({ title: c.title, description: c.description, remediation: c.remediation })) {
      expect(text.en.trim(), `${id} ${what} (en)`).not.toBe('');
      expect(text.ja, `${id} ${what} (ja) is not Japanese: ${text.ja}`).toMatch(JAPANESE);
      expect(text.ja, `${id} ${what}: the Japanese is the English`).not.toBe(text.en);
    }
  });

  it.each(ids)('%s: family is the id prefix and has its folder', (id) => {
    const c = ALL_CHECKS.find((x) => x.id === id)!;
    expect(c.family).toBe(id.split('.')[0]);
    expect(existsSync(path.join(CHECKS_DIR, c.family)), `checks/${c.family}/`).toBe(true);
    expect(c.platforms.length).toBeGreaterThan(0);
    expect(shippedRequirementsOf(id), `${id} is used by no shipped profile: it evidences no requirement`).not.toEqual([]);
    expect('requirements' in c, `${id} declares requirements: the profiles are the one source`).toBe(false);
  });
});
