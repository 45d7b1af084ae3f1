/** Audit policy sources: Windows `auditpol /backup` CSV (keyed by subcategory GUID) and Linux audit rules. */

/** Subcategories PCI 10.2 needs, with the CIS L1 setting (1 success, 2 failure, 3 both). GUIDs are locale-independent. */
export const DEFAULT_SUBCATEGORIES: Array<{ guid: string; name: string; setting: number }> = [
  { guid: '0CCE923F', name: 'Credential Validation', setting: 3 },
  { guid: '0CCE9237', name: 'Security Group Management', setting: 1 },
  { guid: '0CCE9235', name: 'User Account Management', setting: 3 },
  { guid: '0CCE9248', name: 'Plug and Play Events', setting: 1 },
  { guid: '0CCE922B', name: 'Process Creation', setting: 1 },
  { guid: '0CCE9217', name: 'Account Lockout', setting: 2 },
  { guid: '0CCE9215', name: 'Logon', setting: 3 },
  { guid: '0CCE9216', name: 'Logoff', setting: 1 },
  { guid: '0CCE921B', name: 'Special Logon', setting: 1 },
  { guid: '0CCE9245', name: 'Removable Storage', setting: 3 },
  { guid: '0CCE922F', name: 'Audit Policy Change', setting: 1 },
  { guid: '0CCE9228', name: 'Sensitive Privilege Use', setting: 3 },
  { guid: '0CCE9210', name: 'Security State Change', setting: 1 },
  { guid: '0CCE9212', name: 'System Integrity', setting: 3 },
  // PCI 10.2.1.7 / 10.2.1.2: services and drivers installed (4697), and scheduled tasks and COM+ objects (4698–4702).
  { guid: '0CCE9211', name: 'Security System Extension', setting: 1 },
  { guid: '0CCE9227', name: 'Other Object Access Events', setting: 3 },
];

/** What the Linux audit rules must record for each PCI DSS 10.2.1.x sub-requirement a terminal can show. */
export interface AuditGroup {
  requirement: string;
  en: string;
  ja: string;
  covered(rules: { watches: Set<string>; syscalls: Set<string> }): boolean;
}

const anyWatch = (rules: { watches: Set<string> }, paths: string[]) => paths.some((p) => rules.watches.has(p));
const anyCall = (rules: { syscalls: Set<string> }, calls: string[]) => calls.some((c) => rules.syscalls.has(c));

export const AUDIT_GROUPS: AuditGroup[] = [
  {
    requirement: '10.2.1.2',
    en: 'actions by administrators: program execution as root (-S execve -F euid=0) or sudo use (-w /usr/bin/sudo, /var/log/sudo.log)',
    ja: '管理者の操作：root としてのプログラム実行（-S execve -F euid=0）または sudo の使用（-w /usr/bin/sudo、/var/log/sudo.log）',
    covered: (r) => anyCall(r, ['execve', 'execveat']) || anyWatch(r, ['/usr/bin/sudo', '/bin/sudo', '/var/log/sudo.log']),
  },
  {
    requirement: '10.2.1.3',
    en: 'access to the audit logs (-w /var/log/audit)',
    ja: '監査ログへのアクセス（-w /var/log/audit）',
    covered: (r) => anyWatch(r, ['/var/log/audit']),
  },
  {
    requirement: '10.2.1.4',
    en: 'failed logins (-w /var/run/faillock, /var/log/faillog, /var/log/tallylog or /var/log/lastlog)',
    ja: 'ログインの失敗（-w /var/run/faillock、/var/log/faillog、/var/log/tallylog または /var/log/lastlog）',
    covered: (r) =>
      anyWatch(r, ['/var/run/faillock', '/run/faillock', '/var/log/faillog', '/var/log/tallylog', '/var/log/lastlog']),
  },
  {
    requirement: '10.2.1.5',
    en: 'changes to accounts and credentials (-w /etc/passwd, /etc/shadow, /etc/group)',
    ja: 'アカウントと認証情報の変更（-w /etc/passwd、/etc/shadow、/etc/group）',
    covered: (r) => ['/etc/passwd', '/etc/shadow', '/etc/group'].every((p) => r.watches.has(p)),
  },
  {
    requirement: '10.2.1.7',
    en: 'creation and deletion of system-level objects: kernel modules (-S init_module/finit_module, delete_module)',
    ja: 'システムレベルのオブジェクトの作成と削除：カーネル モジュール（-S init_module／finit_module、delete_module）',
    covered: (r) => anyCall(r, ['init_module', 'finit_module']) && anyCall(r, ['delete_module']),
  },
];

export const GUID_SUFFIX = '-69AE-11D9-BED3-505054503030';

/** Subcategory GUID (upper-case, no braces) → Setting Value (0–3) from an auditpol backup CSV. */
export function parseAuditCsv(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length === 0) return out;
  const header = lines[0]
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  const gi = header.indexOf('subcategory guid');
  const vi = header.indexOf('setting value');
  if (gi < 0 || vi < 0) return out;
  for (const line of lines.slice(1, 2000)) {
    const f = line.split(',');
    const guid = /\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?/.exec(f[gi] ?? '');
    const v = Number((f[vi] ?? '').trim());
    if (guid && Number.isInteger(v) && v >= 0 && v <= 3) out.set(guid[1].toUpperCase(), v);
  }
  return out;
}

/** Run auditpol /backup (locale-independent numeric settings), print it, remove the file. PowerShell 2.0 safe. */
export const AUDITPOL_PS =
  '$f = [IO.Path]::GetTempFileName(); Remove-Item -LiteralPath $f; try { $o = auditpol /backup /file:$f 2>&1; if ' +
  "($LASTEXITCODE -ne 0) { 'error=' + ($o -join ' '); return }; Get-Content -LiteralPath $f } finally { Remove-Item " +
  '-LiteralPath $f -ErrorAction SilentlyContinue }';

export const LOCAL_AUDIT_CSV = 'C:\\Windows\\System32\\GroupPolicy\\Machine\\Microsoft\\Windows NT\\Audit\\audit.csv';

/** Paths watched (`-w path` or `-F path=`/`dir=`) and syscalls named (`-S a,b`) by audit rules. */
export function parseAuditRules(text: string): {
  watches: Set<string>;
  syscalls: Set<string>;
  count: number;
  immutable: boolean;
} {
  const watches = new Set<string>();
  const syscalls = new Set<string>();
  let count = 0;
  let immutable = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/^-e\s+2\b/.test(line)) immutable = true;
    if (!/^-[wa]\s/.test(line)) continue;
    count++;
    const w = /^-w\s+(\S+)/.exec(line);
    if (w) watches.add(w[1].replace(/\/$/, ''));
    for (const m of line.matchAll(/-F\s+(?:path|dir)=(\S+)/g)) watches.add(m[1].replace(/\/$/, ''));
    for (const m of line.matchAll(/-S\s+(\S+)/g)) for (const s of m[1].split(',')) syscalls.add(s);
  }
  return { watches, syscalls, count, immutable };
}
