/** Target specs from the command line: `local`, `ssh://[user@]host[:port]`, `image:PATH`. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import { ImageTarget, type WindowsImageSupport } from './image.js';
import { isWindowsImage, OfflineRegistry, windowsPlatform } from './image-windows.js';
import { LocalTarget } from './local.js';
import { SshTarget, type SshOptions } from './ssh.js';
import { parseSshUrl, type SshAddress } from './ssh-url.js';
import type { Target } from '../core/target.js';

export type TargetSpec = { kind: 'local' } | { kind: 'ssh'; address: SshAddress } | { kind: 'image'; root: string };

/** Parse a target argument; bad syntax is a usage error naming the argument. */
export function parseTargetSpec(arg: string): TargetSpec {
  if (arg === 'local' || arg === 'localhost:local') return { kind: 'local' };
  if (arg.startsWith('ssh://')) {
    const address = parseSshUrl(arg);
    if (!address)
      throw new UsageError(
        `bad SSH target "${arg}": expected ssh://[user@]host[:port]`,
        `SSH の対象 "${arg}" が不正です: ssh://[user@]host[:port] の形で指定してください`,
      );
    return { kind: 'ssh', address };
  }
  if (arg.startsWith('image:')) {
    const root = path.resolve(arg.slice('image:'.length));
    if (!arg.slice('image:'.length))
      throw new UsageError(
        `bad image target "${arg}": expected image:PATH`,
        `イメージの対象 "${arg}" が不正です: image:PATH の形で指定してください`,
      );
    if (!existsSync(root)) throw new UsageError(`image path does not exist: ${root}`, `イメージのパスが存在しません: ${root}`);
    if (!statSync(root).isDirectory())
      throw new UsageError(
        `image path is not a folder: ${root} (mount or unpack the image first)`,
        `イメージのパスがフォルダーではありません: ${root}（先にイメージをマウントするか展開してください）`,
      );
    return { kind: 'image', root };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(arg)?.[1];
  throw new UsageError(
    scheme
      ? t(
          `unknown target scheme "${scheme}:" in "${arg}" (use local, ssh://[user@]host[:port] or image:PATH)`,
          `"${arg}" の対象スキーム "${scheme}:" は不明です（local、ssh://[user@]host[:port]、image:PATH のいずれかを指定してください）`,
        )
      : t(
          `unknown target "${arg}" (use local, ssh://[user@]host[:port] or image:PATH)`,
          `不明な対象 "${arg}" です（local、ssh://[user@]host[:port]、image:PATH のいずれかを指定してください）`,
        ),
  );
}

export function specLabel(spec: TargetSpec): string {
  if (spec.kind === 'local') return 'local';
  if (spec.kind === 'image') return `image:${spec.root}`;
  const a = spec.address;
  return `ssh://${a.user ? `${a.user}@` : ''}${a.host.includes(':') ? `[${a.host}]` : a.host}${a.port === 22 ? '' : `:${a.port}`}`;
}

export type SshDefaults = Omit<SshOptions, 'address'>;

/** Offline Windows support for the image target: layout detection, platform, registry hives. */
export const WINDOWS_IMAGES: WindowsImageSupport = {
  isWindowsImage,
  windowsPlatform: (root) => windowsPlatform(root),
  openRegistry: (root) => new OfflineRegistry(root),
};

export async function createTarget(spec: TargetSpec, ssh: SshDefaults = {}): Promise<Target> {
  switch (spec.kind) {
    case 'local':
      return new LocalTarget({ timeoutMs: ssh.timeoutMs });
    case 'image':
      return new ImageTarget(spec.root, WINDOWS_IMAGES);
    case 'ssh':
      return new SshTarget({ ...ssh, address: spec.address });
  }
}
