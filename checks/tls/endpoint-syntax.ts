/** `host:port` and `[v6]:port` endpoint syntax. */
import { isIP } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
  /** `host:port` or `[v6]:port`, as shown in reports. */
  label: string;
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function formatEndpoint(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Parse an endpoint; throws an Error whose message is one clear line. */
export function parseEndpoint(text: string): Endpoint {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]]+):(\d{1,5})$/.exec(text);
  if (!m) throw new Error(`${JSON.stringify(text)}: expected host:port or [IPv6]:port`);
  const [, host = '', portText = ''] = m;
  const port = Number(portText);
  if (!(port >= 1 && port <= 65535)) throw new Error(`${JSON.stringify(text)}: port must be 1–65535`);
  const bracketed = text.startsWith('[');
  if (bracketed && isIP(host) !== 6) throw new Error(`${JSON.stringify(text)}: ${JSON.stringify(host)} is not an IPv6 address`);
  if (!bracketed && isIP(host) === 0 && !HOSTNAME.test(host))
    throw new Error(`${JSON.stringify(text)}: ${JSON.stringify(host)} is not a host name or address`);
  return { host, port, label: formatEndpoint(host, port) };
}
