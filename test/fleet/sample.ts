/** A small fleet report for merge tests. */
import type { Report, Severity } from '../../core/model.js';

export function sampleFleetReport(createdAt: string, hosts: string[], failOn: Severity): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'posaudit', version: '0.1.0' },
    createdAt,
    lang: 'en',
    failOn,
    profiles: [{ id: 'daily', title: { en: 'Daily', ja: '毎日' }, version: '1', source: 'daily' }],
    targets: hosts.map((name) => ({
      id: `ssh://${name}`,
      kind: 'ssh',
      name,
      platform: { os: 'linux' },
      state: 'scanned',
      results: [
        {
          controlId: 'daily-clock',
          checkId: 'time.sync-configured',
          profileIds: ['daily'],
          requirements: ['PCI 10.6.1'],
          title: { en: 'Clock', ja: '時計' },
          controlTitle: { en: 'Clock', ja: '時計' },
          status: 'pass',
          severity: 'medium',
          findings: [{ status: 'pass', message: { en: 'ok', ja: 'ok' } }],
          remediation: { en: '-', ja: '-' },
        },
      ],
      timing: { startedAt: createdAt, finishedAt: createdAt, roundTrips: 1, requests: 3 },
    })),
    summary: { pass: 0, fail: 0, warn: 0, error: 0, 'not-applicable': 0, manual: 0, waived: 0, total: 0 },
    verdict: 'compliant',
  };
}
