import { describe, expect, it } from 'vitest';
import { diffReports } from '../../engine/diff.js';
import { buildSarif, hostUri, SARIF_SCHEMA_URI, type SarifLog } from '../../reporters/sarif.js';
import { HOSTILE, SAMPLE_RULES, sampleReport, withTargets } from '../helpers/sample-report.js';
import { validateSarif } from './sarif-schema.js';

const report = sampleReport();

describe('SARIF full flavour', () => {
  const log = buildSarif(report, { lang: 'en', rules: SAMPLE_RULES, flavour: 'full' });
  const run = log.runs[0];

  it('is valid against the official SARIF 2.1.0 schema for a scan with every status', () => {
    const statuses = new Set(run.results.map((r) => r.properties['posaudit/status']));
    expect([...statuses].sort()).toEqual(['error', 'fail', 'manual', 'not-applicable', 'pass', 'waived', 'warn']);
    const v = validateSarif(log);
    expect(v.errors).toBe('');
    expect(v.valid).toBe(true);
  });

  it('the schema check really catches a broken log', () => {
    const broken = structuredClone(log) as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    broken.runs[0].results[0].level = 'critical';
    expect(validateSarif(broken).valid).toBe(false);
  });

  it('maps statuses to kinds, with level only on failures', () => {
    const byStatus = (s: string) => run.results.find((r) => r.properties['posaudit/status'] === s)!;
    expect(byStatus('fail')).toMatchObject({ kind: 'fail', level: 'error' });
    expect(byStatus('pass')).toMatchObject({ kind: 'pass', level: 'none' });
    expect(byStatus('error')).toMatchObject({ kind: 'open', level: 'none' });
    expect(byStatus('manual')).toMatchObject({ kind: 'review', level: 'none' });
    expect(byStatus('manual').message.text).toContain('supervisor password');
    expect(byStatus('not-applicable')).toMatchObject({ kind: 'notApplicable', level: 'none' });
    for (const r of run.results) if (r.kind !== 'fail') expect(r.level).toBe('none');
  });

  it('puts waived results in suppressions with the reason and approver', () => {
    const waived = run.results.find((r) => r.properties['posaudit/status'] === 'waived')!;
    expect(waived.kind).toBe('fail');
    expect(waived.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Vendor log rotation fix due (CHG-4411)',
        properties: { approver: 'j.tanaka', expires: '2026-12-31', source: 'waivers.yaml:4' },
      },
    ]);
  });

  it('reports the unreachable host as an error notification and the run as unsuccessful', () => {
    const inv = run.invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toHaveLength(1);
    expect(inv.toolExecutionNotifications[0].message.text).toContain('pos-0042');
    expect(inv.toolExecutionNotifications[0].level).toBe('error');
    expect(run.results.some((r) => r.properties.host === 'pos-0042')).toBe(false);
  });

  it('declares PCI DSS and the POS guideline as taxonomies the rules relate to, and as tags', () => {
    expect(run.taxonomies.map((t) => t.name)).toEqual(['PCI DSS', 'POS Security Guideline']);
    expect(run.taxonomies[0].taxa.map((t) => t.id)).toContain('2.2.6');
    expect(run.taxonomies[1].taxa.map((t) => t.id)).toContain('方針3');
    const rule = run.tool.driver.rules.find((r) => r.id === 'ssh.root-login-disabled')!;
    expect(rule.properties.tags).toEqual(
      expect.arrayContaining(['security', 'pci-dss/2.2.6', 'pci-dss/8.2.2', 'pos-guideline/方針3']),
    );
    expect(rule.properties['security-severity']).toBe('8.0');
    expect(rule.relationships).toContainEqual({
      target: { id: '方針3', toolComponent: { name: 'POS Security Guideline', index: 1 } },
      kinds: ['superset'],
    });
    expect(rule.help.text).toContain('Fix ssh.root-login-disabled.');
    // every relationship points at a declared taxon
    for (const r of run.tool.driver.rules)
      for (const rel of r.relationships ?? []) {
        expect(run.taxonomies[rel.target.toolComponent.index].taxa.map((t) => t.id)).toContain(rel.target.id);
      }
  });

  it('keeps fingerprints stable across runs and distinct between hosts', () => {
    const later = buildSarif(
      { ...report, createdAt: '2026-11-22T00:00:00.000Z' },
      { lang: 'ja', rules: SAMPLE_RULES, flavour: 'full' },
    );
    const fp = (l: SarifLog) => l.runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(fp(later)).toEqual(fp(log));
    expect(new Set(fp(log)).size).toBe(fp(log).length);
  });

  it('writes Japanese texts for a Japanese run', () => {
    const ja = buildSarif(report, { lang: 'ja', rules: SAMPLE_RULES, flavour: 'full' }).runs[0];
    expect(ja.language).toBe('ja');
    expect(ja.results[0].message.text).toContain('PermitRootLogin が yes です');
    expect(validateSarif({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [ja] }).valid).toBe(true);
  });

  it('marks findings new, unchanged and absent against a baseline', () => {
    const old = sampleReport({ createdAt: '2026-11-20T00:00:00.000Z' });
    const [host1, host2, host3] = old.targets;
    // Before: host 1's SSH check also failed on a file that is fine now (the check ran to the end today,
    // so it is fixed: a check that did not run is not re-checked, never fixed); the TLS warning did not exist yet.
    const oldHost1 = {
      ...host1,
      results: host1.results
        .filter((r) => r.checkId !== 'tls.legacy-disabled')
        .map((r, i) => (i === 0 ? { ...r, findings: [...r.findings, { ...r.findings[0], location: '/etc/ssh/old' }] } : r)),
    };
    const baseline = withTargets(old, [oldHost1, host2, host3]);
    // The engine computes the diff (engine/diff.ts) and hands it to the SARIF writer with the baseline.
    const diff = diffReports(baseline, report);
    const diffed = buildSarif(report, { lang: 'en', rules: SAMPLE_RULES, flavour: 'full', baseline, diff }).runs[0];
    const state = (check: string) => diffed.results.find((r) => r.ruleId === check)?.baselineState;
    expect(state('tls.legacy-disabled')).toBe('new');
    expect(state('ssh.root-login-disabled')).toBe('unchanged');
    const absent = diffed.results.filter((r) => r.baselineState === 'absent');
    expect(absent.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation!.artifactLocation.uri}`)).toEqual([
      'ssh.root-login-disabled hosts/pos-0001/etc/ssh/old',
    ]);
    expect(validateSarif({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [diffed] }).errors).toBe('');
  });
});

describe('SARIF github flavour', () => {
  const run = buildSarif(report, { lang: 'en', rules: SAMPLE_RULES, flavour: 'github' }).runs[0];

  it('carries unwaived failures only, each with a relative colon-free physical location and fingerprint', () => {
    expect(run.results.map((r) => r.ruleId).sort()).toEqual([
      'accounts.default-passwords',
      'ssh.root-login-disabled',
      'usb.storage-blocked',
    ]);
    for (const r of run.results) {
      expect(r.kind).toBe('fail');
      expect(r.suppressions).toBeUndefined();
      expect(r.locations).toHaveLength(1);
      const uri = r.locations[0].physicalLocation!.artifactLocation.uri;
      expect(uri).toMatch(/^hosts\/[^:]+$/);
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(validateSarif({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }).errors).toBe('');
  });

  it('percent-encodes hostile names in URIs', () => {
    expect(hostUri(HOSTILE, `E:\\${HOSTILE}`, 'x')).toBe(
      'hosts/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/E%3A/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    );
    expect(hostUri('..', '/../etc', 'x')).toBe('hosts/%2E%2E/%2E%2E/etc');
  });
});

describe('SARIF rule relationships come from the profile mapping', () => {
  it('relate each rule to exactly the requirements the shipped pci-dss controls that ran it name', async () => {
    const { ALL_CHECKS, findCheck } = await import('../../checks/index.js');
    const { loadProfile } = await import('../../engine/profiles.js');
    const { buildPlan } = await import('../../engine/planner.js');
    const { mappingsByCheck } = await import('../../engine/mappings.js');
    const pci = await loadProfile('pci-dss', findCheck);
    const plan = buildPlan([pci], findCheck);
    const results = plan.controls
      .filter((pc) => pc.execution)
      .map((pc) => ({
        controlId: pc.controlId,
        checkId: pc.execution!.check.id,
        profileIds: pc.profileIds,
        requirements: pc.requirements,
        title: pc.execution!.check.title,
        controlTitle: pc.controlTitle,
        status: 'pass' as const,
        severity: pc.severity,
        findings: [],
        remediation: pc.execution!.check.remediation,
      }));
    const scanned = withTargets(report, [{ ...report.targets[0], results }]);
    const rules = ALL_CHECKS.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      remediation: c.remediation,
      severity: c.severity,
    }));
    const run = buildSarif(scanned, { lang: 'en', rules, flavour: 'full' }).runs[0];
    const mapping = mappingsByCheck([pci]);
    // pci-3.4.2 runs remote.data-transfer, and usb.storage-blocked is in no pci-dss control any more.
    expect(mapping.get('remote.data-transfer')?.map((m) => m.requirement)).toContain('PCI 3.4.2');
    expect(mapping.has('usb.storage-blocked')).toBe(false);
    for (const rule of run.tool.driver.rules) {
      const related = (rule.relationships ?? []).map((r) => `PCI ${r.target.id}`).sort();
      const expected = [...new Set((mapping.get(rule.id) ?? []).map((m) => m.requirement))].sort();
      expect(related, rule.id).toEqual(expected);
    }
    const usb = run.tool.driver.rules.find((r) => r.id === 'usb.storage-blocked');
    expect(usb?.relationships).toBeUndefined();
    expect(usb?.properties.tags).not.toContain('pci-dss/3.4.2');
  });
});
