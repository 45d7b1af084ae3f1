/** `posaudit inventory list`: the real CLI, compared with what ansible-inventory and ssh -G say. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const FIX = path.join(ROOT, 'test', 'fixtures', 'fleet-diff');
const HOME = mkdtempSync(path.join(os.tmpdir(), 'posaudit-inv-list-'));
mkdirSync(path.join(HOME, '.ssh'));
copyFileSync(path.join(FIX, 'fleet-diff-sub.conf'), path.join(HOME, '.ssh', 'fleet-diff-sub.conf'));
copyFileSync(path.join(FIX, 'ssh_config'), path.join(HOME, '.ssh', 'config'));
writeFileSync(path.join(HOME, 'ansible.cfg'), '');
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME,
  LANG: 'C.UTF-8',
  CI: '1',
  ANSIBLE_CONFIG: path.join(HOME, 'ansible.cfg'),
};

function posaudit(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'posaudit.ts'), ...args], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
    timeout: 25_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Listed {
  name: string;
  connection: string;
  address: string;
  port: number;
  user: string | null;
  jumps: string[];
  proxyCommand: string | null;
  become: boolean | null;
  groups: string[];
  from: Record<string, string>;
  error: string | null;
}

describe('posaudit inventory list', () => {
  it('lists every host with the values ansible-inventory and ssh -G give, and where each came from (~/.ssh/config by default)', () => {
    const inv = path.join(FIX, 'inventory.ini');
    const r = posaudit(['inventory', 'list', '--inventory', inv, '--json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const hosts = new Map((JSON.parse(r.stdout) as { hosts: Listed[] }).hosts.map((h) => [h.name, h]));
    const hv = (
      JSON.parse(execFileSync('ansible-inventory', ['-i', inv, '--list'], { env: ENV, encoding: 'utf8' })) as {
        _meta: { hostvars: Record<string, Record<string, unknown>> };
      }
    )._meta.hostvars;
    expect([...hosts.keys()].sort()).toEqual(Object.keys(hv).sort());
    for (const [name, v] of Object.entries(hv)) {
      const h = hosts.get(name) as Listed;
      if (v.ansible_port !== undefined) expect(h.port).toBe(v.ansible_port);
      if (v.ansible_user !== undefined) expect(h.user).toBe(v.ansible_user);
    }
    // Where the inventory is silent, ~/.ssh/config (ssh -G; ssh takes HOME from passwd, so -F) decides.
    const g = execFileSync('ssh', ['-G', '-F', path.join(HOME, '.ssh', 'config'), 'headless1'], { env: ENV, encoding: 'utf8' });
    expect(hosts.get('headless1')).toMatchObject({ address: '10.0.0.1', user: /^user (\S+)$/m.exec(g)?.[1] });
    expect(hosts.get('headless1')?.from.user).toMatch(/\.ssh\/config:\d+$/);
    expect(hosts.get('osaka-02')?.from.user).toMatch(/inventory\.ini:20$/); // [osaka:vars], not the host line
    expect(hosts.get('prio1')?.user).toBe('ua');
    expect(hosts.get('local1')?.connection).toBe('local');
    expect(hosts.get('win1')?.error).toMatch(/WinRM is not supported; use OpenSSH/);
    expect(hosts.get('pj1')).toMatchObject({ become: true, jumps: ['ssh://jumper@192.0.2.1', 'ssh://audit@jump.example:2222'] });
    expect(r.stderr).toMatch(/ProxyJump bastion also applies to the jump host "bastion" itself/);
  });

  it('speaks Japanese, and an unmatched --limit is exit 2 saying what it tried', () => {
    const inv = path.join(FIX, 'inventory.ini');
    const ja = posaudit([
      'inventory',
      'list',
      '--inventory',
      inv,
      '--limit',
      'osaka[0:1]',
      '--ssh-config',
      'none',
      '--lang',
      'ja',
    ]);
    expect(ja.code).toBe(0);
    expect(ja.stdout).toMatch(/の端末 2 台/);
    expect(ja.stdout).toMatch(/osaka-02[\s\S]*ユーザー\s+osakauser\s+← .*inventory\.ini:20/);
    const bad = posaudit(['inventory', 'list', '--inventory', inv, '--limit', 'nagoya*', '--ssh-config', 'none', '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--limit: "nagoya\*" matches no host or group .* tried as a glob against group names, host names and addresses/,
    );
  });
});
