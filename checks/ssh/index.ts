/** SSH server hardening: root login, password authentication, idle timeout. */
import { t, type Text } from '../../core/i18n.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import type { Evidence } from '../../core/evidence.js';
import { SSHD_REQUESTS, sshdSettings, type SshdSettings } from './sshd-config.js';

function withSettings<P>(ev: Evidence, ctx: CheckContext<P>, judge: (s: SshdSettings) => Finding[]): Finding[] {
  const r = sshdSettings(ev, ctx.platform.os);
  if (!r.ok) {
    if (r.absent)
      return [
        {
          status: 'not-applicable',
          message: t(
            'No SSH server configuration found: no SSH server to harden.',
            'SSH サーバーの設定が見つかりません（対象の SSH サーバーがありません）。',
          ),
        },
      ];
    return [
      {
        status: 'error',
        message: t(
          `Could not read the SSH server configuration: ${r.reason}`,
          `SSH サーバーの設定を読めませんでした: ${r.reason}`,
        ),
      },
    ];
  }
  const findings = judge(r.settings);
  if (r.settings.hasMatch)
    for (const f of findings)
      if (f.status === 'pass')
        f.message = t(
          `${f.message.en} (Match blocks exist; check they do not loosen this.)`,
          `${f.message.ja}（Match ブロックがあります。ここで緩めていないか確認してください。）`,
        );
  return findings.map((f) => ({ location: r.settings.location, evidence: r.settings.evidence, ...f }));
}

function sourceNote(s: SshdSettings, key: string): Text {
  if (s.source === 'effective') return t('effective setting', '実効設定');
  return s.values.has(key) ? t('set explicitly', '明示的に設定') : t('not set: OpenSSH default', '未設定: OpenSSH の既定値');
}

const noParams = { type: 'object' as const, properties: {}, additionalProperties: false };

export const rootLogin: Check = {
  id: 'ssh.root-login-disabled',
  family: 'ssh',
  title: t('SSH does not accept root logins', 'SSH で root ログインを受け付けない'),
  description: t(
    'Direct root logins over SSH leave no trace of which person acted. PermitRootLogin should be "no"; administrators log in as themselves and elevate.',
    'SSH での root 直接ログインは、誰が操作したかの記録が残りません。PermitRootLogin は "no" とし、管理者は個人アカウントでログインしてから権限を昇格します。',
  ),
  remediation: t(
    'Set "PermitRootLogin no" in /etc/ssh/sshd_config (before any Match block) and reload sshd.',
    '/etc/ssh/sshd_config に "PermitRootLogin no" を（Match ブロックより前に）設定し、sshd を再読み込みしてください。',
  ),
  platforms: ['linux'],
  severity: 'high',
  params: noParams,
  requests: () => SSHD_REQUESTS,
  evaluate: (ev, ctx) =>
    withSettings(ev, ctx, (s) => {
      const v = (s.values.get('permitrootlogin') ?? 'prohibit-password').toLowerCase();
      const note = sourceNote(s, 'permitrootlogin');
      if (v === 'no')
        return [
          { status: 'pass', message: t(`PermitRootLogin is "no" (${note.en}).`, `PermitRootLogin は "no" です（${note.ja}）。`) },
        ];
      if (v === 'yes')
        return [
          {
            status: 'fail',
            message: t(
              `PermitRootLogin is "yes" (${note.en}): root can log in with a password.`,
              `PermitRootLogin が "yes" です（${note.ja}）。root がパスワードでログインできます。`,
            ),
          },
        ];
      return [
        {
          status: 'warn',
          message: t(
            `PermitRootLogin is "${v}" (${note.en}): root can still log in with a key.`,
            `PermitRootLogin が "${v}" です（${note.ja}）。鍵による root ログインが可能です。`,
          ),
        },
      ];
    }),
};

export const passwordAuth: Check = {
  id: 'ssh.password-auth-disabled',
  family: 'ssh',
  title: t('SSH accepts keys only, no passwords', 'SSH はパスワードではなく鍵で認証する'),
  description: t(
    'Password logins over SSH can be guessed from the store network. PasswordAuthentication and keyboard-interactive authentication should be off.',
    'SSH のパスワード認証は店舗ネットワークから推測攻撃を受けます。PasswordAuthentication とキーボードインタラクティブ認証を無効にします。',
  ),
  remediation: t(
    'Set "PasswordAuthentication no" and "KbdInteractiveAuthentication no" in sshd_config, make sure administrators have keys, then reload sshd.',
    'sshd_config に "PasswordAuthentication no" と "KbdInteractiveAuthentication no" を設定し、管理者が鍵を持っていることを確認してから sshd を再読み込みしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: noParams,
  requests: () => SSHD_REQUESTS,
  evaluate: (ev, ctx) =>
    withSettings(ev, ctx, (s) => {
      const pw = (s.values.get('passwordauthentication') ?? 'yes').toLowerCase();
      const kbd = (
        s.values.get('kbdinteractiveauthentication') ??
        s.values.get('challengeresponseauthentication') ??
        (s.source === 'files' ? 'yes' : 'no')
      ).toLowerCase();
      const open: string[] = [];
      if (pw !== 'no') open.push(`PasswordAuthentication ${pw} (${sourceNote(s, 'passwordauthentication').en})`);
      if (kbd !== 'no' && s.source === 'effective') open.push(`KbdInteractiveAuthentication ${kbd}`);
      if (open.length === 0)
        return [{ status: 'pass', message: t('Password authentication is off.', 'パスワード認証は無効です。') }];
      return [
        {
          status: 'fail',
          message: t(
            `SSH still accepts passwords: ${open.join('; ')}.`,
            `SSH がまだパスワードを受け付けます: ${open.join('; ')}。`,
          ),
        },
      ];
    }),
};

interface IdleParams {
  maxIdleSeconds: number;
}

export const idleTimeout: Check<IdleParams> = {
  id: 'ssh.idle-timeout',
  family: 'ssh',
  title: t('Idle SSH sessions are closed', '放置された SSH セッションを切断する'),
  description: t(
    'An SSH session left open on a terminal can be used by anyone. sshd should close idle sessions (ClientAliveInterval × ClientAliveCountMax) within the limit, 15 minutes by default (PCI 8.2.8).',
    '開いたままの SSH セッションは誰でも使えてしまいます。sshd が無操作のセッションを上限時間内（既定 15 分、PCI 8.2.8）に切断するよう ClientAliveInterval × ClientAliveCountMax を設定します。',
  ),
  remediation: t(
    'Set "ClientAliveInterval 300" and "ClientAliveCountMax 3" (15 minutes) in sshd_config and reload sshd.',
    'sshd_config に "ClientAliveInterval 300" と "ClientAliveCountMax 3"（15 分）を設定し、sshd を再読み込みしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      maxIdleSeconds: { type: 'integer', minimum: 60, default: 900, description: 'Longest allowed idle time in seconds.' },
    },
    additionalProperties: false,
  },
  requests: () => SSHD_REQUESTS,
  evaluate: (ev, ctx) =>
    withSettings(ev, ctx, (s) => {
      const interval = Number.parseInt(s.values.get('clientaliveinterval') ?? '0', 10) || 0;
      const count = Number.parseInt(s.values.get('clientalivecountmax') ?? '3', 10);
      const max = ctx.params.maxIdleSeconds;
      if (interval <= 0)
        return [
          {
            status: 'fail',
            message: t(
              `ClientAliveInterval is 0 (${sourceNote(s, 'clientaliveinterval').en}): idle sessions are never closed.`,
              `ClientAliveInterval が 0 です（${sourceNote(s, 'clientaliveinterval').ja}）。無操作のセッションが切断されません。`,
            ),
          },
        ];
      const total = interval * Math.max(count, 1);
      if (total > max)
        return [
          {
            status: 'fail',
            message: t(
              `Idle sessions are closed after ${total} s, more than the ${max} s allowed.`,
              `無操作のセッションが切断されるまで ${total} 秒で、上限 ${max} 秒を超えています。`,
            ),
          },
        ];
      return [
        {
          status: 'pass',
          message: t(
            `Idle sessions are closed after ${total} s (limit ${max} s).`,
            `無操作のセッションは ${total} 秒で切断されます（上限 ${max} 秒）。`,
          ),
        },
      ];
    }),
};

export const checks: AnyCheck[] = [rootLogin, passwordAuth, idleTimeout];
