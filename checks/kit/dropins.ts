/** Drop-in folders (sudoers.d, rsyslog.d, modprobe.d, profile.d…): one read glob, live and offline alike. */
import type { Evidence, EvidenceAnswer, EvidenceRequest } from '../../core/evidence.js';
import type { Text } from '../../core/i18n.js';
import type { Finding } from '../../core/model.js';
import { fileText } from './answers.js';
import { cannotRead } from './findings.js';

export interface DropIns {
  glob: EvidenceRequest & { kind: 'glob' };
}

/** The request for a drop-in folder's files and their contents (`dirGlob`, e.g. `/etc/sudoers.d/*`). */
export function dropIns(dirGlob: string): DropIns {
  return { glob: { kind: 'glob', pattern: dirGlob, os: 'linux', maxEntries: 200, read: true, maxBytes: 64 * 1024 } };
}

export interface DropInRead {
  /** Path → content of the files we could read. */
  files: Map<string, string>;
  /** Paths the glob listed whose content we could not read. */
  unread: string[];
  /** Set when not even the listing could be read. */
  failed?: EvidenceAnswer;
}

/** Read a drop-in folder, plus any individually requested files (read first, so the folder's files come after). */
export function readDropIns(ev: Evidence, d: DropIns, extraFiles: EvidenceRequest[] = []): DropInRead {
  const files = new Map<string, string>();
  for (const req of extraFiles) {
    const text = fileText(ev, req);
    if (text !== undefined && req.kind === 'file') files.set(req.path, text);
  }
  for (const f of ev.files(d.glob)) files.set(f.path, f.data);
  const listing = ev.get(d.glob);
  if (listing.status !== 'ok') return { files, unread: [], failed: listing };
  const unread = (listing.entries ?? []).filter((p) => !files.has(p));
  return { files, unread };
}

/**
 * `error` when a drop-in folder could not be listed (denied, an error; e.g. `cannot list /etc/sudoers.d`):
 * its files are unknown, so a verdict they could overturn cannot be given. Undefined when it was listed
 * (or the target cannot give it by nature). `what` names the folder's role ("the sudoers drop-in folder").
 */
export function cannotList(what: Text, read: DropInRead, d: DropIns): Finding | undefined {
  const a = read.failed;
  return a && (a.status === 'denied' || a.status === 'error') ? cannotRead(what, a, d.glob) : undefined;
}
