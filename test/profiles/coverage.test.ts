/** Coverage numbers and the `profiles show` / `profiles list` text come from the controls. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import { coverageOf, renderProfileList, renderProfileText } from '../../engine/coverage.js';
import { t } from '../../core/i18n.js';
import { loadProfile, type Control, type Profile } from '../../engine/profiles.js';

function profile(controls: Control[]): Profile {
  return { id: 'x', title: t('X', 'エックス'), version: '1', source: 'x.yaml', context: [], options: [], controls };
}
const manual = { procedure: t('Look.', '見てください。'), expected: t('Seen.', '確認できれば合格。') };
const auto = [{ check: 'time.sync-configured' }];

describe('coverageOf', () => {
  it('classifies each requirement by the controls that evidence it', () => {
    const cov = coverageOf(
      profile([
        { id: 'a', requirements: ['PCI 10.6.1'], title: t('a', 'あ'), checks: auto },
        { id: 'b', requirements: ['PCI 9.5.1'], title: t('b', 'い'), manual },
        { id: 'c', requirements: ['PCI 10.5.1'], title: t('c', 'う'), checks: auto, manual },
        // Two controls on one requirement, one automated and one manual: partial.
        { id: 'd1', requirements: ['PCI 1.2.1'], title: t('d', 'え'), checks: auto },
        { id: 'd2', requirements: ['PCI 1.2.1'], title: t('d', 'え'), manual },
      ]),
    );
    expect(cov).toMatchObject({ requirements: 4, automated: 1, partial: 2, manual: 1 });
    // Reading order, numeric: 1.2.1 before 9.5.1 before 10.5.1.
    expect(cov.byRequirement.map((r) => [r.requirement, r.kind, r.controls])).toEqual([
      ['PCI 1.2.1', 'partial', ['d1', 'd2']],
      ['PCI 9.5.1', 'manual', ['b']],
      ['PCI 10.5.1', 'partial', ['c']],
      ['PCI 10.6.1', 'automated', ['a']],
    ]);
  });

  it('changes when a custom profile drops a control', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'posaudit-cov-'));
    const file = path.join(dir, 'less.yaml');
    await writeFile(
      file,
      `id: less\ntitle: { en: Less, ja: 少なめ }\nextends: ${JSON.stringify(path.resolve('profiles/daily.yaml'))}\nremove: [daily-clock]\n`,
    );
    const daily = await loadProfile('daily', findCheck);
    const less = await loadProfile(file, findCheck);
    const before = coverageOf(daily);
    const after = coverageOf(less);
    // daily-clock is the only control naming PCI 10.6.1 and POS 方針8.
    for (const req of ['PCI 10.6.1', 'POS 方針8']) {
      expect(before.byRequirement.some((r) => r.requirement === req)).toBe(true);
      expect(after.byRequirement.some((r) => r.requirement === req)).toBe(false);
    }
    expect(after.requirements).toBe(before.requirements - 2);
    expect(after.automated).toBe(before.automated - 2);
  });
});

describe('renderProfileText', () => {
  it('prints the computed numbers, in English and in Japanese', async () => {
    const p = await loadProfile('daily', findCheck);
    const cov = coverageOf(p);
    const en = renderProfileText(p, 'en', findCheck);
    const ja = renderProfileText(p, 'ja', findCheck);
    expect(en).toContain(
      `${cov.requirements} requirements: ${cov.automated} automated, ${cov.partial} partial, ${cov.manual} manual`,
    );
    expect(ja).toContain(
      `要件 ${cov.requirements} 件: 自動 ${cov.automated} 件、一部自動 ${cov.partial} 件、手動確認 ${cov.manual} 件`,
    );
    // Every control and what evidences it, with the check's own title in the chosen language.
    for (const c of p.controls) {
      expect(en).toContain(c.id);
      expect(ja).toContain(c.title.ja);
      for (const ref of c.checks ?? []) expect(ja).toContain(`チェック ${ref.check}: ${findCheck(ref.check)?.title.ja ?? ''}`);
    }
    expect(ja).not.toContain('requirements:');
  });

  it('shows manual procedures, what counts as pass, options and context', () => {
    const p = profile([{ id: 'm', requirements: ['POS 方針7'], title: t('Cost', 'コスト'), manual, tags: ['phase:initiation'] }]);
    p.options = [{ id: 'opt', title: t('An option', 'オプションです'), text: t('How to use it.', '使い方。') }];
    p.context = [{ id: 'premise-1', title: t('Premise', '前提1'), text: t('Why.', '理由。') }];
    const ja = renderProfileText(p, 'ja', findCheck);
    // Glossary terms: manual is 手動確認 (docs/glossary.md).
    expect(ja).toContain('手動確認: 見てください。');
    expect(ja).toContain('合格の条件: 確認できれば合格。');
    expect(ja).toContain('オプションです');
    expect(ja).toContain('前提1');
    expect(ja).toContain('タグ: phase:initiation');
    expect(renderProfileText(p, 'en', findCheck)).toContain('1 requirements: 0 automated, 0 partial, 1 manual');
  });
});

describe('renderProfileList', () => {
  it('lists each profile with its control count and coverage', () => {
    const a = profile([{ id: 'a', requirements: ['PCI 10.6.1'], title: t('a', 'あ'), checks: auto }]);
    const b = {
      ...profile([{ id: 'b', requirements: ['PCI 9.5.1', 'PCI 9.5.1.1'], title: t('b', 'い'), manual }]),
      id: 'bee',
      title: t('Bee', 'ビー'),
    };
    const en = renderProfileList([a, b], 'en').split('\n');
    expect(en[0]).toMatch(/^ID\s+CONTROLS/);
    expect(en[1]).toMatch(/^x\s+1\s+1 \(1\/0\/0\)\s+X$/);
    expect(en[2]).toMatch(/^bee\s+1\s+2 \(0\/0\/2\)\s+Bee$/);
    expect(renderProfileList([a, b], 'ja')).toContain('ビー');
  });
});
