import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checks,
  OSSEC_CONF,
  PROCESSES,
  SERVICES,
  TIMERS,
  TRIPWIRE_BIN,
  TRIPWIRE_DB,
  TRIPWIRE_POL,
  WIN_SERVICE_STATE,
} from './index.js';
import { aideRules, aideWatches, listWatches, syscheck, tripwirePolicy } from './parse.js';
import { Evidence, requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import type { CheckContext } from '../../core/model.js';
import { LocalTarget } from '../../targets/local.js';
import { allAnswered, defaultParams, evidenceOf, LINUX, missing, ok, run, WINDOWS } from '../../test/helpers/evidence.js';
import { statusOf, textOf } from '../../test/helpers/contract.js';
import { evaluateOnImage, HARDENED, imageGather } from '../../test/helpers/image.js';

const [fim] = checks;

/** Debian's aide-common, installed on this machine by .ci/run: its real aide.conf and 211 rule files. */
const AIDE_ETC = '/etc/aide';
const haveAide = existsSync(path.join(AIDE_ETC, 'aide.conf.d', '99_aide_root'));

describe('fim.monitoring on the files of Debian 12 aide-common (through the image target)', () => {
  let root = '';
  beforeAll(() => {
    if (!haveAide) throw new Error('aide-common is not installed (apt-get install aide-common; see .ci/run)');
    root = mkdtempSync(path.join(os.tmpdir(), 'posaudit-fim-'));
    for (const p of ['/etc/aide', '/etc/cron.daily/aide', '/lib/systemd/system/dailyaidecheck.timer'])
      cpSync(p, path.join(root, p), { recursive: true });
    mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
    writeFileSync(path.join(root, 'usr/bin/aide'), 'ELF stand-in: the image target only asks whether it exists\n');
    mkdirSync(path.join(root, 'etc/systemd/system/timers.target.wants'), { recursive: true });
    writeFileSync(path.join(root, 'etc/systemd/system/timers.target.wants/dailyaidecheck.timer'), '[Timer]\nOnCalendar=daily\n');
    writeFileSync(
      path.join(root, 'etc/os-release'),
      'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
    );
  });
  afterAll(() => root && rmSync(root, { recursive: true, force: true }));

  it('installed and scheduled by dailyaidecheck.timer, but never initialised: fail', async () => {
    const f = await evaluateOnImage(fim, root);
    expect(statusOf(f), textOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/AIDE is installed but has no baseline database in \/var\/lib\/aide/);
    expect(textOf(f)).toMatch(/runs from \/etc\/systemd\/system\/timers.target.wants\/dailyaidecheck.timer/);
    expect(textOf(f)).toMatch(/watches \/etc, \/bin, \/sbin, \/usr\/bin, \/usr\/sbin, \/boot/);
  });

  it('with a baseline database the stock rules (catch-all "/ 0 Full") cover the critical folders and the POS folder: pass', async () => {
    mkdirSync(path.join(root, 'var/lib/aide'), { recursive: true });
    writeFileSync(path.join(root, 'var/lib/aide/aide.db'), 'database stand-in\n');
    const f = await evaluateOnImage(fim, root, { params: { applicationPaths: ['/opt/pos'] } });
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/\/boot, \/opt\/pos/);
    const noApp = await evaluateOnImage(fim, root);
    expect(textOf(noApp)).toMatch(/POS application folder was not named/);
  });

  it('a rule file that excludes the POS folder makes it fail, naming the folder', async () => {
    writeFileSync(path.join(root, 'etc/aide/aide.conf.d/50_local_pos'), '# local\n!/opt/pos$\n');
    try {
      const f = await evaluateOnImage(fim, root, { params: { applicationPaths: ['/opt/pos'] } });
      expect(statusOf(f)).toBe('fail');
      expect(textOf(f)).toMatch(/does not watch \/opt\/pos/);
    } finally {
      rmSync(path.join(root, 'etc/aide/aide.conf.d/50_local_pos'));
    }
  });

  it('a baseline database folder the scan may not read (/var/lib/aide is 0700 root on Debian) is an error, not "no database"', async () => {
    // Gathered from the real aide-common files by the image target; the database folder is then answered as a
    // non-root scan sees it (these tests run as root, for whom chmod 000 denies nothing).
    const params = defaultParams(fim);
    const { evidence } = await imageGather(root, fim.requests(params));
    const answers = new Map(fim.requests(params).map((r) => [requestKey(r), evidence.get(r)]));
    answers.set('glob:/var/lib/aide/aide.db*', { status: 'denied', reason: 'permission denied' });
    const ctx: CheckContext = { params, platform: LINUX, targetKind: 'image', now: new Date('2026-11-21T00:00:00Z') };
    const f = fim.evaluate(new Evidence(answers), ctx);
    expect(statusOf(f), textOf(f)).toBe('error');
    expect(textOf(f)).toMatch(/AIDE is installed, but \/var\/lib\/aide\/aide\.db\*: permission denied/);
    expect(textOf(f)).not.toMatch(/no baseline database/);
    // Root's crontab is root-only too: unread, "not scheduled" is not known either.
    const noTimer = new Map(answers);
    noTimer.set('glob:/var/lib/aide/aide.db*', evidence.get({ kind: 'glob', pattern: '/var/lib/aide/aide.db*', os: 'linux' }));
    noTimer.set('glob:/etc/systemd/system/timers.target.wants/*', { status: 'ok', entries: [] });
    noTimer.set('glob:/etc/systemd/system/multi-user.target.wants/*', {
      status: 'ok',
      entries: ['/etc/systemd/system/multi-user.target.wants/cron.service'],
    }); // a systemd host: Debian's cron.daily/aide steps aside for the (absent) timer
    noTimer.set('file:/var/spool/cron/crontabs/root', { status: 'denied', reason: 'permission denied' });
    const g = fim.evaluate(new Evidence(noTimer), ctx);
    expect(statusOf(g), textOf(g)).toBe('error');
    expect(textOf(g)).toMatch(
      /whether it is scheduled could not be read \(\/var\/spool\/cron\/crontabs\/root: permission denied/,
    );
  });

  it("without the timer, Debian's cron.daily script steps aside under systemd: not scheduled", async () => {
    rmSync(path.join(root, 'etc/systemd/system/timers.target.wants'), { recursive: true });
    mkdirSync(path.join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    writeFileSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/cron.service'), '[Service]\n');
    const f = await evaluateOnImage(fim, root);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/is not scheduled/);
  });
});

describe('fim.monitoring live on this machine (real gatherer, real process list)', () => {
  it('aide-common installed without aideinit: fail, never pass', async () => {
    if (!haveAide) throw new Error('aide-common is not installed (apt-get install aide-common; see .ci/run)');
    if (existsSync('/var/lib/aide/aide.db') || existsSync('/var/lib/aide/aide.db.gz')) return; // initialised by someone: not this case
    const target = new LocalTarget();
    await target.connect();
    try {
      const params = defaultParams(fim);
      const g = await target.gather(fim.requests(params));
      const ctx: CheckContext = { params, platform: LINUX, targetKind: 'local', now: new Date() };
      const f = fim.evaluate(new Evidence(g.answers), ctx);
      expect(statusOf(f), textOf(f)).toBe('fail');
      expect(textOf(f)).toMatch(/AIDE is installed but has no baseline database/);
      expect(g.answers.get(`command:${PROCESSES.name}`)?.status).toBe('ok');
    } finally {
      await target.close();
    }
  });
});

describe('fim.monitoring: other tools and platforms (recorded evidence)', () => {
  const WAZUH_LINUX = `<ossec_config>
  <syscheck>
    <disabled>no</disabled>
    <!-- Frequency that syscheck is executed default every 12 hours -->
    <frequency>43200</frequency>
    <scan_on_start>yes</scan_on_start>
    <directories>/etc,/usr/bin,/usr/sbin</directories>
    <directories>/bin,/sbin,/boot</directories>
    <ignore>/etc/mtab</ignore>
  </syscheck>
</ossec_config>`;
  const linux = (conf: string, procs: string) =>
    evidenceOf([
      ...fim
        .requests(defaultParams(fim))
        .filter((r) => r.kind === 'glob')
        .map(
          (r) =>
            [r, { status: 'ok' as const, entries: [], files: [] }] as [typeof r, { status: 'ok'; entries: string[]; files: [] }],
        ),
      ...fim
        .requests(defaultParams(fim))
        .filter((r) => r.kind === 'file' && r.os === 'linux')
        .map((r) => [r, missing] as [typeof r, typeof missing]),
      [OSSEC_CONF, ok(conf)],
      [PROCESSES, ok(procs, { exitCode: 0 })],
    ]);
  it('Wazuh agent: Debian-default syscheck directories, running agent: pass; stopped agent: fail', () => {
    expect(statusOf(run(fim, linux(WAZUH_LINUX, 'sshd\nwazuh-agentd\nwazuh-syscheckd\n')))).toBe('pass');
    const stopped = run(fim, linux(WAZUH_LINUX, 'sshd\n'));
    expect(statusOf(stopped)).toBe('fail');
    expect(textOf(stopped)).toMatch(/the Wazuh\/OSSEC agent is not running/);
  });
  it('Wazuh agent: disabled syscheck, weekly-plus frequency, a missing folder each fail', () => {
    expect(textOf(run(fim, linux(WAZUH_LINUX.replace('<disabled>no', '<disabled>yes'), 'wazuh-agentd\n')))).toMatch(
      /syscheck disabled/,
    );
    expect(textOf(run(fim, linux(WAZUH_LINUX.replace('43200', '1209600'), 'wazuh-agentd\n')))).toMatch(
      /less often than every 7 days/,
    );
    expect(textOf(run(fim, linux(WAZUH_LINUX.replace(',/boot', ''), 'wazuh-agentd\n')))).toMatch(/does not watch \/boot/);
  });
  it('nothing installed: fail; unreadable evidence: error', () => {
    const none = run(fim, linux('', ''), LINUX);
    expect(statusOf(run(fim, allAnswered(fim, missing)))).toBe('fail');
    expect(statusOf(none)).not.toBe('pass');
    expect(statusOf(run(fim, allAnswered(fim, { status: 'denied', reason: 'permission denied' })))).toBe('error');
  });
  it('hardened POS image fixture (allowlisting, no FIM tool) fails: an allowlist is not change detection', async () => {
    const f = await evaluateOnImage(fim, HARDENED);
    expect(statusOf(f)).toBe('fail');
    expect(textOf(f)).toMatch(/No file-integrity monitoring tool was found/);
  });

  const WIN_CONF = `<ossec_config>
  <syscheck>
    <frequency>43200</frequency>
    <directories recursion_level="0" restrict="regedit.exe$|system.ini$|win.ini$">%WINDIR%</directories>
    <directories recursion_level="0">%WINDIR%\\SysNative</directories>
    <directories check_all="yes" realtime="yes">%WINDIR%\\System32</directories>
    <directories realtime="yes">C:\\POS</directories>
  </syscheck>
</ossec_config>`;
  const windows = (state: string, start = 2) =>
    evidenceOf([
      [
        { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WazuhSvc', os: 'windows' },
        { status: 'ok', registry: { key: 'WazuhSvc', values: [{ name: 'Start', type: 'REG_DWORD', data: start }], subkeys: [] } },
      ],
      [{ kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\OssecSvc', os: 'windows' }, missing],
      [
        { kind: 'file', path: 'C:\\Program Files (x86)\\ossec-agent\\ossec.conf', os: 'windows', maxBytes: 512 * 1024 },
        ok(WIN_CONF),
      ],
      [{ kind: 'file', path: 'C:\\Program Files\\ossec-agent\\ossec.conf', os: 'windows', maxBytes: 512 * 1024 }, missing],
      [WIN_SERVICE_STATE, ok(state, { exitCode: 0 })],
      [
        {
          kind: 'registry',
          key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
          subkeys: true,
          os: 'windows',
          maxBytes: 4 * 1024 * 1024,
        },
        { status: 'ok', registry: { key: 'u', values: [], subkeys: [], children: {} } },
      ],
      [
        {
          kind: 'registry',
          key: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
          subkeys: true,
          os: 'windows',
          maxBytes: 4 * 1024 * 1024,
        },
        missing,
      ],
    ]);
  it('Windows: Wazuh agent running with System32 and the POS folder in syscheck passes; stopped fails', () => {
    const f = run(fim, windows('svc=WazuhSvc|Running\r\n'), WINDOWS, { applicationPaths: ['C:\\POS'] });
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(statusOf(run(fim, windows('svc=WazuhSvc|Stopped\r\n'), WINDOWS))).toBe('fail');
    const app = run(fim, windows('svc=WazuhSvc|Running\r\n'), WINDOWS, { applicationPaths: ['D:\\Kasse'] });
    expect(textOf(app)).toMatch(/does not watch .*D:\\Kasse/);
  });
  it('Windows: nothing installed fails; everything unreadable is an error', () => {
    expect(statusOf(run(fim, allAnswered(fim, missing), WINDOWS))).toBe('fail');
    expect(statusOf(run(fim, allAnswered(fim, { status: 'error', reason: 'timed out' }), WINDOWS))).toBe('error');
  });
  it('image with the agent enabled but its process unknown: says it was not seen running', () => {
    const ev = evidenceOf([
      ...fim
        .requests(defaultParams(fim))
        .filter((r) => r.kind === 'glob')
        .map(
          (r) =>
            [r, { status: 'ok' as const, entries: [], files: [] }] as [typeof r, { status: 'ok'; entries: string[]; files: [] }],
        ),
      ...fim
        .requests(defaultParams(fim))
        .filter((r) => r.kind === 'file' && r.os === 'linux')
        .map((r) => [r, missing] as [typeof r, typeof missing]),
      [OSSEC_CONF, ok(WAZUH_LINUX)],
      [SERVICES, { status: 'ok', entries: ['/etc/systemd/system/multi-user.target.wants/wazuh-agent.service'] }],
      [PROCESSES, { status: 'unsupported', reason: 'commands cannot run on an offline image' }],
    ]);
    const ctx: CheckContext = {
      params: defaultParams(fim),
      platform: LINUX,
      targetKind: 'image',
      now: new Date('2026-11-21T00:00:00Z'),
    };
    const f = fim.evaluate(ev, ctx);
    expect(statusOf(f), textOf(f)).toBe('pass');
    expect(textOf(f)).toMatch(/offline: not seen running/);
  });
});

describe('FIM configuration parsers', () => {
  it('AIDE: POSIX classes, restricted rules, negative rules and their children', () => {
    const rules = aideRules([
      { path: 'aide.conf', data: '/dev/pts/[[:digit:]]+$ c RamdiskData\n/etc d VarDir\n/ 0 Full\n!/proc\n' },
    ]);
    expect(aideWatches(rules, '/etc')).toBe(true);
    expect(aideWatches(rules, '/proc/sys')).toBe(false);
    expect(aideWatches(aideRules([{ path: 'x', data: '/etc d VarDir\n' }]), '/etc')).toBe(false);
  });
  it('Tripwire database folder unlistable: error naming it, not "has no database" (AIDE: test/targets/glob-denied)', () => {
    const POLICY = `(rulename = "System")\n{\n${['/etc', '/bin', '/sbin', '/usr/bin', '/usr/sbin', '/boot']
      .map((p) => `  ${p} -> $(SEC_BIN) ;\n`)
      .join('')}}\n`;
    const reqs = fim.requests(defaultParams(fim));
    const denied: EvidenceAnswer = { status: 'denied', reason: 'cannot list /var/lib/tripwire' };
    const tripwire = (db: EvidenceAnswer) =>
      evidenceOf([
        ...reqs
          .filter((r) => r.kind === 'glob')
          .map((r): [EvidenceRequest, EvidenceAnswer] => [r, { status: 'ok', entries: [] }]),
        ...reqs.filter((r) => r.kind === 'file' && r.os === 'linux').map((r): [EvidenceRequest, EvidenceAnswer] => [r, missing]),
        [PROCESSES, ok('sshd\n', { exitCode: 0 })],
        [TRIPWIRE_BIN, { status: 'ok', entries: ['/usr/sbin/tripwire'] }],
        [TRIPWIRE_POL, ok(POLICY)],
        [TIMERS, { status: 'ok', entries: ['/etc/systemd/system/timers.target.wants/tripwire.timer'] }],
        [TRIPWIRE_DB, db],
      ]);
    const good = run(fim, tripwire({ status: 'ok', entries: ['/var/lib/tripwire/pos.twd'] }));
    expect(statusOf(good), textOf(good)).toBe('pass');
    const none = run(fim, tripwire({ status: 'ok', entries: [] }));
    expect(textOf(none)).toMatch(/Tripwire is installed but has no database/);
    const closed = run(fim, tripwire(denied));
    expect(statusOf(closed), textOf(closed)).toBe('error');
    expect(textOf(closed)).toContain('/var/lib/tripwire/*.twd: permission denied (cannot list /var/lib/tripwire)');
    expect(textOf(closed)).not.toMatch(/has no database/);
  });
  it('Tripwire text policy and plain path lists: the nearest rule wins', () => {
    const p = tripwirePolicy(
      '(\n  rulename = "Boot",\n)\n{\n  /boot -> $(SEC_CRIT) ;\n  /etc -> $(SEC_BIN) ;\n  !/etc/mtab ;\n}\n',
    );
    expect(listWatches(p.watched, p.excluded, '/etc')).toBe(true);
    expect(listWatches(p.watched, p.excluded, '/usr/bin')).toBe(false);
    expect(listWatches(['/'], ['/opt/pos'], '/opt/pos')).toBe(false);
    expect(listWatches(['C:\\Windows'], [], 'c:\\windows\\system32', true)).toBe(true);
  });
  it('ossec.conf: several syscheck blocks merge; comments are ignored', () => {
    const sc = syscheck(
      '<syscheck><directories>/etc</directories></syscheck><!-- <syscheck><disabled>yes</disabled></syscheck> ' +
        '--><syscheck><directories>/boot</directories></syscheck>',
    );
    expect(sc?.disabled).toBe(false);
    expect(sc?.directories.map((d) => d.path)).toEqual(['/etc', '/boot']);
  });
});
