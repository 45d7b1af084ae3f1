/**
 * Which requirement a check evidences is written in one place: the profiles. A check declares no
 * requirements of its own; this derives them from the controls that use it.
 */
import { compareRequirements } from './coverage.js';
import type { Profile } from './profiles.js';

export interface CheckMapping {
  requirement: string;
  profile: string;
  control: string;
}

/** Per check id, every (requirement, profile, control) that names it, in requirement order. */
export function mappingsByCheck(profiles: readonly Profile[]): Map<string, CheckMapping[]> {
  const out = new Map<string, CheckMapping[]>();
  for (const p of profiles)
    for (const c of p.controls)
      for (const ref of c.checks ?? []) {
        const list = out.get(ref.check) ?? [];
        if (!out.has(ref.check)) out.set(ref.check, list);
        for (const requirement of c.requirements)
          if (!list.some((m) => m.requirement === requirement && m.control === c.id))
            list.push({ requirement, profile: p.id, control: c.id });
      }
  for (const list of out.values()) list.sort((a, b) => compareRequirements(a.requirement, b.requirement));
  return out;
}

/** The distinct requirement ids a check evidences in these profiles. */
export function requirementsOf(checkId: string, profiles: readonly Profile[]): string[] {
  return [...new Set((mappingsByCheck(profiles).get(checkId) ?? []).map((m) => m.requirement))];
}
