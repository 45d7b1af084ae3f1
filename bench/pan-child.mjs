/* global process, console, URL, performance */
/**
 * One card-data scan in its own process, so its peak memory is the scanner's alone (not the corpus
 * generator's): `node bench/pan-child.mjs <scan module URL> <dir>`. Prints one JSON line.
 */
const [moduleUrl, dir] = process.argv.slice(2);
const { scanPaths } = await import(moduleUrl);
const { prefilterKind } = await import(new URL('./prefilter.js', moduleUrl).href);
const t0 = performance.now();
const sum = await scanPaths({ roots: [dir], oneFileSystem: true });
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    seconds,
    findings: sum.findings.length,
    bytes: sum.bytes,
    scannedBytes: sum.scannedBytes,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    prefilter: prefilterKind,
  }),
);
