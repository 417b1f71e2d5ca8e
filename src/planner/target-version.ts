import { ReplctlError } from '../errors.js';
import type { DesiredState, DesiredSubscription, SettingValue } from '../model/desired-state.js';
import { formatPath } from './paths.js';
import { formatServerVersion } from './source-version.js';
import { canonicalTableOrUndefined } from './table-names.js';

/**
 * The first major whose CREATE SUBSCRIPTION takes each option; those not listed (copy_data,
 * connect, create_slot, enabled, slot_name, synchronous_commit) every supported major takes.
 */
const OPTION_SINCE: Readonly<Record<string, number>> = {
  binary: 14,
  streaming: 14,
  two_phase: 15,
  disable_on_error: 15,
  password_required: 16,
  run_as_owner: 16,
  origin: 16,
  failover: 17,
};
const STREAMING_PARALLEL_SINCE = 16;
/** Before 15 a subscriber's initial copy takes whole tables: it ignores column lists and row filters. */
const FILTERED_COPY_SINCE = 15;

/**
 * Refuses, at plan time and naming the changeset path, what the target's major cannot do with a
 * subscription: an option it does not know (the source may be older or newer: only the
 * subscriber's major decides which options CREATE SUBSCRIPTION takes), and a column list or row
 * filter that its initial copy would ignore — copying the columns and rows they leave out.
 */
export function checkSubscriptionForTarget(
  desired: DesiredState,
  name: string,
  subscription: DesiredSubscription,
  copyData: boolean,
  targetVersionNum: number,
  /** Whether a table (canonical key) will be copied: new to the subscription, or entering again. */
  entering: (table: string) => boolean,
): void {
  const path = (...keys: string[]) => formatPath('target', 'subscriptions', name, ...keys);
  for (const [option, value] of Object.entries(subscription.options ?? {})) {
    const parallel = isParallelStreaming(option, value);
    const since = parallel ? STREAMING_PARALLEL_SINCE : OPTION_SINCE[option];
    if (since === undefined) continue;
    const feature = `the subscription option ${parallel ? 'streaming = parallel' : option}`;
    requireTargetVersion(targetVersionNum, since, feature, path('options', option));
  }
  if (!copyData) return;
  for (const publicationName of subscription.publications) {
    const publication = desired.source?.publications?.[publicationName];
    for (const [table, member] of Object.entries(publication?.tables ?? {})) {
      const filter =
        member.columns !== undefined ? 'columns' : member.where !== undefined ? 'where' : undefined;
      if (filter === undefined) continue;
      const canonical = canonicalTableOrUndefined(table);
      if (canonical !== undefined && !entering(canonical)) continue;
      const memberPath = formatPath('source', 'publications', publicationName, 'tables', table, filter);
      requireTargetVersion(
        targetVersionNum,
        FILTERED_COPY_SINCE,
        `the initial copy of ${filter === 'columns' ? 'a column list' : 'a row filter'} (an older subscriber copies the whole table)`,
        `${path()} (copy_data) with ${memberPath}`,
        'set the subscription option copy_data: false and copy the data yourself, or publish the table whole',
      );
    }
  }
}

function isParallelStreaming(option: string, value: SettingValue): boolean {
  return option === 'streaming' && String(value).trim().toLowerCase() === 'parallel';
}

function requireTargetVersion(
  versionNum: number,
  minimumMajor: number,
  feature: string,
  path: string,
  fix?: string,
): void {
  if (versionNum >= minimumMajor * 10000) return;
  throw new ReplctlError(
    `${path}: ${feature} needs PostgreSQL ${minimumMajor} or later on the target, but the target runs ` +
      `PostgreSQL ${formatServerVersion(versionNum)}${fix === undefined ? '' : `: ${fix}`}`,
  );
}
