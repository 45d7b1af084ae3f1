/** --ask-password reads the SSH password on a real terminal (tmux) without echoing it. */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const TMUX = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!TMUX)('--ask-password', () => {
  it('prompts on the terminal, never echoes what is typed, then goes on with the scan', async () => {
    const session = `posaudit-pw-${process.pid}`;
    const cmd =
      `${process.execPath} --import tsx ${path.join(REPO, 'bin/posaudit.ts')} scan ssh://cashier@127.0.0.1:1 --ask-password ` +
      `--connect-timeout 3s --out ${path.join(os.tmpdir(), session)} --format json; echo EXIT=$?; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '20', cmd], {
      cwd: REPO,
      env: { ...process.env, CI: '1' },
    });
    const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-S', '-200', '-t', session]).toString();
    try {
      for (let i = 0; i < 100 && !screen().includes('SSH password:'); i++) await new Promise((r) => setTimeout(r, 100));
      execFileSync('tmux', ['send-keys', '-t', session, 'hunter2-secret', 'Enter']);
      for (let i = 0; i < 150 && !screen().includes('EXIT='); i++) await new Promise((r) => setTimeout(r, 100));
      const text = screen();
      expect(text).toContain('SSH password:');
      expect(text).not.toContain('hunter2-secret');
      expect(text).toMatch(/connection refused/);
      expect(text).toContain('EXIT=3');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }, 30_000);
});
