/**
 * Card data in application memory (POS guideline 方針1, asset 中) leaking to disk: crash and core
 * dumps, the page file or swap, hibernation. Pure evaluation of settings gathered once.
 */
import type { Evidence, EvidenceRequest, FileRequest, GlobRequest } from '../../core/evidence.js';
import { t } from '../../core/i18n.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { isKnown, keysOf } from '../kit/answers.js';
import { configLines, int } from '../kit/config.js';
import { cannotRead, needsRunningSystem, osOf, UNKNOWN_OS } from '../kit/findings.js';
import { regValue, regValues } from '../kit/registry.js';
import { clip } from '../kit/text.js';

type NoParams = Record<string, never>;
const noParams = { type: 'object' as const, properties: {}, additionalProperties: false };

// ---------------------------------------------------------------- requests
const CRASH_CONTROL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\CrashControl';
const LOCAL_DUMPS = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps';
const MEMORY_MANAGEMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management';
const POWER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power';
export const CRASH: EvidenceRequest = { kind: 'registry', key: CRASH_CONTROL, os: 'windows' };
/** With its subkeys: LocalDumps\\<app.exe> holds per-application settings that override the global ones. */
export const WER: EvidenceRequest = { kind: 'registry', key: LOCAL_DUMPS, subkeys: true, os: 'windows' };
export const MM: EvidenceRequest = { kind: 'registry', key: MEMORY_MANAGEMENT, os: 'windows' };
export const PWR: EvidenceRequest = { kind: 'registry', key: POWER, os: 'windows' };
export const CORE_PATTERN: FileRequest = { kind: 'file', path: '/proc/sys/kernel/core_pattern', os: 'linux', maxBytes: 4096 };
export const SUID_DUMPABLE: FileRequest = { kind: 'file', path: '/proc/sys/fs/suid_dumpable', os: 'linux', maxBytes: 64 };
export const COREDUMP_CONF: FileRequest = { kind: 'file', path: '/etc/systemd/coredump.conf', os: 'linux', maxBytes: 64 * 1024 };
export const COREDUMP_DROPINS: GlobRequest = {
  kind: 'glob',
  pattern: '/etc/systemd/coredump.conf.d/*.conf',
  read: true,
  os: 'linux',
  maxBytes: 64 * 1024,
};
export const FSTAB: FileRequest = { kind: 'file', path: '/etc/fstab', os: 'linux', maxBytes: 256 * 1024 };
export const CRYPTTAB: FileRequest = { kind: 'file', path: '/etc/crypttab', os: 'linux', maxBytes: 256 * 1024 };

// ---------------------------------------------------------------- memory.crash-dumps
const crashDumps: Check<NoParams> = {
  id: 'memory.crash-dumps',
  family: 'memory',
  title: t('Crashes do not write process memory to disk', 'クラッシュ時にプロセスのメモリをディスクに書き出さない'),
  description: t(
    'A crash or core dump of the POS application holds the card data that was in its memory. Windows: a complete memory ' +
      'dump (CrashDumpEnabled=1) or full user-mode dumps by Windows Error Reporting (LocalDumps DumpType=2) fail. Linux: ' +
      'fs.suid_dumpable must be 0, and a core_pattern that stores dumps (systemd-coredump without Storage=none, apport, ' +
      'abrt, or a file) fails. Linux settings are read from the running system only.',
    'POS アプリのクラッシュダンプやコアダンプには、メモリ上にあったカード情報が含まれます。' +
      'Windows: 完全メモリダンプ（CrashDumpEnabled=1）や Windows エラー報告の完全ユーザーモードダンプ（LocalDumps の ' +
      'DumpType=2）は不合格です。Linux: fs.suid_dumpable が 0 であること、ダンプを保存する core_pattern（Storage=none でない ' +
      'systemd-coredump、apport、abrt、ファイル）は不合格です。Linux の設定は稼働中のシステムからのみ読み取ります。',
  ),
  remediation: t(
    'Windows: set "Write debugging information" to Small memory dump or None (CrashDumpEnabled=3 or 0) and remove ' +
      'LocalDumps or set DumpType=1 (mini dump) for the POS application. Linux: sysctl fs.suid_dumpable=0 (in ' +
      '/etc/sysctl.d/), Storage=none and ProcessSizeMax=0 in /etc/systemd/coredump.conf, or kernel.core_pattern=|/bin/false; ' +
      'uninstall apport/abrt on terminals.',
    'Windows: 「デバッグ情報の書き込み」を最小メモリダンプまたはなし（CrashDumpEnabled=3 または 0）にし、' +
      'LocalDumps を削除するか POS アプリの DumpType=1（ミニダンプ）にしてください。Linux: ' +
      '/etc/sysctl.d/ で fs.suid_dumpable=0、/etc/systemd/coredump.conf で Storage=none と ProcessSizeMax=0、' +
      'または kernel.core_pattern=|/bin/false を設定し、端末から apport・abrt を削除してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: noParams,
  requests: () => [CRASH, WER, CORE_PATTERN, SUID_DUMPABLE, COREDUMP_CONF, COREDUMP_DROPINS],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? windowsDumps(ev) : linuxDumps(ev, ctx);
  },
};

function windowsDumps(ev: Evidence): Finding[] {
  const crash = ev.get(CRASH);
  if (!isKnown(crash)) return [cannotRead(t('the crash-dump settings', 'クラッシュダンプの設定'), crash, CRASH)];
  const wer = ev.get(WER);
  if (!isKnown(wer))
    return [cannotRead(t('the Windows Error Reporting dump settings', 'Windows エラー報告のダンプ設定'), wer, WER)];
  const evidence = keysOf(CRASH, WER);
  const out: Finding[] = [];
  const enabled = int(regValue(regValues(crash), 'crashdumpenabled')) ?? 7;
  if (enabled === 1)
    out.push({
      status: 'fail',
      message: t(
        'Windows writes a complete memory dump on a system crash (CrashDumpEnabled=1): all process memory, card data ' +
          'included, goes to disk.',
        'システムのクラッシュ時に完全メモリダンプを書き出します（CrashDumpEnabled=1）。' +
          'カード情報を含むすべてのプロセスのメモリがディスクに書かれます。',
      ),
      location: CRASH_CONTROL,
      evidence,
    });
  const localDumps = wer.status === 'ok';
  const dumpType = localDumps ? (int(regValue(regValues(wer), 'dumptype')) ?? 1) : undefined;
  // Per-application keys (LocalDumps\<app.exe>) override the global DumpType for that program.
  const fullApps = Object.entries(localDumps ? (wer.registry?.children ?? {}) : {})
    .filter(([, values]) => int(regValue(values, 'dumptype')) === 2)
    .map(([app]) => app);
  if (fullApps.length > 0 && dumpType !== 2)
    out.push({
      status: 'fail',
      message: t(
        `Windows Error Reporting keeps full user-mode dumps of ${clip(fullApps.join(', '))} (LocalDumps\\<program> ` +
          `DumpType=2): that program's memory goes to disk when it crashes.`,
        `Windows エラー報告が ${clip(fullApps.join(', '))} の完全ユーザーモードダンプを保存します（LocalDumps\\` +
          `<プログラム> の DumpType=2）。クラッシュ時にそのプログラムのメモリがディスクに書かれます。`,
      ),
      location: `${LOCAL_DUMPS}\\${fullApps[0] ?? ''}`,
      evidence,
    });
  if (dumpType === 2)
    out.push({
      status: 'fail',
      message: t(
        'Windows Error Reporting keeps full user-mode dumps of crashing programs (LocalDumps DumpType=2): the POS ' +
          'application memory goes to disk.',
        'Windows エラー報告がクラッシュしたプログラムの完全ユーザーモードダンプを保存します（LocalDumps の DumpType=2）。' +
          'POS アプリのメモリがディスクに書かれます。',
      ),
      location: LOCAL_DUMPS,
      evidence,
    });
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `No complete memory dump (CrashDumpEnabled=${enabled}) and no full user-mode ` +
          `dumps${localDumps ? ` (LocalDumps DumpType=${dumpType})` : ''}.`,
        `完全メモリダンプ（CrashDumpEnabled=${enabled}）も完全ユーザーモードダンプ` +
          `${localDumps ? `（LocalDumps の DumpType=${dumpType}）` : ''}も書き出しません。`,
      ),
      location: CRASH_CONTROL,
      evidence,
    });
  return out;
}

/** systemd-coredump's Storage=, the last setting winning (main file, then drop-ins in name order). */
function coredumpStorage(ev: Evidence): string {
  let storage = 'external';
  const texts = [ev.text(COREDUMP_CONF) ?? '', ...ev.files(COREDUMP_DROPINS).map((f) => f.data)];
  for (const text of texts)
    for (const line of configLines(text)) {
      const m = /^Storage\s*=\s*(\S+)/i.exec(line);
      if (m) storage = m[1].toLowerCase();
    }
  return storage;
}

function linuxDumps(ev: Evidence, ctx: CheckContext<NoParams>): Finding[] {
  const pattern = ev.get(CORE_PATTERN);
  const suid = ev.get(SUID_DUMPABLE);
  if (ctx.targetKind === 'image' || pattern.status === 'unsupported')
    return [
      needsRunningSystem(
        t('The kernel core-dump settings', 'カーネルのコアダンプ設定'),
        t(
          'On the running terminal, read /proc/sys/kernel/core_pattern and /proc/sys/fs/suid_dumpable and check Storage= ' +
            'in /etc/systemd/coredump.conf.',
          '稼働中の端末で /proc/sys/kernel/core_pattern と /proc/sys/fs/suid_dumpable を読み、' +
            '/etc/systemd/coredump.conf の Storage= を確認してください。',
        ),
        keysOf(CORE_PATTERN, SUID_DUMPABLE),
      ),
    ];
  if (pattern.status !== 'ok') return [cannotRead(t('the core-dump pattern', 'コアダンプのパターン'), pattern, CORE_PATTERN)];
  if (suid.status !== 'ok') return [cannotRead(t('fs.suid_dumpable', 'fs.suid_dumpable'), suid, SUID_DUMPABLE)];
  const evidence = keysOf(CORE_PATTERN, SUID_DUMPABLE, COREDUMP_CONF, COREDUMP_DROPINS);
  const out: Finding[] = [];
  const suidValue = int((ev.text(SUID_DUMPABLE) ?? '').trim());
  if (suidValue !== 0)
    out.push({
      status: 'fail',
      message: t(
        `fs.suid_dumpable is ${suidValue ?? 'unreadable'}: programs that changed privileges may still dump core.`,
        `fs.suid_dumpable が ${suidValue ?? '不明'} です。権限を変えたプログラムもコアダンプを書き出せます。`,
      ),
      location: SUID_DUMPABLE.path,
      evidence,
    });
  const core = (ev.text(CORE_PATTERN) ?? '').trim();
  const where = CORE_PATTERN.path;
  if (/^\|\s*\S*systemd-coredump/.test(core)) {
    // Storage= may be set in the main file or in any drop-in (the last one wins): judge only when all were read.
    const conf = ev.get(COREDUMP_CONF);
    const dropins = ev.get(COREDUMP_DROPINS);
    const storage = coredumpStorage(ev);
    if (!isKnown(conf)) out.push(cannotRead(t('/etc/systemd/coredump.conf', '/etc/systemd/coredump.conf'), conf, COREDUMP_CONF));
    else if (dropins.status !== 'ok')
      out.push(cannotRead(t('the coredump.conf drop-ins', 'coredump.conf のドロップイン'), dropins, COREDUMP_DROPINS));
    else if (storage !== 'none')
      out.push({
        status: 'fail',
        message: t(
          `Core dumps go to systemd-coredump with Storage=${storage}: process memory is kept under ` +
            `/var/lib/systemd/coredump${storage === 'journal' ? ' (in the journal)' : ''}.`,
          `コアダンプは systemd-coredump に渡され、Storage=${storage} のためプロセスのメモリが` +
            `${storage === 'journal' ? 'ジャーナルに' : ' /var/lib/systemd/coredump に'}保存されます。`,
        ),
        location: '/etc/systemd/coredump.conf',
        evidence,
      });
  } else if (/^\|\s*\/bin\/false\b/.test(core) || core === '|/usr/bin/false') {
    // dumps discarded
  } else if (core.startsWith('|'))
    out.push({
      status: 'fail',
      message: t(
        `Core dumps are piped to ${JSON.stringify(clip(core, 120))}, a crash reporter that keeps them on disk.`,
        `コアダンプは ${JSON.stringify(clip(core, 120))} に渡されます。ディスクに保存するクラッシュレポーターです。`,
      ),
      location: where,
      evidence,
    });
  else
    out.push({
      status: 'warn',
      message: t(
        `Core dumps are written as files (${JSON.stringify(clip(core, 120))}) whenever a process's core size limit allows it.`,
        `プロセスのコアサイズ制限が許せば、コアダンプがファイル（${JSON.stringify(clip(core, 120))}）として書き出されます。`,
      ),
      location: where,
      evidence,
    });
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        `Core dumps are not kept (core_pattern ${JSON.stringify(clip(core, 120))}, fs.suid_dumpable=0).`,
        `コアダンプは保存されません（core_pattern ${JSON.stringify(clip(core, 120))}、fs.suid_dumpable=0）。`,
      ),
      location: where,
      evidence,
    });
  return out;
}

// ---------------------------------------------------------------- memory.swap-and-hibernation
const swapHibernation: Check<NoParams> = {
  id: 'memory.swap-and-hibernation',
  family: 'memory',
  title: t(
    'Memory paged or hibernated to disk is cleared or encrypted',
    'ディスクに退避されるメモリ（ページファイル・スワップ・休止状態）が消去または暗号化される',
  ),
  description: t(
    'Memory paged to disk can hold card data long after the POS application released it. Windows: the page file is cleared ' +
      'at shutdown (ClearPageFileAtShutdown=1) and hibernation is off (HibernateEnabled=0), or hiberfil.sys keeps a copy of ' +
      'memory. Linux: every swap in /etc/fstab is encrypted (a /dev/mapper device listed in /etc/crypttab) or zram; ' +
      'hibernation writes to swap, so encrypted swap covers it.',
    'ディスクに退避されたメモリには、POS アプリが解放した後もカード情報が残ることがあります。' +
      'Windows: シャットダウン時にページファイルを消去し（ClearPageFileAtShutdown=1）、' +
      '休止状態を無効にする（HibernateEnabled=0）こと。有効だと hiberfil.sys にメモリの写しが残ります。Linux: ' +
      '/etc/fstab のスワップがすべて暗号化されている（/etc/crypttab に載った /dev/mapper のデバイス）か zram であること。' +
      '休止状態はスワップに書かれるため、暗号化したスワップで対策できます。',
  ),
  remediation: t(
    'Windows: enable the security option "Shutdown: Clear virtual memory pagefile" (ClearPageFileAtShutdown=1) and run ' +
      'powercfg /hibernate off. Linux: encrypt swap with a random key in /etc/crypttab (swap,cipher=aes-xts-plain64,size=512 ' +
      'with /dev/urandom) and point /etc/fstab at /dev/mapper/<name>, or use zram instead of a disk swap.',
    'Windows: セキュリティ オプション「シャットダウン: 仮想メモリのページ ファイルをクリアする」' +
      'を有効にし（ClearPageFileAtShutdown=1）、powercfg /hibernate off を実行してください。Linux: ' +
      '/etc/crypttab でランダム鍵によりスワップを暗号化し（swap,cipher=aes-xts-plain64,size=512、鍵は /dev/urandom）、' +
      '/etc/fstab を /dev/mapper/<名前> に向けるか、ディスクのスワップの代わりに zram を使ってください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: noParams,
  requests: () => [MM, PWR, FSTAB, CRYPTTAB],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? windowsPaging(ev) : linuxSwap(ev);
  },
};

function windowsPaging(ev: Evidence): Finding[] {
  const mm = ev.get(MM);
  if (mm.status !== 'ok') return [cannotRead(t('the memory-management settings', 'メモリ管理の設定'), mm, MM)];
  const pwr = ev.get(PWR);
  if (pwr.status !== 'ok') return [cannotRead(t('the power settings', '電源の設定'), pwr, PWR)];
  const evidence = keysOf(MM, PWR);
  const out: Finding[] = [];
  const clear = int(regValue(regValues(mm), 'clearpagefileatshutdown')) ?? 0;
  if (clear !== 1)
    out.push({
      status: 'fail',
      message: t(
        `The page file is not cleared at shutdown (ClearPageFileAtShutdown=${clear}): memory paged out stays on disk.`,
        `シャットダウン時にページファイルを消去しません（ClearPageFileAtShutdown=${clear}）。退避されたメモリがディスクに残ります。`,
      ),
      location: MEMORY_MANAGEMENT,
      evidence,
    });
  const hib = int(regValue(regValues(pwr), 'hibernateenabled'));
  if (hib !== 0)
    out.push({
      status: 'fail',
      message: t(
        `Hibernation is ${hib === undefined ? 'not switched off (HibernateEnabled unset)' : `on (HibernateEnabled=${hib})`}` +
          `: hiberfil.sys can hold a copy of memory.`,
        `休止状態が` +
          `${hib === undefined ? '無効化されていません（HibernateEnabled 未設定）' : `有効です（HibernateEnabled=${hib}）`}。` +
          `hiberfil.sys にメモリの写しが残ることがあります。`,
      ),
      location: POWER,
      evidence,
    });
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        'The page file is cleared at shutdown and hibernation is off.',
        'シャットダウン時にページファイルを消去し、休止状態は無効です。',
      ),
      location: MEMORY_MANAGEMENT,
      evidence,
    });
  return out;
}

function linuxSwap(ev: Evidence): Finding[] {
  const fstab = ev.get(FSTAB);
  if (fstab.status !== 'ok') return [cannotRead(t('/etc/fstab', '/etc/fstab'), fstab, FSTAB)];
  const crypttab = ev.get(CRYPTTAB);
  if (!isKnown(crypttab)) return [cannotRead(t('/etc/crypttab', '/etc/crypttab'), crypttab, CRYPTTAB)];
  const encrypted = new Set(configLines(ev.text(CRYPTTAB) ?? '').map((l) => l.split(/\s+/)[0]));
  const swaps = configLines(ev.text(FSTAB) ?? '')
    .map((l) => l.split(/\s+/))
    .filter((f) => f.length >= 3 && f[2] === 'swap')
    .map((f) => f[0]);
  const evidence = keysOf(FSTAB, CRYPTTAB);
  const unencrypted = swaps.filter((dev) => {
    if (/^\/dev\/zram\d+$/.test(dev)) return false;
    const m = /^\/dev\/mapper\/(.+)$/.exec(dev);
    return !(m && encrypted.has(m[1]));
  });
  // A device-mapper volume (LVM) may sit on a LUKS device of crypttab (Debian's "encrypted LVM"); these
  // files cannot show the stacking, so with crypttab entries such a swap is for a person to confirm.
  const stacked = encrypted.size > 0 ? unencrypted.filter((dev) => dev.startsWith('/dev/mapper/')) : [];
  const plain = unencrypted.filter((dev) => !stacked.includes(dev));
  if (plain.length === 0 && stacked.length > 0)
    return [
      {
        status: 'manual',
        message: t(
          `Swap ${clip(stacked.join(', '))} is a device-mapper volume not listed in /etc/crypttab, which ` +
            `encrypts ${clip([...encrypted].join(', '))}: confirm with lsblk that the swap volume sits on an encrypted ` +
            `device.`,
          `スワップ ${clip(stacked.join(', '))} は /etc/crypttab にないデバイスマッパーのボリュームです（crypttab ` +
            `が暗号化するのは ${clip([...encrypted].join(', '))}）。lsblk ` +
            `でスワップのボリュームが暗号化されたデバイス上にあることを確認してください。`,
        ),
        location: '/etc/fstab',
        evidence,
      },
    ];
  if (plain.length > 0)
    return [
      {
        status: 'fail',
        message: t(
          `Swap is not encrypted: ${clip(plain.join(', '))}. Memory paged out, and a hibernation image, stay readable on disk.`,
          `スワップが暗号化されていません: ${clip(plain.join(', '))}。` +
            `退避されたメモリと休止状態のイメージがディスク上で読める状態で残ります。`,
        ),
        location: '/etc/fstab',
        evidence,
      },
    ];
  return [
    {
      status: 'pass',
      message:
        swaps.length === 0
          ? t('No swap is configured in /etc/fstab.', '/etc/fstab にスワップは設定されていません。')
          : t(
              `Every swap is encrypted or in RAM: ${clip(swaps.join(', '))}.`,
              `スワップはすべて暗号化済みか RAM 上です: ${clip(swaps.join(', '))}。`,
            ),
      location: '/etc/fstab',
      evidence,
    },
  ];
}

export const checks: AnyCheck[] = [crashDumps, swapHibernation];
