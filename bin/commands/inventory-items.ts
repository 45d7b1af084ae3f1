/** Inventory-driven scans (placeholder until the fleet work lands). */
import { UsageError } from '../../engine/errors.js';
import type { ScanItem } from '../../engine/scan.js';
import type { ScanCliOptions } from './scan.js';

export async function inventoryItems(file: string, _o: ScanCliOptions, _sel: { limit?: string; shard?: string }): Promise<ScanItem[]> {
  throw new UsageError(`${file}: inventories are not supported yet`);
}
