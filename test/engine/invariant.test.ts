/** The same profile over ssh://localhost and local gives the same evidence and the same results. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeTarget } from '../../engine/evaluate.js';
import { buildPlan } from '../../engine/planner.js';
import { loadProfile } from '../../engine/profiles.js';
import { gatherTarget } from '../../engine/runner.js';
import { findCheck } from '../../checks/index.js';
import { LocalTarget } from '../../targets/local.js';
import { SshTarget } from '../../targets/ssh.js';
import { SSHD, startSshd, type TestSshd } from '../helpers/sshd.js';

const PROFILE = 'test/fixtures/profiles/invariant.yaml';

describe.skipIf(!SSHD)('local and ssh://localhost agree', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('gathers identical evidence and judges it identically', async () => {
    const profile = await loadProfile(PROFILE, findCheck);
    const plan = buildPlan([profile], findCheck);
    const local = await gatherTarget(new LocalTarget(), plan);
    const remote = await gatherTarget(
      new SshTarget({
        address: { host: '127.0.0.1', port: sshd.port, user: sshd.user },
        identities: [sshd.clientKey],
        knownHosts: sshd.knownHosts,
        agent: false,
      }),
      plan,
    );
    expect(remote.state).toBe('scanned');
    expect(Object.keys(remote.answers).sort()).toEqual(Object.keys(local.answers).sort());
    for (const key of Object.keys(local.answers)) expect(remote.answers[key], key).toEqual(local.answers[key]);
    expect({ ...remote.platform, hardware: undefined }).toEqual({ ...local.platform, hardware: undefined });
    const j = { waivers: [], attestations: [] };
    const same = (r: ReturnType<typeof judgeTarget>) =>
      r.results.map((x) => [x.controlId, x.checkId, x.status, x.findings.map((f) => f.message.en)]);
    // Judge both as of the same moment: only the gathered evidence may differ.
    expect(same(judgeTarget(plan, { ...remote, gatheredAt: local.gatheredAt }, j))).toEqual(same(judgeTarget(plan, local, j)));
  });
});
