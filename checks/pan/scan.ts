/** Scan file-system roots for card data: walk, scan files on worker threads, gather masked findings. */
import { randomBytes } from 'node:crypto';
import type { CardEncoding, CardKind, EvidenceKind } from './detector.js';
import type { Brand } from './brands.js';
import type { FileScanResult, MemberHit, ScanLimits, SkipReason } from './file-scan.js';
import { maskText } from './mask.js';
import { createFileScanner } from './pool.js';
import type { PackageManifest } from './packages.js';
import { walk, type WalkOptions } from './walker.js';

/** One masked finding, as every output shows it. */
export interface PanFinding {
  path: string;
  member?: string;
  kind: CardKind;
  brand: Brand | 'unknown';
  masked: string;
  line?: number;
  offset: number;
  encoding: CardEncoding;
  testCard: boolean;
  emvTag?: '57' | '5A';
  /** Keyed (per-scan random key) fingerprint: the same card in two places has the same value in one scan only. */
  fingerprint: string;
  /** The kind of evidence: PAN in text, grouped, in UTF-16, track 1/2, EMV tag 57/5A. */
  evidence: EvidenceKind;
  /** Where it sat when not plainly in the file: a zip member, a gzip stream, a registry hive value. */
  container?: FindingContainer;
  /** Why it was accepted (length, issuer range, Luhn, what bounds it, a hive value's name): masked. */
  reasons: string[];
}

export type FindingContainer = 'zip-member' | 'gzip' | 'hive-value';

/** The masked finding a hit becomes. */
export function findingOf(path: string, h: MemberHit, line = h.line): PanFinding {
  const container: FindingContainer | undefined = h.container
    ? h.container
    : h.member === undefined
      ? undefined
      : h.member === '(gzip)' || h.member.endsWith('!gunzip')
        ? 'gzip'
        : 'zip-member';
  return {
    path: maskText(path),
    ...(h.member !== undefined ? { member: maskText(h.member) } : {}),
    kind: h.kind,
    brand: h.brand,
    masked: h.masked,
    ...(line !== undefined ? { line } : {}),
    offset: h.offset,
    encoding: h.encoding,
    testCard: h.testCard,
    ...(h.emvTag ? { emvTag: h.emvTag } : {}),
    fingerprint: h.fingerprint,
    evidence: h.evidence,
    ...(container ? { container } : {}),
    reasons: h.reasons.map(maskText),
  };
}

export interface SkipSample {
  path: string;
  member?: string;
  reason: SkipReason;
}

/** What a scan saw: masked findings and counts. JSON, safe to store. */
export interface PanScanSummary {
  findings: PanFinding[];
  files: number;
  /** Bytes read from disk. */
  bytes: number;
  /** Bytes scanned after decompression. */
  scannedBytes: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** The first skips that matter to an auditor (not symlinks or pseudo file systems). */
  skippedSamples: SkipSample[];
  errors: Array<{ path: string; reason: string }>;
  distinctCards: number;
  /** Findings beyond the cap that were counted but not listed. */
  droppedFindings: number;
  /** The scan stopped early (time or byte budget): absence of findings proves less. */
  incomplete: boolean;
  durationMs: number;
  /** What the scan did not cover when it stopped early: roots not (fully) walked, files over the byte budget. */
  left?: string[];
  /** Files and folders that could not be read (permission denied): not scanned, so not clean. */
  unreadable?: number;
  /** Package files whose hash the package manager vouches for (skipped) and bytes read to check it. */
  packageVerified?: number;
  hashedBytes?: number;
  /** Package files whose content no longer matches the package (scanned). */
  packageModified?: number;
}

export interface ScanPathsOptions {
  roots: string[];
  display?: (hostPath: string) => string;
  include?: string[];
  exclude?: string[];
  excludeNoCase?: string[];
  oneFileSystem?: boolean;
  prune?: string[];
  maxFileBytes?: number;
  maxTotalBytes?: number;
  maestro?: boolean;
  limits?: Partial<ScanLimits>;
  /** Worker threads; 0 scans in-process. Default: all cores. */
  threads?: number;
  lowPriority?: boolean;
  maxFindings?: number;
  signal?: AbortSignal;
  /** The package manager's hashes (terminal path → MD5): a file that still matches is skipped. */
  packages?: PackageManifest;
}

const SAMPLE_CAP = 50;
const QUIET_SKIPS: ReadonlySet<SkipReason> = new Set(['symlink', 'pruned', 'special-file', 'vanished', 'package-verified']);
const LEFT_CAP = 20;

/** The package's MD5 for a terminal path; merged-/usr systems list some files under /lib, /bin, /sbin. */
function packageHash(m: PackageManifest, path: string): string | undefined {
  return m.get(path) ?? (path.startsWith('/usr/') ? m.get(path.slice(4)) : undefined);
}

export async function scanPaths(opts: ScanPathsOptions): Promise<PanScanSummary> {
  const started = Date.now();
  const key = randomBytes(32);
  const maxFindings = opts.maxFindings ?? 10_000;
  const sum: PanScanSummary = {
    findings: [],
    files: 0,
    bytes: 0,
    scannedBytes: 0,
    skipped: {},
    skippedSamples: [],
    errors: [],
    distinctCards: 0,
    droppedFindings: 0,
    incomplete: false,
    durationMs: 0,
  };
  const distinct = new Set<string>();
  const left: string[] = [];
  const leftAdd = (what: string): void => {
    if (left.length < LEFT_CAP) left.push(maskText(what));
  };
  const skip = (path: string, reason: SkipReason, member?: string): void => {
    sum.skipped[reason] = (sum.skipped[reason] ?? 0) + 1;
    if (!QUIET_SKIPS.has(reason) && sum.skippedSamples.length < SAMPLE_CAP) {
      const s: SkipSample = { path: maskText(path), reason };
      if (member !== undefined) s.member = maskText(member);
      sum.skippedSamples.push(s);
    }
  };
  const scanner = createFileScanner({
    key,
    maestro: opts.maestro,
    limits: opts.limits,
    maxFileBytes: opts.maxFileBytes,
    threads: opts.threads,
    lowPriority: opts.lowPriority,
  });
  const walkOpts: WalkOptions = {
    roots: opts.roots,
    display: opts.display ?? ((p) => p),
    include: opts.include,
    exclude: opts.exclude,
    excludeNoCase: opts.excludeNoCase,
    oneFileSystem: opts.oneFileSystem,
    prune: opts.prune,
    maxFileBytes: opts.maxFileBytes,
    signal: opts.signal,
  };
  const absorb = (display: string, r: FileScanResult): void => {
    if (r.hashedBytes) sum.hashedBytes = (sum.hashedBytes ?? 0) + r.hashedBytes;
    if (r.packageModified) sum.packageModified = (sum.packageModified ?? 0) + 1;
    if (r.skipped === 'timeout') leftAdd(display);
    if (r.skipped) {
      skip(display, r.skipped);
      // a file cut short by the timeout keeps what it found before
      if (r.hits.length === 0) return;
    }
    if (r.error) {
      if (sum.errors.length < SAMPLE_CAP) sum.errors.push({ path: maskText(display), reason: r.error });
      return;
    }
    if (!r.skipped) sum.files++;
    sum.bytes += r.bytes;
    sum.scannedBytes += r.scannedBytes;
    for (const n of r.notes) skip(display, n.reason, n.member);
    sum.droppedFindings += r.droppedHits;
    for (const h of r.hits) {
      distinct.add(h.fingerprint);
      if (sum.findings.length >= maxFindings) {
        sum.droppedFindings++;
        continue;
      }
      sum.findings.push(findingOf(display, h));
    }
  };

  const onAbort = (): void => {
    sum.incomplete = true;
    void scanner.close();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(2, (opts.threads ?? 4) * 2);
  let budget = opts.maxTotalBytes ?? Number.POSITIVE_INFINITY;
  let rootsDone = 0;
  try {
    for await (const file of walk(walkOpts, (p, r) => skip(p, r))) {
      rootsDone = file.root;
      const md5 = opts.packages ? packageHash(opts.packages, file.display) : undefined;
      if (file.size > budget && md5 === undefined) {
        skip(file.display, 'budget');
        leftAdd(file.display);
        sum.incomplete = true;
        continue;
      }
      if (md5 === undefined) budget -= file.size;
      const job = scanner.scan(file.hostPath, md5).then((r) => absorb(file.display, r));
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    rootsDone = opts.roots.length;
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
    sum.incomplete = true;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await scanner.close();
  }
  if (sum.skipped.timeout) sum.incomplete = true;
  if (sum.incomplete && rootsDone < opts.roots.length) {
    const display = opts.display ?? ((p: string) => p);
    for (const r of opts.roots.slice(rootsDone)) leftAdd(display(r));
  }
  if (left.length) sum.left = left;
  if (sum.skipped.denied) sum.unreadable = sum.skipped.denied;
  if (sum.skipped['package-verified']) sum.packageVerified = sum.skipped['package-verified'];
  sum.findings.sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : (a.member ?? '').localeCompare(b.member ?? '') || a.offset - b.offset,
  );
  sum.distinctCards = distinct.size;
  sum.durationMs = Date.now() - started;
  return sum;
}
