# The thin fake-Windows layer for the pwsh tests. It stands in ONLY for what Linux lacks (the
# registry drive, CIM/WMI classes, Defender, hotfix, Secure Boot cmdlets) and answers with values
# recorded from real Windows machines (registry.json: see fake-windows.ts). Everything else, the
# gatherer's own logic, error handling and output, runs as shipped. Loaded before the product's code,
# in FullLanguage; the scenario file picks a situation (non-administrator, ConstrainedLanguage,
# missing cmdlets, OEM code page, 32-bit process).
param([string]$State)

$fake = @{}
foreach ($line in (Get-Content -LiteralPath (Join-Path $State 'scenario') -ErrorAction SilentlyContinue)) {
  if ($line -match '^(\w+)=(.*)$') { $fake[$Matches[1]] = $Matches[2] }
}
$global:FakeWindows = $fake
$global:FakeRegistry = Get-Content -Raw -LiteralPath (Join-Path $State 'registry.json') | ConvertFrom-Json -AsHashtable
$global:FakeWmi = Get-Content -Raw -LiteralPath (Join-Path $State 'wmi.json') | ConvertFrom-Json -AsHashtable
$env:firmware_type = 'UEFI'

# C: is a folder of the test: Windows paths reach real files through PowerShell's own provider.
New-PSDrive -Name C -PSProvider FileSystem -Root (Join-Path $State 'C') -Scope Global | Out-Null

function FakeRegistryValue($v) {
  switch ($v.type) {
    'DWord' { return [BitConverter]::ToInt32([BitConverter]::GetBytes([uint32]$v.data), 0) }
    'QWord' { return [BitConverter]::ToInt64([BitConverter]::GetBytes([uint64]$v.data), 0) }
    'MultiString' { return [string[]]@($v.data) }
    'Binary' { return [byte[]]@(for ($i = 0; $i -lt $v.data.Length; $i += 2) { [Convert]::ToByte($v.data.Substring($i, 2), 16) }) }
    'None' { return [byte[]]@() }
    default { return [string]$v.data }
  }
}

# What a RegistryKey offers the gatherer (the methods it calls), over one node of registry.json.
class FakeRegistryKey {
  [string]$Name
  hidden [hashtable]$Node
  FakeRegistryKey([string]$name, [hashtable]$node) { $this.Name = $name; $this.Node = $node }
  [string[]] GetSubKeyNames() { return [string[]]@($this.Node['subkeys']) }
  [string[]] GetValueNames() { return [string[]]@($this.Node['values'] | ForEach-Object { $_['name'] }) }
  [object] GetValue([string]$n, [object]$default, [object]$options) {
    foreach ($v in $this.Node['values']) { if ($v['name'] -eq $n) { return (FakeRegistryValue $v) } }
    return $default
  }
  [string] GetValueKind([string]$n) {
    foreach ($v in $this.Node['values']) { if ($v['name'] -eq $n) { return $v['type'] } }
    throw [System.IO.IOException]::new('The specified registry key does not exist.')
  }
  [object] OpenSubKey([string]$n) {
    $child = FakeRegistryNode ($this.Name + '\' + $n)
    if ($child -eq 'denied') { throw [System.Security.SecurityException]::new('Requested registry access is not allowed.') }
    if ($null -eq $child) { return $null }
    return [FakeRegistryKey]::new($this.Name + '\' + $n, $child)
  }
  [void] Close() { }
}

# A node, 'denied' (a key an ordinary user may not open, when the scenario says non-administrator), or $null.
function FakeRegistryNode([string]$path) {
  $p = $path -replace '^Registry::', '' -replace '^HKLM(\\|$)', 'HKEY_LOCAL_MACHINE$1'
  if ($env:PROCESSOR_ARCHITEW6432) {
    # A 32-bit process sees SOFTWARE through WOW6432Node, as Windows redirects it.
    $p = $p -replace '^HKEY_LOCAL_MACHINE\\SOFTWARE(\\|$)(?!WOW6432Node)', 'HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node$1'
  }
  $node = $global:FakeRegistry[$p.ToLowerInvariant()]
  if ($null -eq $node) { return $null }
  if ($node['adminOnly'] -and $global:FakeWindows['nonadmin'] -eq '1') { return 'denied' }
  return $node
}

function FakeRegistryError($PSCmdlet, [string]$path, [string]$kind) {
  if ($kind -eq 'denied') {
    $e = [System.Security.SecurityException]::new('Requested registry access is not allowed.')
    $r = [Management.Automation.ErrorRecord]::new($e, 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetItemCommand', 'PermissionDenied', $path)
  } else {
    $e = [Management.Automation.ItemNotFoundException]::new("Cannot find path '$path' because it does not exist.")
    $r = [Management.Automation.ErrorRecord]::new($e, 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', $path)
  }
  $PSCmdlet.WriteError($r)
}

function global:Get-Item {
  [CmdletBinding()]
  param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [switch]$Force)
  $p = @($LiteralPath + $Path | Where-Object { $_ })[0]
  if ($p -notmatch '^Registry::') { return Microsoft.PowerShell.Management\Get-Item @PSBoundParameters }
  $node = FakeRegistryNode $p
  if ($node -is [hashtable]) { return [FakeRegistryKey]::new(($p -replace '^Registry::', ''), $node) }
  FakeRegistryError $PSCmdlet $p ($(if ($node -eq 'denied') { 'denied' } else { 'missing' }))
}

function global:Get-ItemProperty {
  [CmdletBinding()]
  param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string[]]$Name)
  $p = @($LiteralPath + $Path | Where-Object { $_ })[0]
  if ($p -notmatch '^Registry::') { return Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters }
  $node = FakeRegistryNode $p
  if ($node -isnot [hashtable]) { FakeRegistryError $PSCmdlet $p ($(if ($node -eq 'denied') { 'denied' } else { 'missing' })); return }
  $o = [ordered]@{}
  foreach ($v in $node['values']) { $o[$v['name']] = FakeRegistryValue $v }
  [pscustomobject]$o
}

# CIM/WMI classes: recorded instances (wmi.json), keyed "namespace:class".
function FakeWmiInstances([string]$ns, [string]$cls) {
  $key = ($(if ($ns) { $ns } else { 'root\cimv2' }) + ':' + $cls).ToLowerInvariant()
  $rows = $global:FakeWmi[$key]
  if ($null -eq $rows) { throw [System.Runtime.InteropServices.COMException]::new('Invalid class ', -2147217392) }
  if ($rows -is [hashtable] -and $rows['adminOnly'] -and $global:FakeWindows['nonadmin'] -eq '1') { throw [System.UnauthorizedAccessException]::new('Access denied ') }
  if ($rows -is [hashtable]) { $rows = $rows['rows'] }
  foreach ($r in $rows) { [pscustomobject]$r }
}
function global:Get-CimInstance {
  [CmdletBinding()]
  param([string]$Namespace, [string]$ClassName, [string]$Filter)
  try { FakeWmiInstances $Namespace $ClassName } catch { $PSCmdlet.WriteError([Management.Automation.ErrorRecord]::new($_.Exception, 'CimJob', 'InvalidType', $ClassName)) }
}
function global:Get-WmiObject {
  [CmdletBinding()]
  param([string]$Namespace, [Parameter(Position = 0)][string]$Class, [string]$Filter)
  try { FakeWmiInstances $Namespace $Class } catch { $PSCmdlet.WriteError([Management.Automation.ErrorRecord]::new($_.Exception, 'GetWMICOMException', 'InvalidOperation', $Class)) }
}
function global:Get-HotFix {
  [CmdletBinding()]
  param()
  foreach ($r in (FakeWmiInstances 'root\cimv2' 'Win32_QuickFixEngineering')) { $r.InstalledOn = [datetime]$r.InstalledOn; $r }
}
function global:Get-MpComputerStatus {
  [CmdletBinding()]
  param()
  $r = @(FakeWmiInstances 'root\Microsoft\Windows\Defender' 'MSFT_MpComputerStatus')[0]
  $r.AntivirusSignatureLastUpdated = [datetime]$r.AntivirusSignatureLastUpdated
  $r
}
function global:Confirm-SecureBootUEFI {
  [CmdletBinding()]
  param()
  if ($global:FakeWindows['nonadmin'] -eq '1') { throw [System.UnauthorizedAccessException]::new('Access was denied while performing this operation.') }
  $true
}
function global:Get-WinEvent {
  [CmdletBinding()]
  param([hashtable]$FilterHashtable, [int]$MaxEvents)
  foreach ($r in (FakeWmiInstances 'eventlog' $FilterHashtable['LogName'])) {
    [pscustomobject]@{ Id = $r.Id; TimeCreated = [datetime]$r.TimeCreated; Properties = @([pscustomobject]@{ Value = $r.DeviceInstanceId }) }
  }
}
# Listening sockets: the real ones of this machine, as Get-NetTCPConnection shows them.
function global:Get-NetTCPConnection {
  [CmdletBinding()]
  param([string]$State)
  foreach ($l in [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpListeners()) {
    [pscustomobject]@{ LocalAddress = [string]$l.Address; LocalPort = $l.Port; State = 'Listen' }
  }
}

foreach ($name in @(([string]$fake['missing']).Split(',') | Where-Object { $_ })) {
  Remove-Item -LiteralPath "Function:\$name" -ErrorAction SilentlyContinue
}
if ($fake['oem']) { [Console]::InputEncoding = [Text.Encoding]::GetEncoding([int]$fake['oem']) }
if ($fake['clm'] -eq '1') { $ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage' }
