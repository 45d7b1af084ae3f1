/** docs/profiles.md lists every control with its status and why, from the same computation as `profiles show`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import { DOCS_END, DOCS_START, renderCoverageDocs, withCoverageDocs } from '../../engine/coverage-docs.js';
import { controlKind, coverageOf, coverageSummary, renderProfileText } from '../../engine/coverage.js';
import { loadProfile, shippedProfileIds, type Profile } from '../../engine/profiles.js';

const DOC = path.join(import.meta.dirname, '..', '..', 'docs', 'profiles.md');
const profiles: Profile[] = [];
beforeAll(async () => {
  for (const id of await shippedProfileIds()) profiles.push(await loadProfile(id, findCheck));
});

describe('docs/profiles.md', () => {
  it('holds exactly what npm run docs:profiles generates from the shipped profiles (run it after editing a profile)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toContain(DOCS_START);
    expect(withCoverageDocs(doc, profiles)).toBe(doc);
  });

  it('lists every control with its status, and the same numbers as profiles show', () => {
    const docs = renderCoverageDocs(profiles);
    for (const p of profiles) {
      const summary = coverageSummary(coverageOf(p), 'en');
      expect(docs).toContain(`| \`${p.id}\` | ${summary} |`);
      expect(renderProfileText(p, 'en', findCheck)).toContain(summary);
      for (const c of p.controls)
        expect(docs).toMatch(new RegExp(`\\| \`${c.id.replace(/\./g, '\\.')}\` [^\\n]*\\| ${controlKind(c)} \\|`));
    }
  });

  it('drifts visibly: a profile changed without regenerating fails the comparison', () => {
    const doc = readFileSync(DOC, 'utf8');
    const changed = profiles.map((p) => (p.id === 'pci-dss' ? { ...p, controls: p.controls.slice(1) } : p));
    expect(withCoverageDocs(doc, changed)).not.toBe(doc);
    expect(() => withCoverageDocs(doc.replace(DOCS_END, ''), profiles)).toThrow(/markers/);
  });
});

describe('coverage in the HTML report', () => {
  it('shows each profile coverage in the header, with the wording profiles show uses', async () => {
    const { renderHtml } = await import('../../reporters/html.js');
    const { sampleReport } = await import('../helpers/sample-report.js');
    const { coverageCounts } = await import('../../engine/coverage.js');
    const pci = profiles.find((p) => p.id === 'pci-dss')!;
    const report = sampleReport();
    report.profiles = [{ id: pci.id, title: pci.title, version: pci.version, source: pci.source, coverage: coverageCounts(pci) }];
    for (const lang of ['en', 'ja'] as const)
      expect(renderHtml({ ...report, lang }, { lang, rules: [] })).toContain(coverageSummary(coverageCounts(pci), lang));
  });
});
