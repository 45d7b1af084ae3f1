/** The POSIX gatherer script run by a real sh, and the in-process reader: hostile names, caps, FIFOs. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestKey, type EvidenceAnswer, type EvidenceRequest } from '../../core/evidence.js';
import { newNonce } from '../../targets/frames.js';
import { planScript, readScriptOutput, uniqueRequests } from '../../targets/gatherer.js';
import { RootedFs } from '../../targets/rooted-fs.js';

function runSh(requests: EvidenceRequest[]): Map<string, EvidenceAnswer> {
  const plan = planScript('sh', requests, newNonce());
  const r = spawnSync('sh', ['-s'], { input: plan.script, maxBuffer: 64 << 20 });
  return readScriptOutput('sh', plan, uniqueRequests(requests), r.stdout.toString('latin1'), 'cut off').answers;
}

const HOSTILE = `it's $(touch pwned) "q" \`x\` ;& |\nnew line`;

describe('gatherer script (sh) and in-process reads agree on hostile input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-gather-'));
    writeFileSync(path.join(dir, HOSTILE), 'hostile name\n');
    writeFileSync(path.join(dir, 'marker.txt'), '\n@@deadbeef 0 ok - b64\nAAAA\n@@deadbeef END 0\n');
    writeFileSync(path.join(dir, 'binary.bin'), Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]));
    writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(5000));
    mkdirSync(path.join(dir, 'conf.d'));
    writeFileSync(path.join(dir, 'conf.d', 'a.conf'), 'alpha\n');
    writeFileSync(path.join(dir, 'conf.d', 'b.conf'), 'beta\n');
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  });

  const reqs = () => {
    const r: EvidenceRequest[] = [
      { kind: 'file', path: path.join(dir, HOSTILE) },
      { kind: 'file', path: path.join(dir, 'marker.txt') },
      { kind: 'file', path: path.join(dir, 'binary.bin'), binary: true },
      { kind: 'file', path: path.join(dir, 'big.txt'), maxBytes: 1000 },
      { kind: 'file', path: path.join(dir, 'fifo') },
      { kind: 'file', path: path.join(dir, 'absent') },
      { kind: 'file', path: dir },
      { kind: 'glob', pattern: path.join(dir, 'conf.d', '*.conf'), read: true },
    ];
    return r;
  };

  it('reads each answer the same way through sh as in-process', async () => {
    const viaSh = runSh(reqs());
    const fs = new RootedFs('/');
    for (const req of reqs()) {
      const local = req.kind === 'file' ? await fs.readFile(req) : req.kind === 'glob' ? await fs.glob(req) : undefined;
      const remote = viaSh.get(requestKey(req));
      expect(remote?.status, requestKey(req)).toBe(local?.status);
      expect(remote?.data, requestKey(req)).toEqual(local?.data);
      expect(remote?.truncated ?? false).toBe(local?.truncated ?? false);
      expect(remote?.files).toEqual(local?.files);
    }
  });

  it('never runs what a file name says, never opens a FIFO, and caps reads', () => {
    const a = runSh(reqs());
    expect(a.get(requestKey({ kind: 'file', path: path.join(dir, HOSTILE) }))?.data).toBe('hostile name\n');
    expect(spawnSync('test', ['-e', 'pwned']).status).not.toBe(0);
    expect(a.get(requestKey({ kind: 'file', path: path.join(dir, 'fifo') }))).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/not a regular file/),
    });
    const big = a.get(requestKey({ kind: 'file', path: path.join(dir, 'big.txt'), maxBytes: 1000 }));
    expect(big?.data?.length).toBe(1000);
    expect(big?.truncated).toBe(true);
    expect(a.get(requestKey({ kind: 'file', path: path.join(dir, 'marker.txt') }))?.data).toContain('@@deadbeef');
    expect(
      Buffer.from(a.get(requestKey({ kind: 'file', path: path.join(dir, 'binary.bin'), binary: true }))?.data ?? '', 'base64'),
    ).toEqual(Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]));
    const glob = a.get(requestKey({ kind: 'glob', pattern: path.join(dir, 'conf.d', '*.conf'), read: true }));
    expect(glob?.files?.map((f) => [path.basename(f.path), f.data])).toEqual([
      ['a.conf', 'alpha\n'],
      ['b.conf', 'beta\n'],
    ]);
  });

  it('records exit codes and stderr of commands, and refuses unsafe globs', () => {
    const cmd: EvidenceRequest = { kind: 'command', name: 'fails', command: { sh: 'echo out; echo err >&2; exit 7' } };
    const bad: EvidenceRequest = { kind: 'glob', pattern: '/etc/[$(reboot)]' };
    const a = runSh([cmd, bad, { kind: 'registry', key: 'HKLM\\SOFTWARE' }]);
    expect(a.get(requestKey(cmd))).toMatchObject({ status: 'ok', data: 'out\n', exitCode: 7, stderr: 'err\n' });
    expect(a.get(requestKey(bad))?.status).toBe('error');
    expect(a.get('registry:HKLM\\SOFTWARE')?.status).toBe('unsupported');
  });
});

describe('RootedFs keeps an image inside its root', () => {
  it('resolves absolute symlinks relative to the image, never the host', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'posaudit-img-'));
    mkdirSync(path.join(root, 'etc'));
    writeFileSync(path.join(root, 'etc', 'shadow-inside'), 'image copy\n');
    symlinkSync('/etc/shadow-inside', path.join(root, 'etc', 'link'));
    symlinkSync('/etc/passwd', path.join(root, 'etc', 'escape'));
    symlinkSync('../../../../../../etc/hostname', path.join(root, 'etc', 'dotdot'));
    mkdirSync(path.join(root, 'usr', 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'usr', 'lib', 'os-release'), 'ID=debian\n');
    symlinkSync('../usr/lib/os-release', path.join(root, 'etc', 'os-release'));
    const fs = new RootedFs(root);
    expect((await fs.readFile({ kind: 'file', path: '/etc/link' })).data).toBe('image copy\n');
    expect((await fs.readFile({ kind: 'file', path: '/etc/escape' })).status).toBe('missing');
    expect((await fs.readFile({ kind: 'file', path: '/etc/dotdot' })).status).toBe('missing');
    expect((await fs.readFile({ kind: 'file', path: '/etc/os-release' })).data).toBe('ID=debian\n');
  });

  it('does not open devices', async () => {
    const fs = new RootedFs('/');
    expect((await fs.readFile({ kind: 'file', path: '/dev/zero' })).status).toBe('error');
  });
});
