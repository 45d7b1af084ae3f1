/** Inventories, --limit, --shard, ~/.ssh/config and host resolution (no network). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { expandHostPattern, jumpFromSshArgs, shlexSplit } from '../../engine/fleet/ansible.js';
import { loadInventory, parseInventory } from '../../engine/fleet/load.js';
import { resolveHosts } from '../../engine/fleet/resolve.js';
import { applyLimit, applyShard, parseShard } from '../../engine/fleet/select.js';
import { lookupSshConfig, readSshConfig } from '../../engine/fleet/ssh-config.js';
import { mergeReports } from '../../engine/merge.js';
import { sampleFleetReport } from './sample.js';

const FIX = path.join(__dirname, '..', 'fixtures', 'inventories');
const names = (hs: Array<{ name: string }>) => hs.map((h) => h.name);

async function usageError(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('posaudit inventory YAML', () => {
  it('applies defaults < parent group < child group < host, and tags key by key', async () => {
    const inv = await loadInventory(path.join(FIX, 'stores.yaml'), 'en');
    expect(inv.format).toBe('posaudit');
    const h = new Map(inv.hosts.map((x) => [x.name, x]));
    expect(h.get('tokyo-shibuya-01')?.vars).toMatchObject({
      user: 'shibuya',
      port: 2200,
      jump: 'audit@bastion-tokyo.example:2222',
      tags: { chain: 'acme', region: 'kanto', district: 'shibuya' },
    });
    expect(h.get('tokyo-shibuya-01')?.groups).toEqual(['tokyo', 'tokyo-shibuya']);
    expect(h.get('tokyo-002')?.vars.tags?.store).toBe('1002');
    expect(h.get('osaka-002')?.vars).toMatchObject({ platform: 'windows', become: false });
    expect(h.get('osaka-001')?.vars.become).toBe(true);
    expect(h.get('hq')?.vars.identity?.[0]).toBe(path.join(FIX, 'keys', 'audit_ed25519'));
    expect([...(inv.groups.get('ungrouped') ?? [])]).toEqual(['hq']);
  });

  it('names file:line:col for schema errors, unknown members, malformed YAML', async () => {
    expect(await usageError(loadInventory(path.join(FIX, 'bad', 'unknown-key.yaml'), 'en'))).toMatch(
      /unknown-key\.yaml:3:\d+: bad inventory: hosts\.b: unknown setting "prot"/,
    );
    expect(await usageError(loadInventory(path.join(FIX, 'bad', 'missing-host.yaml'), 'en'))).toMatch(
      /missing-host\.yaml:3:\d+: group "tokyo" lists host "nope"/,
    );
    expect(await usageError(loadInventory(path.join(FIX, 'bad', 'malformed.yaml'), 'en'))).toMatch(
      /malformed\.yaml:\d+:\d+: malformed inventory/,
    );
    expect(await usageError(parseInventory('x.yaml', 'hosts:\n  a: { port: 70000 }\n', 'en'))).toMatch(
      /^x\.yaml:2:\d+: bad inventory: hosts\.a\.port: must be <= 65535/,
    );
    expect(await usageError(parseInventory('x.yaml', 'hosts:\n  a: { platform: beos }\n', 'ja'))).toMatch(
      /^x\.yaml:2:\d+: インベントリの誤り: .*"linux", "windows"/,
    );
    expect(
      await usageError(
        parseInventory('x.yaml', 'groups:\n  a: { children: [b] }\n  b: { children: [a] }\nhosts:\n  h: ~\n', 'en'),
      ),
    ).toMatch(/group cycle/);
    expect(await usageError(parseInventory('x.yaml', 'hosts: {}\n', 'en'))).toMatch(/lists no hosts/);
    expect(await usageError(loadInventory(path.join(FIX, 'nope.yaml'), 'en'))).toMatch(
      /nope\.yaml: cannot read the inventory: ENOENT/,
    );
  });
});

describe('Ansible inventories', () => {
  it('reads INI: ranges, host:port, [g:vars], [g:children], precedence, become, ProxyJump in ssh args', async () => {
    const inv = await loadInventory(path.join(FIX, 'hosts.ini'), 'en');
    expect(inv.format).toBe('ansible-ini');
    expect(names(inv.hosts)).toEqual([
      'hq.example.com',
      'tokyo-01.example.com',
      'tokyo-02.example.com',
      'tokyo-03.example.com',
      'tokyo-win.example.com',
      'osaka-a',
      'osaka-b',
    ]);
    const h = new Map(inv.hosts.map((x) => [x.name, x]));
    expect(h.get('osaka-a')?.vars).toMatchObject({
      address: '10.2.0.21',
      port: 2201,
      user: 'ops',
      become: true,
      jump: 'jump@bastion-osaka:22',
      tags: { region: 'kansai', country: 'jp' },
    });
    expect(h.get('osaka-a')?.vars.identity).toEqual([path.join(FIX, 'keys', 'osaka')]);
    expect(h.get('osaka-b')?.vars.address).toBe('10.2.0.22');
    expect(h.get('tokyo-01.example.com')?.vars.user).toBe('audit'); // host var beats [japan:vars]
    expect(h.get('tokyo-win.example.com')?.vars).toMatchObject({
      port: 2222,
      platform: 'windows',
      user: 'nobody',
      tags: { store: 'T9' },
    });
    expect([...(inv.groups.get('japan') ?? [])].length).toBe(6);
  });

  it('reads YAML: all/children/hosts/vars, ranges, nested groups, posaudit_tags', async () => {
    const inv = await loadInventory(path.join(FIX, 'hosts.yaml'), 'en');
    expect(inv.format).toBe('ansible-yaml');
    const h = new Map(inv.hosts.map((x) => [x.name, x]));
    expect(names(inv.hosts)).toContain('tokyo-b.example.com');
    expect(h.get('tokyo-c.example.com')?.vars).toMatchObject({ port: 2222, user: 'audit', tags: { region: 'kanto' } });
    expect(h.get('osaka-a')?.vars).toMatchObject({ address: '10.2.0.21', become: true, jump: 'jump@bastion:2200' });
    expect(h.get('osaka-kita-1')?.groups).toEqual(['osaka', 'osaka-kita']);
    expect(h.get('osaka-kita-1')?.vars.user).toBe('kita');
  });

  it('says where a bad INI or YAML inventory is wrong', async () => {
    expect(await usageError(loadInventory(path.join(FIX, 'bad', 'bad-port.ini'), 'en'))).toMatch(
      /bad-port\.ini:2: ansible_port must be a port number/,
    );
    expect(await usageError(loadInventory(path.join(FIX, 'bad', 'bad-section.ini'), 'en'))).toMatch(
      /bad-section\.ini:1: unclosed section header/,
    );
    expect(await usageError(loadInventory(path.join(FIX, 'bad', 'jinja.yaml'), 'en'))).toMatch(
      /jinja\.yaml:6:\d+: ansible_host uses a Jinja template/,
    );
    expect(await usageError(parseInventory('h.ini', '[a:children]\nb\n[b:children]\na\n', 'en'))).toMatch(/group cycle/);
    expect(await usageError(parseInventory('h.ini', '[a]\nx[3:1]\n', 'en'))).toMatch(/h\.ini:2: bad host range/);
    expect(await usageError(parseInventory('h.ini', '[a]\nx foo\n', 'en'))).toMatch(/h\.ini:2: expected key=value/);
  });

  it('expands ranges and splits like shlex', () => {
    expect(expandHostPattern('pos[08:11].s[a:b]', 'x', 'en')).toEqual([
      'pos08.sa',
      'pos08.sb',
      'pos09.sa',
      'pos09.sb',
      'pos10.sa',
      'pos10.sb',
      'pos11.sa',
      'pos11.sb',
    ]);
    expect(expandHostPattern('n[0:6:3]', 'x', 'en')).toEqual(['n0', 'n3', 'n6']);
    expect(shlexSplit(`h a="b c" d='e f' # comment`)).toEqual(['h', 'a=b c', 'd=e f']);
    expect(jumpFromSshArgs('-o StrictHostKeyChecking=no -J ops@b1:22')).toBe('ops@b1:22');
    expect(jumpFromSshArgs("-o 'ProxyJump=b2'")).toBe('b2');
  });
});

describe('--limit and --shard', () => {
  it('selects by glob, group, exclusion and intersection', async () => {
    const inv = await loadInventory(path.join(FIX, 'hosts.ini'), 'en');
    expect(names(applyLimit(inv, 'tokyo-*', 'en'))).toEqual([
      'tokyo-01.example.com',
      'tokyo-02.example.com',
      'tokyo-03.example.com',
      'tokyo-win.example.com',
    ]);
    expect(names(applyLimit(inv, 'osaka,hq.example.com', 'en'))).toEqual(['hq.example.com', 'osaka-a', 'osaka-b']);
    expect(names(applyLimit(inv, 'japan,!tokyo', 'en'))).toEqual(['osaka-a', 'osaka-b']);
    expect(names(applyLimit(inv, 'japan,&tokyo-0[12]*', 'en'))).toEqual(['tokyo-01.example.com', 'tokyo-02.example.com']);
    expect(names(applyLimit(inv, '10.2.0.2*', 'en'))).toEqual(['osaka-a', 'osaka-b']);
  });

  it('rejects a pattern that matches nothing, naming the groups', async () => {
    const inv = await loadInventory(path.join(FIX, 'hosts.ini'), 'en');
    expect(await usageError(() => applyLimit(inv, 'nagoya', 'en'))).toMatch(
      /--limit: "nagoya" matches no host or group in .*hosts\.ini \(groups: japan, osaka, tokyo\)/,
    );
    expect(await usageError(() => applyLimit(inv, 'kyoto-*', 'ja'))).toMatch(/一致するホストもグループも/);
    expect(await usageError(() => applyLimit(inv, 'tokyo,!japan', 'en'))).toMatch(/no host left/);
  });

  it('splits deterministically: every host in exactly one shard, sizes within one, order-independent', () => {
    const hosts = Array.from({ length: 1003 }, (_, i) => ({ name: `pos-${i}` }));
    const shards = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => applyShard(hosts, { index: i, count: 8 }));
    const all = shards.flatMap(names);
    expect(new Set(all).size).toBe(1003);
    expect(all.length).toBe(1003);
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const reversed = [...hosts].reverse();
    expect(names(applyShard(reversed, { index: 3, count: 8 })).sort()).toEqual(names(shards[2]).sort());
    expect(names(applyShard(hosts, { index: 3, count: 8 }))).toEqual(names(shards[2]));
  });

  it('parses i/n and explains 0-based indexes', async () => {
    expect(parseShard('3/8', 'en')).toEqual({ index: 3, count: 8 });
    expect(await usageError(() => parseShard('0/8', 'en'))).toMatch(/count from 1; for a Kubernetes JOB_COMPLETION_INDEX add 1/);
    expect(await usageError(() => parseShard('9/8', 'en'))).toMatch(/--shard takes i\/n/);
    expect(await usageError(() => parseShard('three', 'ja'))).toMatch(/--shard は/);
  });
});

describe('~/.ssh/config and host resolution', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-fleet-cfg-'));
  const key = path.join(dir, 'id_store');
  writeFileSync(key, 'x');
  const cfgFile = path.join(dir, 'config');
  writeFileSync(path.join(dir, 'extra.conf'), 'Host included-*\n  User from-include\n');
  writeFileSync(
    cfgFile,
    [
      `Include ${dir}/*.conf`,
      'Host bastion',
      '  HostName 192.0.2.1',
      '  User jumper',
      '  Port 2022',
      'Host store-* !store-99',
      '  HostName %h.shops.example',
      '  User = clerk',
      `  IdentityFile ${key}`,
      '  IdentityFile ~/.ssh/missing_key',
      '  ProxyJump bastion',
      'Host store-99',
      '  ProxyJump none',
      'Match host foo exec "false"',
      '  User never',
      'Host *',
      '  User fallback',
      '  Port 22',
      '',
    ].join('\n'),
  );

  it('reads HostName (%h), User, Port, IdentityFile, ProxyJump; first value wins; ! and Include', () => {
    const cfg = readSshConfig(cfgFile, dir);
    expect(lookupSshConfig(cfg, 'store-12', dir)).toMatchObject({
      hostName: 'store-12.shops.example',
      user: 'clerk',
      port: 22,
      proxyJump: 'bastion',
      identityFiles: [key, path.join(dir, '.ssh', 'missing_key')],
    });
    expect(lookupSshConfig(cfg, 'store-99', dir)).toMatchObject({ user: 'fallback', proxyJumpNone: true });
    expect(lookupSshConfig(cfg, 'included-1', dir).user).toBe('from-include');
    expect(lookupSshConfig(cfg, 'bastion', dir)).toMatchObject({ hostName: '192.0.2.1', user: 'jumper', port: 2022 });
  });

  it('resolves inventory hosts: inventory beats ssh config, jump chains through config aliases and inventory hosts', async () => {
    const inv = await parseInventory(
      path.join(dir, 'inv.yaml'),
      [
        'hosts:',
        '  store-12: {}',
        '  store-13: { user: audit, port: 2200 }',
        '  gw: { address: 198.51.100.7, user: gwuser }',
        '  far: { address: 10.9.9.9, jump: "gw,ops@inner:2222" }',
        '',
      ].join('\n'),
      'en',
    );
    const cfg = readSshConfig(cfgFile, dir);
    const r = new Map(resolveHosts(inv, inv.hosts, cfg, 'en', []).map((x) => [x.name, x]));
    expect(r.get('store-12')).toMatchObject({
      address: { host: 'store-12.shops.example', user: 'clerk', port: 22 },
      identities: [key],
    });
    expect(r.get('store-12')?.jumps.map((j) => j.address)).toEqual([{ host: '192.0.2.1', user: 'jumper', port: 2022 }]);
    expect(r.get('store-13')?.address).toEqual({ host: 'store-13.shops.example', user: 'audit', port: 2200 });
    expect(r.get('far')?.jumps.map((j) => j.address)).toEqual([
      { host: '198.51.100.7', user: 'gwuser', port: 22 },
      { host: 'inner', user: 'ops', port: 2222 },
    ]);
    const loop = await parseInventory('l.yaml', 'hosts:\n  a: { jump: b }\n  b: { jump: a }\n', 'en');
    expect(await usageError(() => resolveHosts(loop, loop.hosts, undefined, 'en'))).toMatch(/jump hosts loop/);
  });
});

describe('merge', () => {
  it('keeps the later result for a host in two shards, recomputes summary and verdict, strictest gate', () => {
    const a = sampleFleetReport('2026-11-21T01:00:00.000Z', ['pos-1', 'pos-2'], 'high');
    const b = sampleFleetReport('2026-11-21T02:00:00.000Z', ['pos-2', 'pos-3'], 'medium');
    b.targets[0].state = 'error';
    b.targets[0].error = 'ssh://pos-2: connection refused';
    b.targets[0].results = [];
    const { report, warnings } = mergeReports(
      [
        { file: 'a/report.json', report: a },
        { file: 'b/report.json', report: b },
      ],
      { lang: 'en' },
    );
    expect(report.targets.map((t) => t.name)).toEqual(['pos-1', 'pos-2', 'pos-3']);
    expect(report.targets[1].state).toBe('error');
    expect(report.failOn).toBe('medium');
    expect(report.verdict).toBe('incomplete');
    expect(report.summary.total).toBe(2);
    expect(warnings[0]).toMatch(/pos-2: in a\/report\.json and b\/report\.json; keeping the later scan, from b\/report\.json/);
  });
});
