import type { SettingValue } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { formatPath } from './paths.js';

/**
 * The replication slot a new subscription would create, when the source already has it unused: a
 * CREATE SUBSCRIPTION cut off by a restart of the target (or of apply) after the source created
 * the slot leaves it behind, and a second CREATE SUBSCRIPTION then fails with "replication slot
 * … already exists" on every re-run. An inactive logical pgoutput slot of that name in the source
 * database is taken over instead (`create_slot = false`), as an operator would by hand; the
 * publisher sends from its position, and the initial copy still runs. Only when the journal says
 * this environment's last run was cut off in that very CREATE SUBSCRIPTION: an inactive slot of
 * the same name may be another subscriber's (another target fed from this source, momentarily
 * disconnected), and taking it would silently steal its changes — without that record, CREATE
 * SUBSCRIPTION fails loudly instead. Undefined when there is none, the slot's WAL is lost, or the
 * subscription names its own slot handling (`create_slot`).
 */
export function orphanSlotToAdopt(
  live: LiveState,
  sourceDatabase: string,
  subscription: string,
  options: Readonly<Record<string, SettingValue>>,
  interruptedSteps: ReadonlySet<string> | undefined,
): string | undefined {
  if (options.create_slot !== undefined) return undefined;
  if (!interruptedSteps?.has(formatPath('target', 'subscription', subscription, 'create'))) return undefined;
  const slotName = typeof options.slot_name === 'string' ? options.slot_name : subscription;
  const slot = live.source.slots.find((s) => s.name === slotName);
  const adoptable =
    slot !== undefined &&
    !slot.active &&
    slot.slotType === 'logical' &&
    slot.plugin === 'pgoutput' &&
    slot.walStatus !== 'lost' &&
    slot.database === sourceDatabase;
  return adoptable ? slotName : undefined;
}
