/** Binary TLV tag 57 (track 2 equivalent) needs a known card brand: executables are full of 0x57 bytes. */
import { describe, expect, it } from 'vitest';
import { scanBuffer } from './scanner.js';

function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** 0x57, length, BCD digits, D separator, YYMM, service code, padding. */
function tlv57(pan: string): Buffer {
  const nibbles = `${pan}D2912201F`;
  const padded = nibbles.length % 2 ? `${nibbles}F` : nibbles;
  const bytes = Buffer.from(padded, 'hex');
  return Buffer.concat([Buffer.from([0x57, bytes.length]), bytes]);
}

describe('binary EMV tag 57', () => {
  const filler = Buffer.alloc(256, 0x90);
  it('is reported for a card number of a known brand', () => {
    const body = '476173900101011';
    const pan = body + luhnDigit(body);
    const hits = scanBuffer(Buffer.concat([filler, tlv57(pan), filler]));
    expect(hits.map((h) => [h.kind, h.brand, h.encoding])).toEqual([['track2', 'visa', 'emv-binary']]);
  });

  it('is not reported when the digits match no card brand (a 0x57 byte in an executable)', () => {
    const body = '051905123456213';
    const pan = body + luhnDigit(body);
    expect(scanBuffer(Buffer.concat([filler, tlv57(pan), filler]))).toEqual([]);
  });
});

describe('buffers just over the chunk overlap', () => {
  it('finds a number wherever it sits in a buffer of 500 to 560 bytes', () => {
    const missed: string[] = [];
    for (let size = 500; size <= 560; size++) {
      for (const at of [0, Math.floor(size / 2) - 8, size - 17]) {
        const buf = Buffer.alloc(size, 0x78);
        buf.write(' 4111111111111111 ', at, 'latin1');
        if (scanBuffer(buf).length !== 1) missed.push(`${size}@${at}`);
      }
    }
    expect(missed).toEqual([]);
  });
});
