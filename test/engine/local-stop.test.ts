/** A local gather that is cut short (time limit, Ctrl-C) leaves nothing behind on the machine:
 * no temporary folder from the gatherer script, no command still running. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceRequest } from '../../core/evidence.js';
import { LocalTarget } from '../../targets/local.js';

const MARK = `posaudit-stop-test-${process.pid}`;
const running = (): boolean => spawnSync('pgrep', ['-f', MARK]).status === 0;

describe.skipIf(process.platform === 'win32')('a local gather cut short', () => {
  it.each([
    ['by its time limit', (t: LocalTarget, reqs: EvidenceRequest[]) => t.gather(reqs)],
    [
      'by Ctrl-C (abort)',
      (t: LocalTarget, reqs: EvidenceRequest[]) => {
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 1000);
        return t.gather(reqs, ac.signal);
      },
    ],
  ])('%s removes the script folder and stops the command', async (_name, run) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'posaudit-stop-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // the gatherer's mktemp -d lands here
    try {
      const slow: EvidenceRequest = { kind: 'command', name: 'slow', command: { sh: `sleep 30 # ${MARK}` }, timeoutMs: 60_000 };
      const target = new LocalTarget({ timeoutMs: 1500 });
      const res = await run(target, [slow]);
      expect(res.answers.size).toBeGreaterThanOrEqual(0);
      // the trap ran: the script's folder is gone; the command was stopped with it
      expect(readdirSync(tmp)).toEqual([]);
      expect(running()).toBe(false);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
