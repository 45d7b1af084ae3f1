/** The card-data search over a real SSH connection (the terminal's own find/grep does the filtering),
 *  and the PowerShell variant checked for well-formedness with hostile paths. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Evidence } from '../../core/evidence.js';
import { buildPlan } from '../../engine/planner.js';
import { gatherTarget } from '../../engine/runner.js';
import { judgeTarget } from '../../engine/evaluate.js';
import { findCheck } from '../../checks/index.js';
import { powershellFilterCommand } from '../../checks/pan/remote.js';
import { SshTarget } from '../../targets/ssh.js';
import { lexPowerShell } from '../helpers/ps-syntax.js';
import { SSHD, startSshd, type TestSshd } from '../helpers/sshd.js';

const VISA = '4111111111111111';
const AMEX = '378282246310005';
/** A Luhn-valid number no brand owns (private label), kept as track 2: found for its track context. */
const PRIVATE_TRACK = '9012345678901238';

describe.skipIf(!SSHD)('card-data search over SSH', () => {
  let sshd: TestSshd;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd();
    dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-pan-ssh-'));
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'pos.log'), `2026-11-21 sale ok card=${VISA} amount=100\nmasked 411111******1111\n`);
    writeFileSync(path.join(dir, 'logs', 'export.csv'), `id,pan\n1,${AMEX.slice(0, 4)} ${AMEX.slice(4, 10)} ${AMEX.slice(10)}\n`);
    writeFileSync(path.join(dir, 'logs', 'clean.log'), 'nothing here 1234567890123\n');
    writeFileSync(path.join(dir, 'logs', 'reader.log'), `swipe ;${PRIVATE_TRACK}=29121010000000?\n`);
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the planted numbers, returns only masked ones, and sends back little', async () => {
    const profile = {
      id: 't',
      title: { en: 'T', ja: 'T' },
      version: '1',
      source: 'inline',
      context: [],
      options: [],
      controls: [
        {
          id: 'pan',
          requirements: ['PCI 3.5.1'],
          title: { en: 'PAN', ja: 'PAN' },
          checks: [{ check: 'pan.stored-pan', params: { paths: [dir], timeoutSeconds: 60 } }],
        },
        {
          id: 'track',
          requirements: ['PCI 3.3.1'],
          title: { en: 'Track', ja: 'Track' },
          checks: [{ check: 'pan.track-data', params: { paths: [dir], timeoutSeconds: 60 } }],
        },
      ],
    };
    const plan = buildPlan([profile], findCheck);
    const target = new SshTarget({
      address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
      identities: [sshd.clientKey],
      knownHosts: sshd.knownHosts,
      agent: false,
    });
    const bt = await gatherTarget(target, plan);
    expect(bt.state).toBe('scanned');
    const stored = JSON.stringify(bt);
    expect(stored).not.toContain(VISA);
    expect(stored).not.toContain(AMEX);
    expect(stored).not.toContain(PRIVATE_TRACK);
    const active = Object.entries(bt.answers).find(([k]) => k.startsWith('active:'));
    const data = new Evidence(new Map([[active?.[0] ?? '', active?.[1] ?? { status: 'error' }]])).active<{
      mode: string;
      transferredBytes: number;
    }>((active?.[0] ?? '').slice('active:'.length));
    expect(data?.mode).toBe('remote-sh');
    expect(data?.transferredBytes).toBeLessThan(4096);
    const judged = judgeTarget(plan, bt, { waivers: [], attestations: [] }).results;
    const result = judged.find((r) => r.checkId === 'pan.stored-pan') ?? judged[0];
    const track = judged.find((r) => r.checkId === 'pan.track-data');
    expect(track?.status).toBe('fail');
    expect(track?.findings.map((f) => f.message.en).join('\n')).toContain('901234******1238');
    expect(result.status).toBe('fail');
    const masked = result.findings.map((f) => f.message.en).join('\n');
    expect(masked).toContain('411111******1111');
    expect(masked).toMatch(/378282\*+0005/);
    expect(result.findings.some((f) => (f.location ?? '').includes('clean.log'))).toBe(false);
    expect(target.roundTrips()).toBe(2); // the gatherer, then the search
  });

  it('generates a well-formed PowerShell search whatever the paths say', () => {
    const cmd = powershellFilterCommand({
      paths: ["C:\\POS\\it's'; Remove-Item C:\\ -Recurse; '", 'C:\\ProgramData'],
      exclude: ["*\\node_modules'$(x)"],
      maxFileBytes: 1 << 20,
      timeoutSeconds: 30,
      maxOutputBytes: 1 << 20,
    });
    const { tokens, errors } = lexPowerShell(cmd);
    expect(errors).toEqual([]);
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.text)).not.toContain('Remove-Item');
  });
});
