/** Password-policy sources: secedit INF (Windows) and pwquality/faillock (Linux), and the cashier exemption. */
import { iniSections, int } from '../kit/config.js';

/** `[System Access]` of a secedit export or a GptTmpl.inf, keys lower-cased. */
export function systemAccess(inf: string): Map<string, number> {
  const out = new Map<string, number>();
  const sec = iniSections(inf).get('system access');
  for (const [k, v] of sec ?? []) {
    const n = int(v);
    if (n !== undefined) out.set(k, n);
  }
  return out;
}

/** Runtime secedit export (needs admin). Works on PowerShell 2.0; the INF is UTF-16 and Get-Content decodes it. */
export const SECEDIT_PS =
  '$f = [IO.Path]::GetTempFileName(); try { $o = secedit /export /cfg $f /areas SECURITYPOLICY 2>&1; if ($LASTEXITCODE -ne ' +
  "0) { 'error=' + ($o -join ' '); return }; Get-Content -LiteralPath $f } finally { Remove-Item -LiteralPath $f " +
  '-ErrorAction SilentlyContinue }';

export const GPTTMPL_PATH = 'C:\\Windows\\System32\\GroupPolicy\\Machine\\Microsoft\\Windows NT\\SecEdit\\GptTmpl.inf';

/** Default vendor/default account names (PCI 2.2.2): common POS images and distributions. */
export const DEFAULT_VENDOR_ACCOUNTS = [
  'pos',
  'admin',
  'support',
  'service',
  'test',
  'demo',
  'guest',
  'user',
  'vendor',
  'maint',
  'maintenance',
  'installer',
  'pi',
  'ubuntu',
];

export const CASHIER_EXEMPTION_NOTE = {
  en:
    'The cashier exemption (PCI DSS 8.2.8, 8.3.6: IDs that can reach only one card number at a time) never covers ' +
    'administrator, service or vendor accounts: a listed cashier account that is an administrator, a system/service account ' +
    'or a vendor default name stays in scope.',
  ja:
    'レジ担当者の例外（PCI DSS 8.2.8・8.3.6：一度に1件のカード番号しか扱えないID）は、管理者・サービス・' +
    'ベンダーのアカウントには決して適用されません。レジ担当者として登録したアカウントでも、管理者、システム／サービス用、' +
    'またはベンダー既定の名前であれば対象のままです。',
};

export interface ScopeAccount {
  name: string;
  /** Why the account is privileged (admin group, UID < UID_MIN, vendor name), or undefined. */
  privileged?: string;
}

export interface ExemptionResult {
  /** Accounts the weak policy still matters for. */
  inScope: string[];
  /** Accounts listed as cashiers but not exempt, with the reason. */
  refused: Array<{ name: string; why: string }>;
  exempt: string[];
}

/** Split login-capable accounts into exempt cashiers and the rest. Names compare case-insensitively. */
export function applyCashierExemption(accounts: ScopeAccount[], cashiers: readonly string[]): ExemptionResult {
  const listed = new Set(cashiers.map((c) => c.toLowerCase()));
  const res: ExemptionResult = { inScope: [], refused: [], exempt: [] };
  for (const a of accounts) {
    if (!listed.has(a.name.toLowerCase())) res.inScope.push(a.name);
    else if (a.privileged) {
      res.inScope.push(a.name);
      res.refused.push({ name: a.name, why: a.privileged });
    } else res.exempt.push(a.name);
  }
  return res;
}
