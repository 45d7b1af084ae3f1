/**
 * Builds an offline Windows image (the files an image of C:\ holds that posaudit reads) with
 * known policy, for tests of the image target and of Windows checks:
 *
 *   Windows/System32/config/SYSTEM, SOFTWARE, SAM, DEFAULT
 *   Windows/System32/GroupPolicy/Machine/Registry.pol   (hardened only)
 *   Users/Default/NTUSER.DAT, Users/cashier/NTUSER.DAT
 *   ProgramData/
 *
 * `POLICY_ROWS` below is the single source of truth: each row names the live registry path
 * (as a check requests it), the value, what the hardened and the misconfigured image hold
 * (`undefined` = absent) and which check it is meant to pass or fail. Check engineers: read these
 * exact paths. Both images are "Windows 10 IoT Enterprise LTSC 2021" (IoTEnterpriseS, 19044.5487),
 * `Select\Current` = 1; ControlSet002 is a decoy holding the opposite USBSTOR/RDP values.
 * In the hardened image `NoAutoplayfornonVolume` exists only in Registry.pol (tests the merge).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeAccountF, type SamAccountPolicy } from '../../core/sam.js';
import { writeHive, type HiveTree, type HiveValueSpec } from './hive-writer.js';

export type ImageKind = 'hardened' | 'misconfigured';

export interface PolicyRow {
  /** Live path, as a check requests it. */
  key: string;
  value: string;
  hardened?: HiveValueSpec;
  misconfigured?: HiveValueSpec;
  /** The check (catalogue id or area) and the rule that makes the misconfigured image fail. */
  check: string;
  /** Stored in Registry.pol rather than the hive (hardened image). */
  policyFileOnly?: boolean;
}

const CCS = 'HKLM\\SYSTEM\\CurrentControlSet';
const SW = 'HKLM\\SOFTWARE';
const FW = `${CCS}\\Services\\SharedAccess\\Parameters\\FirewallPolicy`;
const TLS10 = `${CCS}\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0`;

export const CASHIER_SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';

export const POLICY_ROWS: readonly PolicyRow[] = [
  {
    key: `${CCS}\\Services\\USBSTOR`,
    value: 'Start',
    hardened: 4,
    misconfigured: 3,
    check: 'usb storage: Start must be 4 (disabled)',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows\\RemovableStorageDevices`,
    value: 'Deny_All',
    hardened: 1,
    misconfigured: undefined,
    check: 'removable storage policy: Deny_All = 1',
  },
  {
    key: `${SW}\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer`,
    value: 'NoDriveTypeAutoRun',
    hardened: 255,
    misconfigured: 0x91,
    check: 'autorun: NoDriveTypeAutoRun = 255',
  },
  {
    key: `${SW}\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer`,
    value: 'NoAutorun',
    hardened: 1,
    misconfigured: undefined,
    check: 'autorun: NoAutorun = 1',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows\\Explorer`,
    value: 'NoAutoplayfornonVolume',
    hardened: 1,
    misconfigured: undefined,
    check: 'autorun: NoAutoplayfornonVolume = 1 (Registry.pol only in the hardened image)',
    policyFileOnly: true,
  },
  {
    key: `${TLS10}\\Server`,
    value: 'Enabled',
    hardened: 0,
    misconfigured: 1,
    check: 'tls.schannel-legacy-disabled: TLS 1.0 Server Enabled = 0',
  },
  { key: `${TLS10}\\Server`, value: 'DisabledByDefault', hardened: 1, misconfigured: 0, check: 'tls.schannel-legacy-disabled' },
  {
    key: `${TLS10}\\Client`,
    value: 'Enabled',
    hardened: 0,
    misconfigured: 1,
    check: 'tls.schannel-legacy-disabled: TLS 1.0 Client Enabled = 0',
  },
  {
    key: `${SW}\\Microsoft\\.NETFramework\\v4.0.30319`,
    value: 'SchUseStrongCrypto',
    hardened: 1,
    misconfigured: 0,
    check: 'tls.dotnet-strong-crypto',
  },
  {
    key: `${SW}\\Microsoft\\.NETFramework\\v4.0.30319`,
    value: 'SystemDefaultTlsVersions',
    hardened: 1,
    misconfigured: 0,
    check: 'tls.dotnet-strong-crypto',
  },
  {
    key: `${SW}\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319`,
    value: 'SchUseStrongCrypto',
    hardened: 1,
    misconfigured: undefined,
    check: 'tls.dotnet-strong-crypto (32-bit)',
  },
  {
    key: `${SW}\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon`,
    value: 'AutoAdminLogon',
    hardened: '0',
    misconfigured: '1',
    check: 'autologon: AutoAdminLogon',
  },
  {
    key: `${SW}\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon`,
    value: 'DefaultUserName',
    hardened: 'cashier',
    misconfigured: 'Administrator',
    check: 'autologon of an admin account = fail',
  },
  {
    key: `${SW}\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon`,
    value: 'DefaultPassword',
    hardened: undefined,
    misconfigured: 'Pos12345!',
    check: 'autologon: a cleartext DefaultPassword = fail',
  },
  {
    key: `${CCS}\\Control\\Terminal Server`,
    value: 'fDenyTSConnections',
    hardened: 1,
    misconfigured: 0,
    check: 'remote access: RDP enabled (0) = fail unless approved',
  },
  {
    key: `${CCS}\\Control\\Terminal Server\\WinStations\\RDP-Tcp`,
    value: 'UserAuthentication',
    hardened: 1,
    misconfigured: 0,
    check: 'remote access: NLA required',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows Defender`,
    value: 'DisableAntiSpyware',
    hardened: 0,
    misconfigured: 1,
    check: 'antimalware: Defender switched off by policy',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows Defender\\Real-Time Protection`,
    value: 'DisableRealtimeMonitoring',
    hardened: 0,
    misconfigured: 1,
    check: 'antimalware: real-time protection off by policy',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows\\SrpV2\\Exe`,
    value: 'EnforcementMode',
    hardened: 1,
    misconfigured: undefined,
    check: 'allowlisting: AppLocker Exe enforced (missing = NotConfigured)',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows\\SrpV2\\Script`,
    value: 'EnforcementMode',
    hardened: 1,
    misconfigured: 0,
    check: 'allowlisting: Script 0 = AuditOnly (warn)',
  },
  {
    key: `${CCS}\\Services\\AppIDSvc`,
    value: 'Start',
    hardened: 2,
    misconfigured: 3,
    check: 'allowlisting: AppIDSvc automatic (2)',
  },
  {
    key: `${CCS}\\Services\\EventLog\\Security`,
    value: 'MaxSize',
    hardened: 201326592,
    misconfigured: 20971520,
    check: 'logging: Security log ≥ 196608 KB (bytes here)',
  },
  {
    key: `${CCS}\\Services\\EventLog\\Application`,
    value: 'MaxSize',
    hardened: 33554432,
    misconfigured: 1048576,
    check: 'logging: Application log ≥ 32768 KB',
  },
  {
    key: `${CCS}\\Services\\EventLog\\System`,
    value: 'MaxSize',
    hardened: 33554432,
    misconfigured: 1048576,
    check: 'logging: System log ≥ 32768 KB',
  },
  {
    key: `${SW}\\Policies\\Microsoft\\Windows\\EventLog\\Security`,
    value: 'MaxSize',
    hardened: 196608,
    misconfigured: undefined,
    check: 'logging: policy size in KB',
  },
  ...(['DomainProfile', 'StandardProfile', 'PublicProfile'] as const).flatMap((p): PolicyRow[] => [
    {
      key: `${FW}\\${p}`,
      value: 'EnableFirewall',
      hardened: 1,
      misconfigured: p === 'PublicProfile' ? 0 : 1,
      check: `firewall: ${p} enabled`,
    },
    {
      key: `${FW}\\${p}`,
      value: 'DefaultInboundAction',
      hardened: 1,
      misconfigured: 0,
      check: `firewall: ${p} inbound block (1)`,
    },
  ]),
  {
    key: `${SW}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\TeamViewer`,
    value: 'DisplayName',
    hardened: undefined,
    misconfigured: 'TeamViewer',
    check: 'remote access: unapproved consumer remote tool installed',
  },
  {
    key: `${SW}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\TeamViewer`,
    value: 'DisplayVersion',
    hardened: undefined,
    misconfigured: '15.49.2',
    check: 'inventory',
  },
  {
    key: `${SW}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{6F1E2C4A-0000-4000-8000-000000000001}`,
    value: 'DisplayName',
    hardened: 'ACME POS',
    misconfigured: 'ACME POS',
    check: 'inventory (the POS application, present in both)',
  },
  {
    key: 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
    value: 'ScreenSaverIsSecure',
    hardened: '1',
    misconfigured: '0',
    check: 'idle lock: ScreenSaverIsSecure = 1',
  },
  {
    key: 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
    value: 'ScreenSaveTimeOut',
    hardened: '600',
    misconfigured: undefined,
    check: 'idle lock: ≤ 900 s',
  },
];

/** The platform both images report. */
export const IMAGE_PLATFORM = {
  os: 'windows',
  distro: 'Windows 10 IoT Enterprise LTSC 2021',
  edition: 'IoTEnterpriseS',
  version: '21H2',
  build: '19044.5487',
  arch: 'AMD64',
} as const;

/** The SAM account policy (SAM\Domains\Account\F) of each image. */
export const SAM_POLICY: Record<ImageKind, Omit<SamAccountPolicy, 'source'>> = {
  hardened: {
    minPasswordLength: 12,
    passwordHistory: 4,
    maxPasswordAgeDays: 90,
    minPasswordAgeDays: 1,
    lockoutThreshold: 6,
    lockoutDurationMinutes: 30,
    lockoutResetMinutes: 30,
    passwordComplexity: true,
  },
  misconfigured: {
    minPasswordLength: 0,
    passwordHistory: 0,
    maxPasswordAgeDays: -1,
    minPasswordAgeDays: 0,
    lockoutThreshold: 0,
    lockoutDurationMinutes: 30,
    lockoutResetMinutes: 30,
    passwordComplexity: false,
  },
};

/** Place a value in a tree at a `\`-separated path. */
export function setIn(tree: HiveTree, path: string, value: string, spec: HiveValueSpec): void {
  let node = tree;
  for (const part of path.split('\\').filter((p) => p !== '')) {
    node.keys ??= {};
    node = node.keys[part] ??= {};
  }
  node.values ??= {};
  node.values[value] = spec;
}

/** A Registry.pol file from entries (type codes as in the registry). */
export function writeRegistryPol(entries: Array<{ key: string; value: string; type: number; data: Buffer }>): Buffer {
  const u16 = (s: string): Buffer => Buffer.from(s, 'utf16le');
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b;
  };
  const parts: Buffer[] = [Buffer.from('PReg', 'latin1'), u32(1)];
  for (const e of entries)
    parts.push(
      u16('['),
      u16(`${e.key}\0`),
      u16(';'),
      u16(`${e.value}\0`),
      u16(';'),
      u32(e.type),
      u16(';'),
      u32(e.data.length),
      u16(';'),
      e.data,
      u16(']'),
    );
  return Buffer.concat(parts);
}

const dwordBytes = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

export interface ImageOptions {
  /** Write the SYSTEM hive with differing sequence numbers (logs not replayed). */
  dirtySystem?: boolean;
  /** Use lower-case directory and hive names (`windows/system32/config/software`), as some copies do. */
  lowerCase?: boolean;
}

/** Write a Windows image of the given kind below `dir`; returns `dir`. */
export function makeWindowsImage(dir: string, kind: ImageKind, opts: ImageOptions = {}): string {
  const system: HiveTree = {
    keys: {
      Select: { values: { Current: 1, Default: 1, LastKnownGood: 2, Failed: 0 } },
      ControlSet002: {
        keys: {
          Services: { keys: { USBSTOR: { values: { Start: kind === 'hardened' ? 3 : 4 } } } },
          Control: { keys: { 'Terminal Server': { values: { fDenyTSConnections: kind === 'hardened' ? 0 : 1 } } } },
        },
      },
    },
  };
  const software: HiveTree = {};
  const user: HiveTree = {};
  const cs = 'ControlSet001';
  setIn(
    system,
    `${cs}\\Control\\ComputerName\\ComputerName`,
    'ComputerName',
    kind === 'hardened' ? 'POS-HARD-01' : 'POS-MISC-01',
  );
  setIn(system, `${cs}\\Control\\Session Manager\\Environment`, 'PROCESSOR_ARCHITECTURE', 'AMD64');
  setIn(system, `${cs}\\Services\\MpsSvc`, 'Start', 2);
  setIn(system, `${cs}\\Services\\USBSTOR`, 'ImagePath', { type: 'REG_EXPAND_SZ', data: 'System32\\drivers\\USBSTOR.SYS' });

  const cv = 'Microsoft\\Windows NT\\CurrentVersion';
  for (const [name, v] of Object.entries({
    ProductName: IMAGE_PLATFORM.distro,
    EditionID: IMAGE_PLATFORM.edition,
    CompositionEditionID: 'EnterpriseS',
    InstallationType: 'Client',
    CurrentBuild: '19044',
    CurrentBuildNumber: '19044',
    CurrentVersion: '6.3',
    DisplayVersion: '21H2',
    ReleaseId: '2009',
  }))
    setIn(software, cv, name, v);
  setIn(software, cv, 'UBR', 5487);
  setIn(software, `${cv}\\ProfileList\\S-1-5-18`, 'ProfileImagePath', {
    type: 'REG_EXPAND_SZ',
    data: '%systemroot%\\system32\\config\\systemprofile',
  });
  setIn(software, `${cv}\\ProfileList\\${CASHIER_SID}`, 'ProfileImagePath', {
    type: 'REG_EXPAND_SZ',
    data: 'C:\\Users\\cashier',
  });

  const pol: Array<{ key: string; value: string; type: number; data: Buffer }> = [];
  for (const row of POLICY_ROWS) {
    const spec = row[kind];
    if (spec === undefined) continue;
    if (row.policyFileOnly && kind === 'hardened') {
      if (typeof spec !== 'number') throw new Error('policyFileOnly rows hold DWORDs');
      pol.push({ key: row.key.replace(/^HKLM\\/, ''), value: row.value, type: 4, data: dwordBytes(spec) });
      continue;
    }
    if (row.key.startsWith(`${CCS}\\`)) setIn(system, `${cs}\\${row.key.slice(CCS.length + 1)}`, row.value, spec);
    else if (row.key.startsWith(`${SW}\\`)) setIn(software, row.key.slice(SW.length + 1), row.value, spec);
    else if (row.key.startsWith('HKCU\\')) setIn(user, row.key.slice(5), row.value, spec);
    else throw new Error(`no hive for ${row.key}`);
  }
  if (kind === 'hardened') {
    // An AppLocker rule, so "enforced with rules" can be told from "enforced, empty".
    setIn(
      software,
      'Policies\\Microsoft\\Windows\\SrpV2\\Exe\\a61c8b2c-a319-4cd0-9690-d2177cad7b51',
      'Value',
      '<FilePathRule Id="a61c8b2c" Action="Allow" UserOrGroupSid="S-1-1-0"><Conditions><FilePathCondition ' +
        'Path="%PROGRAMFILES%\\ACME POS\\*"/></Conditions></FilePathRule>',
    );
    pol.push({
      key: 'Software\\Policies\\Microsoft\\Windows\\Explorer',
      value: '**del.EnableLegacyAutoplay',
      type: 1,
      data: Buffer.from(' \0', 'utf16le'),
    });
  }
  setIn(software, 'Microsoft\\Windows Defender\\Signature Updates', 'AVSignatureVersion', '1.421.1234.0');

  const sam: HiveTree = {};
  setIn(sam, 'SAM\\Domains\\Account', 'F', encodeAccountF(SAM_POLICY[kind]));

  const name = (p: string): string => (opts.lowerCase ? p.toLowerCase() : p);
  const put = (rel: string, data: Buffer): void => {
    const path = join(dir, name(rel));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  };
  put('Windows/System32/config/SYSTEM', writeHive(system, { rootName: 'ROOT', dirty: opts.dirtySystem }));
  put('Windows/System32/config/SOFTWARE', writeHive(software, { rootName: 'ROOT' }));
  put('Windows/System32/config/SAM', writeHive(sam, { rootName: 'SAM' }));
  put('Windows/System32/config/DEFAULT', writeHive({ keys: { Software: { keys: { Microsoft: {} } } } }, { rootName: 'ROOT' }));
  put('Users/Default/NTUSER.DAT', writeHive(user, { rootName: 'ROOT' }));
  put(
    'Users/cashier/NTUSER.DAT',
    writeHive(
      {
        keys: {
          Software: {
            keys: {
              Microsoft: {
                keys: {
                  Windows: {
                    keys: {
                      CurrentVersion: {
                        keys: {
                          Run: {
                            values:
                              kind === 'misconfigured'
                                ? { AnyDesk: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --control' }
                                : {},
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      { rootName: 'ROOT' },
    ),
  );
  if (pol.length > 0) put('Windows/System32/GroupPolicy/Machine/Registry.pol', writeRegistryPol(pol));
  mkdirSync(join(dir, name('ProgramData')), { recursive: true });
  return dir;
}
