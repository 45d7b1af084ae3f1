/**
 * The local password and lockout policy, decoded from the SAM hive's `SAM\Domains\Account` value
 * `F` (the domain's fixed-length record). The layout is reverse-engineered (chntpw `sam.h`,
 * libyal winreg-kb, impacket's DOMAIN_ACCOUNT_F) and should be confirmed on real terminals:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0x18 | int64 | maximum password age (negative, 100 ns units; INT64_MIN = never expires) |
 * | 0x20 | int64 | minimum password age |
 * | 0x30 | int64 | lockout duration (INT64_MIN = until an administrator unlocks) |
 * | 0x38 | int64 | lockout observation window ("reset lockout counter after") |
 * | 0x4C | u32 | password properties (bit 0x1 = complexity required) |
 * | 0x50 | u16 | minimum password length |
 * | 0x52 | u16 | password history length |
 * | 0x54 | u16 | lockout threshold (0 = never locks) |
 *
 * Numbers follow `secedit /export` semantics so checks can treat both sources alike:
 * `-1` for "never expires" and "locked until an administrator unlocks".
 */

export interface SamAccountPolicy {
  minPasswordLength: number;
  passwordHistory: number;
  /** Days; -1 = passwords never expire (secedit MaximumPasswordAge = -1). */
  maxPasswordAgeDays: number;
  minPasswordAgeDays: number;
  /** Failed attempts before lockout; 0 = never locks. */
  lockoutThreshold: number;
  /** Minutes; -1 = until an administrator unlocks. */
  lockoutDurationMinutes: number;
  /** Minutes after which the failed-attempt counter resets. */
  lockoutResetMinutes: number;
  passwordComplexity: boolean;
  /** Where this came from, for evidence. */
  source: string;
}

/** Bytes of F this decoder reads. */
export const SAM_F_MIN_LENGTH = 0x56;

const NEVER = -(2n ** 63n);
const HUNDRED_NS_PER_MINUTE = 600_000_000n;
const HUNDRED_NS_PER_DAY = 864_000_000_000n;

/** A negative 100 ns interval in whole units (rounded down); -1 for "never"/"forever". */
function interval(f: Buffer, at: number, unit: bigint): number {
  const v = f.readBigInt64LE(at);
  if (v === NEVER) return -1;
  const abs = v < 0n ? -v : v;
  return Number(abs / unit);
}

/** Decode the `F` value of `SAM\Domains\Account`; undefined when it is too short to hold the policy. */
export function decodeAccountF(f: Buffer, source = 'SAM\\Domains\\Account\\F'): SamAccountPolicy | undefined {
  if (f.length < SAM_F_MIN_LENGTH) return undefined;
  return {
    minPasswordLength: f.readUInt16LE(0x50),
    passwordHistory: f.readUInt16LE(0x52),
    maxPasswordAgeDays: interval(f, 0x18, HUNDRED_NS_PER_DAY),
    minPasswordAgeDays: interval(f, 0x20, HUNDRED_NS_PER_DAY),
    lockoutThreshold: f.readUInt16LE(0x54),
    lockoutDurationMinutes: interval(f, 0x30, HUNDRED_NS_PER_MINUTE),
    lockoutResetMinutes: interval(f, 0x38, HUNDRED_NS_PER_MINUTE),
    passwordComplexity: (f.readUInt32LE(0x4c) & 1) === 1,
    source,
  };
}

/** Build an `F` value (for tests and fixtures): the inverse of decodeAccountF. */
export function encodeAccountF(p: Omit<SamAccountPolicy, 'source'>): Buffer {
  const f = Buffer.alloc(0x68);
  f.writeUInt16LE(3, 0); // revision
  const put = (at: number, n: number, unit: bigint): void => {
    f.writeBigInt64LE(n < 0 ? NEVER : -BigInt(n) * unit, at);
  };
  put(0x18, p.maxPasswordAgeDays, HUNDRED_NS_PER_DAY);
  put(0x20, p.minPasswordAgeDays, HUNDRED_NS_PER_DAY);
  put(0x30, p.lockoutDurationMinutes, HUNDRED_NS_PER_MINUTE);
  put(0x38, p.lockoutResetMinutes, HUNDRED_NS_PER_MINUTE);
  f.writeUInt32LE(p.passwordComplexity ? 1 : 0, 0x4c);
  f.writeUInt16LE(p.minPasswordLength, 0x50);
  f.writeUInt16LE(p.passwordHistory, 0x52);
  f.writeUInt16LE(p.lockoutThreshold, 0x54);
  return f;
}
