/** Platform identification from what the gatherer's platform section, or the files, say. */
import type { Platform } from '../core/model.js';

/** Parse os-release (KEY=value, optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2].trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[m[1]] = v.replace(/\\(["$`\\])/g, '$1').slice(0, 200);
  }
  return out;
}

/** From `uname -s; uname -r; uname -m; hostname` and os-release text. */
export function linuxPlatform(uname: string, osRelease: string | undefined): Platform {
  const [sys = '', release = '', arch = '', host = ''] = uname.split(/\r?\n/).map((s) => s.trim().slice(0, 200));
  const os = parseOsRelease(osRelease ?? '');
  const isLinux = /linux/i.test(sys) || Object.keys(os).length > 0;
  return {
    os: isLinux ? 'linux' : 'unknown',
    distro: os.ID || (sys ? sys.toLowerCase() : undefined),
    version: os.VERSION_ID,
    build: release || undefined,
    arch: arch || undefined,
    hostname: host || undefined,
    pretty: os.PRETTY_NAME || (sys ? `${sys} ${release}`.trim() : undefined),
  };
}

/** From the PowerShell platform section (`Key=value` lines). */
export function windowsPlatformFromLines(text: string): Platform {
  const kv: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).slice(0, 50)) {
    const i = line.indexOf('=');
    if (i > 0)
      kv[line.slice(0, i).trim()] = line
        .slice(i + 1)
        .trim()
        .slice(0, 200);
  }
  // CurrentBuild holds "1.511.1 () (Obsolete data - do not use)" on the XP family: CurrentBuildNumber is the build.
  const number = [kv.CurrentBuild, kv.CurrentBuildNumber].find((b) => b && /^\d+$/.test(b)) ?? kv.CurrentBuild;
  const build = number ? (kv.UBR ? `${number}.${kv.UBR}` : number) : undefined;
  return {
    os: 'windows',
    distro: kv.ProductName || 'Windows',
    edition: kv.EditionID || undefined,
    version: kv.DisplayVersion || kv.ReleaseId || kv.CurrentVersion || undefined,
    build,
    arch: kv.Arch || undefined,
    hostname: kv.Hostname || undefined,
    pretty: [kv.ProductName, kv.DisplayVersion, build ? `(build ${build})` : ''].filter(Boolean).join(' ') || undefined,
  };
}
