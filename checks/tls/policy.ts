/**
 * The TLS judgement policy, mapped to PCI DSS v4.0.1 Req 4.2.1 (strong cryptography, valid certificates)
 * and Mozilla's "intermediate" server profile (TLS 1.2/1.3, forward-secret AEAD suites, RSA/DH ≥ 2048):
 *
 * | finding                          | status | why |
 * |----------------------------------|--------|-----|
 * | SSLv2, SSLv3 offered             | fail   | not strong cryptography (PCI 4.2.1, Appendix A2) |
 * | TLS 1.0, TLS 1.1 offered         | fail; `waived` with an Appendix A2 reason, `manual` when A2 is claimed without one |
 * | no TLS 1.2 or 1.3                | fail   | no secure version at all |
 * | NULL, anonymous, export suites   | fail   | no encryption / no authentication / < 112 bits |
 * | RC4, DES, 3DES, other < 112 bits | fail   | broken or 64-bit block ciphers (SWEET32) |
 * | suites without forward secrecy   | warn   | Mozilla intermediate: ECDHE/DHE only |
 * | CBC (non-AEAD) suites            | warn   | Mozilla intermediate: AEAD only |
 * | DHE group < 2048 bits            | warn (fail < 1024) |
 * | certificate expired/not yet valid| fail   | PCI 4.2.1: valid, not expired |
 * | expires within N days            | warn   | |
 * | RSA/DSA key < 2048, EC < 224     | fail   | < 112-bit strength |
 * | MD2/MD5/SHA-1 signature          | fail   | weak signature |
 * | self-signed leaf                 | warn   | PCI: only from an internal CA, confirmed and verified |
 * | name mismatch, chain order       | warn   | |
 * | probe could not tell             | error  | never a pass on missing evidence |
 */
import type { Severity, Status } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import type { CertSummary } from './certificate.js';
import type { AcceptedSuite, EndpointReport } from './probe.js';
import { PROTOCOLS, type ProtocolName } from './suites.js';

export interface TlsPolicy {
  /** PCI DSS Appendix A2: POS POI terminals proven not exploitable may keep TLS 1.0/1.1. */
  allowEarlyTlsA2: boolean;
  /** The documented reason (risk assessment reference) that makes the A2 exception a waiver. */
  a2Reason?: string;
  /** Warn when the certificate expires within this many days. */
  certExpiryWarnDays: number;
}

export const DEFAULT_POLICY: TlsPolicy = { allowEarlyTlsA2: false, certExpiryWarnDays: 30 };

export interface TlsFinding {
  id: string;
  status: Status;
  severity: Severity;
  message: Text;
  details?: Record<string, unknown>;
  /** What to do about this finding, when the check's general remediation does not say it. */
  remediation?: Text;
}

const DAY = 86_400_000;

/** What trusting a certificate means, and how an internal CA replaces a self-signed one. */
export const SELF_SIGNED_REMEDIATION: Text = t(
  'A self-signed certificate vouches only for itself: a client can trust it only if that exact certificate was copied into ' +
    'the client\'s trust store beforehand, and a client that "accepts" it without that (or skips verification) can be fooled ' +
    "by anyone on the network presenting their own certificate. Issue the service's certificate from the retailer's " +
    "internal CA instead: install the CA certificate once in every client's trust store, give each terminal its own " +
    "certificate with its host name or address in subjectAltName, and replace or revoke one terminal's certificate without " +
    'touching the clients. Then confirm the clients verify the chain and the name (no "insecure"/"verify=false" settings).',
  '自己署名証明書は自分自身しか保証しません。クライアントがそれを信頼できるのは、' +
    'その証明書そのものを事前にクライアントの信頼ストアへ入れた場合だけです。そうせずに「受け入れる」（または検証を省く）' +
    'クライアントは、ネットワーク上の誰かが自分の証明書を提示するだけでだまされます。' +
    'サービスの証明書は小売事業者の内部 CA から発行してください。CA 証明書を各クライアントの信頼ストアに一度だけ入れ、' +
    '端末ごとにホスト名またはアドレスを subjectAltName に含む証明書を発行すれば、' +
    'クライアントに手を加えずに1台の証明書を更新・失効できます。その後、' +
    'クライアントがチェーンと名前を検証していること（"insecure"／"verify=false" などの設定がないこと）を確認してください。',
);

function suiteList(suites: AcceptedSuite[]): string {
  const names = [...new Set(suites.map((s) => s.name))];
  return names.slice(0, 6).join(', ') + (names.length > 6 ? ` (+${names.length - 6})` : '');
}

function allSuites(r: EndpointReport): Array<AcceptedSuite & { protocol: ProtocolName }> {
  return PROTOCOLS.flatMap((p) => (r.ciphers[p] ?? []).map((s) => ({ ...s, protocol: p })));
}

function stateFinding(r: EndpointReport): TlsFinding {
  const detail = r.detail ?? '';
  switch (r.state) {
    case 'not-tls':
      return {
        id: 'tls.not-tls',
        status: 'error',
        severity: 'medium',
        message: t(`The port does not speak TLS: ${detail}.`, `このポートは TLS で応答しません: ${detail}`),
      };
    case 'no-answer':
      return {
        id: 'tls.no-answer',
        status: 'error',
        severity: 'medium',
        message: t(
          `The port accepted the connection but gave no TLS answer (${detail}).`,
          `接続はできましたが、TLS の応答がありません (${detail})。`,
        ),
      };
    case 'unreachable':
      return {
        id: 'tls.unreachable',
        status: 'error',
        severity: 'medium',
        message: t(`Could not connect: ${detail}.`, `接続できません: ${detail}`),
      };
    default:
      return {
        id: 'tls.no-handshake',
        status: 'error',
        severity: 'medium',
        message: t(
          `The server ${detail}; no protocol version could be confirmed.`,
          `サーバーはすべての ClientHello を拒否しました (${detail})。対応プロトコルを確認できません。`,
        ),
      };
  }
}

function protocolFindings(r: EndpointReport, policy: TlsPolicy): TlsFinding[] {
  const out: TlsFinding[] = [];
  for (const p of ['SSLv2', 'SSLv3'] as const) {
    if (r.protocols[p])
      out.push({
        id: `tls.protocol.${p.toLowerCase()}`,
        status: 'fail',
        severity: 'critical',
        message: t(
          `${p} is offered; SSL is not strong cryptography (PCI DSS 4.2.1).`,
          `${p} が有効です。SSL は強力な暗号ではありません (PCI DSS 4.2.1)。`,
        ),
        details: { suites: (r.ciphers[p] ?? []).map((s) => s.name) },
      });
  }
  for (const p of ['TLSv1.0', 'TLSv1.1'] as const) {
    if (!r.protocols[p]) continue;
    const id = `tls.protocol.${p.toLowerCase()}`;
    const details = { suites: (r.ciphers[p] ?? []).map((s) => s.name) };
    if (policy.allowEarlyTlsA2 && policy.a2Reason?.trim()) {
      const reason = JSON.stringify(policy.a2Reason.trim());
      out.push({
        id,
        status: 'waived',
        severity: 'high',
        details,
        message: t(
          `${p} is offered; kept under PCI DSS Appendix A2 (POS POI terminal not susceptible to known exploits). Reason: ${reason}.`,
          `${p} が有効です。PCI DSS 付録 A2 (既知の攻撃を受けないと確認済みの POS POI 端末) により例外扱いです。理由: ${reason}`,
        ),
      });
    } else if (policy.allowEarlyTlsA2) {
      out.push({
        id,
        status: 'manual',
        severity: 'high',
        details,
        message: t(
          `${p} is offered. Appendix A2 was claimed but no reason was given: document that this POS POI terminal and its ` +
            `termination points are not susceptible to known exploits.`,
          `${p} が有効です。付録 A2 の適用が指定されましたが理由がありません。この POS ` +
            `POI 端末と接続先が既知の攻撃を受けないことを文書で示してください。`,
        ),
      });
    } else {
      out.push({
        id,
        status: 'fail',
        severity: 'high',
        details,
        message: t(
          `${p} is offered; early TLS is not strong cryptography (PCI DSS 4.2.1).`,
          `${p} が有効です。初期の TLS は強力な暗号ではありません (PCI DSS 4.2.1)。`,
        ),
      });
    }
  }
  if (!r.protocols['TLSv1.2'] && !r.protocols['TLSv1.3'])
    out.push({
      id: 'tls.protocol.no-modern',
      status: 'fail',
      severity: 'high',
      message: t('Neither TLS 1.2 nor TLS 1.3 is offered.', 'TLS 1.2 も TLS 1.3 も使えません。'),
    });
  if (r.undetermined.length)
    out.push({
      id: 'tls.protocol.undetermined',
      status: 'error',
      severity: 'medium',
      details: { protocols: r.undetermined },
      message: t(
        `Could not tell whether ${r.undetermined.join(', ')} ${r.undetermined.length > 1 ? 'are' : 'is'} offered: the ` +
          `server did not answer in time.`,
        `${r.undetermined.join('、')} が有効かどうか判定できません (時間内に応答がありません)。`,
      ),
    });
  return out;
}

interface CipherRule {
  id: string;
  match: (s: AcceptedSuite) => boolean;
  status: Status;
  severity: Severity;
  en: string;
  ja: string;
}

const CIPHER_RULES: CipherRule[] = [
  {
    id: 'tls.cipher.null',
    match: (s) => s.null,
    status: 'fail',
    severity: 'critical',
    en: 'NULL suites (no encryption) are accepted',
    ja: '暗号化なし (NULL) のスイートが使えます',
  },
  {
    id: 'tls.cipher.anonymous',
    match: (s) => s.anon,
    status: 'fail',
    severity: 'critical',
    en: 'anonymous suites (no server authentication) are accepted',
    ja: '認証なし (匿名) のスイートが使えます',
  },
  {
    id: 'tls.cipher.export',
    match: (s) => s.export,
    status: 'fail',
    severity: 'critical',
    en: 'export-grade suites are accepted',
    ja: '輸出グレードのスイートが使えます',
  },
  {
    id: 'tls.cipher.rc4',
    match: (s) => s.rc4,
    status: 'fail',
    severity: 'high',
    en: 'RC4 suites are accepted',
    ja: 'RC4 のスイートが使えます',
  },
  {
    id: 'tls.cipher.3des',
    match: (s) => s.tripleDes,
    status: 'fail',
    severity: 'high',
    en: '3DES suites (64-bit block, SWEET32) are accepted',
    ja: '3DES のスイート (64 ビットブロック、SWEET32) が使えます',
  },
  {
    id: 'tls.cipher.weak',
    match: (s) => !s.null && !s.export && !s.rc4 && !s.tripleDes && (s.bits < 112 || s.block64 || s.name === 'UNKNOWN'),
    status: 'fail',
    severity: 'high',
    en: 'suites weaker than 112 bits (DES, RC2, IDEA or unknown) are accepted',
    ja: '112 ビット未満などの弱いスイート (DES、RC2、IDEA、不明) が使えます',
  },
];

const WEAK_SUITE = (s: AcceptedSuite): boolean => CIPHER_RULES.some((r) => r.match(s));

function cipherFindings(r: EndpointReport): TlsFinding[] {
  const suites = allSuites(r);
  const out: TlsFinding[] = [];
  for (const rule of CIPHER_RULES) {
    const hits = suites.filter(rule.match);
    if (hits.length)
      out.push({
        id: rule.id,
        status: rule.status,
        severity: rule.severity,
        details: { suites: [...new Set(hits.map((s) => s.name))] },
        message: t(`Weak cipher: ${rule.en}: ${suiteList(hits)}.`, `弱い暗号: ${rule.ja}: ${suiteList(hits)}`),
      });
  }
  const rest = suites.filter((s) => !WEAK_SUITE(s));
  const noFs = rest.filter((s) => !s.fs);
  if (noFs.length)
    out.push({
      id: 'tls.cipher.no-forward-secrecy',
      status: 'warn',
      severity: 'medium',
      details: { suites: [...new Set(noFs.map((s) => s.name))] },
      message: t(
        `Suites without forward secrecy (static RSA/DH key exchange) are accepted: ${suiteList(noFs)}.`,
        `前方秘匿性のないスイート (静的 RSA/DH 鍵交換) が使えます: ${suiteList(noFs)}`,
      ),
    });
  const cbc = rest.filter((s) => !s.aead);
  if (cbc.length)
    out.push({
      id: 'tls.cipher.cbc',
      status: 'warn',
      severity: 'low',
      details: { suites: [...new Set(cbc.map((s) => s.name))] },
      message: t(
        `Non-AEAD (CBC) suites are accepted; Mozilla "intermediate" allows only AEAD suites: ${suiteList(cbc)}.`,
        `AEAD ではない (CBC) スイートが使えます。Mozilla の「intermediate」では AEAD のみです: ${suiteList(cbc)}`,
      ),
    });
  const dh = rest.filter((s) => s.dhBits !== undefined && s.dhBits < 2048 && !s.anon);
  if (dh.length) {
    const min = Math.min(...dh.map((s) => s.dhBits ?? 0));
    out.push({
      id: 'tls.kx.weak-dh',
      status: min < 1024 ? 'fail' : 'warn',
      severity: min < 1024 ? 'high' : 'medium',
      details: { minDhBits: min },
      message: t(
        `DHE key exchange uses a ${min}-bit group; use at least 2048 bits.`,
        `DHE 鍵交換の鍵長が ${min} ビットです。2048 ビット以上にしてください。`,
      ),
    });
  }
  return out;
}

function certLabel(c: CertSummary): string {
  return JSON.stringify(c.subject || c.sha256.slice(0, 16));
}

function certificateFindings(r: EndpointReport, policy: TlsPolicy, now: Date): TlsFinding[] {
  const out: TlsFinding[] = [];
  const cert = r.certificate;
  if (!cert) {
    const onlyAnon = allSuites(r).every((s) => s.anon);
    if (!onlyAnon)
      out.push({
        id: 'tls.cert.unavailable',
        status: 'error',
        severity: 'medium',
        message: t(
          `Could not read the server certificate: ${r.certificateError ?? 'unknown reason'}.`,
          `サーバー証明書を読み取れません: ${r.certificateError ?? '理由不明'}`,
        ),
      });
    return out;
  }
  const leaf = cert.leaf;
  const notAfter = new Date(leaf.notAfter);
  const notBefore = new Date(leaf.notBefore);
  const day = leaf.notAfter.slice(0, 10);
  if (now.getTime() > notAfter.getTime())
    out.push({
      id: 'tls.cert.expired',
      status: 'fail',
      severity: 'high',
      details: { notAfter: leaf.notAfter },
      message: t(`The certificate ${certLabel(leaf)} expired on ${day}.`, `証明書 ${certLabel(leaf)} は ${day} に期限切れです。`),
    });
  else if (now.getTime() < notBefore.getTime())
    out.push({
      id: 'tls.cert.not-yet-valid',
      status: 'fail',
      severity: 'high',
      details: { notBefore: leaf.notBefore },
      message: t(
        `The certificate ${certLabel(leaf)} is not valid before ${leaf.notBefore.slice(0, 10)}.`,
        `証明書 ${certLabel(leaf)} の有効期間は ${leaf.notBefore.slice(0, 10)} からです。`,
      ),
    });
  else {
    const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY);
    if (days < policy.certExpiryWarnDays)
      out.push({
        id: 'tls.cert.expiring',
        status: 'warn',
        severity: 'medium',
        details: { notAfter: leaf.notAfter, daysLeft: days },
        message: t(
          `The certificate ${certLabel(leaf)} expires in ${days} days (${day}).`,
          `証明書 ${certLabel(leaf)} はあと ${days} 日で期限切れになります (${day})。`,
        ),
      });
  }
  for (const c of cert.chain.slice(1)) {
    if (now.getTime() > new Date(c.notAfter).getTime() && !c.selfSigned)
      out.push({
        id: 'tls.cert.chain-expired',
        status: 'fail',
        severity: 'high',
        message: t(
          `The intermediate certificate ${certLabel(c)} expired on ${c.notAfter.slice(0, 10)}.`,
          `中間証明書 ${certLabel(c)} は ${c.notAfter.slice(0, 10)} に期限切れです。`,
        ),
      });
  }
  const minBits = leaf.keyType === 'EC' ? 224 : leaf.keyType.startsWith('Ed') ? 0 : 2048;
  if (leaf.keyBits < minBits)
    out.push({
      id: 'tls.cert.weak-key',
      status: 'fail',
      severity: 'high',
      details: { keyType: leaf.keyType, keyBits: leaf.keyBits },
      message: t(
        `The certificate key is ${leaf.keyType} ${leaf.keyBits} bits; at least ${minBits} bits are needed.`,
        `証明書の鍵は ${leaf.keyType} ${leaf.keyBits} ビットです。${minBits} ビット以上が必要です。`,
      ),
    });
  // A self-signed root at the end of the chain is a trust anchor: its own signature does not matter.
  const signed = cert.chain.filter((c, i) => i === 0 || !c.selfSigned);
  const weakSig = signed.filter((c) => ['md2', 'md5', 'sha1'].includes(c.signatureHash));
  if (weakSig.length) {
    const worst = weakSig.some((c) => c.signatureHash !== 'sha1') ? 'critical' : 'high';
    out.push({
      id: 'tls.cert.weak-signature',
      status: 'fail',
      severity: worst,
      details: { signatures: weakSig.map((c) => c.signatureAlgorithm) },
      message: t(
        `Weak certificate signature: ${weakSig.map((c) => `${certLabel(c)} uses ${c.signatureAlgorithm}`).join('; ')}.`,
        `証明書の署名が弱いです: ${weakSig.map((c) => `${certLabel(c)} は ${c.signatureAlgorithm}`).join('、')}`,
      ),
    });
  }
  if (leaf.selfSigned)
    out.push({
      id: 'tls.cert.self-signed',
      status: 'warn',
      severity: 'medium',
      message: t(
        `The certificate ${certLabel(leaf)} is self-signed; PCI DSS 4.2.1 accepts it only when it is confirmed and trusted ` +
          `as an internal certificate.`,
        `証明書 ${certLabel(leaf)} は自己署名です。PCI DSS 4.2.1 では、内部用として確認・信頼されている場合にのみ認められます。`,
      ),
      remediation: SELF_SIGNED_REMEDIATION,
    });
  if (cert.hostname && !cert.hostname.matches)
    out.push({
      id: 'tls.cert.hostname',
      status: 'warn',
      severity: 'medium',
      message: t(
        `The certificate does not match the name ${JSON.stringify(cert.hostname.name)}.`,
        `証明書が名前 ${JSON.stringify(cert.hostname.name)} と一致しません。`,
      ),
    });
  if (!cert.chainOrdered)
    out.push({
      id: 'tls.cert.chain-order',
      status: 'warn',
      severity: 'low',
      message: t(
        'The server sends its certificate chain out of order.',
        'サーバーが送る証明書チェーンの順序が正しくありません。',
      ),
    });
  return out;
}

/** Judge one endpoint report. Pure: the same report, policy and `now` give the same findings. */
export function judgeEndpoint(r: EndpointReport, policy: TlsPolicy = DEFAULT_POLICY, now: Date): TlsFinding[] {
  if (r.state !== 'tls') return [stateFinding(r)];
  const out = [...protocolFindings(r, policy), ...cipherFindings(r), ...certificateFindings(r, policy, now)];
  if (r.anomalies.length)
    out.push({
      id: 'tls.server.anomaly',
      status: 'warn',
      severity: 'low',
      details: { anomalies: r.anomalies },
      message: t(
        `The server misbehaved during the probe: ${r.anomalies.slice(0, 3).join('; ')}.`,
        `プローブ中にサーバーが不正な応答をしました: ${r.anomalies.slice(0, 3).join('; ')}`,
      ),
    });
  if (!out.some((f) => f.status !== 'pass' && f.status !== 'not-applicable')) {
    const versions = PROTOCOLS.filter((p) => r.protocols[p]).join(', ');
    const until = r.certificate?.leaf.notAfter.slice(0, 10);
    out.push({
      id: 'tls.strong',
      status: 'pass',
      severity: 'info',
      message: t(
        `Only ${versions} with forward-secret AEAD suites; certificate valid until ${until}.`,
        `${versions} のみ、前方秘匿性のある AEAD スイートのみです。証明書は ${until} まで有効です。`,
      ),
    });
  }
  return out;
}
