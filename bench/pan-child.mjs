/* global process, console, URL, performance */
/**
 * One card-data scan in its own process, so its peak memory is the scanner's alone (not the corpus
 * generator's): `node bench/pan-child.mjs <scan module URL> <dir>`. Prints one JSON line.
 */
const [moduleUrl, dir, mode] = process.argv.slice(2);
const { scanPaths } = await import(moduleUrl);
const { prefilterKind } = await import(new URL('./prefilter.js', moduleUrl).href);
const t0 = performance.now();
// mode "image": scan `dir` as a terminal's root file system (paths shown from /, /proc /sys /dev
// pruned); "image-packages": the same, skipping the files dpkg's md5sums vouch for (the default).
const image = mode === 'image' || mode === 'image-packages';
const { loadDpkgManifest } = image ? await import(new URL('./packages.js', moduleUrl).href) : {};
const sum = await scanPaths({
  roots: [dir],
  oneFileSystem: true,
  ...(image
    ? {
        display: (x) => x.slice(dir.length) || '/',
        prune: ['/proc', '/sys', '/dev'].map((x) => dir + x),
        packages: mode === 'image-packages' ? await loadDpkgManifest(dir) : undefined,
      }
    : {}),
});
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    seconds,
    findings: sum.findings.length,
    bytes: sum.bytes,
    scannedBytes: sum.scannedBytes,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    prefilter: prefilterKind,
    files: sum.files,
    hashedBytes: sum.hashedBytes ?? 0,
    packageVerified: sum.packageVerified ?? 0,
  }),
);
