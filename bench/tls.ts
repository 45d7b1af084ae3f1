/**
 * `node --import tsx bench/tls.ts`: time to fully enumerate one server with posaudit's probe,
 * next to an `openssl s_client` loop (one handshake per protocol × suite) and testssl.sh when installed.
 * `--quick` skips the s_client loop and testssl.sh (they take minutes).
 * The server is `openssl s_server` on loopback with every suite this OpenSSL has (SECLEVEL=0, TLS 1.0–1.3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { tcpConnector } from '../bin/commands/tls.js';
import { probeEndpoint } from '../checks/tls/probe.js';
import { PROTOCOLS } from '../checks/tls/suites.js';
import { freePort, makePki, removePki, startSilentServer, startSServer } from '../test/tls/servers.js';

function opensslLoop(port: number): { accepted: number; handshakes: number; ms: number } {
  const t0 = Date.now();
  let accepted = 0;
  let handshakes = 0;
  const legacy = execFileSync('openssl', ['ciphers', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'])
    .toString()
    .trim()
    .split(':')
    .filter((c) => !c.startsWith('TLS_'));
  const tls13 = [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_AES_128_CCM_SHA256',
    'TLS_AES_128_CCM_8_SHA256',
  ];
  const tryOne = (args: string[]): void => {
    handshakes++;
    const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], { input: '', timeout: 5000 });
    if (r.status === 0 && /Cipher is (?!\(NONE\))/.test(r.stdout.toString())) accepted++;
  };
  for (const proto of ['-tls1', '-tls1_1', '-tls1_2']) for (const c of legacy) tryOne([proto, '-cipher', `${c}:@SECLEVEL=0`]);
  for (const c of tls13) tryOne(['-tls1_3', '-ciphersuites', c]);
  return { accepted, handshakes, ms: Date.now() - t0 };
}

async function main(): Promise<void> {
  const pki = makePki();
  const server = await startSServer(pki, 'good', [
    '-min_protocol',
    'TLSv1',
    '-cipher',
    'ALL:COMPLEMENTOFALL:@SECLEVEL=0',
    '-ciphersuites',
    'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256',
  ]);
  const silent = await startSilentServer();
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model}; node ${process.version}; ${execFileSync('openssl', ['version']).toString().trim()}`,
    );
    const runs: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await probeEndpoint(tcpConnector('127.0.0.1', server.port, 5000), { endpoint: server.endpoint, timeoutMs: 5000 });
      runs.push(last.durationMs);
    }
    const suites = PROTOCOLS.map((p) => `${p}=${last!.ciphers[p]?.length ?? 0}`).join(' ');
    console.log(`posaudit probe: ${runs.join(' / ')} ms (3 runs), ${last!.probes} connections, accepted ${suites}`);

    const quick = process.argv.includes('--quick'); // probe and port sweep only
    const loop = quick ? undefined : opensslLoop(server.port);
    if (loop)
      console.log(
        `openssl s_client loop: ${loop.ms} ms, ${loop.handshakes} handshakes, ${loop.accepted} accepted (protocol × suite)`,
      );

    if (quick) console.log('openssl s_client loop and testssl.sh: skipped (--quick)');
    else if (spawnSync('which', ['testssl']).status === 0) {
      const t0 = Date.now();
      spawnSync('testssl', ['--quiet', '--color', '0', '-p', '-E', '--warnings', 'off', `127.0.0.1:${server.port}`], {
        timeout: 600_000,
      });
      console.log(`testssl.sh -p -E: ${Date.now() - t0} ms`);
    } else console.log('testssl.sh: not installed');

    // A port sweep of one host: 30 ports (1 TLS server, 1 silent, the rest closed), 1 s timeout.
    const ports = [server.port, silent.port, ...(await Promise.all(Array.from({ length: 28 }, freePort)))];
    const t0 = Date.now();
    let next = 0;
    const states: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ports.length) {
          const port = ports[next++];
          const r = await probeEndpoint(tcpConnector('127.0.0.1', port, 1000), {
            endpoint: `127.0.0.1:${port}`,
            timeoutMs: 1000,
            concurrency: 4,
          });
          states.push(r.state);
        }
      }),
    );
    const count = (s: string): number => states.filter((x) => x === s).length;
    console.log(
      `port sweep: ${ports.length} ports in ${Date.now() - t0} ms (tls ${count('tls')}, no-answer ${count('no-answer')}, ` +
        `unreachable ${count('unreachable')})`,
    );
  } finally {
    server.stop();
    silent.stop();
    removePki(pki);
  }
}

await main();
