/**
 * The plan: which checks run with which params, for which controls of which profiles.
 * A check with the same params used by several controls or profiles runs once.
 */
import type { Text } from '../core/i18n.js';
import type { AnyCheck, Severity } from '../core/model.js';
import type { CheckLookup, Profile } from './profiles.js';
import { resolveParams } from './profiles.js';

/** One check with one set of params: evaluated once per target. */
export interface Execution {
  key: string;
  check: AnyCheck;
  params: Record<string, unknown>;
}

/** A control's use of an execution (or a manual control with none). */
export interface PlannedControl {
  profileIds: string[];
  controlId: string;
  controlTitle: Text;
  requirements: string[];
  severity: Severity;
  tags: string[];
  execution?: Execution;
  procedure?: Text;
  expected?: Text;
}

export interface Plan {
  profiles: Profile[];
  executions: Execution[];
  controls: PlannedControl[];
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function executionKey(checkId: string, params: Record<string, unknown>): string {
  return `${checkId}${canonical(params)}`;
}

export function buildPlan(profiles: Profile[], lookup: CheckLookup, only?: (checkId: string) => boolean): Plan {
  const executions = new Map<string, Execution>();
  const controls = new Map<string, PlannedControl>();
  for (const profile of profiles) {
    for (const control of profile.controls) {
      const refs = control.checks ?? [];
      const units: Array<Execution | undefined> = [];
      for (const ref of refs) {
        if (only && !only(ref.check)) continue;
        const check = lookup(ref.check);
        if (!check) continue; // validated on load
        const params = resolveParams(check, ref.params, `${profile.source} (${control.id})`);
        const key = executionKey(check.id, params);
        let ex = executions.get(key);
        if (!ex) {
          ex = { key, check, params };
          executions.set(key, ex);
        }
        units.push(ex);
      }
      // A manual procedure is its own result, beside any automated checks (a "partial" control).
      if (control.manual || refs.length === 0) units.push(undefined);
      for (const ex of units) {
        const ref = refs.find((r) => r.check === ex?.check.id);
        const id = `${control.id}\u0000${ex?.key ?? 'manual'}`;
        const existing = controls.get(id);
        if (existing) {
          if (!existing.profileIds.includes(profile.id)) existing.profileIds.push(profile.id);
          continue;
        }
        controls.set(id, {
          profileIds: [profile.id],
          controlId: control.id,
          controlTitle: control.title,
          requirements: control.requirements,
          severity: ref?.severity ?? control.severity ?? ex?.check.severity ?? 'medium',
          tags: control.tags ?? [],
          execution: ex,
          procedure: ex ? undefined : control.manual?.procedure,
          expected: ex ? undefined : control.manual?.expected,
        });
      }
    }
  }
  return { profiles, executions: [...executions.values()], controls: [...controls.values()] };
}
