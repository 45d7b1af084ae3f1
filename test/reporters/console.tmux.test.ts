/** The live console in a real terminal (tmux): redraws in place, no pile-up in the scrollback, results after it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const TMUX = spawnSync('tmux', ['-V']).status === 0;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const IMAGE = path.join(REPO, 'test/fixtures/images/linux-usb-open');
const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-tmux-'));
const sock = path.join(dir, 'sock');
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', sock, ...args], { encoding: 'utf8' });
afterAll(() => {
  spawnSync('tmux', ['-S', sock, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!TMUX)('live console in tmux', () => {
  it('redraws the progress in place: one footer in the whole scrollback, then the results', async () => {
    const targets = Array.from({ length: 12 }, () => `image:${IMAGE}`).join(' ');
    const cmd =
      `cd ${JSON.stringify(REPO)} && env -u CI LANG=ja_JP.UTF-8 ${JSON.stringify(process.execPath)} --import ${TSX}` +
      ` bin/posaudit.ts scan ${targets} --profile daily --checks usb.storage-blocked --concurrency 2 ` +
      `--out ${JSON.stringify(path.join(dir, 'out'))} --format json; echo EXIT=$?; sleep 30`;
    tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', 'p', cmd);
    let pane = '';
    for (let i = 0; i < 240 && !/EXIT=\d/.test(pane); i++) {
      await new Promise((r) => setTimeout(r, 500));
      pane = tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', 'p');
    }
    expect(pane).toMatch(/EXIT=1/);
    expect(pane).not.toContain('Encountered two children');
    const lines = pane.split('\n');
    // The live footer ("スキャン中 n/12 · … · 経過 …") is redrawn, not appended: it is left once.
    expect(
      lines.filter((l) => l.includes('スキャン中 ')),
      pane,
    ).toHaveLength(1);
    expect(lines.find((l) => l.includes('スキャン中 '))).toMatch(/スキャン中 12\/12 .* 経過 \d+/);
    // Every host printed once above it.
    expect(lines.filter((l) => /^✗ image:/.test(l))).toHaveLength(12);
    // Then the results, in Japanese, wrapped inside the 100 columns.
    expect(pane).toContain('不合格のチェック(1 件、該当端末の多い順):');
    expect(pane).toContain('凡例: ✗ 不合格 · ⚠ エラー: 判定できませんでした · ! 警告');
  }, 150_000);
});
