/**
 * Windows local accounts at runtime, through PowerShell that also runs on PowerShell 2.0
 * (POSReady 7): WMI and ADSI only, one `key=value` record per line, tab-separated fields.
 */
import type { EvidenceRequest } from '../../core/evidence.js';

/** Local users: `user<TAB>name<TAB>sid<TAB>disabled(True/False)<TAB>passwordRequired`. */
export const LOCAL_USERS: EvidenceRequest = {
  kind: 'command',
  name: 'windows local users',
  os: 'windows',
  command: {
    ps:
      "$ErrorActionPreference='Stop'; try { Get-WmiObject -Class Win32_UserAccount -Filter 'LocalAccount=True' | " +
      'ForEach-Object { \'user\' + "`t" + $_.Name + "`t" + $_.SID + "`t" + $_.Disabled + "`t" + $_.PasswordRequired } } ' +
      "catch { 'error=' + $_.Exception.Message; $global:LASTEXITCODE = 1; return }",
  },
};

/** Members of the built-in Administrators group (SID S-1-5-32-544, so the localized name does not matter):
 * `member<TAB>name<TAB>adspath`. */
export const LOCAL_ADMINS: EvidenceRequest = {
  kind: 'command',
  name: 'windows administrators members',
  os: 'windows',
  command: {
    ps:
      "$ErrorActionPreference='Stop'; try { $n = (New-Object " +
      "System.Security.Principal.SecurityIdentifier('S-1-5-32-544')).Translate([System.Security.Principal.NTAccount]).Value.Split('\\" +
      "')[-1]; " +
      "$g = [ADSI]('WinNT://./' + $n + ',group'); 'group' + \"`t\" + $n; " +
      "foreach ($m in @($g.psbase.Invoke('Members'))) { $t = $m.GetType(); 'member' + \"`t\" + " +
      "$t.InvokeMember('Name','GetProperty',$null,$m,$null) + \"`t\" + $t.InvokeMember('ADsPath','GetProperty',$null,$m," +
      '$null) } } ' +
      "catch { 'error=' + $_.Exception.Message; $global:LASTEXITCODE = 1; return }",
  },
};

export interface WindowsUser {
  name: string;
  sid: string;
  disabled: boolean;
  passwordRequired: boolean;
  /** Relative id: 500 built-in Administrator, 501 Guest. */
  rid: number;
}

export function parseLocalUsers(text: string): WindowsUser[] {
  const out: WindowsUser[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.split('\t');
    if (f.length < 5 || f[0] !== 'user' || !f[1]) continue;
    const sid = f[2].trim();
    if (!/^S-1-5-21(-\d+){3,4}$/.test(sid)) continue;
    out.push({
      name: f[1].slice(0, 64),
      sid,
      disabled: /^true$/i.test(f[3].trim()),
      passwordRequired: /^true$/i.test(f[4].trim()),
      rid: Number(sid.split('-').pop()),
    });
  }
  return out;
}

export interface AdminMember {
  name: string;
  /** `WinNT://DOMAIN/name` or `WinNT://S-1-5-…` for an orphaned SID. */
  path: string;
  /** Whether it is a domain account or group (not this machine's). */
  domain: boolean;
}

export function parseAdmins(text: string, hostname?: string): AdminMember[] {
  const out: AdminMember[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.split('\t');
    if (f.length < 3 || f[0] !== 'member' || !f[1]) continue;
    const path = f[2].trim().slice(0, 300);
    const parts = path.replace(/^WinNT:\/\//i, '').split('/');
    // WinNT://WORKGROUP/HOST/name is local; WinNT://DOMAIN/name is a domain principal.
    const domain =
      parts.length === 2 && !(hostname && parts[0].toLowerCase() === hostname.toLowerCase()) && !/^S-1-/i.test(parts[0]);
    out.push({ name: f[1].slice(0, 64), path, domain });
  }
  return out;
}
