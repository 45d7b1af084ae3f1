/** pos-guideline against seed 002 (the guideline itself): section 12's activities, 方針8 (2), 方針1's assets, terms. */
import { beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import { controlKind } from '../../engine/coverage.js';
import { loadProfile, type Profile } from '../../engine/profiles.js';

/** Section 12 「各フェーズでのセキュリティ取組み」: the activities of each phase, as the guideline lists them. */
const SECTION_12: Record<string, string[]> = {
  'phase:initiation': [
    'セキュリティ計画の作成',
    '製品種別の分類',
    '事業に対する影響の評価',
    '個人情報に対する影響の評価',
    'セキュアな製品開発プロセスの実施',
  ],
  'phase:development': [
    'リスク評価',
    'セキュリティ対策の選択',
    'セキュリティ構想設計',
    'セキュリティの設計および対策の開発',
    '開発テスト、機能テストおよびセキュリティテストの実施',
  ],
  'phase:deployment': ['確立した環境またはシステムへのセキュリティの統合', '製品セキュリティ評価', '情報システムの認可'],
  'phase:operation': ['構成管理の実施', '継続的な監視の実施'],
  'phase:disposal': ['メディアのデータ消去', 'ハードウェア/ソフトウェアの処分'],
};

let pos: Profile;
beforeAll(async () => {
  pos = await loadProfile('pos-guideline', findCheck);
});
const control = (id: string) => pos.controls.find((c) => c.id === id)!;

describe('pos-guideline phases follow section 12', () => {
  it('展開 has three activities and 運用 two, all named in the phases context, which says the mapping is our reading', () => {
    expect(SECTION_12['phase:deployment']).toHaveLength(3);
    expect(SECTION_12['phase:operation']).toHaveLength(2);
    const phases = pos.context.find((x) => x.id === 'phases');
    for (const list of Object.values(SECTION_12)) for (const a of list) expect(phases?.text?.ja).toContain(a);
    expect(phases?.text?.en).toMatch(/展開 \(phase:deployment\), three activities/);
    expect(phases?.text?.en).toMatch(/運用 \(phase:operation\), two/);
    expect(phases?.text?.en).toMatch(/this tool's reading, not the guideline's text/);
  });

  it('every control names a section-12 activity of a phase it is tagged with, and no activity outside its phases', () => {
    for (const c of pos.controls) {
      const tags = c.tags ?? [];
      const activities = tags.filter((t) => t.startsWith('activity:')).map((t) => t.slice('activity:'.length));
      expect(activities.length, c.id).toBeGreaterThan(0);
      const allowed = tags.filter((t) => t.startsWith('phase:')).flatMap((p) => SECTION_12[p] ?? []);
      for (const a of activities) expect(allowed, `${c.id}: ${a}`).toContain(a);
    }
    expect(control('pos-p1-disposal').tags).toContain('activity:メディアのデータ消去');
  });
});

describe('pos-guideline 方針1 and 方針8', () => {
  it('PIN (高) and card data in memory (中) have their own controls at the asset-table severities', () => {
    const pin = control('pos-p1-pin');
    expect(pin.tags).toContain('asset:high');
    expect(pin.severity).toBe('critical');
    expect(pin.manual?.procedure.en).toMatch(/PIN pad/);
    const mem = control('pos-p1-memory');
    expect(mem.tags).toContain('asset:medium');
    expect(mem.severity).toBe('high');
    expect((mem.checks ?? []).map((r) => r.check)).toEqual(['memory.crash-dumps', 'memory.swap-and-hibernation']);
    expect(controlKind(mem)).toBe('partial');
  });

  it('方針8 (2) covers every maintenance-relevant device attach and detach, not only USB storage', () => {
    const c = control('pos-p8-device-attach');
    expect(c.title.ja).toMatch(/接続・取り外しをすべて記録し、通知/);
    expect(controlKind(c)).toBe('partial');
    for (const device of [/HID/, /serial/, /PIN-pad|PIN pad/]) expect(c.manual?.procedure.en).toMatch(device);
    expect(c.manual?.procedure.ja).toMatch(/通知/);
  });

  it('labels the daily self-check as this tool practice, not a 方針7 requirement', async () => {
    expect(control('pos-p7-daily-check').title.en).toMatch(/this tool's practice, not a 方針7 requirement/);
    const daily = await loadProfile('daily', findCheck);
    expect(daily.description?.en).toMatch(/posaudit's own practice/);
    expect(daily.description?.ja).toMatch(/方針7や PCI DSS の要求ではありません/);
  });
});
