/**
 * Differential tests: posaudit reads ssh_config and Ansible inventories the way the real tools do.
 * The reference is the installed OpenSSH (`ssh -G -F FILE HOST`) and ansible-core
 * (`ansible-inventory -i FILE --list`), run with no user configuration (HOME is a temp dir,
 * ANSIBLE_CONFIG an empty file). The corpus is test/fixtures/fleet-diff/. Where posaudit differs on
 * purpose, the difference is listed in docs/fleet.md and posaudit warns; the test asserts the warning.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../engine/fleet/load.js';
import type { Inventory } from '../../engine/fleet/model.js';
import { applyLimit } from '../../engine/fleet/select.js';
import { lookupSshConfig, readSshConfig } from '../../engine/fleet/ssh-config.js';

const FIX = path.join(__dirname, '..', 'fixtures', 'fleet-diff');
const HOME = mkdtempSync(path.join(os.tmpdir(), 'posaudit-fleet-diff-'));
mkdirSync(path.join(HOME, '.ssh'));
copyFileSync(path.join(FIX, 'fleet-diff-sub.conf'), path.join(HOME, '.ssh', 'fleet-diff-sub.conf'));
const ANSIBLE_CFG = path.join(HOME, 'ansible.cfg');
writeFileSync(ANSIBLE_CFG, '');
const TOOL_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME,
  LANG: 'C.UTF-8',
  ANSIBLE_CONFIG: ANSIBLE_CFG,
  ANSIBLE_LOCAL_TEMP: path.join(HOME, 'ansible-tmp'),
  ANSIBLE_INVENTORY_ENABLED: 'yaml,ini',
  ANSIBLE_NOCOLOR: '1',
};

interface SshView {
  hostname: string;
  user?: string;
  port: number;
  identityfiles: string[];
  proxyjump?: string;
  proxycommand?: string;
}

/** `ssh -G`: the options OpenSSH would use, with its built-in default keys left out. */
function sshG(file: string, host: string): SshView {
  const out = execFileSync('ssh', ['-G', '-F', file, host], {
    env: TOOL_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const view: SshView = { hostname: '', port: 22, identityfiles: [] };
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'hostname') view.hostname = value.toLowerCase();
    else if (key === 'user') view.user = value;
    else if (key === 'port') view.port = Number(value);
    else if (key === 'identityfile' && !/^~\/\.ssh\/id_[a-z0-9_]+$/.test(value))
      view.identityfiles.push(value.replace(/^~(?=\/)/, HOME));
    else if (key === 'proxyjump') view.proxyjump = value;
    else if (key === 'proxycommand') view.proxycommand = value;
  }
  return view;
}

function posauditSsh(file: string, host: string): SshView {
  const e = lookupSshConfig(readSshConfig(file, HOME), host, HOME);
  const view: SshView = {
    hostname: (e.hostName ?? host).toLowerCase(),
    user: e.user,
    port: e.port ?? 22,
    identityfiles: e.identityFiles,
  };
  if (e.proxyJump) view.proxyjump = e.proxyJump;
  if (e.proxyCommand) view.proxycommand = e.proxyCommand;
  return view;
}

const SSH_HOSTS = [
  'win-01', // ProxyCommand (Host win-*) beats the later ProxyJump (Host *)
  'pos-upper', // Host POS-UPPER is case-sensitive
  'POS-UPPER',
  'alias1', // options after an Include inside a Host block
  'alias2', // Match host on the HostName
  'inc-1', // an Include inside an inactive Host block is not read
  'matched-1', // Match originalhost
  'bastion',
  'direct', // ProxyJump none
  'chain',
  'j1',
  'j2',
  'nojump-1', // Host !pattern
];

describe('ssh_config against ssh -G', () => {
  const cfg = path.join(FIX, 'ssh_config');
  for (const host of SSH_HOSTS)
    it(`resolves ${host} as OpenSSH does`, () => {
      expect(posauditSsh(cfg, host)).toEqual(sshG(cfg, host));
    });

  it('warns about Match criteria it cannot evaluate, and never applies them', () => {
    const file = path.join(HOME, 'match-exec.conf');
    writeFileSync(file, 'Match exec "true"\n  User fromexec\nHost *\n  User plain\n');
    const c = readSshConfig(file, HOME);
    expect(lookupSshConfig(c, 'x', HOME).user).toBe('plain');
    expect(c.warnings.join('\n')).toMatch(/match-exec\.conf:1: Match exec is not supported/);
    // OpenSSH would run the command: the difference is the documented, warned one.
    expect(sshG(file, 'x').user).toBe('fromexec');
  });
});

interface AnsibleList {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: { hosts?: string[]; children?: string[] } | AnsibleList['_meta'];
}

function ansibleList(file: string): AnsibleList {
  return JSON.parse(
    execFileSync('ansible-inventory', ['-i', file, '--list'], {
      env: TOOL_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** `ansible all --list-hosts --limit P` (ansible-inventory 2.14 has no --limit). */
function ansibleLimit(file: string, limit: string): string[] {
  const out = execFileSync('ansible', ['all', '-i', file, '--list-hosts', '--limit', limit], {
    env: TOOL_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
}

/** Group → every host in it (through children), as ansible-inventory's tree says. */
function ansibleGroups(list: AnsibleList): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (g: string): Set<string> => {
    const done = out.get(g);
    if (done) return done;
    const node = (list[g] ?? {}) as { hosts?: string[]; children?: string[] };
    const set = new Set(node.hosts ?? []);
    out.set(g, set);
    for (const c of node.children ?? []) for (const h of visit(c)) set.add(h);
    return set;
  };
  for (const g of Object.keys(list)) if (g !== '_meta') visit(g);
  return out;
}

function compareInventory(inv: Inventory, list: AnsibleList): void {
  const hv = list._meta.hostvars;
  const ansibleHosts = new Set(ansibleGroups(list).get('all'));
  expect(new Set(inv.hosts.map((h) => h.name))).toEqual(ansibleHosts);
  for (const [g, members] of ansibleGroups(list))
    expect({ g, members: [...(inv.groups.get(g) ?? [])].sort() }).toEqual({ g, members: [...members].sort() });
  for (const h of inv.hosts) {
    const v = hv[h.name] ?? {};
    const want = {
      name: h.name,
      address: (v.ansible_host as string | undefined) ?? h.name,
      user: v.ansible_user as string | undefined,
      port: v.ansible_port as number | undefined,
      connection: (v.ansible_connection as string | undefined) ?? 'ssh',
      note: (v.posaudit_tag_note as string | undefined) ?? undefined,
    };
    const got = {
      name: h.name,
      address: h.vars.address ?? h.name,
      user: h.vars.user,
      port: h.vars.port,
      connection: h.vars.connection ?? 'ssh',
      note: h.vars.tags?.note,
    };
    expect(got).toEqual(want);
  }
}

describe('Ansible inventories against ansible-inventory --list', () => {
  for (const f of ['inventory.ini', 'inventory.yaml'])
    it(`reads ${f} as ansible-inventory does (hosts, groups, connection vars)`, async () => {
      const file = path.join(FIX, f);
      compareInventory(await loadInventory(file, 'en'), ansibleList(file));
    });

  it('honours the ProxyCommand and ProxyJump of ansible_ssh_common_args', async () => {
    const inv = await loadInventory(path.join(FIX, 'inventory.ini'), 'en');
    const h = new Map(inv.hosts.map((x) => [x.name, x.vars]));
    expect(h.get('pc1')?.proxyCommand).toBe('ssh -W %h:%p bast');
    expect(h.get('pj1')).toMatchObject({ jump: 'audit@jump.example:2222', become: true });
  });

  const LIMITS = [
    'stores',
    'stores:!osaka',
    'stores:&osaka',
    'osaka[0]',
    'osaka[0:1]',
    '~^osaka-0[12]',
    'tokyo-01,special',
    'a:b',
    'all:!東京',
    'osaka[-1]',
  ];
  for (const limit of LIMITS)
    it(`--limit ${limit} selects the hosts Ansible selects`, async () => {
      const file = path.join(FIX, 'inventory.ini');
      const inv = await loadInventory(file, 'en');
      const want = ansibleLimit(file, limit);
      expect(
        applyLimit(inv, limit, 'en')
          .map((h) => h.name)
          .sort(),
      ).toEqual(want);
    });
});
