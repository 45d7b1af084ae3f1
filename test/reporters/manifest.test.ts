import { appendFile, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifest, writeManifest } from '../../reporters/manifest.js';

/** A key pair and self-signed certificate, as an auditor would hold (1024 bits keeps the test fast). */
function auditorKey(cn: string): { keyPem: string; certPem: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2030-01-01T00:00:00Z');
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer([{ name: 'commonName', value: cn }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certPem: forge.pki.certificateToPem(cert) };
}

let dir: string;
let auditor: { keyPem: string; certPem: string };
let intruder: { keyPem: string; certPem: string };

beforeAll(() => {
  auditor = auditorKey('Auditor');
  intruder = auditorKey('Intruder');
});

async function reportDir(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'posaudit-manifest-'));
  await writeFile(join(dir, 'report.html'), '<!doctype html><p>ok</p>');
  await writeFile(join(dir, 'report.sarif'), '{"version":"2.1.0"}');
  await mkdir(join(dir, 'junit'));
  await writeFile(join(dir, 'junit', 'store-001.xml'), '<testsuites/>');
  return dir;
}

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('manifest', () => {
  it('verifies an untouched directory and names a changed, a missing and an extra file', async () => {
    const d = await reportDir();
    await writeManifest(d);
    expect(await verifyManifest(d)).toEqual({ ok: true, problems: [] });
    await appendFile(join(d, 'report.html'), '<script>x</script>');
    await unlink(join(d, 'junit', 'store-001.xml'));
    await writeFile(join(d, 'extra.txt'), 'x');
    const v = await verifyManifest(d);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      expect.stringMatching(/^junit\/store-001\.xml: missing/),
      expect.stringMatching(/^report\.html: changed/),
      'extra.txt: not in the manifest',
    ]);
  });

  it('signs with the auditor key and detects a rewritten manifest or another signer', async () => {
    const d = await reportDir();
    await writeManifest(d, { keyPem: auditor.keyPem + auditor.certPem });
    expect(await verifyManifest(d, { certPem: auditor.certPem })).toEqual({ ok: true, problems: [] });

    // Someone edits a file and rewrites the manifest hashes but cannot re-sign.
    await appendFile(join(d, 'report.sarif'), ' ');
    const sig = await import('node:fs/promises').then((fs) => fs.readFile(join(d, 'manifest.sig'), 'utf8'));
    await writeManifest(d, { keyPem: intruder.keyPem });
    expect((await verifyManifest(d)).ok).toBe(true); // self-consistent, but signed by the intruder
    const v = await verifyManifest(d, { certPem: auditor.certPem });
    expect(v.problems).toEqual(["manifest.json was not signed by the given certificate's key"]);

    // Unsigned rewrite with the old signature left in place.
    await writeManifest(d);
    await writeFile(join(d, 'manifest.sig'), sig);
    expect((await verifyManifest(d)).problems).toEqual(['manifest.json names no signer']);
  });

  it('requires a signature when a certificate is given', async () => {
    const d = await reportDir();
    await writeManifest(d);
    expect((await verifyManifest(d, { certPem: auditor.certPem })).problems).toEqual(['manifest.sig is missing']);
  });
});
