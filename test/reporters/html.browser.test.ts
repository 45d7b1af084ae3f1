/** The HTML report in real headless Chromium: offline, escaped, filterable, Japanese, printable. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reporters/html.js';
import { fleetReport, HOSTILE, HOSTILE_SCRIPT, SAMPLE_RULES, sampleReport } from '../helpers/sample-report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const OUT = fileURLToPath(new URL('../out/', import.meta.url));
const SHOTS = `${OUT}screenshots/`;

let browser: Browser;
const files: Record<string, string> = {};

function write(name: string, html: string): string {
  const path = `${OUT}html/${name}`;
  writeFileSync(path, html);
  return pathToFileURL(path).href;
}

/** Open a report, recording every request that is not the file itself and every CSP complaint. */
async function open(url: string, opts: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const csp: string[] = [];
  const dialogs: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url() !== url) requests.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused/i.test(m.text())) csp.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, requests, csp, dialogs, close: () => context.close() };
}

// Page functions are strings: this project's tsconfig has no DOM lib, and they run in the page anyway.
const visibleCount = (page: Page, selector: string): Promise<number> =>
  page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter(e => e.offsetParent !== null).length`,
  ) as Promise<number>;

describe.skipIf(!existsSync(CHROMIUM))('HTML report in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(`${OUT}html`, { recursive: true });
    mkdirSync(SHOTS, { recursive: true });
    files.en = write('report-en.html', renderHtml(sampleReport(), { lang: 'en', rules: SAMPLE_RULES }));
    files.ja = write('report-ja.html', renderHtml(sampleReport({ lang: 'ja' }), { lang: 'ja', rules: SAMPLE_RULES }));
    files.fleet = write(
      'report-fleet.html',
      renderHtml(fleetReport({ hosts: 40, resultsPerHost: 24, unreachableEvery: 13 }), { lang: 'en' }),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes no request, violates no CSP and shows a hostile file name as text without running it', async () => {
    const { page, requests, csp, dialogs, close } = await open(files.en);
    try {
      expect(requests).toEqual([]);
      expect(csp).toEqual([]);
      // The filters are revealed by the inline script: proof the script hash in the CSP matches.
      await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(1);
      await page.evaluate("document.querySelector('details.host').open = true");
      expect(await page.getByText(HOSTILE, { exact: false }).count()).toBeGreaterThan(0);
      expect(await page.locator('body').innerText()).toContain(HOSTILE_SCRIPT);
      expect(dialogs).toEqual([]);
      await page.screenshot({ path: `${SHOTS}report-en.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('shows the verdict, the unreachable host and the waiver at the top', async () => {
    const { page, close } = await open(files.en);
    try {
      await expect.poll(() => page.locator('.verdict').innerText()).toContain('Not compliant');
      const coverage = await page.locator('section[aria-labelledby=cov]').innerText();
      expect(coverage).toContain('pos-0042');
      expect(coverage).toContain('timed out');
      expect(await page.locator('section[aria-labelledby=wa]').innerText()).toContain('CHG-4411');
    } finally {
      await close();
    }
  });

  it('filters by status, requirement and host', async () => {
    const { page, close } = await open(files.fleet);
    try {
      await page.locator('#expand').click();
      const passRows = 'details.host tr.s-pass';
      expect(await visibleCount(page, passRows)).toBeGreaterThan(0);
      await page.getByRole('checkbox', { name: /Pass/ }).uncheck();
      await expect.poll(() => visibleCount(page, passRows)).toBe(0);
      expect(await visibleCount(page, 'details.host tr.s-fail')).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#count').innerText()).toMatch(/^Showing \d+ of \d+ results$/);

      await page.getByRole('combobox', { name: /Requirement/ }).selectOption('PCI 3.3.1');
      await expect.poll(() => visibleCount(page, '#matrix thead th[data-r]')).toBe(1);
      const reqs = (await page.evaluate(
        "[...document.querySelectorAll('details.host tr[data-k]')].filter(r => r.offsetParent !== null).map(r => document.getElementById('k' + r.getAttribute('data-k')).getAttribute('data-q'))",
      )) as string[];
      expect(reqs.length).toBeGreaterThan(0);
      for (const q of reqs) expect(q.split('|')).toContain('PCI 3.3.1');

      await page.getByRole('combobox', { name: /Requirement/ }).selectOption('');
      await page.getByRole('checkbox', { name: /Pass/ }).check();
      await expect.poll(() => visibleCount(page, '#matrix thead th[data-r]')).toBeGreaterThan(10);
      await page.getByRole('searchbox', { name: /Host/ }).fill('pos-0007');
      await expect.poll(() => visibleCount(page, 'details.host')).toBe(1);
      await expect.poll(() => visibleCount(page, '#matrix tbody tr')).toBe(1);
      await page.screenshot({ path: `${SHOTS}report-filtered.png` });
    } finally {
      await close();
    }
  });

  it('renders the Japanese report with a Japanese font', async () => {
    const { page, requests, close } = await open(files.ja);
    try {
      expect(requests).toEqual([]);
      expect(await page.locator('html').getAttribute('lang')).toBe('ja');
      const h1 = page.locator('h1');
      expect(await h1.innerText()).toBe('posaudit 準拠性レポート');
      expect(await page.locator('.verdict').innerText()).toContain('非準拠');
      // Ask Chromium which font actually drew the heading's glyphs.
      const cdp = await page.context().newCDPSession(page);
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
      await cdp.send('CSS.enable');
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const japanese = fonts.filter((f) => /CJK|JP|Gothic|Hiragino/i.test(f.familyName));
      expect(japanese.length, JSON.stringify(fonts)).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}report-ja.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('is complete without JavaScript: every host and the matrix are there, the filters stay hidden', async () => {
    const { page, close } = await open(files.fleet, { javaScriptEnabled: false });
    try {
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(await page.locator('details.host').count()).toBe(40);
      expect(await page.locator('#matrix tbody tr').count()).toBe(40);
      expect(await page.getByRole('table', { name: /Worst status of each requirement/ }).count()).toBe(1);
    } finally {
      await close();
    }
  });

  it('prints every host section to PDF', async () => {
    const { page, close } = await open(files.en);
    try {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#filters').isVisible()).toBe(false);
      await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
      expect(await page.locator('details.host:not([open])').count()).toBe(0);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(`${OUT}html/report-en.pdf`, pdf);
    } finally {
      await close();
    }
  });
});
