/**
 * Jump hosts (ProxyJump) through ssh2: one connection per jump chain, shared by every host
 * behind it while any of them is connected (ssh multiplexes the `direct-tcpip` channels),
 * closed when the last one is done. A failed or dropped jump connection is not reused.
 */
import type { Duplex } from 'node:stream';
import { SshTarget, type SshOptions } from '../../targets/ssh.js';
import { formatSshUrl, type SshAddress } from '../../targets/ssh-url.js';
import { TargetError } from '../../core/target.js';

export interface Hop {
  address: SshAddress;
  /** Private keys for this hop; undefined: the scan's defaults. */
  identities?: string[];
}

interface Entry {
  target: Promise<SshTarget>;
  refs: number;
  dead: boolean;
}

export type JumpDefaults = Omit<SshOptions, 'address' | 'sock' | 'platformHint' | 'become' | 'timeoutMs'>;

export function chainLabel(chain: Hop[]): string {
  return chain.map((h) => formatSshUrl(h.address)).join(' → ');
}

export class JumpPool {
  private readonly entries = new Map<string, Entry>();
  /** Jump connections opened so far (for tests and the bench). */
  opened = 0;

  constructor(private readonly defaults: JumpDefaults) {}

  /** A stream to host:port on the far side of the chain. The chain's connection is released when the stream closes. */
  async open(chain: Hop[], host: string, port: number, timeoutMs: number): Promise<Duplex> {
    const key = chainLabel(chain) + '|' + chain.map((h) => (h.identities ?? []).join(',')).join('|');
    const entry = this.acquire(key, chain);
    let target: SshTarget;
    try {
      target = await entry.target;
    } catch (err) {
      this.release(key, entry);
      throw err;
    }
    try {
      const stream = await target.connectTcp(host, port, timeoutMs);
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        this.release(key, entry);
      };
      stream.once('close', done);
      stream.once('error', done);
      return stream;
    } catch (err) {
      entry.dead = true; // the jump connection may be gone: the next host makes a new one
      if (this.entries.get(key) === entry) this.entries.delete(key);
      this.release(key, entry);
      throw new TargetError(`jump host ${chainLabel(chain)}: ${(err as Error).message}`, true);
    }
  }

  private acquire(key: string, chain: Hop[]): Entry {
    let e = this.entries.get(key);
    if (!e || e.dead) {
      const hop = chain[chain.length - 1];
      const before = chain.slice(0, -1);
      const timeout = this.defaults.connectTimeoutMs ?? 15_000;
      const target = new SshTarget({
        ...this.defaults,
        address: hop.address,
        identities: hop.identities ?? this.defaults.identities,
        sock: before.length ? () => this.open(before, hop.address.host, hop.address.port, timeout) : undefined,
      });
      this.opened++;
      const entry: Entry = { target: Promise.resolve(undefined as unknown as SshTarget), refs: 0, dead: false };
      entry.target = target.connect().then(
        () => target,
        (err: unknown) => {
          entry.dead = true;
          if (this.entries.get(key) === entry) this.entries.delete(key);
          const msg = err instanceof Error ? err.message : String(err);
          throw new TargetError(`jump host ${msg}`, err instanceof TargetError ? err.transient : false);
        },
      );
      entry.target.catch(() => undefined);
      this.entries.set(key, entry);
      e = entry;
    }
    e.refs++;
    return e;
  }

  private release(key: string, e: Entry): void {
    e.refs--;
    if (e.refs > 0) return;
    if (this.entries.get(key) === e) this.entries.delete(key);
    e.target.then((t) => t.close()).catch(() => undefined);
  }

  /** Close every jump connection (end of scan, or Ctrl-C). */
  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.target.then((t) => t.close()).catch(() => undefined)));
  }
}
