/** Fixed command templates for the firmware checks. No value from a param or a terminal enters
 * these strings. PowerShell is written for 2.0 (POSReady 7): no ConvertTo-Json, Get-CimInstance
 * only when present (else Get-WmiObject), one `key=value` line per fact. */
import type { CommandRequest } from '../../core/evidence.js';

/** `Q ns class` queries CIM or WMI; `E tag err` prints `tag.error=<code>|<message>` with a
 * locale-independent code (ManagementStatus or CIM NativeErrorCode name) first. */
const PS_PRELUDE = [
  '$cim = [bool](Get-Command Get-CimInstance -ErrorAction SilentlyContinue)',
  'function Q([string]$ns, [string]$cls) { if ($cim) { Get-CimInstance -Namespace $ns -ClassName $cls -ErrorAction Stop } ' +
    'else { Get-WmiObject -Namespace $ns -Class $cls -ErrorAction Stop } }',
  "function E([string]$tag, $err) { $x = $err.Exception; $c = ''; if ($x.ErrorCode) { $c = [string]$x.ErrorCode } elseif " +
    '($x.NativeErrorCode) { $c = [string]$x.NativeErrorCode } else { $c = $x.GetType().Name }; Write-Output ($tag + ' +
    "'.error=' + $c + '|' + ([string]$x.Message -replace '[\\r\\n]+', ' ')) }",
].join('\n');

export const LINUX_FW_AUTH: CommandRequest = {
  kind: 'command',
  name: 'firmware-attributes authentication',
  os: 'linux',
  maxBytes: 16 * 1024,
  command: {
    sh: [
      'd=/sys/class/firmware-attributes',
      'if [ ! -d "$d" ]; then echo \'class=absent\'; exit 0; fi',
      "echo 'class=present'",
      'for a in "$d"/*/authentication/*; do',
      '  [ -d "$a" ] || continue',
      '  printf \'object=%s\\n\' "$a"',
      '  for f in role is_enabled mechanism certificate_thumbprint status; do',
      '    [ -r "$a/$f" ] && printf \'%s=%s\\n\' "$f" "$(head -c 256 "$a/$f" 2>/dev/null | tr -d \'\\r\\n\')"',
      '  done',
      'done',
      'exit 0',
    ].join('\n'),
  },
};

export const LINUX_DMI_24: CommandRequest = {
  kind: 'command',
  name: 'dmidecode -t 24',
  os: 'linux',
  maxBytes: 8 * 1024,
  command: { sh: 'dmidecode -t 24' },
};

export const WIN_FW_PASSWORD: CommandRequest = {
  kind: 'command',
  name: 'firmware password (WMI)',
  os: 'windows',
  maxBytes: 16 * 1024,
  timeoutMs: 60_000,
  command: {
    ps: [
      PS_PRELUDE,
      "try { foreach ($o in @(Q 'root\\dcim\\sysman\\wmisecurity' 'PasswordObject')) { Write-Output ('dell.' + $o.NameId + " +
        "'=' + $o.IsPasswordSet) } } catch { E 'dell' $_ }",
      "try { foreach ($o in @(Q 'root\\HP\\InstrumentedBIOS' 'HP_BIOSPassword')) { Write-Output ('hp.' + $o.Name + '=' + " +
        "$o.IsSet) } } catch { E 'hp' $_ }",
      "try { foreach ($o in @(Q 'root\\wmi' 'Lenovo_BiosPasswordSettings')) { Write-Output ('lenovo.PasswordState=' + " +
        "$o.PasswordState) } } catch { E 'lenovo' $_ }",
      "try { foreach ($o in @(Q 'root\\cimv2' 'Win32_ComputerSystem')) { Write-Output ('smbios.AdminPasswordStatus=' + " +
        "$o.AdminPasswordStatus) } } catch { E 'smbios' $_ }",
    ].join('\n'),
  },
};

export const WIN_SECURE_BOOT: CommandRequest = {
  kind: 'command',
  name: 'Confirm-SecureBootUEFI',
  os: 'windows',
  maxBytes: 4 * 1024,
  command: {
    ps: [
      'if (Get-Command Confirm-SecureBootUEFI -ErrorAction SilentlyContinue) {',
      "  try { Write-Output ('confirm=' + (Confirm-SecureBootUEFI -ErrorAction Stop)) }",
      "  catch { Write-Output ('confirm.error=' + $_.Exception.GetType().Name + '|' + ([string]$_.Exception.Message " +
        "-replace '[\\r\\n]+', ' ')) }",
      "} else { Write-Output 'confirm=no-cmdlet' }",
      "Write-Output ('firmware_type=' + $env:firmware_type)",
    ].join('\n'),
  },
};

export const WIN_TPM: CommandRequest = {
  kind: 'command',
  name: 'Win32_Tpm',
  os: 'windows',
  maxBytes: 4 * 1024,
  command: {
    ps: [
      PS_PRELUDE,
      "try { $t = @(Q 'root\\cimv2\\Security\\MicrosoftTpm' 'Win32_Tpm'); Write-Output ('tpm.count=' + $t.Count); foreach " +
        "($x in $t) { Write-Output ('tpm.spec=' + $x.SpecVersion); Write-Output ('tpm.enabled=' + " +
        "$x.IsEnabled_InitialValue); Write-Output ('tpm.activated=' + $x.IsActivated_InitialValue) } } catch { E 'tpm' $_ }",
    ].join('\n'),
  },
};

/** Names that may control booting from USB/removable media, or lock the boot order. */
const BOOT_NAME_PS = 'usb.*boot|boot.*usb|removable|external.*boot|usbbiossupport|bootorderlock';

export const WIN_FW_BOOT_SETTINGS: CommandRequest = {
  kind: 'command',
  name: 'firmware boot settings (WMI)',
  os: 'windows',
  maxBytes: 16 * 1024,
  timeoutMs: 60_000,
  command: {
    ps: [
      PS_PRELUDE,
      `$re = '${BOOT_NAME_PS}'`,
      "try { foreach ($o in @(Q 'root\\wmi' 'Lenovo_BiosSetting')) { $s = [string]$o.CurrentSetting; if ($s -match $re) { " +
        "Write-Output ('setting=lenovo|' + $s) } } } catch { E 'lenovo' $_ }",
      "try { foreach ($o in @(Q 'root\\HP\\InstrumentedBIOS' 'HP_BIOSEnumeration')) { if ([string]$o.Name -match $re) { $v " +
        "= $o.CurrentValue; if (-not $v) { $v = $o.Value }; Write-Output ('setting=hp|' + $o.Name + ',' + $v) } } } catch { " +
        "E 'hp' $_ }",
      "try { foreach ($o in @(Q 'root\\dcim\\sysman\\biosattributes' 'EnumerationAttribute')) { if " +
        "([string]$o.AttributeName -match $re) { Write-Output ('setting=dell|' + $o.AttributeName + ',' + " +
        "(@($o.CurrentValue) -join ' ')) } } } catch { E 'dell' $_ }",
    ].join('\n'),
  },
};

export const LINUX_FW_BOOT_SETTINGS: CommandRequest = {
  kind: 'command',
  name: 'firmware-attributes boot settings',
  os: 'linux',
  maxBytes: 16 * 1024,
  command: {
    sh: [
      'd=/sys/class/firmware-attributes',
      'if [ ! -d "$d" ]; then echo \'class=absent\'; exit 0; fi',
      "echo 'class=present'",
      'for a in "$d"/*/attributes/*; do',
      '  [ -d "$a" ] || continue',
      '  n=$(basename "$a")',
      "  case $(printf '%s' \"$n\" | tr 'A-Z' 'a-z') in",
      '    *usb*|*boot*|*removable*) printf \'setting=sysfs|%s,%s\\n\' "$n" "$(head -c 200 "$a/current_value" 2>/dev/null ' +
        "| tr -d '\\r\\n')\" ;;",
      '  esac',
      'done',
      'exit 0',
    ].join('\n'),
  },
};

export const LINUX_MOKUTIL: CommandRequest = {
  kind: 'command',
  name: 'mokutil --sb-state',
  os: 'linux',
  maxBytes: 2 * 1024,
  command: { sh: 'mokutil --sb-state' },
};
