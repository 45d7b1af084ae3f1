/** Finding summaries for assertions, and the contract every check keeps. */
import { describe, expect, it } from 'vitest';
import { worstStatus, type AnyCheck, type Finding } from '../../core/model.js';
import { allAnswered, LINUX, run, unsupported, WINDOWS } from './evidence.js';
import { shippedRequirementsOf } from './mappings.js';

export const statusOf = (f: Finding[]) => worstStatus(f.map((x) => x.status));
export const textOf = (f: Finding[]) => f.map((x) => `${x.status}: ${x.message.en}`).join('\n');

/** The rules every 4B check keeps: no pass on unreadable evidence; bilingual text; mapped to requirements by a shipped profile. */
export function contractTests(list: AnyCheck[]): void {
  describe('contract', () => {
    it.each(list.map((c) => c.id))('%s never passes on unreadable evidence, on either platform', (id) => {
      const c = list.find((x) => x.id === id)!;
      for (const platform of [LINUX, WINDOWS])
        for (const answer of [
          { status: 'error' as const, reason: 'timed out' },
          { status: 'denied' as const, reason: 'permission denied' },
          unsupported,
        ]) {
          const f = run(c, allAnswered(c, answer), platform);
          expect(f.length).toBeGreaterThan(0);
          expect(['error', 'manual'], `${id} ${platform.os} ${answer.status}\n${textOf(f)}`).toContain(statusOf(f));
        }
    });
    it.each(list.map((c) => c.id))('%s has bilingual text and a shipped profile maps it to requirements', (id) => {
      const c = list.find((x) => x.id === id)!;
      for (const x of [c.title, c.description, c.remediation]) expect(x.en && x.ja).toBeTruthy();
      expect(shippedRequirementsOf(id).length).toBeGreaterThan(0);
    });
  });
}
