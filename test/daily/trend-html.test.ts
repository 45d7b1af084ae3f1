/** The trend page: escaped, masked, no script and no URL, a CSP that pins the only style. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DayEntry } from '../../engine/history.js';
import { maskCardNumbers, renderTrendHtml } from '../../reporters/trend-html.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const summary = { pass: 5, fail: 1, warn: 0, error: 1, 'not-applicable': 0, manual: 0, waived: 0, total: 7 };
const day = (d: string, fail: boolean): DayEntry => ({
  day: d,
  createdAt: `${d}T07:30:00.000Z`,
  verdict: fail ? 'non-compliant' : 'compliant',
  summary: fail ? summary : { ...summary, fail: 0, error: 0 },
  profiles: ['daily'],
  targets: [HOSTILE],
  issues: fail
    ? [
        {
          key: 'k',
          controlId: `c${HOSTILE}`,
          checkId: `usb.${HOSTILE}`,
          status: 'fail',
          severity: 'high',
          title: { en: `USB ${HOSTILE} 1 4111 1111 1111 1111`, ja: `USB ${HOSTILE}` },
        },
      ]
    : [],
});

describe('trend page', () => {
  const html = renderTrendHtml([day('2026-03-02', false), day('2026-03-01', true)], { lang: 'en' });

  it('escapes everything and masks card numbers', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/4111 1111 1111 1111/);
    expect(html).toContain('4111 11** **** 1111');
    expect(maskCardNumbers('x 9 4111111111111111')).toBe('x 9 411111******1111');
  });

  it('has no script, no URL, and a CSP pinning its only style', () => {
    expect(html).not.toMatch(/<script|https?:|<[^>]+\ssrc=/i);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(html.replace(/&#39;/g, "'")).toContain(`default-src 'none'; style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/ style=/);
  });

  it('shows the latest day first in the verdict and in Japanese', () => {
    expect(html).toMatch(/Latest: 2026-03-02 — Compliant/);
    const ja = renderTrendHtml([day('2026-03-01', true)], { lang: 'ja' });
    expect(ja).toContain('<html lang="ja"');
    expect(ja).toContain('最新: 2026-03-01 — 非準拠');
    expect(renderTrendHtml([], { lang: 'ja' })).toContain('まだ点検結果がありません');
  });
});
