/**
 * `--out -`: the JSON report goes to stdout instead of a folder named `-`. The run writes into a
 * private temporary folder (JSON only), the report is copied to stdout, and the folder is removed.
 * Whatever the run prints for people then goes to stderr so stdout stays one JSON document.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export async function withStdoutReport<T>(
  o: { out: string; format?: string; signKey?: string },
  run: (results: NodeJS.WriteStream) => Promise<T>,
): Promise<T> {
  if (o.out !== '-') return run(process.stdout);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'posaudit-out-'));
  const asked = { out: o.out, format: o.format };
  try {
    o.out = dir;
    o.format = 'json';
    const result = await run(process.stderr);
    await pipeline(createReadStream(path.join(dir, 'report.json')), process.stdout, { end: false });
    return result;
  } finally {
    o.out = asked.out;
    o.format = asked.format;
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
