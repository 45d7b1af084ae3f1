/** The last line of defence: card-shaped numbers are masked in everything that leaves the scanner. */
import { describe, expect, it } from 'vitest';
import { redactBytes, redactDeep, redactText } from '../../core/redact.js';
import { maskText } from '../../checks/pan/mask.js';

const VISA = '4111111111111111';

describe('redactText', () => {
  it('masks a plain, grouped or dashed card number to first six and last four', () => {
    expect(redactText(`pan=${VISA};`)).toBe('pan=411111******1111;');
    expect(redactText('4111 1111 1111 1111')).toBe('4111 11** **** 1111');
    expect(redactText('4111-1111-1111-1111')).toBe('4111-11**-****-1111');
  });

  it('finds a number behind a leading digit group ("1 4111 …")', () => {
    expect(redactText(`1 ${VISA}`)).toBe('1 411111******1111');
    expect(redactText('qty 1 4111 1111 1111 1111 ok')).not.toContain('1111 1111 1111');
  });

  it('masks UTF-16 digits (NUL between them)', () => {
    const utf16 = Buffer.from(VISA, 'utf16le').toString('latin1');
    expect(redactText(utf16)).not.toContain(Buffer.from(VISA, 'utf16le').toString('latin1'));
  });

  it('leaves numbers that fail Luhn, and short numbers, alone', () => {
    expect(redactText('4111111111111112')).toBe('4111111111111112');
    expect(redactText('id 123456789012')).toBe('id 123456789012');
  });

  it('works on bytes and deep objects', () => {
    expect(redactBytes(Buffer.from(`x${VISA}x`)).toString()).toBe('x411111******1111x');
    expect(JSON.stringify(redactDeep({ a: [{ b: VISA }] }))).not.toContain(VISA);
  });

  it('masks file and member names the same way, down to 12-digit Maestro numbers', () => {
    // a stray digit before a grouped number used to hide it from the file-name masker
    expect(maskText('/srv/1 4111 1111 1111 1111.csv')).not.toMatch(/1111 1111 1111 1111/);
    expect(maskText('x 501234567896 y')).toBe('x 501234**7896 y');
    expect(redactText('x 501234567896 y')).toBe('x 501234567896 y');
  });
});
