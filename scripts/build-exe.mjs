#!/usr/bin/env node
/* global process, Buffer, performance */
/**
 * `npm run build:exe`: standalone posaudit executables (Node single executable application),
 * one file each, profiles and schemas inside, for a terminal without Node.
 *
 *   1. tsc build (dist/), unless --skip-tsc
 *   2. esbuild: dist/bin/posaudit.js → dist/exe/posaudit.cjs (one CommonJS file; SEA on Node 20
 *      runs CommonJS only), and the card-scan worker → dist/exe/scan-worker.cjs
 *   3. SEA assets: profiles/**, schemas/**, a minimal package.json, the worker
 *   4. node --experimental-sea-config → dist/exe/posaudit.blob
 *   5. copy a node binary and inject the blob with postject:
 *        Linux x64   dist/exe/posaudit-linux-x64      (from this node, when it is Linux x64)
 *        Windows x64 dist/exe/posaudit-win-x64.exe    (needs --node-win PATH\node.exe of the
 *                                                      same Node version; skipped otherwise)
 *
 * How the bundle finds its files: at start the SEA extracts the assets into a fresh private
 * folder (mkdtemp, mode 0700, removed at exit) laid out like the package, and `import.meta.url`
 * points into it (dist/bin/posaudit.js), so engine/paths.ts, the version lookup and the card-scan
 * worker find profiles/, package.json and the worker exactly as in an installed package.
 * POSAUDIT_PROFILES_DIR is not needed for that.
 *
 * Options: --skip-tsc, --node-win PATH, --out DIR (default dist/exe), --bundle-only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const flag = (name) => process.argv.includes(name);
const OUT = path.resolve(ROOT, arg('--out') ?? 'dist/exe');
const NODE_WIN = arg('--node-win') ?? process.env.POSAUDIT_NODE_WIN;

function die(msg) {
  process.stderr.write(`build-exe: ${msg}\n`);
  process.exit(1);
}
function step(msg) {
  process.stderr.write(`build-exe: ${msg}\n`);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12))
  die(`Node ${process.versions.node} is too old: SEA assets (node:sea getAsset) need Node 20.12 or newer`);

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  die('esbuild is not installed (it normally comes with vitest/tsx): run npm install');
}

// 1. tsc
if (!flag('--skip-tsc')) {
  step('tsc -p tsconfig.build.json');
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) die('tsc failed (see above)');
}
const ENTRY = path.join(ROOT, 'dist/bin/posaudit.js');
const WORKER = path.join(ROOT, 'dist/checks/pan/scan-worker.js');
for (const f of [ENTRY, WORKER]) if (!existsSync(f)) die(`${path.relative(ROOT, f)} is missing: run npm run build first`);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// 2. bundle
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Runs before anything else in the bundle: extract the assets, point import.meta.url into them. */
const BANNER = `"use strict";
var __posauditMetaUrl = (function () {
  var url = require("node:url"), path = require("node:path");
  var sea;
  try { sea = require("node:sea"); } catch (e) { sea = undefined; }
  if (!sea || !sea.isSea()) return url.pathToFileURL(path.join(__dirname, "..", "bin", "posaudit.js")).href;
  var fs = require("node:fs"), os = require("node:os");
  var names = JSON.parse(sea.getAsset("posaudit-assets.json", "utf8"));
  var root = fs.mkdtempSync(path.join(os.tmpdir(), "posaudit-"));
  process.on("exit", function () { try { fs.rmSync(root, { recursive: true, force: true }); } catch (e) { /* best effort */ } });
  for (var i = 0; i < names.length; i++) {
    var file = path.join(root, names[i]);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, Buffer.from(sea.getAsset(names[i])), { mode: 0o600 });
  }
  return url.pathToFileURL(path.join(root, "dist", "bin", "posaudit.js")).href;
})();
`;

/** ink (live view) needs yoga-layout, whose top-level await cannot be CommonJS: the exe uses the plain lines. */
const plainConsole = {
  name: 'plain-console',
  setup(build) {
    build.onResolve({ filter: /reporters\/console\.js$/ }, (a) => ({
      path: path.resolve(a.resolveDir, a.path),
      namespace: 'plain-console',
    }));
    build.onLoad({ filter: /.*/, namespace: 'plain-console' }, (a) => ({
      resolveDir: path.dirname(a.path),
      loader: 'js',
      contents: `import { createPlainListener } from './console-plain.js';
import { renderSummaryTable } from './summary-table.js';
export function createConsoleReporter(o) {
  const listener = createPlainListener({ lang: o.lang, stream: o.stream });
  return { listener, finish: (report) => void o.stream.write(renderSummaryTable(report, o.lang)) };
}`,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: `node${major}`,
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  // Optional native add-ons (ssh2's cpu-features and sshcrypto): ssh2 falls back to pure JS without them.
  external: ['cpu-features', '*.node'],
  define: { 'import.meta.url': '__posauditMetaUrl', 'import.meta.resolve': 'undefined' },
};
step('esbuild bundle');
await esbuild.build({
  ...common,
  entryPoints: [ENTRY],
  outfile: path.join(OUT, 'posaudit.cjs'),
  banner: { js: BANNER },
  plugins: [plainConsole],
});
await esbuild.build({
  ...common,
  entryPoints: [WORKER],
  outfile: path.join(OUT, 'scan-worker.cjs'),
  banner: { js: 'var __posauditMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});

// 3. assets
const assets = {};
function addTree(rel) {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return;
  if (statSync(abs).isDirectory()) for (const n of readdirSync(abs).sort()) addTree(path.posix.join(rel, n));
  else assets[rel] = abs;
}
addTree('profiles');
addTree('schemas');
const miniPkg = path.join(OUT, 'package.json');
writeFileSync(miniPkg, JSON.stringify({ name: pkg.name, version: pkg.version, private: true }) + '\n');
assets['package.json'] = miniPkg;
// Where checks/pan/pool.ts looks for the worker: next to the (fake) dist/bin/posaudit.js.
assets['dist/bin/scan-worker.js'] = path.join(OUT, 'scan-worker.cjs');
const list = path.join(OUT, 'posaudit-assets.json');
writeFileSync(list, JSON.stringify(Object.keys(assets)));
const seaConfig = path.join(OUT, 'sea-config.json');
writeFileSync(
  seaConfig,
  JSON.stringify(
    {
      main: path.join(OUT, 'posaudit.cjs'),
      output: path.join(OUT, 'posaudit.blob'),
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      assets: { 'posaudit-assets.json': list, ...assets },
    },
    null,
    1,
  ),
);
step(`${Object.keys(assets).length} assets: ${Object.keys(assets).join(', ')}`);

// The bundle itself must run under plain node (the non-SEA path of the banner).
const smoke = spawnSync(process.execPath, [path.join(OUT, 'posaudit.cjs'), '--version'], { encoding: 'utf8' });
if (smoke.status !== 0) die(`the bundle does not start: ${smoke.stderr}`);
// The SEA path of the banner, checked without injecting: node:sea is answered from the assets.
const FAKE_SEA = path.join(OUT, 'fake-sea.cjs');
/* eslint-disable max-len -- script text for a fake single-executable loader, written to a file as it stands. */
writeFileSync(
  FAKE_SEA,
  `const Module = require('node:module'), fs = require('node:fs');
const cfg = JSON.parse(fs.readFileSync(${JSON.stringify(seaConfig)}, 'utf8'));
const sea = { isSea: () => true, getAsset: (k, enc) => { const b = fs.readFileSync(cfg.assets[k]); return enc ? b.toString(enc) : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); } };
const load = Module._load;
Module._load = function (req, ...rest) { return req === 'node:sea' ? sea : load.call(this, req, ...rest); };
`,
);
/* eslint-enable max-len */
/** Run the exe (or the bundle as if it were one) on the locked USB fixture: the daily verdict must come out. */
function selfTest(cmd, args, what) {
  const hist = path.join(OUT, 'selftest-history');
  rmSync(hist, { recursive: true, force: true });
  const started = performance.now();
  const v = spawnSync(cmd, [...args, '--version'], { encoding: 'utf8', cwd: path.parse(OUT).root });
  const versionMs = performance.now() - started;
  if (v.status !== 0 || v.stdout.trim() !== pkg.version) die(`${what}: --version gave ${JSON.stringify(v.stdout)} ${v.stderr}`);
  const t0 = performance.now();
  const d = spawnSync(
    cmd,
    [
      ...args,
      'daily',
      `image:${path.join(ROOT, 'test/fixtures/images/linux-usb-locked')}`,
      '--history-dir',
      hist,
      '--lang',
      'en',
    ],
    { encoding: 'utf8', cwd: path.parse(OUT).root },
  );
  const dailyMs = performance.now() - t0;
  rmSync(hist, { recursive: true, force: true });
  if (d.status !== 1 || !/Not compliant/.test(d.stdout))
    die(`${what}: daily on the fixture gave exit ${d.status}: ${d.stdout}${d.stderr}`);
  step(`${what}: OK (--version ${versionMs.toFixed(0)} ms, daily on a fixture image ${dailyMs.toFixed(0)} ms)`);
}
selfTest(process.execPath, ['-r', FAKE_SEA, path.join(OUT, 'posaudit.cjs')], 'bundle as a SEA (assets extracted)');
if (flag('--bundle-only')) {
  step(`bundle ready: ${path.relative(ROOT, path.join(OUT, 'posaudit.cjs'))}`);
  process.exit(0);
}

// 4. blob (platform-independent: no code cache, no snapshot)
step('node --experimental-sea-config');
execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { cwd: OUT, stdio: 'inherit' });

// 5. inject
let postject;
try {
  postject = require.resolve('postject/dist/cli.js');
} catch {
  die(
    'postject is not installed, so the blob cannot be injected into a node binary.\n' +
      `  The blob is ready: ${path.relative(ROOT, path.join(OUT, 'posaudit.blob'))}\n` +
      '  Add it as a dev dependency (npm install --save-dev postject) and run npm run build:exe again.',
  );
}
const built = [];
function inject(nodeBinary, outFile) {
  copyFileSync(nodeBinary, outFile);
  chmodSync(outFile, 0o755);
  execFileSync(
    process.execPath,
    [postject, outFile, 'NODE_SEA_BLOB', path.join(OUT, 'posaudit.blob'), '--sentinel-fuse', FUSE, '--overwrite'],
    { stdio: 'inherit' },
  );
  built.push(outFile);
}
if (process.platform === 'linux' && process.arch === 'x64') {
  step('linux x64');
  inject(process.execPath, path.join(OUT, 'posaudit-linux-x64'));
} else
  step(`this is ${process.platform}-${process.arch}: the Linux x64 executable needs a Linux x64 node (build it in CI on ubuntu)`);
if (process.platform === 'win32' && process.arch === 'x64' && !NODE_WIN) {
  step('windows x64 (this node)');
  inject(process.execPath, path.join(OUT, 'posaudit-win-x64.exe'));
} else if (NODE_WIN) {
  const v = readFileSync(NODE_WIN).includes(Buffer.from(`v${process.versions.node}`))
    ? ''
    : ` (could not confirm it is Node ${process.versions.node}: the blob needs the same version)`;
  step(`windows x64 from ${NODE_WIN}${v}`);
  inject(NODE_WIN, path.join(OUT, 'posaudit-win-x64.exe'));
} else
  step(
    `windows x64 skipped: give --node-win PATH to a Windows x64 node.exe of Node ${process.versions.node} (unsigned: sign ` +
      `it with signtool afterwards)`,
  );
for (const f of built) step(`built ${path.relative(ROOT, f)} (${(statSync(f).size / 1048576).toFixed(1)} MB)`);
const linux = built.find((f) => f.endsWith('linux-x64'));
if (linux) selfTest(linux, [], 'linux x64 executable');
