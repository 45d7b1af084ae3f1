/**
 * Answers `registry` evidence requests from the hive files of an offline Windows image.
 *
 * Mapping (image paths resolved case-insensitively):
 * - `HKLM\SYSTEM\…` → `Windows/System32/config/SYSTEM`; `CurrentControlSet` → `ControlSet00n`
 *   where n = `Select\Current` (a hive file has no CurrentControlSet); `HKCC` → its
 *   `Hardware Profiles\Current`.
 * - `HKLM\SOFTWARE\…`, `HKLM\SAM\…` → the SOFTWARE and SAM hives; `HKCR\…` → `SOFTWARE\Classes`
 *   (machine classes only).
 * - `HKLM\SECURITY\…` → the SECURITY hive when the image has it, else `unsupported`.
 * - `HKLM\HARDWARE\…` → `unsupported`: Windows builds it at boot, it is in no hive.
 * - `HKU\.DEFAULT` and `HKU\S-1-5-18` → the DEFAULT hive; `HKU\<SID>` → the `NTUSER.DAT` of the
 *   profile named by `ProfileList\<SID>\ProfileImagePath`; `HKU\<SID>_Classes` → its
 *   `AppData/Local/Microsoft/Windows/UsrClass.dat`; `HKU` itself lists `.DEFAULT` and every
 *   profile SID whose hive is in the image.
 * - `HKCU\…` → `Users/Default/NTUSER.DAT`: offline nobody is logged on, so HKCU means the
 *   profile every new user starts from. Checks that care about a particular user (the autologon
 *   cashier) should ask `HKU\<SID>\…`.
 * - Group Policy: for `HKLM\…` keys, values from `Windows/System32/GroupPolicy/Machine/Registry.pol`
 *   (and for `HKCU\…`, `…/User/Registry.pol`) are merged in when the hive lacks them; the hive
 *   wins when both have a value. `sources` says which files the answer came from.
 *
 * Answers: `ok` with `registry` (the contract shape, plus `sources` and per-value `errors`);
 * `missing` when the key does not exist, or when a named value does not (then `registry` still
 * holds the key's subkeys); `error` for an unreadable or absent hive; `stale: true` when the hive
 * is dirty and its transaction logs could not be replayed (recent changes may be missing); `dirty`
 * says whether a dirty hive's logs (`.LOG1`/`.LOG2`, targets/registry/logs.ts) were replayed.
 * The default value's name is `''`. `answer` never throws.
 */
import {
  DEFAULT_MAX_BYTES,
  type EvidenceAnswer,
  type HiveDirtyState,
  type RegistryKeyData,
  type RegistryRequest,
  type RegistryValue,
} from '../../core/evidence.js';
import { HiveError, openHive, sameName, type Hive, type HiveKey, type HiveValue } from './hive.js';
import { existsInImage, readImageFile } from './image-files.js';
import { replayLogs, type LogFile } from './logs.js';
import {
  DEFAULT_USER_HIVE,
  HIVE_FILES,
  MACHINE_POLICY_FILE,
  PROFILE_LIST,
  USER_POLICY_FILE,
  parseRegistryPath,
  parseUserSid,
  windowsPathToImage,
  type MachineHive,
} from './paths.js';
import { readRegistryPol, type RegistryPolEntry } from './regpol.js';
import { decodeData, typeName } from './values.js';

/** The contract's key data plus what an offline read adds (should move into engine/evidence.ts). */
export interface OfflineRegistryKeyData extends RegistryKeyData {
  /** Image-relative files the answer came from (a hive, a Registry.pol). */
  sources?: string[];
  /** Values that could not be read (corrupt cells); `name` is absent when even the name is unreadable. */
  errors?: Array<{ name?: string; reason: string }>;
}

/** Keys read below the requested one with `subkeys: true` at most (all levels together). */
const MAX_CHILDREN = 10_000;
/** Levels a `depth` request may descend. */
const MAX_DEPTH = 8;

type HiveLocation = {
  kind: 'hive';
  /** Image-relative hive file. */
  file: string;
  /** Label used in reasons (`SOFTWARE hive`). */
  label: string;
  /** Path inside the hive, with `CurrentControlSet` still unresolved when `controlSet` is set. */
  inner: string[];
  controlSet?: boolean;
  /** Registry.pol to merge, and the request's path relative to the policy root. */
  policy?: { file: string; path: string };
  /** A hive that may legitimately be absent (SECURITY): absent → unsupported. */
  optional?: boolean;
};
type Location =
  | HiveLocation
  | { kind: 'virtual'; subkeys: string[] }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'error'; reason: string };

type Opened = { ok: true; hive: Hive; dirty?: HiveDirtyState } | { ok: false; absent: boolean; reason: string };

/** Transaction logs read per hive at most (each). */
const MAX_LOG_BYTES = 256 * 1024 * 1024;

/** Counts the bytes an answer has used against the request's cap. */
class AnswerBudget {
  truncated = false;
  constructor(private left: number) {}
  /** Room for a value of this size? */
  take(n: number): boolean {
    if (n > this.left) {
      this.truncated = true;
      return false;
    }
    this.left -= n;
    return true;
  }
  get remaining(): number {
    return this.left;
  }
}

const valueSize = (v: RegistryValue): number =>
  v.name.length +
  (typeof v.data === 'string' ? v.data.length : Array.isArray(v.data) ? v.data.reduce((n, s) => n + s.length + 1, 0) : 8) +
  16;

export class OfflineRegistry {
  private readonly hives = new Map<string, Opened>();
  private readonly policies = new Map<string, Map<string, Map<string, RegistryPolEntry>> | undefined>();

  constructor(
    readonly root: string,
    /** `replayLogs: false` reads dirty hives as they are (for comparisons); the default replays their logs. */
    private readonly options: { replayLogs?: boolean } = {},
  ) {}

  /** Answer one registry request. Never throws. */
  answer(req: RegistryRequest): EvidenceAnswer {
    try {
      return this.answerOrThrow(req);
    } catch (e) {
      return { status: 'error', reason: `${req.key}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  /** The parsed hive for an image-relative file (cached), for callers such as platform detection. */
  openHiveFile(file: string): Opened {
    const cacheKey = file.toUpperCase();
    const cached = this.hives.get(cacheKey);
    if (cached) return cached;
    const read = readImageFile(this.root, file);
    let opened: Opened;
    if (read.status === 'missing') opened = { ok: false, absent: true, reason: `${file} is not in the image` };
    else if (read.status === 'error') opened = { ok: false, absent: false, reason: read.reason };
    else {
      try {
        opened = this.withLogs(file, read.data, openHive(read.data));
      } catch (e) {
        opened = { ok: false, absent: false, reason: `${file}: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    this.hives.set(cacheKey, opened);
    return opened;
  }

  /**
   * A dirty hive with its transaction logs (`FILE.LOG1`, `FILE.LOG2`, or a legacy `FILE.LOG`)
   * replayed, as Windows would at the next boot; the dirty hive as it is when no log applies.
   */
  private withLogs(file: string, data: Buffer, hive: Hive): Opened {
    if (!hive.dirty) return { ok: true, hive };
    if (this.options.replayLogs === false)
      return { ok: true, hive, dirty: { hive: file, replayed: false, why: 'log replay turned off' } };
    const logs: LogFile[] = [];
    const unread: string[] = [];
    for (const ext of ['LOG1', 'LOG2', 'LOG']) {
      const r = readImageFile(this.root, `${file}.${ext}`, MAX_LOG_BYTES);
      if (r.status === 'ok') logs.push({ name: `${file}.${ext}`, data: r.data });
      else if (r.status === 'error') unread.push(r.reason);
    }
    const replay = replayLogs(data, logs);
    const why = [...unread, ...replay.notes].join('; ').slice(0, 600) || undefined;
    if (replay.data) {
      try {
        const replayed = openHive(replay.data);
        const dirty: HiveDirtyState = { hive: file, replayed: true, logs: replay.used, entries: replay.applied };
        if (why) dirty.why = why;
        return { ok: true, hive: replayed, dirty };
      } catch (e) {
        const reason = `the replayed hive is unreadable (${e instanceof Error ? e.message : String(e)}); read without the logs`;
        return { ok: true, hive, dirty: { hive: file, replayed: false, why: why ? `${why}; ${reason}` : reason } };
      }
    }
    return { ok: true, hive, dirty: { hive: file, replayed: false, ...(why ? { why } : {}) } };
  }

  /** `ControlSet00n` named by the SYSTEM hive's `Select\Current`. Throws HiveError when it cannot be resolved. */
  currentControlSet(system: Hive): string {
    const v = system.key('Select')?.value('Current');
    if (!v) throw new HiveError('SYSTEM hive has no Select\\Current value: cannot resolve CurrentControlSet');
    if (v.error || !v.data || v.data.length < 4 || v.type !== 4)
      throw new HiveError(`SYSTEM hive Select\\Current is unreadable${v.error ? `: ${v.error}` : ''}`);
    const n = v.data.readUInt32LE(0);
    if (n < 1 || n > 999) throw new HiveError(`SYSTEM hive Select\\Current is ${n}, not a control set number`);
    return `ControlSet${String(n).padStart(3, '0')}`;
  }

  private hasCurrentControlSet(system: Hive): boolean {
    try {
      return system.key(this.currentControlSet(system)) !== undefined;
    } catch {
      return false;
    }
  }

  private answerOrThrow(req: RegistryRequest): EvidenceAnswer {
    const parsed = parseRegistryPath(req.key);
    if (!parsed) return { status: 'error', reason: `not a registry path: ${JSON.stringify(req.key.slice(0, 200))}` };
    const loc = this.locate(parsed.root, parsed.parts);
    switch (loc.kind) {
      case 'unsupported':
      case 'error':
        return { status: loc.kind, reason: loc.reason };
      case 'virtual':
        return { status: 'ok', registry: { key: req.key, values: [], subkeys: loc.subkeys } };
      case 'hive':
        return this.answerFromHive(req, loc);
    }
  }

  private locate(root: string, parts: string[]): Location {
    const rest = parts.slice(1);
    switch (root) {
      case 'HKLM': {
        if (parts.length === 0) return { kind: 'virtual', subkeys: this.machineHivesPresent() };
        const top = parts[0].toUpperCase();
        if (top === 'HARDWARE')
          return { kind: 'unsupported', reason: 'HKLM\\HARDWARE is built by Windows at boot and is in no hive file' };
        if (!(top in HIVE_FILES) || top === 'DEFAULT')
          return { kind: 'unsupported', reason: `HKLM\\${parts[0]} is not a hive an offline image holds` };
        const hive = top as MachineHive;
        return {
          kind: 'hive',
          file: HIVE_FILES[hive],
          label: `${hive} hive`,
          inner: rest,
          controlSet: hive === 'SYSTEM' && rest.length > 0 && sameName(rest[0], 'CurrentControlSet'),
          policy: { file: MACHINE_POLICY_FILE, path: parts.join('\\') },
          optional: hive === 'SECURITY',
        };
      }
      case 'HKCC':
        return {
          kind: 'hive',
          file: HIVE_FILES.SYSTEM,
          label: 'SYSTEM hive',
          inner: ['CurrentControlSet', 'Hardware Profiles', 'Current', ...parts],
          controlSet: true,
        };
      case 'HKCR':
        return { kind: 'hive', file: HIVE_FILES.SOFTWARE, label: 'SOFTWARE hive', inner: ['Classes', ...parts] };
      case 'HKCU':
        return {
          kind: 'hive',
          file: DEFAULT_USER_HIVE,
          label: 'Default user hive',
          inner: parts,
          policy: { file: USER_POLICY_FILE, path: parts.join('\\') },
        };
      case 'HKU':
        return this.locateUser(parts);
      default:
        return { kind: 'error', reason: `unknown registry root ${root}` };
    }
  }

  private machineHivesPresent(): string[] {
    const out: string[] = [];
    for (const h of ['SAM', 'SECURITY', 'SOFTWARE', 'SYSTEM'] as const) if (existsInImage(this.root, HIVE_FILES[h])) out.push(h);
    return out;
  }

  private locateUser(parts: string[]): Location {
    if (parts.length === 0) return { kind: 'virtual', subkeys: this.userHivesPresent() };
    const rest = parts.slice(1);
    if (sameName(parts[0], '.DEFAULT') || sameName(parts[0], 'S-1-5-18'))
      return { kind: 'hive', file: HIVE_FILES.DEFAULT, label: 'DEFAULT hive', inner: rest };
    const sid = parseUserSid(parts[0]);
    if (!sid) return { kind: 'error', reason: `HKU\\${parts[0]} is not a user SID` };
    const profile = this.profileDir(sid.sid);
    if (profile.kind !== 'ok')
      return profile.kind === 'missing'
        ? { kind: 'error', reason: `no profile for ${sid.sid} in ProfileList` }
        : { kind: 'error', reason: profile.reason };
    const file = sid.classes ? `${profile.dir}/AppData/Local/Microsoft/Windows/UsrClass.dat` : `${profile.dir}/NTUSER.DAT`;
    return { kind: 'hive', file, label: `hive of ${sid.sid}`, inner: rest };
  }

  private profileDir(sid: string): { kind: 'ok'; dir: string } | { kind: 'missing' } | { kind: 'error'; reason: string } {
    const sw = this.openHiveFile(HIVE_FILES.SOFTWARE);
    if (!sw.ok) return { kind: 'error', reason: `cannot read ProfileList: ${sw.reason}` };
    const key = sw.hive.key(`${PROFILE_LIST}\\${sid}`);
    if (!key) return { kind: 'missing' };
    const v = key.value('ProfileImagePath');
    if (!v || v.error || !v.data || v.type === undefined)
      return { kind: 'error', reason: `ProfileList\\${sid} has no readable ProfileImagePath` };
    const decoded = decodeData(v.type, v.data, 4096);
    const dir = decoded.ok && typeof decoded.data === 'string' ? windowsPathToImage(decoded.data) : undefined;
    if (dir === undefined) return { kind: 'error', reason: `the profile of ${sid} is not on the system drive of this image` };
    return { kind: 'ok', dir };
  }

  private userHivesPresent(): string[] {
    const out: string[] = [];
    if (existsInImage(this.root, HIVE_FILES.DEFAULT)) out.push('.DEFAULT');
    const sw = this.openHiveFile(HIVE_FILES.SOFTWARE);
    if (!sw.ok) return out;
    const list = sw.hive.key(PROFILE_LIST);
    for (const name of list?.subkeyNames() ?? []) {
      const sid = parseUserSid(name);
      if (!sid || sid.classes || sid.sid === 'S-1-5-18') continue;
      const p = this.profileDir(sid.sid);
      if (p.kind === 'ok' && existsInImage(this.root, `${p.dir}/NTUSER.DAT`)) out.push(name);
    }
    return out;
  }

  private answerFromHive(req: RegistryRequest, loc: HiveLocation): EvidenceAnswer {
    const opened = this.openHiveFile(loc.file);
    if (!opened.ok) {
      if (opened.absent && loc.optional) return { status: 'unsupported', reason: `the image has no ${loc.label} (${loc.file})` };
      return {
        status: 'error',
        reason: opened.absent ? `the image has no ${loc.label} (${loc.file})` : `${loc.label} is unreadable: ${opened.reason}`,
      };
    }
    const hive = opened.hive;
    const inner = [...loc.inner];
    if (loc.controlSet) inner[0] = this.currentControlSet(hive);
    const key = hive.key(inner.join('\\'));
    const policy = loc.policy ? this.policyAt(loc.policy.file, loc.policy.path) : undefined;
    if (!key && !policy) return { status: 'missing', reason: `no key ${req.key}` };

    const budget = new AnswerBudget(req.maxBytes ?? DEFAULT_MAX_BYTES);
    const sources = new Set<string>();
    const errors: Array<{ name?: string; reason: string }> = [];
    const own = this.readValues(key, policy?.values, budget, errors, sources, loc.file, loc.policy?.file);

    let subkeys = key ? key.subkeyNames() : [];
    for (const s of policy?.subkeys ?? []) if (!subkeys.some((k) => sameName(k, s))) subkeys.push(s);
    if (loc.file === HIVE_FILES.SYSTEM && inner.length === 0 && this.hasCurrentControlSet(hive))
      subkeys.push('CurrentControlSet');
    subkeys = subkeys.filter((s) => budget.take(s.length + 4));

    const data: OfflineRegistryKeyData = { key: req.key, values: own, subkeys };
    if (req.subkeys) {
      const children: Record<string, RegistryValue[]> = {};
      const depth = Math.min(Math.max(Math.floor(req.depth ?? 1), 1), MAX_DEPTH);
      // Breadth first, so a budget that runs out keeps the shallow keys; relative paths as names.
      let level: Array<{ rel: string; key?: HiveKey; policyPath?: string }> = subkeys.map((name) => ({
        rel: name,
        key: key?.subkey(name),
        policyPath: loc.policy ? `${loc.policy.path}\\${name}` : undefined,
      }));
      let read = 0;
      for (let d = 1; d <= depth && level.length > 0; d++) {
        const next: typeof level = [];
        for (const item of level) {
          if (read >= MAX_CHILDREN) {
            budget.truncated = true;
            break;
          }
          read++;
          const childPolicy = item.policyPath ? this.policyAt(loc.policy!.file, item.policyPath) : undefined;
          const childErrors: typeof errors = [];
          children[item.rel] = this.readValues(
            item.key,
            childPolicy?.values,
            budget,
            childErrors,
            sources,
            loc.file,
            loc.policy?.file,
          );
          for (const e of childErrors) errors.push({ name: `${item.rel}\\${e.name ?? '?'}`, reason: e.reason });
          if (d < depth && item.key)
            for (const child of item.key.subkeys()) {
              if (!budget.take(child.name.length + 4)) break;
              next.push({ rel: `${item.rel}\\${child.name}`, key: child });
            }
        }
        level = next;
      }
      data.children = children;
    }
    if (opened.dirty) {
      data.dirty = opened.dirty;
      if (!opened.dirty.replayed) data.stale = true;
    } else if (hive.dirty) data.stale = true;
    if (sources.size === 0) sources.add(loc.file);
    data.sources = [...sources];
    if (errors.length > 0) data.errors = errors;

    const answer: EvidenceAnswer = { status: 'ok', registry: data };
    if (budget.truncated) answer.truncated = true;
    if (req.value !== undefined) {
      const wanted = req.value;
      data.values = own.filter((v) => sameName(v.name, wanted));
      if (data.values.length === 0) {
        const err =
          errors.find((e) => e.name !== undefined && sameName(e.name, wanted)) ?? errors.find((e) => e.name === undefined);
        if (err)
          return {
            status: 'error',
            reason: `value ${JSON.stringify(wanted)} of ${req.key} is unreadable: ${err.reason}`,
            registry: data,
          };
        // The key exists without that value: `ok` with no values, as a live target answers.
        return answer;
      }
    }
    return answer;
  }

  /** A key's values: the hive's, then Registry.pol's for names the hive lacks. */
  private readValues(
    key: HiveKey | undefined,
    policy: Map<string, RegistryPolEntry> | undefined,
    budget: AnswerBudget,
    errors: Array<{ name?: string; reason: string }>,
    sources: Set<string>,
    hiveFile: string,
    policyFile: string | undefined,
  ): RegistryValue[] {
    const out: RegistryValue[] = [];
    if (key) {
      sources.add(hiveFile);
      for (const raw of key.values()) {
        const v = toRegistryValue(raw, budget.remaining);
        if ('reason' in v) {
          errors.push(raw.name === undefined ? { reason: v.reason } : { name: raw.name, reason: v.reason });
          continue;
        }
        if (v.truncated) budget.truncated = true;
        if (budget.take(valueSize(v.value))) out.push(v.value);
      }
    }
    if (policy && policyFile) {
      for (const e of policy.values()) {
        if (out.some((v) => sameName(v.name, e.valueName))) continue;
        const v: RegistryValue = { name: e.valueName, type: e.type, data: e.data };
        if (budget.take(valueSize(v))) {
          out.push(v);
          sources.add(policyFile);
        }
      }
    }
    return out;
  }

  /** Registry.pol values at exactly this path and the names of subkeys below it. */
  private policyAt(file: string, path: string): { values: Map<string, RegistryPolEntry>; subkeys: string[] } | undefined {
    const byKey = this.loadPolicy(file);
    if (!byKey) return undefined;
    const upper = path.toUpperCase();
    const values = byKey.get(upper);
    const subkeys: string[] = [];
    const prefix = `${upper}\\`;
    for (const [k, entries] of byKey) {
      if (!k.startsWith(prefix)) continue;
      const first = entries.values().next().value;
      const original = first ? first.key.split('\\').filter((x) => x !== '') : [];
      const depth = upper.split('\\').length;
      const name = original[depth];
      if (name !== undefined && !subkeys.some((s) => sameName(s, name))) subkeys.push(name);
    }
    if (!values && subkeys.length === 0) return undefined;
    return { values: values ?? new Map(), subkeys };
  }

  /** Registry.pol entries by upper-cased key, then upper-cased value name; later entries win; `**` directives skipped. */
  private loadPolicy(file: string): Map<string, Map<string, RegistryPolEntry>> | undefined {
    const cacheKey = file.toUpperCase();
    if (this.policies.has(cacheKey)) return this.policies.get(cacheKey);
    let result: Map<string, Map<string, RegistryPolEntry>> | undefined;
    const read = readImageFile(this.root, file, 16 * 1024 * 1024);
    if (read.status === 'ok') {
      result = new Map();
      for (const e of readRegistryPol(read.data).entries) {
        if (e.directive || e.valueName === '') continue;
        const k = e.key
          .split('\\')
          .filter((x) => x !== '')
          .join('\\')
          .toUpperCase();
        let m = result.get(k);
        if (!m) result.set(k, (m = new Map()));
        m.set(e.valueName.toUpperCase(), e);
      }
    }
    this.policies.set(cacheKey, result);
    return result;
  }
}

/** A stored value as the contract's RegistryValue, or why it cannot be. */
export function toRegistryValue(
  raw: HiveValue,
  capBytes: number,
): { value: RegistryValue; truncated: boolean } | { reason: string } {
  if (raw.error !== undefined) return { reason: raw.error };
  if (raw.name === undefined || raw.type === undefined || raw.data === undefined) return { reason: 'value is unreadable' };
  const d = decodeData(raw.type, raw.data, capBytes);
  if (!d.ok) return { reason: d.error };
  return { value: { name: raw.name, type: typeName(raw.type), data: d.data }, truncated: d.truncated || raw.truncated === true };
}
