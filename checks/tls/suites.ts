/** The cipher-suite table: code, IANA name, and the properties the policy judges.
 * Properties are derived from the IANA name, so the table is only code → name. */

export type ProtocolName = 'SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const PROTOCOLS: readonly ProtocolName[] = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Wire version of each protocol (SSLv2 has its own framing; 0x0002 is its version number). */
export const PROTOCOL_VERSION: Record<ProtocolName, number> = {
  SSLv2: 0x0002,
  SSLv3: 0x0300,
  'TLSv1.0': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function protocolOfVersion(v: number): ProtocolName | undefined {
  return PROTOCOLS.find((p) => PROTOCOL_VERSION[p] === v);
}

export interface SuiteInfo {
  /** `0xC02F`; SSLv2 specs have six hex digits (`0x0700C0`). */
  code: string;
  name: string;
  /** Key exchange: RSA, DH, DHE, ECDH, ECDHE, PSK, SRP, KRB5, or `any` (TLS 1.3). */
  kx: string;
  /** Authentication: RSA, DSS, ECDSA, PSK, SRP, anon, or `any` (TLS 1.3, by the certificate). */
  au: string;
  /** Bulk encryption, e.g. `AES_128_GCM`, `3DES_EDE_CBC`, `NULL`. */
  enc: string;
  /** Effective bits of the bulk cipher (3DES counts 112). */
  bits: number;
  /** MAC: MD5, SHA, SHA256, SHA384, or AEAD. */
  mac: string;
  fs: boolean;
  aead: boolean;
  cbc: boolean;
  anon: boolean;
  null: boolean;
  export: boolean;
  rc4: boolean;
  des: boolean;
  tripleDes: boolean;
  /** 64-bit block cipher (SWEET32): DES, 3DES, IDEA, RC2. */
  block64: boolean;
  /** Only defined for TLS 1.2 (SHA-2 MAC or AEAD). */
  tls12Only: boolean;
}

// code → IANA name (TLS_ prefix omitted). Written from the IANA TLS Cipher Suites registry.
const TLS_SUITES: ReadonlyArray<[number, string]> = [
  [0x0001, 'RSA_WITH_NULL_MD5'],
  [0x0002, 'RSA_WITH_NULL_SHA'],
  [0x0003, 'RSA_EXPORT_WITH_RC4_40_MD5'],
  [0x0004, 'RSA_WITH_RC4_128_MD5'],
  [0x0005, 'RSA_WITH_RC4_128_SHA'],
  [0x0006, 'RSA_EXPORT_WITH_RC2_CBC_40_MD5'],
  [0x0007, 'RSA_WITH_IDEA_CBC_SHA'],
  [0x0008, 'RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0009, 'RSA_WITH_DES_CBC_SHA'],
  [0x000a, 'RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x000b, 'DH_DSS_EXPORT_WITH_DES40_CBC_SHA'],
  [0x000c, 'DH_DSS_WITH_DES_CBC_SHA'],
  [0x000d, 'DH_DSS_WITH_3DES_EDE_CBC_SHA'],
  [0x000e, 'DH_RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x000f, 'DH_RSA_WITH_DES_CBC_SHA'],
  [0x0010, 'DH_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x0011, 'DHE_DSS_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0012, 'DHE_DSS_WITH_DES_CBC_SHA'],
  [0x0013, 'DHE_DSS_WITH_3DES_EDE_CBC_SHA'],
  [0x0014, 'DHE_RSA_EXPORT_WITH_DES40_CBC_SHA'],
  [0x0015, 'DHE_RSA_WITH_DES_CBC_SHA'],
  [0x0016, 'DHE_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x0017, 'DH_anon_EXPORT_WITH_RC4_40_MD5'],
  [0x0018, 'DH_anon_WITH_RC4_128_MD5'],
  [0x0019, 'DH_anon_EXPORT_WITH_DES40_CBC_SHA'],
  [0x001a, 'DH_anon_WITH_DES_CBC_SHA'],
  [0x001b, 'DH_anon_WITH_3DES_EDE_CBC_SHA'],
  [0x001e, 'KRB5_WITH_DES_CBC_SHA'],
  [0x001f, 'KRB5_WITH_3DES_EDE_CBC_SHA'],
  [0x0020, 'KRB5_WITH_RC4_128_SHA'],
  [0x002c, 'PSK_WITH_NULL_SHA'],
  [0x002d, 'DHE_PSK_WITH_NULL_SHA'],
  [0x002e, 'RSA_PSK_WITH_NULL_SHA'],
  [0x002f, 'RSA_WITH_AES_128_CBC_SHA'],
  [0x0030, 'DH_DSS_WITH_AES_128_CBC_SHA'],
  [0x0031, 'DH_RSA_WITH_AES_128_CBC_SHA'],
  [0x0032, 'DHE_DSS_WITH_AES_128_CBC_SHA'],
  [0x0033, 'DHE_RSA_WITH_AES_128_CBC_SHA'],
  [0x0034, 'DH_anon_WITH_AES_128_CBC_SHA'],
  [0x0035, 'RSA_WITH_AES_256_CBC_SHA'],
  [0x0036, 'DH_DSS_WITH_AES_256_CBC_SHA'],
  [0x0037, 'DH_RSA_WITH_AES_256_CBC_SHA'],
  [0x0038, 'DHE_DSS_WITH_AES_256_CBC_SHA'],
  [0x0039, 'DHE_RSA_WITH_AES_256_CBC_SHA'],
  [0x003a, 'DH_anon_WITH_AES_256_CBC_SHA'],
  [0x003b, 'RSA_WITH_NULL_SHA256'],
  [0x003c, 'RSA_WITH_AES_128_CBC_SHA256'],
  [0x003d, 'RSA_WITH_AES_256_CBC_SHA256'],
  [0x003e, 'DH_DSS_WITH_AES_128_CBC_SHA256'],
  [0x003f, 'DH_RSA_WITH_AES_128_CBC_SHA256'],
  [0x0040, 'DHE_DSS_WITH_AES_128_CBC_SHA256'],
  [0x0041, 'RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0042, 'DH_DSS_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0043, 'DH_RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0044, 'DHE_DSS_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0045, 'DHE_RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0046, 'DH_anon_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0062, 'RSA_EXPORT1024_WITH_DES_CBC_SHA'],
  [0x0063, 'DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA'],
  [0x0064, 'RSA_EXPORT1024_WITH_RC4_56_SHA'],
  [0x0065, 'DHE_DSS_EXPORT1024_WITH_RC4_56_SHA'],
  [0x0066, 'DHE_DSS_WITH_RC4_128_SHA'],
  [0x0067, 'DHE_RSA_WITH_AES_128_CBC_SHA256'],
  [0x0068, 'DH_DSS_WITH_AES_256_CBC_SHA256'],
  [0x0069, 'DH_RSA_WITH_AES_256_CBC_SHA256'],
  [0x006a, 'DHE_DSS_WITH_AES_256_CBC_SHA256'],
  [0x006b, 'DHE_RSA_WITH_AES_256_CBC_SHA256'],
  [0x006c, 'DH_anon_WITH_AES_128_CBC_SHA256'],
  [0x006d, 'DH_anon_WITH_AES_256_CBC_SHA256'],
  [0x0084, 'RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0085, 'DH_DSS_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0086, 'DH_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0087, 'DHE_DSS_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0088, 'DHE_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0089, 'DH_anon_WITH_CAMELLIA_256_CBC_SHA'],
  [0x008a, 'PSK_WITH_RC4_128_SHA'],
  [0x008b, 'PSK_WITH_3DES_EDE_CBC_SHA'],
  [0x008c, 'PSK_WITH_AES_128_CBC_SHA'],
  [0x008d, 'PSK_WITH_AES_256_CBC_SHA'],
  [0x008e, 'DHE_PSK_WITH_RC4_128_SHA'],
  [0x008f, 'DHE_PSK_WITH_3DES_EDE_CBC_SHA'],
  [0x0090, 'DHE_PSK_WITH_AES_128_CBC_SHA'],
  [0x0091, 'DHE_PSK_WITH_AES_256_CBC_SHA'],
  [0x0092, 'RSA_PSK_WITH_RC4_128_SHA'],
  [0x0093, 'RSA_PSK_WITH_3DES_EDE_CBC_SHA'],
  [0x0094, 'RSA_PSK_WITH_AES_128_CBC_SHA'],
  [0x0095, 'RSA_PSK_WITH_AES_256_CBC_SHA'],
  [0x0096, 'RSA_WITH_SEED_CBC_SHA'],
  [0x0097, 'DH_DSS_WITH_SEED_CBC_SHA'],
  [0x0098, 'DH_RSA_WITH_SEED_CBC_SHA'],
  [0x0099, 'DHE_DSS_WITH_SEED_CBC_SHA'],
  [0x009a, 'DHE_RSA_WITH_SEED_CBC_SHA'],
  [0x009b, 'DH_anon_WITH_SEED_CBC_SHA'],
  [0x009c, 'RSA_WITH_AES_128_GCM_SHA256'],
  [0x009d, 'RSA_WITH_AES_256_GCM_SHA384'],
  [0x009e, 'DHE_RSA_WITH_AES_128_GCM_SHA256'],
  [0x009f, 'DHE_RSA_WITH_AES_256_GCM_SHA384'],
  [0x00a0, 'DH_RSA_WITH_AES_128_GCM_SHA256'],
  [0x00a1, 'DH_RSA_WITH_AES_256_GCM_SHA384'],
  [0x00a2, 'DHE_DSS_WITH_AES_128_GCM_SHA256'],
  [0x00a3, 'DHE_DSS_WITH_AES_256_GCM_SHA384'],
  [0x00a4, 'DH_DSS_WITH_AES_128_GCM_SHA256'],
  [0x00a5, 'DH_DSS_WITH_AES_256_GCM_SHA384'],
  [0x00a6, 'DH_anon_WITH_AES_128_GCM_SHA256'],
  [0x00a7, 'DH_anon_WITH_AES_256_GCM_SHA384'],
  [0x00a8, 'PSK_WITH_AES_128_GCM_SHA256'],
  [0x00a9, 'PSK_WITH_AES_256_GCM_SHA384'],
  [0x00aa, 'DHE_PSK_WITH_AES_128_GCM_SHA256'],
  [0x00ab, 'DHE_PSK_WITH_AES_256_GCM_SHA384'],
  [0x00ac, 'RSA_PSK_WITH_AES_128_GCM_SHA256'],
  [0x00ad, 'RSA_PSK_WITH_AES_256_GCM_SHA384'],
  [0x00ae, 'PSK_WITH_AES_128_CBC_SHA256'],
  [0x00af, 'PSK_WITH_AES_256_CBC_SHA384'],
  [0x00b0, 'PSK_WITH_NULL_SHA256'],
  [0x00b1, 'PSK_WITH_NULL_SHA384'],
  [0x00b2, 'DHE_PSK_WITH_AES_128_CBC_SHA256'],
  [0x00b3, 'DHE_PSK_WITH_AES_256_CBC_SHA384'],
  [0x00b4, 'DHE_PSK_WITH_NULL_SHA256'],
  [0x00b5, 'DHE_PSK_WITH_NULL_SHA384'],
  [0x00b6, 'RSA_PSK_WITH_AES_128_CBC_SHA256'],
  [0x00b7, 'RSA_PSK_WITH_AES_256_CBC_SHA384'],
  [0x00b8, 'RSA_PSK_WITH_NULL_SHA256'],
  [0x00b9, 'RSA_PSK_WITH_NULL_SHA384'],
  [0x00ba, 'RSA_WITH_CAMELLIA_128_CBC_SHA256'],
  [0x00bd, 'DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256'],
  [0x00be, 'DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256'],
  [0x00bf, 'DH_anon_WITH_CAMELLIA_128_CBC_SHA256'],
  [0x00c0, 'RSA_WITH_CAMELLIA_256_CBC_SHA256'],
  [0x00c3, 'DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256'],
  [0x00c4, 'DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256'],
  [0x00c5, 'DH_anon_WITH_CAMELLIA_256_CBC_SHA256'],
  [0xc001, 'ECDH_ECDSA_WITH_NULL_SHA'],
  [0xc002, 'ECDH_ECDSA_WITH_RC4_128_SHA'],
  [0xc003, 'ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc004, 'ECDH_ECDSA_WITH_AES_128_CBC_SHA'],
  [0xc005, 'ECDH_ECDSA_WITH_AES_256_CBC_SHA'],
  [0xc006, 'ECDHE_ECDSA_WITH_NULL_SHA'],
  [0xc007, 'ECDHE_ECDSA_WITH_RC4_128_SHA'],
  [0xc008, 'ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc009, 'ECDHE_ECDSA_WITH_AES_128_CBC_SHA'],
  [0xc00a, 'ECDHE_ECDSA_WITH_AES_256_CBC_SHA'],
  [0xc00b, 'ECDH_RSA_WITH_NULL_SHA'],
  [0xc00c, 'ECDH_RSA_WITH_RC4_128_SHA'],
  [0xc00d, 'ECDH_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc00e, 'ECDH_RSA_WITH_AES_128_CBC_SHA'],
  [0xc00f, 'ECDH_RSA_WITH_AES_256_CBC_SHA'],
  [0xc010, 'ECDHE_RSA_WITH_NULL_SHA'],
  [0xc011, 'ECDHE_RSA_WITH_RC4_128_SHA'],
  [0xc012, 'ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc013, 'ECDHE_RSA_WITH_AES_128_CBC_SHA'],
  [0xc014, 'ECDHE_RSA_WITH_AES_256_CBC_SHA'],
  [0xc015, 'ECDH_anon_WITH_NULL_SHA'],
  [0xc016, 'ECDH_anon_WITH_RC4_128_SHA'],
  [0xc017, 'ECDH_anon_WITH_3DES_EDE_CBC_SHA'],
  [0xc018, 'ECDH_anon_WITH_AES_128_CBC_SHA'],
  [0xc019, 'ECDH_anon_WITH_AES_256_CBC_SHA'],
  [0xc01a, 'SRP_SHA_WITH_3DES_EDE_CBC_SHA'],
  [0xc01b, 'SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc01c, 'SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA'],
  [0xc01d, 'SRP_SHA_WITH_AES_128_CBC_SHA'],
  [0xc01e, 'SRP_SHA_RSA_WITH_AES_128_CBC_SHA'],
  [0xc01f, 'SRP_SHA_DSS_WITH_AES_128_CBC_SHA'],
  [0xc020, 'SRP_SHA_WITH_AES_256_CBC_SHA'],
  [0xc021, 'SRP_SHA_RSA_WITH_AES_256_CBC_SHA'],
  [0xc022, 'SRP_SHA_DSS_WITH_AES_256_CBC_SHA'],
  [0xc023, 'ECDHE_ECDSA_WITH_AES_128_CBC_SHA256'],
  [0xc024, 'ECDHE_ECDSA_WITH_AES_256_CBC_SHA384'],
  [0xc025, 'ECDH_ECDSA_WITH_AES_128_CBC_SHA256'],
  [0xc026, 'ECDH_ECDSA_WITH_AES_256_CBC_SHA384'],
  [0xc027, 'ECDHE_RSA_WITH_AES_128_CBC_SHA256'],
  [0xc028, 'ECDHE_RSA_WITH_AES_256_CBC_SHA384'],
  [0xc029, 'ECDH_RSA_WITH_AES_128_CBC_SHA256'],
  [0xc02a, 'ECDH_RSA_WITH_AES_256_CBC_SHA384'],
  [0xc02b, 'ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  [0xc02c, 'ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
  [0xc02d, 'ECDH_ECDSA_WITH_AES_128_GCM_SHA256'],
  [0xc02e, 'ECDH_ECDSA_WITH_AES_256_GCM_SHA384'],
  [0xc02f, 'ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
  [0xc030, 'ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
  [0xc031, 'ECDH_RSA_WITH_AES_128_GCM_SHA256'],
  [0xc032, 'ECDH_RSA_WITH_AES_256_GCM_SHA384'],
  [0xc033, 'ECDHE_PSK_WITH_RC4_128_SHA'],
  [0xc034, 'ECDHE_PSK_WITH_3DES_EDE_CBC_SHA'],
  [0xc035, 'ECDHE_PSK_WITH_AES_128_CBC_SHA'],
  [0xc036, 'ECDHE_PSK_WITH_AES_256_CBC_SHA'],
  [0xc037, 'ECDHE_PSK_WITH_AES_128_CBC_SHA256'],
  [0xc038, 'ECDHE_PSK_WITH_AES_256_CBC_SHA384'],
  [0xc039, 'ECDHE_PSK_WITH_NULL_SHA'],
  [0xc03a, 'ECDHE_PSK_WITH_NULL_SHA256'],
  [0xc03b, 'ECDHE_PSK_WITH_NULL_SHA384'],
  [0xc03c, 'RSA_WITH_ARIA_128_CBC_SHA256'],
  [0xc03d, 'RSA_WITH_ARIA_256_CBC_SHA384'],
  [0xc044, 'DHE_RSA_WITH_ARIA_128_CBC_SHA256'],
  [0xc045, 'DHE_RSA_WITH_ARIA_256_CBC_SHA384'],
  [0xc048, 'ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256'],
  [0xc049, 'ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384'],
  [0xc04c, 'ECDHE_RSA_WITH_ARIA_128_CBC_SHA256'],
  [0xc04d, 'ECDHE_RSA_WITH_ARIA_256_CBC_SHA384'],
  [0xc050, 'RSA_WITH_ARIA_128_GCM_SHA256'],
  [0xc051, 'RSA_WITH_ARIA_256_GCM_SHA384'],
  [0xc052, 'DHE_RSA_WITH_ARIA_128_GCM_SHA256'],
  [0xc053, 'DHE_RSA_WITH_ARIA_256_GCM_SHA384'],
  [0xc056, 'DHE_DSS_WITH_ARIA_128_GCM_SHA256'],
  [0xc057, 'DHE_DSS_WITH_ARIA_256_GCM_SHA384'],
  [0xc05a, 'DH_anon_WITH_ARIA_128_GCM_SHA256'],
  [0xc05b, 'DH_anon_WITH_ARIA_256_GCM_SHA384'],
  [0xc05c, 'ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256'],
  [0xc05d, 'ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384'],
  [0xc060, 'ECDHE_RSA_WITH_ARIA_128_GCM_SHA256'],
  [0xc061, 'ECDHE_RSA_WITH_ARIA_256_GCM_SHA384'],
  [0xc06a, 'PSK_WITH_ARIA_128_GCM_SHA256'],
  [0xc06b, 'PSK_WITH_ARIA_256_GCM_SHA384'],
  [0xc06c, 'DHE_PSK_WITH_ARIA_128_GCM_SHA256'],
  [0xc06d, 'DHE_PSK_WITH_ARIA_256_GCM_SHA384'],
  [0xc06e, 'RSA_PSK_WITH_ARIA_128_GCM_SHA256'],
  [0xc06f, 'RSA_PSK_WITH_ARIA_256_GCM_SHA384'],
  [0xc072, 'ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256'],
  [0xc073, 'ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384'],
  [0xc076, 'ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256'],
  [0xc077, 'ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384'],
  [0xc07a, 'RSA_WITH_CAMELLIA_128_GCM_SHA256'],
  [0xc07b, 'RSA_WITH_CAMELLIA_256_GCM_SHA384'],
  [0xc07c, 'DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256'],
  [0xc07d, 'DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384'],
  [0xc086, 'ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256'],
  [0xc087, 'ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384'],
  [0xc08a, 'ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256'],
  [0xc08b, 'ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384'],
  [0xc094, 'PSK_WITH_CAMELLIA_128_CBC_SHA256'],
  [0xc095, 'PSK_WITH_CAMELLIA_256_CBC_SHA384'],
  [0xc096, 'DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256'],
  [0xc097, 'DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384'],
  [0xc098, 'RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256'],
  [0xc099, 'RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384'],
  [0xc09a, 'ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256'],
  [0xc09b, 'ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384'],
  [0xc09c, 'RSA_WITH_AES_128_CCM'],
  [0xc09d, 'RSA_WITH_AES_256_CCM'],
  [0xc09e, 'DHE_RSA_WITH_AES_128_CCM'],
  [0xc09f, 'DHE_RSA_WITH_AES_256_CCM'],
  [0xc0a0, 'RSA_WITH_AES_128_CCM_8'],
  [0xc0a1, 'RSA_WITH_AES_256_CCM_8'],
  [0xc0a2, 'DHE_RSA_WITH_AES_128_CCM_8'],
  [0xc0a3, 'DHE_RSA_WITH_AES_256_CCM_8'],
  [0xc0a4, 'PSK_WITH_AES_128_CCM'],
  [0xc0a5, 'PSK_WITH_AES_256_CCM'],
  [0xc0a6, 'DHE_PSK_WITH_AES_128_CCM'],
  [0xc0a7, 'DHE_PSK_WITH_AES_256_CCM'],
  [0xc0a8, 'PSK_WITH_AES_128_CCM_8'],
  [0xc0a9, 'PSK_WITH_AES_256_CCM_8'],
  [0xc0aa, 'PSK_DHE_WITH_AES_128_CCM_8'],
  [0xc0ab, 'PSK_DHE_WITH_AES_256_CCM_8'],
  [0xc0ac, 'ECDHE_ECDSA_WITH_AES_128_CCM'],
  [0xc0ad, 'ECDHE_ECDSA_WITH_AES_256_CCM'],
  [0xc0ae, 'ECDHE_ECDSA_WITH_AES_128_CCM_8'],
  [0xc0af, 'ECDHE_ECDSA_WITH_AES_256_CCM_8'],
  [0xcca8, 'ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
  [0xcca9, 'ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
  [0xccaa, 'DHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
  [0xccab, 'PSK_WITH_CHACHA20_POLY1305_SHA256'],
  [0xccac, 'ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256'],
  [0xccad, 'DHE_PSK_WITH_CHACHA20_POLY1305_SHA256'],
  [0xccae, 'RSA_PSK_WITH_CHACHA20_POLY1305_SHA256'],
];

const TLS13_SUITES: ReadonlyArray<[number, string]> = [
  [0x1301, 'AES_128_GCM_SHA256'],
  [0x1302, 'AES_256_GCM_SHA384'],
  [0x1303, 'CHACHA20_POLY1305_SHA256'],
  [0x1304, 'AES_128_CCM_SHA256'],
  [0x1305, 'AES_128_CCM_8_SHA256'],
];

const SSL2_SPECS: ReadonlyArray<[number, string, string, number, boolean]> = [
  // code, name, enc, bits, export
  [0x010080, 'SSL_CK_RC4_128_WITH_MD5', 'RC4_128', 128, false],
  [0x020080, 'SSL_CK_RC4_128_EXPORT40_WITH_MD5', 'RC4_40', 40, true],
  [0x030080, 'SSL_CK_RC2_128_CBC_WITH_MD5', 'RC2_CBC_128', 128, false],
  [0x040080, 'SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5', 'RC2_CBC_40', 40, true],
  [0x050080, 'SSL_CK_IDEA_128_CBC_WITH_MD5', 'IDEA_CBC', 128, false],
  [0x060040, 'SSL_CK_DES_64_CBC_WITH_MD5', 'DES_CBC', 56, false],
  [0x0700c0, 'SSL_CK_DES_192_EDE3_CBC_WITH_MD5', '3DES_EDE_CBC', 112, false],
];

function hex(code: number, digits: number): string {
  return '0x' + code.toString(16).toUpperCase().padStart(digits, '0');
}

function encBits(enc: string): number {
  if (enc === 'NULL') return 0;
  if (enc.startsWith('3DES')) return 112;
  if (enc.includes('CHACHA20')) return 256;
  if (enc.startsWith('DES40') || enc.endsWith('_40')) return 40;
  if (enc.startsWith('DES')) return 56;
  if (enc.startsWith('SEED') || enc.startsWith('IDEA')) return 128;
  const m = /_(\d+)/.exec(enc);
  return m ? Number(m[1]) : 0;
}

function flagsOf(partial: Pick<SuiteInfo, 'code' | 'name' | 'kx' | 'au' | 'enc' | 'mac'> & { export: boolean }): SuiteInfo {
  const { enc, kx, au, mac } = partial;
  const aead = mac === 'AEAD';
  const tripleDes = enc.startsWith('3DES');
  const des = !tripleDes && enc.startsWith('DES');
  return {
    ...partial,
    bits: encBits(enc),
    fs: kx === 'DHE' || kx === 'ECDHE' || kx === 'any',
    aead,
    cbc: enc.includes('CBC'),
    anon: au === 'anon',
    null: enc === 'NULL',
    rc4: enc.startsWith('RC4'),
    des,
    tripleDes,
    block64: des || tripleDes || enc.startsWith('IDEA') || enc.startsWith('RC2'),
    tls12Only: aead || mac === 'SHA256' || mac === 'SHA384',
  };
}

/** Derive the properties of a TLS (≤1.2) suite from its IANA name (without `TLS_`). */
function describeTls(code: number, name: string): SuiteInfo {
  const [kxPart, cipherPart] = name.split('_WITH_') as [string, string];
  const words = kxPart.split('_');
  const isExport = words.some((w) => w.startsWith('EXPORT'));
  const core = words.filter((w) => !w.startsWith('EXPORT'));
  let kx = core[0] ?? 'RSA';
  let au: string;
  if (kx === 'SRP') au = core[2] ?? 'SRP';
  else if (kx === 'PSK') {
    au = 'PSK';
    if (core[1] === 'DHE') kx = 'DHE'; // PSK_DHE_WITH_… (CCM_8 variants)
  } else au = core[1] ?? kx;
  if (kx === 'KRB5') au = 'KRB5';
  let enc: string;
  let mac: string;
  if (/_CCM(_8)?$/.test(cipherPart)) {
    enc = cipherPart;
    mac = 'AEAD';
  } else {
    const i = cipherPart.lastIndexOf('_');
    enc = cipherPart.slice(0, i);
    mac = cipherPart.slice(i + 1);
    if (enc.includes('GCM') || enc.includes('CHACHA20_POLY1305')) mac = 'AEAD';
  }
  return flagsOf({ code: hex(code, 4), name: `TLS_${name}`, kx, au, enc, mac, export: isExport });
}

function describeTls13(code: number, name: string): SuiteInfo {
  const enc = name.replace(/_SHA(256|384)$/, '');
  return flagsOf({ code: hex(code, 4), name: `TLS_${name}`, kx: 'any', au: 'any', enc, mac: 'AEAD', export: false });
}

export const TLS_SUITE_TABLE: ReadonlyMap<number, SuiteInfo> = new Map(TLS_SUITES.map(([c, n]) => [c, describeTls(c, n)]));
export const TLS13_SUITE_TABLE: ReadonlyMap<number, SuiteInfo> = new Map(TLS13_SUITES.map(([c, n]) => [c, describeTls13(c, n)]));
export const SSL2_SPEC_TABLE: ReadonlyMap<number, SuiteInfo> = new Map(
  SSL2_SPECS.map(([c, n, enc, _bits, exp]) => [
    c,
    flagsOf({ code: hex(c, 6), name: n, kx: 'RSA', au: 'RSA', enc, mac: 'MD5', export: exp }),
  ]),
);

/** A suite we did not list (a server chose an unknown code): described as unknown, judged as weak. */
export function describeSuite(code: number, protocol: ProtocolName): SuiteInfo {
  const table = protocol === 'SSLv2' ? SSL2_SPEC_TABLE : protocol === 'TLSv1.3' ? TLS13_SUITE_TABLE : TLS_SUITE_TABLE;
  const known = table.get(code);
  if (known) return known;
  return {
    ...flagsOf({
      code: hex(code, protocol === 'SSLv2' ? 6 : 4),
      name: 'UNKNOWN',
      kx: 'unknown',
      au: 'unknown',
      enc: 'unknown',
      mac: 'unknown',
      export: false,
    }),
    bits: 0,
  };
}

/** Ordered so the suites a modern server picks come first (fewer round trips). */
function preferenceRank(s: SuiteInfo): number {
  let r = 0;
  if (s.fs) r -= 4;
  if (s.aead) r -= 2;
  if (s.au === 'ECDSA' || s.au === 'RSA') r -= 1;
  return r;
}

/** The suites to offer for a protocol version (TLS 1.0 and older: no SHA-2/AEAD suites). */
export function suitesFor(protocol: ProtocolName): number[] {
  if (protocol === 'SSLv2') return [...SSL2_SPEC_TABLE.keys()];
  if (protocol === 'TLSv1.3') return [...TLS13_SUITE_TABLE.keys()];
  const list = [...TLS_SUITE_TABLE.values()].filter((s) => protocol === 'TLSv1.2' || !s.tls12Only);
  return list.sort((a, b) => preferenceRank(a) - preferenceRank(b)).map((s) => Number(s.code));
}
