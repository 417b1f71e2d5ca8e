import type { DesiredState, PublishOperation } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { desiredPublicationTables } from '../planner/desired-tables.js';
import { memoizedPerState, type PerStateCache } from './memoized-per-state.js';
import { optionFlag } from './option-flag.js';

const ALL_OPERATIONS: readonly PublishOperation[] = ['insert', 'update', 'delete', 'truncate'];

/** A table a publication lists by name, as the plan leaves it. */
export interface PublishedMember {
  readonly publication: string;
  /** Canonical changeset spelling. */
  readonly table: string;
  readonly publish: readonly PublishOperation[];
  /** Column list (PostgreSQL 15+); absent: every column. */
  readonly columns?: readonly string[];
  /** Row filter (PostgreSQL 15+). */
  readonly where?: string;
  /** Whether the desired state defines the publication (else it is read from the live one). */
  readonly managed: boolean;
}

/**
 * The members of publication `name` after the plan: the desired publication's when a changeset
 * defines it, else the live one's (a subscription may use a publication replctl does not manage).
 * FOR ALL TABLES and TABLES IN SCHEMA members are not listed: introspection does not read them.
 * Worked out once per (desired, live) and publication: several rules and every subscription using
 * the publication ask (10,000 members in a large setup).
 */
export function publicationMembers(
  desired: DesiredState,
  live: LiveState,
  name: string,
): readonly PublishedMember[] {
  const byName = memoizedPerState(membersCache, desired, live, () => new Map<string, PublishedMember[]>());
  let members = byName.get(name);
  if (members === undefined) {
    members = membersOf(desired, live, name);
    byName.set(name, members);
  }
  return members;
}

const membersCache: PerStateCache<Map<string, PublishedMember[]>> = new WeakMap();

function membersOf(desired: DesiredState, live: LiveState, name: string): PublishedMember[] {
  const wanted = desired.source?.publications?.[name];
  const current = live.source.publications[name];
  const members: PublishedMember[] = [];
  if (wanted !== undefined) {
    const publish = wanted.publish ?? current?.publish ?? ALL_OPERATIONS;
    // In canonical name order (the diff's index of the publication: keys made canonical once).
    for (const listed of desiredPublicationTables(wanted).sorted) {
      members.push(member(name, listed.table, publish, listed, true));
    }
  } else if (current !== undefined) {
    for (const [table, listed] of Object.entries(current.tables)) {
      members.push(member(name, table, current.publish, listed, false));
    }
  }
  return members;
}

function member(
  publication: string,
  table: string,
  publish: readonly PublishOperation[],
  listed: { readonly columns?: readonly string[]; readonly where?: string },
  managed: boolean,
): PublishedMember {
  // Built field by field: the member has `columns` and `where` keys only when the listing has them.
  const result: { -readonly [K in keyof PublishedMember]: PublishedMember[K] } = {
    publication,
    table,
    publish,
    managed,
  };
  if (listed.columns !== undefined) result.columns = listed.columns;
  if (listed.where !== undefined) result.where = listed.where;
  return result;
}

const publishedMembersCache: PerStateCache<readonly PublishedMember[]> = new WeakMap();

/** Every table every desired publication lists, one entry per publication and table. */
export function desiredPublishedMembers(desired: DesiredState, live: LiveState): readonly PublishedMember[] {
  return memoizedPerState(publishedMembersCache, desired, live, () =>
    Object.keys(desired.source?.publications ?? {})
      .sort()
      .flatMap((name) => publicationMembers(desired, live, name)),
  );
}

/** A table as one desired subscription receives it. */
export interface SubscribedTable {
  readonly table: string;
  readonly subscription: string;
  /** The subscription's publications that list the table. */
  readonly members: readonly PublishedMember[];
  /** The union of the column lists; 'all' when one member has none. */
  readonly columns: ReadonlySet<string> | 'all';
  readonly enabled: boolean;
  readonly copyData: boolean;
  readonly binary: boolean;
}

const subscribedTablesCache: PerStateCache<readonly SubscribedTable[]> = new WeakMap();

/** Per desired subscription, the tables its publications list by name (after the plan). */
export function subscribedTables(desired: DesiredState, live: LiveState): readonly SubscribedTable[] {
  return memoizedPerState(subscribedTablesCache, desired, live, () => subscribedTablesOf(desired, live));
}

function subscribedTablesOf(desired: DesiredState, live: LiveState): SubscribedTable[] {
  const result: SubscribedTable[] = [];
  const subscriptions = desired.target?.subscriptions ?? {};
  for (const name of Object.keys(subscriptions).sort()) {
    const subscription = subscriptions[name]!;
    const byTable = new Map<string, PublishedMember[]>();
    for (const publication of subscription.publications) {
      for (const member of publicationMembers(desired, live, publication)) {
        const list = byTable.get(member.table) ?? [];
        list.push(member);
        byTable.set(member.table, list);
      }
    }
    // The same for every table of the subscription: worked out once, not per table.
    const options = subscription.options ?? {};
    const enabled = subscription.enabled ?? live.target.subscriptions[name]?.enabled ?? true;
    const copyData = optionFlag(options.copy_data, true);
    const binary = optionFlag(
      options.binary,
      optionFlag(live.target.subscriptions[name]?.options.binary, false),
    );
    // Table names sort by code unit, as the default sort does.
    for (const table of [...byTable.keys()].sort()) {
      const members = byTable.get(table)!;
      result.push({
        table,
        subscription: name,
        members,
        columns: members.some((m) => m.columns === undefined)
          ? 'all'
          : new Set(members.flatMap((m) => m.columns ?? [])),
        enabled,
        copyData,
        binary,
      });
    }
  }
  return result;
}
