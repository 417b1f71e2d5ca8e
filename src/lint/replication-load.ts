import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { optionFlag } from './option-flag.js';
import { subscribedTables } from './replicated-tables.js';

/** What replication asks of both servers once the plan has run, for the capacity rules. */
export interface ReplicationLoad {
  /** Replication slots on the source after the plan: the live ones, less those dropped, plus new ones. */
  readonly slots: readonly string[];
  /** Slots a walsender serves: active now, or of an enabled desired subscription. */
  readonly streamed: readonly string[];
  /** Desired subscriptions that will be enabled: one apply worker each on the target. */
  readonly enabledSubscriptions: readonly string[];
  /** Enabled subscriptions with tables still to copy (new ones, or tables the plan adds). */
  readonly syncing: readonly string[];
}

export function replicationLoad(desired: DesiredState, live: LiveState): ReplicationLoad {
  const wanted = desired.target?.subscriptions ?? {};
  const liveSubscriptions = live.target.subscriptions;
  const slotOf = (name: string): string | null => {
    const current = liveSubscriptions[name];
    if (current !== undefined) return current.slotName;
    const options = wanted[name]?.options ?? {};
    if (!optionFlag(options.create_slot, true) || !optionFlag(options.connect, true)) return null;
    const slotName = options.slot_name === undefined ? name : String(options.slot_name);
    return slotName.toLowerCase() === 'none' ? null : slotName;
  };
  // Subscriptions read from an earlier version and no longer desired are dropped with their slots.
  const dropped = new Set(
    Object.keys(liveSubscriptions)
      .filter((name) => !(name in wanted))
      .map((name) => liveSubscriptions[name]!.slotName)
      .filter((slot): slot is string => slot !== null),
  );
  const enabled = Object.keys(wanted)
    .sort()
    .filter((name) => wanted[name]!.enabled ?? liveSubscriptions[name]?.enabled ?? true);
  const slots = new Set(live.source.slots.map((s) => s.name).filter((name) => !dropped.has(name)));
  for (const name of Object.keys(wanted)) {
    const slot = slotOf(name);
    if (slot !== null) slots.add(slot);
  }
  const streamed = new Set(
    live.source.slots.filter((s) => s.active && !dropped.has(s.name)).map((s) => s.name),
  );
  for (const name of enabled) {
    const slot = slotOf(name);
    if (slot !== null) streamed.add(slot);
  }
  const tables = subscribedTables(desired, live);
  const syncing = enabled.filter((name) => {
    if (!optionFlag(wanted[name]!.options?.copy_data, true)) return false;
    const current = liveSubscriptions[name];
    if (current === undefined) return true;
    return tables.some((t) => t.subscription === name && current.tables[t.table]?.state !== 'r');
  });
  return { slots: [...slots].sort(), streamed: [...streamed].sort(), enabledSubscriptions: enabled, syncing };
}
