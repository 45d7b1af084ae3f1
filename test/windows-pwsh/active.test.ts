/** The one-off PowerShell commands run for real (card-data filter, listening-port discovery), over real OpenSSH
 *  and a real pwsh, through the same stdin bootstrap as the gatherer. */
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCardData, DEFAULT_EXCLUDES, DEFAULT_PATHS, type CardDataEvidence } from '../../checks/pan/index.js';
import { listListeners } from '../../checks/tls/discover.js';
import { makePan, maskOf, rng } from '../helpers/pan-corpus.js';
import { SKIP_PWSH, startFakeWindows, type FakeWindows } from './fake-windows.js';

const r = rng(17);
const SALE = makePan('4', 16, r);
const ARCHIVED = makePan('52', 16, r);
const base = {
  exclude: DEFAULT_EXCLUDES,
  maxFileBytes: 1 << 20,
  maxTotalBytes: 1 << 30,
  maestro: false,
  ignoreTestCards: false,
  scanPackageFiles: false,
  includeSystemFolders: false,
  timeoutSeconds: 60,
};

describe.skipIf(SKIP_PWSH)('PowerShell active commands under a real pwsh, over real OpenSSH', { timeout: 120_000 }, () => {
  let win: FakeWindows;
  let server: net.Server;
  let port = 0;
  beforeAll(async () => {
    win = await startFakeWindows([]);
    const pos = path.join(win.drive, 'POS');
    mkdirSync(path.join(pos, 'logs'), { recursive: true });
    mkdirSync(path.join(pos, 'node_modules', 'lib'), { recursive: true });
    writeFileSync(path.join(pos, 'logs', 'sales.log'), `2026-12-01 sale ok card=${SALE} amount=1200\n`);
    // Under an excluded folder (the default `**/node_modules`): never scanned.
    writeFileSync(path.join(pos, 'node_modules', 'lib', 'fixture.js'), `const card = '${ARCHIVED}';\n`);
    server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await win?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const withTarget = async <T>(fn: (t: ReturnType<FakeWindows['target']>) => Promise<T>): Promise<T> => {
    const t = win.target();
    await t.connect();
    try {
      await t.gather([]);
      return await fn(t);
    } finally {
      await t.close();
    }
  };

  it('leaves out what a Windows exclude glob names (the default **/node_modules), folders above a file included', async () => {
    win.setScenario({});
    const res = await withTarget((t) => collectCardData(t, { ...base, paths: ['C:\\POS'] }, new AbortController().signal));
    expect(res.status, res.reason).toBe('ok');
    const ev = res.data as CardDataEvidence;
    expect(ev.summary.findings.map((f) => f.masked)).toEqual([maskOf(SALE)]);
    expect(ev.summary.files).toBe(1);
    expect(ev.summary.incomplete).toBe(false);
  });

  it(
    'scans C: for card data with the default paths and forty store paths (over stdin: cmd.exe would refuse such a command ' +
      'line)',
    async () => {
      win.setScenario({});
      const extra = Array.from({ length: 40 }, (_, i) => `C:\\Stores\\Store ${String(i + 1).padStart(3, '0')}\\Lane 01\\Journal`);
      const res = await withTarget((t) =>
        collectCardData(t, { ...base, paths: [...DEFAULT_PATHS, ...extra] }, new AbortController().signal),
      );
      expect(res.status, res.reason).toBe('ok');
      const ev = res.data as CardDataEvidence;
      expect(ev.mode).toBe('remote-ps');
      expect(ev.summary.files).toBe(1);
      expect(ev.summary.findings.map((f) => f.masked)).toEqual([maskOf(SALE)]);
      expect(ev.summary.findings[0].path).toMatch(/POS[\\/]logs[\\/]sales\.log$/);
      // Nothing unmasked came back into the evidence.
      expect(JSON.stringify(ev)).not.toContain(SALE);
      expect(JSON.stringify(ev)).not.toContain(ARCHIVED);
    },
  );

  it('lists listening ports with Get-NetTCPConnection', async () => {
    win.setScenario({});
    const { listeners } = await withTarget((t) => listListeners(t, 30_000, new AbortController().signal));
    expect(listeners).toContainEqual({ address: '127.0.0.1', port });
  });

  it('falls back to netstat on a German Windows without Get-NetTCPConnection (state words translated)', async () => {
    win.setScenario({ missing: ['Get-NetTCPConnection'], netstat: 'de' });
    const { listeners } = await withTarget((t) => listListeners(t, 30_000, new AbortController().signal));
    expect(listeners).toContainEqual({ address: '127.0.0.1', port });
    // The established connection netstat also prints is no listener.
    expect(listeners.some((l) => l.port === 49733)).toBe(false);
  });

  it('in ConstrainedLanguage mode: the card-data scan and the port listing say why they cannot run', async () => {
    win.setScenario({ clm: true });
    const res = await withTarget((t) => collectCardData(t, { ...base, paths: ['C:\\POS'] }, new AbortController().signal));
    expect(res.status).toBe('error');
    expect(res.reason).toMatch(/ConstrainedLanguage/);
    await expect(withTarget((t) => listListeners(t, 30_000, new AbortController().signal))).rejects.toThrow(
      /ConstrainedLanguage/,
    );
  });
});
