import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListeners, probeAddresses } from './listeners.js';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/listeners/${name}`, import.meta.url), 'utf8');
const ports = (name: string): Array<[number, string]> => [...probeAddresses(parseListeners(fixture(name))).entries()];

describe('listening-port discovery', () => {
  it('reads ss -Htln, probing wildcard listeners on loopback and keeping specific addresses', () => {
    expect(ports('ss.txt')).toEqual([
      [22, '127.0.0.1'],
      [53, '127.0.0.53'],
      [443, '127.0.0.1'],
      [8443, '127.0.0.1'],
    ]);
  });
  it('reads Linux netstat, ignoring established and UDP sockets', () => {
    expect(ports('netstat-linux.txt')).toEqual([
      [22, '127.0.0.1'],
      [443, '::1'],
      [9100, '192.168.10.5'],
    ]);
  });
  it('reads Windows netstat -an', () => {
    expect(ports('netstat-windows.txt')).toEqual([
      [135, '127.0.0.1'],
      [139, '192.168.0.20'],
      [8443, '127.0.0.1'],
    ]);
  });
  it('reads the Get-NetTCPConnection lines', () => {
    expect(ports('get-nettcpconnection.txt')).toEqual([
      [135, '127.0.0.1'],
      [5939, '127.0.0.1'],
      [8443, '127.0.0.1'],
    ]);
  });
  it('reads /proc/net/tcp and tcp6 (listening state 0A only)', () => {
    expect(ports('proc-net-tcp.txt')).toEqual([
      [22, '127.0.0.1'],
      [443, '::1'],
      [8443, '127.0.0.1'],
    ]);
  });
  it('ignores garbage without throwing', () => {
    expect(parseListeners('LISTEN 0 0 notanaddress:99999 x\n\u0000\u0001\nLISTEN\n')).toEqual([]);
  });
});
