/** A file written in pieces: small strings are gathered into large writes, backpressure is honoured. */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const CHUNK = 64 * 1024;

export class FileSink {
  private readonly out: WriteStream;
  private parts: string[] = [];
  private size = 0;
  private failed: Error | undefined;

  constructor(
    readonly path: string,
    mode = 0o666,
  ) {
    this.out = createWriteStream(path, { mode });
    this.out.on('error', (err) => {
      this.failed = err;
    });
  }

  /** Queue text; call flush() now and then (every host) to let it reach the disk. */
  write(...texts: string[]): void {
    for (const t of texts) {
      this.parts.push(t);
      this.size += t.length;
    }
  }

  async flush(force = false): Promise<void> {
    if (this.failed) throw this.failed;
    if (!force && this.size < CHUNK) return;
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<string> {
    await this.flush(true);
    const done = once(this.out, 'close');
    this.out.end();
    await done;
    if (this.failed) throw this.failed;
    return this.path;
  }
}
