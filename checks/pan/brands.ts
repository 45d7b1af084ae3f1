/** Card brands by issuer identification number (IIN) range and length.
 * Ranges overlap between schemes; the first match in table order names the brand. */

export type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay' | 'mir' | 'maestro';

interface BrandRule {
  brand: Brand;
  /** Inclusive prefix ranges, compared on the first `digits` digits. */
  ranges: ReadonlyArray<readonly [number, number, number]>; // [prefixDigits, lo, hi]
  lengths: readonly number[];
  optIn?: boolean;
}

const RULES: readonly BrandRule[] = [
  { brand: 'visa', ranges: [[1, 4, 4]], lengths: [13, 16, 19] },
  {
    brand: 'mastercard',
    ranges: [
      [2, 51, 55],
      [4, 2221, 2720],
    ],
    lengths: [16],
  },
  {
    brand: 'amex',
    ranges: [
      [2, 34, 34],
      [2, 37, 37],
    ],
    lengths: [15],
  },
  { brand: 'mir', ranges: [[4, 2200, 2204]], lengths: [16, 17, 18, 19] },
  { brand: 'jcb', ranges: [[4, 3528, 3589]], lengths: [16, 17, 18, 19] },
  {
    brand: 'diners',
    ranges: [
      [2, 36, 36],
      [3, 300, 305],
      [4, 3095, 3095],
      [2, 38, 39],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { brand: 'unionpay', ranges: [[6, 622126, 622925]], lengths: [16, 17, 18, 19] },
  {
    brand: 'discover',
    ranges: [
      [4, 6011, 6011],
      [3, 644, 649],
      [2, 65, 65],
    ],
    lengths: [16, 17, 18, 19],
  },
  {
    brand: 'unionpay',
    ranges: [
      [2, 62, 62],
      [3, 810, 817],
    ],
    lengths: [16, 17, 18, 19],
  },
  {
    brand: 'maestro',
    ranges: [
      [2, 50, 50],
      [2, 56, 58],
      [2, 63, 63],
      [2, 67, 67],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    optIn: true,
  },
];

/** Shortest length any brand accepts (with Maestro on). */
export const MIN_PAN_LENGTH = 12;
export const MAX_PAN_LENGTH = 19;

function prefixValue(digits: ArrayLike<number>, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + digits[k];
  return v;
}

/** True for a first digit no brand uses (0, 1, 7, 9): most digit runs in logs (timestamps start with 1). */
export const noBrandStartsWith = (d0: number): boolean => d0 < 2 || d0 === 7 || d0 === 9;

/** The brand whose IIN range and length fit, or undefined. */
export function brandOf(digits: ArrayLike<number>, len: number, maestro = false): Brand | undefined {
  if (noBrandStartsWith(digits[0])) return undefined;
  for (const rule of RULES) {
    if (rule.optIn && !maestro) continue;
    if (!rule.lengths.includes(len)) continue;
    for (const [n, lo, hi] of rule.ranges) {
      const v = prefixValue(digits, n);
      if (v >= lo && v <= hi) return rule.brand;
    }
  }
  return undefined;
}

/** Display names for the human table. */
export const BRAND_NAMES: Record<Brand | 'unknown', string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
  mir: 'Mir',
  maestro: 'Maestro',
  unknown: '?',
};
