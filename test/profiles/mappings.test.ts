/**
 * Issue 16, "Mappings to correct": each wrong piece of evidence stays off its control, each
 * renumbered or retitled control says what PCI DSS v4.0.1 says, and each control that a check
 * cannot settle alone is partial with the manual step a person follows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import { controlKind, type CoverageKind } from '../../engine/coverage.js';
import { loadProfile, type Control, type Profile } from '../../engine/profiles.js';

let pci: Profile;
let daily: Profile;
beforeAll(async () => {
  pci = await loadProfile('pci-dss', findCheck);
  daily = await loadProfile('daily', findCheck);
});

function control(id: string, p: Profile = pci): Control {
  const c = p.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
}
const checksOf = (c: Control) => (c.checks ?? []).map((r) => r.check);

/** [control, check or check prefix that must not evidence it, why]. */
const WRONG_EVIDENCE: Array<[string, string, string]> = [
  ['pci-3.4.2', 'usb.storage-blocked', 'remote-access copying is RDP/SSH redirection, not USB'],
  ['pci-3.5.1.3', 'firmware.tpm-present', 'a TPM is not key management apart from OS logon'],
  ['pci-5.2.1', 'allowlist.enforced', 'an allow-list is not anti-malware'],
  ['pci-9.5.1.1', 'usb.', 'a USB allow-list is not the list of POI devices'],
  ['pci-12.5.1', 'usb.', 'a USB allow-list is not the component inventory'],
  ['pci-10.2.1', 'usb.device-history', 'USB history is not audit logging'],
  ['pci-3.4.1', 'pan.stored-pan', '3.4.1 is display masking'],
  ['pci-12.10.7', 'pan.stored-pan', 'a PAN found triggers the procedure; it is not its failure'],
  ['pci-11.5.2', 'allowlist.', 'prevention is not change detection'],
  ['pci-2.2.7', 'ssh.password-auth-disabled', 'key authentication is not encryption of admin access'],
  ['pci-6.3.3', 'patches.auto-updates', 'an update mechanism is not installed patches'],
  ['pci-5.3.3', 'usb.', 'blocking media is not scanning it'],
];

describe('wrong evidence is off', () => {
  it.each(WRONG_EVIDENCE)('%s does not use %s (%s)', (id, check) => {
    expect(checksOf(control(id)).filter((c) => c === check || (check.endsWith('.') && c.startsWith(check)))).toEqual([]);
  });

  it('no shipped control other than pci-dss claims a PCI requirement more automated than pci-dss does', async () => {
    const pos = await loadProfile('pos-guideline', findCheck);
    const rank: Record<CoverageKind, number> = { manual: 0, partial: 1, automated: 2 };
    for (const p of [daily, pos])
      for (const c of p.controls)
        for (const req of c.requirements.filter((r) => r.startsWith('PCI '))) {
          const own = pci.controls.filter((x) => x.requirements.includes(req)).map(controlKind);
          expect(own.length, `${p.id}/${c.id} names ${req}, which pci-dss lacks`).toBeGreaterThan(0);
          const best = Math.max(...own.map((k) => rank[k]));
          expect(rank[controlKind(c)], `${p.id}/${c.id} claims ${req} as ${controlKind(c)}`).toBeLessThanOrEqual(best);
        }
  });
});

/** [control, title (en) must match, status, check that must be there (or none)]. */
const RIGHT: Array<[string, RegExp, CoverageKind, string?]> = [
  ['pci-1.4.2', /Inbound traffic from untrusted networks is restricted/, 'manual'],
  ['pci-1.4.4', /store card data are not directly reachable from untrusted networks/, 'manual'],
  ['pci-3.4.1', /BIN and last four/, 'manual'],
  ['pci-3.4.2', /copy or relocate/, 'partial', 'remote.data-transfer'],
  ['pci-3.5.1.3', /apart from the operating system's logon/, 'manual'],
  ['pci-3.6.1.2', /approved forms/, 'manual'],
  ['pci-3.7.1', /generation of strong keys/, 'manual'],
  ['pci-3.7.2', /distribution/, 'manual'],
  ['pci-3.7.3', /storage/, 'manual'],
  ['pci-3.7.4', /cryptoperiod/, 'manual'],
  ['pci-3.7.5', /retired or replaced/, 'manual'],
  ['pci-3.7.6', /split knowledge and dual control/, 'manual'],
  ['pci-3.7.7', /substitution/, 'manual'],
  ['pci-3.7.8', /custodians/, 'manual'],
  ['pci-5.3.2', /Periodic and real-time scans, or continuous behavioural analysis/, 'partial', 'antimalware.present-and-current'],
  ['pci-5.3.3', /scanned when inserted, or behaviour-monitored/, 'partial', 'antimalware.removable-media'],
  ['pci-7.3.1', /access control system restricts access by need to know/i, 'manual'],
  ['pci-7.3.2', /job classification and function/, 'manual'],
  ['pci-7.3.3', /denies all by default/, 'manual'],
  ['pci-8.3.4', /at most 10 failed logons, for at least 30 minutes/, 'automated', 'accounts.lockout'],
  ['pci-9.2.2', /network jacks/, 'manual'],
  ['pci-9.2.3', /access points, network hardware and lines/, 'manual'],
  ['pci-9.5.1.1', /POI devices/, 'manual'],
  ['pci-10.4.3', /Exceptions and anomalies/, 'manual'],
  ['pci-11.4.5', /Segmentation controls are penetration-tested/, 'manual'],
  ['pci-11.5.1', /IDS\/IPS/, 'manual'],
  ['pci-11.5.2', /change-detection mechanism/, 'partial', 'fim.monitoring'],
  ['pci-12.6.1', /formal security awareness programme/, 'manual'],
  ['pci-12.6.3', /training on hire and every 12 months/, 'manual'],
  ['pci-12.6.3.1', /phishing and social engineering/, 'manual'],
  ['pci-12.6.3.2', /acceptable use/, 'manual'],
  ['pci-12.10.1', /exists and is ready to be activated/, 'manual'],
  ['pci-12.10.2', /reviewed and tested every 12 months/, 'manual'],
  ['pci-12.10.7', /not expected/, 'manual'],
  // Made partial: the check sees part of the requirement; the manual step covers the rest.
  ['pci-1.3.1', /Inbound traffic/, 'partial', 'firewall.host-enabled'],
  ['pci-2.2.2', /Vendor default accounts/, 'partial', 'accounts.default-disabled'],
  ['pci-2.2.4', /Only needed services/, 'partial', 'firewall.listening-services'],
  ['pci-3.3.1.1', /No full track data/, 'partial', 'pan.track-data'],
  ['pci-8.3.1', /All access is authenticated/, 'partial', 'accounts.autologon-cleartext'],
  ['pci-2.2.6', /prevent misuse/, 'partial', 'ssh.root-login-disabled'],
  ['pci-2.2.7', /Non-console administrative access is encrypted/, 'partial', 'remote.tools'],
  ['pci-3.3.1', /even if encrypted/, 'partial', 'pan.track-data'],
  ['pci-3.5.1', /unreadable/, 'partial', 'pan.stored-pan'],
  ['pci-6.3.3', /within a month/, 'partial', 'patches.recent'],
  ['pci-7.2.2', /least privilege/, 'partial', 'accounts.local-admins'],
  ['pci-10.2.1.7', /system-level objects/, 'partial', 'logging.audit-policy'],
  ['pci-10.3.3', /central log server/, 'partial', 'logging.remote-forwarding'],
  ['pci-10.6.2', /designated time sources/, 'partial', 'time.sync-configured'],
];

describe('right numbers, titles and status', () => {
  it.each(RIGHT)('%s: %s, %s', (id, title, kind, check) => {
    const c = control(id);
    expect(c.requirements).toEqual([`PCI ${id.slice(4)}`]);
    expect(c.title.en).toMatch(title);
    expect(controlKind(c)).toBe(kind);
    if (check) expect(checksOf(c)).toContain(check);
    if (kind !== 'automated') {
      expect(c.manual?.procedure.en, `${id} says what a person does`).toBeTruthy();
      expect(c.manual?.expected?.ja, `${id} says what counts as pass`).toBeTruthy();
    }
  });

  it('5.3.2.1 passes on behavioural analysis or a risk-analysed frequency, not on real-time scanning alone', () => {
    const e = control('pci-5.3.2.1').manual?.expected?.en ?? '';
    expect(e).toMatch(/continuous behavioural analysis/);
    expect(e).not.toMatch(/real-time scanning is used/);
  });

  it('5.3.3 says blocking removable media is not applicable with a reason, not a pass', () => {
    const c = control('pci-5.3.3');
    expect(c.manual?.expected?.en).toMatch(/not applicable, with the reason, when removable storage is blocked/);
  });

  it('the cashier option names 8.3.4', () => {
    expect(pci.options.find((o) => o.id === 'cashier-exemption')?.title.en).toMatch(/8\.3\.4/);
  });

  it('daily makes no PCI claim its quick checks cannot carry', () => {
    expect(control('daily-usb', daily).requirements).not.toContain('PCI 3.4.2');
    expect(control('daily-usb', daily).requirements).not.toContain('PCI 5.3.3');
    expect(control('daily-card-data', daily).requirements.filter((r) => r.startsWith('PCI'))).toEqual([]);
  });
});

describe('one source for requirement mappings', () => {
  it('every check is used by a shipped profile, and no check carries its own requirement list', async () => {
    const { ALL_CHECKS } = await import('../../checks/index.js');
    const { mappingsByCheck } = await import('../../engine/mappings.js');
    const pos = await loadProfile('pos-guideline', findCheck);
    const mapping = mappingsByCheck([pci, pos, daily]);
    for (const c of ALL_CHECKS) {
      expect(mapping.get(c.id)?.length, `${c.id} is in no shipped control`).toBeGreaterThan(0);
      expect(Object.keys(c), c.id).not.toContain('requirements');
    }
  });

  it('checks show prints the requirements the shipped profiles map the check to', async () => {
    const { checkShow } = await import('../../bin/commands/catalog.js');
    const en = await checkShow('remote.data-transfer', 'en');
    expect(en).toMatch(/Requirements \(from the shipped profiles\): PCI 3\.4\.2\n/);
    const tpm = await checkShow('firmware.tpm-present', 'en');
    expect(tpm).not.toMatch(/PCI 3\.5\.1\.3/);
  });
});
