import { describe, expect, it } from 'vitest';
import { RegistryPolError, parseRegistryPol, readRegistryPol } from '../../targets/registry/regpol.js';
import { writeRegistryPol } from '../helpers/windows-image.js';

const dword = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const sz = (s: string): Buffer => Buffer.from(`${s}\0`, 'utf16le');

describe('Registry.pol (PReg)', () => {
  const file = writeRegistryPol([
    { key: 'Software\\Policies\\Microsoft\\Windows\\RemovableStorageDevices', value: 'Deny_All', type: 4, data: dword(1) },
    { key: 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services', value: 'fDenyTSConnections', type: 4, data: dword(1) },
    { key: 'Software\\Policies\\Microsoft\\Windows\\EventLog\\Security', value: 'MaxSize', type: 4, data: dword(196608) },
    {
      key: 'Software\\Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions\\DenyDeviceIDs',
      value: '1',
      type: 1,
      data: sz('USBSTOR\\Disk'),
    },
    { key: 'Software\\Policies\\Microsoft\\Windows\\Explorer', value: '**del.NoAutoplayfornonVolume', type: 1, data: sz(' ') },
    { key: 'Software\\Policies\\Microsoft\\Windows\\SrpV2', value: 'Paths', type: 7, data: Buffer.from('a\0b\0\0', 'utf16le') },
  ]);

  it('parses keys, value names, types and data', () => {
    const entries = parseRegistryPol(file);
    expect(entries).toHaveLength(6);
    expect(entries[0]).toEqual({
      key: 'Software\\Policies\\Microsoft\\Windows\\RemovableStorageDevices',
      valueName: 'Deny_All',
      type: 'REG_DWORD',
      typeCode: 4,
      data: 1,
    });
    expect(entries[2].data).toBe(196608);
    expect(entries[3]).toMatchObject({ valueName: '1', type: 'REG_SZ', data: 'USBSTOR\\Disk' });
    expect(entries[4]).toMatchObject({ valueName: '**del.NoAutoplayfornonVolume', directive: true });
    expect(entries[5]).toMatchObject({ type: 'REG_MULTI_SZ', data: ['a', 'b'] });
  });

  it('rejects a file without the PReg header', () => {
    expect(() => parseRegistryPol(Buffer.from('hello world'))).toThrow(RegistryPolError);
    expect(readRegistryPol(Buffer.alloc(0))).toEqual({ entries: [], error: expect.stringMatching(/PReg/) });
  });

  it('keeps the entries before a truncated one and says where it stopped', () => {
    const r = readRegistryPol(file.subarray(0, file.length - 7));
    expect(r.entries).toHaveLength(5);
    expect(r.error).toMatch(/malformed entry at byte \d+/);
  });

  it('refuses a data size that runs past the end of the file', () => {
    const bad = Buffer.from(file);
    // The first entry's size field: after "[" key NUL ";" value NUL ";" type ";".
    const key = 'Software\\Policies\\Microsoft\\Windows\\RemovableStorageDevices';
    const sizeAt = 8 + 2 + (key.length + 1) * 2 + 2 + ('Deny_All'.length + 1) * 2 + 2 + 4 + 2;
    expect(bad.readUInt32LE(sizeAt)).toBe(4);
    bad.writeUInt32LE(0xfffffff0, sizeAt);
    expect(readRegistryPol(bad)).toEqual({ entries: [], error: expect.stringMatching(/runs past the end/) });
  });

  it('survives random corruption without throwing', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const m = Buffer.from(file);
      for (let j = 0; j < 1 + rand(8); j++) m[8 + rand(m.length - 8)] = rand(256);
      const r = readRegistryPol(m);
      expect(r.entries.length).toBeLessThanOrEqual(6 + 8);
    }
  });
});
