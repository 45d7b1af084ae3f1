/** Small readers for TLS settings in configuration files taken from a terminal (hostile input: bounded, never throws). */

const MAX_LINES = 50_000;

/** OpenSSL config: `[section]` → key → value (last wins). `.include` lines are ignored. */
export function parseOpensslCnf(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>([['default', new Map()]]);
  let current = sections.get('default')!;
  for (const raw of text.split(/\r?\n/).slice(0, MAX_LINES)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('.')) continue;
    const sec = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (sec) {
      current = sections.get(sec[1] ?? '') ?? new Map();
      sections.set(sec[1] ?? '', current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv) current.set((kv[1] ?? '').trim(), (kv[2] ?? '').trim().replace(/^"(.*)"$/, '$1'));
  }
  return sections;
}

/** Follow openssl_conf → ssl_conf → system_default; the settings OpenSSL applies to every context. */
export function opensslSystemDefault(text: string): Map<string, string> | undefined {
  const s = parseOpensslCnf(text);
  const init = s.get('default')?.get('openssl_conf');
  const sslConf = init ? s.get(init)?.get('ssl_conf') : undefined;
  const sysDef = sslConf ? s.get(sslConf)?.get('system_default') : undefined;
  return sysDef ? s.get(sysDef) : undefined;
}

/** Java `.properties` with `\` continuations; `key=value`, `key: value` or `key value`. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/).slice(0, MAX_LINES);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').replace(/^\s+/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length)
      line = line.slice(0, -1) + (lines[++i] ?? '').replace(/^\s+/, '');
    const m = /^((?:\\.|[^=:\s])+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1] ?? '', (m[2] ?? '').trim());
  }
  return out;
}

export interface Directive {
  name: string;
  args: string;
  line: number;
}

/** Directives of nginx (`name args;`) or Apache (`Name args`) config, comments removed. */
export function findDirectives(text: string, names: string[], style: 'nginx' | 'apache'): Directive[] {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: Directive[] = [];
  text
    .split(/\r?\n/)
    .slice(0, MAX_LINES)
    .forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (!line) return;
      for (const stmt of style === 'nginx' ? line.split(';') : [line]) {
        const m = /^([A-Za-z_]+)\s+(.+)$/.exec(stmt.trim().replace(/^[{}]\s*/, ''));
        if (m && wanted.has((m[1] ?? '').toLowerCase()))
          out.push({ name: m[1] ?? '', args: (m[2] ?? '').trim().replace(/^"(.*)"$/, '$1'), line: i + 1 });
      }
    });
  return out;
}

/** Weak things an OpenSSL cipher string turns on (words not negated with `!` or `-`). */
export function weakCipherWords(cipherString: string): string[] {
  const weak = [
    'NULL',
    'eNULL',
    'aNULL',
    'ADH',
    'AECDH',
    'EXPORT',
    'EXP',
    'LOW',
    'RC4',
    'DES',
    '3DES',
    'DES-CBC3-SHA',
    'MD5',
    'SSLv3',
  ];
  const found: string[] = [];
  for (const part of cipherString.split(/[:,\s]+/)) {
    if (!part || part.startsWith('!') || part.startsWith('-')) continue;
    for (const w of part.replace(/^\+/, '').split('+'))
      if (weak.includes(w) || /^(EXP|ADH|AECDH|RC4|DES|NULL)-/.test(w)) found.push(part);
  }
  return [...new Set(found)];
}

/** `@SECLEVEL=n` in an OpenSSL cipher string. */
export function securityLevel(cipherString: string): number | undefined {
  const m = /@SECLEVEL=(\d)/.exec(cipherString);
  return m ? Number(m[1] ?? '') : undefined;
}
