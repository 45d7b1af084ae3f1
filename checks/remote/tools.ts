/** Known remote-access tools: how each shows up installed (Windows Uninstall DisplayName, Linux paths) and listening. */

export interface RemoteTool {
  id: string;
  name: string;
  /** Matches a Windows Uninstall DisplayName. */
  displayName?: RegExp;
  /** Paths whose existence shows it is installed on Linux (files or directories). */
  linuxPaths?: string[];
  /** TCP ports it listens on by default. */
  ports?: number[];
  /** Paths whose existence shows it is enabled to start (systemd wants links), Linux. */
  enabledPaths?: string[];
}

export const REMOTE_TOOLS: RemoteTool[] = [
  {
    // An SSH server is a remote-access path like any other (PCI 8.2.7, 8.4.3): it must be approved.
    id: 'ssh',
    name: 'SSH server (sshd)',
    linuxPaths: ['/usr/sbin/sshd'],
    enabledPaths: [
      '/etc/systemd/system/multi-user.target.wants/ssh.service',
      '/etc/systemd/system/multi-user.target.wants/sshd.service',
      '/etc/systemd/system/sockets.target.wants/ssh.socket',
    ],
    ports: [22],
  },
  {
    id: 'vnc',
    name: 'VNC',
    displayName: /\b(Real|Tight|Ultra|Tiger|Turbo)?VNC\b/i,
    linuxPaths: ['/usr/bin/x11vnc', '/usr/bin/Xvnc', '/usr/bin/vncserver', '/usr/bin/x0vncserver'],
    ports: [5900, 5901, 5902, 5903, 5904, 5905, 5906, 5800],
  },
  {
    id: 'teamviewer',
    name: 'TeamViewer',
    displayName: /TeamViewer/i,
    linuxPaths: ['/usr/bin/teamviewer', '/opt/teamviewer'],
    ports: [5938],
  },
  { id: 'anydesk', name: 'AnyDesk', displayName: /AnyDesk/i, linuxPaths: ['/usr/bin/anydesk'], ports: [7070] },
  {
    id: 'rustdesk',
    name: 'RustDesk',
    displayName: /RustDesk/i,
    linuxPaths: ['/usr/bin/rustdesk'],
    ports: [21115, 21116, 21117, 21118, 21119],
  },
  { id: 'xrdp', name: 'xrdp', linuxPaths: ['/usr/sbin/xrdp'] },
  { id: 'gnome-remote-desktop', name: 'GNOME Remote Desktop', linuxPaths: ['/usr/libexec/gnome-remote-desktop-daemon'] },
  {
    id: 'chrome-remote-desktop',
    name: 'Chrome Remote Desktop',
    displayName: /Chrome Remote Desktop/i,
    linuxPaths: ['/opt/google/chrome-remote-desktop'],
  },
  { id: 'nomachine', name: 'NoMachine', displayName: /NoMachine/i, linuxPaths: ['/usr/NX/bin/nxserver'], ports: [4000] },
  { id: 'logmein', name: 'LogMeIn', displayName: /LogMeIn|GoTo Resolve/i },
  { id: 'screenconnect', name: 'ScreenConnect', displayName: /ScreenConnect|ConnectWise Control/i },
  { id: 'splashtop', name: 'Splashtop', displayName: /Splashtop/i },
  { id: 'radmin', name: 'Radmin', displayName: /Radmin/i, ports: [4899] },
  { id: 'dameware', name: 'DameWare', displayName: /DameWare/i, ports: [6129] },
  { id: 'remote-utilities', name: 'Remote Utilities', displayName: /Remote Utilities/i, ports: [5650] },
  { id: 'supremo', name: 'Supremo', displayName: /Supremo/i },
  { id: 'ammyy', name: 'Ammyy Admin', displayName: /Ammyy/i },
  { id: 'zoho-assist', name: 'Zoho Assist', displayName: /Zoho Assist/i },
  { id: 'beyondtrust', name: 'BeyondTrust / Bomgar', displayName: /BeyondTrust|Bomgar/i },
  { id: 'isl', name: 'ISL Light', displayName: /ISL (Light|AlwaysOn)/i },
];

/** RDP is judged separately (enabled + NLA); its port. */
export const RDP_PORT = 3389;

/** Listening TCP ports from /proc/net/tcp{,6} (state 0A = LISTEN). */
export function procNetListeners(text: string): number[] {
  const out = new Set<number>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || f[3] !== '0A') continue;
    const port = /:([0-9A-Fa-f]{4})$/.exec(f[1]);
    if (port) out.add(Number.parseInt(port[1], 16));
  }
  return [...out];
}

/** `listen=<address>:<port>` lines from the PowerShell listener probe. */
export function psListeners(text: string): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(/^listen=.*:(\d{1,5})\s*$/gm)) {
    const p = Number(m[1]);
    if (p > 0 && p < 65536) out.add(p);
  }
  return [...out];
}

/** .NET's own listener table: works on PowerShell 2.0 and in every display language. */
export const LISTENERS_PS =
  '[System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpListeners() | ForEach-Object { ' +
  "'listen=' + $_.Address + ':' + $_.Port }";
