/** The HTML report in real headless Chromium: offline, escaped, filterable, Japanese, printable. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reporters/html.js';
import { t } from '../../core/i18n.js';
import { fleetReport, HOSTILE, HOSTILE_SCRIPT, SAMPLE_RULES, sampleReport, withTargets } from '../helpers/sample-report.js';
import { diffReports } from '../../engine/diff.js';
import type { Report } from '../../core/model.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
async function open(url: string, opts: { javaScriptEnabled?: boolean; width?: number } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: { width: opts.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const csp: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
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
  return { page, requests, csp, dialogs, errors, close: () => context.close() };
}

// Page functions are strings: this project's tsconfig has no DOM lib, and they run in the page anyway.
const pdfPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

/** What a reader sees of the tables the script recomputes under a filter. */
const TABLES = ['#cards', '#sev', '#requirements', '#stores', '#worst', '#failing', '#errors', '#catalogue'];
/** ... and of the sections a report with waivers, attestations and a baseline adds. */
const AUDIT_TABLES = [...TABLES, '#waivers', '#expired', '#attest', '#changes'];
const tablesText = (page: Page, tables = TABLES): Promise<string[]> =>
  page.evaluate(
    `${JSON.stringify(tables)}.map(s => { const t = document.querySelector(s); return s + ' ' + t.textContent + ' ' + ` +
      `[...t.querySelectorAll('[hidden]')].length; })`,
  ) as Promise<string[]>;

/** Fleet builder: host h (from 1) is in store ((h - 1) % stores) + 1. */
const storeOfHost = (name: string, stores: number) =>
  `store-${String(((Number(name.slice(4)) - 1) % stores) + 1).padStart(3, '0')}`;

/**
 * 40 terminals in 2 stores with what the waiver, attestation and changes sections show: every
 * manual result attested, an expired waiver on every third failing result, store-002's waived
 * results under their own waiver, and a baseline scanned with other results.
 */
function auditFleet(): { report: Report; baseline: Report } {
  const report = fleetReport({ hosts: 40, resultsPerHost: 24, unreachableEvery: 13, stores: 2 });
  let n = 0;
  for (const tg of report.targets)
    for (const r of tg.results) {
      if (r.status === 'manual')
        r.attestation = {
          by: `manager of ${tg.tags!.store}`,
          date: '2026-11-01',
          expires: '2027-11-01',
          observed: `Seal intact on ${tg.name}`,
          status: 'pass',
          source: `attest.yaml:${++n}`,
        };
      if (r.status === 'fail' && n++ % 3 === 0)
        r.expiredWaiver = {
          reason: `Expired for ${tg.tags!.store}`,
          approver: 'k.sato',
          expires: '2026-01-31',
          source: 'waivers.yaml:9',
        };
      if (r.status === 'waived' && tg.tags!.store === 'store-002')
        r.waiver = { reason: 'Store 2 exception', approver: 'auditor', expires: '2027-02-01', source: 'waivers.yaml:2' };
    }
  const baseline = fleetReport({ hosts: 40, resultsPerHost: 24, unreachableEvery: 13, stores: 2, seed: 2 });
  return { report: withTargets(report, report.targets), baseline };
}

const card = (page: Page, label: string): Promise<number> =>
  page.evaluate(
    `Number([...document.querySelectorAll('#cards .card')].find(c => c.lastChild.textContent.trim() ` +
      `=== ${JSON.stringify(label)}).querySelector('b').textContent)`,
  ) as Promise<number>;

async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, n: " +
      'v.nodes.length, target: String(v.nodes[0] && v.nodes[0].target) })))',
  )) as Array<{ id: string; impact: string; n: number; target: string }>;
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.n}×, ${v.target})`);
}

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
    files.big = write(
      'report-1000.html',
      renderHtml(fleetReport({ hosts: 1000, resultsPerHost: 60, unreachableEvery: 37 }), { lang: 'en' }),
    );
    files.bigJa = write(
      'report-1000-ja.html',
      renderHtml(fleetReport({ hosts: 1000, resultsPerHost: 60, unreachableEvery: 37 }), { lang: 'ja' }),
    );
    const audit = auditFleet();
    files.audit = write(
      'report-audit.html',
      renderHtml(audit.report, {
        lang: 'en',
        baseline: audit.baseline,
        diff: diffReports(audit.baseline, audit.report),
      }),
    );
    // A terminal that tries to break out of the embedded data: </script>, <!--, U+2028 and U+2029.
    const base = sampleReport();
    const sneaky = structuredClone(base.targets[0]);
    sneaky.name = 'pos-</script><!--x';
    sneaky.results[0].findings[0].message = t('line\u2028sep\u2029para </script><script>alert(5)</script>', 'x');
    files.breakout = write('report-breakout.html', renderHtml(withTargets(base, [sneaky, ...base.targets]), { lang: 'en' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('makes no request, violates no CSP and shows a hostile file name as text without running it', async () => {
    const { page, requests, csp, dialogs, errors, close } = await open(files.en);
    try {
      expect(requests).toEqual([]);
      expect(csp).toEqual([]);
      // The filters are revealed by the inline script: proof the script hash in the CSP matches.
      await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('script:not([type])').count()).toBe(1);
      // The hostile host's details, rendered on demand from the embedded data.
      await page.evaluate("location.hash = '#h1'");
      await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
      expect(await page.locator('#detail').innerText()).toContain(HOSTILE);
      expect(await page.locator('#detail').innerText()).toContain(HOSTILE_SCRIPT);
      expect(await page.locator('#detail img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: `${SHOTS}report-en.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('keeps </script>, <!-- and U+2028 inside the embedded data', async () => {
    const { page, dialogs, errors, close } = await open(files.breakout);
    try {
      await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
      expect(await page.locator('script').count()).toBe(3);
      await page.evaluate("location.hash = '#h0'");
      const text = (await page.evaluate("document.getElementById('detail').textContent")) as string;
      expect(text).toContain('pos-</script><!--x');
      expect(text).toContain('line\u2028sep\u2029para </script><script>alert(5)</script>');
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('leads with the verdict and scope; groups what could not decide by reason, collapsed', async () => {
    const { page, close } = await open(files.en);
    try {
      await expect.poll(() => page.locator('.verdict').innerText()).toContain('Not compliant');
      expect(await page.locator('.scope').innerText()).toBe('3 terminals in 2 stores · 2 scanned · 1 not scanned');
      const errors = page.locator('#errors');
      expect(await errors.locator('details:not([open])').count()).toBe(2);
      const text = (await page.evaluate("document.getElementById('errors').textContent")) as string;
      expect(text).toContain('1 terminals: not scanned: SSH connection to 10.17.0.42:22 timed out after 15 s.');
      expect(text).toContain('pos-0042');
      expect(text).toContain('Could not read /etc/os-release: permission denied.');
      expect(await page.locator('section[aria-labelledby=wa]').innerText()).toContain('CHG-4411');
      // Remediation once per failing check, with the terminals it fails on.
      const fc = page.locator('#failing article', { hasText: 'usb.storage-blocked' });
      // Off-screen articles are not rendered (content-visibility: auto); a reader scrolls to them.
      await fc.scrollIntoViewIfNeeded();
      await expect.poll(() => fc.locator('.box').innerText()).toBe('Remediation: Fix usb.storage-blocked.');
      expect(await fc.locator('details.names').textContent()).toContain(HOSTILE);
    } finally {
      await close();
    }
  });

  it('1,000 terminals: renders; filters reach the keyboard before any host link; no page errors', async () => {
    const { page, errors, csp, close } = await open(files.big);
    try {
      await expect.poll(() => page.locator('#matrix tbody tr').count()).toBe(50);
      expect(await card(page, 'Terminals')).toBe(1000);
      // Tab order: the skip links, then the filters, long before the first terminal link.
      const order = (await page.evaluate(
        "[...document.querySelectorAll('a[href],select,input,button')].filter(e => e.offsetParent !== null || " +
          "e.classList.contains('skip')).map(e => e.tagName + (e.getAttribute('href') || e.name || e.id || ''))",
      )) as string[];
      expect(order.slice(0, 3)).toEqual(['A#filters', 'A#main', 'SELECTst']);
      expect(order.findIndex((x) => /^A#h\d/.test(x))).toBeGreaterThan(order.indexOf('INPUTv'));
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.name')).toBe('st');
      expect(errors).toEqual([]);
      expect(csp).toEqual([]);
    } finally {
      await close();
    }
  });

  it('1,000 terminals: a filter narrows every table and counter; clearing it restores what the server rendered', async () => {
    const { page, errors, close } = await open(files.big);
    try {
      await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
      const before = await tablesText(page);
      const results = await card(page, 'Results');
      // Every scanned terminal has a waived result: 20 names and the rest counted (not from a capped list).
      const waived = await page.locator('#waivers tbody td').last().innerText();
      expect(waived.split(', ')).toHaveLength(20);
      expect(20 + Number(/… and (\d+) more$/.exec(waived)![1])).toBe(await card(page, 'Scanned'));
      await page.getByRole('combobox', { name: 'Store' }).selectOption('store-003');
      await expect.poll(() => card(page, 'Terminals')).toBe(20);
      expect(await card(page, 'Results')).toBeLessThan(results / 10);
      // Fleet builder: host h is in store (h % 50) + 1, so store-003 holds pos-0003, pos-0053, …
      const inStore = (n: string) => (Number(n.slice(4)) - 1) % 50 === 2;
      const worst = (await page.locator('#worst tbody th').allInnerTexts()).filter((x) => x !== 'None.');
      expect(worst.length).toBeGreaterThan(0);
      for (const n of worst) expect(inStore(n), n).toBe(true);
      const stores = await page.locator('#stores tbody th').allInnerTexts();
      expect(stores).toEqual(['store-003']);
      const affected = (await page.locator('#failing details.names p').allTextContents()).flatMap((p) => p.split(', '));
      expect(affected.length).toBeGreaterThan(0);
      for (const n of affected) expect(inStore(n), n).toBe(true);
      for (const row of await page.locator('#requirements tbody tr').all()) {
        const cells = (await row.locator('td').allInnerTexts()).map(Number);
        expect(cells.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
      }
      const matrix = await page.locator('#matrix tbody th').allTextContents();
      expect(matrix.length).toBe(20);
      expect(matrix.filter((n) => !inStore(n))).toEqual([]);
      expect(await page.locator('#count').innerText()).toMatch(/^Filtered: 20 of 1000 terminals, \d+ of \d+ results$/);

      await page.getByRole('combobox', { name: 'Requirement' }).selectOption('PCI 3.3.1');
      await expect.poll(() => page.locator('#requirements tbody tr').count()).toBe(1);
      expect(await page.locator('#matrix thead th').count()).toBe(3);
      await page.getByRole('checkbox', { name: /Pass/ }).uncheck();
      const shown = (await page.evaluate(
        "[...document.querySelectorAll('#cards .card')].filter(c => /Pass$/.test(c.textContent)).map(c => " +
          "c.querySelector('b').textContent)",
      )) as string[];
      expect(shown).toEqual(['0']);

      await page.locator('#clear').click();
      await expect.poll(() => card(page, 'Terminals')).toBe(1000);
      expect(await tablesText(page)).toEqual(before);
      // The script's recomputation agrees with the tables the server rendered (clearing puts the
      // server's nodes back, so a filter every terminal matches is what recomputes them all).
      await page.getByRole('searchbox').fill('pos-');
      await expect.poll(() => page.locator('#count').innerText()).toMatch(/^Filtered: 1000 of 1000 terminals/);
      expect(await tablesText(page)).toEqual(before);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('waivers, expired waivers, attestations and the changes since the baseline follow every filter', async () => {
    const { report, baseline } = auditFleet();
    const diff = diffReports(baseline, report);
    const storeById = new Map(report.targets.map((tg) => [tg.id, tg.tags!.store]));
    const reqsOf = new Map(
      [...baseline.targets, ...report.targets].flatMap((tg) => tg.results.map((r) => [r.checkId, r.requirements])),
    );
    /** What the change cards must say when only the changes `keep` holds are shown. */
    const changes = (keep: (e: (typeof diff.new)[number]) => boolean) =>
      [diff.new, diff.fixed, diff.notRechecked, diff.unchanged].map((l) => l.filter(keep).length);
    const results = (keep: (store: string, r: Report['targets'][number]['results'][number]) => boolean) =>
      report.targets.flatMap((tg) => tg.results.filter((r) => keep(tg.tags!.store, r)));
    const { page, errors, close } = await open(files.audit);
    const rows = (sel: string) =>
      page.evaluate(
        `[...document.querySelectorAll(${JSON.stringify(`${sel} tbody tr`)})].filter(tr => !tr.closest('[hidden]')).map(tr ` +
          `=> [...tr.cells].map(c => c.textContent))`,
      ) as Promise<string[][]>;
    const diffCards = async () => (await page.locator('#diff-cards b').allTextContents()).map(Number);
    const names = (cell: string) => cell.replace(/ and \d+ more.*$/, '').split(', ');
    try {
      await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
      const before = await tablesText(page, AUDIT_TABLES);
      expect((await rows('#waivers')).map((r) => r[0])).toEqual(['Accepted risk', 'Store 2 exception']);
      expect((await rows('#expired')).map((r) => r[0]).sort()).toEqual(['Expired for store-001', 'Expired for store-002']);
      const attested = results((_, r) => r.attestation !== undefined).length;
      expect(await rows('#attest')).toHaveLength(attested);
      expect(await diffCards()).toEqual(changes(() => true));
      expect(changes(() => true)[0]).toBeGreaterThan(0);

      // Store: every section lists only that store's terminals, with that store's numbers.
      await page.getByRole('combobox', { name: 'Store' }).selectOption('store-001');
      await expect.poll(diffCards).toEqual(changes((e) => storeById.get(e.targetId) === 'store-001'));
      const waivers = await rows('#waivers');
      expect(waivers.map((r) => r[0])).toEqual(['Accepted risk']);
      expect(Number(waivers[0][4])).toBe(results((st, r) => st === 'store-001' && r.status === 'waived').length);
      for (const n of names(waivers[0][5])) expect(storeOfHost(n, 2), n).toBe('store-001');
      const expired = await rows('#expired');
      expect(expired.map((r) => r[0])).toEqual(['Expired for store-001']);
      const attest = await rows('#attest');
      expect(attest).toHaveLength(results((st, r) => st === 'store-001' && r.attestation !== undefined).length);
      expect(attest.length).toBeLessThan(attested);
      for (const r of attest) expect(storeOfHost(r[0], 2), r[0]).toBe('store-001');
      const news = await rows('#diff-new-t');
      expect(news.length).toBe(changes((e) => storeById.get(e.targetId) === 'store-001')[0]);
      for (const r of news) expect(storeOfHost(r[1], 2), r[1]).toBe('store-001');

      // Status: no waived result left, no waiver; no manual result, no attestation; no fail, no expired waiver.
      await page.getByRole('checkbox', { name: /Waived/ }).uncheck();
      await expect.poll(() => rows('#waivers')).toEqual([['None.']]);
      await page.getByRole('checkbox', { name: /Manual/ }).uncheck();
      await expect.poll(() => rows('#attest')).toEqual([['None.']]);
      await page.getByRole('checkbox', { name: /Fail/ }).uncheck();
      await expect.poll(() => rows('#expired')).toEqual([['None.']]);
      expect(await diffCards()).toEqual(changes((e) => storeById.get(e.targetId) === 'store-001' && e.status !== 'fail'));
      for (const r of await rows('#diff-new-t')) expect(r[0]).not.toMatch(/Fail/);

      // Requirement and check narrow the changes too.
      await page.locator('#clear').click();
      await page.getByRole('combobox', { name: 'Requirement' }).selectOption('PCI 3.3.1');
      await expect.poll(diffCards).toEqual(changes((e) => reqsOf.get(e.checkId)!.includes('PCI 3.3.1')));
      await page.locator('#clear').click();
      await page.getByRole('combobox', { name: 'Check' }).selectOption('family5.check-5');
      await expect.poll(diffCards).toEqual(changes((e) => e.checkId === 'family5.check-5'));
      for (const sel of ['#diff-new-t', '#diff-fixed-t'])
        for (const r of await rows(sel)) expect(r[2], sel).toBe('family5.check-5');
      const attestOfCheck = await rows('#attest');
      expect(attestOfCheck).toHaveLength(
        results((_, r) => r.checkId === 'family5.check-5' && r.attestation !== undefined).length,
      );
      expect(attestOfCheck.length).toBeGreaterThan(0);
      for (const r of attestOfCheck) expect(r[1]).toBe('family5.check-5');

      // A filter every terminal matches recomputes the page the server rendered; clearing puts it back.
      await page.locator('#clear').click();
      await page.getByRole('searchbox').fill('pos-');
      await expect.poll(() => page.locator('#count').innerText()).toMatch(/^Filtered: 40 of 40/);
      expect(await tablesText(page, AUDIT_TABLES)).toEqual(before);
      await page.getByRole('combobox', { name: 'Store' }).selectOption('store-002');
      await expect.poll(async () => (await rows('#waivers')).map((r) => r[0])).toEqual(['Store 2 exception']);
      await page.locator('#clear').click();
      expect(await tablesText(page, AUDIT_TABLES)).toEqual(before);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('1,000 terminals: a terminal opens on demand from the worst-terminals table', async () => {
    const { page, close } = await open(files.big);
    try {
      const first = page.locator('#worst tbody a').first();
      const name = await first.innerText();
      await first.click();
      await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
      expect(await page.locator('#detail h3').innerText()).toContain(name);
      expect(await page.locator('#detail table.results tbody tr').count()).toBeGreaterThan(30);
      await page.locator('#close').click();
      expect(await page.locator('#detail').isVisible()).toBe(false);
    } finally {
      await close();
    }
  });

  it('1,000 terminals: no serious or critical axe violations, at desktop width and at 390 px', async () => {
    for (const width of [1280, 390]) {
      const { page, close } = await open(files.big, { width });
      try {
        await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
        expect(await axeSerious(page), `width ${width}`).toEqual([]);
      } finally {
        await close();
      }
    }
    const ja = await open(files.bigJa);
    try {
      expect(await axeSerious(ja.page), 'Japanese').toEqual([]);
    } finally {
      await ja.close();
    }
  }, 120_000);

  it('390 px: no sideways page scroll; the matrix scrolls in its own box with the terminal column pinned', async () => {
    const { page, close } = await open(files.big, { width: 390 });
    try {
      await expect.poll(() => page.locator('#matrix tbody tr').count()).toBe(50);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const wrap = page.locator('#matrix-wrap');
      await wrap.scrollIntoViewIfNeeded();
      expect(await page.evaluate("(w => w.scrollWidth > w.clientWidth)(document.getElementById('matrix-wrap'))")).toBe(true);
      await page.evaluate("document.getElementById('matrix-wrap').scrollLeft = 400");
      const pinned = (await page.evaluate(
        "(() => { const w = document.getElementById('matrix-wrap').getBoundingClientRect(); const h = " +
          "document.querySelector('#matrix tbody th').getBoundingClientRect(); return Math.abs(h.left - w.left) < 3; })()",
      )) as boolean;
      expect(pinned).toBe(true);
      await page.screenshot({ path: `${SHOTS}report-1000-390-matrix.png` });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: `${SHOTS}report-1000-390.png`, fullPage: true });
    } finally {
      await close();
    }
  });

  it('the sticky filter bar does not cover a table header when the reader jumps to a section', async () => {
    const { page, close } = await open(files.big);
    try {
      for (const id of ['req', 'wst', 'fc']) {
        await page.evaluate(`location.hash = '#${id}'`);
        const gap = (await page.evaluate(
          `document.getElementById('${id}').getBoundingClientRect().top - ` +
            `document.getElementById('filters').getBoundingClientRect().bottom`,
        )) as number;
        expect(gap, id).toBeGreaterThanOrEqual(0);
      }
      await page.evaluate("location.hash = '#req'");
      await page.screenshot({ path: `${SHOTS}report-1000-desktop-req.png` });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: `${SHOTS}report-1000-desktop.png` });
    } finally {
      await close();
    }
  });

  it('1,000 terminals print in at most 100 pages; terminal details only when asked', async () => {
    const { page, close } = await open(files.big);
    try {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#filters').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      writeFileSync(`${OUT}html/report-1000.pdf`, pdf);
      expect(pdfPages(pdf)).toBeLessThanOrEqual(100);
      expect(pdfPages(pdf)).toBeGreaterThan(2);
    } finally {
      await close();
    }
    const small = await open(files.fleet);
    try {
      const page = small.page;
      await page.emulateMedia({ media: 'print' });
      const plain = pdfPages(await page.pdf({ format: 'A4' }));
      await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
      expect(await page.locator('#print-detail').innerText()).toBe('');
      expect(await page.locator('#failing details.names:not([open])').count()).toBe(0);
      await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
      await page.emulateMedia({ media: 'screen' });
      await page.locator('#print-hosts').check();
      await page.emulateMedia({ media: 'print' });
      await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
      expect(await page.locator('#print-detail section.ph').count()).toBe(40);
      const withHosts = pdfPages(await page.pdf({ format: 'A4' }));
      expect(withHosts).toBeGreaterThan(plain);
    } finally {
      await small.close();
    }
  }, 120_000);

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

  it('is readable without JavaScript: summary, requirement table and failing checks are there; the filters stay hidden', async () => {
    const { page, close } = await open(files.big, { javaScriptEnabled: false });
    try {
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(await page.locator('#nojs').isVisible()).toBe(true);
      expect(await card(page, 'Terminals')).toBe(1000);
      expect(await page.locator('#requirements tbody tr').count()).toBe(26);
      expect(await page.locator('#failing article').count()).toBeGreaterThan(10);
      expect(await page.getByRole('table', { name: /Terminals per requirement/ }).count()).toBe(1);
    } finally {
      await close();
    }
  });
});
