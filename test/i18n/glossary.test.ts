/**
 * Every Japanese string a user reads (checks, shipped profiles, report labels, `profiles show`,
 * `checks list/show --lang ja`) uses the glossary's one term per concept: docs/glossary.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkShow, checksList } from '../../bin/commands/catalog.js';
import { ALL_CHECKS, findCheck } from '../../checks/index.js';
import { renderProfileList, renderProfileText } from '../../engine/coverage.js';
import { loadProfile, shippedProfileIds, type Profile } from '../../engine/profiles.js';
import { junitFiles, renderJunit } from '../../reporters/junit.js';
import { fleetReport, sampleReport } from '../helpers/sample-report.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;

interface Term {
  concept: string;
  ja: string;
  banned: string[];
  allowedIn: string[];
}

/** The machine-readable table of docs/glossary.md. */
function glossary(): Term[] {
  const doc = readFileSync(path.join(ROOT, 'docs', 'glossary.md'), 'utf8');
  const table = doc.slice(doc.indexOf('<!-- glossary:start -->'), doc.indexOf('<!-- glossary:end -->'));
  return table
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|---') && !l.startsWith('| concept'))
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      const ticks = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return { concept: cells[1], ja: cells[3], banned: ticks(cells[4]), allowedIn: cells[5] ? cells[5].split(/,\s*/) : [] };
    });
}

interface JaString {
  where: string;
  /** The profile the string belongs to, when it does. */
  profile?: string;
  text: string;
}

/** Violations of the glossary in one string. */
export function violations(s: JaString, terms: Term[]): string[] {
  const out: string[] = [];
  const text = s.text.trim();
  for (const term of terms) {
    if (s.profile && term.allowedIn.includes(s.profile)) continue;
    for (const b of term.banned) {
      const label = b.startsWith('label:') ? b.slice(6) : undefined;
      const hit =
        label !== undefined ? text === label || text.startsWith(`${label}:`) || text.startsWith(`${label}：`) : text.includes(b);
      if (hit)
        out.push(`${s.where}: "${b}" is not the glossary's term for ${term.concept} (use ${term.ja}): ${text.slice(0, 120)}`);
    }
  }
  // 重要度 keeps only its asset-table meaning, even where it is allowed: never beside severity.
  if (/重要度\s*[（(]severity|重要度[:：]\s*(緊急|高|中|低|情報|critical|high|medium|low|info)(?![a-z])/i.test(text))
    out.push(`${s.where}: 重要度 is the asset importance, not severity (重大度): ${text.slice(0, 120)}`);
  if (text.includes('ホワイトリスト') && !text.includes('ホワイトリスト（許可リスト）'))
    out.push(`${s.where}: write ホワイトリスト（許可リスト） (glossary: allowlist): ${text.slice(0, 120)}`);
  return out;
}

function jaOfYaml(node: unknown, where: string, profile: string, out: JaString[]): void {
  if (Array.isArray(node)) node.forEach((x, i) => jaOfYaml(x, `${where}[${i}]`, profile, out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'ja' && typeof v === 'string') out.push({ where: `${where}.ja`, profile, text: v });
      else jaOfYaml(v, `${where}.${k}`, profile, out);
    }
}

/** Japanese string literals of a TypeScript source file (and template literals, split at their holes). */
function jaLiterals(file: string): JaString[] {
  const src = readFileSync(file, 'utf8');
  const out: JaString[] = [];
  const rel = path.relative(ROOT, file);
  for (const m of src.matchAll(/'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|[^`\\])*)`/g)) {
    const body = m[1] ?? m[2] ?? m[3] ?? '';
    if (!JAPANESE.test(body)) continue;
    const line = src.slice(0, m.index).split('\n').length;
    for (const part of body.split(/\$\{[^}]*\}/)) if (JAPANESE.test(part)) out.push({ where: `${rel}:${line}`, text: part });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

const terms = glossary();
const profiles: Profile[] = [];
beforeAll(async () => {
  for (const id of await shippedProfileIds()) profiles.push(await loadProfile(id, findCheck));
});

describe('docs/glossary.md', () => {
  it('has one Japanese term per concept, and the terms the project fixed', () => {
    const ja = terms.map((t) => t.ja);
    expect(new Set(ja).size + terms.filter((t) => t.ja === '免除').length - 1).toBe(ja.length);
    const byConcept = Object.fromEntries(terms.map((t) => [t.concept, t.ja]));
    expect(byConcept).toMatchObject({
      verdict: '判定',
      compliant: '準拠',
      'non-compliant': '非準拠',
      incomplete: '不完全',
      pass: '合格',
      fail: '不合格',
      warning: '警告',
      error: 'エラー',
      'not applicable': '対象外',
      manual: '手動確認',
      waived: '免除',
      severity: '重大度',
      'severity critical': '緊急',
      requirement: '要件',
      control: '管理策',
      evidence: '証跡',
      remediation: '是正方法',
      'terminal, host': '端末',
      store: '店舗',
      allowlist: 'ホワイトリスト（許可リスト）',
      'important patch': '重要なパッチ',
    });
    // A banned word is never itself a glossary term.
    for (const t of terms) for (const b of t.banned) expect(ja).not.toContain(b.replace(/^label:/, ''));
  });

  it('catches what it bans (the checker itself can fail)', () => {
    expect(violations({ where: 'x', text: '非準拠ではなく不適合です' }, terms)).toHaveLength(1);
    expect(violations({ where: 'x', text: '注意' }, terms)).toHaveLength(1);
    expect(violations({ where: 'x', text: '取り外しに注意してください' }, terms)).toEqual([]);
    expect(violations({ where: 'x', text: '重要度: 中' }, terms).length).toBeGreaterThan(0);
    expect(violations({ where: 'x', profile: 'pos-guideline', text: '資産の重要度（高・中・小）' }, terms)).toEqual([]);
    expect(violations({ where: 'x', text: 'ホワイトリストにないプログラム' }, terms)).toHaveLength(1);
    expect(violations({ where: 'x', profile: 'pos-guideline', text: '資産の重要度と重要度（severity）' }, terms)).toHaveLength(1);
    expect(violations({ where: 'x', profile: 'pos-guideline', text: '重要度: 中' }, terms)).toHaveLength(1);
  });
});

describe('Japanese strings follow the glossary', () => {
  it('in the shipped profiles', () => {
    const strings: JaString[] = [];
    for (const name of readdirSync(path.join(ROOT, 'profiles')).filter((n) => n.endsWith('.yaml'))) {
      const id = name.slice(0, -5);
      jaOfYaml(parse(readFileSync(path.join(ROOT, 'profiles', name), 'utf8')), name, id, strings);
    }
    expect(strings.length).toBeGreaterThan(300);
    expect(strings.flatMap((s) => violations(s, terms))).toEqual([]);
  });

  it('in every check (titles, descriptions, remediations, finding messages), the report labels, the reasons and the help', () => {
    const strings = [
      ...sourceFiles(path.join(ROOT, 'checks')),
      ...['labels.ts', 'junit.ts', 'html/labels.ts'].map((f) => path.join(ROOT, 'reporters', f)),
      // Why a target or an answer could not be read, and the command-line help and parser errors.
      path.join(ROOT, 'core', 'reasons.ts'),
      path.join(ROOT, 'bin', 'commands', 'help-text.ts'),
      path.join(ROOT, 'bin', 'commands', 'scan.ts'),
    ].flatMap(jaLiterals);
    expect(strings.filter((s) => s.where.startsWith('core/reasons.ts')).length).toBeGreaterThan(50);
    for (const c of ALL_CHECKS)
      for (const [k, v] of Object.entries({ title: c.title, description: c.description, remediation: c.remediation }))
        strings.push({ where: `${c.id}.${k}`, text: v.ja });
    expect(strings.length).toBeGreaterThan(500);
    expect(strings.flatMap((s) => violations(s, terms))).toEqual([]);
  });

  it('in profiles show, profiles list and checks list/show --lang ja, with severities translated', async () => {
    const lines: JaString[] = [];
    const push = (where: string, text: string, profile?: string) =>
      text.split('\n').forEach((line, i) => lines.push({ where: `${where}:${i + 1}`, text: line, profile }));
    for (const p of profiles) push(`profiles show ${p.id}`, renderProfileText(p, 'ja', findCheck), p.id);
    push('profiles list', renderProfileList(profiles, 'ja'));
    push('checks list', await checksList('ja'));
    for (const c of ALL_CHECKS) push(`checks show ${c.id}`, await checkShow(c.id, 'ja'));
    expect(lines.flatMap((s) => violations(s, terms))).toEqual([]);
    const untranslated = lines.filter((l) =>
      /重大度: (critical|high|medium|low|info)\b|\s(critical|high|medium|low)\s{2,}/.test(l.text),
    );
    expect(untranslated.map((l) => `${l.where}: ${l.text}`)).toEqual([]);
    expect(lines.some((l) => /重大度: 緊急/.test(l.text))).toBe(true);
  });

  it('in the JUnit files (--lang ja): statuses, severities and the gate in the words of the glossary', () => {
    const report = sampleReport({ lang: 'ja' });
    const fleet = fleetReport({ hosts: 250, resultsPerHost: 10, stores: 5, unreachableEvery: 50 });
    const docs = [
      renderJunit(report, { lang: 'ja' }),
      renderJunit({ ...report, failOn: 'low' }, { lang: 'ja' }),
      junitFiles(fleet, 'ja')[0].xml,
      junitFiles({ ...fleet, targets: fleet.targets.map((tg) => ({ ...tg, results: [] })) }, 'ja')[0].xml,
    ];
    const unescape = (x: string) =>
      x
        .replace(/&#10;/g, '\n')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const lines: JaString[] = [];
    const messages: string[] = [];
    docs.forEach((xml, i) => {
      for (const m of xml.matchAll(/ (message|name)="([^"]*)"|>([^<]+)</g)) {
        const text = unescape(m[2] ?? m[3] ?? '');
        if (m[1] === 'message') messages.push(text);
        text.split('\n').forEach((line) => lines.push({ where: `junit document ${i + 1}`, text: line }));
      }
    });
    expect(lines.flatMap((l) => violations(l, terms))).toEqual([]);
    // Every status a message starts with is the report's Japanese word, never the English id.
    expect(messages.filter((m) => /^(warning|not-applicable|manual|waived)\b/.test(m))).toEqual([]);
    for (const prefix of [
      '警告（--fail-on high 未満）: ',
      '警告: ',
      '対象外: ',
      '手動確認: ',
      '免除（期限 2026-12-31、承認者 j.tanaka）: ',
    ])
      expect(
        messages.some((m) => m.startsWith(prefix)),
        prefix,
      ).toBe(true);
    // Severities in Japanese text are 緊急/高/中/低 (an option as typed, --fail-on high, stays).
    const untranslated = lines.filter(
      (l) => JAPANESE.test(l.text) && /(?<!--fail-on )\b(critical|high|medium|low)\b/.test(l.text),
    );
    expect(untranslated.map((l) => `${l.where}: ${l.text}`)).toEqual([]);
    expect(messages.some((m) => m.startsWith('重大度「高」以上の不合格'))).toBe(true);
    expect(lines.some((l) => l.text.startsWith('posaudit ゲート（--fail-on high、'))).toBe(true);
  });
});
