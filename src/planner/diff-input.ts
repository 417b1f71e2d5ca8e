import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { PlanContext } from './context.js';
import type { ManagedScope } from './managed-scope.js';

/** What every diff area reads. `live.target` is already emptied when the target database is missing. */
export interface DiffInput {
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly context: PlanContext;
  readonly managed: ManagedScope;
}

/** Sorted keys of an optional record (code-unit order: deterministic, locale-free). */
export function sortedKeys(record: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.keys(record ?? {}).sort();
}

/** Code-unit order, for `.sort()` on anything but plain strings. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
