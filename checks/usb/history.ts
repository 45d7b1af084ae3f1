/** usb.device-history: the record of storage devices that were attached (guideline policy 8,
 * traceability). Windows: Enum\USBSTOR, Kernel-PnP events, setupapi.dev.log. Linux: the kernel
 * journal, or kern.log/messages on an image. One finding per device, with ids and times. */
import type { CommandRequest, Evidence, FileRequest, RegistryRequest } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { Check, CheckContext, Finding } from '../../core/model.js';
import { commandText, keysOf, reasonOf, reasonTextOf } from '../kit/answers.js';
import { keyValueLines } from '../kit/config.js';
import { clip } from '../kit/text.js';
import { enumDevices, hasInstances, serialOf, type EnumDevice } from './windows-enum.js';

export interface SeenDevice {
  id: string;
  vendor?: string;
  product?: string;
  serial?: string;
  firstSeen?: string;
  lastSeen?: string;
  /** Windows registry times (ISO-8601 UTC): install, first install, last arrival, last removal. */
  installed?: string;
  firstInstalled?: string;
  lastArrival?: string;
  lastRemoval?: string;
  /** `UAS` for drives attached over USB Attached SCSI (they are not under Enum\USBSTOR). */
  bus?: string;
  sources: string[];
}

/** Enum trees read down to the device property times (`<model>\<instance>\Properties\{guid}\0064\00000000`). */
const WIN_ENUM_USBSTOR: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USBSTOR',
  subkeys: true,
  depth: 6,
  maxBytes: 2 * 1024 * 1024,
};
const WIN_ENUM_USB: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USB',
  subkeys: true,
  depth: 6,
  maxBytes: 2 * 1024 * 1024,
};
const WIN_ENUM_SCSI: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Enum\\SCSI',
  subkeys: true,
  depth: 2,
  maxBytes: 1024 * 1024,
};
const WIN_SETUPAPI: FileRequest = {
  kind: 'file',
  os: 'windows',
  path: 'C:\\Windows\\INF\\setupapi.dev.log',
  maxBytes: 2 * 1024 * 1024,
};
const WIN_PNP_EVENTS: CommandRequest = {
  kind: 'command',
  name: 'usb storage pnp events',
  os: 'windows',
  maxBytes: 64 * 1024,
  timeoutMs: 60_000,
  command: {
    ps: [
      'try {',
      "  $ev = @(Get-WinEvent -FilterHashtable @{ LogName = 'Microsoft-Windows-Kernel-PnP/Configuration'; Id = 400, 410 } " +
        '-MaxEvents 5000 -ErrorAction Stop)',
      "  Write-Output ('pnp.count=' + $ev.Count)",
      '  $n = 0',
      '  foreach ($e in $ev) {',
      '    $id = [string]$e.Properties[0].Value',
      "    if (($id -like 'USBSTOR\\*' -or $id -like 'SWD\\WPDBUSENUM\\*') -and $n -lt 300) { $n++; Write-Output ('event=' " +
        "+ $e.TimeCreated.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') + '|' + $e.Id + '|' + $id) }",
      '  }',
      "} catch { Write-Output ('pnp.error=' + $_.Exception.GetType().Name + '|' + ([string]$_.Exception.Message -replace " +
        "'[\\r\\n]+', ' ')) }",
    ].join('\n'),
  },
};

const LINUX_KERNEL_USB_LOG: CommandRequest = {
  kind: 'command',
  name: 'kernel log (usb)',
  os: 'linux',
  maxBytes: 256 * 1024,
  timeoutMs: 60_000,
  command: {
    sh: [
      "command -v journalctl >/dev/null 2>&1 || { echo 'journal=absent'; exit 0; }",
      'echo "journal_first=$(journalctl _TRANSPORT=kernel -o short-iso --no-pager -q 2>/dev/null | head -n 1 | cut -c1-40)"',
      "journalctl _TRANSPORT=kernel -o short-iso --no-pager -q 2>/dev/null | grep -E 'usb [0-9.-]+: (New USB device " +
        "found|Product:|Manufacturer:|SerialNumber:)|USB Mass Storage device detected' | tail -n 3000",
      'exit 0',
    ].join('\n'),
  },
};
const LINUX_LOG_FILES: FileRequest[] = ['/var/log/kern.log', '/var/log/messages'].map((path) => ({
  kind: 'file',
  os: 'linux',
  path,
  maxBytes: 4 * 1024 * 1024,
}));

/** Parse kernel log lines (journal short-iso, rsyslog ISO or classic syslog) for storage devices. */
export function parseKernelUsbLog(text: string, source: string): SeenDevice[] {
  const ports = new Map<string, { vid?: string; pid?: string; product?: string; vendor?: string; serial?: string }>();
  const devices = new Map<string, SeenDevice>();
  for (const line of text.split(/\r?\n/).slice(-50_000)) {
    const k = line.indexOf('kernel: ');
    if (k < 0) continue;
    const head = line.slice(0, k).trim().split(/\s+/);
    const time = clip(/^\d{4}-\d\d-\d\d/.test(head[0] ?? '') ? head[0] : head.slice(0, 3).join(' '), 40);
    const msg = line.slice(k + 8).replace(/^\[\s*[\d.]+\]\s*/, '');
    let m = /^usb (\S+): New USB device found, idVendor=([0-9a-f]{4}), idProduct=([0-9a-f]{4})/i.exec(msg);
    if (m) {
      ports.set(m[1], { vid: m[2].toLowerCase(), pid: m[3].toLowerCase() });
      continue;
    }
    m = /^usb (\S+): (Product|Manufacturer|SerialNumber): (.*)$/.exec(msg);
    if (m) {
      const p = ports.get(m[1]) ?? {};
      const v = clip(m[3], 80);
      if (m[2] === 'Product') p.product = v;
      else if (m[2] === 'Manufacturer') p.vendor = v;
      else p.serial = v;
      ports.set(m[1], p);
      continue;
    }
    m = /^usb-storage (\S+?):\d+\.\d+: USB Mass Storage device detected/.exec(msg);
    if (m) {
      const p = ports.get(m[1]) ?? {};
      const id = `${p.vid ?? '????'}:${p.pid ?? '????'}${p.serial ? ` ${p.serial}` : ''}`;
      const d = devices.get(id) ?? {
        id,
        vendor: p.vendor,
        product: p.product,
        serial: p.serial,
        firstSeen: time,
        sources: [source],
      };
      d.lastSeen = time;
      devices.set(id, d);
      if (devices.size >= 500) break;
    }
  }
  return [...devices.values()];
}

/** Parse setupapi.dev.log install sections for USB storage and WPD devices. */
export function parseSetupApi(text: string): SeenDevice[] {
  const out = new Map<string, SeenDevice>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && out.size < 500; i++) {
    const m = /^>>>\s+\[Device Install \(Hardware initiated\) - ((?:USBSTOR|SWD\\WPDBUSENUM)\\[^\]]{1,300})\]/i.exec(lines[i]);
    if (!m) continue;
    const when = /Section start (\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d)/.exec(lines[i + 1] ?? '')?.[1];
    const id = clip(m[1], 300);
    const d = out.get(id.toLowerCase()) ?? { id, firstSeen: when, sources: ['setupapi.dev.log'] };
    d.lastSeen = when ?? d.lastSeen;
    out.set(id.toLowerCase(), d);
  }
  return [...out.values()];
}

interface HistoryParams {
  knownDevices: string[];
  unknownDeviceStatus: 'warn' | 'fail';
  maxDevices: number;
}

/**
 * Does a knownDevices entry name this device? Entries are compared case-insensitively with what
 * the evidence really carries: the serial number (Windows: the USBSTOR instance id without its
 * `&0` LUN suffix, e.g. `AA951D0000007252`; UAS drives: the USB instance id, e.g.
 * `MSFT30313735303835343230333437`; Linux: the kernel's SerialNumber), the whole device id, or one
 * whole part of it: the instance id, the model (`Disk&Ven_HP&Prod_v100w&Rev_1024`, which approves
 * every device of that model), `VID_0781&PID_558C` (UAS) or `0781:5567` (Linux). Never a substring:
 * a short entry must not approve unrelated devices.
 */
export function matchesKnown(d: SeenDevice, entry: string): boolean {
  const k = entry.trim().toLowerCase();
  if (k === '') return false;
  if (d.serial !== undefined && d.serial.toLowerCase() === k) return true;
  const id = d.id.toLowerCase();
  if (id === k) return true;
  return id.split(/[\\\s]+/).some((part) => part === k || part.replace(/&\d+$/, '') === k);
}

function whenOf(d: SeenDevice): { en: string; ja: string } {
  const first = d.firstInstalled ?? d.installed;
  if (first || d.lastArrival || d.lastRemoval) {
    const en: string[] = [];
    const ja: string[] = [];
    const parts: Array<[string | undefined, string, string]> = [
      [first, 'first installed', '初回インストール'],
      [d.lastArrival, 'last attached', '最終接続'],
      [d.lastRemoval, 'last removed', '最終取り外し'],
    ];
    for (const [time, e, j] of parts)
      if (time) {
        en.push(`${e} ${time}`);
        ja.push(`${j} ${time}`);
      }
    return { en: en.join(', '), ja: ja.join('、') };
  }
  if (d.firstSeen) {
    const span = `${d.firstSeen}${d.lastSeen && d.lastSeen !== d.firstSeen ? ` – ${d.lastSeen}` : ''}`;
    return { en: span, ja: span };
  }
  return { en: 'time not recorded', ja: '日時の記録なし' };
}

function report(devices: SeenDevice[], ctx: CheckContext<HistoryParams>, evidence: string[], coverage: Text): Finding[] {
  if (devices.length === 0) {
    return [
      {
        status: 'pass',
        message: t(
          `No USB storage device is recorded as attached (${coverage.en}).`,
          `USB ストレージが接続された記録はありません（${coverage.ja}）。`,
        ),
        evidence,
      },
    ];
  }
  const out: Finding[] = [];
  for (const d of devices.slice(0, ctx.params.maxDevices)) {
    const isKnown = ctx.params.knownDevices.some((k) => matchesKnown(d, k));
    const label = [d.vendor, d.product].filter(Boolean).join(' ');
    const when = whenOf(d);
    const serial = d.serial && !d.id.includes(d.serial) ? `, serial ${d.serial}` : '';
    const serialJa = d.serial && !d.id.includes(d.serial) ? `、シリアル ${d.serial}` : '';
    const uas = d.bus === 'UAS' ? ' over USB 3 UAS' : '';
    const uasJa = d.bus === 'UAS' ? '（USB 3 UAS 接続）' : '';
    out.push({
      status: isKnown ? 'pass' : ctx.params.unknownDeviceStatus,
      message: isKnown
        ? t(
            `Approved storage device attached${uas}: ${d.id}${label ? ` (${label})` : ''}${serial}, ${when.en}.`,
            `承認済みのストレージが接続されました${uasJa}：${d.id}${label ? `（${label}）` : ''}${serialJa}、${when.ja}。`,
          )
        : t(
            `Storage device attached${uas}: ${d.id}${label ? ` (${label})` : ''}${serial}, ${when.en}. Confirm who attached it and why.`,
            `ストレージが接続されました${uasJa}：${d.id}${label ? `（${label}）` : ''}${serialJa}、${when.ja}。` +
              `誰が何のために接続したか確認してください。`,
          ),
      location: d.id,
      evidence,
      details: { ...d },
    });
  }
  if (devices.length > ctx.params.maxDevices) {
    const more = devices.length - ctx.params.maxDevices;
    out.push({
      status: ctx.params.unknownDeviceStatus,
      message: t(
        `${more} more storage devices are recorded (not listed).`,
        `ほかに ${more} 台のストレージの記録があります（一覧には含めていません）。`,
      ),
      evidence,
    });
  }
  return out;
}

/** A registry device instance as a history entry: first seen = first install, last seen = the later of arrival and removal. */
function fromEnum(e: EnumDevice): SeenDevice {
  const d: SeenDevice = { id: e.id, sources: [e.bus === 'UAS' ? 'Enum\\USB (UAS)' : 'Enum\\USBSTOR'] };
  if (e.friendlyName) d.product = e.friendlyName;
  if (e.serial) d.serial = e.serial;
  if (e.bus === 'UAS') d.bus = 'UAS';
  for (const k of ['installed', 'firstInstalled', 'lastArrival', 'lastRemoval'] as const) if (e[k]) d[k] = e[k];
  const first = [e.firstInstalled, e.installed].filter((x): x is string => x !== undefined).sort()[0];
  const last = [e.lastArrival, e.lastRemoval]
    .filter((x): x is string => x !== undefined)
    .sort()
    .pop();
  if (first) d.firstSeen = first;
  if (last) d.lastSeen = last;
  return d;
}

/** The serial in a PnP device id `USBSTOR\<model>\<instance>`. */
function serialOfId(id: string): string | undefined {
  const parts = id.split('\\');
  return parts.length === 3 && /^usbstor$/i.test(parts[0]) ? serialOf(parts[2]) : undefined;
}

function historyWindows(ev: Evidence, ctx: CheckContext<HistoryParams>): Finding[] {
  const evKeys = keysOf(WIN_ENUM_USBSTOR, WIN_ENUM_USB, WIN_ENUM_SCSI, WIN_PNP_EVENTS, WIN_SETUPAPI);
  const byId = new Map<string, SeenDevice>();
  const add = (d: SeenDevice): void => {
    const key = d.id.toLowerCase();
    const cur = byId.get(key);
    if (!cur) {
      const serial = d.serial ?? serialOfId(d.id);
      byId.set(key, { ...d, ...(serial ? { serial } : {}), sources: [...d.sources] });
    } else {
      if (d.firstSeen && (!cur.firstSeen || d.firstSeen < cur.firstSeen)) cur.firstSeen = d.firstSeen;
      if (d.lastSeen && (!cur.lastSeen || d.lastSeen > cur.lastSeen)) cur.lastSeen = d.lastSeen;
      for (const k of ['product', 'serial', 'bus', 'installed', 'firstInstalled', 'lastArrival', 'lastRemoval'] as const)
        if (d[k] && !cur[k]) cur[k] = d[k];
      for (const s of d.sources) if (!cur.sources.includes(s)) cur.sources.push(s);
    }
  };
  const unread: Text[] = [];
  let anyRead = false;
  // Timed records first, so registry-only device ids attach to them.
  const pnpText = commandText(ev, WIN_PNP_EVENTS);
  if (pnpText !== undefined) {
    const pairs = keyValueLines(pnpText, 2000);
    const err = pairs.find(([k]) => k === 'pnp.error')?.[1];
    if (err === undefined || /No events were found/i.test(err)) anyRead = true;
    else unread.push(t(`Kernel-PnP log: ${clip(err, 120)}`, `Kernel-PnP ログ: ${clip(err, 120)}`));
    for (const [k, v] of pairs) {
      if (k !== 'event') continue;
      const [time, , id] = v.split('|');
      if (id) add({ id: clip(id, 300), firstSeen: clip(time, 30), lastSeen: clip(time, 30), sources: ['Kernel-PnP'] });
    }
  } else
    unread.push(
      t(`Kernel-PnP log: ${reasonOf(ev.get(WIN_PNP_EVENTS))}`, `Kernel-PnP ログ: ${reasonTextOf(ev.get(WIN_PNP_EVENTS)).ja}`),
    );
  const setup = ev.get(WIN_SETUPAPI);
  if (setup.status === 'ok') {
    anyRead = true;
    for (const d of parseSetupApi(ev.text(WIN_SETUPAPI) ?? '')) add(d);
    if (setup.truncated) unread.push(t('setupapi.dev.log truncated', 'setupapi.dev.log は途中までしか読めていません'));
  } else if (setup.status !== 'missing')
    unread.push(t(`setupapi.dev.log: ${reasonOf(setup)}`, `setupapi.dev.log: ${reasonTextOf(setup).ja}`));
  const reg = ev.get(WIN_ENUM_USBSTOR);
  const usb = ev.get(WIN_ENUM_USB);
  const scsi = ev.get(WIN_ENUM_SCSI);
  const coverage = [t('Enum\\USBSTOR', 'Enum\\USBSTOR')];
  if (usb.status === 'ok' || usb.status === 'missing') coverage.push(t('Enum\\USB (UAS)', 'Enum\\USB（UAS）'));
  else unread.push(t(`Enum\\USB (UAS drives): ${reasonOf(usb)}`, `Enum\\USB（UAS ドライブ）: ${reasonTextOf(usb).ja}`));
  if (reg.status === 'ok' || reg.status === 'missing') {
    anyRead = true;
    if (hasInstances(reg.registry) || hasInstances(usb.registry)) {
      // One entry per device instance, with the registry's own times.
      for (const e of enumDevices(
        reg.registry,
        usb.status === 'ok' ? usb.registry : undefined,
        scsi.status === 'ok' ? scsi.registry : undefined,
      ))
        add(fromEnum(e));
    }
    // A target that read one level only: the models, each attached to its timed records if any.
    for (const sub of (reg.registry?.subkeys ?? []).slice(0, 500)) {
      const prefix = `usbstor\\${sub.toLowerCase()}`;
      const timed = [...byId.keys()].some((k) => k.startsWith(prefix));
      if (!timed) add({ id: `USBSTOR\\${clip(sub, 200)}`, sources: ['Enum\\USBSTOR'] });
      else
        for (const [k, d] of byId)
          if (k.startsWith(prefix) && !d.sources.includes('Enum\\USBSTOR')) d.sources.push('Enum\\USBSTOR');
    }
  } else unread.push(t(`Enum\\USBSTOR: ${reasonOf(reg)}`, `Enum\\USBSTOR: ${reasonTextOf(reg).ja}`));
  if (!anyRead || (reg.status !== 'ok' && reg.status !== 'missing' && byId.size === 0)) {
    return [
      {
        status: 'error',
        message: t(
          `Could not read the USB storage history (${unread.map((u) => u.en).join('; ')}).`,
          `USB ストレージの接続履歴を読み取れませんでした（${unread.map((u) => u.ja).join('、')}）。`,
        ),
        evidence: evKeys,
      },
    ];
  }
  if (unread.length)
    coverage.push(
      t(`not read: ${unread.map((u) => u.en).join('; ')}`, `読み取れなかったもの: ${unread.map((u) => u.ja).join('、')}`),
    );
  return report([...byId.values()], ctx, evKeys, t(coverage.map((c) => c.en).join('; '), coverage.map((c) => c.ja).join('、')));
}

function historyLinux(ev: Evidence, ctx: CheckContext<HistoryParams>): Finding[] {
  const evKeys = keysOf(LINUX_KERNEL_USB_LOG, ...LINUX_LOG_FILES);
  const text = commandText(ev, LINUX_KERNEL_USB_LOG);
  const notes: Text[] = [];
  if (text !== undefined) {
    const pairs = keyValueLines(
      text
        .split(/\r?\n/)
        .filter((l) => /^journal/.test(l))
        .join('\n'),
    );
    const first = pairs.find(([k]) => k === 'journal_first')?.[1] ?? '';
    if (first !== '')
      return report(
        parseKernelUsbLog(text, 'journal'),
        ctx,
        evKeys,
        t(`kernel journal since ${clip(first, 40)}`, `${clip(first, 40)} 以降のカーネルのジャーナル`),
      );
    notes.push(
      pairs.some(([k]) => k === 'journal')
        ? t('no journalctl', 'journalctl がありません')
        : t(
            'the kernel journal is empty or not readable (needs root or the adm/systemd-journal group)',
            'カーネルのジャーナルが空か、読み取れません（root 権限、または adm／systemd-journal グループが必要です）',
          ),
    );
  } else
    notes.push(
      t(`journal: ${reasonOf(ev.get(LINUX_KERNEL_USB_LOG))}`, `ジャーナル: ${reasonTextOf(ev.get(LINUX_KERNEL_USB_LOG)).ja}`),
    );
  const files = LINUX_LOG_FILES.filter((f) => ev.get(f).status === 'ok');
  if (files.length > 0) {
    const devices = files.flatMap((f) => parseKernelUsbLog(ev.text(f) ?? '', f.path));
    const trunc = files.filter((f) => ev.get(f).truncated).map((f) => f.path);
    const read = files.map((f) => f.path).join(', ');
    return report(
      devices,
      ctx,
      evKeys,
      t(
        `${read}${trunc.length ? ` (truncated: ${trunc.join(', ')})` : ''}`,
        `${read}${trunc.length ? `（途中まで: ${trunc.join(', ')}）` : ''}`,
      ),
    );
  }
  for (const f of LINUX_LOG_FILES) notes.push(t(`${f.path}: ${reasonOf(ev.get(f))}`, `${f.path}: ${reasonTextOf(ev.get(f)).ja}`));
  return [
    {
      status: 'error',
      message: t(
        `No readable record of attached USB devices (${notes.map((n) => n.en).join('; ')}).`,
        `USB デバイスの接続記録を読み取れませんでした（${notes.map((n) => n.ja).join('、')}）。`,
      ),
      evidence: evKeys,
    },
  ];
}

export const deviceHistory: Check<HistoryParams> = {
  id: 'usb.device-history',
  family: 'usb',
  title: t('USB storage devices that were attached are traceable', '接続された USB ストレージを追跡できる'),
  description: t(
    'Lists the storage devices recorded as attached, one per device (serial number), with times, so each one can be traced ' +
      'to a person and a reason (guideline policy 8). Windows: Enum\\USBSTOR and USB 3 UAS drives under Enum\\USB/Enum\\SCSI ' +
      'with their install, last-arrival and last-removal times, Kernel-PnP events and setupapi.dev.log; Linux: the kernel ' +
      'journal or kern.log.',
    '接続が記録された USB ストレージをデバイス（シリアル番号）ごとに日時つきで一覧にし、' +
      '誰が何のために接続したか追跡できるようにします（ガイドライン方針8）。Windows は Enum\\USBSTOR と Enum\\USB／Enum\\' +
      'SCSI の USB 3 UAS 接続ドライブ（インストール・最終接続・最終取り外しの日時）、Kernel-PnP イベント、setupapi.dev.log、' +
      'Linux はカーネルのジャーナルまたは kern.log を使います。',
  ),
  remediation: t(
    'Ask the store who attached each unknown device and why; add approved maintenance devices to the knownDevices ' +
      'parameter. Keep the logs (persistent journal; Audit PNP Activity) so the record survives.',
    '不明なデバイスについて、店舗に誰が何のために接続したか確認してください。' +
      '承認済みの保守用デバイスは knownDevices パラメーターに登録してください。記録が残るよう、ログ（永続ジャーナル、' +
      'PNP アクティビティの監査）を保存してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'low',
  params: {
    type: 'object',
    properties: {
      knownDevices: {
        type: 'array',
        items: { type: 'string', maxLength: 200 },
        default: [],
        description:
          'Approved devices, matched case-insensitively against what the record holds: a serial number (Windows: the ' +
          'USBSTOR instance id without its `&0`, e.g. `AA951D0000007252`; UAS: the USB instance id), a whole device id, or ' +
          'one whole part of it (the instance id, a model such as `Disk&Ven_HP&Prod_v100w&Rev_1024`, which approves every ' +
          'device of that model, `VID_0781&PID_558C`, or `0781:5567` on Linux). Never a substring.',
      },
      unknownDeviceStatus: {
        type: 'string',
        enum: ['warn', 'fail'],
        default: 'warn',
        description: 'Status for a device not in knownDevices.',
      },
      maxDevices: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'How many devices to list.' },
    },
    additionalProperties: false,
  },
  requests: () => [
    LINUX_KERNEL_USB_LOG,
    ...LINUX_LOG_FILES,
    WIN_ENUM_USBSTOR,
    WIN_ENUM_USB,
    WIN_ENUM_SCSI,
    WIN_PNP_EVENTS,
    WIN_SETUPAPI,
  ],
  evaluate: (ev, ctx) => (ctx.platform.os === 'windows' ? historyWindows(ev, ctx) : historyLinux(ev, ctx)),
};

/** Exported for tests. */
export const historyRequests = {
  WIN_ENUM_USBSTOR,
  WIN_ENUM_USB,
  WIN_ENUM_SCSI,
  WIN_PNP_EVENTS,
  WIN_SETUPAPI,
  LINUX_KERNEL_USB_LOG,
  LINUX_LOG_FILES,
};
