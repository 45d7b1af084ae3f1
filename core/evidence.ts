/**
 * Evidence requests and answers: the contract between checks and targets.
 * A check declares what it needs; a target answers every request, never throws.
 */

export type OsFamily = 'linux' | 'windows';

/** A command with a POSIX sh variant, a PowerShell variant, or both. Fixed templates only:
 * any value that did not come from the check's own source must be quoted with shQuote/psQuote. */
export interface ShellCommand {
  sh?: string;
  ps?: string;
}

interface RequestBase {
  /** Byte cap on the answer (default 256 KiB). */
  maxBytes?: number;
  /** Only ask on this OS family; elsewhere the answer is `unsupported` without a round trip. */
  os?: OsFamily;
}

/** Read a regular file (never a FIFO, socket or device). `binary` answers base64. */
export interface FileRequest extends RequestBase {
  kind: 'file';
  path: string;
  binary?: boolean;
}

/** List paths matching a glob (`*`, `?`, `[...]` in any component). Answer: `entries`.
 * With `read: true`, also the content of each regular file matched (`files`), each capped at `maxBytes`:
 * one round trip for "every file in /etc/modprobe.d/". A folder the pattern must search or list that
 * exists but the scanning account cannot open answers `denied` (reason `cannot list <folder>`), never
 * an empty `ok`; a folder that does not exist is an empty `ok`. */
export interface GlobRequest extends RequestBase {
  kind: 'glob';
  pattern: string;
  maxEntries?: number;
  read?: boolean;
}

/** Run a command from a fixed template. Answer: stdout in `data`, plus `exitCode` and `stderr`. */
export interface CommandRequest extends RequestBase {
  kind: 'command';
  /** Stable name of the command, used in reports ("sshd -T"). */
  name: string;
  command: ShellCommand;
  timeoutMs?: number;
}

/** Read a registry key: its values (all, or the one named) and subkey names. Windows only. */
export interface RegistryRequest extends RequestBase {
  kind: 'registry';
  /** Full path such as `HKLM\SYSTEM\CurrentControlSet\Services\USBSTOR`. */
  key: string;
  value?: string;
  /** Also read the values of each subkey, one level down. */
  subkeys?: boolean;
  /**
   * With `subkeys`: levels below the key to read (1–8, default 1). Deeper keys appear in
   * `children` under their path relative to the key (`Disk&Ven_X\\SERIAL&0\\Properties`). A target
   * that reads only one level (the live gatherer today) answers one level; checks must accept both.
   */
  depth?: number;
}

export type EvidenceRequest = FileRequest | GlobRequest | CommandRequest | RegistryRequest;

export type AnswerStatus = 'ok' | 'missing' | 'denied' | 'unsupported' | 'error';

export type RegistryValueType =
  'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY' | 'REG_NONE' | 'REG_UNKNOWN';

export interface RegistryValue {
  name: string;
  type: RegistryValueType;
  /** Strings as strings, REG_MULTI_SZ as string[], DWORD/QWORD as number (QWORD beyond 2^53 as string), binary as hex. */
  data: string | number | string[];
}

export interface RegistryKeyData {
  key: string;
  values: RegistryValue[];
  subkeys: string[];
  /** With `subkeys: true`: each subkey's values. */
  children?: Record<string, RegistryValue[]>;
  /** Set when the hive was read offline from a dirty hive whose logs were not replayed. */
  stale?: boolean;
  /** Offline: the hive was dirty (not cleanly written); whether its transaction logs were replayed before reading. */
  dirty?: HiveDirtyState;
}

export interface HiveDirtyState {
  /** Image-relative hive file. */
  hive: string;
  replayed: boolean;
  /** Log files replayed (image-relative). */
  logs?: string[];
  /** Log entries (or old-format dirty pages) applied. */
  entries?: number;
  /** Why the logs were not (fully) replayed. */
  why?: string;
}

export interface GlobFile {
  path: string;
  data: string;
  truncated?: boolean;
}

export interface EvidenceAnswer {
  status: AnswerStatus;
  /** Text (UTF-8) or, for binary file requests, base64. */
  data?: string;
  encoding?: 'utf8' | 'base64';
  truncated?: boolean;
  entries?: string[];
  /** With a `read` glob: the matched regular files' contents (UTF-8), in path order. */
  files?: GlobFile[];
  registry?: RegistryKeyData;
  exitCode?: number;
  stderr?: string;
  /** Why the answer is not `ok`, in plain English (shown in reports). */
  reason?: string;
}

/** A stable string key for a request, used to store and look up answers. */
export function requestKey(req: EvidenceRequest): string {
  switch (req.kind) {
    case 'file':
      return `file:${req.binary ? 'bin:' : ''}${req.path}`;
    case 'glob':
      return `glob:${req.read ? 'read:' : ''}${req.pattern}`;
    case 'command':
      return `command:${req.name}`;
    case 'registry':
      return (
        `registry:${req.key}${req.value !== undefined ? `@${req.value}` : ''}${req.subkeys ? '/*' : ''}` +
        `${req.subkeys && (req.depth ?? 1) > 1 ? String(req.depth) : ''}`
      );
  }
}

/** Default byte cap of one answer. */
export const DEFAULT_MAX_BYTES = 256 * 1024;

/** What checks read: answers by request. Missing requests read as `error`. */
export class Evidence {
  constructor(private readonly answers: ReadonlyMap<string, EvidenceAnswer>) {}

  get(req: EvidenceRequest): EvidenceAnswer {
    return this.answers.get(requestKey(req)) ?? { status: 'error', reason: 'not gathered' };
  }

  /** The text of an `ok` answer, or undefined. */
  text(req: EvidenceRequest): string | undefined {
    const a = this.get(req);
    if (a.status !== 'ok' || a.data === undefined) return undefined;
    return a.encoding === 'base64' ? Buffer.from(a.data, 'base64').toString('utf8') : a.data;
  }

  /** The bytes of an `ok` answer, or undefined. */
  bytes(req: EvidenceRequest): Buffer | undefined {
    const a = this.get(req);
    if (a.status !== 'ok' || a.data === undefined) return undefined;
    return a.encoding === 'base64' ? Buffer.from(a.data, 'base64') : Buffer.from(a.data, 'utf8');
  }

  /** The files of an `ok` read-glob answer (empty when not ok). */
  files(req: GlobRequest): GlobFile[] {
    const a = this.get(req);
    return a.status === 'ok' ? (a.files ?? []) : [];
  }

  /** Extra evidence produced by an active collector (card-data scan, TLS probe). */
  active<T>(key: string): T | undefined {
    const a = this.answers.get(`active:${key}`);
    if (!a || a.status !== 'ok' || a.data === undefined) return undefined;
    return JSON.parse(a.data) as T;
  }

  activeAnswer(key: string): EvidenceAnswer | undefined {
    return this.answers.get(`active:${key}`);
  }
}
