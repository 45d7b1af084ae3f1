/** Card-data scan throughput: `node --import tsx bench/pan.ts [sizeMB]`.
 * Generates a mixed corpus (text logs with ids/timestamps/some cards, UTF-16 logs, binary dumps, gzip),
 * scans it with all checks on (worker threads), and compares with ripgrep running a card-number regex
 * on the same files (a floor, not a peer). Also runs the SSH-mode filter through a local sh and reports
 * bytes sent back vs bytes scanned. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { confirmCandidates, parsePosixOutput, posixFilterCommand } from '../checks/pan/remote.js';
import type { scanPaths as ScanPaths } from '../checks/pan/scan.js';
import { makePan, rng } from '../test/helpers/pan-corpus.js';

const sizeMB = Number(process.argv[2] ?? 64);
// Measure what users run: the built code (plain .js workers) when it exists, else the sources through tsx.
const built = new URL('../dist/checks/pan/scan.js', import.meta.url);
const { scanPaths } = (await import(existsSync(built) ? built.href : '../checks/pan/scan.js')) as { scanPaths: typeof ScanPaths };
console.log(`scanner: ${existsSync(built) ? 'dist (built)' : 'sources via tsx'}`);
const dir = mkdtempSync(join(tmpdir(), 'pan-bench-'));
const r = rng(42);
let planted = 0;

function logChunk(bytes: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  while (n < bytes) {
    const x = r();
    let l: string;
    if (x < 0.0005) {
      l = `2026-11-21T09:00:00.123Z INFO auth card=${makePan('4', 16, r)} amount=1200`;
      planted++;
    } else if (x < 0.3) l = `2026-11-21T09:00:00.123Z INFO ts=${1_700_000_000_000 + Math.floor(r() * 1e11)} order=${Math.floor(r() * 1e9)} ok`;
    else l = `2026-11-21T09:00:00.123Z DEBUG item ${Math.floor(r() * 1e6)} qty ${Math.floor(r() * 10)} price ${Math.floor(r() * 1e5)} sku=${Math.floor(r() * 1e12)}`;
    lines.push(l);
    n += l.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const t0 = Date.now();
const files = Math.max(4, Math.round(sizeMB / 8));
const per = Math.floor((sizeMB * 1024 * 1024) / files);
for (let k = 0; k < files; k++) {
  const sub = join(dir, `d${k % 8}`);
  mkdirSync(sub, { recursive: true });
  const kind = k % 8;
  const body = logChunk(kind === 6 ? Math.floor(per / 2) : kind === 7 ? 0 : per);
  if (kind === 6) writeFileSync(join(sub, `win${k}.log`), Buffer.from(body.toString('latin1'), 'utf16le'));
  else if (kind === 7) {
    const bin = Buffer.alloc(per);
    for (let i = 0; i < per; i += 4) bin.writeUInt32LE((r() * 0xffffffff) >>> 0, i);
    writeFileSync(join(sub, `core${k}.dmp`), bin);
  } else if (kind === 5) writeFileSync(join(sub, `app${k}.log.gz`), gzipSync(body, { level: 1 }));
  else writeFileSync(join(sub, `app${k}.log`), body);
}
const du = Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
console.log(`corpus: ${files} files, ${(du / 1e6).toFixed(0)} MB on disk, generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// warm the page cache for both tools
spawnSync('sh', ['-c', `cat ${dir}/*/* > /dev/null`]);

const s0 = Date.now();
const sum = await scanPaths({ roots: [dir], oneFileSystem: true });
const scanS = (Date.now() - s0) / 1000;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`posaudit: ${sum.findings.length} findings (${planted} planted), ${(sum.scannedBytes / 1e6).toFixed(0)} MB scanned (after gunzip) in ${scanS.toFixed(2)} s = ${(sum.scannedBytes / 1e6 / scanS).toFixed(0)} MB/s; disk ${(sum.bytes / 1e6 / scanS).toFixed(0)} MB/s; peak RSS ${rss.toFixed(0)} MB; ${availableParallelism()} threads`);

const RG = '(^|[^0-9])(?:[0-9][ -]?){12,18}[0-9]([^0-9]|$)';
const g0 = Date.now();
const rg = spawnSync('rg', ['-a', '-c', '-z', RG, dir], { maxBuffer: 1 << 26 });
const rgS = (Date.now() - g0) / 1000;
if (rg.error) console.log('ripgrep not available');
else console.log(`ripgrep -a -z -c (card regex, no Luhn/IIN): ${rgS.toFixed(2)} s = ${(sum.scannedBytes / 1e6 / rgS).toFixed(0)} MB/s; posaudit/ripgrep speed = ${(rgS / scanS).toFixed(2)}`);

const c0 = Date.now();
const out = execFileSync('sh', ['-c', posixFilterCommand({ paths: [dir], maxFileBytes: 4 * 1024 ** 3, timeoutSeconds: 600, maxOutputBytes: 64 << 20 })], { maxBuffer: 1 << 28 });
const parsed = parsePosixOutput(out);
const remote = confirmCandidates(parsed.candidates, Buffer.alloc(32, 1));
console.log(`ssh-mode filter (local sh): ${((Date.now() - c0) / 1000).toFixed(2)} s, ${parsed.stats?.bytes} bytes on disk, ${out.length} bytes sent back (${((out.length / (parsed.stats?.bytes ?? 1)) * 100).toFixed(3)} %), ${remote.length} confirmed`);
console.log(`machine: ${cpus()[0]?.model ?? '?'} x${cpus().length}, node ${process.version}`);
rmSync(dir, { recursive: true, force: true });
