/** Well-known public test card numbers (PayPal/Payflow, Stripe, Adyen, authorize.net lists).
 * They are still reported, flagged `testCard`, because a live system should hold none either (PCI 6.5.5/6.5.6). */

const TEST_PANS: ReadonlySet<string> = new Set([
  // Visa
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '4242424242424242',
  '4000056655665556',
  '4005519200000004',
  '4007000000027',
  '4012888818888',
  // Mastercard
  '5555555555554444',
  '5105105105105100',
  '5500000000000004',
  '5454545454545454',
  '2223003122003222',
  '2223000048400011',
  '5200828282828210',
  // American Express
  '378282246310005',
  '371449635398431',
  '378734493671000',
  '340000000000009',
  '370000000000002',
  // Discover
  '6011111111111117',
  '6011000990139424',
  '6011000000000004',
  '6011000000000012',
  // JCB
  '3530111333300000',
  '3566002020360505',
  // Diners
  '30569309025904',
  '38520000023237',
  '38000000000006',
  // Others
  '5610591081018250',
  '5019717010103742',
  '6331101999990016',
]);

/** True for a listed test number, or a placeholder made of at most two distinct digits. */
export function isTestCard(digits: string): boolean {
  if (TEST_PANS.has(digits)) return true;
  return new Set(digits.slice(1, -1)).size <= 1;
}
