/** A pool of worker threads scanning files; falls back to in-process scanning with `threads: 0`. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanFile, type FileScanOptions, type FileScanResult } from './file-scan.js';
import type { WorkerInit, WorkerJob } from './scan-worker.js';

export interface FileScanner {
  scan(path: string | Buffer, md5?: string): Promise<FileScanResult>;
  close(): Promise<void>;
}

/** The ESM entry of tsx's API (only needed when running from sources). */
function tsxApiUrl(): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') {
    try {
      return resolve('tsx/esm/api');
    } catch {
      // fall through
    }
  }
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/** Start the worker script: the built .js next to this file, or the .ts source through tsx (tests, bench). */
function startWorker(init: WorkerInit): Worker {
  const js = new URL('./scan-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: init });
  const ts = new URL('./scan-worker.ts', import.meta.url).href;
  const api = tsxApiUrl();
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(ts)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(code, { eval: true, workerData: init });
}

export function createFileScanner(opts: FileScanOptions & { threads?: number; lowPriority?: boolean }): FileScanner {
  const threads = opts.threads ?? availableParallelism();
  if (threads <= 0) {
    return { scan: (path, md5) => scanFile(path, opts, md5), close: async () => undefined };
  }
  const { key, signal: _signal, threads: _t, lowPriority, ...rest } = opts;
  const init: WorkerInit = { key: new Uint8Array(key), opts: rest, lowPriority: lowPriority ?? true };
  const workers: Array<{ w: Worker; busy: number }> = [];
  const pending = new Map<number, { resolve: (r: FileScanResult) => void; worker: number }>();
  let nextId = 0;
  const fail = (index: number, err: Error): void => {
    for (const [id, p] of pending) {
      if (p.worker !== index) continue;
      pending.delete(id);
      p.resolve({ hits: [], bytes: 0, scannedBytes: 0, notes: [], droppedHits: 0, error: `worker failed: ${err.name}` });
    }
  };
  for (let k = 0; k < threads; k++) {
    const w = startWorker(init);
    const index = k;
    w.on('message', (m: { id: number; result: FileScanResult }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      workers[index].busy--;
      p.resolve(m.result);
    });
    w.on('error', (e) => fail(index, e));
    w.on('exit', () => fail(index, new Error('exit')));
    workers.push({ w, busy: 0 });
  }
  return {
    scan(path: string | Buffer, md5?: string): Promise<FileScanResult> {
      let best = 0;
      for (let k = 1; k < workers.length; k++) if (workers[k].busy < workers[best].busy) best = k;
      const id = nextId++;
      workers[best].busy++;
      return new Promise((resolve) => {
        pending.set(id, { resolve, worker: best });
        const job: WorkerJob = md5 === undefined ? { id, path } : { id, path, md5 };
        workers[best].w.postMessage(job);
      });
    },
    async close() {
      await Promise.all(workers.map((x) => x.w.terminate()));
    },
  };
}
