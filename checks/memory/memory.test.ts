/** memory.* (POS 方針1, card data in memory): crash/core dumps, page file, swap, hibernation, on recorded evidence. */
import { describe, expect, it } from 'vitest';
import type { EvidenceAnswer, EvidenceRequest, RegistryValue } from '../../core/evidence.js';
import {
  checks,
  CORE_PATTERN,
  COREDUMP_CONF,
  COREDUMP_DROPINS,
  CRASH,
  CRYPTTAB,
  FSTAB,
  MM,
  PWR,
  SUID_DUMPABLE,
  WER,
} from './index.js';
import type { CheckContext } from '../../core/model.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { defaultParams, evidenceOf, LINUX, missing, ok, run, WINDOWS } from '../../test/helpers/evidence.js';

const [dumps, paging] = checks;

const dword = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });
const reg = (req: EvidenceRequest, values: RegistryValue[]): [EvidenceRequest, EvidenceAnswer] => [
  req,
  { status: 'ok', registry: { key: (req as { key: string }).key, values, subkeys: [] } },
];
const noDropins: [EvidenceRequest, EvidenceAnswer] = [COREDUMP_DROPINS, { status: 'ok', entries: [], files: [] }];

describe('memory.crash-dumps on Windows', () => {
  it('fails on a complete memory dump and on full WER user dumps', () => {
    const f = run(dumps, evidenceOf([reg(CRASH, [dword('CrashDumpEnabled', 1)]), reg(WER, [dword('DumpType', 2)])]), WINDOWS);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/complete memory dump on a system crash \(CrashDumpEnabled=1\)/);
    expect(textOf(f)).toMatch(/LocalDumps DumpType=2/);
  });
  it('fails on full dumps set for one application under LocalDumps\\<app.exe> (which overrides the global DumpType)', () => {
    const wer: [EvidenceRequest, EvidenceAnswer] = [
      WER,
      {
        status: 'ok',
        registry: {
          key: WER.kind === 'registry' ? WER.key : '',
          values: [dword('DumpType', 1)],
          subkeys: ['PosClient.exe', 'notepad.exe'],
          children: {
            'PosClient.exe': [{ name: 'DumpFolder', type: 'REG_EXPAND_SZ', data: 'C:\\PosDumps' }, dword('DumpType', 2)],
            'notepad.exe': [dword('DumpType', 1)],
          },
        },
      },
    ];
    const f = run(dumps, evidenceOf([reg(CRASH, [dword('CrashDumpEnabled', 7)]), wer]), WINDOWS);
    expect(statusOf(f), textOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/PosClient\.exe/);
    expect(textOf(f)).not.toMatch(/notepad/);
  });
  it('passes on a small memory dump and no LocalDumps key', () => {
    const f = run(dumps, evidenceOf([reg(CRASH, [dword('CrashDumpEnabled', 3)]), [WER, missing]]), WINDOWS);
    expect(statusOf(f), textOf(f)).toBe('pass');
  });
  it('is an error when CrashControl cannot be read', () => {
    const f = run(
      dumps,
      evidenceOf([
        [CRASH, { status: 'denied', reason: 'access denied' }],
        [WER, missing],
      ]),
      WINDOWS,
    );
    expect(statusOf(f)).toBe('error');
  });
});

describe('memory.crash-dumps on Linux', () => {
  const linux = (pattern: string, suid: string, conf?: string) =>
    evidenceOf([
      [CORE_PATTERN, ok(pattern)],
      [SUID_DUMPABLE, ok(suid)],
      [COREDUMP_CONF, conf === undefined ? missing : ok(conf)],
      noDropins,
    ]);
  it("fails on Debian's systemd-coredump default (Storage=external) and on suid_dumpable=2", () => {
    const f = run(
      dumps,
      linux('|/lib/systemd/systemd-coredump %P %u %g %s %t 9223372036854775808 %h\n', '2\n', '[Coredump]\n#Storage=external\n'),
      LINUX,
    );
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/Storage=external/);
    expect(textOf(f)).toMatch(/fs.suid_dumpable is 2/);
  });
  it('passes with systemd-coredump Storage=none and suid_dumpable=0', () => {
    const f = run(
      dumps,
      linux('|/lib/systemd/systemd-coredump %P\n', '0\n', '[Coredump]\nStorage=none\nProcessSizeMax=0\n'),
      LINUX,
    );
    expect(statusOf(f), textOf(f)).toBe('pass');
  });
  it('fails on apport and warns on a plain core file pattern', () => {
    expect(statusOf(run(dumps, linux('|/usr/share/apport/apport -p%p -s%s -c%c\n', '0\n'), LINUX))).toBe('fail');
    expect(statusOf(run(dumps, linux('core\n', '0\n'), LINUX))).toBe('warn');
  });
  it('asks for a person on an offline image: /proc is not there', () => {
    const ctx: CheckContext = { params: defaultParams(dumps), platform: LINUX, targetKind: 'image', now: new Date() };
    const f = dumps.evaluate(
      evidenceOf([
        [CORE_PATTERN, missing],
        [SUID_DUMPABLE, missing],
      ]),
      ctx,
    );
    expect(statusOf(f)).toBe('manual');
    expect(textOf(f)).toMatch(/cannot be read from an offline image/);
  });
  it('is an error when core_pattern cannot be read live', () => {
    expect(
      statusOf(
        run(
          dumps,
          evidenceOf([
            [CORE_PATTERN, { status: 'error', reason: 'timed out' }],
            [SUID_DUMPABLE, ok('0')],
          ]),
          LINUX,
        ),
      ),
    ).toBe('error');
  });
});

describe('memory.swap-and-hibernation', () => {
  it('Windows: fails when the page file is kept and hibernation is on; passes when both are handled', () => {
    const bad = run(paging, evidenceOf([reg(MM, []), reg(PWR, [dword('HibernateEnabled', 1)])]), WINDOWS);
    expect(statusOf(bad)).toBe('fail');
    expect(textOf(bad)).toMatch(/ClearPageFileAtShutdown=0/);
    expect(textOf(bad)).toMatch(/HibernateEnabled=1/);
    const good = run(
      paging,
      evidenceOf([reg(MM, [dword('ClearPageFileAtShutdown', 1)]), reg(PWR, [dword('HibernateEnabled', 0)])]),
      WINDOWS,
    );
    expect(statusOf(good), textOf(good)).toBe('pass');
    expect(statusOf(run(paging, evidenceOf([[MM, { status: 'denied', reason: 'x' }]]), WINDOWS))).toBe('error');
  });
  it('Linux: a swap file or partition in clear fails; crypttab-mapped swap and zram pass', () => {
    const fstab = 'UUID=abc / ext4 defaults 0 1\n/swapfile none swap sw 0 0\n';
    const bad = run(
      paging,
      evidenceOf([
        [FSTAB, ok(fstab)],
        [CRYPTTAB, missing],
      ]),
      LINUX,
    );
    expect(statusOf(bad)).toBe('fail');
    expect(textOf(bad)).toMatch(/Swap is not encrypted: \/swapfile/);
    const enc = run(
      paging,
      evidenceOf([
        [FSTAB, ok('/dev/mapper/cswap none swap sw 0 0\n/dev/zram0 none swap sw 0 0\n')],
        [CRYPTTAB, ok('cswap /dev/sda3 /dev/urandom swap,cipher=aes-xts-plain64,size=512\n')],
      ]),
      LINUX,
    );
    expect(statusOf(enc), textOf(enc)).toBe('pass');
    const notInCrypttab = run(
      paging,
      evidenceOf([
        [FSTAB, ok('/dev/mapper/vg-swap none swap sw 0 0\n')],
        [CRYPTTAB, missing],
      ]),
      LINUX,
    );
    expect(statusOf(notInCrypttab)).toBe('fail');
    expect(statusOf(run(paging, evidenceOf([[FSTAB, { status: 'denied', reason: 'x' }]]), LINUX))).toBe('error');
  });
});
