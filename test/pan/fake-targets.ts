/** Tiny targets for the card-data collector tests: a folder (like local/image) and a shell (like ssh). */
import { spawn } from 'node:child_process';
import type { ShellCommand } from '../../core/evidence.js';
import type { Platform } from '../../core/model.js';
import type { GatherResult, SpawnOptions, SpawnedCommand, Target } from '../../core/target.js';

abstract class Base implements Target {
  abstract readonly id: string;
  abstract readonly kind: Target['kind'];
  trips = 0;
  constructor(private readonly plat: Platform = { os: 'linux' }) {}
  async connect(): Promise<void> {}
  async gather(): Promise<GatherResult> {
    return { platform: this.plat, answers: new Map() };
  }
  platform(): Platform {
    return this.plat;
  }
  roundTrips(): number {
    return this.trips;
  }
  async close(): Promise<void> {}
}

export class FolderTarget extends Base {
  readonly id = 'image:test';
  readonly kind = 'image' as const;
  constructor(readonly fsRoot: string) {
    super();
  }
}

/** Runs commands with the local sh, as ssh's spawn runs them on the terminal over one exec channel. */
export class ShellTarget extends Base {
  readonly id = 'ssh:test';
  readonly kind = 'ssh' as const;
  lastCommand = '';
  async spawn(command: ShellCommand, opts: SpawnOptions): Promise<SpawnedCommand> {
    this.trips++;
    this.lastCommand = command.sh ?? '';
    const child = spawn('sh', ['-c', this.lastCommand], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(0, 4096)));
    const done = new Promise<{ exitCode: number | null; stderr: string }>((res) =>
      child.on('close', (code) => {
        clearTimeout(timer);
        res({ exitCode: code, stderr });
      }),
    );
    return { stdout: child.stdout, done, kill: () => child.kill('SIGKILL') };
  }
}

export class NothingTarget extends Base {
  readonly id = 'none';
  readonly kind = 'ssh' as const;
}
