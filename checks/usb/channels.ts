/** Works out, per way in (USB mass storage, UAS, SD, phones), whether a terminal's USB storage
 * is closed, open or unknown, from Linux or Windows evidence. Pure. */
import type { Evidence, EvidenceAnswer, RegistryRequest, RegistryValue } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { TargetKind } from '../../core/model.js';
import { reasonOf, reasonTextOf } from '../kit/answers.js';
import { regNumber, regValues } from '../kit/registry.js';
import {
  allowsStorageBroadly,
  CMDLINE_CONFIGS,
  cmdlineAuthorizedDefault,
  KERNEL_DIRS,
  KMOD_FILES,
  LINUX_USB_STATE,
  MODPROBE_DIRS,
  MODPROBE_GLOBS,
  modprobeFileRequests,
  parseLiveUsbState,
  parseModprobe,
  parseUsbGuardRules,
  STORAGE_MODULES,
  USBGUARD_CONF,
  USBGUARD_RULES,
  USBGUARD_RULES_D,
  USBGUARD_WANTS,
  usbguardImplicitTarget,
  type ModprobeLine,
  type StorageModule,
  type UsbGuardRule,
} from './linux.js';

export type ChannelState = 'closed' | 'open' | 'unknown';

export interface Channel {
  name: Text;
  state: ChannelState;
  /** What closes it, what leaves it open, or why it is unknown (short; the English goes into details). */
  why: Text;
  fix: Text;
}

// ------------------------------------------------------------------ Linux

export interface UsbGuardFacts {
  state: 'on' | 'off' | 'unknown';
  why: Text;
  rules: UsbGuardRule[];
  rulesKnown: boolean;
  implicit?: string;
}

export function usbGuardFacts(ev: Evidence, targetKind: TargetKind): UsbGuardFacts {
  const live = ev.get(LINUX_USB_STATE).status === 'ok' ? parseLiveUsbState(ev.text(LINUX_USB_STATE) ?? '') : undefined;
  const confAns = ev.get(USBGUARD_CONF);
  if (confAns.status === 'missing')
    return {
      state: 'off',
      why: t(
        'USBGuard is not installed (no usbguard-daemon.conf)',
        'USBGuard がインストールされていません（usbguard-daemon.conf がありません）',
      ),
      rules: [],
      rulesKnown: true,
    };
  if (confAns.status !== 'ok')
    return {
      state: 'unknown',
      why: t(`usbguard-daemon.conf: ${reasonOf(confAns)}`, `usbguard-daemon.conf: ${reasonTextOf(confAns).ja}`),
      rules: [],
      rulesKnown: false,
    };
  const implicit = usbguardImplicitTarget(ev.text(USBGUARD_CONF) ?? '');
  const lines: Array<{ file: string; line: string }> = [];
  let rulesKnown = true;
  const notes: Text[] = [];
  const rulesAns = ev.get(USBGUARD_RULES);
  if (rulesAns.status === 'ok')
    for (const line of (ev.text(USBGUARD_RULES) ?? '').split(/\r?\n/).slice(0, 5000))
      lines.push({ file: USBGUARD_RULES.path, line });
  else if (rulesAns.status !== 'missing') {
    rulesKnown = false;
    notes.push(t(`rules.conf: ${reasonOf(rulesAns)}`, `rules.conf: ${reasonTextOf(rulesAns).ja}`));
  }
  if (live) {
    lines.push(...live.rules);
    if (live.rulesUnreadable.length > 0) {
      rulesKnown = false;
      const list = live.rulesUnreadable.join(', ');
      notes.push(t(`unreadable: ${list}`, `読み取れないルールファイル: ${list}`));
    }
  } else {
    const d = ev.get(USBGUARD_RULES_D);
    if (d.status !== 'ok' || (d.entries ?? []).length > 0) {
      rulesKnown = false;
      const list = (d.entries ?? []).slice(0, 5).join(', ');
      notes.push(
        d.status === 'ok'
          ? t(`rules.d files not readable offline: ${list}`, `rules.d のファイルはオフラインでは読み取れません: ${list}`)
          : t(`rules.d: ${reasonOf(d)}`, `rules.d: ${reasonTextOf(d).ja}`),
      );
    }
  }
  const rules = parseUsbGuardRules(lines);
  let enabled: boolean | undefined;
  if (live?.usbguardActive !== undefined) enabled = live.usbguardActive === 'active';
  else {
    const w = ev.get(USBGUARD_WANTS);
    if (w.status === 'ok') enabled = (w.entries ?? []).length > 0;
  }
  const base = { rules, rulesKnown, implicit };
  if (enabled === false)
    return {
      ...base,
      state: 'off',
      why:
        targetKind === 'image'
          ? t('usbguard.service is not enabled', 'usbguard.service が有効になっていません')
          : t('usbguard is not running', 'usbguard が稼働していません'),
    };
  if (implicit !== 'block' && implicit !== 'reject')
    return { ...base, state: 'off', why: t(`ImplicitPolicyTarget=${implicit}`, `ImplicitPolicyTarget=${implicit}`) };
  const broad = rules.find(allowsStorageBroadly);
  if (broad)
    return {
      ...base,
      state: 'off',
      why: t(`rule lets storage in: ${broad.text}`, `ストレージを通すルールがあります: ${broad.text}`),
    };
  if (enabled === undefined)
    return { ...base, state: 'unknown', why: t('cannot tell whether usbguard is enabled', 'usbguard が有効か判断できません') };
  if (!rulesKnown) return { ...base, state: 'unknown', why: joined(notes, '; ', '、') };
  return {
    ...base,
    state: 'on',
    why: t(`USBGuard on, ImplicitPolicyTarget=${implicit}`, `USBGuard が有効、ImplicitPolicyTarget=${implicit}`),
  };
}

export interface LinuxUsbFacts {
  channels: Channel[];
  usbguard: UsbGuardFacts;
  authorizedDefault: 'on' | 'off' | 'unknown';
  details: Record<string, unknown>;
}

/** Texts joined, each language with its own separator. */
function joined(parts: readonly Text[], en: string, ja: string): Text {
  return t(parts.map((p) => p.en).join(en), parts.map((p) => p.ja).join(ja));
}

function offlineModprobe(ev: Evidence, fileNames: readonly string[]): { lines: ModprobeLine[]; unread: Text[] } {
  // Every modprobe.d file the globs matched comes with its content; the named files are still
  // read for evidence gathered before globs could return contents.
  const texts = new Map<string, string>();
  for (const g of MODPROBE_GLOBS) for (const f of ev.files(g)) texts.set(f.path, f.data);
  for (const req of modprobeFileRequests(fileNames)) {
    const text = ev.text(req);
    if (text !== undefined && !texts.has(req.path)) texts.set(req.path, text);
  }
  // In modprobe.d precedence order (/etc, /run, /usr/lib, /lib), then by name: parseModprobe keeps the first of a name.
  const rank = (p: string) => {
    const i = MODPROBE_DIRS.findIndex((d) => p.startsWith(`${d}/`));
    return i < 0 ? MODPROBE_DIRS.length : i;
  };
  const lines: ModprobeLine[] = [];
  for (const path of [...texts.keys()].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0)))
    for (const line of (texts.get(path) ?? '').split(/\r?\n/).slice(0, 5000)) lines.push({ file: path, line });
  const unread: Text[] = [];
  for (const g of MODPROBE_GLOBS) {
    const a = ev.get(g);
    if (a.status !== 'ok') {
      unread.push(t(`${g.pattern} (${reasonOf(a)})`, `${g.pattern}（${reasonTextOf(a).ja}）`));
      continue;
    }
    for (const p of a.entries ?? []) if (!texts.has(p) && unread.length < 20) unread.push(t(p, p));
  }
  // A file asked by name that could not be read may hold the install … /bin/false rule (older bundles have no read globs).
  for (const req of modprobeFileRequests(fileNames)) {
    const a = ev.get(req);
    if (
      (a.status === 'denied' || a.status === 'error') &&
      !texts.has(req.path) &&
      !unread.some((u) => u.en === req.path) &&
      unread.length < 20
    )
      unread.push(t(req.path, req.path));
  }
  return { lines, unread };
}

/** Offline: a kernel whose tree holds `<mod>.ko*` builds it as a module; one that doesn't may
 * have it built in (modprobe rules then do nothing) or not at all: unknown. */
function offlineModuleKind(ev: Evidence, mod: StorageModule): { kind: 'module' | 'unknown'; why: Text } {
  const kernels = new Set<string>();
  for (const g of KERNEL_DIRS) for (const p of ev.get(g).entries ?? []) kernels.add(p.split('/').slice(-2, -1)[0]);
  if (kernels.size === 0)
    return {
      kind: 'unknown',
      why: t('no installed kernel found under /lib/modules', '/lib/modules にインストール済みのカーネルが見つかりません'),
    };
  const file = mod === 'usb_storage' ? 'usb-storage.ko' : 'uas.ko';
  const withKo = new Set<string>();
  for (const g of KMOD_FILES)
    for (const p of ev.get(g).entries ?? []) if (p.split('/').pop()?.startsWith(file)) withKo.add(p.split('/').slice(-6, -5)[0]);
  const lacking = [...kernels].filter((k) => !withKo.has(k));
  if (lacking.length > 0)
    return {
      kind: 'unknown',
      why: t(
        `kernel ${lacking.join(', ')} has no ${file}: built in (modprobe rules do nothing) or not built; modules.builtin ` +
          `cannot be read offline`,
        `カーネル ${lacking.join(', ')} に ${file} がありません。組み込み（modprobe のルールは効きません）か、` +
          `ビルドされていません。modules.builtin はオフラインでは読み取れません`,
      ),
    };
  const list = [...kernels].join(', ');
  return {
    kind: 'module',
    why: t(`${file} is a loadable module in ${list}`, `${file} は ${list} で読み込み可能なモジュールです`),
  };
}

const AUTHORIZED_DEFAULT_JA: Record<'on' | 'off' | 'unknown', string> = { on: '有効', off: '無効', unknown: '不明' };

const MOD_LABEL: Record<StorageModule, Text> = {
  usb_storage: t('USB mass storage (usb-storage)', 'USB マスストレージ（usb-storage）'),
  uas: t('USB 3 UAS drives (uas)', 'USB 3 UAS ドライブ（uas）'),
};

export function linuxUsbFacts(
  ev: Evidence,
  targetKind: TargetKind,
  modprobeFiles: readonly string[],
  includePhones: boolean,
): LinuxUsbFacts {
  const stateAns = ev.get(LINUX_USB_STATE);
  const live = stateAns.status === 'ok' ? parseLiveUsbState(ev.text(LINUX_USB_STATE) ?? '') : undefined;
  const usbguard = usbGuardFacts(ev, targetKind);
  let modLines: ModprobeLine[];
  let unread: Text[] = [];
  if (live) modLines = live.conf;
  else ({ lines: modLines, unread } = offlineModprobe(ev, modprobeFiles));
  const mp = parseModprobe(modLines);
  let authorizedDefault: 'on' | 'off' | 'unknown' = 'unknown';
  if (live && live.authorizedDefault.length > 0)
    authorizedDefault = live.authorizedDefault.every((v) => v === '0' || v === '2') ? 'on' : 'off';
  else if (!live && targetKind === 'image') {
    // Offline: the kernel default authorizes every device unless the configured command line says otherwise.
    const texts = CMDLINE_CONFIGS.map((r) => ev.get(r));
    if (texts.every((a) => a.status === 'ok' || a.status === 'missing')) {
      authorizedDefault = CMDLINE_CONFIGS.some((r) => cmdlineAuthorizedDefault(ev.text(r) ?? '') === 'on') ? 'on' : 'off';
    }
  }
  const deviceAuth: ChannelState =
    usbguard.state === 'on' || authorizedDefault === 'on'
      ? 'closed'
      : usbguard.state === 'off' && authorizedDefault === 'off'
        ? 'open'
        : 'unknown';
  const authWhy: Text =
    usbguard.state === 'on'
      ? usbguard.why
      : authorizedDefault === 'on'
        ? t('authorized_default=0/2 on every USB bus', 'すべての USB バスで authorized_default=0/2')
        : t(
            `USBGuard: ${usbguard.why.en}; authorized_default: ${authorizedDefault}`,
            `USBGuard: ${usbguard.why.ja}、authorized_default: ${AUTHORIZED_DEFAULT_JA[authorizedDefault]}`,
          );
  const channels: Channel[] = [];
  for (const mod of STORAGE_MODULES) {
    const fix = t(
      `Add "install ${mod === 'uas' ? 'uas' : 'usb-storage'} /bin/false" and ` +
        `"blacklist ${mod === 'uas' ? 'uas' : 'usb-storage'}" to /etc/modprobe.d/, or enforce USBGuard with a block policy.`,
      `/etc/modprobe.d/ に「install ${mod === 'uas' ? 'uas' : 'usb-storage'} /bin/false」` +
        `と「blacklist ${mod === 'uas' ? 'uas' : 'usb-storage'}」を追加するか、USBGuard をブロック方針で有効にしてください。`,
    );
    if (deviceAuth === 'closed') {
      channels.push({ name: MOD_LABEL[mod], state: 'closed', why: authWhy, fix });
      continue;
    }
    let kind: 'module' | 'builtin' | 'unknown';
    let kindWhy: Text;
    if (live) {
      kind = live.builtinKnown ? (live.builtin.has(mod) ? 'builtin' : 'module') : 'unknown';
      kindWhy = live.builtinKnown
        ? kind === 'builtin'
          ? t(
              `built into kernel ${live.kernel}: modprobe rules do nothing`,
              `カーネル ${live.kernel} に組み込まれています（modprobe のルールは効きません）`,
            )
          : t('', '')
        : t(`modules.builtin of ${live.kernel} not readable`, `${live.kernel} の modules.builtin を読み取れません`);
    } else if (targetKind === 'image') {
      ({ kind, why: kindWhy } = offlineModuleKind(ev, mod));
    } else {
      kind = 'unknown';
      kindWhy = t(
        `live state not read: ${reasonOf(stateAns)}`,
        `稼働中の状態を読み取れませんでした: ${reasonTextOf(stateAns).ja}`,
      );
    }
    const blocked = mp.installBlocked.get(mod);
    const loaded = live ? (live.modulesKnown ? live.loaded.has(mod) : undefined) : targetKind === 'image' ? false : undefined;
    let state: ChannelState;
    let why: Text;
    if (kind === 'builtin') {
      state = deviceAuth === 'unknown' ? 'unknown' : 'open';
      why = kindWhy;
    } else if (loaded === true) {
      state = deviceAuth === 'unknown' ? 'unknown' : 'open';
      why = t(`the ${mod} module is loaded now`, `${mod} モジュールが現在読み込まれています`);
    } else if (blocked && kind === 'module' && loaded === false) {
      state = 'closed';
      why = t(`install ${mod} /bin/false in ${blocked}`, `${blocked} に install ${mod} /bin/false があります`);
    } else if (!blocked && unread.length === 0) {
      state = deviceAuth === 'unknown' ? 'unknown' : 'open';
      const list = mp.blacklisted.get(mod);
      why = mp.blacklisted.has(mod)
        ? t(
            `only "blacklist" in ${list}: it stops automatic loading, not modprobe`,
            `${list} には「blacklist」しかありません（自動読み込みは止まりますが、modprobe では読み込めます）`,
          )
        : t('no install … /bin/false rule', '「install … /bin/false」のルールがありません');
    } else {
      state = 'unknown';
      why = joined(
        [
          kindWhy,
          loaded === undefined ? t('loaded modules unknown', '読み込まれているモジュールが不明です') : t('', ''),
          unread.length > 0
            ? t(
                `modprobe files not read: ${unread.map((u) => u.en).join(', ')}`,
                `読み取れなかった modprobe の設定ファイル: ${unread.map((u) => u.ja).join(', ')}`,
              )
            : t('', ''),
        ].filter((x) => x.en !== ''),
        '; ',
        '、',
      );
    }
    if (state === 'unknown' && deviceAuth === 'unknown') why = joined([why, authWhy], '; ', '、');
    channels.push({ name: MOD_LABEL[mod], state, why, fix });
  }
  if (includePhones) {
    channels.push({
      name: t('phones and cameras (MTP/PTP over usbfs)', 'スマートフォン・カメラ（MTP/PTP、usbfs 経由）'),
      state: deviceAuth,
      why:
        deviceAuth === 'open'
          ? t(`only device authorization stops them; ${authWhy.en}`, `止められるのはデバイスの認可だけです。${authWhy.ja}`)
          : authWhy,
      fix: t(
        'Enforce USBGuard (ImplicitPolicyTarget=block with an allow list of the POS peripherals); a usb-storage block does not stop MTP.',
        'USBGuard を有効にしてください（ImplicitPolicyTarget=block と POS 周辺機器の許可リスト）。' +
          'usb-storage の無効化だけでは MTP は止まりません。',
      ),
    });
  }
  return {
    channels,
    usbguard,
    authorizedDefault,
    details: {
      source: live ? 'live' : targetKind === 'image' ? 'image files' : 'files',
      kernel: live?.kernel,
      installBlocked: Object.fromEntries(mp.installBlocked),
      blacklisted: Object.fromEntries(mp.blacklisted),
      loaded: live ? [...live.loaded] : undefined,
      builtin: live ? [...live.builtin] : undefined,
      authorizedDefault: live?.authorizedDefault,
      usbguard: usbguard.state,
    },
  };
}

export function linuxUsbRequests(modprobeFiles: readonly string[]) {
  return [
    LINUX_USB_STATE,
    USBGUARD_CONF,
    USBGUARD_RULES,
    USBGUARD_RULES_D,
    USBGUARD_WANTS,
    ...CMDLINE_CONFIGS,
    ...MODPROBE_GLOBS,
    ...modprobeFileRequests(modprobeFiles),
    ...KMOD_FILES,
    ...KERNEL_DIRS,
  ];
}

// ------------------------------------------------------------------ Windows

const SVC = 'HKLM\\SYSTEM\\CurrentControlSet\\Services';
export const WIN_USBSTOR: RegistryRequest = { kind: 'registry', os: 'windows', key: `${SVC}\\USBSTOR` };
export const WIN_UASPSTOR: RegistryRequest = { kind: 'registry', os: 'windows', key: `${SVC}\\UASPStor` };
export const WIN_SDBUS: RegistryRequest = { kind: 'registry', os: 'windows', key: `${SVC}\\sdbus` };
export const WIN_REMOVABLE: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices',
  subkeys: true,
};
export const WIN_DEVINST: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions',
  subkeys: true,
};
export const WIN_USB_REQUESTS = [WIN_USBSTOR, WIN_UASPSTOR, WIN_SDBUS, WIN_REMOVABLE, WIN_DEVINST];

export const GUID_REMOVABLE_DISK = '{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}';
export const GUID_WPD = ['{6ac27878-a6fa-4155-ba85-f98f491d4f33}', '{f33fdc04-d1ac-4e8e-9a30-19bbd4b108ae}'];

/** A fact that is true, false, or unknown because its evidence could not be read. */
type Tri = boolean | undefined;

function triService(a: EvidenceAnswer): Tri {
  if (a.status === 'missing') return false; // not installed: Windows installs it on first use
  const start = regNumber(regValues(a), 'Start');
  if (a.status === 'ok') return start === 4;
  return undefined;
}

function childValues(a: EvidenceAnswer, name: string): RegistryValue[] | undefined {
  const children = a.registry?.children ?? {};
  const k = Object.keys(children).find((x) => x.toLowerCase() === name.toLowerCase());
  return k ? children[k] : undefined;
}

function denyReadWrite(a: EvidenceAnswer, guid: string): Tri {
  if (a.status === 'missing') return false;
  if (a.status !== 'ok') return undefined;
  const v = childValues(a, guid);
  return regNumber(v, 'Deny_Read') === 1 && regNumber(v, 'Deny_Write') === 1;
}

function policyValue(a: EvidenceAnswer, name: string): Tri {
  if (a.status === 'missing') return false;
  if (a.status !== 'ok') return undefined;
  return regNumber(regValues(a), name) === 1;
}

function anyOf(closers: Array<[Text, Tri]>): { state: ChannelState; why: Text } {
  const yes = closers.filter(([, v]) => v === true).map(([n]) => n);
  if (yes.length > 0) return { state: 'closed', why: joined(yes, ', ', '、') };
  const unknown = closers.filter(([, v]) => v === undefined).map(([n]) => n);
  if (unknown.length > 0) {
    const list = joined(unknown, ', ', '、');
    return { state: 'unknown', why: t(`could not read: ${list.en}`, `読み取れませんでした: ${list.ja}`) };
  }
  const all = joined(
    closers.map(([n]) => n),
    ', ',
    '、',
  );
  return { state: 'open', why: t(`none of: ${all.en}`, `次のどれも設定されていません: ${all.ja}`) };
}

/** A registry setting that closes a way in: the same words in both languages. */
const SETTING = (s: string): Text => t(s, s);
const REMOVABLE_DISKS_DENIED = t('Removable Disks deny read/write', 'リムーバブルディスクの読み取り・書き込み拒否');
const WPD_DENIED = t('WPD deny read/write', 'WPD の読み取り・書き込み拒否');

export interface WindowsUsbFacts {
  channels: Channel[];
  details: Record<string, unknown>;
}

export function windowsUsbFacts(ev: Evidence): WindowsUsbFacts {
  const usbstor = triService(ev.get(WIN_USBSTOR));
  const uasp = triService(ev.get(WIN_UASPSTOR));
  const sdbus = triService(ev.get(WIN_SDBUS));
  const rem = ev.get(WIN_REMOVABLE);
  const dev = ev.get(WIN_DEVINST);
  const denyAll = policyValue(rem, 'Deny_All');
  const remDisk = denyReadWrite(rem, GUID_REMOVABLE_DISK);
  const wpd: Tri = GUID_WPD.map((g) => denyReadWrite(rem, g)).reduce<Tri>(
    (acc, v) => (acc === false || v === false ? false : acc === undefined || v === undefined ? undefined : true),
    true,
  );
  const denyRemovable = policyValue(dev, 'DenyRemovableDevices');
  const denyUnspecified = policyValue(dev, 'DenyUnspecified');
  const c = (name: Text, closers: Array<[Text, Tri]>, fix: Text): Channel => ({ name, ...anyOf(closers), fix });
  const channels: Channel[] = [
    c(
      t('USB mass storage (USBSTOR)', 'USB マスストレージ（USBSTOR）'),
      [
        [SETTING('USBSTOR Start=4'), usbstor],
        [SETTING('Deny_All=1'), denyAll],
        [REMOVABLE_DISKS_DENIED, remDisk],
        [SETTING('DenyRemovableDevices=1'), denyRemovable],
        [SETTING('DenyUnspecified=1'), denyUnspecified],
      ],
      t(
        'Set HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR Start=4, or the policy "All Removable Storage classes: Deny all access".',
        'HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR の Start を 4 にするか、' +
          'ポリシー「すべてのリムーバブル記憶域クラス: すべてのアクセスを拒否」を有効にしてください。',
      ),
    ),
    c(
      t('USB 3 UAS drives (UASPStor)', 'USB 3 UAS ドライブ（UASPStor）'),
      [
        [SETTING('UASPStor Start=4'), uasp],
        [SETTING('Deny_All=1'), denyAll],
        [SETTING('DenyRemovableDevices=1'), denyRemovable],
        [SETTING('DenyUnspecified=1'), denyUnspecified],
      ],
      t(
        'Set Services\\UASPStor Start=4 as well (USBSTOR=4 does not cover UAS drives), or use Deny_All / device installation restrictions.',
        'Services\\UASPStor の Start も 4 にしてください（USBSTOR=4 では UAS ドライブは止まりません）。' +
          'または Deny_All やデバイスのインストール制限を使ってください。',
      ),
    ),
    c(
      t('SD cards (sdbus)', 'SD カード（sdbus）'),
      [
        [SETTING('sdbus Start=4'), sdbus],
        [SETTING('Deny_All=1'), denyAll],
        [REMOVABLE_DISKS_DENIED, remDisk],
      ],
      t(
        'Deny read and write for Removable Disks ({53f5630d-…}) or set Deny_All=1.',
        'リムーバブルディスク（{53f5630d-…}）の読み取りと書き込みを拒否するか、Deny_All=1 にしてください。',
      ),
    ),
    c(
      t('phones and cameras (MTP/WPD)', 'スマートフォン・カメラ（MTP/WPD）'),
      [
        [SETTING('Deny_All=1'), denyAll],
        [WPD_DENIED, wpd],
        [SETTING('DenyRemovableDevices=1'), denyRemovable],
        [SETTING('DenyUnspecified=1'), denyUnspecified],
      ],
      t(
        'Deny read and write for the two WPD classes ({6AC27878-…} and {F33FDC04-…}) or set Deny_All=1.',
        'WPD の 2 クラス（{6AC27878-…} と {F33FDC04-…}）の読み取りと書き込みを拒否するか、Deny_All=1 にしてください。',
      ),
    ),
  ];
  return {
    channels,
    details: {
      usbstorDisabled: usbstor,
      uaspstorDisabled: uasp,
      sdbusDisabled: sdbus,
      denyAll,
      removableDiskDenied: remDisk,
      wpdDenied: wpd,
      denyRemovableDevices: denyRemovable,
      denyUnspecified,
    },
  };
}
