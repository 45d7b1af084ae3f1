/** The PowerShell gatherer: well-formed for every request kind, injected values stay inside strings,
 *  and recorded Windows output parses into answers. */
import { describe, expect, it } from 'vitest';
import { requestKey, type EvidenceRequest } from '../../core/evidence.js';
import { planScript, readScriptOutput, uniqueRequests } from '../../targets/gatherer.js';
import { lexPowerShell } from '../helpers/ps-syntax.js';
import { powershellArgs, STDIN_SCRIPT_BOOTSTRAP } from '../../targets/powershell.js';
import { windowsPlatformFromLines } from '../../targets/platform.js';

const HOSTILE = `C:\\POS\\it's'; Remove-Item -Recurse C:\\ ; '\u2019 $(calc) "x" \`n`;

const REQUESTS: EvidenceRequest[] = [
  { kind: 'file', path: HOSTILE },
  { kind: 'file', path: 'C:\\Windows\\System32\\drivers\\etc\\hosts', binary: true },
  { kind: 'glob', pattern: 'C:\\ProgramData\\ssh\\*.conf', read: true },
  { kind: 'command', name: 'hotfix', command: { ps: 'Get-HotFix | Select-Object -First 3 | ForEach-Object { $_.HotFixID }' } },
  { kind: 'command', name: 'broken template', command: { ps: 'if ($true) { "unbalanced"' } },
  { kind: 'registry', key: `HKLM\\SOFTWARE\\${HOSTILE}`, value: HOSTILE },
  { kind: 'registry', key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR', subkeys: true },
  { kind: 'file', path: '/etc/os-release', os: 'linux' },
];

describe('PowerShell gatherer script', () => {
  const plan = planScript('ps', REQUESTS, '0123456789abcdef01234567');

  it('is well-formed: every string closed, every bracket balanced', () => {
    const { errors } = lexPowerShell(plan.script);
    expect(errors).toEqual([]);
  });

  it('the lexer itself catches a broken script (so the test above can fail)', () => {
    expect(lexPowerShell("function f { 'open").errors.length).toBeGreaterThan(0);
    expect(lexPowerShell('if ($a) { (1 }').errors.length).toBeGreaterThan(0);
  });

  it('keeps every hostile value inside one single-quoted string', () => {
    const { tokens } = lexPowerShell(plan.script);
    const strings = tokens.filter((t) => t.kind === 'sq').map((t) => t.value);
    expect(strings).toContain(HOSTILE);
    expect(strings).toContain(`Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\${HOSTILE}`);
    // No bare word from the payload escaped into the script.
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.text)).not.toContain('Remove-Item');
  });

  it('carries a broken command template as a string, so it fails alone at run time', () => {
    const { tokens } = lexPowerShell(plan.script);
    expect(tokens.some((t) => t.kind === 'sq' && t.value === 'if ($true) { "unbalanced"')).toBe(true);
  });

  it('answers Linux-only requests without asking Windows', () => {
    expect(plan.answers.get('file:/etc/os-release')?.status).toBe('unsupported');
  });

  it('reads recorded Windows output into answers (files, registry with subkeys, commands)', () => {
    const n = plan.nonce;
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const id = (req: EvidenceRequest) => [...plan.ids].find(([, k]) => k === requestKey(req))?.[0] ?? '';
    const frame = (fid: string, status: string, reason: string, body: string, exit = 0) =>
      `\n@@${n} ${fid} ${status} ${reason} b64\n${body}\n@@${n} END ${exit}\n`;
    const regLines = [
      `K ${b64('Enum')}`,
      `V - ${b64('Start')} D 4`,
      `V - ${b64('ImagePath')} E ${b64('System32\\drivers\\USBSTOR.SYS')}`,
      `V ${b64('Enum')} ${b64('Count')} D 0`,
    ].join('\n');
    const out = [
      // PowerShell 2.0 banner noise and a stray error before the frames must not matter.
      'Windows PowerShell\r\nCopyright (C) 2009 Microsoft Corporation.\r\n',
      frame(
        'W',
        'ok',
        '-',
        b64(
          'ProductName=Windows Embedded Standard\nEditionID=EmbeddedStandard\nCurrentBuild=7601\nUBR=\nCurrentVersion=6.1\n' +
            'Arch=x86\nHostname=POS-07\nPSVersion=2.0',
        ),
      ),
      frame(id(REQUESTS[0]), 'missing', 'nofile', ''),
      frame(id(REQUESTS[3]), 'ok', '-', b64('KB5034169\r\nKB5034441\r\n')),
      frame(`${id(REQUESTS[3])}:err`, 'ok', '-', ''),
      frame(id(REQUESTS[6]), 'ok', '-', b64(regLines)),
      frame('Z', 'ok', '-', ''),
    ].join('');
    const r = readScriptOutput('ps', plan, uniqueRequests(REQUESTS), out, 'cut off');
    expect(r.complete).toBe(true);
    expect(r.platform).toMatchObject({ os: 'windows', distro: 'Windows Embedded Standard', build: '7601', hostname: 'POS-07' });
    expect(r.answers.get(requestKey(REQUESTS[0]))).toMatchObject({ status: 'missing', reason: 'no such file' });
    expect(r.answers.get(requestKey(REQUESTS[3]))).toMatchObject({
      status: 'ok',
      data: 'KB5034169\r\nKB5034441\r\n',
      exitCode: 0,
    });
    expect(r.answers.get(requestKey(REQUESTS[6]))?.registry).toEqual({
      key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR',
      subkeys: ['Enum'],
      values: [
        { name: 'Start', type: 'REG_DWORD', data: 4 },
        { name: 'ImagePath', type: 'REG_EXPAND_SZ', data: 'System32\\drivers\\USBSTOR.SYS' },
      ],
      children: { Enum: [{ name: 'Count', type: 'REG_DWORD', data: 0 }] },
    });
    // What never arrived says so.
    expect(r.answers.get(requestKey(REQUESTS[1]))).toMatchObject({ status: 'error', reason: 'cut off' });
  });

  it("takes the build from CurrentBuildNumber where CurrentBuild is the XP family's obsolete text", () => {
    const p = windowsPlatformFromLines(
      'ProductName=Windows XP\nCurrentBuild=1.511.1 () (Obsolete data - do not use)\nCurrentBuildNumber=2600\nCurrentVersion=5.1',
    );
    expect(p.build).toBe('2600');
    expect(windowsPlatformFromLines('CurrentBuild=19044\nCurrentBuildNumber=19044\nUBR=4529').build).toBe('19044.4529');
  });

  it('starts PowerShell with the script read whole from stdin, the command itself base64 UTF-16LE (nothing to quote)', () => {
    const args = powershellArgs(STDIN_SCRIPT_BOOTSTRAP);
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    const decoded = Buffer.from(args[5], 'base64').toString('utf16le');
    expect(decoded).toBe(STDIN_SCRIPT_BOOTSTRAP);
    expect(lexPowerShell(decoded).errors).toEqual([]);
    expect(args[5]).toMatch(/^[A-Za-z0-9+/=]+$/);
  });
});
