/** Executables (ELF): a digit run in code, symbol tables, debug info or Go's pc-line tables is an
 * artefact of the bytes around it, not data a program stored. Only the data sections (`.rodata`,
 * `.data`, Go's `.noptrdata`, …) can hold a number a program carries; a run elsewhere is dropped. */
import type { RandomAccess } from './zip.js';

export interface ElfSection {
  name: string;
  offset: number;
  size: number;
}

export function looksLikeElf(head: Uint8Array): boolean {
  return head.length >= 64 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** Sections with file content (not SHT_NOBITS), from the section header table. Undefined when unreadable. */
export async function elfSections(src: RandomAccess): Promise<ElfSection[] | undefined> {
  const h = await src.read(0, 64);
  if (!looksLikeElf(h)) return undefined;
  const is64 = h[4] === 2;
  const le = h[5] === 1;
  if (!le) return undefined; // big-endian ELF: not on the terminals this runs against
  const shoff = is64 ? Number(h.readBigUInt64LE(0x28)) : h.readUInt32LE(0x20);
  const shentsize = h.readUInt16LE(is64 ? 0x3a : 0x2e);
  const shnum = h.readUInt16LE(is64 ? 0x3c : 0x30);
  const shstrndx = h.readUInt16LE(is64 ? 0x3e : 0x32);
  if (!shoff || shnum === 0 || shnum > 4096 || shentsize < (is64 ? 64 : 40) || shoff + shnum * shentsize > src.size)
    return undefined;
  const table = await src.read(shoff, shnum * shentsize);
  const raw = [];
  for (let k = 0; k < shnum; k++) {
    const e = k * shentsize;
    const nameOff = table.readUInt32LE(e);
    const type = table.readUInt32LE(e + 4);
    const offset = is64 ? Number(table.readBigUInt64LE(e + 0x18)) : table.readUInt32LE(e + 0x10);
    const size = is64 ? Number(table.readBigUInt64LE(e + 0x20)) : table.readUInt32LE(e + 0x14);
    raw.push({ nameOff, type, offset, size });
  }
  const strs = raw[shstrndx];
  if (!strs || strs.offset + strs.size > src.size || strs.size > 1 << 20) return undefined;
  const names = await src.read(strs.offset, strs.size);
  return raw
    .filter((s) => s.type !== 8 /* SHT_NOBITS */ && s.size > 0)
    .map((s) => {
      const end = names.indexOf(0, s.nameOff);
      return { name: names.subarray(s.nameOff, end < 0 ? undefined : end).toString('latin1'), offset: s.offset, size: s.size };
    });
}

/** Sections a program keeps its data in. */
const DATA_SECTION = /^\.(rodata|data|noptrdata|data\.rel\.ro|rdata)(\.|$)/;

/** The section an offset falls in, and whether a card number there can be data. */
export function judgeElfHit(sections: ElfSection[], offset: number): { accept: boolean; reason: string } {
  const s = sections.find((x) => offset >= x.offset && offset < x.offset + x.size);
  if (!s) return { accept: false, reason: 'in an executable, outside any section' };
  const name = JSON.stringify(s.name.replace(/[^\x20-\x7e]/g, '?'));
  return DATA_SECTION.test(s.name)
    ? { accept: true, reason: `in executable section ${name}` }
    : { accept: false, reason: `in executable section ${name} (not data)` };
}
