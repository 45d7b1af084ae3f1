import { luhnValidString } from './luhn.js';

/** Masking: at most the first six and the last four digits are ever shown (PCI DSS 3.4.1). */

/** `411111******1111` from the digits of a PAN (12–19 digits). */
export function maskDigits(digits: string): string {
  if (digits.length < 12) return '*'.repeat(digits.length);
  return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}

/** Mask, in free text, every run of 12–19 digits (single spaces, dashes or NULs between them allowed)
 * that passes the Luhn check. Used on anything from a scanned machine that may reach output
 * (file names, archive member names, error text): a file may well be named after a card number. */
export function maskText(text: string): string {
  return text.replace(/(?<![0-9])[0-9](?:[ \-\u0000]?[0-9]){11,18}(?![0-9])/g, (run) => {
    const digits = run.replace(/[^0-9]/g, '');
    return luhnValidString(digits) ? maskDigits(digits) : run;
  });
}
