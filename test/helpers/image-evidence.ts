/** Evidence for a check as an offline Linux image would answer it: file and glob requests from a
 * fixture folder standing for `/`, commands and registry unsupported. A stand-in until the real
 * image target lands; keep it tiny. */
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { Evidence, requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../engine/evidence.js';
import type { AnyCheck, CheckContext, Finding, Platform } from '../../engine/model.js';
import { defaultParams } from './evidence.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out.push(p);
    if (lstatSync(p).isDirectory()) walk(p, out);
  }
  return out;
}

function answer(root: string, req: EvidenceRequest): EvidenceAnswer {
  if (req.kind === 'file') {
    const p = join(root, req.path);
    try {
      if (!statSync(p).isFile()) return { status: 'error', reason: 'not a regular file' };
      const buf = readFileSync(p);
      return req.binary ? { status: 'ok', data: buf.toString('base64'), encoding: 'base64' } : { status: 'ok', data: buf.toString('utf8'), encoding: 'utf8' };
    } catch {
      return { status: 'missing', reason: 'no such file' };
    }
  }
  if (req.kind === 'glob') {
    const match = picomatch(req.pattern, { dot: false });
    const entries = walk(root).map((p) => `/${relative(root, p).split(sep).join('/')}`).filter((p) => match(p)).sort();
    return { status: 'ok', entries };
  }
  return { status: 'unsupported', reason: 'commands and registry cannot be read on an offline Linux image' };
}

export function imageEvidence(check: AnyCheck, root: string, params?: Record<string, unknown>): Evidence {
  const map = new Map<string, EvidenceAnswer>();
  for (const req of check.requests({ ...defaultParams(check), ...(params ?? {}) }) as EvidenceRequest[]) {
    if (req.os && req.os !== 'linux') map.set(requestKey(req), { status: 'unsupported', reason: 'not this OS' });
    else map.set(requestKey(req), answer(root, req));
  }
  return new Evidence(map);
}

export const IMAGE_LINUX: Platform = { os: 'linux', distro: 'debian', version: '12', pretty: 'Debian GNU/Linux 12 (bookworm)' };

export function runOnImage(check: AnyCheck, root: string, params?: Record<string, unknown>): Finding[] {
  const ctx: CheckContext = { params: { ...defaultParams(check), ...(params ?? {}) }, platform: IMAGE_LINUX, targetKind: 'image', now: new Date('2026-11-21T00:00:00Z') };
  return check.evaluate(imageEvidence(check, root, params), ctx);
}
