/** Time synchronisation (PCI 10.6.1, 10.6.2; POS 方針8): a time service is configured, its sources named and designated. */
import type { Evidence, EvidenceRequest } from '../../core/evidence.js';
import type { AnyCheck, Check, CheckContext, Finding } from '../../core/model.js';
import { t } from '../../core/i18n.js';
import { isKnown, keysOf, locationOf } from '../kit/answers.js';
import { iniSections, wildcard } from '../kit/config.js';
import { cannotList, dropIns, readDropIns } from '../kit/dropins.js';
import { cannotRead, osOf, UNKNOWN_OS } from '../kit/findings.js';
import { regString, regValues } from '../kit/registry.js';
import { clip, MAX_ITEMS, quoted } from '../kit/text.js';

interface TimeParams {
  designatedServers: string[];
  allowPublicDefaults: boolean;
}

/** Vendor defaults that are not "designated central time sources" (PCI 10.6.2). */
const PUBLIC_DEFAULTS = [
  '*.pool.ntp.org',
  'pool.ntp.org',
  'ntp.ubuntu.com',
  '*.ntp.ubuntu.com',
  'time.windows.com',
  'time.nist.gov',
  'time.google.com',
  'time.apple.com',
  '*.fedora.pool.ntp.org',
];

const W32TIME: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters',
  os: 'windows',
};
const W32TIME_POLICY: EvidenceRequest = {
  kind: 'registry',
  key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\W32Time\\Parameters',
  os: 'windows',
};
const W32TM_SOURCE: EvidenceRequest = {
  kind: 'command',
  name: 'w32tm /query /source',
  os: 'windows',
  command: { ps: 'w32tm /query /source' },
};
const CONF_FILES: EvidenceRequest[] = [
  '/etc/chrony/chrony.conf',
  '/etc/chrony.conf',
  '/etc/systemd/timesyncd.conf',
  '/etc/ntp.conf',
  '/etc/ntpsec/ntp.conf',
  '/etc/openntpd/ntpd.conf',
].map((path) => ({ kind: 'file', path, os: 'linux' }));
const CHRONY_D = dropIns('/etc/chrony/sources.d/*.sources');
const CHRONY_CONF_D = dropIns('/etc/chrony/conf.d/*.conf');
const TIMESYNCD_D = dropIns('/etc/systemd/timesyncd.conf.d/*.conf');
const ENABLED: EvidenceRequest[] = [
  '/etc/systemd/system/multi-user.target.wants/chrony*.service',
  '/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service',
  '/etc/systemd/system/multi-user.target.wants/ntp*.service',
].map((pattern) => ({ kind: 'glob', pattern, os: 'linux' }));
const TIMEDATECTL: EvidenceRequest = {
  kind: 'command',
  name: 'timedatectl show',
  os: 'linux',
  command: { sh: 'LC_ALL=C timedatectl show' },
};

const syncConfigured: Check<TimeParams> = {
  id: 'time.sync-configured',
  family: 'time',
  title: t('The clock is synchronised from designated time servers', '指定された時刻サーバーと時刻を同期している'),
  description: t(
    'Windows: W32Time type (NTP or domain hierarchy, not NoSync) and its NtpServer list (policy over local), and the ' +
      'current source (live). Linux: chrony, systemd-timesyncd or ntpd configured and enabled, with the servers named; live, ' +
      'timedatectl says the clock is synchronised. Public vendor defaults (pool.ntp.org, time.windows.com…) are a warning ' +
      'unless allowPublicDefaults; with designatedServers set, every server must be one of them.',
    'Windows：W32Time の種類（NTP かドメイン階層で、NoSync ではない）と NtpServer（ポリシー優先）、現在の同期元（ライブ）' +
      'を確認します。Linux：chrony、systemd-timesyncd、ntpd のいずれかが設定・有効化され、サーバーが明示されていること、' +
      'ライブでは timedatectl が同期済みと示すことを確認します。公開の既定値（pool.ntp.org、time.windows.com など）' +
      'は allowPublicDefaults を有効にしない限り警告です。designatedServers を指定すると、' +
      'すべてのサーバーがその中にある必要があります。',
  ),
  remediation: t(
    'Point the terminal at the store or head-office time servers. Windows: `w32tm /config ' +
      '/manualpeerlist:"ntp1.example,0x8" /syncfromflags:manual /update` (or Group Policy > Windows Time Service). Linux: ' +
      '`server ntp1.example iburst` in /etc/chrony/chrony.conf (or `NTP=` in /etc/systemd/timesyncd.conf) and enable the ' +
      'service.',
    '店舗または本部の時刻サーバーを指定してください。Windows：`w32tm /config /manualpeerlist:"ntp1.example,0x8" ' +
      '/syncfromflags:manual /update`（またはグループ ポリシー ＞ Windows タイム サービス）。Linux：' +
      '/etc/chrony/chrony.conf に `server ntp1.example iburst`（または /etc/systemd/timesyncd.conf に `NTP=`）を書き、' +
      'サービスを有効にしてください。',
  ),
  platforms: ['linux', 'windows'],
  severity: 'medium',
  params: {
    type: 'object',
    properties: {
      designatedServers: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'Approved time servers (wildcards allowed); empty accepts any non-default server.',
      },
      allowPublicDefaults: {
        type: 'boolean',
        default: false,
        description: 'Accept vendor default public servers (pool.ntp.org, time.windows.com…).',
      },
    },
    additionalProperties: false,
  },
  requests: () => [
    W32TIME,
    W32TIME_POLICY,
    W32TM_SOURCE,
    ...CONF_FILES,
    CHRONY_D.glob,
    CHRONY_CONF_D.glob,
    TIMESYNCD_D.glob,
    ...ENABLED,
    TIMEDATECTL,
  ],
  evaluate(ev, ctx) {
    const os = osOf(ctx);
    if (!os) return [UNKNOWN_OS];
    return os === 'windows' ? timeWindows(ev, ctx) : timeLinux(ev, ctx);
  },
};

function judgeServers(servers: string[], via: string, p: TimeParams, evidence: string[], location?: string): Finding {
  const list = servers.slice(0, 20).map((s) => clip(s, 100));
  const shown = list.join(', ');
  if (p.designatedServers.length > 0) {
    const stray = list.filter((s) => !p.designatedServers.some((d) => wildcard(d, s)));
    if (stray.length > 0)
      return {
        status: 'fail',
        message: t(
          `${via} uses time servers that are not designated: ${stray.join(', ')}.`,
          `${via} が指定外の時刻サーバーを使っています：${stray.join('、')}。`,
        ),
        evidence,
        location,
        details: { servers: list },
      };
    return {
      status: 'pass',
      message: t(
        `${via} synchronises from designated servers: ${shown}.`,
        `${via} は指定された時刻サーバーと同期しています：${shown}。`,
      ),
      evidence,
      location,
      details: { servers: list },
    };
  }
  if (!p.allowPublicDefaults && list.every((s) => PUBLIC_DEFAULTS.some((d) => wildcard(d, s))))
    return {
      status: 'warn',
      message: t(
        `${via} uses only vendor default public servers (${shown}); PCI 10.6.2 wants designated central time sources.`,
        `${via} は公開の既定サーバー（${shown}）だけを使っています。PCI 10.6.2 は指定された中央の時刻源を求めます。`,
      ),
      evidence,
      location,
      details: { servers: list },
    };
  return {
    status: 'pass',
    message: t(`${via} synchronises from ${shown}.`, `${via} は ${shown} と同期しています。`),
    evidence,
    location,
    details: { servers: list },
  };
}

function timeWindows(ev: Evidence, ctx: CheckContext<TimeParams>): Finding[] {
  const local = ev.get(W32TIME);
  const policy = ev.get(W32TIME_POLICY);
  if (local.status !== 'ok' && local.status !== 'missing')
    return [cannotRead(t('the Windows Time settings', 'Windows タイムの設定'), local, W32TIME)];
  if (!isKnown(policy)) return [cannotRead(t('the Windows Time policy', 'Windows タイムのポリシー'), policy, W32TIME_POLICY)];
  const lv = regValues(local);
  const pv = regValues(policy);
  const type = (regString(pv, 'type') ?? regString(lv, 'type') ?? '').trim();
  const servers = (regString(pv, 'ntpserver') ?? regString(lv, 'ntpserver') ?? '')
    .split(/[\s]+/)
    .map((s) => s.split(',')[0].trim())
    .filter((s) => /^[A-Za-z0-9._:-]{1,253}$/.test(s));
  const evidence = keysOf(W32TIME, W32TIME_POLICY, W32TM_SOURCE);
  const location = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters';
  const out: Finding[] = [];
  if (!type)
    return [
      {
        status: 'error',
        message: t(
          'The Windows Time service has no Type setting (the service may be missing).',
          'Windows タイム サービスに Type の設定がありません（サービスがない可能性があります）。',
        ),
        location,
        evidence,
      },
    ];
  if (/^nosync$/i.test(type))
    return [
      {
        status: 'fail',
        message: t(
          'Windows Time is set not to synchronise (Type=NoSync).',
          'Windows タイムが同期しない設定です（Type=NoSync）。',
        ),
        location,
        evidence,
      },
    ];
  if (/^nt5ds$/i.test(type) && ctx.params.designatedServers.length > 0)
    out.push({
      status: 'manual',
      message: t(
        'Windows Time follows the domain hierarchy (Type=NT5DS): the source is a domain controller, which ' +
          'designatedServers cannot name. Confirm that the domain takes its time from the designated servers.',
        'Windows タイムはドメイン階層に従います（Type=NT5DS）。同期元はドメイン コントローラーで、' +
          'designatedServers では指定できません。ドメインが指定された時刻サーバーから時刻を得ていることを確認してください。',
      ),
      location,
      evidence,
    });
  else if (/^nt5ds$/i.test(type))
    out.push({
      status: 'pass',
      message: t(
        'Windows Time follows the domain hierarchy (Type=NT5DS): the source is a domain controller.',
        'Windows タイムはドメイン階層に従います（Type=NT5DS）。同期元はドメイン コントローラーです。',
      ),
      location,
      evidence,
    });
  else if (servers.length === 0)
    out.push({
      status: 'fail',
      message: t(
        `Windows Time (Type=${quoted(type)}) has no NtpServer configured.`,
        `Windows タイム（Type=${quoted(type)}）に NtpServer が設定されていません。`,
      ),
      location,
      evidence,
    });
  else out.push(judgeServers(servers, 'Windows Time', ctx.params, evidence, location));
  const src = ev.get(W32TM_SOURCE);
  const source = src.status === 'ok' ? (src.data ?? '').trim().split(/\r?\n/)[0] : undefined;
  if (source !== undefined && /Local CMOS Clock|Free-running System Clock/i.test(source))
    out.push({
      status: 'fail',
      message: t(
        `Windows Time is not synchronising: the current source is ${quoted(source)}.`,
        `Windows タイムが同期していません。現在の同期元は ${quoted(source)} です。`,
      ),
      evidence,
    });
  return out;
}

function timeLinux(ev: Evidence, ctx: CheckContext<TimeParams>): Finding[] {
  const chrony = readDropIns(
    ev,
    CHRONY_D,
    CONF_FILES.filter((r) => r.kind === 'file' && r.path.includes('chrony')),
  );
  const chronyConf = readDropIns(ev, CHRONY_CONF_D);
  const tsd = readDropIns(
    ev,
    TIMESYNCD_D,
    CONF_FILES.filter((r) => r.kind === 'file' && r.path.includes('timesyncd')),
  );
  const ntp = CONF_FILES.filter((r) => r.kind === 'file' && /ntp/.test(r.path) && !r.path.includes('timesyncd'));
  const evidence = keysOf(...CONF_FILES, CHRONY_D.glob, TIMESYNCD_D.glob, ...ENABLED, TIMEDATECTL);
  if (!CONF_FILES.some((r) => isKnown(ev.get(r))))
    return [cannotRead(t('the time service configuration', '時刻同期サービスの設定'), ev.get(CONF_FILES[0]), CONF_FILES[0])];
  const enabled = (i: number) => {
    const a = ev.get(ENABLED[i]);
    return a.status === 'ok' ? (a.entries ?? []).length > 0 : undefined;
  };
  const services: Array<{
    via: string;
    servers: string[];
    enabled?: boolean;
    where: string;
    /** A file that could hold the servers but could not be read (timesyncd with no NTP= found). */
    unread?: EvidenceRequest;
    unreadFiles?: string[];
    /** A drop-in folder not listed, or drop-in files not read: servers there could change any verdict but a proven fail. */
    dropInsUnread?: Finding;
  }> = [];
  const chronyServers: string[] = [];
  for (const text of [...chrony.files.values(), ...chronyConf.files.values()])
    for (const m of text.matchAll(/^\s*(?:server|pool|peer)\s+(\S+)/gm)) chronyServers.push(m[1]);
  const chronyNotListed =
    cannotList(t('the chrony drop-in folder', 'chrony の追加設定フォルダー'), chrony, CHRONY_D) ??
    cannotList(t('the chrony drop-in folder', 'chrony の追加設定フォルダー'), chronyConf, CHRONY_CONF_D);
  const chronyUnreadFiles = [...chrony.unread, ...chronyConf.unread];
  const n = chronyUnreadFiles.length;
  const shown = chronyUnreadFiles.slice(0, 5);
  const chronyUnread: Finding | undefined =
    chronyNotListed ??
    (n > 0
      ? {
          status: 'error',
          message: t(
            `Could not read ${n} chrony drop-in file(s) (${shown.join(', ')}): servers there could change the verdict.`,
            `chrony の追加設定ファイル ${n} 件（${shown.join('、')}）を読み取れませんでした。` +
              `そこにあるサーバーで判定が変わる可能性があります。`,
          ),
          location: chronyUnreadFiles[0],
          evidence: keysOf(CHRONY_D.glob, CHRONY_CONF_D.glob),
          details: { unread: chronyUnreadFiles.slice(0, MAX_ITEMS) },
        }
      : undefined);
  if (chrony.files.size > 0)
    services.push({
      via: 'chrony',
      servers: chronyServers,
      enabled: enabled(0),
      where: [...chrony.files.keys()][0],
      dropInsUnread: chronyUnread,
    });
  const tsdServers: string[] = [];
  let tsdFallback: string[] = [];
  for (const text of tsd.files.values()) {
    const sec = iniSections(text).get('time');
    const n = sec?.get('ntp');
    if (n) tsdServers.push(...n.split(/\s+/).filter(Boolean));
    const f = sec?.get('fallbackntp');
    if (f) tsdFallback = f.split(/\s+/).filter(Boolean);
  }
  // With no NTP= found, a timesyncd file that could not be read may hold it: the servers are not known.
  const tsdFiles = CONF_FILES.filter((r) => r.kind === 'file' && r.path.includes('timesyncd'));
  const tsdUnread = [...tsdFiles, ...(tsd.failed ? [TIMESYNCD_D.glob] : [])].find((r) => !isKnown(ev.get(r)));
  if (tsd.files.size > 0 || enabled(1))
    services.push({
      via: 'systemd-timesyncd',
      servers: tsdServers.length ? tsdServers : tsdFallback.length ? tsdFallback : ['(built-in fallback servers)'],
      enabled: enabled(1),
      where: '/etc/systemd/timesyncd.conf',
      unread: tsdServers.length ? undefined : tsdUnread,
      unreadFiles: tsdServers.length ? [] : tsd.unread,
    });
  for (const r of ntp) {
    const text = ev.text(r);
    if (text === undefined || r.kind !== 'file') continue;
    const servers = [...text.matchAll(/^\s*(?:server|pool|peer|servers)\s+(\S+)/gm)].map((m) => m[1]);
    services.push({ via: 'ntpd', servers, enabled: enabled(2), where: r.path });
  }
  const live = ev.get(TIMEDATECTL);
  const liveProps =
    live.status === 'ok' && live.exitCode === 0
      ? new Map(
          (live.data ?? '').split('\n').map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1).trim()] as [string, string]),
        )
      : undefined;
  const active = services.filter((s) => s.enabled !== false);
  if (active.length === 0) {
    // A configuration file, drop-in folder or enablement link the account may not read could hold the
    // service: say so rather than "none configured".
    const unreadable = [...CONF_FILES, CHRONY_D.glob, CHRONY_CONF_D.glob, TIMESYNCD_D.glob, ...ENABLED].filter(
      (r) => !isKnown(ev.get(r)),
    );
    const first = unreadable[0];
    if (first)
      return [
        cannotRead(
          t(
            `${unreadable.length} of the time service settings (${unreadable.map(locationOf).slice(0, 5).join(', ')})`,
            `時刻同期サービスの設定のうち${unreadable.length}件（${unreadable.map(locationOf).slice(0, 5).join('、')}）`,
          ),
          ev.get(first),
          keysOf(...unreadable),
          locationOf(first),
        ),
      ];
    const unread = [...chrony.unread, ...tsd.unread];
    if (unread.length > 0)
      return [
        {
          status: 'manual',
          message: t(
            'No enabled time service was found in the files read; some drop-in files could not be read offline.',
            '読めたファイルには有効な時刻同期サービスがなく、一部の追加設定ファイルはオフラインでは読めませんでした。',
          ),
          details: { unread: unread.slice(0, MAX_ITEMS) },
          evidence,
        },
      ];
    if (liveProps?.get('NTP') === 'yes')
      return [
        {
          status: 'error',
          message: t(
            'timedatectl reports NTP on, but no known time service configuration was found to name the source.',
            'timedatectl は NTP 有効と示していますが、同期元を示す設定が見つかりませんでした。',
          ),
          evidence,
        },
      ];
    return [
      {
        status: 'fail',
        message: t(
          'No time synchronisation service (chrony, systemd-timesyncd, ntpd) is configured and enabled.',
          '時刻同期サービス（chrony、systemd-timesyncd、ntpd）が設定・有効化されていません。',
        ),
        evidence,
      },
    ];
  }
  const out: Finding[] = [];
  for (const s of active) {
    const before = out.length;
    if (s.unread)
      out.push(
        cannotRead(
          t(`the ${s.via} configuration`, `${s.via} の設定`),
          ev.get(s.unread),
          keysOf(...CONF_FILES, TIMESYNCD_D.glob),
          s.where,
        ),
      );
    else if (s.unreadFiles?.length)
      out.push({
        status: 'error',
        message: t(
          `${s.via} has no NTP= in the files read; ${s.unreadFiles.length} drop-in file(s) could not be read ` +
            `(${s.unreadFiles.slice(0, 5).join(', ')}).`,
          `${s.via} の読めたファイルには NTP= がなく、追加設定ファイル ${s.unreadFiles.length}` +
            ` 件（${s.unreadFiles.slice(0, 5).join('、')}）を読み取れませんでした。`,
        ),
        location: s.where,
        evidence,
      });
    else if (s.servers.length === 0)
      out.push({
        status: 'fail',
        message: t(`${s.via} has no time server configured.`, `${s.via} に時刻サーバーが設定されていません。`),
        location: s.where,
        evidence,
      });
    else if (s.servers[0] === '(built-in fallback servers)' && ctx.params.designatedServers.length > 0)
      out.push({
        status: 'fail',
        message: t(
          'systemd-timesyncd has no NTP= servers and uses the distribution’s built-in fallback servers, not the designated ones.',
          'systemd-timesyncd に NTP= の指定がなく、' +
            '指定された時刻サーバーではなくディストリビューション組み込みの予備サーバーを使っています。',
        ),
        location: s.where,
        evidence,
      });
    else if (s.servers[0] === '(built-in fallback servers)')
      out.push({
        status: ctx.params.allowPublicDefaults ? 'pass' : 'warn',
        message: t(
          'systemd-timesyncd has no NTP= servers and uses the distribution’s built-in fallback servers.',
          'systemd-timesyncd に NTP= の指定がなく、ディストリビューション組み込みの予備サーバーを使っています。',
        ),
        location: s.where,
        evidence,
      });
    else out.push(judgeServers(s.servers, s.via, ctx.params, evidence, s.where));
    // Servers read that are not designated fail whatever the unread drop-ins hold; anything else they could change.
    const proven = s.servers.length > 0 && out[before]?.status === 'fail';
    if (s.dropInsUnread && !proven) out.splice(before, out.length - before, s.dropInsUnread);
  }
  if (active.length > 1)
    out.push({
      status: 'warn',
      message: t(
        `More than one time service is enabled (${active.map((s) => s.via).join(', ')}); they can fight over the clock.`,
        `複数の時刻同期サービスが有効です（${active.map((s) => s.via).join('、')}）。互いに時刻を取り合うことがあります。`,
      ),
      evidence,
    });
  if (liveProps && liveProps.get('NTPSynchronized') === 'no')
    out.push({
      status: 'fail',
      message: t(
        'The clock is not synchronised right now (timedatectl: NTPSynchronized=no).',
        '現在、時刻が同期していません（timedatectl: NTPSynchronized=no）。',
      ),
      evidence,
    });
  return out;
}

/**
 * PCI 10.6.2: time comes from designated central sources. Which servers are designated is the
 * retailer's decision, so without `designatedServers` the check cannot pass: it lists the servers in
 * use and asks a person to confirm them (manual).
 */
const designatedSources: Check<TimeParams> = {
  ...syncConfigured,
  id: 'time.designated-sources',
  title: t('Time comes only from the designated time servers', '時刻を指定された時刻サーバーだけから得ている'),
  description: t(
    'PCI DSS 10.6.2: systems receive time only from designated central time sources. The servers the terminal uses ' +
      '(W32Time NtpServer or domain hierarchy; chrony, systemd-timesyncd or ntpd) must all be among designatedServers. With ' +
      'designatedServers empty the check cannot know which sources are designated: it lists the servers in use for a person ' +
      'to confirm (manual), and never passes.',
    'PCI DSS 10.6.2：システムは指定された中央の時刻源からのみ時刻を受け取ること。' +
      '端末が使う時刻サーバー（W32Time の NtpServer またはドメイン階層、chrony・systemd-timesyncd・ntpd）が、' +
      'すべて designatedServers に含まれている必要があります。designatedServers が空の場合は、' +
      'どれが指定された時刻源か分からないため、使用中のサーバーを一覧にして人による確認（手動確認）とし、合格にはしません。',
  ),
  remediation: t(
    'Name the designated time servers in the profile (params: time.designated-sources: designatedServers: [ntp1.example, ' +
      '…]) and point every terminal at them only; remove vendor defaults such as pool.ntp.org or time.windows.com.',
    'プロファイルで指定の時刻サーバーを指定し（params: time.designated-sources: designatedServers: [ntp1.example, …]）、' +
      'すべての端末がそれだけを使うようにしてください。pool.ntp.org や time.windows.com などの既定値は削除してください。',
  ),
  evaluate(ev, ctx) {
    const found = syncConfigured.evaluate(ev, ctx);
    if (ctx.params.designatedServers.length > 0) return found;
    // Errors and outright failures (no synchronisation at all) stand; anything else needs a person.
    if (found.some((f) => f.status === 'error' || f.status === 'fail'))
      return found.filter((f) => f.status === 'error' || f.status === 'fail');
    const servers = found.flatMap((f) => (Array.isArray(f.details?.servers) ? (f.details.servers as string[]) : []));
    const shown = servers.length > 0 ? servers.join(', ') : found.map((f) => f.message.en).join(' ');
    const shownJa = servers.length > 0 ? servers.join('、') : found.map((f) => f.message.ja).join('');
    return [
      {
        status: 'manual',
        message: t(
          `No designated time servers are configured for this check (designatedServers is empty), so it cannot tell ` +
            `whether the sources in use are the designated ones: ${shown}. Confirm them against the retailer's list, or set ` +
            `designatedServers.`,
          `このチェックに指定の時刻サーバーが設定されていない（designatedServers が空）ため、` +
            `使用中の時刻源が指定のものか判定できません: ${shownJa}。小売事業者の一覧と照合するか、` +
            `designatedServers を設定してください。`,
        ),
        evidence: found.flatMap((f) => f.evidence ?? []),
        location: found[0]?.location,
        details: servers.length > 0 ? { servers } : undefined,
      },
    ];
  },
};

export const checks: AnyCheck[] = [syncConfigured, designatedSources];
