import { describe, expect, it } from 'vitest';
import { HiveError, openHive, type Hive } from '../../targets/registry/hive.js';
import { decodeData } from '../../targets/registry/values.js';
import { toRegistryValue } from '../../targets/registry/offline.js';
import { buildHive, writeHive, setChecksum, type HiveTree, type ListKind } from '../helpers/hive-writer.js';

const decoded = (hive: Hive, path: string, name: string): unknown => {
  const v = hive.key(path)?.value(name);
  if (!v) return undefined;
  const r = toRegistryValue(v, 1 << 20);
  return 'reason' in r ? { error: r.reason } : { type: r.value.type, data: r.value.data };
};

describe('hive values', () => {
  const tree: HiveTree = {
    keys: {
      V: {
        values: {
          sz: 'hello',
          expand: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\System32' },
          multi: ['one', 'two', 'ＰＯＳ端末'],
          emptyMulti: [],
          dword: 0xfffffffe,
          dwordBE: { type: 'REG_DWORD_BIG_ENDIAN', data: 0x01020304 },
          qword: 1234567890123n,
          hugeQword: 0xffffffffffffffffn,
          binary: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x10]),
          tiny: Buffer.from([0xab]),
          none: { type: 'REG_NONE', data: Buffer.from([1, 2]) },
          link: { type: 6, raw: Buffer.from('x\0', 'utf16le') },
          '': 'the default value',
          日本語の値: 'ja',
        },
      },
    },
  };
  const hive = openHive(writeHive(tree));

  it('decodes every value type the contract names', () => {
    expect(decoded(hive, 'V', 'sz')).toEqual({ type: 'REG_SZ', data: 'hello' });
    expect(decoded(hive, 'V', 'expand')).toEqual({ type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\System32' });
    expect(decoded(hive, 'V', 'multi')).toEqual({ type: 'REG_MULTI_SZ', data: ['one', 'two', 'ＰＯＳ端末'] });
    expect(decoded(hive, 'V', 'emptyMulti')).toEqual({ type: 'REG_MULTI_SZ', data: [] });
    expect(decoded(hive, 'V', 'dword')).toEqual({ type: 'REG_DWORD', data: 0xfffffffe });
    expect(decoded(hive, 'V', 'dwordBE')).toEqual({ type: 'REG_DWORD', data: 0x01020304 });
    expect(decoded(hive, 'V', 'qword')).toEqual({ type: 'REG_QWORD', data: 1234567890123 });
    expect(decoded(hive, 'V', 'hugeQword')).toEqual({ type: 'REG_QWORD', data: '18446744073709551615' });
    expect(decoded(hive, 'V', 'binary')).toEqual({ type: 'REG_BINARY', data: 'deadbeef0010' });
    expect(decoded(hive, 'V', 'tiny')).toEqual({ type: 'REG_BINARY', data: 'ab' });
    expect(decoded(hive, 'V', 'none')).toEqual({ type: 'REG_NONE', data: '0102' });
    expect(decoded(hive, 'V', 'link')).toEqual({ type: 'REG_UNKNOWN', data: '78000000' });
    expect(decoded(hive, 'V', '')).toEqual({ type: 'REG_SZ', data: 'the default value' });
    expect(decoded(hive, 'V', '日本語の値')).toEqual({ type: 'REG_SZ', data: 'ja' });
  });

  it('finds keys and values whatever their case', () => {
    expect(decoded(hive, 'v', 'SZ')).toEqual({ type: 'REG_SZ', data: 'hello' });
    expect(hive.key('\\V\\')?.name).toBe('V');
    expect(hive.key('W')).toBeUndefined();
  });

  it('flags a short DWORD as an error instead of guessing', () => {
    expect(decodeData(4, Buffer.from([1, 2]), 100)).toEqual({ ok: false, error: 'REG_DWORD with 2 bytes of data' });
  });

  it('caps binary output at the byte budget and says so', () => {
    const r = decodeData(3, Buffer.alloc(1000, 0xff), 100);
    expect(r).toEqual({ ok: true, data: 'ff'.repeat(50), truncated: true });
  });
});

describe('hive keys', () => {
  it('walks deep paths', () => {
    let tree: HiveTree = { values: { leaf: 42 } };
    for (let i = 30; i > 0; i--) tree = { keys: { [`Level${i}`]: tree } };
    const hive = openHive(writeHive(tree));
    const path = Array.from({ length: 30 }, (_, i) => `level${i + 1}`).join('\\');
    expect(decoded(hive, path, 'leaf')).toEqual({ type: 'REG_DWORD', data: 42 });
  });

  it.each<ListKind>(['lf', 'lh', 'li', 'ri'])('reads %s subkey lists', (list) => {
    const keys: Record<string, HiveTree> = {};
    for (const n of ['Alpha', 'beta', 'Gamma', 'delta', 'Epsilon']) keys[n] = { values: { n } };
    const { bytes, layout } = buildHive({ keys, list }, { riChunk: 2 });
    const listOff = layout.keys.get('')?.subkeyList ?? -1;
    expect(bytes.toString('latin1', layout.fileOffset(listOff), layout.fileOffset(listOff) + 2)).toBe(list);
    const hive = openHive(bytes);
    expect(hive.root().subkeyNames()).toEqual(['Alpha', 'beta', 'delta', 'Epsilon', 'Gamma']);
    expect(decoded(hive, 'GAMMA', 'n')).toEqual({ type: 'REG_SZ', data: 'Gamma' });
  });

  it('assembles big data (db) values from their segments', () => {
    const big = Buffer.alloc(50_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const { bytes, layout } = buildHive({ values: { big } });
    const db = layout.keys.get('')?.values.get('big')?.data ?? -1;
    expect(bytes.toString('latin1', layout.fileOffset(db), layout.fileOffset(db) + 2)).toBe('db');
    const v = openHive(bytes).root().value('big');
    expect(v?.data?.equals(big)).toBe(true);
  });

  it('caps a big value at maxValueBytes and marks it truncated', () => {
    const hive = openHive(writeHive({ values: { big: Buffer.alloc(40_000, 1) } }), { maxValueBytes: 20_000 });
    const v = hive.root().value('big');
    expect(v?.data?.length).toBe(20_000);
    expect(v?.truncated).toBe(true);
  });

  it('reports the dirty flag from the sequence numbers', () => {
    expect(openHive(writeHive({}, { dirty: true })).dirty).toBe(true);
    expect(openHive(writeHive({})).dirty).toBe(false);
  });
});

describe('corrupt and hostile hives', () => {
  const base = (): ReturnType<typeof buildHive> =>
    buildHive(
      {
        keys: { A: { values: { good: 1, bad: 'text value here', other: 'x'.repeat(20) } }, B: { keys: { C: {} } }, D: {} },
        list: 'ri',
      },
      { riChunk: 1 },
    );

  it('refuses files that are not hives with a clear error', () => {
    expect(() => openHive(Buffer.alloc(10))).toThrow(HiveError);
    expect(() => openHive(Buffer.alloc(8192))).toThrow(/regf/);
  });

  it('reads what it can from a truncated file and errors on the rest', () => {
    const { bytes } = buildHive({ values: { big: Buffer.alloc(30_000, 7) }, keys: { K: { values: { v: 1 } } } });
    const cut = bytes.subarray(0, bytes.length - 20_000);
    const hive = openHive(cut);
    expect(hive.truncated).toBe(true);
    const values = hive.root().values();
    const big = values.find((v) => v.name === 'big');
    expect(big?.error).toMatch(/outside the hive|past the end/);
  });

  it('survives an hbin and base block that lie about their sizes', () => {
    const { bytes } = base();
    bytes.writeUInt32LE(0x7ffff000, 4096 + 8); // hbin size
    bytes.writeUInt32LE(0xfffff000, 0x28); // hive bins data size
    setChecksum(bytes);
    const hive = openHive(bytes);
    expect(decoded(hive, 'A', 'good')).toEqual({ type: 'REG_DWORD', data: 1 });
  });

  it('keeps the other values when one value cell points outside the file', () => {
    const { bytes, layout } = base();
    const vk = layout.keys.get('A')?.values.get('bad')?.vk ?? -1;
    bytes.writeUInt32LE(0x7ffffff0, layout.fileOffset(vk) + 8); // data offset
    const values = openHive(bytes).key('A')?.values() ?? [];
    expect(values.find((v) => v.name === 'good')?.data?.readUInt32LE(0)).toBe(1);
    expect(values.find((v) => v.name === 'bad')?.error).toMatch(/outside the hive/);
    expect(values.find((v) => v.name === 'other')?.error).toBeUndefined();
  });

  it('reports a value whose cell is not a value without losing the key', () => {
    const { bytes, layout } = base();
    const list = layout.keys.get('A')?.valueList ?? -1;
    bytes.writeUInt32LE(layout.keys.get('B')?.nk ?? 0, layout.fileOffset(list) + 4); // 2nd value → an nk cell
    const values = openHive(bytes).key('A')?.values() ?? [];
    expect(values).toHaveLength(3);
    expect(values[1]).toEqual({ error: expect.stringMatching(/not a value/) });
  });

  it('errors on a subkey list that loops back to itself', () => {
    const { bytes, layout } = base();
    const ri = layout.keys.get('')?.subkeyList ?? -1;
    bytes.writeUInt32LE(ri, layout.fileOffset(ri) + 4); // first leaf of the ri → the ri itself
    const hive = openHive(bytes);
    expect(() => hive.root().subkeyNames()).toThrow(/loop|index root inside/);
    expect(() => hive.key('A')).toThrow(HiveError);
  });

  it('errors on an li whose entry is the li itself (not a key)', () => {
    const { bytes, layout } = buildHive({ keys: { A: {}, B: {} }, list: 'li' });
    const li = layout.keys.get('')?.subkeyList ?? -1;
    bytes.writeUInt32LE(li, layout.fileOffset(li) + 4);
    expect(() => openHive(bytes).root().subkeyNames()).toThrow(/not a key/);
  });

  it('errors on absurd counts instead of allocating or looping', () => {
    const { bytes, layout } = base();
    const nk = layout.fileOffset(layout.keys.get('A')?.nk ?? -1);
    bytes.writeUInt32LE(0xffffffff, nk + 0x24); // value count
    expect(() => openHive(bytes).key('A')?.values()).toThrow(/claims 4294967295 values/);
    const rootNk = layout.fileOffset(layout.keys.get('')?.nk ?? -1);
    const list = layout.fileOffset(layout.keys.get('')?.subkeyList ?? -1);
    bytes.writeUInt16LE(0xffff, list + 2); // ri count
    expect(() => openHive(bytes).root().subkeyNames()).toThrow(/more than its cell holds/);
    bytes.writeUInt32LE(0x7fffffff, rootNk + 0x14);
    expect(() => openHive(bytes).root().subkeyNames()).toThrow(/claims 2147483647 subkeys/);
  });

  it('errors on a db that claims more data than its segments hold', () => {
    const { bytes, layout } = buildHive({ values: { big: Buffer.alloc(40_000, 1) } });
    const vk = layout.keys.get('')?.values.get('big')?.vk ?? -1;
    bytes.writeUInt32LE(200_000, layout.fileOffset(vk) + 4);
    expect(openHive(bytes).root().value('big')?.error).toMatch(/segments/);
  });

  it('errors on a db record too small to hold its segment list (found by fuzzing)', () => {
    const { bytes, layout } = buildHive({ values: { big: Buffer.alloc(40_000, 1), small: 7 } });
    const db = layout.keys.get('')?.values.get('big')?.data ?? -1;
    bytes.writeInt32LE(-8, layout.fileOffset(db) - 4); // cell size: 4 bytes of data
    const values = openHive(bytes).root().values();
    expect(values.find((v) => v.name === 'big')?.error).toMatch(/too small/);
    expect(values.find((v) => v.name === 'small')?.data?.readUInt32LE(0)).toBe(7);
  });

  it('stops a call that visits too many cells', () => {
    const keys: Record<string, HiveTree> = {};
    for (let i = 0; i < 50; i++) keys[`K${i}`] = {};
    const hive = openHive(writeHive({ keys }), { maxCellVisits: 20 });
    expect(() => hive.root().subkeyNames()).toThrow(/cells visited/);
  });

  it('refuses paths deeper than maxDepth', () => {
    const hive = openHive(writeHive({}), { maxDepth: 4 });
    expect(() => hive.key('a\\b\\c\\d\\e')).toThrow(/deeper/);
  });
});

describe('lh hash lookups', () => {
  it('still finds a key whose stored lh hash is wrong', () => {
    const { bytes, layout } = buildHive({ keys: { Alpha: {}, Beta: { values: { v: 2 } } }, list: 'lh' });
    const lh = layout.fileOffset(layout.keys.get('')?.subkeyList ?? -1);
    bytes.writeUInt32LE(0x12345678, lh + 4 + 8 + 4); // Beta's hash
    expect(openHive(bytes).key('beta')?.value('v')?.data?.readUInt32LE(0)).toBe(2);
  });
});
