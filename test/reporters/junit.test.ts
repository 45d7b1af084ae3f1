import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitFiles, renderJunit } from '../../reporters/junit.js';
import { fleetReport, HOSTILE, sampleReport } from '../helpers/sample-report.js';

interface Case {
  '@_classname': string;
  '@_name': string;
  '@_file'?: string;
  failure?: { '@_type': string; '@_message': string; '#text': string };
  error?: { '@_type': string; '@_message': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: Case[];
}
interface Doc {
  testsuites: { '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testsuite: Suite[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
});
const parse = (xml: string) => parser.parse(xml, true) as Doc;

describe('JUnit report', () => {
  const report = sampleReport();
  const doc = parse(renderJunit(report, { lang: 'en' }));

  it('has a suite per host and a case per check, with totals that add up', () => {
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s) => s['@_name'])).toEqual(['store-017/pos-0001', `渋谷店/${HOSTILE}`, 'store-017/pos-0042']);
    expect(suites[0].testcase).toHaveLength(report.targets[0].results.length);
    const sum = (k: '@_tests' | '@_failures' | '@_errors' | '@_skipped') => suites.reduce((n, s) => n + Number(s[k]), 0);
    expect(Number(doc.testsuites['@_tests'])).toBe(sum('@_tests'));
    expect(Number(doc.testsuites['@_failures'])).toBe(3);
    expect(Number(doc.testsuites['@_errors'])).toBe(2);
    // The warning below --fail-on is skipped with its reason, no longer a passed test (issue 18).
    expect(Number(doc.testsuites['@_skipped'])).toBe(4);
  });

  it('gives every test case a time', () => {
    const xml = renderJunit(report, { lang: 'en' });
    const cases = xml.match(/<testcase [^>]*>/g)!;
    expect(cases.length).toBeGreaterThan(5);
    for (const c of cases) expect(c).toMatch(/ time="\d+(\.\d+)?"/);
  });

  it('never shows a warning as a passed test; a warning that gates the run (--fail-on low) is a failure', () => {
    const warnCase = (d: Doc) => d.testsuites.testsuite[0].testcase.find((c) => c['@_name'].startsWith('tls.legacy-disabled'))!;
    const below = warnCase(doc);
    expect(below.failure).toBeUndefined();
    expect(below.skipped!['@_message']).toMatch(/^warning \(below --fail-on high\): /);
    const low = parse(renderJunit({ ...report, failOn: 'low' }, { lang: 'en' }));
    expect(warnCase(low).failure!['@_type']).toBe('warning');
    expect(Number(low.testsuites['@_failures'])).toBe(4);
  });

  it('maps statuses to failure, error and skipped', () => {
    const cases = doc.testsuites.testsuite[0].testcase;
    const byCheck = (id: string) => cases.find((c) => c['@_name'].startsWith(id))!;
    const root = byCheck('ssh.root-login-disabled');
    expect(root['@_name']).toBe('ssh.root-login-disabled [PCI 2.2.6, PCI 8.2.2, POS 方針3]');
    expect(root['@_classname']).toBe('store-017.pos-0001');
    expect(root.failure!['@_type']).toBe('high');
    expect(root.failure!['#text']).toContain('Remediation: Fix ssh.root-login-disabled.');
    expect(byCheck('patches.os-supported').error!['@_type']).toBe('evidence');
    expect(byCheck('windows.smb1-disabled').skipped!['@_message']).toMatch(/^not-applicable: /);
    expect(byCheck('firmware.password-set').skipped!['@_message']).toMatch(/^manual: Enter firmware setup/);
    expect(byCheck('pan.stored-data').skipped!['@_message']).toBe(
      'waived until 2026-12-31 by j.tanaka: Vendor log rotation fix due (CHG-4411)',
    );
    expect(byCheck('usb.storage-blocked').failure).toBeUndefined();
    expect(byCheck('tls.legacy-disabled')['system-out']).toContain('TLS 1.1');
  });

  it('reports an unreachable host as one error case', () => {
    const suite = doc.testsuites.testsuite[2];
    expect(suite.testcase).toHaveLength(1);
    expect(suite.testcase[0]['@_name']).toBe('target.reachable');
    expect(suite.testcase[0].error!['@_message']).toContain('timed out');
  });

  it('keeps hostile text as text and drops characters XML cannot hold', () => {
    const hostile = sampleReport();
    hostile.targets[1].results[0].findings[0].message.en += ' \u001b[31mred\u0007';
    const xml = renderJunit(hostile, { lang: 'en' });
    const suite = parse(xml).testsuites.testsuite[1];
    expect(suite['@_name']).toContain(HOSTILE);
    expect(suite.testcase[0].failure!['@_message']).toContain('[31mred');
    expect(xml).not.toMatch(/[\u0000-\u0008\u001b]/);
    expect(xml).not.toContain('<img');
  });

  it('splits a large fleet per store; report.junit.xml is the gate alone, so nothing is counted twice', () => {
    const fleet = fleetReport({ hosts: 250, resultsPerHost: 10, stores: 5, unreachableEvery: 50 });
    const files = junitFiles(fleet, 'en');
    expect(files.map((f) => f.path)).toEqual([
      'report.junit.xml',
      'junit/store-001.xml',
      'junit/store-002.xml',
      'junit/store-003.xml',
      'junit/store-004.xml',
      'junit/store-005.xml',
    ]);
    const perStore = files.slice(1).map((f) => parse(f.xml).testsuites);
    expect(perStore.reduce((n, d) => n + d.testsuite.length, 0)).toBe(250);
    const tests = perStore.reduce((n, d) => n + Number(d['@_tests']), 0);
    expect(tests).toBe(fleet.targets.reduce((n, tg) => n + Math.max(1, tg.results.length), 0));
    const main = parse(files[0].xml).testsuites;
    expect(Number(main['@_tests'])).toBe(1);
    const gate = main.testsuite[0].testcase[0];
    expect(gate['@_name']).toBe('gate');
    expect(gate.failure!['@_type']).toBe('gate');
    expect(gate.failure!['@_message']).toMatch(
      /^\d+ results at or above high fail, \d+ could not be decided, 5 hosts not scanned/,
    );
    expect(junitFiles(sampleReport(), 'en').map((f) => f.path)).toEqual(['report.junit.xml']);
  });
});
