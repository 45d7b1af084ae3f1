/**
 * Inventory reading time: Ansible YAML, Ansible INI and posaudit YAML inventories of N hosts (each with a var),
 * parsed and resolved into hosts. Linear is the goal (issue 22: 50,000 YAML hosts took 65 s).
 * Usage: node --import tsx bench/inventory.ts 5000,20000,50000
 */
import { parseInventory } from '../engine/fleet/load.js';

const sizes = (process.argv[2] ?? '5000,20000').split(',').map(Number);
for (const n of sizes) {
  const yaml =
    'all:\n  children:\n    stores:\n      vars:\n        ansible_user: audit\n      hosts:\n' +
    Array.from(
      { length: n },
      (_, i) => `        pos-${i}:\n          ansible_host: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`,
    ).join('');
  const ini =
    '[stores:vars]\nansible_user=audit\n[stores]\n' +
    Array.from({ length: n }, (_, i) => `pos-${i} ansible_host=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`).join('');
  const ours =
    'version: 1\ndefaults: { user: audit }\nhosts:\n' +
    Array.from({ length: n }, (_, i) => `  pos-${i}: { address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} }\n`).join('');
  for (const [name, file, text] of [
    ['ansible-yaml', 'bench.yaml', yaml],
    ['ansible-ini', 'bench.ini', ini],
    ['posaudit-yaml', 'bench-posaudit.yaml', ours],
  ] as const) {
    const t0 = performance.now();
    const inv = await parseInventory(file, text, 'en');
    const ms = performance.now() - t0;
    console.log(
      `${name} ${n} hosts: ${(ms / 1000).toFixed(2)} s (${((ms * 1000) / n).toFixed(1)} µs/host), ${inv.hosts.length} read`,
    );
  }
}
