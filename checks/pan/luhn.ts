/** The Luhn (mod 10) check over digit values 0–9. */

/** True when `digits[0..len)` passes the Luhn check. */
export function luhnValid(digits: ArrayLike<number>, len: number = digits.length): boolean {
  let sum = 0;
  let double = false;
  for (let k = len - 1; k >= 0; k--) {
    let d = digits[k];
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Luhn over a string of ASCII digits (tests and test-card tables). */
export function luhnValidString(s: string): boolean {
  if (!/^[0-9]+$/.test(s)) return false;
  return luhnValid(Array.from(s, (c) => c.charCodeAt(0) - 48));
}
