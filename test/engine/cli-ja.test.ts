/** Bad input in Japanese: the same one line and exit 2, in the user's language (--lang, else LANG/LC_ALL). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';

const IMAGE = path.join(REPO, 'test/fixtures/images/linux-usb-open');
const MISSING = path.join(REPO, 'test/fixtures/images/no-such-image');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** The locale variables that outrank LANG are cleared so only the one under test decides. */
const JA_ENV = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const C_ENV = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

const CASES: Array<{ name: string; args: string[]; value: string; en: RegExp }> = [
  { name: 'unknown target scheme', args: ['scan', 'ftp://pos-1'], value: '"ftp:"', en: /unknown target scheme "ftp:"/ },
  {
    name: 'unknown profile id',
    args: ['scan', `image:${IMAGE}`, '--profile', 'pci-dds'],
    value: '"pci-dds"',
    en: /unknown profile "pci-dds"/,
  },
  { name: 'image path that does not exist', args: ['scan', `image:${MISSING}`], value: MISSING, en: /image path does not exist/ },
];

describe('bad input in Japanese: one line, exit 2', () => {
  for (const c of CASES) {
    it(`${c.name}, LANG=ja_JP.UTF-8`, async () => {
      const r = await cli(c.args, { env: JA_ENV });
      expect(r.code).toBe(2);
      const line = oneLine(r.stderr);
      expect(line.startsWith('posaudit: ')).toBe(true);
      expect(line).toMatch(JAPANESE);
      expect(line).toContain(c.value);
      expect(line).not.toMatch(c.en);
    });

    it(`${c.name}, --lang ja`, async () => {
      const r = await cli([...c.args, '--lang', 'ja'], { env: C_ENV });
      expect(r.code).toBe(2);
      const line = oneLine(r.stderr);
      expect(line.startsWith('posaudit: ')).toBe(true);
      expect(line).toMatch(JAPANESE);
      expect(line).toContain(c.value);
    });
  }

  it('--lang=ja works too', async () => {
    const r = await cli(['scan', 'ftp://pos-1', '--lang=ja'], { env: C_ENV });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(JAPANESE);
  });

  it('LANG=C stays English', async () => {
    const r = await cli(CASES[1].args, { env: C_ENV });
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toMatch(/^posaudit: unknown profile "pci-dds"/);
    expect(line).not.toMatch(JAPANESE);
  });

  it('--lang en wins over a Japanese LANG', async () => {
    const r = await cli([...CASES[0].args, '--lang', 'en'], { env: JA_ENV });
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toMatch(/^posaudit: unknown target scheme "ftp:"/);
    expect(line).not.toMatch(JAPANESE);
  });
});
