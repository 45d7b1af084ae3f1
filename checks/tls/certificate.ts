/** Certificate facts from DER: parsed with node-forge (RSA), falling back to Node's X509Certificate
 * (EC, Ed25519 and anything forge cannot read). Plain data, so reports can be stored and re-judged. */
import { X509Certificate, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface CertSummary {
  subject: string;
  issuer: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** `RSA`, `EC`, `Ed25519`, `DSA`, … */
  keyType: string;
  keyBits: number;
  curve?: string;
  signatureAlgorithm: string;
  /** Hash under the signature: md2, md5, sha1, sha256, … (`none` for Ed25519/Ed448). */
  signatureHash: string;
  selfSigned: boolean;
  sha256: string;
  /** DNS names and IP addresses from subjectAltName. */
  altNames: string[];
  parser: 'node-forge' | 'x509';
}

export interface CertificateReport {
  leaf: CertSummary;
  /** Every certificate the server sent, leaf first, in the order sent. */
  chain: CertSummary[];
  /** Each certificate is issued by the next one. */
  chainOrdered: boolean;
  /** The name checked against the certificate, when one was known (SNI or a host name). */
  hostname?: { name: string; matches: boolean };
  /** How the chain was obtained. */
  source: 'probe' | 'handshake';
}

const SIG_OIDS: Record<string, [string, string]> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'md2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'sha224'],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  '1.2.840.113549.1.1.10': ['RSASSA-PSS', 'pss'],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.1': ['ecdsa-with-SHA224', 'sha224'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.2.840.10040.4.3': ['dsa-with-SHA1', 'sha1'],
  '2.16.840.1.101.3.4.3.2': ['dsa-with-SHA256', 'sha256'],
  '1.3.101.112': ['Ed25519', 'none'],
  '1.3.101.113': ['Ed448', 'none'],
};

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256r1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  prime192v1: 192,
  secp256k1: 256,
};

/** The outer signatureAlgorithm OID, read with forge's generic ASN.1 reader (works for any key type). */
function signatureOf(der: Buffer): [string, string] {
  try {
    const asn = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
    const seq = asn.value as forge.asn1.Asn1[];
    const algId = seq[1]?.value as forge.asn1.Asn1[] | undefined;
    const oid = forge.asn1.derToOid(algId?.[0]?.value as string);
    return SIG_OIDS[oid] ?? [oid, 'unknown'];
  } catch {
    return ['unknown', 'unknown'];
  }
}

function dnOf(x509Text: string): string {
  return x509Text.split('\n').filter(Boolean).join(', ');
}

function forgeDn(attrs: forge.pki.CertificateField[]): string {
  return attrs.map((a) => `${a.shortName ?? a.name ?? a.type}=${String(a.value)}`).join(', ');
}

function altNamesOf(x: X509Certificate): string[] {
  const raw = x.subjectAltName;
  if (!raw) return [];
  return raw
    .split(/,\s*/)
    .map((part) => {
      const m = /^(DNS|IP Address):(.*)$/.exec(part);
      return m ? (m[2] ?? '') : '';
    })
    .filter(Boolean)
    .slice(0, 100);
}

function selfSignedOf(x: X509Certificate): boolean {
  if (x.subject !== x.issuer) return false;
  try {
    return x.verify(x.publicKey);
  } catch {
    return false;
  }
}

/** Facts about one certificate. Throws only when neither parser can read the DER. */
export function summarise(der: Buffer): CertSummary {
  const x = new X509Certificate(der);
  const [signatureAlgorithm, signatureHash] = signatureOf(der);
  const base = {
    signatureAlgorithm,
    signatureHash,
    selfSigned: selfSignedOf(x),
    sha256: createHash('sha256').update(der).digest('hex'),
    altNames: altNamesOf(x),
  };
  try {
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
    const key = cert.publicKey as forge.pki.rsa.PublicKey;
    return {
      ...base,
      subject: forgeDn(cert.subject.attributes),
      issuer: forgeDn(cert.issuer.attributes),
      notBefore: cert.validity.notBefore.toISOString(),
      notAfter: cert.validity.notAfter.toISOString(),
      keyType: 'RSA',
      keyBits: key.n.bitLength(),
      parser: 'node-forge',
    };
  } catch {
    // forge reads RSA keys only: EC, Ed25519 and DSA certificates come through X509Certificate.
  }
  const pub = x.publicKey;
  const details = pub.asymmetricKeyDetails ?? {};
  const type = pub.asymmetricKeyType ?? 'unknown';
  const keyType =
    (<Record<string, string>>{
      rsa: 'RSA',
      'rsa-pss': 'RSA-PSS',
      ec: 'EC',
      dsa: 'DSA',
      ed25519: 'Ed25519',
      ed448: 'Ed448',
      dh: 'DH',
    })[type] ?? type;
  const curve = details.namedCurve;
  const keyBits =
    details.modulusLength ?? (curve ? (CURVE_BITS[curve] ?? 0) : type === 'ed25519' ? 256 : type === 'ed448' ? 456 : 0);
  return {
    ...base,
    subject: dnOf(x.subject),
    issuer: dnOf(x.issuer),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    keyType,
    keyBits,
    ...(curve ? { curve } : {}),
    parser: 'x509',
  };
}

/** Facts about a chain as sent (leaf first). `hostname`: a DNS name or IP to match, if known. */
export function analyseChain(ders: Buffer[], source: CertificateReport['source'], hostname?: string): CertificateReport {
  if (ders.length === 0) throw new Error('no certificate');
  const chain = ders.map(summarise);
  const parsed = ders.map((d) => new X509Certificate(d));
  let chainOrdered = true;
  for (let i = 0; i + 1 < parsed.length; i++) if (!parsed[i]!.checkIssued(parsed[i + 1]!)) chainOrdered = false;
  const report: CertificateReport = { leaf: chain[0]!, chain, chainOrdered, source };
  if (hostname) {
    const leaf = parsed[0]!;
    const matches = isIP(hostname) ? leaf.checkIP(hostname) !== undefined : leaf.checkHost(hostname) !== undefined;
    report.hostname = { name: hostname, matches };
  }
  return report;
}
