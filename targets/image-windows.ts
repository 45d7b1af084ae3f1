/**
 * Offline Windows images: recognising the layout, the platform from the hives, the registry
 * evidence (OfflineRegistry, in targets/registry/offline.ts) and the local account policy from SAM.
 * Everything here reads hive files from the image; nothing runs.
 */
import type { RegistryValue } from '../core/evidence.js';
import type { Platform } from '../core/model.js';
import { existsInImage } from './registry/image-files.js';
import { OfflineRegistry } from './registry/offline.js';
import { HIVE_FILES } from './registry/paths.js';
import { decodeAccountF, type SamAccountPolicy } from '../core/sam.js';

export { OfflineRegistry, type OfflineRegistryKeyData } from './registry/offline.js';
export { parseRegistryPol, readRegistryPol, type RegistryPolEntry } from './registry/regpol.js';
export type { SamAccountPolicy } from '../core/sam.js';

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const ENVIRONMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
const COMPUTER_NAME = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName';
const TCPIP_PARAMETERS = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';

/** The image has `Windows/System32/config/SYSTEM` (any case) as a regular file. */
export async function isWindowsImage(root: string): Promise<boolean> {
  return existsInImage(root, HIVE_FILES.SYSTEM);
}

function valuesOf(reg: OfflineRegistry, key: string): Map<string, RegistryValue['data']> {
  const a = reg.answer({ kind: 'registry', key });
  const out = new Map<string, RegistryValue['data']>();
  if (a.status === 'ok' && a.registry) for (const v of a.registry.values) out.set(v.name.toUpperCase(), v.data);
  return out;
}

const str = (v: RegistryValue['data'] | undefined): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/**
 * A build number as Windows stores it: digits only. XP-family systems (XP, POSReady 2009, WEPOS)
 * keep it in CurrentBuildNumber (`2600`) while their CurrentBuild says
 * `1.511.1 () (Obsolete data - do not use)`, which is no build.
 */
function buildNumber(v: RegistryValue['data'] | undefined): string | undefined {
  const s = str(v);
  return s !== undefined && /^\d{1,6}$/.test(s) ? s : undefined;
}

/**
 * OS identity from the hives: distro = ProductName, edition = EditionID, version = DisplayVersion
 * (20H2+), else ReleaseId, else CurrentVersion; build = `CurrentBuildNumber.UBR`
 * (CurrentBuild when CurrentBuildNumber is absent; never a value that is not a number), plus the
 * service pack (CSDVersion) in `pretty` on systems that have one; arch =
 * PROCESSOR_ARCHITECTURE (`AMD64`, `x86`, `ARM64`, as Windows spells it); hostname = ComputerName.
 * Windows 11 still says "Windows 10" in ProductName: a build ≥ 22000 is reported as Windows 11.
 * Fields that cannot be read are left out; the result is always `os: 'windows'`.
 */
export async function windowsPlatform(root: string, registry: OfflineRegistry = new OfflineRegistry(root)): Promise<Platform> {
  const cv = valuesOf(registry, CURRENT_VERSION);
  const env = valuesOf(registry, ENVIRONMENT);
  const platform: Platform = { os: 'windows' };
  const currentBuild = buildNumber(cv.get('CURRENTBUILDNUMBER')) ?? buildNumber(cv.get('CURRENTBUILD'));
  let product = str(cv.get('PRODUCTNAME'));
  if (product && currentBuild && Number(currentBuild) >= 22000) product = product.replace(/^Windows 10\b/, 'Windows 11');
  if (product) platform.distro = product;
  const edition = str(cv.get('EDITIONID'));
  if (edition) platform.edition = edition;
  const version = str(cv.get('DISPLAYVERSION')) ?? str(cv.get('RELEASEID')) ?? str(cv.get('CURRENTVERSION'));
  if (version) platform.version = version;
  const ubr = cv.get('UBR');
  if (currentBuild) platform.build = typeof ubr === 'number' ? `${currentBuild}.${ubr}` : currentBuild;
  const arch = str(env.get('PROCESSOR_ARCHITECTURE'));
  if (arch) platform.arch = arch;
  const hostname =
    str(valuesOf(registry, COMPUTER_NAME).get('COMPUTERNAME')) ?? str(valuesOf(registry, TCPIP_PARAMETERS).get('HOSTNAME'));
  if (hostname) platform.hostname = hostname;
  const servicePack = str(cv.get('CSDVERSION'));
  const pretty = [product ?? 'Windows', version, servicePack, platform.build ? `(build ${platform.build})` : undefined]
    .filter((x) => x !== undefined)
    .join(' ');
  platform.pretty = pretty;
  return platform;
}

/**
 * The local password and lockout policy from the SAM hive (`SAM\Domains\Account` value `F`;
 * offsets documented in core/sam.ts), or undefined when the SAM hive or the value
 * cannot be read. On a domain-joined terminal the effective policy comes from AD instead.
 */
export function samAccountPolicy(
  root: string,
  registry: OfflineRegistry = new OfflineRegistry(root),
): SamAccountPolicy | undefined {
  const opened = registry.openHiveFile(HIVE_FILES.SAM);
  if (!opened.ok) return undefined;
  try {
    const f = opened.hive.key('SAM\\Domains\\Account')?.value('F');
    if (!f || f.error || !f.data) return undefined;
    return decodeAccountF(f.data, 'HKLM\\SAM\\SAM\\Domains\\Account\\F');
  } catch {
    return undefined;
  }
}
