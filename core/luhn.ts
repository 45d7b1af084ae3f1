/** The Luhn (mod 10) check, shared by the card-data detector and the last-line redaction. */

/** True when `digits[0..len)` passes the Luhn check. */
export function luhnValid(digits: ArrayLike<number>, len: number = digits.length): boolean {
  let sum = 0;
  let double = false;
  for (let k = len - 1; k >= 0; k--) {
    let d = digits[k] ?? 0;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Luhn over a string of ASCII digits; false when it holds anything else. */
export function luhnValidString(s: string): boolean {
  let sum = 0;
  let double = false;
  for (let k = s.length - 1; k >= 0; k--) {
    let d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return s.length > 0 && sum % 10 === 0;
}
