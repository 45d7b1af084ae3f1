/** The requirements a check evidences, as the shipped profiles map them (checks declare none of their own). */
import { findCheck } from '../../checks/index.js';
import { requirementsOf } from '../../engine/mappings.js';
import { loadProfile, type Profile } from '../../engine/profiles.js';

export const SHIPPED_PROFILES: Profile[] = [];
// One after the other: the loader compiles its schema once, on first use.
for (const id of ['daily', 'pci-dss', 'pos-guideline']) SHIPPED_PROFILES.push(await loadProfile(id, findCheck));

export function shippedRequirementsOf(checkId: string): string[] {
  return requirementsOf(checkId, SHIPPED_PROFILES);
}
