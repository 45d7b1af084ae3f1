/** Help, parser errors, help topics and shell completion, as a user meets them (the real CLI, real bash). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const JA = { LANG: 'ja_JP.UTF-8' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-help-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help and parser errors in Japanese', () => {
  it('under a Japanese locale, --help has Japanese titles and descriptions, and no English sentence', async () => {
    for (const args of [['--help'], ['scan', '--help'], ['help', 'daily']]) {
      const r = await cli(args, { env: JA });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^使い方: posaudit/m);
      expect(r.stdout).toContain('オプション:');
      expect(r.stdout).not.toMatch(/^(Usage|Options|Commands|Arguments):/m);
      // Every description line is Japanese: English words are only flags, paths, ids and values.
      expect(r.stdout).not.toMatch(/\b(the|and|of|for|with|what|this|default|display|help for)\b/);
    }
  });

  it('--lang ja turns the help and the errors Japanese on an English locale; an error exits 2', async () => {
    const h = await cli(['scan', '--help', '--lang', 'ja']);
    expect(h.stdout).toMatch(/不合格とする最も低い重大度（選択肢:\s+"critical",\s+"high",\s+"medium",\s+"low"、既定:\s+"high"）/);
    const bad = await cli(['scan', '--bogus', '--lang', 'ja']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("エラー: 不明なオプション '--bogus' です");
    expect(bad.stderr).toContain('（使い方は --help で表示します）');
    const choice = await cli(['scan', '--fail-on', 'huge'], { env: JA });
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain(
      "エラー: オプション '--fail-on <severity>' の値 'huge' は使えません。使える値: critical, high, medium, low。",
    );
    const en = await cli(['scan', '--bogus']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("error: unknown option '--bogus'");
    expect((await cli(['--version'])).code).toBe(0);
    expect((await cli(['--help'])).code).toBe(0);
  });
});

describe('posaudit help <topic>', () => {
  it('explains exit codes and formats, in English and Japanese; an unknown topic exits 2 with the list', async () => {
    const codes = await cli(['help', 'exit-codes']);
    expect(codes.stdout).toMatch(/^ {2}3 {2}incomplete: some target could not be scanned/m);
    expect((await cli(['help', 'exit-codes', '--lang', 'ja'])).stdout).toMatch(
      /^ {2}3 {2}不完全: スキャンできなかった端末がある/m,
    );
    expect((await cli(['help', 'formats'])).stdout).toContain('report.junit.xml');
    const nope = await cli(['help', 'nope']);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toContain('Topics: exit-codes, formats, completion');
  });
});

describe('shell completion', () => {
  const complete = (script: string, words: string[]): string[] => {
    const file = path.join(dir, 'c.bash');
    writeFileSync(file, script);
    const out = execFileSync(
      'bash',
      [
        '-c',
        `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); ` +
          `COMP_CWORD=${words.length - 1}; _posaudit; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8', cwd: dir },
    );
    return out.split('\n').filter(Boolean);
  };

  it('bash completes commands, subcommands, options and option values', async () => {
    const r = await cli(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(complete(r.stdout, ['posaudit', 'sc'])).toEqual(['scan', 'schedule']);
    expect(complete(r.stdout, ['posaudit', 'checks', 'l'])).toEqual(['list']);
    expect(complete(r.stdout, ['posaudit', 'scan', '--fail-'])).toEqual(['--fail-on']);
    expect(complete(r.stdout, ['posaudit', 'scan', '--fail-on', ''])).toEqual(['critical', 'high', 'medium', 'low']);
    expect(complete(r.stdout, ['posaudit', 'checks', 'list', '--j'])).toEqual(['--json']);
    expect(complete(r.stdout, ['posaudit', 'scan', '--profile', 'pci'])).toContain('pci-dss');
  });

  it('zsh gets the same function through bashcompinit; an unknown shell is a usage error', async () => {
    const z = await cli(['completion', 'zsh']);
    expect(z.stdout.split('\n').slice(0, 2)).toEqual(['#compdef posaudit', 'autoload -U +X bashcompinit && bashcompinit']);
    expect(z.stdout).toContain('complete -o filenames -F _posaudit posaudit');
    const bad = await cli(['completion', 'fish']);
    expect(bad.code).toBe(2);
  });
});
