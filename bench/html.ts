/**
 * HTML report at fleet size, in headless Chromium (Debian's /usr/bin/chromium):
 * file size, first render, every filter, PDF page count; and whether a 5,000-host report opens.
 * Budgets (issue 20): 1,000 hosts × 60 results ≤ 5 MB, first render ≤ 1 s, any filter ≤ 200 ms,
 * PDF ≤ 100 pages. Figures are written down by hand in bench/README.md.
 *
 *   node --import tsx bench/html.ts [--sizes 1000,5000] [--runs 3] [--profile DIR]
 *
 * Each filter is timed twice: wall time in the page (the change event, which re-renders
 * synchronously, and a forced layout; comparable with the older figures), and renderer main-thread
 * CPU time from a Chromium trace, from the change until the next frame has been drawn (the work a
 * reader waits for, including what the browser leaves to that frame). CPU time holds still on a
 * shared machine where wall time doubles with the load; both are printed.
 *
 * --profile DIR: after the timed runs, a Chromium CPU profile (CDP Profiler, 50 µs sampling) of the
 * store filter and of the reset after it, for each size: DIR/html-<hosts>-<step>.cpuprofile (open in
 * Chrome DevTools) and the functions with the most self time printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { renderHtml } from '../reporters/html.js';
import { fleetReport } from '../test/helpers/sample-report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg('sizes', '1000,5000').split(',').map(Number);
const runs = Number(arg('runs', '3'));
const profileDir = process.argv.includes('--profile') ? arg('profile', '') : '';

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

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Renderer main-thread CPU milliseconds spent in tasks while `run` runs (Chromium trace, thread time). */
async function cpuMs(browser: Browser, page: Page, run: () => Promise<unknown>): Promise<number> {
  await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  // The renderer starts recording a moment after the browser does; so does it stop.
  await sleep(150);
  await run();
  await sleep(150);
  const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // One CrRendererMain per renderer process: the busiest is the page's (others are idle pages).
  const us = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
      us.set(`${e.pid}:${e.tid}`, (us.get(`${e.pid}:${e.tid}`) ?? 0) + (e.tdur ?? 0));
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  return Math.max(0, ...mains.map((m) => us.get(`${m.pid}:${m.tid}`) ?? 0)) / 1000;
}

/** A filter change, its re-render and the next frame, as the CPU measurement runs it. */
const filterToNextFrame = (js: string) => `(() => {
  const f = document.getElementById('filters');
  ${js}
  f.dispatchEvent(new Event('change')); document.body.offsetHeight;
  return new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))); })()`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

/** Milliseconds of self time per function in a CPU profile, most first. */
function selfTimes(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const f = byId.get(samples[i])!.callFrame;
    const name = `${f.functionName || '(anonymous)'}${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    ms.set(name, (ms.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...ms].sort((a, b) => b[1] - a[1]);
}

/** One filter change under the CPU profiler: its time, and the profile written to the profile folder. */
async function profiled(cdp: CDPSession, page: Page, js: string, file: string): Promise<number> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const ms = await filterMs(page, js);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  console.log(`  profile ${path.basename(file)}: ${ms.toFixed(1)} ms; most self time:`);
  for (const [name, t] of selfTimes(profile as Parameters<typeof selfTimes>[0]).slice(0, 8))
    console.log(`    ${t.toFixed(1).padStart(7)} ms  ${name}`);
  return ms;
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
    const cpu = new Map<string, number[]>();
    const cpuOf = (name: string) => cpu.get(name) ?? cpu.set(name, []).get(name)!;
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
      // The same again on a fresh page, in CPU time.
      const cctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const cpage = await cctx.newPage();
      cpuOf('first render').push(await cpuMs(browser, cpage, () => firstRender(cpage, url)));
      for (const [name, js] of FILTERS)
        cpuOf(name).push(await cpuMs(browser, cpage, () => cpage.evaluate(filterToNextFrame(js))));
      await cctx.close();
      if (run === 0) {
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format: 'A4' });
        pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      }
      await ctx.close();
    }
    if (profileDir) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await firstRender(page, url);
      const cdp = await ctx.newCDPSession(page);
      await profiled(cdp, page, FILTERS[0][1], path.join(profileDir, `html-${hosts}-store.cpuprofile`));
      await profiled(cdp, page, 'f.reset();', path.join(profileDir, `html-${hosts}-reset.cpuprofile`));
      await ctx.close();
    }
    const worstFilter = Math.max(...[...filters.values()].map(median));
    const cpuText = (name: string) => `   CPU ${median(cpuOf(name)).toFixed(0)} ms`;
    const load = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    console.log(`\n${hosts} hosts × 60 results (generated in ${genMs} ms; load average ${load}; ${os.cpus().length} CPUs)`);
    console.log(`  HTML size       ${mb.toFixed(2)} MB   (budget 5 MB at 1,000 hosts)`);
    console.log(`  DOM elements    ${nodes}`);
    console.log(
      `  first render    ${median(renders).toFixed(0)} ms median of ${runs} (${renders.map((r) => r.toFixed(0)).join(', ')}` +
        `)   (budget 1,000 ms)${cpuText('first render')}`,
    );
    for (const [name, list] of filters) console.log(`  filter ${name.padEnd(20)} ${median(list).toFixed(1)} ms${cpuText(name)}`);
    console.log(`  slowest filter  ${worstFilter.toFixed(1)} ms   (budget 200 ms)`);
    console.log(`  PDF pages       ${pages}   (budget 100)`);
    console.log(`  page errors     ${errors}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
