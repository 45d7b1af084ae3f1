import { redactText } from '../../core/redact.js';

/** Masking: at most the first six and the last four digits are ever shown (PCI DSS 3.4.1). */

/** `411111******1111` from the digits of a PAN (12–19 digits). */
export function maskDigits(digits: string): string {
  if (digits.length < 12) return '*'.repeat(digits.length);
  return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}

/** Mask, in free text, every Luhn-valid run of 12–19 digits (spaces, dashes or NULs between them
 * allowed): the evidence redaction, down to Maestro's 12 digits. Used on anything from a scanned
 * machine that may reach output (file names, archive member names, error text): a file may well
 * be named after a card number. */
export function maskText(text: string): string {
  return redactText(text, 12);
}
