/** Listening TCP ports of a terminal, from `ss -Htln`, `netstat -an` (Linux, BusyBox, Windows),
 * the PowerShell `Get-NetTCPConnection` lines we ask for, or `/proc/net/tcp{,6}`. */
import { isIP } from 'node:net';

export interface Listener {
  /** Local address as the system printed it (`0.0.0.0`, `::`, `127.0.0.1`, `fe80::1`). */
  address: string;
  port: number;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '*', '']);

function split(hostPort: string): Listener | undefined {
  const i = hostPort.lastIndexOf(':');
  if (i < 0) return undefined;
  let host = hostPort.slice(0, i).replace(/^\[|\]$/g, '');
  host = host.replace(/%.*$/, ''); // ss prints 127.0.0.53%lo
  const port = Number(hostPort.slice(i + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (!WILDCARDS.has(host) && isIP(host) === 0) return undefined;
  return { address: host || '*', port };
}

function hexIpv4(h: string): string {
  const n = Buffer.from(h, 'hex');
  return [n[3], n[2], n[1], n[0]].join('.');
}

function hexIpv6(h: string): string {
  const b = Buffer.from(h, 'hex');
  const out = Buffer.alloc(16);
  for (let w = 0; w < 4; w++) for (let j = 0; j < 4; j++) out[w * 4 + j] = b[w * 4 + (3 - j)];
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(out.readUInt16BE(i).toString(16));
  const text = groups.join(':');
  return text === '0:0:0:0:0:0:0:0' ? '::' : text === '0:0:0:0:0:0:0:1' ? '::1' : text;
}

/** Parse any of the supported listings; lines that are not listening TCP sockets are skipped. */
export function parseListeners(text: string): Listener[] {
  const out: Listener[] = [];
  for (const raw of text.split(/\r?\n/).slice(0, 20_000)) {
    const line = raw.trim();
    if (!line) continue;
    const cols = line.split(/\s+/);
    let l: Listener | undefined;
    if (/^LISTEN$/.test(cols[0]) && cols.length >= 5) {
      l = split(cols[3]); // ss -Htln: State Recv-Q Send-Q Local Peer
    } else if (cols[0] === 'TCP' && (cols.length === 4 || cols.length === 5) && /:0$/.test(cols[2])) {
      // Windows netstat: TCP local remote state [pid]. The state word is translated (German: ABHÖREN), so a
      // listening socket is told by its remote port 0, which only a listening TCP socket shows.
      l = split(cols[1]);
    } else if (/^tcp6?$/i.test(cols[0]) && /^LISTEN(ING)?$/.test(cols[cols.length - 1] ?? '')) {
      l = split(cols[3]); // Linux, BusyBox: tcp 0 0 local remote LISTEN
    } else if (/^\d+:$/.test(cols[0]) && cols.length > 4 && cols[3] === '0A') {
      const [addr, port] = cols[1].split(':');
      const p = parseInt(port ?? '', 16);
      if (p > 0 && addr) l = { address: addr.length === 8 ? hexIpv4(addr) : hexIpv6(addr), port: p };
    } else if (cols.length === 2 && /^\d+$/.test(cols[1])) {
      l = split(`${cols[0]}:${cols[1]}`); // our PowerShell: "<LocalAddress> <LocalPort>"
    }
    if (l) out.push(l);
  }
  return out;
}

/** One address per port to probe from the terminal itself: loopback for wildcard listeners. */
export function probeAddresses(listeners: Listener[]): Map<number, string> {
  const byPort = new Map<number, string>();
  const rank = (a: string): number =>
    a === '0.0.0.0' || a === '*' ? 0 : a.startsWith('127.') ? 1 : a === '::' ? 2 : a === '::1' ? 3 : 4;
  for (const l of [...listeners].sort((a, b) => rank(a.address) - rank(b.address))) {
    if (byPort.has(l.port)) continue;
    const host = l.address === '0.0.0.0' || l.address === '*' ? '127.0.0.1' : l.address === '::' ? '::1' : l.address;
    byPort.set(l.port, host);
  }
  return new Map([...byPort.entries()].sort((a, b) => a[0] - b[0]));
}

/** Commands that list listening TCP ports (fixed templates, no parameters). */
export const LIST_LISTENERS = {
  sh: 'ss -Htln 2>/dev/null || netstat -an 2>/dev/null || cat /proc/net/tcp /proc/net/tcp6 2>/dev/null',
  ps:
    'try { Get-NetTCPConnection -State Listen -ErrorAction Stop | ForEach-Object { "$($_.LocalAddress) $($_.LocalPort)" } } ' +
    'catch { netstat -an -p TCP }',
};
