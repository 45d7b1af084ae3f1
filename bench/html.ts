/**
 * HTML report at fleet size, in headless Chromium (Debian's /usr/bin/chromium):
 * file size, first render, every filter, PDF page count; and whether a 5,000-host report opens.
 * Budgets (issue 20): 1,000 hosts × 60 results ≤ 5 MB, first render ≤ 1 s, any filter ≤ 200 ms,
 * PDF ≤ 100 pages. Figures are written down by hand in bench/README.md.
 *
 *   node --import tsx bench/html.ts [--sizes 1000,5000] [--runs 3]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { renderHtml } from '../reporters/html.js';
import { fleetReport } from '../test/helpers/sample-report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg('sizes', '1000,5000').split(',').map(Number);
const runs = Number(arg('runs', '3'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds from navigation start until the script has rendered and the page has laid out once. */
async function firstRender(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForLoadState('load');
  return (await page.evaluate(
    'new Promise(r => requestAnimationFrame(() => { document.body.offsetHeight; r(performance.now()); }))',
  )) as number;
}

/** One filter change, timed in the page: the change event (which re-renders synchronously) and a layout. */
async function filterMs(page: Page, js: string): Promise<number> {
  return (await page.evaluate(`(() => {
    const f = document.getElementById('filters'); const t0 = performance.now();
    ${js}
    f.dispatchEvent(new Event('change')); document.body.offsetHeight;
    return performance.now() - t0; })()`)) as number;
}

const FILTERS: Array<[string, string]> = [
  ['store', "f.elements.namedItem('st').selectedIndex = 3;"],
  ['requirement', "f.elements.namedItem('r').selectedIndex = 5;"],
  ['check', "f.elements.namedItem('c').selectedIndex = 7;"],
  ['host text', "f.elements.namedItem('h').value = 'pos-01';"],
  ['status (fail only)', "f.querySelectorAll('input[name=s]').forEach(i => { i.checked = i.value === 'fail'; });"],
  ['severity (no info)', "f.querySelector('input[name=v][value=info]').checked = false;"],
  ['reset', 'f.reset();'],
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-bench-html-'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const hosts of sizes) {
    const t0 = Date.now();
    const html = renderHtml(fleetReport({ hosts, resultsPerHost: 60, unreachableEvery: 37 }), { lang: 'ja' });
    const genMs = Date.now() - t0;
    const file = path.join(dir, `report-${hosts}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const mb = Buffer.byteLength(html) / 1e6;
    const renders: number[] = [];
    const filters = new Map<string, number[]>();
    let errors = 0;
    let nodes = 0;
    let pages = 0;
    for (let run = 0; run < runs; run++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      page.on('pageerror', () => errors++);
      renders.push(await firstRender(page, url));
      nodes = (await page.evaluate('document.getElementsByTagName("*").length')) as number;
      for (const [name, js] of FILTERS) {
        const list = filters.get(name) ?? filters.set(name, []).get(name)!;
        list.push(await filterMs(page, js));
      }
      if (run === 0) {
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format: 'A4' });
        pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      }
      await ctx.close();
    }
    const worstFilter = Math.max(...[...filters.values()].map(median));
    console.log(`\n${hosts} hosts × 60 results (generated in ${genMs} ms)`);
    console.log(`  HTML size       ${mb.toFixed(2)} MB   (budget 5 MB at 1,000 hosts)`);
    console.log(`  DOM elements    ${nodes}`);
    console.log(
      `  first render    ${median(renders).toFixed(0)} ms median of ${runs} (${renders.map((r) => r.toFixed(0)).join(', ')}` +
        `)   (budget 1,000 ms)`,
    );
    for (const [name, list] of filters) console.log(`  filter ${name.padEnd(20)} ${median(list).toFixed(1)} ms`);
    console.log(`  slowest filter  ${worstFilter.toFixed(1)} ms   (budget 200 ms)`);
    console.log(`  PDF pages       ${pages}   (budget 100)`);
    console.log(`  page errors     ${errors}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
