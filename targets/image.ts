/**
 * The image target: a folder holding a terminal's root file system (a Linux layout, or a
 * Windows layout with `Windows/` and `ProgramData/`). Files come from the folder; commands
 * cannot run and say so; registry requests are read from the hive files on a Windows layout.
 */
import { promises as fsp } from 'node:fs';
import type { EvidenceAnswer, EvidenceRequest, RegistryRequest } from '../core/evidence.js';
import type { Platform } from '../core/model.js';
import { uniqueRequests, unsupported } from './gatherer.js';
import { linuxPlatform } from './platform.js';
import { RootedFs } from './rooted-fs.js';
import { TargetError, type GatherResult, type Target } from '../core/target.js';

/** Answers registry requests from an image's hive files (see image-windows.ts). */
export interface OfflineRegistryReader {
  answer(req: RegistryRequest): EvidenceAnswer;
}

export interface WindowsImageSupport {
  isWindowsImage(root: string): Promise<boolean>;
  windowsPlatform(root: string): Promise<Platform>;
  openRegistry(root: string): OfflineRegistryReader;
}

export const NEEDS_RUNNING_SYSTEM = 'needs a running system: commands cannot run on an offline image';

export class ImageTarget implements Target {
  readonly kind = 'image' as const;
  readonly id: string;
  private fs: RootedFs;
  private plat: Platform = { os: 'unknown' };
  private registry?: OfflineRegistryReader;

  constructor(
    readonly fsRoot: string,
    private readonly windows?: WindowsImageSupport,
  ) {
    this.id = `image:${fsRoot}`;
    this.fs = new RootedFs(fsRoot);
  }

  roundTrips(): number {
    return 0;
  }

  platform(): Platform {
    return this.plat;
  }

  async connect(): Promise<void> {
    let st;
    try {
      st = await fsp.stat(this.fsRoot);
    } catch {
      throw new TargetError(`${this.id}: no such folder`);
    }
    if (!st.isDirectory()) throw new TargetError(`${this.id}: not a folder (mount or unpack the image first)`);
    if (this.windows && (await this.windows.isWindowsImage(this.fsRoot))) {
      this.fs = new RootedFs(this.fsRoot, true);
      this.plat = await this.windows.windowsPlatform(this.fsRoot);
      this.registry = this.windows.openRegistry(this.fsRoot);
      return;
    }
    const osRelease =
      (await this.fs.readFile({ kind: 'file', path: '/etc/os-release' })).data ??
      (await this.fs.readFile({ kind: 'file', path: '/usr/lib/os-release' })).data;
    const hostname = (await this.fs.readFile({ kind: 'file', path: '/etc/hostname', maxBytes: 256 })).data?.trim();
    if (!osRelease && !(await this.exists('/etc'))) {
      throw new TargetError(
        `${this.id}: neither a Linux root file system (no etc/) nor a Windows layout (no Windows/System32/config/SYSTEM)`,
      );
    }
    const kernels = await this.fs.glob({ kind: 'glob', pattern: '/lib/modules/*' });
    const kernel = kernels.entries
      ?.map((e) => e.split('/').pop() ?? '')
      .sort()
      .pop();
    this.plat = linuxPlatform(`Linux\n${kernel ?? ''}\n\n${hostname ?? ''}`, osRelease);
    if (this.plat.os === 'unknown') this.plat.os = 'linux';
  }

  private async exists(p: string): Promise<boolean> {
    const r = await this.fs.resolve(p);
    return r.ok;
  }

  async gather(requests: EvidenceRequest[]): Promise<GatherResult> {
    const answers = new Map<string, EvidenceAnswer>();
    const os = this.plat.os;
    await Promise.all(
      [...uniqueRequests(requests)].map(async ([key, req]) => {
        if (req.os && os !== 'unknown' && req.os !== os) return answers.set(key, unsupported(`only asked on ${req.os}`));
        switch (req.kind) {
          case 'file':
            return answers.set(key, await this.fs.readFile(req));
          case 'glob':
            return answers.set(key, await this.fs.glob(req));
          case 'command':
            return answers.set(key, unsupported(NEEDS_RUNNING_SYSTEM));
          case 'registry':
            if (!this.registry) return answers.set(key, unsupported('no registry on this image'));
            try {
              return answers.set(key, this.registry.answer(req));
            } catch (err) {
              return answers.set(key, { status: 'error', reason: `registry read failed: ${(err as Error).message}` });
            }
        }
      }),
    );
    return { platform: this.plat, answers };
  }

  async close(): Promise<void> {}
}
