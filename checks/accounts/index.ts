/** Accounts (PCI 2.2.2, 7.2, 8.2-8.3; POS 方針4): default accounts, password policy, idle lock, autologon, local admins. */
import type { Evidence, EvidenceAnswer, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t } from '../../core/i18n.js';
import {
  clip,
  dropIns,
  fileText,
  int,
  isKnown,
  iniSections,
  keyOf,
  MAX_ITEMS,
  q,
  readDropIns,
  regString,
  regValues,
  unreadable,
} from '../kit/shared.js';
import {
  adminGroupMembers,
  GROUP,
  isLoginShell,
  LOGIN_DEFS,
  parseGroup,
  parsePasswd,
  parseShadow,
  PASSWD,
  SHADOW,
  uidMin,
  type PasswdEntry,
  type PasswordState,
} from './linux.js';
import { LOCAL_ADMINS, LOCAL_USERS, parseAdmins, parseLocalUsers, type WindowsUser } from './windows.js';
import { findModule, parsePam, type PamLine } from './pam.js';
import {
  applyCashierExemption,
  CASHIER_EXEMPTION_NOTE,
  DEFAULT_VENDOR_ACCOUNTS,
  GPTTMPL_PATH,
  SECEDIT_PS,
  systemAccess,
  type ScopeAccount,
} from './policy.js';
import { offlineManual, osOf, UNKNOWN_OS } from '../kit/platform.js';

const SAM_PROCEDURE = t(
  'On the running terminal, run `net user` and `net localgroup Administrators` as an administrator (or scan it live), and record the result.',
  '稼働中の端末で管理者として `net user` と `net localgroup Administrators` を実行する（またはライブでスキャンする）し、結果を記録してください。',
);

/** Login-capable Linux accounts with their password state (undefined when /etc/shadow is unreadable). */
interface LinuxAccounts {
  passwd: PasswdEntry[];
  shadow?: Map<string, PasswordState>;
  shadowAnswer: EvidenceAnswer;
}

function linuxAccounts(ev: Evidence): LinuxAccounts | Finding {
  const passwdText = ev.text(PASSWD);
  if (passwdText === undefined) return unreadable(t('the account list', 'アカウント一覧'), PASSWD, ev.get(PASSWD));
  const shadowText = ev.text(SHADOW);
  return {
    passwd: parsePasswd(passwdText),
    shadow: shadowText === undefined ? undefined : parseShadow(shadowText),
    shadowAnswer: ev.get(SHADOW),
  };
}

/** Windows local users from the runtime command, or a finding saying why not. */
function windowsUsers(ev: Evidence): WindowsUser[] | Finding {
  const a = ev.get(LOCAL_USERS);
  if (a.status === 'unsupported')
    return offlineManual(t('The local user list', 'ローカルユーザーの一覧'), SAM_PROCEDURE, keyOf(LOCAL_USERS));
  if (a.status !== 'ok' || (a.exitCode ?? 0) !== 0)
    return unreadable(
      t('the local user list', 'ローカルユーザーの一覧'),
      LOCAL_USERS,
      a.status === 'ok' ? { ...a, status: 'error', reason: clip(a.data ?? a.stderr ?? 'the command failed') } : a,
    );
  const users = parseLocalUsers(a.data ?? '');
  if (users.length === 0)
    return {
      status: 'error',
      message: t('The local user list was empty or could not be parsed.', 'ローカルユーザーの一覧が空か、解析できませんでした。'),
      evidence: keyOf(LOCAL_USERS),
    };
  return users;
}

// ---------------------------------------------------------------------------------------------
// accounts.default-disabled

interface DefaultParams {
  vendorAccounts: string[];
}

const defaultDisabled: Check<DefaultParams> = {
  id: 'accounts.default-disabled',
  family: 'accounts',
  title: t('Default and vendor accounts are disabled', '既定・ベンダーのアカウントが無効になっている'),
  description: t(
    'Windows: the built-in Guest is disabled, the built-in Administrator (RID 500) is disabled or renamed, and no account with a vendor default name is enabled. Linux: no account besides root has UID 0, no account has an empty password, and vendor default accounts cannot log in (locked password or no login shell).',
    'Windows：組み込みの Guest が無効、組み込みの Administrator（RID 500）が無効または名前変更済みで、ベンダー既定の名前のアカウントが有効になっていないことを確認します。Linux：root 以外に UID 0 のアカウントがなく、パスワードが空のアカウントがなく、ベンダー既定のアカウントがログインできない（パスワードがロックされているか、ログインシェルがない）ことを確認します。',
  ),
  remediation: t(
    'Disable the Guest account and the built-in Administrator (or rename it and set a unique strong password), and disable or remove vendor default accounts. On Linux, lock them (`usermod -L name`, shell `/usr/sbin/nologin`) and give every account a password.',
    'Guest と組み込みの Administrator を無効にし（使う場合は名前を変えて固有の強いパスワードを設定）、ベンダー既定のアカウントは無効化または削除してください。Linux では `usermod -L ユーザー名` でロックし、シェルを `/usr/sbin/nologin` にして、すべてのアカウントにパスワードを設定してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      vendorAccounts: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: DEFAULT_VENDOR_ACCOUNTS,
        description: 'Vendor or image default account names that must not be usable.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [LOCAL_USERS, PASSWD, SHADOW],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const vendor = new Set(ctx.params.vendorAccounts.map((v) => v.toLowerCase()));
    return os === 'windows' ? defaultWindows(ev, vendor) : defaultLinux(ev, vendor);
  },
};

function defaultWindows(ev: Evidence, vendor: Set<string>): Finding[] {
  const users = windowsUsers(ev);
  if (!Array.isArray(users)) return [users];
  const evidence = keyOf(LOCAL_USERS);
  const out: Finding[] = [];
  for (const u of users) {
    if (u.disabled) continue;
    if (u.rid === 501)
      out.push({
        status: 'fail',
        message: t(
          `The built-in Guest account ${q(u.name)} is enabled.`,
          `組み込みの Guest アカウント ${q(u.name)} が有効です。`,
        ),
        location: u.name,
        evidence,
      });
    else if (u.rid === 500 && u.name.toLowerCase() === 'administrator')
      out.push({
        status: 'fail',
        message: t(
          'The built-in Administrator account is enabled under its default name.',
          '組み込みの Administrator アカウントが既定の名前のまま有効です。',
        ),
        location: u.name,
        evidence,
      });
    else if (u.rid === 500)
      out.push({
        status: 'warn',
        message: t(
          `The built-in Administrator is enabled (renamed to ${q(u.name)}). Make sure its password was changed from the image default.`,
          `組み込みの Administrator が有効です（${q(u.name)} に名前変更済み）。パスワードがイメージの既定値から変更されていることを確認してください。`,
        ),
        location: u.name,
        evidence,
      });
    else if (vendor.has(u.name.toLowerCase()))
      out.push({
        status: 'fail',
        message: t(`The vendor default account ${q(u.name)} is enabled.`, `ベンダー既定のアカウント ${q(u.name)} が有効です。`),
        location: u.name,
        evidence,
      });
    if (!u.disabled && !u.passwordRequired)
      out.push({
        status: 'fail',
        message: t(
          `The enabled account ${q(u.name)} does not require a password.`,
          `有効なアカウント ${q(u.name)} はパスワードが不要な設定です。`,
        ),
        location: u.name,
        evidence,
      });
  }
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        'Guest and the built-in Administrator are disabled or renamed, and no vendor default account is enabled.',
        'Guest と組み込みの Administrator は無効または名前変更済みで、ベンダー既定のアカウントは有効になっていません。',
      ),
      evidence,
      details: {
        enabled: users
          .filter((u) => !u.disabled)
          .map((u) => u.name)
          .slice(0, MAX_ITEMS),
      },
    });
  return out;
}

function defaultLinux(ev: Evidence, vendor: Set<string>): Finding[] {
  const acc = linuxAccounts(ev);
  if (!('passwd' in acc)) return [acc];
  const evidence = keyOf(PASSWD, SHADOW);
  const out: Finding[] = [];
  for (const p of acc.passwd) {
    const state = acc.shadow?.get(p.name);
    if (p.uid === 0 && p.name !== 'root')
      out.push({
        status: 'fail',
        message: t(
          `The account ${q(p.name)} has UID 0 (root rights) besides root.`,
          `root 以外のアカウント ${q(p.name)} が UID 0（root 権限）を持っています。`,
        ),
        location: '/etc/passwd',
        evidence,
      });
    if (state === 'empty')
      out.push({
        status: 'fail',
        message: t(`The account ${q(p.name)} has an empty password.`, `アカウント ${q(p.name)} のパスワードが空です。`),
        location: '/etc/shadow',
        evidence,
      });
    if (!vendor.has(p.name.toLowerCase()) || !isLoginShell(p.shell)) continue;
    if (state === 'set')
      out.push({
        status: 'fail',
        message: t(
          `The vendor default account ${q(p.name)} can log in (password set, shell ${q(p.shell)}).`,
          `ベンダー既定のアカウント ${q(p.name)} がログインできます（パスワード設定あり、シェル ${q(p.shell)}）。`,
        ),
        location: '/etc/passwd',
        evidence,
      });
    else if (state === undefined && acc.shadow === undefined)
      out.push({
        status: 'error',
        message: t(
          `The vendor default account ${q(p.name)} has a login shell, and /etc/shadow could not be read (${clip(acc.shadowAnswer.reason ?? acc.shadowAnswer.status)}), so whether it can log in is unknown.`,
          `ベンダー既定のアカウント ${q(p.name)} にログインシェルがありますが、/etc/shadow を読めなかった（${clip(acc.shadowAnswer.reason ?? acc.shadowAnswer.status)}）ため、ログインできるか判断できません。`,
        ),
        location: '/etc/shadow',
        evidence,
      });
  }
  if (out.length === 0 && acc.shadow === undefined)
    out.push(
      unreadable(
        t(
          '/etc/shadow (needed to see empty passwords; scan with root)',
          '/etc/shadow（空パスワードの確認に必要。root で実行してください）',
        ),
        SHADOW,
        acc.shadowAnswer,
      ),
    );
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        'No extra UID 0 account, no empty password, and no vendor default account can log in.',
        'root 以外の UID 0、空パスワード、ログイン可能なベンダー既定アカウントはありません。',
      ),
      evidence,
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// accounts.password-policy

interface PasswordParams {
  minLength: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  cashierAccounts: string[];
  cashierExemption: boolean;
  vendorAccounts: string[];
}

const PAM_FILES: EvidenceRequest[] = ['common-password', 'common-auth', 'system-auth', 'password-auth'].map((f) => ({
  kind: 'file',
  path: `/etc/pam.d/${f}`,
  os: 'linux',
}));
const PWQUALITY: EvidenceRequest = { kind: 'file', path: '/etc/security/pwquality.conf', os: 'linux' };
const PWQUALITY_D = dropIns('pwquality.conf.d', '/etc/security/pwquality.conf.d/*.conf');
const FAILLOCK: EvidenceRequest = { kind: 'file', path: '/etc/security/faillock.conf', os: 'linux' };
const SECEDIT: EvidenceRequest = { kind: 'command', name: 'secedit export', os: 'windows', command: { ps: SECEDIT_PS } };
const GPTTMPL: EvidenceRequest = { kind: 'file', path: GPTTMPL_PATH, os: 'windows', binary: true };

const passwordPolicy: Check<PasswordParams> = {
  id: 'accounts.password-policy',
  family: 'accounts',
  title: t('Password length and lockout policy', 'パスワードの長さとロックアウトの設定'),
  description: t(
    `Minimum password length (default 12), lockout after at most N failed attempts (default 10) for at least M minutes (default 30, or until an administrator unlocks). Windows: secedit export (live) or the local GPO GptTmpl.inf (offline). Linux: pam_pwquality/pam_cracklib and pam_faillock/pam_tally2 in the PAM stack and their config files. With cashierExemption on, a too-short minimum length is accepted only when every login-capable account it applies to is listed in cashierAccounts. ${CASHIER_EXEMPTION_NOTE.en} The lockout rule (8.3.4) is never exempted.`,
    `パスワードの最小長（既定12文字）と、失敗N回以内（既定10回）でM分以上（既定30分、または管理者が解除するまで）ロックすることを確認します。Windows は secedit のエクスポート（ライブ）またはローカル GPO の GptTmpl.inf（オフライン）、Linux は PAM の pam_pwquality／pam_cracklib と pam_faillock／pam_tally2 およびその設定ファイルを読みます。cashierExemption を有効にすると、最小長の不足は、それが適用されるログイン可能なアカウントがすべて cashierAccounts に登録されている場合に限り認めます。${CASHIER_EXEMPTION_NOTE.ja}ロックアウト（8.3.4）は例外になりません。`,
  ),
  remediation: t(
    'Set the minimum password length to at least 12 and lock accounts after 10 failed attempts for at least 30 minutes. Windows: Local Security Policy > Account Policies. Linux: `minlen = 12` in /etc/security/pwquality.conf with pam_pwquality in the PAM password stack, and `deny = 10`, `unlock_time = 1800` in /etc/security/faillock.conf with pam_faillock in the auth stack.',
    'パスワードの最小長を12文字以上にし、10回失敗したら30分以上ロックするよう設定してください。Windows：ローカル セキュリティ ポリシー ＞ アカウント ポリシー。Linux：/etc/security/pwquality.conf に `minlen = 12`（PAM の password に pam_pwquality が必要）、/etc/security/faillock.conf に `deny = 10` と `unlock_time = 1800`（PAM の auth に pam_faillock が必要）。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      minLength: { type: 'integer', minimum: 1, maximum: 128, default: 12 },
      lockoutThreshold: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      lockoutMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 30 },
      cashierAccounts: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'OS accounts used only as cashier IDs (PCI 8.3.6 exemption).',
      },
      cashierExemption: {
        type: 'boolean',
        default: false,
        description: 'Apply the PCI cashier exemption to the length rule. Never covers admin, service or vendor accounts.',
      },
      vendorAccounts: { type: 'array', items: { type: 'string', minLength: 1 }, default: DEFAULT_VENDOR_ACCOUNTS },
    },
    additionalProperties: false,
  },
  requests: () => [
    ...PAM_FILES,
    PWQUALITY,
    PWQUALITY_D.glob,
    FAILLOCK,
    PASSWD,
    SHADOW,
    GROUP,
    LOGIN_DEFS,
    SECEDIT,
    GPTTMPL,
    LOCAL_USERS,
    LOCAL_ADMINS,
  ],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? passwordWindows(ev, ctx) : passwordLinux(ev, ctx);
  },
};

interface PolicyFacts {
  minLength?: number;
  /** 0 = never locks. */
  threshold?: number;
  /** Minutes; -1 = until an administrator unlocks. */
  durationMinutes?: number;
  source: string;
  evidence: string[];
  notes: Finding[];
}

function judgePolicy(f: PolicyFacts, p: PasswordParams, lengthScope: () => Finding | undefined): Finding[] {
  const out: Finding[] = [...f.notes];
  const ev = f.evidence;
  if (f.minLength === undefined)
    out.push({
      status: 'error',
      message: t(
        `The minimum password length could not be found in ${f.source}.`,
        `${f.source} からパスワードの最小長を確認できませんでした。`,
      ),
      evidence: ev,
      location: f.source,
    });
  else if (f.minLength >= p.minLength)
    out.push({
      status: 'pass',
      message: t(
        `Minimum password length is ${f.minLength} (required ${p.minLength}).`,
        `パスワードの最小長は${f.minLength}文字です（必要：${p.minLength}文字）。`,
      ),
      evidence: ev,
      location: f.source,
    });
  else {
    const exempt = lengthScope();
    out.push(
      exempt ?? {
        status: 'fail',
        message: t(
          `Minimum password length is ${f.minLength}; at least ${p.minLength} is required.`,
          `パスワードの最小長が${f.minLength}文字です。${p.minLength}文字以上が必要です。`,
        ),
        evidence: ev,
        location: f.source,
        details: { minLength: f.minLength },
      },
    );
  }
  if (f.threshold === undefined)
    out.push({
      status: 'error',
      message: t(
        `The account lockout threshold could not be found in ${f.source}.`,
        `${f.source} からアカウントロックアウトのしきい値を確認できませんでした。`,
      ),
      evidence: ev,
      location: f.source,
    });
  else if (f.threshold === 0)
    out.push({
      status: 'fail',
      message: t('Accounts are never locked after failed logons.', 'ログインに失敗してもアカウントがロックされない設定です。'),
      evidence: ev,
      location: f.source,
    });
  else if (f.threshold > p.lockoutThreshold)
    out.push({
      status: 'fail',
      message: t(
        `Accounts lock after ${f.threshold} failed attempts; at most ${p.lockoutThreshold} is allowed.`,
        `${f.threshold}回失敗するまでロックされません。${p.lockoutThreshold}回以内にしてください。`,
      ),
      evidence: ev,
      location: f.source,
    });
  else {
    out.push({
      status: 'pass',
      message: t(`Accounts lock after ${f.threshold} failed attempts.`, `${f.threshold}回の失敗でアカウントがロックされます。`),
      evidence: ev,
      location: f.source,
    });
    if (f.durationMinutes === undefined)
      out.push({
        status: 'error',
        message: t(
          `The lockout duration could not be found in ${f.source}.`,
          `${f.source} からロック時間を確認できませんでした。`,
        ),
        evidence: ev,
        location: f.source,
      });
    else if (f.durationMinutes === -1)
      out.push({
        status: 'pass',
        message: t(
          'Locked accounts stay locked until an administrator unlocks them.',
          'ロックされたアカウントは管理者が解除するまでロックされたままです。',
        ),
        evidence: ev,
        location: f.source,
      });
    else if (f.durationMinutes < p.lockoutMinutes)
      out.push({
        status: 'fail',
        message: t(
          `Accounts stay locked for ${f.durationMinutes} minutes; at least ${p.lockoutMinutes} is required.`,
          `ロック時間が${f.durationMinutes}分です。${p.lockoutMinutes}分以上が必要です。`,
        ),
        evidence: ev,
        location: f.source,
      });
    else
      out.push({
        status: 'pass',
        message: t(`Accounts stay locked for ${f.durationMinutes} minutes.`, `ロック時間は${f.durationMinutes}分です。`),
        evidence: ev,
        location: f.source,
      });
  }
  return out;
}

/** The finding that replaces a length failure when the cashier exemption applies, or undefined when it does not. */
function exemptionFinding(
  p: PasswordParams,
  accounts: ScopeAccount[] | undefined,
  minLength: number,
  evidence: string[],
): Finding | undefined {
  if (!p.cashierExemption || p.cashierAccounts.length === 0) return undefined;
  if (!accounts)
    return {
      status: 'fail',
      message: t(
        `Minimum password length is ${minLength}; the cashier exemption cannot be applied because the account list could not be read.`,
        `パスワードの最小長が${minLength}文字です。アカウント一覧を読めなかったため、レジ担当者の例外は適用できません。`,
      ),
      evidence,
    };
  const r = applyCashierExemption(accounts, p.cashierAccounts);
  const refused = r.refused.map((x) => `${x.name} (${x.why})`).join(', ');
  if (r.inScope.length > 0)
    return {
      status: 'fail',
      message: t(
        `Minimum password length is ${minLength}, below ${p.minLength}. The cashier exemption does not cover these accounts: ${clip(r.inScope.slice(0, 20).join(', '))}.${refused ? ` Listed as cashiers but not exempt: ${clip(refused)}.` : ''}`,
        `パスワードの最小長が${minLength}文字で、${p.minLength}文字未満です。次のアカウントはレジ担当者の例外の対象外です：${clip(r.inScope.slice(0, 20).join(', '))}。${refused ? `レジ担当者として登録されていますが対象外：${clip(refused)}。` : ''}`,
      ),
      evidence,
      details: { inScope: r.inScope.slice(0, MAX_ITEMS), refused: r.refused.slice(0, MAX_ITEMS) },
    };
  return {
    status: 'pass',
    message: t(
      `Minimum password length is ${minLength}, below ${p.minLength}, but every login-capable account it applies to is a cashier account (${clip(r.exempt.join(', '))}), exempt under PCI DSS 8.3.6.`,
      `パスワードの最小長は${minLength}文字で${p.minLength}文字未満ですが、対象となるログイン可能なアカウントはすべてレジ担当者用（${clip(r.exempt.join(', '))}）で、PCI DSS 8.3.6 の例外に当たります。`,
    ),
    evidence,
    details: { exempt: r.exempt.slice(0, MAX_ITEMS) },
  };
}

function passwordWindows(ev: Evidence, ctx: CheckContext<PasswordParams>): Finding[] {
  const p = ctx.params;
  const cmd = ev.get(SECEDIT);
  let inf: string | undefined;
  let source = 'secedit /export';
  let evidence = keyOf(SECEDIT);
  const notes: Finding[] = [];
  if (cmd.status === 'ok' && (cmd.exitCode ?? 0) === 0 && cmd.data) inf = cmd.data;
  else if (cmd.status !== 'unsupported')
    return [
      unreadable(
        t('the security policy (secedit needs an administrator)', 'セキュリティポリシー（secedit には管理者権限が必要）'),
        SECEDIT,
        cmd.status === 'ok'
          ? { ...cmd, status: 'error', reason: clip(cmd.data || cmd.stderr || `exit code ${cmd.exitCode}`) }
          : cmd,
      ),
    ];
  else {
    inf = fileText(ev, GPTTMPL);
    source = GPTTMPL_PATH;
    evidence = keyOf(GPTTMPL);
    if (inf === undefined)
      return [
        offlineManual(
          t(
            'The effective password and lockout policy (held in the SAM hive)',
            '有効なパスワード・ロックアウトのポリシー（SAM ハイブ内）',
          ),
          t(
            'On the running terminal run `net accounts` as an administrator, or scan it live, and compare with the required values.',
            '稼働中の端末で管理者として `net accounts` を実行する（またはライブでスキャンする）し、必要な値と比べてください。',
          ),
          keyOf(SECEDIT, GPTTMPL),
        ),
      ];
    notes.push({
      status: 'warn',
      message: t(
        'Offline image: read the local Group Policy template; a domain policy may override it.',
        'オフラインのイメージのため、ローカル グループ ポリシーのテンプレートを読みました。ドメインのポリシーで上書きされている場合があります。',
      ),
      location: GPTTMPL_PATH,
      evidence,
    });
  }
  const sa = systemAccess(inf);
  const threshold = sa.get('lockoutbadcount');
  const facts: PolicyFacts = {
    minLength: sa.get('minimumpasswordlength'),
    threshold,
    durationMinutes: sa.get('lockoutduration'),
    source,
    evidence,
    notes,
  };
  return judgePolicy(facts, p, () =>
    exemptionFinding(p, windowsScope(ev, p), facts.minLength ?? 0, [...evidence, ...keyOf(LOCAL_USERS, LOCAL_ADMINS)]),
  );
}

function windowsScope(ev: Evidence, p: PasswordParams): ScopeAccount[] | undefined {
  const users = windowsUsers(ev);
  const adminsAns = ev.get(LOCAL_ADMINS);
  if (!Array.isArray(users) || adminsAns.status !== 'ok' || (adminsAns.exitCode ?? 0) !== 0) return undefined;
  const admins = new Set(parseAdmins(adminsAns.data ?? '').map((m) => m.name.toLowerCase()));
  const vendor = new Set(p.vendorAccounts.map((v) => v.toLowerCase()));
  return users
    .filter((u) => !u.disabled)
    .map((u) => ({
      name: u.name,
      privileged: admins.has(u.name.toLowerCase())
        ? 'Administrators'
        : u.rid === 500
          ? 'built-in Administrator'
          : vendor.has(u.name.toLowerCase())
            ? 'vendor default name'
            : undefined,
    }));
}

function passwordLinux(ev: Evidence, ctx: CheckContext<PasswordParams>): Finding[] {
  const p = ctx.params;
  const pam: PamLine[] = [];
  const read: string[] = [];
  for (const req of PAM_FILES) {
    const text = ev.text(req);
    if (text !== undefined && req.kind === 'file') {
      pam.push(...parsePam(text, req.path));
      read.push(req.path);
    }
  }
  if (read.length === 0) {
    const a = ev.get(PAM_FILES[0]);
    return [
      a.status === 'missing'
        ? {
            status: 'error',
            message: t(
              'No PAM password or auth stack was found (/etc/pam.d/common-password, system-auth).',
              'PAM の password／auth 設定（/etc/pam.d/common-password、system-auth）が見つかりませんでした。',
            ),
            evidence: keyOf(...PAM_FILES),
          }
        : unreadable(t('the PAM configuration', 'PAM の設定'), PAM_FILES[0], a),
    ];
  }
  const evidence = keyOf(...PAM_FILES, PWQUALITY, FAILLOCK);
  const notes: Finding[] = [];
  const source = read.join(', ');

  // Length: module arguments override pwquality.conf, which drop-ins override.
  let minLength: number | undefined;
  const quality = findModule(pam, 'pam_pwquality.so', 'password') ?? findModule(pam, 'pam_cracklib.so', 'password');
  const credits: number[] = [];
  if (quality) {
    const conf = new Map<string, string>();
    if (quality.module === 'pam_pwquality.so') {
      const main = ev.text(PWQUALITY);
      const dropins = readDropIns(ev, PWQUALITY_D);
      for (const text of [main ?? '', ...[...dropins.files.keys()].sort().map((k) => dropins.files.get(k) ?? '')])
        for (const [k, v] of iniSections(text).get('') ?? []) conf.set(k, v);
      if (dropins.unread.length > 0)
        notes.push({
          status: 'warn',
          message: t(
            `Could not read ${dropins.unread.length} pwquality drop-in file(s) offline; they may change the values below.`,
            `pwquality の追加設定ファイル${dropins.unread.length}件をオフラインでは読めませんでした。下の値が変わる可能性があります。`,
          ),
          details: { unread: dropins.unread.slice(0, MAX_ITEMS) },
        });
    }
    const pick = (k: string) => int(quality.args.get(k)) ?? int(conf.get(k));
    minLength = pick('minlen') ?? (quality.module === 'pam_pwquality.so' ? 8 : 9);
    for (const k of ['dcredit', 'ucredit', 'lcredit', 'ocredit']) {
      const c = pick(k);
      if (c !== undefined && c > 0) credits.push(c);
    }
  } else {
    const unix = findModule(pam, 'pam_unix.so', 'password');
    minLength = unix ? (int(unix.args.get('minlen')) ?? 6) : undefined;
    if (unix)
      notes.push({
        status: 'warn',
        message: t(
          'No pam_pwquality or pam_cracklib in the password stack: only pam_unix checks length.',
          'PAM の password に pam_pwquality も pam_cracklib もありません。長さは pam_unix だけが確認しています。',
        ),
        location: source,
        evidence,
      });
  }
  if (minLength !== undefined && credits.length > 0) {
    const effective = Math.max(1, minLength - credits.reduce((a, b) => a + b, 0));
    if (effective < minLength) {
      notes.push({
        status: 'warn',
        message: t(
          `Positive credits (dcredit/ucredit/lcredit/ocredit) let a password of ${effective} characters pass minlen ${minLength}.`,
          `dcredit などのクレジットが正の値のため、minlen ${minLength} でも${effective}文字のパスワードが通ります。`,
        ),
        location: source,
        evidence,
      });
      minLength = effective;
    }
  }

  // Lockout: pam_faillock (faillock.conf, module args win) or legacy pam_tally2.
  let threshold: number | undefined;
  let durationMinutes: number | undefined;
  const faillock = findModule(pam, 'pam_faillock.so', 'auth');
  const tally = findModule(pam, 'pam_tally2.so', 'auth');
  if (faillock) {
    const conf = iniSections(ev.text(FAILLOCK) ?? '').get('') ?? new Map<string, string>();
    const pick = (k: string) => int(faillock.args.get(k)) ?? int(conf.get(k));
    threshold = pick('deny') ?? 3;
    const unlock = pick('unlock_time') ?? 600;
    durationMinutes = unlock <= 0 ? -1 : Math.floor(unlock / 60);
  } else if (tally) {
    threshold = int(tally.args.get('deny')) ?? 0;
    const unlock = int(tally.args.get('unlock_time'));
    durationMinutes = unlock === undefined || unlock <= 0 ? -1 : Math.floor(unlock / 60);
  } else threshold = 0;

  const facts: PolicyFacts = { minLength, threshold, durationMinutes, source, evidence, notes };
  return judgePolicy(facts, p, () => exemptionFinding(p, linuxScope(ev, p), minLength ?? 0, keyOf(PASSWD, SHADOW, GROUP)));
}

function linuxScope(ev: Evidence, p: PasswordParams): ScopeAccount[] | undefined {
  const acc = linuxAccounts(ev);
  const groupText = ev.text(GROUP);
  if (!('passwd' in acc) || !acc.shadow || groupText === undefined) return undefined;
  const admins = adminGroupMembers(acc.passwd, parseGroup(groupText));
  const min = uidMin(ev.text(LOGIN_DEFS));
  const vendor = new Set(p.vendorAccounts.map((v) => v.toLowerCase()));
  const shadow = acc.shadow;
  return acc.passwd
    .filter((e) => shadow.get(e.name) !== 'locked' && shadow.has(e.name) && isLoginShell(e.shell))
    .map((e) => ({
      name: e.name,
      privileged:
        e.uid === 0
          ? 'UID 0'
          : admins.has(e.name)
            ? admins.get(e.name)
            : e.uid < min
              ? `system account (UID ${e.uid})`
              : vendor.has(e.name.toLowerCase())
                ? 'vendor default name'
                : undefined,
    }));
}

// ---------------------------------------------------------------------------------------------
// accounts.idle-lock

interface IdleParams {
  maxMinutes: number;
}

const INACTIVITY: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System',
  os: 'windows',
};
const SCREENSAVER: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
  os: 'windows',
};
const PROFILE_FILES: EvidenceRequest[] = [
  '/etc/profile',
  '/etc/bash.bashrc',
  '/etc/bashrc',
  '/etc/profile.d/tmout.sh',
  '/etc/profile.d/autologout.sh',
].map((path) => ({ kind: 'file', path, os: 'linux' }));
const PROFILE_D = dropIns('profile.d', '/etc/profile.d/*.sh');
const LOGIND: EvidenceRequest = { kind: 'file', path: '/etc/systemd/logind.conf', os: 'linux' };
const DCONF_D = dropIns('dconf local.d', '/etc/dconf/db/local.d/*');

const idleLock: Check<IdleParams> = {
  id: 'accounts.idle-lock',
  family: 'accounts',
  title: t('Idle sessions lock after 15 minutes', '15分操作がないとセッションがロックされる'),
  description: t(
    'Windows: the machine inactivity limit (InactivityTimeoutSecs) or a password-protected screen saver policy within the limit. Linux: a shell TMOUT, systemd-logind StopIdleSessionSec, or a GNOME idle-delay with lock-enabled within the limit. SSH ClientAlive settings are judged by the ssh.* checks. PCI DSS exempts cashier IDs from 8.2.8, but an idle lock on the operating system also protects admin, service and vendor sessions, so this check applies the limit system-wide.',
    'Windows：コンピューターの非アクティブ時間の上限（InactivityTimeoutSecs）か、パスワード付きスクリーンセーバーのポリシーが上限以内か確認します。Linux：シェルの TMOUT、systemd-logind の StopIdleSessionSec、GNOME の idle-delay と lock-enabled のいずれかが上限以内か確認します。SSH の ClientAlive 設定は ssh.* の確認で判定します。PCI DSS 8.2.8 ではレジ担当者のIDは例外ですが、OS のアイドルロックは管理者・サービス・ベンダーのセッションも守るため、この確認は端末全体に上限を求めます。',
  ),
  remediation: t(
    'Windows: set "Interactive logon: Machine inactivity limit" to 900 seconds or less. Linux: add `readonly TMOUT=900; export TMOUT` to /etc/profile.d/tmout.sh, and for desktops set GNOME idle-delay to 900 with lock-enabled=true.',
    'Windows：「対話型ログオン: コンピューターの非アクティブ状態の制限」を900秒以下にしてください。Linux：/etc/profile.d/tmout.sh に `readonly TMOUT=900; export TMOUT` を追加し、デスクトップでは GNOME の idle-delay を900、lock-enabled を true にしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: { maxMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 15 } },
    additionalProperties: false,
  },
  requests: () => [INACTIVITY, SCREENSAVER, ...PROFILE_FILES, PROFILE_D.glob, LOGIND, DCONF_D.glob],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? idleWindows(ev, ctx.params.maxMinutes * 60) : idleLinux(ev, ctx.params.maxMinutes * 60);
  },
};

function idleWindows(ev: Evidence, maxSecs: number): Finding[] {
  const a = ev.get(INACTIVITY);
  const b = ev.get(SCREENSAVER);
  const evidence = keyOf(INACTIVITY, SCREENSAVER);
  const inactivity = a.status === 'ok' ? int(regValues(a).get('inactivitytimeoutsecs')?.data) : undefined;
  if (inactivity !== undefined && inactivity > 0 && inactivity <= maxSecs)
    return [
      {
        status: 'pass',
        message: t(
          `The machine locks after ${inactivity} seconds of inactivity.`,
          `${inactivity}秒操作がないと画面がロックされます。`,
        ),
        location: `${INACTIVITY.kind === 'registry' ? INACTIVITY.key : ''}\\InactivityTimeoutSecs`,
        evidence,
      },
    ];
  const ss = b.status === 'ok' ? regValues(b) : undefined;
  const active = ss && regString(ss.get('screensaveactive'))?.trim() === '1';
  const secure = ss && regString(ss.get('screensaverissecure'))?.trim() === '1';
  const timeout = ss ? int(regString(ss.get('screensavetimeout'))) : undefined;
  if (active && secure && timeout !== undefined && timeout > 0 && timeout <= maxSecs)
    return [
      {
        status: 'pass',
        message: t(
          `A password-protected screen saver starts after ${timeout} seconds (policy).`,
          `パスワード付きのスクリーンセーバーが${timeout}秒で起動します（ポリシー）。`,
        ),
        evidence,
      },
    ];
  if (!isKnown(a))
    return [unreadable(t('the machine inactivity limit', 'コンピューターの非アクティブ時間の上限'), INACTIVITY, a)];
  if (!isKnown(b)) return [unreadable(t('the screen saver policy', 'スクリーンセーバーのポリシー'), SCREENSAVER, b)];
  const seen = [
    inactivity !== undefined ? `InactivityTimeoutSecs=${inactivity}` : '',
    timeout !== undefined ? `ScreenSaveTimeOut=${timeout}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    {
      status: 'fail',
      message: t(
        `No idle lock of ${maxSecs / 60} minutes or less is configured${seen ? ` (${seen})` : ''}.`,
        `${maxSecs / 60}分以内のアイドルロックが設定されていません${seen ? `（${seen}）` : ''}。`,
      ),
      evidence,
    },
  ];
}

/** Seconds from a systemd time span (`900`, `15min`, `15m`, `1h`). */
function timespan(v: string | undefined): number | undefined {
  const m = v ? /^(\d{1,9})\s*(s|sec|m|min|h|hr)?$/i.exec(v.trim()) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  const u = (m[2] ?? 's').toLowerCase();
  return u.startsWith('h') ? n * 3600 : u.startsWith('m') ? n * 60 : n;
}

function idleLinux(ev: Evidence, maxSecs: number): Finding[] {
  const out: Finding[] = [];
  const profiles = readDropIns(ev, PROFILE_D, PROFILE_FILES);
  const readable = PROFILE_FILES.some((r) => isKnown(ev.get(r)));
  if (!readable)
    return [unreadable(t('the shell profile files', 'シェルのプロファイル'), PROFILE_FILES[0], ev.get(PROFILE_FILES[0]))];
  for (const [path, text] of profiles.files) {
    for (const line of text.split('\n')) {
      const m = /^\s*(readonly\s+|declare\s+-\w*\s+|typeset\s+-\w*\s+|export\s+)?TMOUT=["']?(\d{1,9})["']?/.exec(line);
      if (!m) continue;
      const secs = Number(m[2]);
      const ro = /readonly|-\w*r/.test(m[1] ?? '') || new RegExp(`^\\s*readonly\\s+TMOUT\\b`, 'm').test(text);
      if (secs > 0 && secs <= maxSecs)
        out.push(
          ro
            ? {
                status: 'pass',
                message: t(
                  `Shell sessions end after ${secs} seconds idle (TMOUT, read-only).`,
                  `シェルは${secs}秒操作がないと終了します（TMOUT、読み取り専用）。`,
                ),
                location: path,
              }
            : {
                status: 'warn',
                message: t(
                  `TMOUT=${secs} is set but not read-only, so a user can switch it off.`,
                  `TMOUT=${secs} が設定されていますが読み取り専用ではないため、利用者が解除できます。`,
                ),
                location: path,
              },
        );
    }
  }
  const logind = iniSections(ev.text(LOGIND) ?? '')
    .get('login')
    ?.get('stopidlesessionsec');
  const stop = timespan(logind);
  if (stop !== undefined && stop > 0 && stop <= maxSecs)
    out.push({
      status: 'pass',
      message: t(
        `systemd-logind ends sessions after ${stop} seconds idle.`,
        `systemd-logind は${stop}秒操作がないとセッションを終了します。`,
      ),
      location: '/etc/systemd/logind.conf',
    });
  const dconf = readDropIns(ev, DCONF_D);
  for (const [path, text] of dconf.files) {
    const ss = iniSections(text);
    const delay = /(\d{1,9})\s*$/.exec(ss.get('org/gnome/desktop/session')?.get('idle-delay') ?? '');
    const lock = ss.get('org/gnome/desktop/screensaver')?.get('lock-enabled');
    if (delay && Number(delay[1]) > 0 && Number(delay[1]) <= maxSecs && lock === 'true')
      out.push({
        status: 'pass',
        message: t(
          `The GNOME desktop locks after ${delay[1]} seconds idle.`,
          `GNOME のデスクトップは${delay[1]}秒操作がないとロックされます。`,
        ),
        location: path,
      });
  }
  const evidence = keyOf(...PROFILE_FILES, PROFILE_D.glob, LOGIND, DCONF_D.glob);
  for (const f of out) f.evidence = evidence;
  if (out.some((f) => f.status === 'pass')) return out.filter((f) => f.status === 'pass');
  if (out.length > 0) return out;
  const unread = [...profiles.unread, ...dconf.unread];
  if (unread.length > 0)
    return [
      {
        status: 'manual',
        message: t(
          `No idle timeout was found in the files read, and ${unread.length} file(s) could not be read offline.`,
          `読めたファイルにはアイドルタイムアウトがなく、${unread.length}件のファイルはオフラインでは読めませんでした。`,
        ),
        remediation: t(
          'Open the listed files in the image and look for TMOUT or a GNOME idle-delay.',
          '一覧のファイルをイメージで開き、TMOUT や GNOME の idle-delay を確認してください。',
        ),
        details: { unread: unread.slice(0, MAX_ITEMS) },
        evidence,
      },
    ];
  return [
    {
      status: 'fail',
      message: t(
        `No idle timeout of ${maxSecs / 60} minutes or less (TMOUT, logind, GNOME) is configured.`,
        `${maxSecs / 60}分以内のアイドルタイムアウト（TMOUT、logind、GNOME）が設定されていません。`,
      ),
      evidence,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// accounts.autologon-cleartext

interface AutologonParams {
  allowedAutologonAccounts: string[];
}

const WINLOGON: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
  os: 'windows',
};
const DM_FILES: EvidenceRequest[] = [
  '/etc/gdm3/custom.conf',
  '/etc/gdm3/daemon.conf',
  '/etc/gdm/custom.conf',
  '/etc/lightdm/lightdm.conf',
  '/etc/sddm.conf',
  '/etc/inittab',
  '/etc/systemd/system/getty@tty1.service.d/override.conf',
  '/etc/systemd/system/getty@tty1.service.d/autologin.conf',
].map((path) => ({ kind: 'file', path, os: 'linux' }));
const AUTOLOGIN_DIRS = [
  dropIns('lightdm.conf.d', '/etc/lightdm/lightdm.conf.d/*.conf'),
  dropIns('sddm.conf.d', '/etc/sddm.conf.d/*.conf'),
  dropIns('getty@tty1 drop-ins', '/etc/systemd/system/getty@tty1.service.d/*.conf'),
  dropIns('getty@ drop-ins', '/etc/systemd/system/getty@.service.d/*.conf'),
];

const autologon: Check<AutologonParams> = {
  id: 'accounts.autologon-cleartext',
  family: 'accounts',
  title: t('No automatic logon with a stored cleartext password', '平文パスワードによる自動ログオンがない'),
  description: t(
    'Windows: Winlogon DefaultPassword (a cleartext password in the registry) fails; AutoAdminLogon without it (password in an LSA secret) is a warning unless the account is listed as an approved kiosk account. Linux: getty --autologin and display-manager automatic login (GDM, LightDM, SDDM); autologin as root fails. The password itself is never copied into the report.',
    'Windows：Winlogon の DefaultPassword（レジストリ内の平文パスワード）があれば不合格です。DefaultPassword なしの AutoAdminLogon（パスワードは LSA シークレット）は、承認済みのキオスク用アカウントとして登録されていない限り警告です。Linux：getty の --autologin とディスプレイマネージャー（GDM、LightDM、SDDM）の自動ログインを確認し、root の自動ログインは不合格です。パスワードそのものはレポートに載せません。',
  ),
  remediation: t(
    'Remove the DefaultPassword value from HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon. If the till must log on automatically, use a restricted kiosk account with Shell Launcher or Assigned Access, store the password as an LSA secret (Sysinternals Autologon), and list the account in allowedAutologonAccounts.',
    'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon の DefaultPassword を削除してください。自動ログオンが必要な場合は、Shell Launcher や割り当てられたアクセスで制限したキオスク用アカウントを使い、パスワードは LSA シークレット（Sysinternals Autologon）に保存し、そのアカウントを allowedAutologonAccounts に登録してください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      allowedAutologonAccounts: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'Restricted kiosk accounts approved for automatic logon (never an admin).',
      },
    },
    additionalProperties: false,
  },
  requests: () => [WINLOGON, ...DM_FILES, ...AUTOLOGIN_DIRS.flatMap((d) => [d.glob])],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const allowed = new Set(ctx.params.allowedAutologonAccounts.map((a) => a.toLowerCase()));
    return os === 'windows' ? autologonWindows(ev, allowed) : autologonLinux(ev, allowed);
  },
};

function autologonWindows(ev: Evidence, allowed: Set<string>): Finding[] {
  const a = ev.get(WINLOGON);
  if (a.status !== 'ok') return [unreadable(t('the Winlogon settings', 'Winlogon の設定'), WINLOGON, a)];
  const v = regValues(a);
  const evidence = keyOf(WINLOGON);
  const location = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
  const on = regString(v.get('autoadminlogon'))?.trim() === '1';
  const user = clip(regString(v.get('defaultusername'))?.trim() ?? '', 64);
  const password = regString(v.get('defaultpassword'));
  const out: Finding[] = [];
  // Never quote the password or its length.
  if (password !== undefined && password !== '')
    out.push({
      status: 'fail',
      message: t(
        `A cleartext password is stored in Winlogon\\DefaultPassword${user ? ` for ${q(user)}` : ''}${on ? ' and automatic logon is on' : ''}.`,
        `Winlogon\\DefaultPassword に平文のパスワードが保存されています${user ? `（${q(user)}）` : ''}${on ? '。自動ログオンも有効です' : ''}。`,
      ),
      location: `${location}\\DefaultPassword`,
      evidence,
    });
  if (on && out.length === 0) {
    if (/^administrator$/i.test(user))
      out.push({
        status: 'fail',
        message: t('Automatic logon is on for the Administrator account.', 'Administrator アカウントで自動ログオンが有効です。'),
        location,
        evidence,
      });
    else if (user && allowed.has(user.toLowerCase()))
      out.push({
        status: 'pass',
        message: t(
          `Automatic logon is on for the approved kiosk account ${q(user)}, without a cleartext password.`,
          `承認済みのキオスク用アカウント ${q(user)} で自動ログオンが有効です（平文パスワードなし）。`,
        ),
        location,
        evidence,
      });
    else
      out.push({
        status: 'warn',
        message: t(
          `Automatic logon is on for ${q(user || '(unnamed)')} (password not in cleartext). Anyone at the till gets this session without a password.`,
          `${q(user || '(名前なし)')} で自動ログオンが有効です（パスワードは平文ではありません）。レジの前にいる人は誰でもパスワードなしでこのセッションを使えます。`,
        ),
        location,
        evidence,
      });
  }
  if (out.length === 0)
    out.push({
      status: 'pass',
      message: t(
        'Automatic logon is off and no cleartext password is stored in Winlogon.',
        '自動ログオンは無効で、Winlogon に平文のパスワードは保存されていません。',
      ),
      location,
      evidence,
    });
  return out;
}

function autologonLinux(ev: Evidence, allowed: Set<string>): Finding[] {
  const evidence = keyOf(...DM_FILES, ...AUTOLOGIN_DIRS.flatMap((d) => [d.glob]));
  if (!DM_FILES.some((r) => isKnown(ev.get(r))))
    return [unreadable(t('the login configuration', 'ログインの設定'), DM_FILES[0], ev.get(DM_FILES[0]))];
  const found: Array<{ user: string; where: string; how: string }> = [];
  const unread: string[] = [];
  const files = new Map<string, string>();
  for (const r of DM_FILES) {
    const text = ev.text(r);
    if (text !== undefined && r.kind === 'file') files.set(r.path, text);
  }
  for (const d of AUTOLOGIN_DIRS) {
    const got = readDropIns(ev, d);
    for (const [k, v] of got.files) files.set(k, v);
    unread.push(...got.unread);
  }
  for (const [path, text] of files) {
    if (/gdm/.test(path)) {
      const daemon = iniSections(text).get('daemon');
      if (daemon?.get('automaticloginenable')?.toLowerCase() === 'true')
        found.push({ user: daemon.get('automaticlogin') ?? '', where: path, how: 'GDM' });
      if (daemon?.get('timedloginenable')?.toLowerCase() === 'true')
        found.push({ user: daemon.get('timedlogin') ?? '', where: path, how: 'GDM timed' });
    } else if (/lightdm/.test(path)) {
      for (const [, sec] of iniSections(text)) {
        const u = sec.get('autologin-user');
        if (u) found.push({ user: u, where: path, how: 'LightDM' });
      }
    } else if (/sddm/.test(path)) {
      const u = iniSections(text).get('autologin')?.get('user');
      if (u) found.push({ user: u, where: path, how: 'SDDM' });
    } else {
      for (const line of text.split('\n')) {
        if (/^\s*#/.test(line)) continue;
        const m = /(?:--autologin|\s-a)\s+([A-Za-z0-9._-]+)/.exec(line);
        if (m && /getty|ExecStart/.test(line)) found.push({ user: m[1], where: path, how: 'getty' });
      }
    }
  }
  const out: Finding[] = [];
  for (const f of found.slice(0, MAX_ITEMS)) {
    const user = clip(f.user, 64);
    if (user === 'root' || user === '')
      out.push({
        status: 'fail',
        message: t(
          `${f.how} logs in ${user ? 'root' : 'an unnamed user'} automatically.`,
          `${f.how} が ${user ? 'root' : '名前のないユーザー'} で自動ログインします。`,
        ),
        location: f.where,
        evidence,
      });
    else if (allowed.has(user.toLowerCase()))
      out.push({
        status: 'pass',
        message: t(
          `${f.how} logs in the approved kiosk account ${q(user)} automatically (no password is stored).`,
          `${f.how} が承認済みのキオスク用アカウント ${q(user)} で自動ログインします（パスワードは保存されません）。`,
        ),
        location: f.where,
        evidence,
      });
    else
      out.push({
        status: 'warn',
        message: t(
          `${f.how} logs in ${q(user)} automatically: anyone at the till gets this session without a password.`,
          `${f.how} が ${q(user)} で自動ログインします。レジの前にいる人は誰でもパスワードなしでこのセッションを使えます。`,
        ),
        location: f.where,
        evidence,
      });
  }
  if (out.length > 0) return out;
  if (unread.length > 0)
    return [
      {
        status: 'manual',
        message: t(
          `No automatic login found in the files read; ${unread.length} drop-in file(s) could not be read offline.`,
          `読めたファイルに自動ログインはありませんが、${unread.length}件の追加設定ファイルはオフラインでは読めませんでした。`,
        ),
        details: { unread: unread.slice(0, MAX_ITEMS) },
        evidence,
      },
    ];
  return [
    {
      status: 'pass',
      message: t(
        'No getty or display-manager automatic login is configured.',
        'getty やディスプレイマネージャーの自動ログインは設定されていません。',
      ),
      evidence,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// accounts.local-admins

interface AdminParams {
  maxMembers: number;
  forbiddenMembers: string[];
  cashierAccounts: string[];
}

const SUDOERS: EvidenceRequest = { kind: 'file', path: '/etc/sudoers', os: 'linux' };
const SUDOERS_D = dropIns('sudoers.d', '/etc/sudoers.d/*');

const localAdmins: Check<AdminParams> = {
  id: 'accounts.local-admins',
  family: 'accounts',
  title: t('Local administrators are few and known', 'ローカル管理者が少数で把握されている'),
  description: t(
    'Lists members of the built-in Administrators group (Windows, by SID S-1-5-32-544) or of root, sudo, wheel and admin and sudoers user rules (Linux). Fails when there are more than maxMembers, or when a forbidden name or a cashier account is among them.',
    '組み込みの Administrators グループ（Windows、SID S-1-5-32-544）、または root・sudo・wheel・admin グループと sudoers のユーザー指定（Linux）のメンバーを一覧にします。maxMembers を超える場合や、禁止された名前・レジ担当者のアカウントが含まれる場合は不合格です。',
  ),
  remediation: t(
    'Remove accounts that do not need administrator rights (`net localgroup Administrators name /delete`; Linux: `gpasswd -d name sudo`), and never give cashier or POS application accounts administrator rights.',
    '管理者権限が不要なアカウントを外してください（`net localgroup Administrators 名前 /delete`、Linux は `gpasswd -d 名前 sudo`）。レジ担当者や POS アプリのアカウントには管理者権限を与えないでください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      maxMembers: { type: 'integer', minimum: 0, maximum: 100, default: 3 },
      forbiddenMembers: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: ['Guest', 'Everyone', 'Authenticated Users', 'Users', 'Domain Users', 'INTERACTIVE'],
      },
      cashierAccounts: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'Cashier accounts: never allowed as administrators.',
      },
    },
    additionalProperties: false,
  },
  requests: () => [LOCAL_ADMINS, PASSWD, GROUP, SUDOERS, SUDOERS_D.glob],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const got = os === 'windows' ? adminsWindows(ev, ctx) : adminsLinux(ev);
    if (!Array.isArray(got)) return [got];
    const [members, notes, evidence] = got;
    return judgeAdmins(members, notes, evidence, ctx.params);
  },
};

type AdminList = [Map<string, string>, Finding[], string[]];

function adminsWindows(ev: Evidence, ctx: CheckContext<AdminParams>): AdminList | Finding {
  const a = ev.get(LOCAL_ADMINS);
  if (a.status === 'unsupported')
    return offlineManual(
      t('The Administrators group membership (held in the SAM hive)', 'Administrators グループのメンバー（SAM ハイブ内）'),
      SAM_PROCEDURE,
      keyOf(LOCAL_ADMINS),
    );
  if (a.status !== 'ok' || (a.exitCode ?? 0) !== 0)
    return unreadable(
      t('the Administrators group', 'Administrators グループ'),
      LOCAL_ADMINS,
      a.status === 'ok' ? { ...a, status: 'error', reason: clip(a.data || a.stderr || 'the command failed') } : a,
    );
  if (!/^group\t/m.test(a.data ?? ''))
    return {
      status: 'error',
      message: t(
        'The Administrators group listing could not be parsed.',
        'Administrators グループの一覧を解析できませんでした。',
      ),
      evidence: keyOf(LOCAL_ADMINS),
    };
  const members = new Map<string, string>();
  for (const m of parseAdmins(a.data ?? '', ctx.platform.hostname))
    members.set(m.name, m.domain ? `domain principal ${m.path}` : 'local');
  return [members, [], keyOf(LOCAL_ADMINS)];
}

function adminsLinux(ev: Evidence): AdminList | Finding {
  const passwdText = ev.text(PASSWD);
  const groupText = ev.text(GROUP);
  if (passwdText === undefined) return unreadable(t('the account list', 'アカウント一覧'), PASSWD, ev.get(PASSWD));
  if (groupText === undefined) return unreadable(t('the group list', 'グループ一覧'), GROUP, ev.get(GROUP));
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const members = new Map<string, string>();
  for (const p of passwd) if (p.uid === 0) members.set(p.name, 'UID 0');
  for (const [n, why] of adminGroupMembers(passwd, groups)) if (!members.has(n)) members.set(n, why);
  const notes: Finding[] = [];
  const sudoers = ev.text(SUDOERS);
  const dropins = readDropIns(ev, SUDOERS_D);
  const texts = [...(sudoers !== undefined ? [['/etc/sudoers', sudoers]] : []), ...dropins.files] as Array<[string, string]>;
  for (const [path, text] of texts) {
    for (const line of text.split('\n')) {
      const m = /^\s*([%A-Za-z0-9._-]+)\s+[^=#]+=\s*(\([^)]*\))?\s*(NOPASSWD:\s*)?ALL\s*$/.exec(line);
      if (!m || /^(Defaults|User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias)$/.test(m[1])) continue;
      if (m[1].startsWith('%')) {
        const g = groups.find((x) => x.name === m[1].slice(1));
        for (const u of g?.members ?? []) if (!members.has(u)) members.set(u, `sudoers ${m[1]}`);
        if (g) for (const p of passwd) if (p.gid === g.gid && !members.has(p.name)) members.set(p.name, `sudoers ${m[1]}`);
      } else if (!members.has(m[1])) members.set(m[1], `sudoers (${path})`);
    }
  }
  const sa = ev.get(SUDOERS);
  if (sudoers === undefined && sa.status !== 'missing')
    notes.push({
      status: 'error',
      message: t(
        `Could not read /etc/sudoers (${clip(sa.reason ?? sa.status)}): accounts given rights there are not counted. Scan with root.`,
        `/etc/sudoers を読めませんでした（${clip(sa.reason ?? sa.status)}）。そこで権限を与えられたアカウントは数えていません。root で実行してください。`,
      ),
      location: '/etc/sudoers',
      evidence: keyOf(SUDOERS),
    });
  if (dropins.unread.length > 0)
    notes.push({
      status: 'error',
      message: t(
        `Could not read ${dropins.unread.length} file(s) in /etc/sudoers.d: accounts given rights there are not counted.`,
        `/etc/sudoers.d の${dropins.unread.length}件のファイルを読めませんでした。そこで権限を与えられたアカウントは数えていません。`,
      ),
      details: { unread: dropins.unread.slice(0, MAX_ITEMS) },
      evidence: keyOf(SUDOERS_D.glob),
    });
  return [members, notes, keyOf(PASSWD, GROUP, SUDOERS, SUDOERS_D.glob)];
}

function judgeAdmins(members: Map<string, string>, notes: Finding[], evidence: string[], p: AdminParams): Finding[] {
  const out: Finding[] = [...notes];
  const forbidden = new Set([...p.forbiddenMembers, ...p.cashierAccounts].map((f) => f.toLowerCase()));
  const list = [...members.keys()];
  const details = { members: [...members].slice(0, MAX_ITEMS).map(([name, why]) => ({ name, via: why })) };
  for (const name of list)
    if (forbidden.has(name.toLowerCase()))
      out.push({
        status: 'fail',
        message: t(
          `${q(name)} has administrator rights but must not.`,
          `${q(name)} が管理者権限を持っていますが、持たせてはいけません。`,
        ),
        location: name,
        evidence,
      });
  if (list.length > p.maxMembers)
    out.push({
      status: 'fail',
      message: t(
        `${list.length} accounts have administrator rights (at most ${p.maxMembers} allowed): ${clip(list.join(', '))}.`,
        `${list.length}個のアカウントが管理者権限を持っています（上限${p.maxMembers}）：${clip(list.join(', '))}。`,
      ),
      evidence,
      details,
    });
  if (!out.some((f) => f.status === 'fail'))
    out.push({
      status: 'pass',
      message: t(
        `${list.length} account(s) have administrator rights: ${clip(list.join(', ') || '(none)')}.`,
        `管理者権限を持つアカウントは${list.length}個です：${clip(list.join(', ') || '(なし)')}。`,
      ),
      evidence,
      details,
    });
  return out;
}

export const checks: AnyCheck[] = [defaultDisabled, passwordPolicy, idleLock, autologon, localAdmins];
