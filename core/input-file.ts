/**
 * Reading a file the user named (a key, a waiver file, a report, a bundle): a regular file only
 * (a FIFO would block forever, /dev/zero never ends), and no bigger than a cap. Every refusal is
 * one line naming the file, as a UsageError (exit 2).
 */
import { constants, promises as fsp, type Stats } from 'node:fs';
import { UsageError } from './errors.js';
import type { Text } from './i18n.js';

export const MiB = 1024 * 1024;

function kindOf(st: Stats): { en: string; ja: string } {
  if (st.isDirectory()) return { en: 'a directory', ja: 'ディレクトリ' };
  if (st.isFIFO()) return { en: 'a FIFO', ja: 'FIFO（名前付きパイプ）' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { en: 'a device', ja: 'デバイス' };
  if (st.isSocket()) return { en: 'a socket', ja: 'ソケット' };
  return { en: 'not a regular file', ja: '通常のファイルではありません' };
}

/** Refuse anything but a regular file within the cap; returns its stat. */
export async function checkInputFile(file: string, what: Text, maxBytes: number): Promise<Stats> {
  let st: Stats;
  try {
    st = await fsp.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`cannot read ${what.en} ${file}: ${code}`, `${what.ja} ${file} を読み取れません: ${code}`);
  }
  if (!st.isFile()) {
    const k = kindOf(st);
    throw new UsageError(
      `${what.en} ${file} is ${k.en}, not a regular file; refusing to read it`,
      `${what.ja} ${file} は${k.ja}で、通常のファイルではないため読み取りません`,
    );
  }
  if (st.size > maxBytes)
    throw new UsageError(
      `${what.en} ${file} is ${st.size} bytes, over the limit of ${maxBytes} bytes`,
      `${what.ja} ${file} は ${st.size} バイトで、上限 ${maxBytes} バイトを超えています`,
    );
  return st;
}

/** Read a regular file of at most `maxBytes` (opened non-blocking, checked again once open). */
export async function readInputFile(file: string, what: Text, maxBytes: number): Promise<Buffer> {
  await checkInputFile(file, what, maxBytes);
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`cannot read ${what.en} ${file}: ${code}`, `${what.ja} ${file} を読み取れません: ${code}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > maxBytes) await checkInputFile(file, what, maxBytes);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n >= buf.length) break;
    }
    if (n > maxBytes)
      throw new UsageError(
        `${what.en} ${file} is over the limit of ${maxBytes} bytes`,
        `${what.ja} ${file} は上限 ${maxBytes} バイトを超えています`,
      );
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}
