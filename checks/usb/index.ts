/** USB lockdown checks: storage blocked (every way in, not just one driver), AutoRun off, and an
 * allow list naming the POS peripherals. The device history lives in usb-history.ts. */
import type { Evidence, RegistryRequest, RegistryValue } from '../../core/evidence.js';
import { t } from '../../core/i18n.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { linuxUsbFacts, linuxUsbRequests, WIN_DEVINST, WIN_USB_REQUESTS, windowsUsbFacts, type Channel } from './channels.js';
import { keysOf } from '../kit/answers.js';
import { cannotRead } from '../kit/findings.js';
import { regNumber, regStrings, regValues } from '../kit/registry.js';
import { clip } from '../kit/text.js';
import { DEFAULT_MODPROBE_FILES, interfaceKinds, USBGUARD_CONF, USBGUARD_RULES } from './linux.js';
import { deviceHistory } from './history.js';

const FAMILY = 'usb';

// ---------------------------------------------------------------- usb.storage-blocked

interface StorageParams {
  includePhones: boolean;
  modprobeFiles: string[];
}

function channelList(cs: Channel[], lang: 'en' | 'ja'): string {
  return cs
    .map((c) => (lang === 'en' ? `${c.name.en} (${c.why.en})` : `${c.name.ja}（${c.why.ja}）`))
    .join(lang === 'en' ? '; ' : '、');
}

function storageVerdict(channels: Channel[], evidence: string[], details: Record<string, unknown>): Finding[] {
  const open = channels.filter((c) => c.state === 'open');
  const unknown = channels.filter((c) => c.state === 'unknown');
  const closed = channels.filter((c) => c.state === 'closed');
  const d = { ...details, channels: channels.map((c) => ({ name: c.name.en, state: c.state, why: clip(c.why.en, 300) })) };
  if (open.length > 0) {
    const partial = closed.length > 0 ? t(' (partial lockdown)', '（一部のみ制限）') : t('', '');
    return [
      {
        status: 'fail',
        message: t(
          `USB storage is still open${partial.en}: ${channelList(open, 'en')}.`,
          `USB ストレージの経路が開いています${partial.ja}：${channelList(open, 'ja')}。`,
        ),
        remediation: t(open.map((c) => c.fix.en).join(' '), open.map((c) => c.fix.ja).join(' ')),
        evidence,
        details: d,
      },
    ];
  }
  if (unknown.length > 0) {
    return [
      {
        status: 'error',
        message: t(
          `Could not tell whether USB storage is blocked for: ${channelList(unknown, 'en')}.`,
          `次の経路で USB ストレージが制限されているか判断できませんでした：${channelList(unknown, 'ja')}。`,
        ),
        evidence,
        details: d,
      },
    ];
  }
  return [
    {
      status: 'pass',
      message: t(
        `USB storage is blocked on every way in: ${channelList(closed, 'en')}.`,
        `USB ストレージはすべての経路で制限されています：${channelList(closed, 'ja')}。`,
      ),
      evidence,
      details: d,
    },
  ];
}

const storageBlocked: Check<StorageParams> = {
  id: 'usb.storage-blocked',
  family: FAMILY,
  title: t('USB storage is blocked', 'USB ストレージが使用禁止になっている'),
  description: t(
    'A USB stick is the easiest way to carry malware in or card data out. Every way in is checked: Linux usb-storage and ' +
      'uas (install /bin/false, not built into the kernel, not loaded) or USBGuard / authorized_default; Windows USBSTOR and ' +
      'UASPStor Start=4, removable-storage policies (Deny_All, Removable Disks, WPD) and device-installation restrictions. A ' +
      'partial lockdown fails and names what is still open.',
    'USB メモリはマルウェアの持ち込みやカード情報の持ち出しに最も使われやすい経路です。すべての経路を確認します。' +
      'Linux は usb-storage と uas（install /bin/false、カーネル組み込みでないこと、未ロード）' +
      'または USBGuard／authorized_default、Windows は USBSTOR と UASPStor の Start=4、リムーバブル記憶域ポリシー（Deny_All、' +
      'リムーバブルディスク、WPD）とデバイスのインストール制限です。一部だけの制限は不合格とし、開いている経路を示します。',
  ),
  remediation: t(
    'Block every way in: on Linux enforce USBGuard with a block policy (or install usb-storage/uas /bin/false where the ' +
      'drivers are modules); on Windows set the removable-storage policy "Deny all access" plus USBSTOR/UASPStor Start=4.',
    'すべての経路を塞いでください。Linux は USBGuard をブロック方針で有効にする（ドライバーがモジュールなら usb-storage と ' +
      'uas に install /bin/false も設定）、Windows はリムーバブル記憶域ポリシー「すべてのアクセスを拒否」' +
      'と USBSTOR／UASPStor の Start=4 を設定します。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      includePhones: {
        type: 'boolean',
        default: true,
        description: 'Also require phones and cameras (MTP/PTP/WPD) to be blocked.',
      },
      modprobeFiles: {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z0-9._-]+\\.conf$', maxLength: 100 },
        default: DEFAULT_MODPROBE_FILES,
        description: 'modprobe.d file names to read on offline images (a live scan reads them all).',
      },
    },
    additionalProperties: false,
  },
  requests: (p) => [...linuxUsbRequests(p.modprobeFiles), ...WIN_USB_REQUESTS],
  evaluate: (ev, ctx) => {
    if (ctx.platform.os === 'windows') {
      const f = windowsUsbFacts(ev);
      const channels = ctx.params.includePhones ? f.channels : f.channels.filter((c) => !/WPD/.test(c.name.en));
      return storageVerdict(channels, keysOf(...WIN_USB_REQUESTS), f.details);
    }
    const f = linuxUsbFacts(ev, ctx.targetKind, ctx.params.modprobeFiles, ctx.params.includePhones);
    return storageVerdict(f.channels, keysOf(...linuxUsbRequests(ctx.params.modprobeFiles)), f.details);
  },
};

// ---------------------------------------------------------------- usb.autorun-disabled

const WIN_EXPLORER_POLICY: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
};
const WIN_EXPLORER_GPO: RegistryRequest = {
  kind: 'registry',
  os: 'windows',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Explorer',
};

interface AutorunParams {
  require: Array<'NoDriveTypeAutoRun' | 'NoAutorun' | 'NoAutoplayfornonVolume'>;
}

const autorunDisabled: Check<AutorunParams> = {
  id: 'usb.autorun-disabled',
  family: FAMILY,
  title: t('AutoRun and AutoPlay are off', '自動実行（AutoRun・自動再生）が無効になっている'),
  description: t(
    'AutoRun starts programs from a USB stick or CD as soon as it is inserted. Pass needs NoDriveTypeAutoRun=255 (all ' +
      'drives), NoAutorun=1 and NoAutoplayfornonVolume=1 in HKLM.',
    '自動実行は USB メモリや CD を挿しただけでプログラムを起動します。HKLM で NoDriveTypeAutoRun=255（全ドライブ）、' +
      'NoAutorun=1、NoAutoplayfornonVolume=1 が設定されていれば合格です。',
  ),
  remediation: t(
    'Group Policy: Computer Configuration > Administrative Templates > Windows Components > AutoPlay Policies: "Turn off ' +
      'AutoPlay" = All drives, "Set the default behavior for AutoRun" = Do not execute, "Disallow AutoPlay for non-volume ' +
      'devices" = Enabled.',
    'グループポリシー「コンピューターの構成 > 管理用テンプレート > Windows コンポーネント > 自動再生のポリシー」で、' +
      '「自動再生を無効にする」＝すべてのドライブ、「自動実行の既定の動作を設定する」＝自動実行コマンドを実行しない、' +
      '「ボリューム以外のデバイスの自動再生を許可しない」＝有効、にしてください。',
  ),
  platforms: ['windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      require: {
        type: 'array',
        items: { type: 'string', enum: ['NoDriveTypeAutoRun', 'NoAutorun', 'NoAutoplayfornonVolume'] },
        default: ['NoDriveTypeAutoRun', 'NoAutorun', 'NoAutoplayfornonVolume'],
        description: 'Which of the three settings must be set.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [WIN_EXPLORER_POLICY, WIN_EXPLORER_GPO],
  evaluate: (ev, ctx) => {
    if (ctx.platform.os !== 'windows')
      return [{ status: 'not-applicable', message: t('AutoRun is a Windows setting.', '自動実行は Windows の設定です。') }];
    const evKeys = keysOf(WIN_EXPLORER_POLICY, WIN_EXPLORER_GPO);
    const answers = [ev.get(WIN_EXPLORER_POLICY), ev.get(WIN_EXPLORER_GPO)];
    const bad = answers.find((a) => a.status !== 'ok' && a.status !== 'missing');
    if (bad) return [cannotRead(t('the AutoRun policy', '自動実行のポリシー'), bad, evKeys)];
    const values: RegistryValue[] = answers.flatMap((a) => regValues(a) ?? []);
    const got = {
      NoDriveTypeAutoRun: regNumber(values, 'NoDriveTypeAutoRun'),
      NoAutorun: regNumber(values, 'NoAutorun'),
      NoAutoplayfornonVolume: regNumber(values, 'NoAutoplayfornonVolume'),
    };
    const want = { NoDriveTypeAutoRun: 255, NoAutorun: 1, NoAutoplayfornonVolume: 1 };
    const wrong = ctx.params.require.filter((k) => got[k] !== want[k]);
    const shown = (k: keyof typeof got): string =>
      `${k}=${got[k] === undefined ? 'not set' : k === 'NoDriveTypeAutoRun' ? `0x${(got[k] ?? 0).toString(16)}` : got[k]}`;
    if (wrong.length > 0) {
      return [
        {
          status: 'fail',
          message: t(
            `AutoRun/AutoPlay is not fully off: ${wrong.map(shown).join(', ')} (needed: ` +
              `${wrong.map((k) => `${k}=${k === 'NoDriveTypeAutoRun' ? '0xff' : want[k]}`).join(', ')}).`,
            `自動実行／自動再生が完全には無効になっていません：${wrong.map(shown).join('、')}（必要な値：` +
              `${wrong.map((k) => `${k}=${k === 'NoDriveTypeAutoRun' ? '0xff' : want[k]}`).join('、')}）。`,
          ),
          location: WIN_EXPLORER_POLICY.key,
          evidence: evKeys,
          details: got,
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: t(
          `AutoRun and AutoPlay are off (${ctx.params.require.map(shown).join(', ')}).`,
          `自動実行と自動再生は無効です（${ctx.params.require.map(shown).join('、')}）。`,
        ),
        location: WIN_EXPLORER_POLICY.key,
        evidence: evKeys,
        details: got,
      },
    ];
  },
};

// ---------------------------------------------------------------- usb.allowed-peripherals

interface PeripheralsParams {
  maxListed: number;
}

/** Windows setup classes whose class-wide allow would let storage in. */
const STORAGE_CLASSES = new Map([
  ['{4d36e967-e325-11ce-bfc1-08002be10318}', 'DiskDrive'],
  ['{eec5ad98-8080-425f-922a-dabf3de3f69a}', 'WPD'],
  ['{71a27cdd-812a-11d0-bec7-08002be2092f}', 'Volume'],
  ['{4d36e965-e325-11ce-bfc1-08002be10318}', 'CDROM'],
]);

function childList(values: Record<string, RegistryValue[]> | undefined, name: string): string[] {
  const k = Object.keys(values ?? {}).find((x) => x.toLowerCase() === name.toLowerCase());
  return k ? regStrings(values?.[k]) : [];
}

function peripheralsWindows(ev: Evidence, ctx: CheckContext<PeripheralsParams>): Finding[] {
  const evKeys = keysOf(WIN_DEVINST);
  const a = ev.get(WIN_DEVINST);
  const noList = t(
    'No device allow list: device installation is not limited to named devices (DenyUnspecified is not 1), so any USB ' +
      'device can be installed.',
    'デバイスの許可リストがありません（DenyUnspecified が 1 ではありません）。どの USB デバイスでもインストールできます。',
  );
  if (a.status === 'missing') return [{ status: 'fail', message: noList, location: WIN_DEVINST.key, evidence: evKeys }];
  if (a.status !== 'ok')
    return [cannotRead(t('the device installation restrictions', 'デバイスのインストール制限'), a, evKeys, WIN_DEVINST.key)];
  const ids = childList(a.registry?.children, 'AllowDeviceIDs');
  const instances = childList(a.registry?.children, 'AllowInstanceIDs');
  const classes = childList(a.registry?.children, 'AllowDeviceClasses');
  const max = ctx.params.maxListed;
  const details = {
    allowDeviceIDs: ids.slice(0, max),
    allowInstanceIDs: instances.slice(0, max),
    allowDeviceClasses: classes.slice(0, max),
    total: ids.length + instances.length + classes.length,
  };
  if (regNumber(regValues(a), 'DenyUnspecified') !== 1)
    return [{ status: 'fail', message: noList, location: WIN_DEVINST.key, evidence: evKeys, details }];
  if (ids.length + instances.length + classes.length === 0) {
    return [
      {
        status: 'fail',
        message: t(
          'Device installation is denied for everything with an empty allow list: the POS peripherals will not install ' +
            'after a replacement, and store IT will be pushed to lift the block.',
          'すべてのデバイスのインストールが禁止され、許可リストが空です。周辺機器を交換するとインストールできず、' +
            '店舗 IT が制限そのものを解除してしまうおそれがあります。',
        ),
        location: WIN_DEVINST.key,
        evidence: evKeys,
        details,
      },
    ];
  }
  const storage = classes.map((c) => STORAGE_CLASSES.get(c.toLowerCase())).filter((x): x is string => x !== undefined);
  if (storage.length > 0) {
    return [
      {
        status: 'fail',
        message: t(
          `The allow list admits whole storage classes: ${storage.join(', ')}.`,
          `許可リストがストレージのクラス全体を許可しています：${storage.join('、')}。`,
        ),
        location: WIN_DEVINST.key,
        evidence: evKeys,
        details,
      },
    ];
  }
  const shown = [...ids, ...instances, ...classes].slice(0, 10).join(', ');
  return [
    {
      status: 'pass',
      message: t(
        `Only listed devices can be installed (DenyUnspecified=1); allow list: ${shown}.`,
        `許可リストにあるデバイスだけがインストールできます（DenyUnspecified=1）。許可リスト：${shown}。`,
      ),
      location: WIN_DEVINST.key,
      evidence: evKeys,
      details,
    },
  ];
}

function peripheralsLinux(ev: Evidence, ctx: CheckContext<PeripheralsParams>): Finding[] {
  const f = linuxUsbFacts(ev, ctx.targetKind, DEFAULT_MODPROBE_FILES, true);
  const g = f.usbguard;
  const evKeys = keysOf(USBGUARD_CONF, USBGUARD_RULES, ...linuxUsbRequests(DEFAULT_MODPROBE_FILES).slice(0, 1));
  const allows = g.rules.filter((r) => r.target === 'allow');
  const peripherals = allows.filter((r) => !(r.id?.startsWith('1d6b:') ?? false));
  const list = peripherals.slice(0, ctx.params.maxListed).map((r) => ({
    id: r.id,
    name: r.name,
    serial: r.hasSerial,
    hash: r.hasHash,
    kinds: interfaceKinds(r.interfaces),
    rule: r.text,
    source: r.source,
  }));
  const details = { usbguard: g.state, implicitPolicyTarget: g.implicit, allowList: list, allowRules: allows.length };
  if (g.state === 'unknown')
    return [
      {
        status: 'error',
        message: t(
          `Could not read the USBGuard policy: ${g.why.en}.`,
          `USBGuard のポリシーを読み取れませんでした（${g.why.ja}）。`,
        ),
        evidence: evKeys,
        details,
      },
    ];
  const catchAll = allows.find((r) => r.catchAll);
  if (catchAll)
    return [
      {
        status: 'fail',
        message: t(
          `USBGuard has a rule that allows every device: ${catchAll.text}`,
          `USBGuard にすべてのデバイスを許可するルールがあります：${catchAll.text}`,
        ),
        location: catchAll.source,
        evidence: evKeys,
        details,
      },
    ];
  if (g.state === 'off' && g.implicit === undefined) {
    if (f.authorizedDefault === 'on')
      return [
        {
          status: 'manual',
          message: t(
            'USB devices are not authorized by default (authorized_default), but the allow mechanism is not USBGuard: ' +
              'check the udev rules that authorize the POS peripherals.',
            'USB デバイスは既定で無効（authorized_default）ですが、許可の仕組みが USBGuard ではありません。' +
              'POS 周辺機器を許可する udev ルールを確認してください。',
          ),
          remediation: t(
            'Review /etc/udev/rules.d for ATTR{authorized}="1" rules and confirm they name only the POS peripherals.',
            '/etc/udev/rules.d の ATTR{authorized}="1" ルールが POS 周辺機器だけを指定していることを確認してください。',
          ),
          evidence: evKeys,
          details,
        },
      ];
    return [
      {
        status: 'fail',
        message: t(
          `No USB device allow list: ${g.why.en}; any USB device is accepted.`,
          `USB デバイスの許可リストがありません（${g.why.ja}）。どの USB デバイスでも接続できます。`,
        ),
        evidence: evKeys,
        details,
      },
    ];
  }
  if (g.implicit !== 'block' && g.implicit !== 'reject')
    return [
      {
        status: 'fail',
        message: t(
          `USBGuard lets unlisted devices in (ImplicitPolicyTarget=${g.implicit}).`,
          `USBGuard が許可リスト外のデバイスを受け入れます（ImplicitPolicyTarget=${g.implicit}）。`,
        ),
        evidence: evKeys,
        details,
      },
    ];
  if (peripherals.length === 0) {
    return [
      {
        status: 'fail',
        message: t(
          'USBGuard blocks everything with no allow rule for the POS peripherals: a replaced scanner or printer will not ' +
            'work, and store IT will be pushed to allow everything.',
          'USBGuard がすべてをブロックし、POS 周辺機器の許可ルールがありません。スキャナーやプリンターを交換すると動かず、' +
            '店舗 IT がすべてを許可してしまうおそれがあります。',
        ),
        evidence: evKeys,
        details,
      },
    ];
  }
  const loose = peripherals.filter((r) => r.id === undefined || r.id.includes('*'));
  const names = list
    .slice(0, 10)
    .map((p) => `${p.id ?? '*'}${p.name ? ` "${p.name}"` : ''}${p.kinds.length ? ` [${p.kinds.join('/')}]` : ''}`)
    .join(', ');
  const namesJa = peripherals
    .slice(0, Math.min(10, ctx.params.maxListed))
    .map((r) => {
      const kinds = interfaceKinds(r.interfaces, 'ja');
      return `${r.id ?? '*'}${r.name ? ` "${r.name}"` : ''}${kinds.length ? ` [${kinds.join('/')}]` : ''}`;
    })
    .join(', ');
  if (loose.length > 0) {
    return [
      {
        status: 'warn',
        message: t(
          `The allow list has rules without a device id (any device of that kind is accepted): ${loose
            .map((r) => r.text)
            .slice(0, 5)
            .join(' | ')}.`,
          `許可リストにデバイス ID のないルールがあります（その種類のデバイスなら何でも接続できます）：${loose
            .map((r) => r.text)
            .slice(0, 5)
            .join(' | ')}。`,
        ),
        evidence: evKeys,
        details,
      },
    ];
  }
  if (g.state !== 'on')
    return [
      {
        status: 'fail',
        message: t(
          `The allow list exists but USBGuard does not enforce it: ${g.why.en}.`,
          `許可リストはありますが、USBGuard が適用していません（${g.why.ja}）。`,
        ),
        evidence: evKeys,
        details,
      },
    ];
  return [
    {
      status: 'pass',
      message: t(
        `USBGuard admits only listed devices: ${names}.`,
        `USBGuard は許可リストのデバイスだけを受け入れます：${namesJa}。`,
      ),
      evidence: evKeys,
      details,
    },
  ];
}

const allowedPeripherals: Check<PeripheralsParams> = {
  id: 'usb.allowed-peripherals',
  family: FAMILY,
  title: t('Only listed USB peripherals are allowed', '許可された USB 周辺機器だけが使える'),
  description: t(
    'A USB allow list (USBGuard rules, or Windows device-installation allow lists) names the POS peripherals (scanner, ' +
      'printer, keyboard, card reader) so that a blanket block does not push store IT into allowing everything. The allow ' +
      'list is reported as the peripheral inventory.',
    'USB の許可リスト（USBGuard のルール、または Windows のデバイスインストール許可リスト）に POS 周辺機器（スキャナー、' +
      'プリンター、キーボード、カードリーダー）を明記し、一律禁止のせいで店舗 IT が「すべて許可」にしてしまうことを防ぎます。' +
      '許可リストは周辺機器の一覧として報告します。',
  ),
  remediation: t(
    'Linux: generate USBGuard rules from the known-good till (usbguard generate-policy), keep id, serial and ' +
      'with-interface, set ImplicitPolicyTarget=block. Windows: enable "Prevent installation of devices not described by ' +
      'other policy settings" and list the peripherals\' hardware IDs under "Allow installation of devices that match any of ' +
      'these device IDs".',
    'Linux：正常なレジで USBGuard のルールを生成し（usbguard generate-policy）、id・serial・' +
      'with-interface を残して ImplicitPolicyTarget=block にしてください。Windows：' +
      '「他のポリシー設定で説明されていないデバイスのインストールを禁止する」を有効にし、' +
      '「これらのデバイス ID と一致するデバイスのインストールを許可する」に周辺機器のハードウェア ID を登録してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      maxListed: {
        type: 'integer',
        minimum: 1,
        maximum: 500,
        default: 100,
        description: 'How many allow-list entries to keep in the evidence.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [...linuxUsbRequests(DEFAULT_MODPROBE_FILES), WIN_DEVINST],
  evaluate: (ev, ctx) => (ctx.platform.os === 'windows' ? peripheralsWindows(ev, ctx) : peripheralsLinux(ev, ctx)),
};

export const checks: AnyCheck[] = [storageBlocked, autorunDisabled, allowedPeripherals, deviceHistory];

/** Exported for tests. */
export const usbRequests = { WIN_EXPLORER_POLICY, WIN_EXPLORER_GPO };
