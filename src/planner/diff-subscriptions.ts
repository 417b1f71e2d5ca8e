import { ReplctlError } from '../errors.js';
import type { SettingValue } from '../model/desired-state.js';
import type { LiveState, LiveSubscription } from '../model/live-state.js';
import type { Change, SubscriptionConnectionValue } from './changes.js';
import { type PlanContext, subscriptionConninfo } from './context.js';
import { type DiffInput, sortedKeys } from './diff-input.js';
import { mentionedKeys } from './managed-scope.js';
import { orphanSlotToAdopt } from './orphan-slot.js';
import { formatPath } from './paths.js';
import { listedTables, tablesToEmpty } from './subscribed-tables.js';
import { checkSubscriptionForTarget } from './target-version.js';

/** Options CREATE SUBSCRIPTION takes but ALTER SUBSCRIPTION … SET cannot change. */
const CREATE_ONLY_OPTIONS = new Set(['copy_data', 'create_slot', 'connect', 'enabled']);

/**
 * Subscriptions on the target, changed in place (a drop and create would mean a new slot and a full
 * re-copy): DISABLE/ENABLE, CONNECTION, SET (options), SET PUBLICATION, and REFRESH PUBLICATION
 * when the members of a publication it uses changed (`publicationChanges`), a desired member has
 * not reached it yet, or a removed member has not left it yet. New subscriptions and refreshes are
 * followed by a wait for the initial sync.
 */
export function diffSubscriptions(input: DiffInput, publicationChanges: readonly Change[]): Change[] {
  const { desired, live, context, managed } = input;
  const wanted = desired.target?.subscriptions ?? {};
  const membersAdded = new Set<string>();
  const membersDropped = new Set<string>();
  for (const change of publicationChanges) {
    if (change.kind === 'AddPublicationTables') membersAdded.add(change.publication);
    if (change.kind === 'DropPublicationTables') membersDropped.add(change.publication);
  }
  const changes: Change[] = [];
  for (const name of sortedKeys(wanted)) {
    const subscription = wanted[name]!;
    const path = (...keys: string[]) => formatPath('target', 'subscriptions', name, ...keys);
    const current = live.target.subscriptions[name];
    const listed = listedTables(desired, subscription.publications);
    const copyData = optionText(subscription.options?.copy_data ?? true) !== 'false';
    // Tables an interrupted removal left in the subscription: listed ones must be copied again.
    const stale = current === undefined ? [] : staleMembers(live, current);
    const staleListed = stale.filter((table) => listed.includes(table));
    // Only what will be copied is checked: a filtered table already replicating stays as it is.
    const entering = (table: string) => current?.tables[table] === undefined || staleListed.includes(table);
    checkSubscriptionForTarget(desired, name, subscription, copyData, live.target.serverVersionNum, entering);
    // Rows left in target tables that (re)enter the subscription would break its initial copy.
    const emptyFirst = (reasons: string[]) => {
      const tables = copyData ? tablesToEmpty(listed, current, live.target, staleListed) : [];
      if (tables.length > 0)
        changes.push({ kind: 'TruncateTargetTables', subscription: name, tables, reasons });
    };
    if (current === undefined) {
      emptyFirst([path()]);
      const options = subscription.options ?? {};
      const orphan = orphanSlotToAdopt(live, context.sourceDatabase, name, options, context.interruptedSteps);
      changes.push({
        kind: 'CreateSubscription',
        name,
        publications: subscription.publications,
        ...(subscription.enabled === undefined ? {} : { enabled: subscription.enabled }),
        options: orphan === undefined ? options : { ...options, create_slot: false, slot_name: orphan },
        connection: connectionValue(context, name, path()),
        reasons: [path()],
      });
      if (subscription.enabled !== false)
        changes.push({ kind: 'WaitSubscriptionSynced', name, reasons: [path()] });
      continue;
    }

    const enabled = subscription.enabled ?? current.enabled;
    if (!enabled && current.enabled) {
      changes.push({ kind: 'SetSubscriptionEnabled', name, enabled: false, reasons: [path('enabled')] });
    }
    if (!secretStatus(context, name).matches) {
      changes.push({
        kind: 'SetSubscriptionConnection',
        name,
        connection: connectionValue(context, name, path()),
        reasons: [path()],
      });
    }
    const options = changedOptions(subscription.options ?? {}, current);
    if (options !== undefined) {
      changes.push({
        kind: 'SetSubscriptionOptions',
        name,
        options,
        reasons: Object.keys(options).map((o) => path('options', o)),
      });
    }
    const enabling = enabled && !current.enabled;
    if (enabling)
      changes.push({ kind: 'SetSubscriptionEnabled', name, enabled: true, reasons: [path('enabled')] });

    const wantedPublications = new Set(subscription.publications);
    const removed = current.publications.filter((p) => !wantedPublications.has(p)).sort();
    const publicationsChanged =
      removed.length > 0 || wantedPublications.size !== new Set(current.publications).size;
    if (publicationsChanged) {
      changes.push({
        kind: 'SetSubscriptionPublications',
        name,
        publications: subscription.publications,
        removed,
        refresh: enabled,
        copyData,
        reasons: [path('publications')],
      });
      if (enabled) emptyFirst([path('publications')]);
    }
    // REFRESH is refused on a disabled subscription; it is planned again once it is enabled.
    if (!enabled) continue;
    // Also when its publications change: SET PUBLICATION runs after the members are added back,
    // so its refresh would keep the stale tables (emptied just before) without copying them again.
    if (staleListed.length > 0) {
      changes.push({
        kind: 'RefreshSubscription',
        name,
        publications: [],
        afterRemoval: false,
        releasesStale: true,
        copyData,
        reasons: [path('publications')],
      });
    }
    const grown = subscription.publications.filter((p) => membersAdded.has(p));
    const refresh =
      !publicationsChanged &&
      (grown.length > 0 || desiredMemberMissing(live, listed, subscription.publications, current));
    if (refresh) {
      const reasons = [
        path('publications'),
        ...grown.map((p) => formatPath('source', 'publications', p, 'tables')),
      ];
      emptyFirst(reasons);
      changes.push({
        kind: 'RefreshSubscription',
        name,
        publications: grown,
        afterRemoval: false,
        copyData,
        reasons,
      });
    }
    const shrunk = subscription.publications.filter((p) => membersDropped.has(p));
    const staleUnlisted = stale.some((table) => !listed.includes(table));
    if (shrunk.length > 0 || (!publicationsChanged && staleUnlisted)) {
      changes.push({
        kind: 'RefreshSubscription',
        name,
        publications: shrunk,
        afterRemoval: true,
        copyData,
        reasons: [
          path('publications'),
          ...shrunk.map((p) => formatPath('source', 'publications', p, 'tables')),
        ],
      });
    }
    const syncing = Object.values(current.tables).some((t) => t.state !== 'r');
    if (refresh || enabling || publicationsChanged || syncing) {
      changes.push({ kind: 'WaitSubscriptionSynced', name, reasons: [path()] });
    }
  }
  for (const name of [...mentionedKeys(managed, ['target', 'subscriptions'])].sort()) {
    const current = live.target.subscriptions[name];
    if (name in wanted || current === undefined) continue;
    changes.push({
      kind: 'DropSubscription',
      name,
      publications: current.publications,
      reasons: [formatPath('target', 'subscriptions', name)],
    });
  }
  return changes;
}

/**
 * Whether a listed table that a live publication of the subscription already has is not in the
 * subscription yet: an earlier ADD TABLE whose refresh never ran. Partitioned tables are skipped
 * (the subscription may hold their partitions instead).
 */
function desiredMemberMissing(
  live: LiveState,
  listed: readonly string[],
  publications: readonly string[],
  current: LiveSubscription,
): boolean {
  const livePublications = publications.flatMap((p) => live.source.publications[p] ?? []);
  return listed.some(
    (table) =>
      current.tables[table] === undefined &&
      live.source.tables[table]?.kind !== 'p' &&
      livePublications.some((p) => p.tables[table] !== undefined),
  );
}

/**
 * Tables the subscription still holds that none of its live publications has: an earlier DROP
 * TABLE whose refresh never ran (a run killed between them), so the subscriber keeps them as
 * replicated while no change reaches them. None are known when a publication is missing, FOR ALL
 * TABLES or TABLES IN SCHEMA; a table the source scope does not show as a plain table is left out
 * (a partition may come through its parent).
 */
function staleMembers(live: LiveState, current: LiveSubscription): string[] {
  const publications = current.publications.map((p) => live.source.publications[p]);
  if (publications.some((p) => p === undefined || p.allTables || p.schemas.length > 0)) return [];
  return Object.keys(current.tables).filter(
    (table) =>
      live.source.tables[table]?.isPartition === false &&
      publications.every((p) => p!.tables[table] === undefined),
  );
}

function changedOptions(
  wanted: Readonly<Record<string, SettingValue>>,
  current: LiveSubscription,
): Record<string, SettingValue> | undefined {
  const changed: Record<string, SettingValue> = {};
  for (const option of sortedKeys(wanted)) {
    if (CREATE_ONLY_OPTIONS.has(option)) continue;
    const live = current.options[option];
    // An option the server does not report (version, privileges) is unknown, not different.
    if (live === undefined) continue;
    if (optionText(wanted[option]!) !== optionText(live)) changed[option] = wanted[option]!;
  }
  return Object.keys(changed).length === 0 ? undefined : changed;
}

/** Booleans in any spelling compare equal (`on`, `true`); the rest case-insensitively. */
function optionText(value: SettingValue): string {
  const text = String(value).trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(text)) return 'true';
  if (['false', 'off', 'no', '0'].includes(text)) return 'false';
  return text;
}

function connectionValue(context: PlanContext, name: string, path: string): SubscriptionConnectionValue {
  if (context.subscriptionConnection === undefined) {
    throw new ReplctlError(
      `${path}: the environment has no subscriptionConnection (how the target reaches the source) in replctl.yaml`,
    );
  }
  return {
    conninfo: subscriptionConninfo(context.subscriptionConnection),
    fingerprint: secretStatus(context, name).fingerprint,
  };
}

function secretStatus(context: PlanContext, name: string) {
  const status = context.secrets.subscriptions[name];
  if (status === undefined) {
    throw new Error(`PlanContext.secrets.subscriptions lacks subscription ${JSON.stringify(name)}`);
  }
  return status;
}
