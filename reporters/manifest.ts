/**
 * Tamper evidence for a report directory: `manifest.json` lists the SHA-256 of every file,
 * optionally signed (RSA, SHA-256, PKCS#1 v1.5) into `manifest.sig` with a key the auditor
 * holds; the manifest carries the signer's certificate or public key. `verifyManifest`
 * recomputes every hash and checks the signature, and against a given certificate, the signer.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import forge from 'node-forge';

export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}
export interface Manifest {
  format: 'posaudit-manifest/1';
  algorithm: 'sha256';
  files: ManifestFile[];
  signer?: { certificatePem?: string; publicKeyPem: string; keySha256: string };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
      // Anything else (symlinks, FIFOs) is not a report file: left out, and reported by verify as extra.
    }
  };
  await walk(dir);
  return out.filter((p) => p !== MANIFEST && p !== SIGNATURE).sort();
}

/**
 * Why a file named in a manifest is not one verify will read: a symbolic link anywhere on its way
 * (a report folder from elsewhere may link to /etc/shadow), or not a regular file (a FIFO would
 * hang, a device never ends). Undefined when it is a plain file inside `dir`.
 */
async function unsafeEntry(dir: string, rel: string): Promise<string | undefined> {
  const parts = rel.split('/');
  let p = dir;
  for (let i = 0; i < parts.length; i++) {
    p = join(p, parts[i]);
    let st;
    try {
      st = await lstat(p);
    } catch {
      return undefined; // missing: reported as such
    }
    if (st.isSymbolicLink()) return 'a symbolic link; refusing to follow it';
    if (i < parts.length - 1 ? !st.isDirectory() : !st.isFile()) return 'not a regular file; refusing to read it';
  }
  return undefined;
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const data = await readFile(path);
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

function keyFingerprint(publicKey: forge.pki.rsa.PublicKey): string {
  const der = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes();
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex');
}

function sha256Md(text: string): forge.md.MessageDigest {
  const md = forge.md.sha256.create();
  md.update(text, 'utf8');
  return md;
}

/**
 * Write manifest.json (and manifest.sig when `keyPem` is given) into `dir`; returns the manifest path.
 * `keyPem` holds an unencrypted RSA private key, optionally followed by the signer's certificate.
 */
export async function writeManifest(dir: string, opts: { keyPem?: string } = {}): Promise<string> {
  const files: ManifestFile[] = [];
  for (const path of await listFiles(dir)) files.push({ path, ...(await hashFile(join(dir, path))) });
  const manifest: Manifest = { format: 'posaudit-manifest/1', algorithm: 'sha256', files };
  let privateKey: forge.pki.rsa.PrivateKey | undefined;
  if (opts.keyPem) {
    privateKey = forge.pki.privateKeyFromPem(opts.keyPem) as forge.pki.rsa.PrivateKey;
    const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
    const certMatch = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(opts.keyPem);
    if (certMatch) {
      const cert = forge.pki.certificateFromPem(certMatch[0]);
      if (keyFingerprint(cert.publicKey as forge.pki.rsa.PublicKey) !== keyFingerprint(publicKey))
        throw new Error('the certificate does not belong to the private key');
    }
    manifest.signer = {
      ...(certMatch ? { certificatePem: certMatch[0] } : {}),
      publicKeyPem: forge.pki.publicKeyToPem(publicKey),
      keySha256: keyFingerprint(publicKey),
    };
  }
  const text = JSON.stringify(manifest, null, 2) + '\n';
  const manifestPath = join(dir, MANIFEST);
  await writeFile(manifestPath, text);
  if (privateKey) await writeFile(join(dir, SIGNATURE), forge.util.encode64(privateKey.sign(sha256Md(text))) + '\n');
  else await rm(join(dir, SIGNATURE), { force: true }); // a stale signature would not match

  return manifestPath;
}

/**
 * Check a report directory against its manifest. Problems: a changed, missing or extra file,
 * a bad signature, or (with `certPem`) a manifest not signed by that certificate's key.
 */
export async function verifyManifest(dir: string, opts: { certPem?: string } = {}): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  let text: string;
  const manifestProblem = await unsafeEntry(dir, MANIFEST);
  if (manifestProblem) return { ok: false, problems: [`${MANIFEST}: ${manifestProblem}`] };
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    return { ok: false, problems: [`${MANIFEST} is missing`] };
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
    if (manifest.format !== 'posaudit-manifest/1' || !Array.isArray(manifest.files)) throw new Error('format');
  } catch {
    return { ok: false, problems: [`${MANIFEST} is not a posaudit manifest`] };
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    if (typeof f.path !== 'string' || f.path.split('/').includes('..') || f.path.startsWith('/') || f.path.includes('\\')) {
      problems.push(`${String(f.path)}: path outside the directory`);
      continue;
    }
    const unsafe = await unsafeEntry(dir, f.path);
    if (unsafe) {
      problems.push(`${f.path}: ${unsafe}`);
      continue;
    }
    try {
      const actual = await hashFile(join(dir, f.path));
      if (actual.sha256 !== f.sha256) problems.push(`${f.path}: changed (sha256 ${actual.sha256}, manifest says ${f.sha256})`);
    } catch {
      problems.push(`${f.path}: missing`);
    }
  }
  for (const path of await listFiles(dir)) if (!listed.has(path)) problems.push(`${path}: not in the manifest`);

  let sig: string | undefined;
  const sigProblem = await unsafeEntry(dir, SIGNATURE);
  if (sigProblem) return { ok: false, problems: [...problems, `${SIGNATURE}: ${sigProblem}`] };
  try {
    sig = (await readFile(join(dir, SIGNATURE), 'utf8')).trim();
  } catch {
    sig = undefined;
  }
  if (sig !== undefined || opts.certPem) {
    if (sig === undefined) problems.push(`${SIGNATURE} is missing`);
    else if (!manifest.signer) problems.push(`${MANIFEST} names no signer`);
    else {
      try {
        const publicKey = forge.pki.publicKeyFromPem(manifest.signer.publicKeyPem) as forge.pki.rsa.PublicKey;
        if (!publicKey.verify(sha256Md(text).digest().bytes(), forge.util.decode64(sig)))
          problems.push(`${SIGNATURE}: the signature does not match ${MANIFEST}`);
        if (opts.certPem) {
          const expected = forge.pki.certificateFromPem(opts.certPem).publicKey as forge.pki.rsa.PublicKey;
          if (keyFingerprint(expected) !== keyFingerprint(publicKey))
            problems.push(`${MANIFEST} was not signed by the given certificate's key`);
        }
      } catch (e) {
        problems.push(`${SIGNATURE}: cannot be checked (${(e as Error).message})`);
      }
    }
  }
  return { ok: problems.length === 0, problems };
}
