/** Linux USB lockdown evidence: the live state command, the offline file fallbacks, and parsers
 * for modprobe.d lines and USBGuard configuration and rules. Pure; inputs are hostile. */
import type { CommandRequest, FileRequest, GlobRequest } from '../../core/evidence.js';
import { keyValueLines } from '../kit/config.js';
import { clip } from '../kit/text.js';

/** Live only: kernel, built-in/loaded storage drivers, authorized_default, cmdline, the
 * modprobe.d lines about usb-storage/uas in every config folder, USBGuard service and rules.d. */
export const LINUX_USB_STATE: CommandRequest = {
  kind: 'command',
  name: 'usb lockdown state',
  os: 'linux',
  maxBytes: 64 * 1024,
  command: {
    sh: [
      'k=$(uname -r 2>/dev/null)',
      'echo "kernel=$k"',
      'b="/lib/modules/$k/modules.builtin"',
      "if [ -r \"$b\" ]; then echo 'builtin_list=ok'; grep -E '/(usb-storage|uas)\\.ko' \"$b\" | sed 's/^/builtin=/'; else " +
        "echo 'builtin_list=missing'; fi",
      "if [ -r /proc/modules ]; then echo 'modules_list=ok'; grep -E '^(usb_storage|uas) ' /proc/modules | cut -d' ' -f1 | " +
        "sed 's/^/loaded=/'; fi",
      'for f in /sys/bus/usb/devices/usb*/authorized_default; do [ -r "$f" ] && echo "authorized_default=$(head -c 8 "$f")"; done',
      'echo "cmdline=$(head -c 4096 /proc/cmdline 2>/dev/null)"',
      'for f in /etc/modprobe.d/*.conf /run/modprobe.d/*.conf /usr/local/lib/modprobe.d/*.conf /usr/lib/modprobe.d/*.conf ' +
        '/lib/modprobe.d/*.conf /etc/modprobe.conf; do',
      '  [ -f "$f" ] || continue',
      '  grep -E \'^[[:space:]]*(install|blacklist)[[:space:]]+(usb[-_]storage|uas)([[:space:]]|$)\' "$f" 2>/dev/null | ' +
        'head -n 20 | while IFS= read -r l; do printf \'conf=%s|%s\\n\' "$f" "$l"; done',
      'done',
      'if command -v systemctl >/dev/null 2>&1; then echo "usbguard_active=$(systemctl is-active usbguard 2>/dev/null)"; fi',
      'for f in /etc/usbguard/rules.d/*.conf; do',
      '  [ -f "$f" ] || continue',
      '  if [ ! -r "$f" ]; then echo "rulesd_unreadable=$f"; continue; fi',
      '  grep -vE \'^[[:space:]]*(#|$)\' "$f" 2>/dev/null | head -n 300 | while IFS= read -r l; do ' +
        'printf \'rule=%s|%s\\n\' "$f" "$l"; done',
      'done',
      'exit 0',
    ].join('\n'),
  },
};

export const USBGUARD_CONF: FileRequest = {
  kind: 'file',
  os: 'linux',
  path: '/etc/usbguard/usbguard-daemon.conf',
  maxBytes: 64 * 1024,
};
export const USBGUARD_RULES: FileRequest = { kind: 'file', os: 'linux', path: '/etc/usbguard/rules.conf', maxBytes: 256 * 1024 };
export const USBGUARD_RULES_D: GlobRequest = {
  kind: 'glob',
  os: 'linux',
  pattern: '/etc/usbguard/rules.d/*.conf',
  maxEntries: 100,
};
/** Kernel command-line configuration, readable offline: usbcore.authorized_default=0/2. */
export const CMDLINE_CONFIGS: FileRequest[] = ['/etc/default/grub', '/etc/kernel/cmdline'].map((path) => ({
  kind: 'file',
  os: 'linux',
  path,
  maxBytes: 64 * 1024,
}));

/** `on` when a kernel command line (config text) sets usbcore.authorized_default to 0 or 2. */
export function cmdlineAuthorizedDefault(text: string): 'on' | 'off' {
  const m = /(?:^|[\s"'])usbcore\.authorized_default=(-?\d+)/m.exec(text);
  return m && (m[1] === '0' || m[1] === '2') ? 'on' : 'off';
}

export const USBGUARD_WANTS: GlobRequest = {
  kind: 'glob',
  os: 'linux',
  pattern: '/etc/systemd/system/*.wants/usbguard.service',
  maxEntries: 10,
};
export const MODPROBE_DIRS = ['/etc/modprobe.d', '/run/modprobe.d', '/usr/lib/modprobe.d', '/lib/modprobe.d'];
/** Each folder's .conf files, listed and read in one round trip (offline images included). */
export const MODPROBE_GLOBS: GlobRequest[] = MODPROBE_DIRS.map((d) => ({
  kind: 'glob',
  os: 'linux',
  pattern: `${d}/*.conf`,
  maxEntries: 500,
  read: true,
  maxBytes: 64 * 1024,
}));
export const KMOD_FILES: GlobRequest[] = ['/lib/modules', '/usr/lib/modules'].map((d) => ({
  kind: 'glob',
  os: 'linux',
  pattern: `${d}/*/kernel/drivers/usb/storage/*.ko*`,
  maxEntries: 200,
}));
export const KERNEL_DIRS: GlobRequest[] = ['/lib/modules', '/usr/lib/modules'].map((d) => ({
  kind: 'glob',
  os: 'linux',
  pattern: `${d}/*/modules.builtin`,
  maxEntries: 50,
}));

/** modprobe.d files also read by name (kept for evidence bundles gathered before read globs). */
export const DEFAULT_MODPROBE_FILES = [
  'usb-storage.conf',
  'usb_storage.conf',
  'usbstorage.conf',
  'uas.conf',
  'usb.conf',
  'blacklist.conf',
  'blacklist-usb-storage.conf',
  'disable-usb-storage.conf',
  'usb-storage-blacklist.conf',
  'CIS.conf',
  'cis.conf',
  'stig.conf',
  'hardening.conf',
  'pos-lockdown.conf',
];

export function modprobeFileRequests(names: readonly string[]): FileRequest[] {
  const out: FileRequest[] = [];
  for (const dir of ['/etc/modprobe.d', '/usr/lib/modprobe.d', '/lib/modprobe.d']) {
    for (const n of names) out.push({ kind: 'file', os: 'linux', path: `${dir}/${n}`, maxBytes: 64 * 1024 });
  }
  return out;
}

export type StorageModule = 'usb_storage' | 'uas';
export const STORAGE_MODULES: readonly StorageModule[] = ['usb_storage', 'uas'];

export interface ModprobeLine {
  file: string;
  line: string;
}

export interface ModprobeFacts {
  /** Module → where an `install <mod> /bin/false` (or true) line is. */
  installBlocked: Map<StorageModule, string>;
  blacklisted: Map<StorageModule, string>;
}

function moduleName(raw: string): StorageModule | undefined {
  const n = raw.replace(/-/g, '_');
  return n === 'usb_storage' || n === 'uas' ? n : undefined;
}

/** Read install/blacklist lines. Files later in `lines` whose basename was already seen in an
 * earlier folder are ignored (modprobe.d precedence: /etc over /run over /usr/lib). */
export function parseModprobe(lines: readonly ModprobeLine[]): ModprobeFacts {
  const facts: ModprobeFacts = { installBlocked: new Map(), blacklisted: new Map() };
  const firstDir = new Map<string, string>();
  for (const { file, line } of lines) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    const dir = file.slice(0, file.lastIndexOf('/'));
    const seen = firstDir.get(base);
    if (seen === undefined) firstDir.set(base, dir);
    else if (seen !== dir) continue;
    const body = line.replace(/#.*/, '').trim();
    const inst = /^install\s+(\S+)\s+(\S+)/.exec(body);
    if (inst) {
      const m = moduleName(inst[1]);
      if (m && /(^|\/)(false|true)$|^\/dev\/null$/.test(inst[2]) && !facts.installBlocked.has(m))
        facts.installBlocked.set(m, clip(file, 200));
      continue;
    }
    const bl = /^blacklist\s+(\S+)\s*$/.exec(body);
    if (bl) {
      const m = moduleName(bl[1]);
      if (m && !facts.blacklisted.has(m)) facts.blacklisted.set(m, clip(file, 200));
    }
  }
  return facts;
}

export interface LiveUsbState {
  kernel: string;
  builtinKnown: boolean;
  builtin: Set<StorageModule>;
  modulesKnown: boolean;
  loaded: Set<StorageModule>;
  authorizedDefault: string[];
  cmdline: string;
  conf: ModprobeLine[];
  usbguardActive?: string;
  rules: Array<{ file: string; line: string }>;
  rulesUnreadable: string[];
}

export function parseLiveUsbState(text: string): LiveUsbState {
  const s: LiveUsbState = {
    kernel: '',
    builtinKnown: false,
    builtin: new Set(),
    modulesKnown: false,
    loaded: new Set(),
    authorizedDefault: [],
    cmdline: '',
    conf: [],
    rules: [],
    rulesUnreadable: [],
  };
  for (const [k, v] of keyValueLines(text, 5000)) {
    if (k === 'kernel') s.kernel = clip(v, 80);
    else if (k === 'builtin_list') s.builtinKnown = v === 'ok';
    else if (k === 'builtin') {
      if (/\/usb-storage\.ko/.test(v)) s.builtin.add('usb_storage');
      if (/\/uas\.ko/.test(v)) s.builtin.add('uas');
    } else if (k === 'modules_list') s.modulesKnown = v === 'ok';
    else if (k === 'loaded') {
      const m = moduleName(v);
      if (m) s.loaded.add(m);
    } else if (k === 'authorized_default' && s.authorizedDefault.length < 64) s.authorizedDefault.push(clip(v, 4));
    else if (k === 'cmdline') s.cmdline = clip(v, 4096);
    else if (k === 'conf' || k === 'rule') {
      const bar = v.indexOf('|');
      if (bar <= 0) continue;
      const item = { file: clip(v.slice(0, bar), 200), line: v.slice(bar + 1).slice(0, 1000) };
      if (k === 'conf' && s.conf.length < 200) s.conf.push(item);
      if (k === 'rule' && s.rules.length < 2000) s.rules.push(item);
    } else if (k === 'usbguard_active') s.usbguardActive = clip(v, 20);
    else if (k === 'rulesd_unreadable' && s.rulesUnreadable.length < 50) s.rulesUnreadable.push(clip(v, 200));
  }
  return s;
}

/** `ImplicitPolicyTarget` (lower-case) from usbguard-daemon.conf; USBGuard's default is block. */
export function usbguardImplicitTarget(conf: string): string {
  const m = /^\s*ImplicitPolicyTarget\s*=\s*(\S+)\s*$/m.exec(conf);
  return m ? clip(m[1], 20).toLowerCase() : 'block';
}

export interface UsbGuardRule {
  target: 'allow' | 'block' | 'reject';
  text: string;
  source: string;
  id?: string;
  name?: string;
  hasSerial: boolean;
  hasHash: boolean;
  interfaces: string[];
  /** No id, hash, serial, interface, parent or port constraint: matches every device. */
  catchAll: boolean;
}

/** Parse USBGuard rule lines (rules.conf and rules.d). Unparseable lines are skipped. */
export function parseUsbGuardRules(lines: ReadonlyArray<{ file: string; line: string }>): UsbGuardRule[] {
  const out: UsbGuardRule[] = [];
  for (const { file, line } of lines) {
    if (out.length >= 1000) break;
    const body = line.trim();
    if (body === '' || body.startsWith('#')) continue;
    const m = /^(allow|block|reject)\b(.*)$/.exec(body);
    if (!m) continue;
    const rest = m[2];
    const id = /\bid\s+([0-9a-fA-F*]{1,4}:[0-9a-fA-F*]{1,4})/.exec(rest)?.[1]?.toLowerCase();
    const name = /\bname\s+"([^"]{0,120})"/.exec(rest)?.[1];
    const ifaceBlock =
      /\bwith-interface\s+(?:(?:all-of|one-of|none-of|equals-ordered|equals)\s+)?(\{[^}]*\}|\S+)/.exec(rest)?.[1] ?? '';
    const interfaces = (ifaceBlock.match(/(?:[0-9a-fA-F]{2}|\*):(?:[0-9a-fA-F]{2}|\*):(?:[0-9a-fA-F]{2}|\*)/g) ?? [])
      .map((x) => x.toLowerCase())
      .slice(0, 20);
    const hasSerial = /\bserial\s+"/.test(rest);
    const hasHash = /\b(hash|parent-hash)\s+"/.test(rest);
    const constrained =
      (id !== undefined && id !== '*:*') ||
      hasSerial ||
      hasHash ||
      interfaces.length > 0 ||
      /\b(via-port|parent-hash)\b/.test(rest);
    out.push({
      target: m[1] as UsbGuardRule['target'],
      text: clip(body, 300),
      source: clip(file, 200),
      id,
      name: name ? clip(name, 80) : undefined,
      hasSerial,
      hasHash,
      interfaces,
      catchAll: !constrained,
    });
  }
  return out;
}

/** An allow rule that lets mass storage (class 08) in without pinning the device (id with serial or hash). */
export function allowsStorageBroadly(r: UsbGuardRule): boolean {
  if (r.target !== 'allow') return false;
  if (r.catchAll) return true;
  const pinned = r.hasHash || (r.id !== undefined && !r.id.includes('*') && r.hasSerial);
  if (pinned) return false;
  if (r.interfaces.some((i) => i.startsWith('08:') || i.startsWith('*:'))) return true;
  // An id-only rule or a wildcard id without interface limits may match a storage device.
  return r.interfaces.length === 0 && (r.id === undefined || r.id.includes('*'));
}

const CLASS_NAMES: Record<string, string> = {
  '02': 'serial/CDC (PIN pad, card reader)',
  '03': 'HID (scanner, keyboard, MSR)',
  '07': 'printer',
  '08': 'mass storage',
  '09': 'hub',
  '0a': 'CDC data',
  '0b': 'smart-card reader',
  '0e': 'video',
  e0: 'wireless',
  ff: 'vendor-specific',
};

const CLASS_NAMES_JA: Record<string, string> = {
  '02': 'シリアル/CDC（PIN パッド、カードリーダー）',
  '03': 'HID（スキャナー、キーボード、磁気カードリーダー）',
  '07': 'プリンター',
  '08': 'マスストレージ',
  '09': 'ハブ',
  '0a': 'CDC データ',
  '0b': 'IC カードリーダー',
  '0e': 'ビデオ',
  e0: 'ワイヤレス',
  ff: 'ベンダー固有',
};

export function interfaceKinds(interfaces: readonly string[], lang: 'en' | 'ja' = 'en'): string[] {
  const kinds = new Set<string>();
  for (const i of interfaces) {
    const c = i.slice(0, 2);
    kinds.add(lang === 'ja' ? (CLASS_NAMES_JA[c] ?? `クラス ${c}`) : (CLASS_NAMES[c] ?? `class ${c}`));
  }
  return [...kinds];
}
