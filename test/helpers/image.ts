/**
 * Check tests on image fixtures, through the real image target: what `posaudit scan image:PATH`
 * gathers (symlinks resolved inside the root, FIFOs never opened, read globs) is what the check
 * judges here.
 */
import { join } from 'node:path';
import { Evidence, type EvidenceRequest } from '../../core/evidence.js';
import { worstStatus, type AnyCheck, type CheckContext, type Finding, type Platform, type Status } from '../../core/model.js';
import { WINDOWS_IMAGES } from '../../targets/factory.js';
import { ImageTarget } from '../../targets/image.js';
import { defaultParams } from './evidence.js';

export const IMAGES = join(import.meta.dirname, '..', 'fixtures', 'images');
export const HARDENED = join(IMAGES, 'linux-pos-hardened');
export const WEAK = join(IMAGES, 'linux-pos-weak');

const NOW = new Date('2026-11-21T00:00:00Z');

/** Gather requests from an image folder with the image target the CLI uses. */
export async function imageGather(
  root: string,
  requests: EvidenceRequest[],
): Promise<{ evidence: Evidence; platform: Platform }> {
  const target = new ImageTarget(root, WINDOWS_IMAGES);
  try {
    await target.connect();
    const g = await target.gather(requests);
    return { evidence: new Evidence(g.answers), platform: g.platform };
  } finally {
    await target.close();
  }
}

export interface ImageRunOptions {
  /** Merged over the check's defaults. */
  params?: Record<string, unknown>;
  /** Defaults to the platform the image target detected. */
  platform?: Platform;
  /** Defaults to 2026-11-21T00:00:00Z. */
  now?: Date;
}

/** Evaluate a check on an image folder as an image scan would (targetKind `image`). */
export async function evaluateOnImage(check: AnyCheck, root: string, opts: ImageRunOptions = {}): Promise<Finding[]> {
  const params = { ...defaultParams(check), ...(opts.params ?? {}) };
  const { evidence, platform } = await imageGather(root, check.requests(params));
  const ctx: CheckContext = { params, platform: opts.platform ?? platform, targetKind: 'image', now: opts.now ?? NOW };
  return check.evaluate(evidence, ctx);
}

/** evaluateOnImage plus the worst status, the one a report line shows. */
export async function runImage(
  check: AnyCheck,
  root: string,
  opts: ImageRunOptions = {},
): Promise<{ status: Status; findings: Finding[] }> {
  const findings = await evaluateOnImage(check, root, opts);
  return { status: worstStatus(findings.map((f) => f.status)), findings };
}
