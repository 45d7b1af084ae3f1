/** Every PowerShell text posaudit generates stays within Windows PowerShell 5.1 (the version of Windows 10/11
 *  IoT LTSC) and 3.0 (the oldest it accepts; 2.0 is refused by the bootstrap): read by PowerShell's own parser. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../checks/index.js';
import { DEFAULT_EXCLUDES, DEFAULT_PATHS } from '../../checks/pan/index.js';
import { powershellFilterCommand } from '../../checks/pan/remote.js';
import { LIST_LISTENERS } from '../../checks/tls/listeners.js';
import { buildPlan } from '../../engine/planner.js';
import { loadProfile } from '../../engine/profiles.js';
import { planRequests } from '../../engine/runner.js';
import { planScript } from '../../targets/gatherer.js';
import { powershellArgs, STDIN_SCRIPT_BOOTSTRAP } from '../../targets/powershell.js';
import { PWSH, SKIP_PWSH } from './fake-windows.js';

interface Item {
  name: string;
  kind: 'script' | 'template';
  code: string;
}

/** Problems PowerShell's parser finds in the items (one process for all of them). */
function problems(items: Item[]): Array<{ name: string; problem: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'posaudit-pscompat-'));
  try {
    const list = path.join(dir, 'items.json');
    writeFileSync(list, JSON.stringify(items));
    const out = execFileSync(
      PWSH ?? 'pwsh',
      ['-NoProfile', '-NonInteractive', '-File', path.join(import.meta.dirname, 'ps-compat.ps1'), list],
      { encoding: 'utf8' },
    );
    return out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { name: string; problem: string });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function generated(): Promise<Item[]> {
  const requests = [];
  for (const id of ['pci-dss', 'pos-guideline', 'daily'])
    requests.push(...planRequests(buildPlan([await loadProfile(id, findCheck)], findCheck)));
  const items: Item[] = [
    { name: 'gatherer (every shipped profile)', kind: 'script', code: planScript('ps', requests, '00ff').script },
    { name: 'stdin bootstrap', kind: 'script', code: STDIN_SCRIPT_BOOTSTRAP },
    {
      name: 'card-data filter',
      kind: 'script',
      code: powershellFilterCommand({
        paths: DEFAULT_PATHS,
        exclude: DEFAULT_EXCLUDES,
        maxFileBytes: 1,
        timeoutSeconds: 1,
        maxOutputBytes: 1,
      }),
    },
    { name: 'listening ports', kind: 'template', code: LIST_LISTENERS.ps },
  ];
  const seen = new Set<string>();
  for (const r of requests)
    if (r.kind === 'command' && r.command.ps && !seen.has(r.command.ps)) {
      seen.add(r.command.ps);
      items.push({ name: `command template "${r.name}"`, kind: 'template', code: r.command.ps });
    }
  return items;
}

describe.skipIf(SKIP_PWSH)('PowerShell 5.1 compatibility of every generated script', { timeout: 60_000 }, () => {
  it('finds nothing newer than 5.1 (nor 5.0-only syntax) and no exit in a command template', async () => {
    const items = await generated();
    expect(items.filter((i) => i.kind === 'template').length).toBeGreaterThan(15);
    expect(problems(items)).toEqual([]);
  });

  it('the check itself sees each forbidden construct (so the test above can fail)', () => {
    const bad: Item[] = [
      { name: 'ternary', kind: 'script', code: '$a = $true ? 1 : 2' },
      { name: 'coalesce', kind: 'script', code: '$a = $b ?? 1' },
      { name: 'null-conditional', kind: 'script', code: '${a}?.Length' },
      { name: 'chain', kind: 'script', code: 'Get-Item x && Get-Item y' },
      { name: 'parallel', kind: 'script', code: '1..2 | ForEach-Object -Parallel { $_ }' },
      { name: 'new', kind: 'script', code: "[regex]::new('a')" },
      { name: 'class', kind: 'script', code: 'class A { }' },
      { name: 'exit', kind: 'template', code: "try { x } catch { 'error'; exit 1 }" },
      { name: 'broken', kind: 'script', code: 'if ($a) { (1 }' },
    ];
    const found = new Set(problems(bad).map((p) => p.name));
    expect([...found].sort()).toEqual(bad.map((b) => b.name).sort());
  });

  it("keeps the bootstrap command line far under cmd.exe's 8,191 characters", () => {
    const line = ['powershell', ...powershellArgs(STDIN_SCRIPT_BOOTSTRAP)].join(' ');
    expect(line.length).toBeLessThan(8191 - 1024);
  });
});
