/** Every check posaudit knows, by family. Each family file exports `checks: AnyCheck[]`. */
import type { AnyCheck } from '../engine/model.js';
// family imports (one line each, alphabetical):
import { checks as tlsConfigChecks } from './tls-config.js';
import { checks as tlsEndpointChecks } from './tls-endpoints.js';
import { checks as cardDataChecks } from './card-data.js';
import { checks as allowlistChecks } from './allowlist.js';
import { checks as osChecks } from './os.js';
import { checks as sshChecks } from './ssh.js';
import { checks as remoteAccessChecks } from './remote-access.js';
import { checks as timeChecks } from './time.js';
import { checks as loggingChecks } from './logging.js';
import { checks as accountsChecks } from './accounts.js';
import { checks as antimalwareChecks } from './antimalware.js';
import { checks as eolChecks } from './eol.js';
import { checks as firewallChecks } from './firewall.js';
import { checks as patchesChecks } from './patches.js';
import { checks as firmwareChecks } from './firmware.js';
import { checks as usbChecks } from './usb.js';

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
  ...eolChecks,
  ...firewallChecks,
  ...patchesChecks,
  ...firmwareChecks,
  ...usbChecks,
];

const byId = new Map<string, AnyCheck>();
for (const c of ALL_CHECKS) {
  if (byId.has(c.id)) throw new Error(`duplicate check id ${c.id}`);
  byId.set(c.id, c);
}

export function findCheck(id: string): AnyCheck | undefined {
  return byId.get(id);
}
