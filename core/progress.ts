/** Progress events the runner emits while scanning; the console reporters listen. */
import type { Summary } from './model.js';
import type { ReportHeader } from './report.js';

export type ScanPhase = 'connect' | 'gather' | 'active' | 'evaluate';

export type ProgressEvent =
  | { type: 'start'; targets: number }
  | { type: 'target-start'; id: string; name: string }
  | { type: 'target-phase'; id: string; phase: ScanPhase; detail?: string }
  | { type: 'target-done'; id: string; name: string; state: 'scanned' | 'error'; summary: Summary; error?: string }
  | { type: 'end'; header: ReportHeader };

export type ProgressListener = (event: ProgressEvent) => void;
