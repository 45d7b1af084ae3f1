/** Accounts (PCI 2.2.2, 7.2, 8.2-8.3; POS 方針4): default accounts, password policy, idle lock, autologon, local admins. */
import type { Evidence, EvidenceAnswer, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t, type Text } from '../../core/i18n.js';
import { fileText, isKnown, keysOf, locationOf, reasonOf, reasonTextOf } from '../kit/answers.js';
import { iniSections, int } from '../kit/config.js';
import { cannotList, dropIns, readDropIns } from '../kit/dropins.js';
import { cannotRead, needsRunningSystem, notFoundButUnread, osOf, unreadAmong, UNKNOWN_OS } from '../kit/findings.js';
import { regString, regValue, regValues } from '../kit/registry.js';
import { clip, MAX_ITEMS, quoted } from '../kit/text.js';
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
import { SAM_ACCOUNT, SAM_ADMINS, SAM_USERS, samAdmins, samPolicy, samUsers } from './sam-offline.js';

const SAM_PROCEDURE = t(
  'On the running terminal, run `net user` and `net localgroup Administrators` as an administrator (or scan it live), and ' +
    'record the result.',
  '稼働中の端末で管理者として `net user` と `net localgroup Administrators` を実行する（またはライブでスキャンする）し、' +
    '結果を記録してください。',
);

/** Login-capable Linux accounts with their password state (undefined when /etc/shadow is unreadable). */
interface LinuxAccounts {
  passwd: PasswdEntry[];
  shadow?: Map<string, PasswordState>;
  shadowAnswer: EvidenceAnswer;
}

function linuxAccounts(ev: Evidence): LinuxAccounts | Finding {
  const passwdText = ev.text(PASSWD);
  if (passwdText === undefined) return cannotRead(t('the account list', 'アカウント一覧'), ev.get(PASSWD), PASSWD);
  const shadowText = ev.text(SHADOW);
  return {
    passwd: parsePasswd(passwdText),
    shadow: shadowText === undefined ? undefined : parseShadow(shadowText),
    shadowAnswer: ev.get(SHADOW),
  };
}

/** What Windows password complexity asks for, in both languages. */
const THREE_CLASSES = t(
  'three of: upper case, lower case, digits, symbols; not the account name',
  '大文字・小文字・数字・記号のうち 3 種類、アカウント名を含まない',
);

/** Windows local users from the runtime command, or a finding saying why not. */
function windowsUsers(ev: Evidence): WindowsUser[] | Finding {
  const a = ev.get(LOCAL_USERS);
  if (a.status === 'unsupported') {
    // Offline image: the SAM hive holds the accounts (checks/accounts/sam-offline.ts).
    const sam = samUsers(ev);
    if (Array.isArray(sam)) return sam;
    return needsRunningSystem(t('The local user list', 'ローカルユーザーの一覧'), SAM_PROCEDURE, keysOf(LOCAL_USERS, SAM_USERS));
  }
  if (a.status !== 'ok' || (a.exitCode ?? 0) !== 0)
    return cannotRead(
      t('the local user list', 'ローカルユーザーの一覧'),
      a.status === 'ok' ? { ...a, status: 'error', reason: clip(a.data ?? a.stderr ?? 'the command failed') } : a,
      LOCAL_USERS,
    );
  const users = parseLocalUsers(a.data ?? '');
  if (users.length === 0)
    return {
      status: 'error',
      message: t('The local user list was empty or could not be parsed.', 'ローカルユーザーの一覧が空か、解析できませんでした。'),
      evidence: keysOf(LOCAL_USERS),
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
    'Windows: the built-in Guest is disabled, the built-in Administrator (RID 500) is disabled or renamed, and no account ' +
      'with a vendor default name is enabled. Linux: no account besides root has UID 0, no account has an empty password, ' +
      'and vendor default accounts cannot log in (locked password or no login shell).',
    'Windows：組み込みの Guest が無効、組み込みの Administrator（RID 500）が無効または名前変更済みで、' +
      'ベンダー既定の名前のアカウントが有効になっていないことを確認します。Linux：root 以外に UID 0 のアカウントがなく、' +
      'パスワードが空のアカウントがなく、ベンダー既定のアカウントがログインできない（パスワードがロックされているか、' +
      'ログインシェルがない）ことを確認します。',
  ),
  remediation: t(
    'Disable the Guest account and the built-in Administrator (or rename it and set a unique strong password), and disable ' +
      'or remove vendor default accounts. On Linux, lock them (`usermod -L name`, shell `/usr/sbin/nologin`) and give every ' +
      'account a password.',
    'Guest と組み込みの Administrator を無効にし（使う場合は名前を変えて固有の強いパスワードを設定）、' +
      'ベンダー既定のアカウントは無効化または削除してください。Linux では `usermod -L ユーザー名` でロックし、' +
      'シェルを `/usr/sbin/nologin` にして、すべてのアカウントにパスワードを設定してください。',
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
  requests: () => [LOCAL_USERS, SAM_USERS, SAM_ACCOUNT, PASSWD, SHADOW],
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
  const evidence = ev.get(LOCAL_USERS).status === 'unsupported' ? keysOf(SAM_USERS, SAM_ACCOUNT) : keysOf(LOCAL_USERS);
  const out: Finding[] = [];
  for (const u of users) {
    if (u.disabled) continue;
    if (u.rid === 501)
      out.push({
        status: 'fail',
        message: t(
          `The built-in Guest account ${quoted(u.name)} is enabled.`,
          `組み込みの Guest アカウント ${quoted(u.name)} が有効です。`,
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
          `The built-in Administrator is enabled (renamed to ${quoted(u.name)}). Make sure its password was changed from ` +
            `the image default.`,
          `組み込みの Administrator が有効です（${quoted(u.name)} に名前変更済み）。` +
            `パスワードがイメージの既定値から変更されていることを確認してください。`,
        ),
        location: u.name,
        evidence,
      });
    else if (vendor.has(u.name.toLowerCase()))
      out.push({
        status: 'fail',
        message: t(
          `The vendor default account ${quoted(u.name)} is enabled.`,
          `ベンダー既定のアカウント ${quoted(u.name)} が有効です。`,
        ),
        location: u.name,
        evidence,
      });
    if (!u.disabled && !u.passwordRequired)
      out.push({
        status: 'fail',
        message: t(
          `The enabled account ${quoted(u.name)} does not require a password.`,
          `有効なアカウント ${quoted(u.name)} はパスワードが不要な設定です。`,
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
  const evidence = keysOf(PASSWD, SHADOW);
  const out: Finding[] = [];
  for (const p of acc.passwd) {
    const state = acc.shadow?.get(p.name);
    if (p.uid === 0 && p.name !== 'root')
      out.push({
        status: 'fail',
        message: t(
          `The account ${quoted(p.name)} has UID 0 (root rights) besides root.`,
          `root 以外のアカウント ${quoted(p.name)} が UID 0（root 権限）を持っています。`,
        ),
        location: '/etc/passwd',
        evidence,
      });
    if (state === 'empty')
      out.push({
        status: 'fail',
        message: t(`The account ${quoted(p.name)} has an empty password.`, `アカウント ${quoted(p.name)} のパスワードが空です。`),
        location: '/etc/shadow',
        evidence,
      });
    if (!vendor.has(p.name.toLowerCase()) || !isLoginShell(p.shell)) continue;
    if (state === 'set')
      out.push({
        status: 'fail',
        message: t(
          `The vendor default account ${quoted(p.name)} can log in (password set, shell ${quoted(p.shell)}).`,
          `ベンダー既定のアカウント ${quoted(p.name)} がログインできます（パスワード設定あり、シェル ${quoted(p.shell)}）。`,
        ),
        location: '/etc/passwd',
        evidence,
      });
    else if (state === undefined && acc.shadow === undefined)
      out.push({
        status: 'error',
        message: t(
          `The vendor default account ${quoted(p.name)} has a login shell, and /etc/shadow could not be read ` +
            `(${clip(acc.shadowAnswer.reason ?? acc.shadowAnswer.status)}), so whether it can log in is unknown.`,
          `ベンダー既定のアカウント ${quoted(p.name)} にログインシェルがありますが、` +
            `/etc/shadow を読めなかった（${reasonTextOf(acc.shadowAnswer).ja}）ため、ログインできるか判断できません。`,
        ),
        location: '/etc/shadow',
        evidence,
      });
  }
  if (out.length === 0 && acc.shadow === undefined)
    out.push(
      cannotRead(
        t(
          '/etc/shadow (needed to see empty passwords; scan with root)',
          '/etc/shadow（空パスワードの確認に必要。root で実行してください）',
        ),
        acc.shadowAnswer,
        SHADOW,
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
  cashierAccounts: string[];
  cashierExemption: boolean;
  vendorAccounts: string[];
}

interface LockoutParams {
  lockoutThreshold: number;
  lockoutMinutes: number;
}

const PAM_FILES: EvidenceRequest[] = ['common-password', 'common-auth', 'system-auth', 'password-auth'].map((f) => ({
  kind: 'file',
  path: `/etc/pam.d/${f}`,
  os: 'linux',
}));
const PWQUALITY: EvidenceRequest = { kind: 'file', path: '/etc/security/pwquality.conf', os: 'linux' };
const PWQUALITY_D = dropIns('/etc/security/pwquality.conf.d/*.conf');
const FAILLOCK: EvidenceRequest = { kind: 'file', path: '/etc/security/faillock.conf', os: 'linux' };
const SECEDIT: EvidenceRequest = { kind: 'command', name: 'secedit export', os: 'windows', command: { ps: SECEDIT_PS } };
const GPTTMPL: EvidenceRequest = { kind: 'file', path: GPTTMPL_PATH, os: 'windows', binary: true };

const POLICY_REQUESTS = (): EvidenceRequest[] => [
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
  SAM_ACCOUNT,
  SAM_USERS,
  SAM_ADMINS,
];

const passwordPolicy: Check<PasswordParams> = {
  id: 'accounts.password-policy',
  family: 'accounts',
  title: t('Password length and complexity', 'パスワードの長さと複雑さ'),
  description: t(
    `Minimum password length (default 12) and complexity: passwords must contain both letters and digits (PCI DSS 8.3.6). ` +
      `Windows: MinimumPasswordLength and PasswordComplexity from a secedit export (live) or the local GPO GptTmpl.inf ` +
      `(offline); Windows complexity asks for three of the four character categories. Linux: pam_pwquality/pam_cracklib in ` +
      `the PAM password stack and pwquality.conf: minlen, negative dcredit with negative ucredit or lcredit (a digit and a ` +
      `letter required), or minclass of 3 or more. With cashierExemption on, a too-short minimum length is accepted only ` +
      `when every login-capable account it applies to is listed in cashierAccounts. ${CASHIER_EXEMPTION_NOTE.en} The lockout ` +
      `(8.3.4) is judged by accounts.lockout.`,
    `パスワードの最小長（既定12文字）と複雑さ（英字と数字の両方を含むこと、PCI DSS 8.3.6）を確認します。` +
      `Windows は secedit のエクスポート（ライブ）またはローカル GPO の GptTmpl.inf（オフライン）` +
      `の MinimumPasswordLength と PasswordComplexity を読みます（Windows ` +
      `の複雑さの要件は4種類の文字のうち3種類を求めます）。Linux は PAM の password の pam_pwquality／pam_cracklib と ` +
      `pwquality.conf の minlen、負の dcredit と負の ucredit または lcredit（数字と英字が必須）、` +
      `または3以上の minclass を読みます。cashierExemption を有効にすると、最小長の不足は、` +
      `それが適用されるログイン可能なアカウントがすべて cashierAccounts に登録されている場合に限り認めます。` +
      `${CASHIER_EXEMPTION_NOTE.ja}ロックアウト（8.3.4）は accounts.lockout で判定します。`,
  ),
  remediation: t(
    'Set the minimum password length to at least 12 and require letters and digits. Windows: Local Security Policy > ' +
      'Account Policies > Password Policy: "Minimum password length" 12 and "Password must meet complexity requirements" ' +
      'Enabled. Linux: in /etc/security/pwquality.conf set `minlen = 12`, `dcredit = -1` and `lcredit = -1` (or `minclass = ' +
      '3`), with pam_pwquality in the PAM password stack.',
    'パスワードの最小長を12文字以上にし、英字と数字を必須にしてください。Windows：' +
      'ローカル セキュリティ ポリシー ＞ アカウント ポリシー ＞ パスワードのポリシーで「パスワードの長さ」を12、' +
      '「複雑さの要件を満たす必要があるパスワード」を有効に設定します。Linux：/etc/security/pwquality.conf に `minlen = 12`、' +
      '`dcredit = -1`、`lcredit = -1`（または `minclass = 3`）を設定し、PAM の password に pam_pwquality を入れてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      minLength: { type: 'integer', minimum: 1, maximum: 128, default: 12 },
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
  requests: POLICY_REQUESTS,
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const f = os === 'windows' ? windowsPolicy(ev) : linuxPolicy(ev);
    if (Array.isArray(f)) return f;
    if (f.passwordUnread) return [f.passwordUnread];
    const scope = () =>
      exemptionFinding(
        ctx.params,
        os === 'windows' ? windowsScope(ev, ctx.params) : linuxScope(ev, ctx.params),
        f.minLength ?? 0,
        os === 'windows' ? [...f.evidence, ...keysOf(LOCAL_USERS, LOCAL_ADMINS)] : keysOf(PASSWD, SHADOW, GROUP),
      );
    return [
      ...f.notes,
      ...judgeLength(f, ctx.params, scope),
      complexityOrExempt(judgeComplexity(f), ctx.params, () =>
        os === 'windows' ? windowsScope(ev, ctx.params) : linuxScope(ev, ctx.params),
      ),
    ];
  },
};

const lockout: Check<LockoutParams> = {
  id: 'accounts.lockout',
  family: 'accounts',
  title: t('Accounts lock after repeated failed logons', 'ログオン失敗が続くとアカウントがロックされる'),
  description: t(
    'Lockout after at most N failed attempts (default 10) for at least M minutes (default 30) or until an administrator ' +
      'unlocks (PCI DSS 8.3.4). Windows: LockoutBadCount and LockoutDuration from a secedit export (live) or the local GPO ' +
      'GptTmpl.inf (offline). Linux: pam_faillock (faillock.conf, module arguments win) or pam_tally2 in the PAM auth stack. ' +
      'The cashier exemption never applies to lockout.',
    '失敗N回以内（既定10回）で、M分以上（既定30分）または管理者が解除するまでアカウントをロックすることを確認します（PCI ' +
      'DSS 8.3.4）。Windows は secedit のエクスポート（ライブ）またはローカル GPO の GptTmpl.inf（オフライン）' +
      'の LockoutBadCount と LockoutDuration、Linux は PAM の auth の pam_faillock（faillock.conf、モジュール引数が優先）' +
      'または pam_tally2 を読みます。レジ担当者の例外はロックアウトには適用されません。',
  ),
  remediation: t(
    'Lock accounts after 10 failed attempts for at least 30 minutes. Windows: Local Security Policy > Account Policies > ' +
      'Account Lockout Policy ("Account lockout threshold" 10, "Account lockout duration" 30). Linux: `deny = 10` and ' +
      '`unlock_time = 1800` in /etc/security/faillock.conf with pam_faillock in the PAM auth stack (preauth and authfail).',
    '10回失敗したら30分以上ロックするよう設定してください。Windows：ローカル セキュリティ ポリシー ＞ アカウント ポリシー ' +
      '＞ アカウント ロックアウトのポリシー（「アカウントのロックアウトのしきい値」10、「ロックアウト期間」30）。Linux：' +
      '/etc/security/faillock.conf に `deny = 10` と `unlock_time = 1800` を設定し、' +
      'PAM の auth に pam_faillock（preauth と authfail）を入れてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'high',
  params: {
    type: 'object',
    properties: {
      lockoutThreshold: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      lockoutMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 30 },
    },
    additionalProperties: false,
  },
  requests: POLICY_REQUESTS,
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    const f = os === 'windows' ? windowsPolicy(ev) : linuxPolicy(ev);
    if (Array.isArray(f)) return f;
    return [...f.notes.filter((n) => n.details?.about !== 'password'), ...judgeLockout(f, ctx.params)];
  },
};

interface PolicyFacts {
  minLength?: number;
  /** 0 = never locks. */
  threshold?: number;
  /** Minutes; -1 = until an administrator unlocks. */
  durationMinutes?: number;
  /** Whether passwords must mix letters and digits, and why (undefined: not found in the source). */
  complexity?: { level: 'letters-and-digits' | 'three-classes' | 'weak' | 'none'; why: Text };
  source: string;
  evidence: string[];
  /** Notes on the source; `details.about: 'password'` marks those only the length/complexity check shows. */
  notes: Finding[];
  /** Why the lockout could not be judged: a file holding it was not read (the lockout finding says this instead). */
  lockoutUnread?: Finding;
  /** Why length and complexity could not be judged: the password stack or pwquality.conf was not read. */
  passwordUnread?: Finding;
  /** Facts of the source shown with the length finding, not judged (the SAM's history and maximum age). */
  details?: Record<string, unknown>;
}

function judgeLength(f: PolicyFacts, p: PasswordParams, lengthScope: () => Finding | undefined): Finding[] {
  const out = judgeLengthOnly(f, p, lengthScope);
  const first = out[0];
  if (first && f.details) first.details = { ...(first.details ?? {}), ...f.details };
  return out;
}

function judgeLengthOnly(f: PolicyFacts, p: PasswordParams, lengthScope: () => Finding | undefined): Finding[] {
  const out: Finding[] = [];
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
  return out;
}

function judgeComplexity(f: PolicyFacts): Finding {
  const c = f.complexity;
  const base = { evidence: f.evidence, location: f.source };
  if (c === undefined)
    return {
      ...base,
      status: 'error',
      message: t(
        `The password complexity rule could not be found in ${f.source}.`,
        `${f.source} からパスワードの複雑さの設定を確認できませんでした。`,
      ),
    };
  if (c.level === 'letters-and-digits' || c.level === 'three-classes')
    return {
      ...base,
      status: 'pass',
      message: t(`Passwords must mix character types: ${c.why.en}.`, `パスワードには複数の種類の文字が必要です: ${c.why.ja}。`),
    };
  if (c.level === 'weak')
    return {
      ...base,
      status: 'warn',
      message: t(
        `Passwords must mix character types, but not necessarily letters and digits: ${c.why.en}.`,
        `パスワードに複数の種類の文字は必要ですが、英字と数字の両方が必須とは限りません: ${c.why.ja}。`,
      ),
    };
  return {
    ...base,
    status: 'fail',
    message: t(
      `Passwords need not contain both letters and digits: ${c.why.en}.`,
      `パスワードに英字と数字の両方を含める必要がない設定です: ${c.why.ja}。`,
    ),
  };
}

/** 8.3.6's cashier exemption covers complexity as it covers length: only when every login-capable account is a listed cashier. */
function complexityOrExempt(f: Finding, p: PasswordParams, accounts: () => ScopeAccount[] | undefined): Finding {
  if (f.status === 'pass' || f.status === 'error' || !p.cashierExemption || p.cashierAccounts.length === 0) return f;
  const list = accounts();
  if (!list) return f;
  const r = applyCashierExemption(list, p.cashierAccounts);
  if (r.inScope.length > 0) return f;
  return {
    ...f,
    status: 'pass',
    message: t(
      `${f.message.en} Every login-capable account it applies to is a cashier account (${clip(r.exempt.join(', '))}), ` +
        `exempt under PCI DSS 8.3.6.`,
      `${f.message.ja}対象となるログイン可能なアカウントはすべてレジ担当者用（${clip(r.exempt.join(', '))}）で、PCI DSS ` +
        `8.3.6 の例外に当たります。`,
    ),
    details: { exempt: r.exempt.slice(0, MAX_ITEMS) },
  };
}

function judgeLockout(f: PolicyFacts, p: LockoutParams): Finding[] {
  const out: Finding[] = [];
  const ev = f.evidence;
  if (f.lockoutUnread && (f.threshold === undefined || f.durationMinutes === undefined)) return [f.lockoutUnread];
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
        `Minimum password length is ${minLength}, below ${p.minLength}. The cashier exemption does not cover these ` +
          `accounts: ${clip(r.inScope.slice(0, 20).join(', '))}.` +
          `${refused ? ` Listed as cashiers but not exempt: ${clip(refused)}.` : ''}`,
        `パスワードの最小長が${minLength}文字で、${p.minLength}文字未満です。次のアカウントはレジ担当者の例外の対象外です：` +
          `${clip(r.inScope.slice(0, 20).join(', '))}。` +
          `${refused ? `レジ担当者として登録されていますが対象外：${clip(refused)}。` : ''}`,
      ),
      evidence,
      details: { inScope: r.inScope.slice(0, MAX_ITEMS), refused: r.refused.slice(0, MAX_ITEMS) },
    };
  return {
    status: 'pass',
    message: t(
      `Minimum password length is ${minLength}, below ${p.minLength}, but every login-capable account it applies to is a ` +
        `cashier account (${clip(r.exempt.join(', '))}), exempt under PCI DSS 8.3.6.`,
      `パスワードの最小長は${minLength}文字で${p.minLength}文字未満ですが、` +
        `対象となるログイン可能なアカウントはすべてレジ担当者用（${clip(r.exempt.join(', '))}）で、PCI DSS ` +
        `8.3.6 の例外に当たります。`,
    ),
    evidence,
    details: { exempt: r.exempt.slice(0, MAX_ITEMS) },
  };
}

/** The password and lockout policy as Windows holds it (secedit live, GptTmpl.inf offline), or the findings that say why not. */
function windowsPolicy(ev: Evidence): PolicyFacts | Finding[] {
  const cmd = ev.get(SECEDIT);
  let inf: string | undefined;
  let source = 'secedit /export';
  let evidence = keysOf(SECEDIT);
  const notes: Finding[] = [];
  if (cmd.status === 'ok' && (cmd.exitCode ?? 0) === 0 && cmd.data) inf = cmd.data;
  else if (cmd.status !== 'unsupported')
    return [
      cannotRead(
        t('the security policy (secedit needs an administrator)', 'セキュリティポリシー（secedit には管理者権限が必要）'),
        cmd.status === 'ok'
          ? { ...cmd, status: 'error', reason: clip(cmd.data || cmd.stderr || `exit code ${cmd.exitCode}`) }
          : cmd,
        SECEDIT,
      ),
    ];
  else {
    // Offline image: the SAM hive holds the policy in effect (what secedit would export).
    const sam = samPolicy(ev);
    if (!('reason' in sam))
      return {
        minLength: sam.minPasswordLength,
        threshold: sam.lockoutThreshold,
        durationMinutes: sam.lockoutDurationMinutes,
        complexity: sam.passwordComplexity
          ? {
              level: 'three-classes',
              why: t(
                `DOMAIN_PASSWORD_COMPLEX set in the SAM (${THREE_CLASSES.en})`,
                `SAM で DOMAIN_PASSWORD_COMPLEX が有効（${THREE_CLASSES.ja}）`,
              ),
            }
          : {
              level: 'none',
              why: t('DOMAIN_PASSWORD_COMPLEX not set in the SAM', 'SAM で DOMAIN_PASSWORD_COMPLEX が有効になっていません'),
            },
        source: 'SAM hive (SAM\\Domains\\Account\\F)',
        // The SAM's account records answer the cashier scope offline.
        evidence: keysOf(SAM_ACCOUNT, SAM_USERS, SAM_ADMINS),
        notes: [],
        // History and maximum age are read too, for the reader (not judged here).
        details: { samPolicy: { ...sam, source: undefined } },
      };
    inf = fileText(ev, GPTTMPL);
    source = GPTTMPL_PATH;
    evidence = keysOf(GPTTMPL);
    if (inf === undefined)
      return [
        needsRunningSystem(
          t(
            'The effective password and lockout policy (held in the SAM hive)',
            '有効なパスワード・ロックアウトのポリシー（SAM ハイブ内）',
          ),
          t(
            'On the running terminal run `net accounts` as an administrator, or scan it live, and compare with the required values.',
            '稼働中の端末で管理者として `net accounts` を実行する（またはライブでスキャンする）し、必要な値と比べてください。',
          ),
          keysOf(SECEDIT, GPTTMPL),
        ),
      ];
    notes.push({
      status: 'warn',
      message: t(
        'Offline image: read the local Group Policy template; a domain policy may override it.',
        'オフラインのイメージのため、ローカル グループ ポリシーのテンプレートを読みました。' +
          'ドメインのポリシーで上書きされている場合があります。',
      ),
      location: GPTTMPL_PATH,
      evidence,
    });
  }
  const sa = systemAccess(inf);
  const complexity = sa.get('passwordcomplexity');
  return {
    minLength: sa.get('minimumpasswordlength'),
    threshold: sa.get('lockoutbadcount'),
    durationMinutes: sa.get('lockoutduration'),
    complexity:
      complexity === undefined
        ? undefined
        : complexity === 1
          ? {
              level: 'three-classes',
              why: t(`PasswordComplexity = 1 (${THREE_CLASSES.en})`, `PasswordComplexity = 1（${THREE_CLASSES.ja}）`),
            }
          : { level: 'none', why: t(`PasswordComplexity = ${complexity}`, `PasswordComplexity = ${complexity}`) },
    source,
    evidence,
    notes,
  };
}

function windowsScope(ev: Evidence, p: PasswordParams): ScopeAccount[] | undefined {
  const users = windowsUsers(ev);
  const adminsAns = ev.get(LOCAL_ADMINS);
  const samAdm = adminsAns.status === 'unsupported' ? samAdmins(ev) : undefined;
  if (!Array.isArray(users)) return undefined;
  let admins: Set<string>;
  if (samAdm instanceof Map) admins = new Set([...samAdm.keys()].map((n) => n.toLowerCase()));
  else if (adminsAns.status !== 'ok' || (adminsAns.exitCode ?? 0) !== 0) return undefined;
  else admins = new Set(parseAdmins(adminsAns.data ?? '').map((m) => m.name.toLowerCase()));
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

/** The password and lockout policy from the PAM stack and its config files, or the findings that say why not. */
function linuxPolicy(ev: Evidence): PolicyFacts | Finding[] {
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
            evidence: keysOf(...PAM_FILES),
          }
        : cannotRead(t('the PAM configuration', 'PAM の設定'), a, PAM_FILES[0]),
    ];
  }
  const evidence = keysOf(...PAM_FILES, PWQUALITY, FAILLOCK);
  const notes: Finding[] = [];
  const source = read.join(', ');

  // Length: module arguments override pwquality.conf, which drop-ins override.
  let minLength: number | undefined;
  let complexity: PolicyFacts['complexity'] = {
    level: 'none',
    why: t(
      'no pam_pwquality or pam_cracklib in the PAM password stack',
      'PAM の password スタックに pam_pwquality も pam_cracklib もありません',
    ),
  };
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
          details: { about: 'password', unread: dropins.unread.slice(0, MAX_ITEMS) },
        });
    }
    const pick = (k: string) => int(quality.args.get(k)) ?? int(conf.get(k));
    minLength = pick('minlen') ?? (quality.module === 'pam_pwquality.so' ? 8 : 9);
    for (const k of ['dcredit', 'ucredit', 'lcredit', 'ocredit']) {
      const c = pick(k);
      if (c !== undefined && c > 0) credits.push(c);
    }
    complexity = linuxComplexity(quality.module, pick);
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
        details: { about: 'password' },
      });
  }
  // What would hold the length and complexity was not read: a file of the password stack (when no quality module
  // was found in the others), or pwquality.conf (when pam_pwquality takes its settings from it).
  const stackFiles = PAM_FILES.filter((r) => r.kind === 'file' && !r.path.endsWith('common-auth'));
  const unreadStack = quality ? [] : unreadAmong(ev, stackFiles);
  const [unreadConf] = quality?.module === 'pam_pwquality.so' ? unreadAmong(ev, [PWQUALITY]) : [];
  const passwordUnread =
    unreadStack.length > 0
      ? notFoundButUnread(
          t('pam_pwquality or pam_cracklib in the PAM password stack', 'PAM の password スタックの pam_pwquality／pam_cracklib'),
          ev,
          unreadStack,
        )
      : unreadConf
        ? cannotRead(t('/etc/security/pwquality.conf', '/etc/security/pwquality.conf'), ev.get(unreadConf), unreadConf)
        : undefined;
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
        details: { about: 'password' },
      });
      minLength = effective;
    }
  }

  // Lockout: pam_faillock (faillock.conf, module args win) or legacy pam_tally2.
  let threshold: number | undefined;
  let durationMinutes: number | undefined;
  let lockoutUnread: Finding | undefined;
  const faillock = findModule(pam, 'pam_faillock.so', 'auth');
  const tally = findModule(pam, 'pam_tally2.so', 'auth');
  if (faillock) {
    // Module arguments win; else faillock.conf, else the module defaults. An unread faillock.conf leaves a value unknown.
    const confAnswer = ev.get(FAILLOCK);
    const confRead = isKnown(confAnswer);
    if (!confRead)
      lockoutUnread = cannotRead(t('/etc/security/faillock.conf', '/etc/security/faillock.conf'), confAnswer, FAILLOCK);
    const conf = iniSections(ev.text(FAILLOCK) ?? '').get('') ?? new Map<string, string>();
    const pick = (k: string, byDefault: number) =>
      int(faillock.args.get(k)) ?? (confRead ? (int(conf.get(k)) ?? byDefault) : undefined);
    threshold = pick('deny', 3);
    const unlock = pick('unlock_time', 600);
    durationMinutes = unlock === undefined ? undefined : unlock <= 0 ? -1 : Math.floor(unlock / 60);
  } else if (tally) {
    threshold = int(tally.args.get('deny')) ?? 0;
    const unlock = int(tally.args.get('unlock_time'));
    durationMinutes = unlock === undefined || unlock <= 0 ? -1 : Math.floor(unlock / 60);
  } else {
    // No lockout module in what was read; unknown when a file of the auth stack could not be read.
    const unreadAuth = PAM_FILES.find((r) => r.kind === 'file' && r.path.endsWith('auth') && !isKnown(ev.get(r)));
    if (unreadAuth) lockoutUnread = cannotRead(t('the PAM auth stack', 'PAM の auth 設定'), ev.get(unreadAuth), unreadAuth);
    else threshold = 0;
  }

  return {
    minLength,
    threshold,
    durationMinutes,
    complexity,
    source,
    evidence,
    notes,
    lockoutUnread,
    ...(passwordUnread ? { passwordUnread } : {}),
  };
}

/**
 * Whether pam_pwquality/pam_cracklib make a password mix letters and digits: a negative credit is a
 * required count of that class; `minclass` counts required classes of four (digits, upper, lower, other).
 * pwquality with `enforcing = 0` only warns.
 */
export function linuxComplexity(module: string, pick: (k: string) => number | undefined): PolicyFacts['complexity'] {
  const req = (k: string) => (pick(k) ?? 0) < 0;
  const set: string[] = [];
  for (const k of ['dcredit', 'ucredit', 'lcredit', 'ocredit', 'minclass']) {
    const v = pick(k);
    if (v !== undefined && v !== 0) set.push(`${k}=${v}`);
  }
  const said = set.length
    ? t(set.join(', '), set.join(', '))
    : t('no credit or minclass set', 'credit も minclass も設定されていません');
  if (module === 'pam_pwquality.so' && pick('enforcing') === 0)
    return {
      level: 'none',
      why: t(
        `pwquality enforcing = 0: weak passwords are only warned about (${said.en})`,
        `pwquality の enforcing = 0: 弱いパスワードは警告されるだけです（${said.ja}）`,
      ),
    };
  const minclass = pick('minclass') ?? 0;
  if (req('dcredit') && (req('ucredit') || req('lcredit'))) return { level: 'letters-and-digits', why: said };
  if (minclass >= 4) return { level: 'letters-and-digits', why: said };
  if (minclass === 3)
    return { level: 'three-classes', why: t(`${said.en} (three of four classes)`, `${said.ja}（4 種類のうち 3 種類）`) };
  const required = ['dcredit', 'ucredit', 'lcredit', 'ocredit'].filter(req).length;
  if (minclass === 2 || required >= 2) return { level: 'weak', why: said };
  return { level: 'none', why: said };
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
const PROFILE_D = dropIns('/etc/profile.d/*.sh');
const LOGIND: EvidenceRequest = { kind: 'file', path: '/etc/systemd/logind.conf', os: 'linux' };
const DCONF_D = dropIns('/etc/dconf/db/local.d/*');

const idleLock: Check<IdleParams> = {
  id: 'accounts.idle-lock',
  family: 'accounts',
  title: t('Idle sessions lock after 15 minutes', '15分操作がないとセッションがロックされる'),
  description: t(
    'Windows: the machine inactivity limit (InactivityTimeoutSecs) or a password-protected screen saver policy within the ' +
      'limit. Linux: a shell TMOUT, systemd-logind StopIdleSessionSec, or a GNOME idle-delay with lock-enabled within the ' +
      'limit. SSH ClientAlive settings are judged by the ssh.* checks. PCI DSS exempts cashier IDs from 8.2.8, but an idle ' +
      'lock on the operating system also protects admin, service and vendor sessions, so this check applies the limit ' +
      'system-wide.',
    'Windows：コンピューターの非アクティブ時間の上限（InactivityTimeoutSecs）か、' +
      'パスワード付きスクリーンセーバーのポリシーが上限以内か確認します。Linux：シェルの TMOUT、' +
      'systemd-logind の StopIdleSessionSec、GNOME の idle-delay と lock-enabled のいずれかが上限以内か確認します。' +
      'SSH の ClientAlive 設定は ssh.* の確認で判定します。PCI DSS 8.2.8 ではレジ担当者のIDは例外ですが、' +
      'OS のアイドルロックは管理者・サービス・ベンダーのセッションも守るため、この確認は端末全体に上限を求めます。',
  ),
  remediation: t(
    'Windows: set "Interactive logon: Machine inactivity limit" to 900 seconds or less. Linux: add `readonly TMOUT=900; ' +
      'export TMOUT` to /etc/profile.d/tmout.sh, and for desktops set GNOME idle-delay to 900 with lock-enabled=true.',
    'Windows：「対話型ログオン: コンピューターの非アクティブ状態の制限」を900秒以下にしてください。Linux：' +
      '/etc/profile.d/tmout.sh に `readonly TMOUT=900; export TMOUT` を追加し、デスクトップでは GNOME の idle-delay を900、' +
      'lock-enabled を true にしてください。',
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
  const evidence = keysOf(INACTIVITY, SCREENSAVER);
  const inactivity = a.status === 'ok' ? int(regValue(regValues(a), 'inactivitytimeoutsecs')) : undefined;
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
  const active = ss && regString(ss, 'screensaveactive')?.trim() === '1';
  const secure = ss && regString(ss, 'screensaverissecure')?.trim() === '1';
  const timeout = ss ? int(regString(ss, 'screensavetimeout')) : undefined;
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
    return [cannotRead(t('the machine inactivity limit', 'コンピューターの非アクティブ時間の上限'), a, INACTIVITY)];
  if (!isKnown(b)) return [cannotRead(t('the screen saver policy', 'スクリーンセーバーのポリシー'), b, SCREENSAVER)];
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
    return [cannotRead(t('the shell profile files', 'シェルのプロファイル'), ev.get(PROFILE_FILES[0]), PROFILE_FILES[0])];
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
  const evidence = keysOf(...PROFILE_FILES, PROFILE_D.glob, LOGIND, DCONF_D.glob);
  for (const f of out) f.evidence = evidence;
  if (out.some((f) => f.status === 'pass')) return out.filter((f) => f.status === 'pass');
  // A file or folder the account may not read could hold the timeout: no verdict from the rest.
  const unreadable = [...PROFILE_FILES, PROFILE_D.glob, LOGIND, DCONF_D.glob].filter((r) => !isKnown(ev.get(r)));
  const first = unreadable[0];
  if (first)
    return [
      ...out,
      cannotRead(
        t(
          `${unreadable.length} of the files that could set an idle timeout (${unreadable.map(locationOf).slice(0, 5).join(', ')})`,
          `アイドルタイムアウトを設定しうるファイルのうち${unreadable.length}件（${unreadable.map(locationOf).slice(0, 5).join('、')}）`,
        ),
        ev.get(first),
        keysOf(...unreadable),
        locationOf(first),
      ),
    ];
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
  dropIns('/etc/lightdm/lightdm.conf.d/*.conf'),
  dropIns('/etc/sddm.conf.d/*.conf'),
  dropIns('/etc/systemd/system/getty@tty1.service.d/*.conf'),
  dropIns('/etc/systemd/system/getty@.service.d/*.conf'),
];

const autologon: Check<AutologonParams> = {
  id: 'accounts.autologon-cleartext',
  family: 'accounts',
  title: t('No automatic logon with a stored cleartext password', '平文パスワードによる自動ログオンがない'),
  description: t(
    'Windows: Winlogon DefaultPassword (a cleartext password in the registry) fails; AutoAdminLogon without it (password ' +
      'in an LSA secret) is a warning unless the account is listed as an approved kiosk account. Linux: getty --autologin ' +
      'and display-manager automatic login (GDM, LightDM, SDDM); autologin as root fails. The password itself is never ' +
      'copied into the report.',
    'Windows：Winlogon の DefaultPassword（レジストリ内の平文パスワード）があれば不合格です。' +
      'DefaultPassword なしの AutoAdminLogon（パスワードは LSA シークレット）は、' +
      '承認済みのキオスク用アカウントとして登録されていない限り警告です。Linux：' +
      'getty の --autologin とディスプレイマネージャー（GDM、LightDM、SDDM）の自動ログインを確認し、' +
      'root の自動ログインは不合格です。パスワードそのものはレポートに載せません。',
  ),
  remediation: t(
    'Remove the DefaultPassword value from HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon. If the till ' +
      'must log on automatically, use a restricted kiosk account with Shell Launcher or Assigned Access, store the password ' +
      'as an LSA secret (Sysinternals Autologon), and list the account in allowedAutologonAccounts.',
    'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon の DefaultPassword を削除してください。' +
      '自動ログオンが必要な場合は、Shell Launcher や割り当てられたアクセスで制限したキオスク用アカウントを使い、' +
      'パスワードは LSA シークレット（Sysinternals Autologon）に保存し、そのアカウントを allowedAutologonAccounts ' +
      'に登録してください。',
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
  if (a.status !== 'ok') return [cannotRead(t('the Winlogon settings', 'Winlogon の設定'), a, WINLOGON)];
  const v = regValues(a);
  const evidence = keysOf(WINLOGON);
  const location = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
  const on = regString(v, 'autoadminlogon')?.trim() === '1';
  const user = clip(regString(v, 'defaultusername')?.trim() ?? '', 64);
  const password = regString(v, 'defaultpassword');
  const out: Finding[] = [];
  // Never quote the password or its length.
  if (password !== undefined && password !== '')
    out.push({
      status: 'fail',
      message: t(
        `A cleartext password is stored in Winlogon\\DefaultPassword${user ? ` for ${quoted(user)}` : ''}` +
          `${on ? ' and automatic logon is on' : ''}.`,
        `Winlogon\\DefaultPassword に平文のパスワードが保存されています${user ? `（${quoted(user)}）` : ''}` +
          `${on ? '。自動ログオンも有効です' : ''}。`,
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
          `Automatic logon is on for the approved kiosk account ${quoted(user)}, without a cleartext password.`,
          `承認済みのキオスク用アカウント ${quoted(user)} で自動ログオンが有効です（平文パスワードなし）。`,
        ),
        location,
        evidence,
      });
    else
      out.push({
        status: 'warn',
        message: t(
          `Automatic logon is on for ${quoted(user || '(unnamed)')} (password not in cleartext). Anyone at the till gets ` +
            `this session without a password.`,
          `${quoted(user || '(名前なし)')} で自動ログオンが有効です（パスワードは平文ではありません）。` +
            `レジの前にいる人は誰でもパスワードなしでこのセッションを使えます。`,
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
  const evidence = keysOf(...DM_FILES, ...AUTOLOGIN_DIRS.flatMap((d) => [d.glob]));
  if (!DM_FILES.some((r) => isKnown(ev.get(r))))
    return [cannotRead(t('the login configuration', 'ログインの設定'), ev.get(DM_FILES[0]), DM_FILES[0])];
  const found: Array<{ user: string; where: string; how: string }> = [];
  const unread: string[] = [];
  const files = new Map<string, string>();
  for (const r of DM_FILES) {
    const text = ev.text(r);
    if (text !== undefined && r.kind === 'file') files.set(r.path, text);
  }
  // A file or folder that exists but could not be read may hold the automatic login: never a pass.
  const denied = DM_FILES.filter((r) => !isKnown(ev.get(r)));
  for (const d of AUTOLOGIN_DIRS) {
    const got = readDropIns(ev, d);
    for (const [k, v] of got.files) files.set(k, v);
    unread.push(...got.unread);
    if (got.failed && got.failed.status !== 'unsupported') denied.push(d.glob);
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
          `${f.how} logs in the approved kiosk account ${quoted(user)} automatically (no password is stored).`,
          `${f.how} が承認済みのキオスク用アカウント ${quoted(user)} で自動ログインします（パスワードは保存されません）。`,
        ),
        location: f.where,
        evidence,
      });
    else
      out.push({
        status: 'warn',
        message: t(
          `${f.how} logs in ${quoted(user)} automatically: anyone at the till gets this session without a password.`,
          `${f.how} が ${quoted(user)} で自動ログインします。レジの前にいる人は誰でもパスワードなしでこのセッションを使えます。`,
        ),
        location: f.where,
        evidence,
      });
  }
  if (out.length > 0) return out;
  const first = denied[0];
  if (first)
    return [
      {
        ...cannotRead(t('the login configuration', 'ログインの設定'), ev.get(first), first),
        message: t(
          `No automatic login in the files read, but ${denied.length} could not be read ` +
            `(${clip(denied.map(locationOf).join(', '))}): ${reasonOf(ev.get(first))}.`,
          `読めたファイルに自動ログインはありませんが、${denied.length}` +
            `件を読み取れませんでした（${clip(denied.map(locationOf).join(', '))}）: ${reasonTextOf(ev.get(first)).ja}。`,
        ),
        evidence,
      },
    ];
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
const SUDOERS_D = dropIns('/etc/sudoers.d/*');

const localAdmins: Check<AdminParams> = {
  id: 'accounts.local-admins',
  family: 'accounts',
  title: t('Local administrators are few and known', 'ローカル管理者が少数で把握されている'),
  description: t(
    'Lists members of the built-in Administrators group (Windows, by SID S-1-5-32-544) or of root, sudo, wheel and admin ' +
      'and sudoers user rules (Linux). Fails when there are more than maxMembers, or when a forbidden name or a cashier ' +
      'account is among them.',
    '組み込みの Administrators グループ（Windows、SID S-1-5-32-544）、または root・sudo・wheel・' +
      'admin グループと sudoers のユーザー指定（Linux）のメンバーを一覧にします。maxMembers を超える場合や、禁止された名前・' +
      'レジ担当者のアカウントが含まれる場合は不合格です。',
  ),
  remediation: t(
    'Remove accounts that do not need administrator rights (`net localgroup Administrators name /delete`; Linux: `gpasswd ' +
      '-d name sudo`), and never give cashier or POS application accounts administrator rights.',
    '管理者権限が不要なアカウントを外してください（`net localgroup Administrators 名前 /delete`、Linux は `gpasswd ' +
      '-d 名前 sudo`）。レジ担当者や POS アプリのアカウントには管理者権限を与えないでください。',
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
  requests: () => [LOCAL_ADMINS, SAM_ADMINS, SAM_USERS, SAM_ACCOUNT, PASSWD, GROUP, SUDOERS, SUDOERS_D.glob],
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
  if (a.status === 'unsupported') {
    // Offline image: the SAM hive's Administrators alias lists the members (checks/accounts/sam-offline.ts).
    const sam = samAdmins(ev);
    if (sam instanceof Map) return [sam, [], keysOf(SAM_ADMINS, SAM_USERS, SAM_ACCOUNT)];
    return needsRunningSystem(
      t('The Administrators group membership (held in the SAM hive)', 'Administrators グループのメンバー（SAM ハイブ内）'),
      SAM_PROCEDURE,
      keysOf(LOCAL_ADMINS, SAM_ADMINS),
    );
  }
  if (a.status !== 'ok' || (a.exitCode ?? 0) !== 0)
    return cannotRead(
      t('the Administrators group', 'Administrators グループ'),
      a.status === 'ok' ? { ...a, status: 'error', reason: clip(a.data || a.stderr || 'the command failed') } : a,
      LOCAL_ADMINS,
    );
  if (!/^group\t/m.test(a.data ?? ''))
    return {
      status: 'error',
      message: t(
        'The Administrators group listing could not be parsed.',
        'Administrators グループの一覧を解析できませんでした。',
      ),
      evidence: keysOf(LOCAL_ADMINS),
    };
  const members = new Map<string, string>();
  for (const m of parseAdmins(a.data ?? '', ctx.platform.hostname))
    members.set(m.name, m.domain ? `domain principal ${m.path}` : 'local');
  return [members, [], keysOf(LOCAL_ADMINS)];
}

function adminsLinux(ev: Evidence): AdminList | Finding {
  const passwdText = ev.text(PASSWD);
  const groupText = ev.text(GROUP);
  if (passwdText === undefined) return cannotRead(t('the account list', 'アカウント一覧'), ev.get(PASSWD), PASSWD);
  if (groupText === undefined) return cannotRead(t('the group list', 'グループ一覧'), ev.get(GROUP), GROUP);
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
        `/etc/sudoers を読めませんでした（${reasonTextOf(sa).ja}）。そこで権限を与えられたアカウントは数えていません。` +
          `root で実行してください。`,
      ),
      location: '/etc/sudoers',
      evidence: keysOf(SUDOERS),
    });
  // Accounts given rights in a sudoers.d the account cannot list are not counted: never a pass.
  const notListed = cannotList(t('the sudoers drop-in folder', 'sudoers の追加設定フォルダー'), dropins, SUDOERS_D);
  if (notListed) notes.push(notListed);
  if (dropins.unread.length > 0)
    notes.push({
      status: 'error',
      message: t(
        `Could not read ${dropins.unread.length} file(s) in /etc/sudoers.d: accounts given rights there are not counted.`,
        `/etc/sudoers.d の${dropins.unread.length}件のファイルを読めませんでした。そこで権限を与えられたアカウントは数えていません。`,
      ),
      details: { unread: dropins.unread.slice(0, MAX_ITEMS) },
      evidence: keysOf(SUDOERS_D.glob),
    });
  return [members, notes, keysOf(PASSWD, GROUP, SUDOERS, SUDOERS_D.glob)];
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
          `${quoted(name)} has administrator rights but must not.`,
          `${quoted(name)} が管理者権限を持っていますが、持たせてはいけません。`,
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

export const checks: AnyCheck[] = [defaultDisabled, passwordPolicy, lockout, idleLock, autologon, localAdmins];
