/** Who the terminal's OS is, for the end-of-life table: from os-release / the registry, or the platform. */
import type { RegistryValue } from '../../core/evidence.js';
import type { Platform } from '../../core/model.js';
import type { EditionClass, EolEntry, EolTable } from './eol-table.js';
import { compareLooseVersions } from '../kit/config.js';
import { regNumber, regString } from '../kit/registry.js';

export interface OsIdentity {
  os: 'linux' | 'windows';
  /** Linux: os-release ID (lower case). */
  distro?: string;
  /** Linux: os-release VERSION_ID. */
  version?: string;
  /** Windows */
  build?: number;
  ubr?: number;
  edition?: string;
  productName?: string;
  displayVersion?: string;
  installationType?: string;
  posReady?: boolean;
  /** A label for messages (not trusted: quote before showing). */
  name: string;
  /** Where the identity came from. */
  from: 'os-release' | 'registry' | 'platform';
}

/** Parse os-release (`KEY=value`, value optionally quoted). */
export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^\s*([A-Z0-9_]{1,40})=(.*)$/.exec(raw);
    if (!m) continue;
    let v = (m[2] ?? '').trim();
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2))
      v = v.slice(1, -1);
    out.set(m[1] ?? '', v.replace(/\\(["'$`\\])/g, '$1').slice(0, 200));
  }
  return out;
}

export function linuxIdentityFromOsRelease(text: string): OsIdentity | undefined {
  const kv = parseOsRelease(text);
  const id = kv.get('ID')?.toLowerCase();
  if (!id) return undefined;
  return {
    os: 'linux',
    distro: id,
    version: kv.get('VERSION_ID'),
    name: kv.get('PRETTY_NAME') ?? `${id} ${kv.get('VERSION_ID') ?? ''}`.trim(),
    from: 'os-release',
  };
}

export function windowsIdentityFromRegistry(values: readonly RegistryValue[], posReady: boolean): OsIdentity | undefined {
  // XP keeps the number in CurrentBuildNumber; its CurrentBuild says "1.511.1 () (Obsolete data - do not use)".
  const buildText = [regString(values, 'CurrentBuildNumber'), regString(values, 'CurrentBuild')].find(
    (b) => b !== undefined && /^\d{3,6}$/.test(b.trim()),
  );
  const productName = regString(values, 'ProductName');
  if (!buildText && !productName) return undefined;
  const build = buildText ? Number(buildText.trim()) : undefined;
  const ubr = regNumber(values, 'UBR');
  return {
    os: 'windows',
    build,
    ubr,
    edition: regString(values, 'EditionID'),
    productName,
    displayVersion: regString(values, 'DisplayVersion') ?? regString(values, 'ReleaseId'),
    installationType: regString(values, 'InstallationType'),
    posReady,
    name: `${productName ?? 'Windows'}${build !== undefined ? ` (build ${build}${ubr !== undefined ? `.${ubr}` : ''})` : ''}`,
    from: 'registry',
  };
}

export function identityFromPlatform(p: Platform): OsIdentity | undefined {
  if (p.os === 'linux' && p.distro) {
    return {
      os: 'linux',
      distro: p.distro.toLowerCase(),
      version: p.version,
      name: p.pretty ?? `${p.distro} ${p.version ?? ''}`.trim(),
      from: 'platform',
    };
  }
  if (p.os === 'windows' && (p.build || p.distro)) {
    const m = /^(\d{3,6})(?:\.(\d{1,6}))?/.exec(p.build ?? '');
    return {
      os: 'windows',
      build: m ? Number(m[1] ?? '') : undefined,
      ubr: m?.[2] !== undefined ? Number(m[2] ?? '') : undefined,
      edition: p.edition,
      productName: p.distro,
      posReady: /posready/i.test(p.distro ?? ''),
      name: p.pretty ?? `${p.distro ?? 'Windows'}${p.build ? ` (build ${p.build})` : ''}`,
      from: 'platform',
    };
  }
  return undefined;
}

export function editionClass(edition: string | undefined): EditionClass | undefined {
  if (!edition) return undefined;
  if (/^IoTEnterpriseS/i.test(edition)) return 'ltsc-iot';
  if (/^EnterpriseS/i.test(edition)) return 'ltsc';
  if (/^(Enterprise|Education|IoTEnterprise)/i.test(edition)) return 'ga-enterprise';
  if (/^(Professional|Core|Home|Cloud)/i.test(edition)) return 'ga-consumer';
  return undefined;
}

function versionPrefixMatches(entryVersion: string, version: string): boolean {
  const want = entryVersion.split('.');
  const have = version.split('.');
  return want.every((part, i) => have[i] !== undefined && Number(have[i]) === Number(part) && /^\d+$/.test(have[i]));
}

/** Server editions and anything the table does not list are not guessed at. */
export function isWindowsServer(id: OsIdentity): boolean {
  return /server/i.test(id.installationType ?? '') || /server/i.test(id.productName ?? '') || /^Server/i.test(id.edition ?? '');
}

export function findEntry(table: EolTable, id: OsIdentity): EolEntry | undefined {
  for (const e of table.entries) {
    if (e.os !== id.os) continue;
    if (e.os === 'linux') {
      if (id.distro && id.version && e.distros.includes(id.distro) && versionPrefixMatches(e.version, id.version)) return e;
    } else {
      if (id.build === undefined || isWindowsServer(id)) continue;
      if (id.build < e.builds[0] || id.build > e.builds[1]) continue;
      if (e.editions) {
        const cls = editionClass(id.edition);
        if (!cls || !e.editions.includes(cls)) continue;
      }
      if (e.productNameHas) {
        const has = (id.productName ?? '').toLowerCase().includes(e.productNameHas);
        if (!has && !(e.productNameHas === 'posready' && id.posReady)) continue;
      }
      return e;
    }
  }
  return undefined;
}

/** For a Linux release the table does not list: the newest listed release of the same
 * distribution that is still newer than it, when every listed release is newer. Such a
 * release is older than anything the vendor still supports in the table. */
export function olderThanEveryListed(table: EolTable, id: OsIdentity): EolEntry | undefined {
  if (id.os !== 'linux' || !id.distro || !id.version || !/^\d+(\.\d+)*$/.test(id.version)) return undefined;
  const same = table.entries.filter(
    (e): e is Extract<EolEntry, { os: 'linux' }> => e.os === 'linux' && e.distros.includes(id.distro ?? ''),
  );
  if (same.length === 0) return undefined;
  if (!same.every((e) => compareLooseVersions(id.version ?? '', e.version) < 0)) return undefined;
  return same.reduce((oldest, e) => (compareLooseVersions(e.version, oldest.version) < 0 ? e : oldest));
}
