/**
 * A Windows terminal for the pwsh tests, as far as Linux can be one: a real OpenSSH server on loopback
 * whose exec requests go through openssh-shell.sh (cmd.exe's part: the 8,191-character limit, unknown
 * programs) to a real PowerShell 7, with the thin fake-Windows layer (fake-windows/shim.ps1, stand-in
 * programs in fake-windows/bin) loaded first. The registry it serves is the real SYSTEM hive of a
 * Windows 10 machine (read with hivexsh, which nobody here wrote) plus SOFTWARE values recorded from a
 * Windows 10 IoT Enterprise LTSC 2021 terminal (fake-windows/software.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvidenceRequest } from '../../core/evidence.js';
import { SshTarget } from '../../targets/ssh.js';
import { startSshd, SSHD, type TestSshd } from '../helpers/sshd.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FAKE_DIR = path.join(HERE, 'fake-windows');
/** The real hives (../shared/data/windows-hives beside the repository, or $POSAUDIT_HIVES). */
export const HIVES =
  [
    process.env.POSAUDIT_HIVES,
    path.resolve(HERE, '../../../shared/data/windows-hives'),
    path.resolve(HERE, '../../../../shared/data/windows-hives'),
  ].find((d) => d && existsSync(path.join(d, 'SYSTEM_WIN_10_1709.xz'))) ??
  path.resolve(HERE, '../../../shared/data/windows-hives');

/** PowerShell 7: $PWSH, the .NET global tool (as .ci/run installs it), or pwsh on PATH. */
export const PWSH = ((): string | undefined => {
  const candidates = [process.env.PWSH, path.join(os.homedir(), '.dotnet', 'tools', 'pwsh')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', 'command -v pwsh'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

/** Skip only on a developer machine without pwsh; in CI (CI set) a missing pwsh fails the tests. */
export const SKIP_PWSH = !PWSH && !process.env.CI;
if (!PWSH && process.env.CI) throw new Error('CI is set but PowerShell (pwsh) is not installed: .ci/run installs it');
if (!SSHD && process.env.CI) throw new Error('CI is set but sshd is not installed');

export interface RegistryNode {
  values: Array<{ name: string; type: string; data: string | number | string[] }>;
  subkeys: string[];
  adminOnly?: boolean;
}

/** Keys an ordinary user may not open on a real Windows 10 (ACLs of a stock install). */
const ADMIN_ONLY = ['HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security'];

function unescapeReg(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** One `lsval` line of hivexsh ("name"=type:data) as a registry value the way .NET names its kind. */
export function parseLsval(line: string): RegistryNode['values'][number] | undefined {
  const m = /^(@|"((?:[^"\\]|\\.)*)")=(.*)$/.exec(line);
  if (!m) return undefined;
  const name = m[1] === '@' ? '' : unescapeReg(m[2]);
  const rest = m[3];
  const hexBytes = (h: string) => Buffer.from(h.replace(/,/g, ''), 'hex');
  let q: RegExpExecArray | null;
  if ((q = /^"((?:[^"\\]|\\.)*)"$/.exec(rest))) return { name, type: 'String', data: unescapeReg(q[1]) };
  if ((q = /^str\((\d+)\):"((?:[^"\\]|\\.)*)"$/.exec(rest)))
    return { name, type: q[1] === '2' ? 'ExpandString' : 'String', data: unescapeReg(q[2]) };
  if ((q = /^dword:([0-9a-f]{8})$/i.exec(rest))) return { name, type: 'DWord', data: Number.parseInt(q[1], 16) };
  if ((q = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(rest))) {
    const t = Number.parseInt(q[1] ?? '3', 16);
    const b = hexBytes(q[2]);
    if (t === 7) {
      const parts = b.toString('utf16le').split('\0');
      while (parts.length && parts[parts.length - 1] === '') parts.pop();
      return { name, type: 'MultiString', data: parts };
    }
    if (t === 1 || t === 2)
      return { name, type: t === 2 ? 'ExpandString' : 'String', data: b.toString('utf16le').replace(/\0+$/, '') };
    if (t === 4 && b.length === 4) return { name, type: 'DWord', data: b.readUInt32LE(0) };
    if (t === 11 && b.length === 8) return { name, type: 'QWord', data: b.readBigUInt64LE(0).toString() };
    if (t === 0) return { name, type: 'None', data: '' };
    return { name, type: 'Binary', data: b.toString('hex') };
  }
  return undefined;
}

/** Read keys of a real SYSTEM hive with hivexsh: `HKLM\SYSTEM\CurrentControlSet\…` → `\ControlSet00N\…`. */
export function systemKeysFromHive(hive: string, keys: Array<{ key: string; subkeys: boolean }>): Map<string, RegistryNode> {
  const sh = (script: string): string | undefined => {
    try {
      return execFileSync('hivexsh', [hive], { input: script, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
  const current = /"Current"=dword:([0-9a-f]{8})/.exec(sh('cd \\Select\nlsval\n') ?? '');
  const set = `ControlSet${String(Number.parseInt(current?.[1] ?? '1', 16)).padStart(3, '0')}`;
  const out = new Map<string, RegistryNode>();
  const read = (full: string) => {
    const rel = full
      .replace(/^HKEY_LOCAL_MACHINE\\SYSTEM/i, '')
      .replace(/^\\CurrentControlSet(\\|$)/i, `\\${set}$1`)
      .replace(/"/g, '');
    const text = sh(`cd ${rel || '\\'}\nlsval\nls\n`);
    if (text === undefined) return undefined;
    const node: RegistryNode = { values: [], subkeys: [] };
    for (const line of text.split('\n')) {
      if (!line) continue;
      const v = line.startsWith('"') || line.startsWith('@=') ? parseLsval(line) : undefined;
      if (v) node.values.push(v);
      else if (!line.startsWith('"') && !line.startsWith('@=')) node.subkeys.push(line);
    }
    if (ADMIN_ONLY.some((k) => k.toLowerCase() === full.toLowerCase())) node.adminOnly = true;
    out.set(full, node);
    return node;
  };
  for (const { key, subkeys } of keys) {
    const full = key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');
    if (!/^HKEY_LOCAL_MACHINE\\SYSTEM\\/i.test(full)) continue;
    const node = read(full);
    if (node && subkeys) for (const s of node.subkeys) read(`${full}\\${s}`);
  }
  return out;
}

export interface Scenario {
  nonadmin?: boolean;
  clm?: boolean;
  /** Stand-in cmdlets to remove (as on a Windows without them). */
  missing?: string[];
  /** Console input code page of the PowerShell (932: Japanese Windows). */
  oem?: number;
  /** A 32-bit OpenSSH (and so a 32-bit PowerShell) on 64-bit Windows. */
  wow64?: boolean;
  netstat?: 'de';
}

export interface FakeWindows {
  sshd: TestSshd;
  state: string;
  /** The fake C: drive (a folder). */
  drive: string;
  setScenario(s: Scenario): void;
  target(over?: Partial<ConstructorParameters<typeof SshTarget>[0]>): SshTarget;
  stop(): Promise<void>;
}

/** Start one fake Windows terminal (one sshd) serving the registry keys the given requests ask for. */
export async function startFakeWindows(requests: EvidenceRequest[]): Promise<FakeWindows> {
  if (!PWSH) throw new Error('pwsh is not installed');
  const keys = requests.flatMap((r) => (r.kind === 'registry' ? [{ key: r.key, subkeys: r.subkeys === true }] : []));
  const hiveDir = path.join(os.tmpdir(), 'posaudit-pwsh-hive');
  mkdirSync(hiveDir, { recursive: true });
  const hive = path.join(hiveDir, 'SYSTEM_WIN_10_1709');
  if (keys.length > 0 && !existsSync(hive)) {
    // Test files run side by side: write under a private name, then rename (atomic).
    const part = `${hive}.${process.pid}`;
    writeFileSync(part, execFileSync('xz', ['-dc', path.join(HIVES, 'SYSTEM_WIN_10_1709.xz')], { maxBuffer: 1 << 26 }));
    renameSync(part, hive);
  }
  const registry: Record<string, RegistryNode> = {};
  for (const [k, v] of systemKeysFromHive(hive, keys)) registry[k.toLowerCase()] = v;
  const software = JSON.parse(readFileSync(path.join(FAKE_DIR, 'software.json'), 'utf8')) as Record<string, RegistryNode>;
  for (const [k, v] of Object.entries(software)) if (!k.startsWith('//')) registry[k.toLowerCase()] = v;

  const sshdPromise = (state: string) =>
    startSshd({ extraConfig: `ForceCommand ${path.join(FAKE_DIR, 'openssh-shell.sh')} ${state} ${PWSH}` });
  const state = execFileSync('mktemp', ['-d', path.join(os.tmpdir(), 'posaudit-fakewin-XXXXXX')], { encoding: 'utf8' }).trim();
  writeFileSync(path.join(state, 'registry.json'), JSON.stringify(registry));
  writeFileSync(path.join(state, 'wmi.json'), readFileSync(path.join(FAKE_DIR, 'wmi.json')));
  writeFileSync(path.join(state, 'scenario'), '');
  const drive = path.join(state, 'C');
  mkdirSync(drive, { recursive: true });
  // The 64-bit PowerShell that a 32-bit process reaches through %windir%\sysnative.
  const sysnative = path.join(state, 'Windows', 'sysnative', 'WindowsPowerShell', 'v1.0');
  mkdirSync(sysnative, { recursive: true });
  writeFileSync(
    path.join(sysnative, 'powershell.exe'),
    `#!/bin/sh\nunset PROCESSOR_ARCHITEW6432\nexport POSAUDIT_FAKE_NATIVE64=1\nSSH_ORIGINAL_COMMAND="powershell $*" ` +
      `exec ${path.join(FAKE_DIR, 'openssh-shell.sh')} ${state} ${PWSH}\n`,
    { mode: 0o755 },
  );
  const sshd = await sshdPromise(state);
  return {
    sshd,
    state,
    drive,
    setScenario(s: Scenario) {
      const lines = [
        s.nonadmin ? 'nonadmin=1' : '',
        s.clm ? 'clm=1' : '',
        s.missing?.length ? `missing=${s.missing.join(',')}` : '',
        s.oem ? `oem=${s.oem}` : '',
        s.wow64 ? 'wow64=1' : '',
        s.netstat ? `netstat=${s.netstat}` : '',
      ].filter(Boolean);
      writeFileSync(path.join(state, 'scenario'), lines.join('\n') + '\n');
    },
    target: (over = {}) =>
      new SshTarget({
        address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
        identities: [sshd.clientKey],
        knownHosts: sshd.knownHosts,
        agent: false,
        platformHint: 'windows',
        timeoutMs: 120_000,
        ...over,
      }),
    stop: async () => {
      await sshd.stop();
      execFileSync('rm', ['-rf', state]);
    },
  };
}
