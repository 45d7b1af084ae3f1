/** SSH server hardening: root login, password authentication, idle timeout. */
import { t, type Text } from '../../core/i18n.js';
import { reasonJa } from '../../core/reasons.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import type { Evidence } from '../../core/evidence.js';
import { SSHD_REQUESTS, sshdSettings, unknownSetting, type SshdSettings } from './sshd-config.js';
import { globalTimeout, PROFILE, PROFILE_D, shellChannelTimeout, shellTimeout, sshdSeconds, type ShellTimeout } from './idle.js';
import { reasonOf } from '../kit/answers.js';
import { cannotRead } from '../kit/findings.js';
import { clip, quoted } from '../kit/text.js';

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
          `SSH サーバーの設定を読めませんでした: ${reasonJa(r.reason)}`,
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

/**
 * `error` when `key` may be set in an Include'd drop-in folder that could not be read: sshd's
 * effective value is unknown, so neither the file's value nor the OpenSSH default can be judged.
 */
function unknownFrom(ev: Evidence, s: SshdSettings, key: string): Finding[] | undefined {
  const unread = unknownSetting(s, key.toLowerCase());
  if (!unread) return undefined;
  const f = cannotRead(
    t(
      `the SSH server drop-in folder (it may set ${key}, so sshd's effective value is unknown)`,
      `SSH サーバーの設定フォルダー（${key} を設定している可能性があり、sshd の実効値が分かりません）`,
    ),
    ev.get(unread),
    unread,
  );
  return [{ ...f, evidence: s.evidence }];
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
    'Direct root logins over SSH leave no trace of which person acted. PermitRootLogin should be "no"; administrators log ' +
      'in as themselves and elevate.',
    'SSH での root 直接ログインは、誰が操作したかの記録が残りません。PermitRootLogin は "no" とし、' +
      '管理者は個人アカウントでログインしてから権限を昇格します。',
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
      const unknown = unknownFrom(ev, s, 'PermitRootLogin');
      if (unknown) return unknown;
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
    'Password logins over SSH can be guessed from the store network. PasswordAuthentication and keyboard-interactive ' +
      'authentication should be off.',
    'SSH のパスワード認証は店舗ネットワークから推測攻撃を受けます。PasswordAuthentication とキーボードインタラクティブ認証を無効にします。',
  ),
  remediation: t(
    'Set "PasswordAuthentication no" and "KbdInteractiveAuthentication no" in sshd_config, make sure administrators have ' +
      'keys, then reload sshd.',
    'sshd_config に "PasswordAuthentication no" と "KbdInteractiveAuthentication no" を設定し、' +
      '管理者が鍵を持っていることを確認してから sshd を再読み込みしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: noParams,
  requests: () => SSHD_REQUESTS,
  evaluate: (ev, ctx) =>
    withSettings(ev, ctx, (s) => {
      const unknown = unknownFrom(ev, s, 'PasswordAuthentication');
      if (unknown) return unknown;
      const pw = (s.values.get('passwordauthentication') ?? 'yes').toLowerCase();
      const kbd = (
        s.values.get('kbdinteractiveauthentication') ??
        s.values.get('challengeresponseauthentication') ??
        (s.source === 'files' ? 'yes' : 'no')
      ).toLowerCase();
      const open: Text[] = [];
      if (pw !== 'no') {
        const note = sourceNote(s, 'passwordauthentication');
        open.push(t(`PasswordAuthentication ${pw} (${note.en})`, `PasswordAuthentication ${pw}（${note.ja}）`));
      }
      if (kbd !== 'no' && s.source === 'effective')
        open.push(t(`KbdInteractiveAuthentication ${kbd}`, `KbdInteractiveAuthentication ${kbd}`));
      if (open.length === 0)
        return [{ status: 'pass', message: t('Password authentication is off.', 'パスワード認証は無効です。') }];
      return [
        {
          status: 'fail',
          message: t(
            `SSH still accepts passwords: ${open.map((o) => o.en).join('; ')}.`,
            `SSH がまだパスワードを受け付けます: ${open.map((o) => o.ja).join('、')}。`,
          ),
        },
      ];
    }),
};

interface IdleParams {
  maxIdleSeconds: number;
}

/** What the login shell's TMOUT says, or why it could not be read (Linux only). */
function tmoutOf(ev: Evidence): { ok: true; value?: ShellTimeout } | { ok: false; reason: string } {
  const profile = ev.get(PROFILE);
  const dropins = ev.get(PROFILE_D);
  if (profile.status !== 'ok' && profile.status !== 'missing')
    return { ok: false, reason: `${PROFILE.path}: ${reasonOf(profile)}` };
  if (dropins.status !== 'ok') return { ok: false, reason: `${PROFILE_D.pattern}: ${reasonOf(dropins)}` };
  const files = [
    ...(profile.status === 'ok' ? [{ path: PROFILE.path, data: ev.text(PROFILE) ?? '' }] : []),
    ...ev.files(PROFILE_D),
  ];
  return { ok: true, value: shellTimeout(files) };
}

function judgeIdle(s: SshdSettings, ev: Evidence, ctx: CheckContext<IdleParams>): Finding[] {
  const max = ctx.params.maxIdleSeconds;
  const channel = s.values.get('channeltimeout');
  const shell = shellChannelTimeout(channel);
  const global = globalTimeout(channel);
  const interval = sshdSeconds(s.values.get('clientaliveinterval') ?? '0') ?? 0;
  const countMax = Number.parseInt(s.values.get('clientalivecountmax') ?? '3', 10);
  const unused = sshdSeconds(s.values.get('unusedconnectiontimeout') ?? 'none') ?? 0;
  const details = {
    channelTimeout: channel ? clip(channel) : null,
    unusedConnectionTimeout: unused || null,
    clientAliveInterval: interval,
    clientAliveCountMax: Number.isNaN(countMax) ? null : countMax,
  };
  const pass = (en: string, ja: string): Finding[] => [{ status: 'pass', message: t(en, ja), details }];
  // A drop-in that could not be read may set ChannelTimeout first: only a read-only TMOUT can still pass.
  const unknown = unknownFrom(ev, s, 'ChannelTimeout');
  if (shell && shell.seconds > 0 && shell.seconds <= max && !unknown)
    return pass(
      `sshd closes an idle interactive shell after ${shell.seconds} s (ChannelTimeout ${quoted(shell.entry)}, ` +
        `${sourceNote(s, 'channeltimeout').en}; limit ${max} s).`,
      `sshd は無操作の対話シェルを ${shell.seconds} 秒で閉じます（ChannelTimeout ${quoted(shell.entry)}、` +
        `${sourceNote(s, 'channeltimeout').ja}。上限 ${max} 秒）。`,
    );
  const tmout: ReturnType<typeof tmoutOf> = ctx.platform.os === 'linux' ? tmoutOf(ev) : { ok: true };
  const tm = tmout.ok ? tmout.value : undefined;
  if (tm && tm.readonly && tm.seconds > 0 && tm.seconds <= max)
    return pass(
      `The login shell logs an idle session out after ${tm.seconds} s (read-only TMOUT in ${tm.file}; limit ${max} s).`,
      `ログインシェルは無操作のセッションを ${tm.seconds} 秒でログアウトします（${tm.file} の読み取り専用 TMOUT。上限 ${max} 秒）。`,
    );
  if (unknown) return unknown;
  // Nothing that passes: say everything that was found and why it does not count.
  const en: string[] = [];
  const ja: string[] = [];
  let status: Finding['status'] = 'fail';
  if (shell && shell.seconds > max) {
    en.push(
      `ChannelTimeout ${quoted(shell.entry)} closes an idle shell only after ${shell.seconds} s, more than the ${max} s allowed`,
    );
    ja.push(
      `ChannelTimeout ${quoted(shell.entry)} で無操作のシェルが閉じるのは ${shell.seconds} 秒後で、上限 ${max} 秒を超えています`,
    );
  } else if (shell) {
    en.push(`ChannelTimeout ${quoted(shell.entry)} disables the timeout for interactive shells`);
    ja.push(`ChannelTimeout ${quoted(shell.entry)} は対話シェルのタイムアウトを無効にしています`);
  } else {
    en.push('no ChannelTimeout applies to interactive shells (session:shell)');
    ja.push('対話シェル（session:shell）に適用される ChannelTimeout がありません');
  }
  if (global && global.seconds > 0 && global.seconds <= max && !(shell && shell.seconds === 0)) {
    status = 'warn';
    en.push(
      `ChannelTimeout ${quoted(global.entry)} closes all channels after ${global.seconds} s without traffic, but only on ` +
        `OpenSSH 9.4 or later (older versions ignore it): confirm the version`,
    );
    ja.push(
      `ChannelTimeout ${quoted(global.entry)} は通信のないすべてのチャネルを ${global.seconds} 秒で閉じますが、OpenSSH ` +
        `9.4 以降でのみ有効です（それより前の版では無視されます）。版を確認してください`,
    );
  }
  if (ctx.platform.os === 'linux') {
    if (!tmout.ok) {
      en.push(`the shell timeout (TMOUT) could not be read: ${tmout.reason}`);
      ja.push(`シェルのタイムアウト（TMOUT）を読めませんでした: ${reasonJa(tmout.reason)}`);
      if (status === 'fail') status = 'error';
    } else if (!tm || tm.seconds === 0) {
      en.push('no TMOUT is set in /etc/profile or /etc/profile.d/*.sh');
      ja.push('/etc/profile と /etc/profile.d/*.sh に TMOUT の設定がありません');
    } else if (tm.seconds > max) {
      en.push(`TMOUT in ${tm.file} is ${tm.seconds} s, more than the ${max} s allowed`);
      ja.push(`${tm.file} の TMOUT は ${tm.seconds} 秒で、上限 ${max} 秒を超えています`);
    } else {
      if (status === 'fail') status = 'warn';
      en.push(`TMOUT=${tm.seconds} in ${tm.file} is not read-only, so any user can unset it`);
      ja.push(`${tm.file} の TMOUT=${tm.seconds} は読み取り専用ではないため、利用者が解除できます`);
    }
  }
  if (interval > 0) {
    en.push(
      countMax === 0
        ? `ClientAliveInterval ${interval} with ClientAliveCountMax 0 never disconnects anyone (a zero count disables termination)`
        : `ClientAliveInterval ${interval} × ClientAliveCountMax ${countMax} only disconnects a client that stopped ` +
            `answering; an idle but connected session stays open`,
    );
    ja.push(
      countMax === 0
        ? `ClientAliveInterval ${interval} と ClientAliveCountMax 0 では誰も切断されません（0 は切断を無効にします）`
        : `ClientAliveInterval ${interval} × ClientAliveCountMax ${countMax} は応答しなくなったクライアントを切断するだけで、` +
            `接続したまま放置されたセッションは閉じません`,
    );
  }
  const lead =
    status === 'warn'
      ? t('An idle SSH session may not be closed reliably', '放置された SSH セッションが確実に閉じられるとは限りません')
      : status === 'error'
        ? t(
            'Could not decide whether idle SSH sessions are closed',
            '放置された SSH セッションが閉じられるか判定できませんでした',
          )
        : t('Nothing closes an idle SSH session', '放置された SSH セッションを閉じる設定がありません');
  return [{ status, message: t(`${lead.en}: ${en.join('; ')}.`, `${lead.ja}: ${ja.join('。')}。`), details }];
}

export const idleTimeout: Check<IdleParams> = {
  id: 'ssh.idle-timeout',
  family: 'ssh',
  title: t('Idle SSH sessions are closed', '放置された SSH セッションを切断する'),
  description: t(
    'An SSH session left open on a terminal can be used by anyone. Something must close an idle session within the limit ' +
      "(15 minutes by default, PCI 8.2.8): sshd's ChannelTimeout for interactive shells (OpenSSH 9.2 or later) or a " +
      'read-only TMOUT in the login shell profile. ClientAliveInterval/ClientAliveCountMax do not count: they only ' +
      'disconnect clients that stopped answering, and a zero ClientAliveCountMax disables even that.',
    '開いたままの SSH セッションは誰でも使えてしまいます。無操作のセッションを上限時間内（既定 15 分、PCI 8.2.8）' +
      'に閉じる設定が必要です: sshd の対話シェル向け ChannelTimeout（OpenSSH 9.2 以降）、' +
      'またはログインシェルのプロファイルで読み取り専用にした TMOUT。ClientAliveInterval/ClientAliveCountMax ' +
      'は応答しなくなったクライアントを切断するだけなので対象外です（ClientAliveCountMax 0 はその切断さえ無効にします）。',
  ),
  remediation: t(
    'On OpenSSH 9.2 or later, set "ChannelTimeout session:*=15m" and "UnusedConnectionTimeout 15m" in /etc/ssh/sshd_config ' +
      '(before any Match block), check with "sshd -T | grep -i timeout", and reload sshd. On older OpenSSH, or in addition, ' +
      'create /etc/profile.d/tmout.sh with "TMOUT=900; readonly TMOUT; export TMOUT". ClientAliveInterval alone does not ' +
      'close an idle session.',
    'OpenSSH 9.2 以降では /etc/ssh/sshd_config に（Match ブロックより前に）"ChannelTimeout ' +
      'session:*=15m" と "UnusedConnectionTimeout 15m" を設定し、"sshd -T | grep -i ' +
      'timeout" で確認してから sshd を再読み込みしてください。それより古い OpenSSH では、または併せて、' +
      '/etc/profile.d/tmout.sh に "TMOUT=900; readonly TMOUT; export TMOUT" を記述してください。' +
      'ClientAliveInterval だけでは放置されたセッションは閉じません。',
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
  requests: () => [...SSHD_REQUESTS, PROFILE, PROFILE_D],
  evaluate: (ev, ctx) => withSettings(ev, ctx, (s) => judgeIdle(s, ev, ctx)),
};

export const checks: AnyCheck[] = [rootLogin, passwordAuth, idleTimeout];
