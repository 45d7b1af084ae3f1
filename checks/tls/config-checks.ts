/** TLS settings in configuration: OpenSSL, Java, Windows SCHANNEL/.NET, nginx and Apache.
 * Every finding says whether the weak setting is written in the file (explicit) or is the product's default. */
import type { EvidenceRequest, FileRequest, GlobRequest, RegistryRequest, RegistryValue } from '../../core/evidence.js';
import { requestKey } from '../../core/evidence.js';
import { t, type Text } from '../../core/i18n.js';
import type { AnyCheck, Check, Finding, Platform, Status } from '../../core/model.js';
import { findDirectives, opensslSystemDefault, parseProperties, securityLevel, weakCipherWords } from './config-parse.js';
import { cannotRead, notFoundButUnread, unreadAmong } from '../kit/findings.js';

type Origin = 'explicit' | 'default';
const ORIGIN: Record<Origin, Text> = {
  explicit: t('set explicitly', '明示的な設定'),
  default: t('product default', '製品の既定値'),
};

function finding(
  status: Status,
  origin: Origin | undefined,
  message: Text,
  location: string,
  req?: EvidenceRequest,
  details: Record<string, unknown> = {},
): Finding {
  const suffix = origin ? { en: ` (${ORIGIN[origin].en})`, ja: ` (${ORIGIN[origin].ja})` } : { en: '', ja: '' };
  return {
    status,
    message: t(message.en + suffix.en, message.ja + suffix.ja),
    location,
    ...(req ? { evidence: [requestKey(req)] } : {}),
    details: { ...(origin ? { origin } : {}), ...details },
  };
}

const file = (path: string, os: 'linux' | 'windows' = 'linux'): FileRequest => ({ kind: 'file', path, os, maxBytes: 512 * 1024 });
/** Every matching file is listed and read in the same round trip (drop-in folders, each installed JDK). */
const glob = (pattern: string, os: 'linux' | 'windows' = 'linux'): GlobRequest => ({
  kind: 'glob',
  pattern,
  os,
  maxEntries: 200,
  read: true,
  maxBytes: 512 * 1024,
});

// ---------------------------------------------------------------- OpenSSL

interface OpensslParams {
  files: string[];
}
const CRYPTO_POLICY = file('/etc/crypto-policies/config');
const WEAK_MIN = new Set(['none', 'sslv3', 'tlsv1', 'tlsv1.0', 'tlsv1.1', 'dtlsv1']);

function judgeOpenssl(text: string, path: string, req: FileRequest): Finding[] {
  const sd = opensslSystemDefault(text);
  const out: Finding[] = [];
  if (!sd) {
    out.push(
      finding(
        'warn',
        'default',
        t(
          `${path} has no system_default section: the minimum protocol and cipher list are OpenSSL's built-in defaults ` +
            `(OpenSSL 1.1.1 allows TLS 1.0; OpenSSL 3 allows it only at security level 0).`,
          `${path} に system_default セクションがありません。最小プロトコルと暗号は OpenSSL の既定値です (OpenSSL ` +
            `1.1.1 は TLS 1.0 を許可、OpenSSL 3 はセキュリティレベル 0 の場合のみ許可)。`,
        ),
        path,
        req,
      ),
    );
    return out;
  }
  const min = sd.get('MinProtocol');
  const cipher = sd.get('CipherString') ?? '';
  const level = securityLevel(cipher);
  if (min && WEAK_MIN.has(min.toLowerCase()))
    out.push(
      finding(
        'fail',
        'explicit',
        t(`MinProtocol = ${min} allows SSL or early TLS.`, `MinProtocol = ${min} で SSL または初期の TLS が使えます。`),
        path,
        req,
        { MinProtocol: min },
      ),
    );
  else if (!min)
    out.push(
      finding(
        level !== undefined && level >= 1 ? 'warn' : 'fail',
        'default',
        t(
          `MinProtocol is not set: TLS 1.0/1.1 are refused only by the security level (${level ?? 'library default'}).`,
          `MinProtocol が未設定です。TLS 1.0/1.1 を拒否するのはセキュリティレベル (${level ?? 'ライブラリ既定'}) だけです。`,
        ),
        path,
        req,
      ),
    );
  if (level === 0)
    out.push(
      finding(
        'fail',
        'explicit',
        t(
          `CipherString ${JSON.stringify(cipher)} sets @SECLEVEL=0: SHA-1, 1024-bit keys and early TLS are accepted.`,
          `CipherString ${JSON.stringify(cipher)} が @SECLEVEL=0 です。SHA-1、1024 ビット鍵、初期の TLS が使えます。`,
        ),
        path,
        req,
      ),
    );
  const weak = weakCipherWords(cipher);
  if (weak.length)
    out.push(
      finding(
        'fail',
        'explicit',
        t(`CipherString enables weak ciphers: ${weak.join(', ')}.`, `CipherString で弱い暗号が有効です: ${weak.join(', ')}`),
        path,
        req,
      ),
    );
  if (/UnsafeLegacyRenegotiation/i.test(sd.get('Options') ?? ''))
    out.push(
      finding(
        'warn',
        'explicit',
        t('Options allow unsafe legacy renegotiation.', 'Options で安全でない旧式の再ネゴシエーションが許可されています。'),
        path,
        req,
      ),
    );
  if (out.length === 0)
    out.push(
      finding(
        'pass',
        'explicit',
        t(
          `MinProtocol = ${min}; CipherString ${JSON.stringify(cipher || '(default)')}.`,
          `MinProtocol = ${min}、CipherString ${JSON.stringify(cipher || '(既定)')}`,
        ),
        path,
        req,
      ),
    );
  return out;
}

const opensslCheck: Check<OpensslParams> = {
  id: 'tls.openssl-config',
  family: 'tls',
  title: t(
    'OpenSSL system settings refuse SSL, early TLS and weak ciphers',
    'OpenSSL のシステム設定が SSL・初期の TLS・弱い暗号を拒否する',
  ),
  description: t(
    'Reads openssl.cnf (openssl_conf → ssl_conf → system_default: MinProtocol, CipherString and @SECLEVEL, Options) and ' +
      'the RHEL crypto-policies setting. Applications may override these settings; this is the floor for those that do not.',
    'openssl.cnf (openssl_conf → ssl_conf → system_default の MinProtocol、CipherString と @SECLEVEL、' +
      'Options) と RHEL の crypto-policies を読みます。アプリケーションが独自に設定する場合はそちらが優先されます。',
  ),
  remediation: t(
    'In system_default set MinProtocol = TLSv1.2 and CipherString = DEFAULT@SECLEVEL=2; on RHEL use ' +
      '`update-crypto-policies --set DEFAULT` (not LEGACY).',
    'system_default に MinProtocol = TLSv1.2 と CipherString = DEFAULT@SECLEVEL=2 を設定してください。' +
      'RHEL では `update-crypto-policies --set DEFAULT` (LEGACY 以外) にしてください。',
  ),
  platforms: ['linux'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      files: {
        type: 'array',
        items: { type: 'string' },
        default: ['/etc/ssl/openssl.cnf', '/etc/pki/tls/openssl.cnf', '/usr/lib/ssl/openssl.cnf'],
      },
    },
  },
  requests: (p) => [...p.files.map((f) => file(f)), CRYPTO_POLICY],
  evaluate(ev, ctx) {
    const out: Finding[] = [];
    let found = false;
    const seen = new Set<string>();
    for (const path of ctx.params.files) {
      const req = file(path);
      const a = ev.get(req);
      if (a.status === 'missing') continue;
      found = true;
      if (a.status !== 'ok') {
        out.push(cannotRead(t(path, path), a, req, path));
        continue;
      }
      const text = ev.text(req) ?? '';
      if (seen.has(text)) continue; // /usr/lib/ssl/openssl.cnf is usually a link to /etc/ssl/openssl.cnf
      seen.add(text);
      out.push(...judgeOpenssl(text, path, req));
    }
    const policy = ev.get(CRYPTO_POLICY);
    if (policy.status === 'ok') {
      found = true;
      const value =
        (ev.text(CRYPTO_POLICY) ?? '')
          .split(/\r?\n/)
          .map((l) => l.trim())
          .find((l) => l && !l.startsWith('#')) ?? '';
      if (/^LEGACY/i.test(value))
        out.push(
          finding(
            'fail',
            'explicit',
            t(
              `The system crypto policy is ${JSON.stringify(value)}: TLS 1.0/1.1 and SHA-1 are allowed.`,
              `システムの暗号ポリシーが ${JSON.stringify(value)} です。TLS 1.0/1.1 と SHA-1 が使えます。`,
            ),
            CRYPTO_POLICY.path,
            CRYPTO_POLICY,
          ),
        );
    } else if (policy.status !== 'missing')
      out.push(cannotRead(t(CRYPTO_POLICY.path, CRYPTO_POLICY.path), policy, CRYPTO_POLICY, CRYPTO_POLICY.path));
    if (!found)
      return [
        {
          status: 'not-applicable',
          message: t(
            'No openssl.cnf was found: OpenSSL is not installed.',
            'openssl.cnf がありません。OpenSSL はインストールされていません。',
          ),
        },
      ];
    return out;
  },
};

// ---------------------------------------------------------------- Java

interface JavaParams {
  files: string[];
}
const JAVA_GLOBS: GlobRequest[] = [
  glob('/usr/lib/jvm/*/conf/security/java.security'),
  glob('/usr/lib/jvm/*/jre/lib/security/java.security'),
  glob('/opt/*/conf/security/java.security'),
  glob('/opt/*/jre/lib/security/java.security'),
  glob('C:\\Program Files\\Java\\*\\conf\\security\\java.security', 'windows'),
  glob('C:\\Program Files\\Java\\*\\lib\\security\\java.security', 'windows'),
  glob('C:\\Program Files (x86)\\Java\\*\\lib\\security\\java.security', 'windows'),
];
/** What must be disabled, and the spellings that count. */
const JAVA_REQUIRED: Array<[string, string[]]> = [
  ['SSLv3', ['sslv3']],
  ['TLSv1', ['tlsv1']],
  ['TLSv1.1', ['tlsv1.1']],
  ['RC4', ['rc4']],
  ['DES', ['des', 'des_cbc']],
  ['3DES_EDE_CBC', ['3des_ede_cbc', 'desede']],
  ['anon', ['anon']],
  ['NULL', ['null']],
];

function judgeJava(text: string, path: string, req: EvidenceRequest): Finding[] {
  const value = parseProperties(text).get('jdk.tls.disabledAlgorithms');
  if (value === undefined)
    return [
      finding(
        'fail',
        'default',
        t(
          `${path} does not set jdk.tls.disabledAlgorithms: this JRE disables no TLS protocol or suite.`,
          `${path} に jdk.tls.disabledAlgorithms がありません。この JRE は TLS のプロトコルもスイートも無効にしていません。`,
        ),
        path,
        req,
      ),
    ];
  const entries = value.split(',').map((e) => e.trim().split(/\s+/)[0].toLowerCase());
  const missingAlgs = JAVA_REQUIRED.filter(([, spellings]) => !spellings.some((s) => entries.includes(s))).map(([name]) => name);
  if (missingAlgs.length)
    return [
      finding(
        'fail',
        'explicit',
        t(
          `jdk.tls.disabledAlgorithms does not disable ${missingAlgs.join(', ')}.`,
          `jdk.tls.disabledAlgorithms で ${missingAlgs.join(', ')} が無効になっていません。`,
        ),
        path,
        req,
        { missing: missingAlgs },
      ),
    ];
  return [
    finding(
      'pass',
      'explicit',
      t(
        'jdk.tls.disabledAlgorithms disables SSLv3, TLS 1.0/1.1, RC4, DES, 3DES, anonymous and NULL.',
        'jdk.tls.disabledAlgorithms で SSLv3、TLS 1.0/1.1、RC4、DES、3DES、匿名、NULL が無効です。',
      ),
      path,
      req,
    ),
  ];
}

const javaCheck: Check<JavaParams> = {
  id: 'tls.java-security',
  family: 'tls',
  title: t(
    'Each installed Java runtime disables SSL, early TLS and weak suites',
    'インストールされた各 Java 実行環境が SSL・初期の TLS・弱いスイートを無効にしている',
  ),
  description: t(
    'Reads jdk.tls.disabledAlgorithms in the java.security file of each JDK/JRE (conf/security for JDK 9+, ' +
      'jre/lib/security for JDK 8). Runtimes found by directory listing are read and judged too; one that cannot be read is ' +
      'reported for manual review. A -Djava.security.properties override on the command line is not seen.',
    '各 JDK/JRE の java.security (JDK 9 以降は conf/security、JDK 8 は jre/lib/security) の jdk.tls.disabledAlgorithms ' +
      'を読みます。一覧で見つかった実行環境も読み取って判定し、読めないものは要確認として報告します。' +
      'コマンドラインの -Djava.security.properties による上書きは見えません。',
  ),
  remediation: t(
    'Update the JRE, or add SSLv3, TLSv1, TLSv1.1, RC4, DES, 3DES_EDE_CBC, anon and NULL to jdk.tls.disabledAlgorithms.',
    'JRE を更新するか、jdk.tls.disabledAlgorithms に SSLv3、TLSv1、TLSv1.1、RC4、DES、3DES_EDE_CBC、anon、NULL を加えてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      files: {
        type: 'array',
        items: { type: 'string' },
        default: [
          '/usr/lib/jvm/default-java/conf/security/java.security',
          '/etc/java-17-openjdk/security/java.security',
          '/etc/java-11-openjdk/security/java.security',
          '/etc/java-21-openjdk/security/java.security',
          '/usr/lib/jvm/java-8-openjdk-amd64/jre/lib/security/java.security',
          '/usr/lib/jvm/jre/lib/security/java.security',
        ],
      },
    },
  },
  requests: (p) => [...JAVA_GLOBS, ...p.files.map((f) => file(f, f.includes('\\') ? 'windows' : 'linux'))],
  evaluate(ev, ctx) {
    const out: Finding[] = [];
    const read = new Set<string>();
    for (const path of ctx.params.files) {
      const req = file(path, path.includes('\\') ? 'windows' : 'linux');
      const a = ev.get(req);
      if (a.status === 'missing' || a.status === 'unsupported') continue;
      read.add(path);
      if (a.status !== 'ok') out.push(cannotRead(t(path, path), a, req, path));
      else out.push(...judgeJava(ev.text(req) ?? '', path, req));
    }
    const osGlobs = JAVA_GLOBS.filter((g) => g.os === (ctx.platform.os === 'windows' ? 'windows' : 'linux'));
    const globErrors = osGlobs.filter((g) => ev.get(g).status !== 'ok');
    // /usr/lib/jvm/<x>/conf/security is often a link to /etc/java-N-openjdk/security: compare by JDK name.
    const sameJdk = (f: string) => read.has(f) || [...read].some((r) => r.includes(/java-(\d+)-openjdk/.exec(f)?.[0] ?? '\0'));
    // Runtimes found by the globs were read with them: judge those the files parameter did not name.
    for (const g of osGlobs)
      for (const f of ev.files(g)) {
        if (sameJdk(f.path)) continue;
        read.add(f.path);
        out.push(...judgeJava(f.data, f.path, g));
      }
    const found = osGlobs.flatMap((g) => ev.get(g).entries ?? []);
    const unread = found.filter((f) => !sameJdk(f));
    if (unread.length)
      out.push({
        status: 'manual',
        message: t(
          `Java runtimes found whose java.security was not read; add them to the files parameter: ${unread.slice(0, 10).join(', ')}.`,
          `java.security を読んでいない Java 実行環境があります。files パラメーターに追加してください: ${unread.slice(0, 10).join(', ')}`,
        ),
        details: { unread },
      });
    for (const g of globErrors) out.push(cannotRead(t(g.pattern, g.pattern), ev.get(g), g, g.pattern));
    if (out.length === 0)
      return [{ status: 'not-applicable', message: t('No Java runtime was found.', 'Java 実行環境は見つかりませんでした。') }];
    return out;
  },
};

// ---------------------------------------------------------------- Windows SCHANNEL and .NET

const SCHANNEL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
const LEGACY_PROTOCOLS = ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1'] as const;
const protocolReq = (p: string): RegistryRequest => ({
  kind: 'registry',
  key: `${SCHANNEL}\\Protocols\\${p}`,
  subkeys: true,
  os: 'windows',
});
const CIPHERS_REQ: RegistryRequest = { kind: 'registry', key: `${SCHANNEL}\\Ciphers`, subkeys: true, os: 'windows' };
const DOTNET_REQS: RegistryRequest[] = [
  { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', os: 'windows' },
  { kind: 'registry', key: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319', os: 'windows' },
];
const WEAK_CIPHER_KEYS = /^(RC4|NULL|DES|Triple DES|RC2)/i;

function dword(values: RegistryValue[] | undefined, name: string): number | undefined {
  const v = values?.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return typeof v?.data === 'number' ? v.data : undefined;
}

/** Whether Windows of this build turns the protocol off when nothing is configured. [I]: SSL 3.0 off from
 * Windows 10 1607 (14393); TLS 1.0/1.1 off from Windows 11 24H2 / Server 2025 (26100). */
function disabledByDefault(protocol: string, platform: Platform): boolean | undefined {
  const build = Number((platform.build ?? '').split('.')[0]);
  if (protocol === 'SSL 2.0') return true;
  if (!Number.isFinite(build) || build === 0) return undefined;
  if (protocol === 'SSL 3.0') return build >= 14393;
  return build >= 26100;
}

const schannelCheck: Check<Record<string, never>> = {
  id: 'tls.schannel',
  family: 'tls',
  title: t(
    'Windows SCHANNEL and .NET refuse SSL, early TLS and weak ciphers',
    'Windows の SCHANNEL と .NET が SSL・初期の TLS・弱い暗号を拒否する',
  ),
  description: t(
    'Reads SCHANNEL\\Protocols\\<SSL 2.0|SSL 3.0|TLS 1.0|TLS 1.1>\\<Server|Client> Enabled/DisabledByDefault, the legacy ' +
      'Ciphers keys, and .NET Framework SchUseStrongCrypto/SystemDefaultTlsVersions (64-bit and WOW6432Node). Unset values ' +
      'are judged by the Windows build default.',
    'SCHANNEL\\Protocols\\<SSL 2.0|SSL 3.0|TLS 1.0|TLS 1.1>\\<Server|Client> の Enabled/DisabledByDefault、' +
      '旧 Ciphers キー、.NET Framework の SchUseStrongCrypto/SystemDefaultTlsVersions (64 ビットと WOW6432Node) を読みます。' +
      '未設定の値は Windows ビルドの既定値で判定します。',
  ),
  remediation: t(
    'Set Enabled=0 and DisabledByDefault=1 under Server and Client for SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1; set ' +
      'SchUseStrongCrypto=1 and SystemDefaultTlsVersions=1 under both .NETFramework v4.0.30319 keys; restart the services.',
    'SSL 2.0、SSL 3.0、TLS 1.0、TLS 1.1 の Server と Client に Enabled=0、DisabledByDefault=1 を設定し、' +
      '両方の .NETFramework v4.0.30319 キーに SchUseStrongCrypto=1 と SystemDefaultTlsVersions=1 を設定してから、' +
      'サービスを再起動してください。',
  ),
  platforms: ['windows'],
  severity: 'high',
  params: { type: 'object', additionalProperties: false, properties: {} },
  requests: () => [...LEGACY_PROTOCOLS.map(protocolReq), CIPHERS_REQ, ...DOTNET_REQS],
  evaluate(ev, ctx) {
    const out: Finding[] = [];
    for (const protocol of LEGACY_PROTOCOLS) {
      const req = protocolReq(protocol);
      const a = ev.get(req);
      if (a.status !== 'ok' && a.status !== 'missing') {
        out.push(cannotRead(t(req.key, req.key), a, req, req.key));
        continue;
      }
      for (const side of ['Server', 'Client']) {
        const values = a.registry?.children?.[side];
        const where = `${req.key}\\${side}`;
        const enabled = dword(values, 'Enabled');
        const dbd = dword(values, 'DisabledByDefault');
        if (enabled === 0) continue; // disabled, whatever callers ask
        if (enabled !== undefined && dbd !== undefined && dbd !== 0) {
          out.push(
            finding(
              'warn',
              'explicit',
              t(
                `${protocol} ${side}: disabled by default, but applications may still ask for it (Enabled=${enabled}).`,
                `${protocol} ${side}: 既定では無効ですが、アプリケーションが要求すれば使えます (Enabled=${enabled})。`,
              ),
              where,
              req,
            ),
          );
        } else if (enabled !== undefined) {
          out.push(
            finding(
              'fail',
              'explicit',
              t(`${protocol} ${side} is enabled (Enabled=${enabled}).`, `${protocol} ${side} が有効です (Enabled=${enabled})。`),
              where,
              req,
            ),
          );
        } else {
          const off = disabledByDefault(protocol, ctx.platform);
          if (off === undefined)
            out.push(
              finding(
                'error',
                'default',
                t(
                  `${protocol} ${side} is not configured and the Windows build is unknown, so its default cannot be told.`,
                  `${protocol} ${side} は未設定で、Windows のビルドが不明なため既定値を判定できません。`,
                ),
                where,
                req,
              ),
            );
          else if (!off)
            out.push(
              finding(
                'fail',
                'default',
                t(
                  `${protocol} ${side} is not configured; Windows build ${ctx.platform.build ?? '?'} enables it by default.`,
                  `${protocol} ${side} は未設定です。Windows ビルド ${ctx.platform.build ?? '?'} では既定で有効です。`,
                ),
                where,
                req,
              ),
            );
        }
      }
    }
    const ciphers = ev.get(CIPHERS_REQ);
    if (ciphers.status === 'ok') {
      for (const [name, values] of Object.entries(ciphers.registry?.children ?? {})) {
        const enabled = dword(values, 'Enabled');
        if (WEAK_CIPHER_KEYS.test(name) && enabled !== undefined && enabled !== 0)
          out.push(
            finding(
              'fail',
              'explicit',
              t(
                `The weak cipher ${JSON.stringify(name)} is enabled (Enabled=${enabled}).`,
                `弱い暗号 ${JSON.stringify(name)} が有効です (Enabled=${enabled})。`,
              ),
              `${CIPHERS_REQ.key}\\${name}`,
              CIPHERS_REQ,
            ),
          );
      }
    } else if (ciphers.status !== 'missing')
      out.push(cannotRead(t(CIPHERS_REQ.key, CIPHERS_REQ.key), ciphers, CIPHERS_REQ, CIPHERS_REQ.key));
    let dotnet = false;
    for (const req of DOTNET_REQS) {
      const a = ev.get(req);
      if (a.status === 'missing') continue;
      if (a.status !== 'ok') {
        out.push(cannotRead(t(req.key, req.key), a, req, req.key));
        continue;
      }
      dotnet = true;
      for (const name of ['SchUseStrongCrypto', 'SystemDefaultTlsVersions']) {
        const v = dword(a.registry?.values, name);
        if (v === 0)
          out.push(
            finding(
              'fail',
              'explicit',
              t(
                `${name}=0: .NET Framework applications may use SSL 3.0/TLS 1.0 and weak ciphers.`,
                `${name}=0 です。.NET Framework アプリケーションが SSL 3.0/TLS 1.0 と弱い暗号を使う可能性があります。`,
              ),
              `${req.key}\\${name}`,
              req,
            ),
          );
        else if (v === undefined)
          out.push(
            finding(
              'warn',
              'default',
              t(
                `${name} is not set: .NET Framework applications built for 4.5.2 or older default to SSL 3.0/TLS 1.0.`,
                `${name} が未設定です。.NET Framework 4.5.2 以前向けのアプリケーションは既定で SSL 3.0/TLS 1.0 を使います。`,
              ),
              `${req.key}\\${name}`,
              req,
            ),
          );
      }
    }
    if (out.length === 0)
      out.push({
        status: 'pass',
        message: t(
          `SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 are disabled (explicitly or by the Windows build ` +
            `default)${dotnet ? '; .NET uses strong crypto and the system TLS versions' : ''}.`,
          `SSL 2.0、SSL 3.0、TLS 1.0、TLS 1.1 は無効です (明示的な設定または Windows ビルドの既定値)` +
            `${dotnet ? '。.NET は強力な暗号とシステムの TLS バージョンを使います' : ''}。`,
        ),
      });
    return out;
  },
};

// ---------------------------------------------------------------- nginx and Apache

interface WebParams {
  files: string[];
}
const WEB_GLOBS: GlobRequest[] = [
  glob('/etc/nginx/conf.d/*.conf'),
  glob('/etc/nginx/sites-enabled/*'),
  glob('/etc/apache2/sites-enabled/*'),
  glob('/etc/apache2/mods-enabled/*.conf'),
  glob('/etc/httpd/conf.d/*.conf'),
];

function nginxVersionNote(): Text {
  return t(
    'nginx before 1.27.3 enables TLSv1 and TLSv1.1 when ssl_protocols is not set',
    'nginx 1.27.3 より前では ssl_protocols が未設定だと TLSv1 と TLSv1.1 が有効です',
  );
}

function judgeWeb(text: string, path: string, req: EvidenceRequest): Finding[] {
  const out: Finding[] = [];
  const nginx = /nginx/.test(path);
  if (nginx) {
    const protos = findDirectives(text, ['ssl_protocols'], 'nginx');
    const ciphers = findDirectives(text, ['ssl_ciphers'], 'nginx');
    const usesTls = /\bssl\b|listen\s+[^;]*\bssl\b|ssl_certificate/.test(text);
    for (const d of protos)
      if (/\b(SSLv2|SSLv3|TLSv1|TLSv1\.1)\b(?!\.[23])/.test(d.args))
        out.push(
          finding(
            'fail',
            'explicit',
            t(
              `line ${d.line}: ssl_protocols ${d.args} allows SSL or early TLS.`,
              `${d.line} 行目: ssl_protocols ${d.args} で SSL または初期の TLS が使えます。`,
            ),
            `${path}:${d.line}`,
            req,
          ),
        );
    for (const d of ciphers) {
      const weak = weakCipherWords(d.args);
      if (weak.length)
        out.push(
          finding(
            'fail',
            'explicit',
            t(
              `line ${d.line}: ssl_ciphers enables weak ciphers: ${weak.join(', ')}.`,
              `${d.line} 行目: ssl_ciphers で弱い暗号が有効です: ${weak.join(', ')}`,
            ),
            `${path}:${d.line}`,
            req,
          ),
        );
    }
    if (usesTls && protos.length === 0 && /nginx\.conf$/.test(path))
      out.push(
        finding(
          'warn',
          'default',
          t(
            `TLS is configured but ssl_protocols is not set; ${nginxVersionNote().en}.`,
            `TLS が設定されていますが ssl_protocols がありません。${nginxVersionNote().ja}。`,
          ),
          path,
          req,
        ),
      );
  } else {
    for (const d of findDirectives(text, ['SSLProtocol'], 'apache')) {
      const words = d.args.split(/\s+/);
      const enabled = new Set<string>();
      for (const w of words) {
        const name = w.replace(/^[+-]/, '').toLowerCase();
        const list = name === 'all' ? ['tlsv1', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3'] : [name];
        for (const n of list) {
          if (w.startsWith('-')) enabled.delete(n);
          else enabled.add(n);
        }
      }
      const weak = ['sslv2', 'sslv3', 'tlsv1', 'tlsv1.1'].filter((w) => enabled.has(w));
      if (weak.length)
        out.push(
          finding(
            'fail',
            'explicit',
            t(
              `line ${d.line}: SSLProtocol ${d.args} enables ${weak.join(', ')}.`,
              `${d.line} 行目: SSLProtocol ${d.args} で ${weak.join(', ')} が有効です。`,
            ),
            `${path}:${d.line}`,
            req,
          ),
        );
    }
    for (const d of findDirectives(text, ['SSLCipherSuite'], 'apache')) {
      const weak = weakCipherWords(d.args.replace(/^(TLSv1\.3|SSL)\s+/, ''));
      if (weak.length)
        out.push(
          finding(
            'fail',
            'explicit',
            t(
              `line ${d.line}: SSLCipherSuite enables weak ciphers: ${weak.join(', ')}.`,
              `${d.line} 行目: SSLCipherSuite で弱い暗号が有効です: ${weak.join(', ')}`,
            ),
            `${path}:${d.line}`,
            req,
          ),
        );
    }
  }
  return out;
}

const webCheck: Check<WebParams> = {
  id: 'tls.web-server-config',
  family: 'tls',
  title: t(
    'nginx and Apache allow only TLS 1.2/1.3 and strong ciphers',
    'nginx と Apache が TLS 1.2/1.3 と強力な暗号だけを許可する',
  ),
  description: t(
    'Reads nginx ssl_protocols/ssl_ciphers and Apache SSLProtocol/SSLCipherSuite in the listed files. Drop-in files found ' +
      'by directory listing (conf.d, sites-enabled, mods-enabled) are read and judged too; one that cannot be read is ' +
      'reported for manual review.',
    'nginx の ssl_protocols/ssl_ciphers と Apache の SSLProtocol/SSLCipherSuite を、指定されたファイルから読みます。' +
      '一覧で見つかったドロップインファイル (conf.d、sites-enabled、mods-enabled) も読み取って判定し、' +
      '読めないものは要確認として報告します。',
  ),
  remediation: t(
    'nginx: `ssl_protocols TLSv1.2 TLSv1.3;`. Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`. Use ECDHE AEAD cipher lists ' +
      '(Mozilla "intermediate").',
    'nginx: `ssl_protocols TLSv1.2 TLSv1.3;`、Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3` を設定し、' +
      'ECDHE と AEAD の暗号リスト (Mozilla の「intermediate」) を使ってください。',
  ),
  platforms: ['linux'],
  severity: 'high',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      files: {
        type: 'array',
        items: { type: 'string' },
        default: [
          '/etc/nginx/nginx.conf',
          '/etc/nginx/sites-enabled/default',
          '/etc/apache2/apache2.conf',
          '/etc/apache2/mods-enabled/ssl.conf',
          '/etc/apache2/sites-enabled/default-ssl.conf',
          '/etc/httpd/conf/httpd.conf',
          '/etc/httpd/conf.d/ssl.conf',
        ],
      },
    },
  },
  requests: (p) => [...p.files.map((f) => file(f)), ...WEB_GLOBS],
  evaluate(ev, ctx) {
    const out: Finding[] = [];
    const read = new Set<string>();
    for (const path of ctx.params.files) {
      const req = file(path);
      const a = ev.get(req);
      if (a.status === 'missing') continue;
      read.add(path);
      if (a.status !== 'ok') out.push(cannotRead(t(path, path), a, req, path));
      else out.push(...judgeWeb(ev.text(req) ?? '', path, req));
    }
    // Drop-in files found by the globs were read with them: judge those the files parameter did not name.
    for (const g of WEB_GLOBS)
      for (const f of ev.files(g)) {
        if (read.has(f.path)) continue;
        read.add(f.path);
        out.push(...judgeWeb(f.data, f.path, g));
      }
    const unread = WEB_GLOBS.flatMap((g) => ev.get(g).entries ?? []).filter((f) => !read.has(f));
    // A drop-in folder that could not be listed may hold a web server's configuration, weak or not.
    const unlisted = WEB_GLOBS.filter((g) => unreadAmong(ev, [g]).length > 0);
    if (read.size === 0 && unread.length === 0 && unlisted.length > 0)
      return [notFoundButUnread(t('nginx or Apache configuration', 'nginx または Apache の設定'), ev, unlisted)];
    for (const g of unlisted)
      out.push(
        cannotRead(t(`the web server drop-in folder ${g.pattern}`, `Web サーバーの設定フォルダー ${g.pattern}`), ev.get(g), g),
      );
    if (read.size === 0 && unread.length === 0)
      return [
        {
          status: 'not-applicable',
          message: t(
            'Neither nginx nor Apache configuration was found: no web server installed.',
            'nginx も Apache の設定も見つかりません。Web サーバーはインストールされていません。',
          ),
        },
      ];
    if (unread.length)
      out.push({
        status: 'manual',
        message: t(
          `Web server configuration files not read; add them to the files parameter: ${unread.slice(0, 10).join(', ')}.`,
          `読んでいない Web サーバー設定ファイルがあります。files パラメーターに追加してください: ${unread.slice(0, 10).join(', ')}`,
        ),
        details: { unread },
      });
    if (read.size > 0 && !out.some((f) => f.status !== 'manual'))
      out.push({
        status: 'pass',
        message: t(
          `No SSL, early TLS or weak cipher setting in ${[...read].join(', ')}.`,
          `${[...read].join('、')} に SSL、初期の TLS、弱い暗号の設定はありません。`,
        ),
      });
    return out;
  },
};

export const checks: AnyCheck[] = [opensslCheck, javaCheck, schannelCheck, webCheck];
