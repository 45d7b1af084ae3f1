/** Every check posaudit knows, by family. Each family file exports `checks: AnyCheck[]`. */
import type { AnyCheck } from '../core/model.js';
// family imports (one line each, alphabetical):
import { checks as tlsConfigChecks } from './tls/config-checks.js';
import { checks as tlsEndpointChecks } from './tls/endpoint-checks.js';
import { checks as cardDataChecks } from './pan/index.js';
import { checks as allowlistChecks } from './allowlist/index.js';
import { checks as osChecks } from './os/index.js';
import { checks as sshChecks } from './ssh/index.js';
import { checks as remoteAccessChecks } from './remote/index.js';
import { checks as timeChecks } from './time/index.js';
import { checks as loggingChecks } from './logging/index.js';
import { checks as accountsChecks } from './accounts/index.js';
import { checks as antimalwareChecks } from './antimalware/index.js';
import { scanningChecks as antimalwareScanningChecks } from './antimalware/scanning.js';
import { checks as eolChecks } from './os/end-of-life.js';
import { checks as firewallChecks } from './firewall/index.js';
import { checks as patchesChecks } from './patches/index.js';
import { checks as firmwareChecks } from './firmware/index.js';
import { checks as fimChecks } from './fim/index.js';
import { checks as usbChecks } from './usb/index.js';
import { checks as memoryChecks } from './memory/index.js';

export const ALL_CHECKS: readonly AnyCheck[] = [
  // family spreads (one line each, alphabetical):
  ...tlsConfigChecks,
  ...tlsEndpointChecks,
  ...cardDataChecks,
  ...allowlistChecks,
  ...osChecks,
  ...sshChecks,
  ...remoteAccessChecks,
  ...timeChecks,
  ...loggingChecks,
  ...accountsChecks,
  ...antimalwareChecks,
  ...antimalwareScanningChecks,
  ...eolChecks,
  ...firewallChecks,
  ...patchesChecks,
  ...firmwareChecks,
  ...fimChecks,
  ...usbChecks,
  ...memoryChecks,
];

const byId = new Map<string, AnyCheck>();
for (const c of ALL_CHECKS) {
  if (byId.has(c.id)) throw new Error(`duplicate check id ${c.id}`);
  byId.set(c.id, c);
}

export function findCheck(id: string): AnyCheck | undefined {
  return byId.get(id);
}
