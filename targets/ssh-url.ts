/** `ssh://[user@]host[:port]` target addresses. */
export interface SshAddress {
  user?: string;
  host: string;
  port: number;
}

export function parseSshUrl(spec: string): SshAddress | undefined {
  const m = /^ssh:\/\/(?:([^@/\s]+)@)?(\[[0-9a-fA-F:.]+\]|[^:/@\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(spec);
  if (!m) return undefined;
  const port = (m[3] ?? '') ? Number(m[3] ?? '') : 22;
  if (port < 1 || port > 65535) return undefined;
  const host = (m[2] ?? '').startsWith('[') ? (m[2] ?? '').slice(1, -1) : (m[2] ?? '');
  return { user: (m[1] ?? '') ? decodeURIComponent(m[1] ?? '') : undefined, host, port };
}

export function formatSshUrl(a: SshAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `ssh://${a.user ? `${a.user}@` : ''}${host}${a.port === 22 ? '' : `:${a.port}`}`;
}
