/** Parsers for host-firewall state (nft, iptables, ufw, firewalld) and listening sockets. */

export type FwState = 'deny' | 'open' | 'absent' | 'unknown';

/** nft ruleset text: does a chain on the input hook drop by default (or end in a bare drop/reject)? */
export function nftInputState(text: string): FwState {
  let inInput = false;
  let policyDrop = false;

  let lastRule = '';
  let denies = false;
  const finish = () => {
    if (inInput && (policyDrop || /^(counter\s+)?(drop|reject)\b/.test(lastRule))) denies = true;
    inInput = false;
    policyDrop = false;
    lastRule = '';
  };
  for (const raw of text.split(/\r?\n/).slice(0, 20000)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (/^chain\s+\S+\s*\{/.test(line)) {
      finish();
      continue;
    }
    if (/\bhook\s+input\b/.test(line) && /\btype\s+filter\b/.test(line)) {
      inInput = true;

      if (/\bpolicy\s+drop\b/.test(line)) policyDrop = true;
      continue;
    }
    if (line === '}') {
      finish();
      continue;
    }
    if (inInput && line) lastRule = line;
  }
  finish();
  return denies ? 'deny' : 'open';
}

/** `iptables -S INPUT` or an iptables-save file: INPUT policy DROP, or a final bare DROP/REJECT. */
export function iptablesInputState(text: string): FwState {
  let policy: string | undefined;
  let last = '';
  for (const raw of text.split(/\r?\n/).slice(0, 20000)) {
    const line = raw.trim();
    const p = /^-P INPUT (\w+)/.exec(line) ?? /^:INPUT (\w+)/.exec(line);
    if (p) policy = (p[1] ?? '').toUpperCase();
    if (/^-A INPUT\b/.test(line)) last = line;
  }
  if (policy === 'DROP') return 'deny';
  if (/^-A INPUT -j (DROP|REJECT)(\s+--reject-with\s+\S+)?$/.test(last)) return 'deny';
  return 'open';
}

/** `ufw status verbose` (C locale). */
export function ufwState(text: string): FwState {
  if (/^Status:\s*inactive/m.test(text)) return 'open';
  if (!/^Status:\s*active/m.test(text)) return 'unknown';
  return /^Default:\s*(deny|reject)\s*\(incoming\)/m.test(text) ? 'deny' : 'open';
}

export interface Listener {
  proto: 'tcp' | 'udp';
  address: string;
  port: number;
  process?: string;
}

function hexIPv4(h: string): string {
  const n =
    h
      .match(/../g)
      ?.reverse()
      .map((b) => parseInt(b, 16)) ?? [];
  return n.join('.');
}

function hexIPv6(h: string): string {
  // /proc prints four 32-bit words, each in host (little-endian) order.
  const words = (h.match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(''));
  const groups = words.join('').match(/.{4}/g) ?? [];
  const s = groups.map((g) => parseInt(g, 16).toString(16)).join(':');
  if (s === '0:0:0:0:0:0:0:0') return '::';
  if (s === '0:0:0:0:0:0:0:1') return '::1';
  return s;
}

/** `/proc/net/{tcp,tcp6,udp,udp6}`: TCP sockets in LISTEN (0A), UDP sockets with no peer. */
export function procNetListeners(text: string, proto: 'tcp' | 'udp'): Listener[] {
  const out: Listener[] = [];
  for (const raw of text.split(/\r?\n/).slice(1, 5001)) {
    const cols = raw.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const [, local = '', remote = '', st = ''] = cols;
    const lm = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(local);
    if (!lm) continue;
    if (proto === 'tcp' && st !== '0A') continue;
    if (proto === 'udp' && !/^0+:0000$/.test(remote)) continue;
    out.push({
      proto,
      address: (lm[1] ?? '').length === 8 ? hexIPv4(lm[1] ?? '') : hexIPv6(lm[1] ?? ''),
      port: parseInt(lm[2] ?? '', 16),
    });
  }
  return out;
}

/** Process names by port from `ss -H -ltunp` (`tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=1,fd=3))`). */
export function ssProcesses(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/).slice(0, 5000)) {
    const m = /^(tcp|udp)\s+\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s+\S+\s+users:\(\("([^"]{1,64})"/.exec(raw.trim());
    if (m) out.set(`${m[1] ?? ''}/${m[3] ?? ''}`, m[4] ?? '');
  }
  return out;
}

/** `netstat -ano` rows plus `tasklist /fo csv /nh` after a `----tasklist----` line (locale-independent columns). */
export function windowsListeners(text: string): Listener[] {
  const [net = '', tasks = ''] = text.split('----tasklist----');
  const names = new Map<string, string>();
  for (const raw of tasks.split(/\r?\n/).slice(0, 5000)) {
    const m = /^"([^"]{1,100})","(\d+)"/.exec(raw.trim());
    if (m) names.set(m[2] ?? '', m[1] ?? '');
  }
  const out: Listener[] = [];
  for (const raw of net.split(/\r?\n/).slice(0, 20000)) {
    const m = /^(TCP|UDP)\s+(\S+):(\d+)\s+(\S+)\s+(?:\S+\s+)?(\d+)$/.exec(raw.trim());
    if (!m) continue;
    const proto = (m[1] ?? '') === 'TCP' ? 'tcp' : 'udp';
    if (proto === 'tcp' && !/^(0\.0\.0\.0|\[::\]):0$/.test(m[4] ?? '')) continue;
    out.push({ proto, address: (m[2] ?? '').replace(/^\[|\]$/g, ''), port: Number(m[3] ?? ''), process: names.get(m[5] ?? '') });
  }
  return out;
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}
