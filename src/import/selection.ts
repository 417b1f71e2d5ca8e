import { ReplctlError } from '../errors.js';
import type {
  DiscoveredSubscription,
  DiscoveredTarget,
  Discovery,
  DiscoveryRequest,
} from '../introspect/discover.js';
import type { ImportFinding } from './finding.js';

/** The source settings a first import records: those the runbook sets for logical replication. */
export const REPLICATION_SETTINGS: readonly string[] = [
  'wal_level',
  'max_replication_slots',
  'max_wal_senders',
];

/** What the project's changesets already manage (`--as-patch`), by name. */
export interface ManagedNames {
  readonly publications: readonly string[];
  readonly subscriptions: readonly string[];
  readonly roles: readonly string[];
  readonly settings: readonly string[];
  readonly targetDatabase?: string;
  readonly parameterGroup?: string;
}

export interface ImportRequest {
  /** `--publication`: import these (and nothing the subscriptions do not need). */
  readonly publications: readonly string[];
  /** `--subscription`: import these and the publications they receive. */
  readonly subscriptions: readonly string[];
  /** With `--as-patch`: the objects the project manages, always part of the selection. */
  readonly managed?: ManagedNames;
  /** The user of the environment's subscriptionConnection: the replication role to import. */
  readonly connectionUser?: string;
}

/**
 * The names import reads and writes into the changeset: `targetDatabase` is the subscriptions'
 * (absent: none was found), `parameterGroup` the one attached to the RDS instance (absent: no RDS
 * API, or a default group).
 */
export interface ImportSelection extends ManagedNames {
  readonly findings: readonly ImportFinding[];
}

/**
 * What the source is asked about, once the target's subscriptions are known: the publications
 * named, managed, or received by the subscriptions named; every publication when nothing is named.
 */
export function discoveryRequest(target: DiscoveredTarget, request: ImportRequest): DiscoveryRequest {
  const named = new Set([...request.publications, ...(request.managed?.publications ?? [])]);
  const subscriptions = new Set([...request.subscriptions, ...(request.managed?.subscriptions ?? [])]);
  for (const s of target.subscriptions) {
    if (subscriptions.has(s.name)) for (const p of s.publications) named.add(p);
    else if (request.publications.some((p) => s.publications.includes(p)))
      for (const p of s.publications) named.add(p);
  }
  const all = named.size === 0 && request.managed === undefined && subscriptions.size === 0;
  return {
    publications: all ? 'all' : [...named].sort(),
    roles: sorted([
      ...(request.managed?.roles ?? []),
      ...(request.connectionUser ? [request.connectionUser] : []),
    ]),
  };
}

/**
 * Decides what to import (pure). Subscriptions must replicate from this environment's source:
 * their replication slot is in the source database (a subscription without a slot is taken on
 * trust). All of them must live in one target database, since a changeset has one.
 * @throws ReplctlError for a name asked for that does not exist or cannot be imported.
 */
export function selectObjects(discovery: Discovery, request: ImportRequest): ImportSelection {
  const { source, target } = discovery;
  const findings: ImportFinding[] = [];
  const managed = request.managed;
  for (const name of request.publications) {
    if (!source.publications.includes(name)) {
      throw new ReplctlError(
        `expected --publication to name a publication of source database ${source.database} (${listOrNone(source.publications)}), but got "${name}"`,
      );
    }
  }
  const known = target.subscriptions.map((s) => s.name);
  for (const name of request.subscriptions) {
    if (!known.includes(name)) {
      throw new ReplctlError(
        `expected --subscription to name a subscription on the target (${listOrNone(known)}), but got "${name}"`,
      );
    }
  }

  const asked = new Set([...request.subscriptions, ...(managed?.subscriptions ?? [])]);
  const candidates = target.subscriptions.filter((s) =>
    asked.size > 0 || managed !== undefined
      ? asked.has(s.name)
      : request.publications.length === 0 || s.publications.some((p) => request.publications.includes(p)),
  );
  const chosen: DiscoveredSubscription[] = [];
  for (const subscription of candidates) {
    const reason = foreignReason(subscription, discovery);
    if (reason === undefined) {
      if (subscription.slotName === null) {
        findings.push({
          kind: 'note',
          object: `subscription ${subscription.name}`,
          message: 'has no replication slot (slot_name = NONE), so where it connects could not be checked',
        });
      }
      chosen.push(subscription);
      continue;
    }
    if (request.subscriptions.includes(subscription.name)) {
      throw new ReplctlError(`cannot import subscription ${subscription.name}: it ${reason}`);
    }
    findings.push({ kind: 'excluded', object: `subscription ${subscription.name}`, message: `it ${reason}` });
  }

  const inDatabase = databaseOf(chosen, managed?.targetDatabase, findings);
  const publications = new Set<string>([...request.publications, ...(managed?.publications ?? [])]);
  for (const s of inDatabase) for (const p of s.publications) publications.add(p);
  if (request.publications.length === 0 && request.subscriptions.length === 0 && managed === undefined) {
    for (const p of source.publications) publications.add(p);
  }
  const targetDatabase = managed?.targetDatabase ?? inDatabase[0]?.database;
  const roles = managed
    ? sorted(managed.roles)
    : replicationRoles(discovery, request.connectionUser, findings);
  const parameterGroup = managed ? managed.parameterGroup : attachedGroup(discovery, findings);
  return {
    publications: [...publications].sort(),
    subscriptions: inDatabase.map((s) => s.name).sort(),
    roles,
    settings: managed ? sorted(managed.settings) : REPLICATION_SETTINGS,
    ...(targetDatabase === undefined ? {} : { targetDatabase }),
    ...(parameterGroup === undefined ? {} : { parameterGroup }),
    findings,
  };
}

/** Why a subscription does not replicate from this source, or undefined when it does. */
function foreignReason(subscription: DiscoveredSubscription, discovery: Discovery): string | undefined {
  const { source } = discovery;
  const missing = subscription.publications.filter((p) => !source.publications.includes(p));
  if (missing.length > 0) {
    return `receives ${missing.join(', ')}, which source database ${source.database} does not publish: it replicates from another server`;
  }
  if (subscription.slotName === null) return undefined;
  const slot = source.slots.find((s) => s.name === subscription.slotName && s.slotType === 'logical');
  if (slot === undefined || slot.database !== source.database) {
    return `uses replication slot ${subscription.slotName}, which is not a slot of source database ${source.database}: it connects to another server (or its slot was dropped)`;
  }
  return undefined;
}

/** The subscriptions of the one target database (the managed one, or the only one there is). */
function databaseOf(
  chosen: readonly DiscoveredSubscription[],
  managedDatabase: string | undefined,
  findings: ImportFinding[],
): DiscoveredSubscription[] {
  if (managedDatabase !== undefined) {
    for (const s of chosen.filter((c) => c.database !== managedDatabase)) {
      findings.push({
        kind: 'excluded',
        object: `subscription ${s.name}`,
        message: `it is in target database ${s.database}; the project's target database is ${managedDatabase}`,
      });
    }
    return chosen.filter((c) => c.database === managedDatabase);
  }
  const databases = [...new Set(chosen.map((s) => s.database))].sort();
  if (databases.length > 1) {
    const listed = databases
      .map(
        (d) =>
          `${d} (${chosen
            .filter((s) => s.database === d)
            .map((s) => s.name)
            .join(', ')})`,
      )
      .join('; ');
    throw new ReplctlError(
      `expected the subscriptions to import to be in one target database (a changeset has one target.database), but got several: ${listed}; choose with --subscription`,
    );
  }
  return [...chosen];
}

/**
 * Non-superuser REPLICATION roles that own or hold privileges on the published tables, and the
 * subscription connection's user. Superusers are never imported: replctl does not manage them.
 */
function replicationRoles(
  discovery: Discovery,
  connectionUser: string | undefined,
  findings: ImportFinding[],
): string[] {
  const roles = new Set<string>();
  for (const role of discovery.source.roles) {
    if (role.superuser) {
      if (role.name === connectionUser) {
        findings.push({
          kind: 'excluded',
          object: `role ${role.name}`,
          message:
            'the subscription connection user is a superuser, which replctl does not manage; use a role with LOGIN REPLICATION and SELECT grants instead',
        });
      }
      continue;
    }
    if (role.replication && (role.onPublishedTables || role.name === connectionUser)) roles.add(role.name);
    else if (role.name === connectionUser) {
      findings.push({
        kind: 'excluded',
        object: `role ${role.name}`,
        message:
          'the subscription connection user has no REPLICATION attribute, so it is not imported as a replication role',
      });
    }
  }
  return [...roles].sort();
}

function attachedGroup(discovery: Discovery, findings: ImportFinding[]): string | undefined {
  const rds = discovery.rds;
  if (rds === undefined) {
    findings.push({
      kind: 'note',
      object: 'target.parameterGroup',
      message: 'the environment has no RDS API (target.rds in replctl.yaml): no parameter group imported',
    });
    return undefined;
  }
  if (rds.parameterGroupName.startsWith('default.')) {
    findings.push({
      kind: 'excluded',
      object: `parameter group ${rds.parameterGroupName}`,
      message: `RDS instance ${rds.instance} uses a default parameter group, which cannot be modified (nor hold rds.logical_replication = 1): no parameter group imported`,
    });
    return undefined;
  }
  return rds.parameterGroupName;
}

function sorted(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

function listOrNone(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'there are none';
}
