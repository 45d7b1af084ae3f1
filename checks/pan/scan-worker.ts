/** Worker thread: scans files it is sent, at low priority, and posts back masked results. */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type FileScanOptions } from './file-scan.js';

export interface WorkerJob {
  id: number;
  /** Raw bytes (a Uint8Array after postMessage) when the name is not UTF-8. */
  path: string | Uint8Array;
  /** The package manager's MD5 of the file: skipped when it still matches. */
  md5?: string;
}

export interface WorkerInit {
  key: Uint8Array;
  opts: Omit<FileScanOptions, 'key' | 'signal'>;
  lowPriority: boolean;
}

const init = workerData as WorkerInit;
if (init.lowPriority) {
  try {
    setPriority(19); // Linux: the nice value of this thread
  } catch {
    // not permitted: run at normal priority
  }
}
const key = Buffer.from(init.key);
parentPort?.on('message', (job: WorkerJob) => {
  void scanFile(typeof job.path === 'string' ? job.path : Buffer.from(job.path), { ...init.opts, key }, job.md5).then((result) =>
    parentPort?.postMessage({ id: job.id, result }),
  );
});
