/** Issue 21/22: connection kinds, ProxyCommand, self-jumps, range caps and Ansible's INI rules (no network). */
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { parseInventory } from '../../engine/fleet/load.js';
import { expandProxyCommand, openProxyCommand } from '../../engine/fleet/proxy-command.js';
import { resolveHosts } from '../../engine/fleet/resolve.js';
import { readSshConfig } from '../../engine/fleet/ssh-config.js';

const FIX = path.join(__dirname, '..', 'fixtures', 'fleet-diff');
const HOME = mkdtempSync(path.join(os.tmpdir(), 'posaudit-fleet-def-'));
mkdirSync(path.join(HOME, '.ssh'));
copyFileSync(path.join(FIX, 'fleet-diff-sub.conf'), path.join(HOME, '.ssh', 'fleet-diff-sub.conf'));

async function usageError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolving hosts', () => {
  it('local is this machine, WinRM a per-host error, ProxyCommand kept; the others are unaffected', async () => {
    const inv = await parseInventory(
      path.join(FIX, 'inventory.ini'),
      await import('node:fs').then((f) => f.readFileSync(path.join(FIX, 'inventory.ini'), 'utf8')),
      'en',
    );
    const r = new Map(resolveHosts(inv, inv.hosts, undefined, 'en').map((h) => [h.name, h]));
    expect(r.get('local1')).toMatchObject({ connection: 'local' });
    expect(r.get('local1')?.error).toBeUndefined();
    expect(r.get('win1')?.error).toMatch(/inventory\.ini:\d+: ansible_connection=winrm: WinRM is not supported; use OpenSSH/);
    // The plain `ssh -W %h:%p host` form is a native jump; any other command is spawned as written.
    expect(r.get('pc1')?.jumps.map((j) => j.address.host)).toEqual(['bast']);
    const nc = await parseInventory(
      'n.ini',
      `[a]\nn1 ansible_ssh_common_args='-o ProxyCommand="nc -X connect -x proxy.example:3128 %h %p"'\n`,
      'en',
    );
    expect(resolveHosts(nc, nc.hosts, undefined, 'en')[0]).toMatchObject({
      proxyCommand: 'nc -X connect -x proxy.example:3128 %h %p',
      jumps: [],
      from: { proxyCommand: 'n.ini:2' },
    });
    expect(r.get('pj1')?.jumps.map((j) => j.address)).toEqual([{ host: 'jump.example', port: 2222, user: 'audit' }]);
    expect(r.get('osaka-01')).toMatchObject({ connection: 'ssh', address: { host: 'osaka-01', port: 2201, user: 'osakauser' } });
    const ja = resolveHosts(inv, inv.hosts, undefined, 'ja').find((h) => h.name === 'win1');
    expect(ja?.error).toMatch(/WinRM には対応していません/);
  });

  it('a Host * ProxyJump that applies to the jump host itself is dropped for that hop, with a warning', async () => {
    const cfg = readSshConfig(path.join(FIX, 'ssh_config'), HOME);
    const inv = await parseInventory('i.yaml', 'hosts:\n  pos-1: {}\n  bastion: {}\n  win-01: {}\n', 'en');
    const r = new Map(resolveHosts(inv, inv.hosts, cfg, 'en').map((h) => [h.name, h]));
    expect(r.get('pos-1')?.jumps.map((j) => j.address)).toEqual([{ host: '192.0.2.1', port: 22, user: 'jumper' }]);
    expect(r.get('pos-1')?.warnings.join('\n')).toMatch(
      /ssh_config:\d+: ProxyJump bastion (also )?applies to .*"bastion" itself/,
    );
    expect(r.get('pos-1')?.from).toMatchObject({
      user: expect.stringMatching(/ssh_config:\d+$/),
      jump: expect.stringMatching(/ssh_config:\d+$/),
    });
    // bastion itself: its own ProxyJump names itself; OpenSSH 9.2 recurses, posaudit connects directly.
    expect(r.get('bastion')).toMatchObject({ jumps: [], address: { host: '192.0.2.1', user: 'jumper' } });
    expect(r.get('bastion')?.warnings.join('\n')).toMatch(/applies to "bastion" itself/);
    // win-01: its ProxyCommand (read first) wins over Host *'s ProxyJump: through winbastion, which itself goes via bastion.
    expect(r.get('win-01')?.jumps.map((j) => j.address.host)).toEqual(['192.0.2.1', 'winbastion']);
  });
});

describe('ProxyCommand', () => {
  it('expands %h %p %r, quoting anything a shell would read, refusing a leading "-"', () => {
    expect(expandProxyCommand('nc %h %p', { host: 'pos-1.example', port: 2222, name: 'pos-1' })).toBe('nc pos-1.example 2222');
    expect(expandProxyCommand("ssh -W '[%h]:%p' %r@gw", { host: '::1', port: 22, user: 'audit', name: 'x' })).toBe(
      "ssh -W '[::1]:22' audit@gw",
    );
    const marker = path.join(HOME, 'injected');
    const cmd = expandProxyCommand('echo %h', { host: `a;touch ${marker}`, port: 22, name: 'x' });
    expect(cmd).toBe(`echo 'a;touch ${marker}'`);
    expect(() => expandProxyCommand('nc %h %p', { host: '-oProxyCommand=x', port: 22, name: 'x' })).toThrow(
      /would start with "-"/,
    );
  });

  it('runs under sh -c with its stdin/stdout as the connection, and is killed on close', async () => {
    const s = await openProxyCommand('exec cat', 'pos-1');
    s.write('SSH-2.0-hello\n');
    const [chunk] = (await once(s, 'data')) as [Buffer];
    expect(chunk.toString()).toBe('SSH-2.0-hello\n');
    s.on('error', () => undefined);
    s.destroy();
    const marker = path.join(HOME, 'injected');
    const bad = await openProxyCommand(
      `echo ${expandProxyCommand('%h', { host: `a;touch ${marker}`, port: 22, name: 'x' })}`,
      'x',
    );
    bad.on('error', () => undefined);
    await once(bad, 'close').catch(() => undefined);
    expect(existsSync(marker)).toBe(false);
  });

  it('a command that fails is a per-host error carrying its stderr', async () => {
    const s = await openProxyCommand('echo "no route to pos-9" >&2; exit 3', 'pos-9');
    const [err] = (await once(s, 'error')) as [Error];
    expect(err.message).toMatch(/pos-9: ProxyCommand exited with 3: no route to pos-9/);
  });
});

describe('Ansible INI and YAML edge cases', () => {
  it('refuses a range bomb at once, naming file:line (issue 22)', async () => {
    const t0 = Date.now();
    expect(await usageError(parseInventory('h.ini', '[a]\npos[0:9999][0:9999]\n', 'en'))).toMatch(
      /^h\.ini:2: host range "pos\[0:9999\]\[0:9999\]" would make 100,000,000 hosts \(posaudit's limit is 100,000 per line\)/,
    );
    expect(await usageError(parseInventory('h.yaml', 'all:\n  hosts:\n    "x[0:999][0:999]":\n', 'ja'))).toMatch(
      /h\.yaml:3:\d+: .*1,000,000 台/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('refuses an undefined child group as Ansible does; reads a header-less INI file', async () => {
    expect(await usageError(parseInventory('u.ini', '[g:children]\nnope\n[h]\nx1\n', 'en'))).toMatch(
      /u\.ini:2: section \[g:children\] includes undefined group "nope"/,
    );
    const inv = await parseInventory('hosts-only', 'pos-1 ansible_port=2201\npos-2\n', 'en');
    expect(inv.format).toBe('ansible-ini');
    expect(inv.hosts.map((h) => [h.name, h.vars.port])).toEqual([
      ['pos-1', 2201],
      ['pos-2', undefined],
    ]);
  });

  it('ansible_port: a whole number (22.0 is 22, as int() makes it); a quoted "22.0" is refused', async () => {
    const inv = await parseInventory('p.yaml', 'all:\n  hosts:\n    p1:\n      ansible_port: 22.0\n', 'en');
    expect(inv.hosts[0].vars.port).toBe(22);
    expect(await usageError(parseInventory('p.yaml', 'all:\n  hosts:\n    p1:\n      ansible_port: "22.0"\n', 'en'))).toMatch(
      /p\.yaml:4:\d+: ansible_port must be a port number/,
    );
    expect(await usageError(parseInventory('p.ini', '[a]\np1 ansible_port=22.5\n', 'en'))).toMatch(
      /p\.ini:2: ansible_port must be/,
    );
  });

  it('names a duplicate YAML key with file:line', async () => {
    expect(await usageError(parseInventory('d.yaml', 'all:\n  hosts:\n    a:\n    b:\n    a:\n', 'en'))).toMatch(
      /d\.yaml:5:5: malformed inventory: duplicate key "a"/,
    );
  });
});
