import type { SettingValue } from '../model/desired-state.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type {
  CreateSubscription,
  DropSubscription,
  RefreshSubscription,
  SetSubscriptionConnection,
  SetSubscriptionEnabled,
  SetSubscriptionOptions,
  SetSubscriptionPublications,
  SubscriptionConnectionValue,
  TruncateTargetTables,
  WaitSubscriptionSynced,
} from './changes.js';
import { type DraftStep, sqlStep, statements, waitStep } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import * as post from './postconditions.js';
import { counted, readableName } from './readable-name.js';
import { Tag } from './step-tags.js';
import { sqlTable } from './table-names.js';

const stepId = (name: string, verb: string) => formatPath('target', 'subscription', name, verb);

/** `true`, `10`, `'parallel'`: booleans and numbers bare, text as a string constant. */
function optionValue(value: SettingValue): string {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return quoteLiteral(value);
}

/** Option names are keywords: bare when they look like one, quoted otherwise (never raw). */
function optionName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name);
}

function optionsSql(options: Readonly<Record<string, SettingValue>>): string {
  return Object.keys(options)
    .sort()
    .map((name) => `${optionName(name)} = ${optionValue(options[name]!)}`)
    .join(', ');
}

/** The role the subscription logs in as must exist (with its current password) and hold its grants. */
function connectionNeeds(connection: SubscriptionConnectionValue): string[] {
  const user = connection.conninfo.user;
  return typeof user === 'string' ? [Tag.role(user), Tag.grants(user)] : [];
}

/**
 * CREATE SUBSCRIPTION creates the slot on the source, so it runs alone outside a transaction; the
 * fingerprint comment follows in a step of its own.
 */
export function createSubscriptionSteps(c: CreateSubscription): DraftStep[] {
  const subscription = quoteIdent(c.name);
  const options = optionsSql({ ...(c.enabled === false ? { enabled: false } : {}), ...c.options });
  const publications = c.publications.map(quoteIdent).join(', ');
  return [
    sqlStep({
      id: stepId(c.name, 'create'),
      endpoint: 'target',
      action: '+',
      summary: `CREATE SUBSCRIPTION ${readableName(c.name)} PUBLICATION ${c.publications.map(readableName).join(', ')}`,
      sql: statements([
        `CREATE SUBSCRIPTION ${subscription} CONNECTION `,
        { conninfoLiteral: c.connection.conninfo },
        ` PUBLICATION ${publications}${options === '' ? '' : ` WITH (${options})`}`,
      ]),
      transactional: false,
      reasons: c.reasons,
      phase: Phase.subscriptionCreate,
      // The slot it creates needs wal_level = logical on the source: after the restart.
      needs: [
        Tag.sourceUp,
        Tag.targetTables,
        Tag.subscriptionTablesEmptied(c.name),
        ...connectionNeeds(c.connection),
        ...c.publications.flatMap((p) => [Tag.publication(p), Tag.publicationMembers(p)]),
      ],
      provides: [Tag.subscriptionCreated(c.name), Tag.subscriptionSyncing(c.name)],
      postcondition: post.subscriptionExists(c.name, true),
    }),
    sqlStep({
      id: stepId(c.name, 'record-connection'),
      endpoint: 'target',
      action: '+',
      summary: `COMMENT ON SUBSCRIPTION ${readableName(c.name)} (connection fingerprint)`,
      sql: statements(`COMMENT ON SUBSCRIPTION ${subscription} IS ${quoteLiteral(c.connection.fingerprint)}`),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.subscriptionComment,
      needs: [Tag.subscriptionCreated(c.name)],
      postcondition: post.subscriptionComment(c.name, c.connection.fingerprint),
    }),
  ];
}

/** After a password rotation on the source; the fingerprint comment in the same transaction. */
export function subscriptionConnectionSteps(c: SetSubscriptionConnection): DraftStep[] {
  const subscription = quoteIdent(c.name);
  return [
    sqlStep({
      id: stepId(c.name, 'connection'),
      endpoint: 'target',
      action: '~',
      summary: `ALTER SUBSCRIPTION ${readableName(c.name)} CONNECTION (changed connection or password)`,
      sql: statements(
        [`ALTER SUBSCRIPTION ${subscription} CONNECTION `, { conninfoLiteral: c.connection.conninfo }],
        `COMMENT ON SUBSCRIPTION ${subscription} IS ${quoteLiteral(c.connection.fingerprint)}`,
      ),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.subscriptionConnection,
      needs: connectionNeeds(c.connection),
      provides: [Tag.subscriptionConfigured(c.name)],
      postcondition: post.subscriptionComment(c.name, c.connection.fingerprint),
    }),
  ];
}

export function subscriptionOptionsSteps(c: SetSubscriptionOptions): DraftStep[] {
  const options = optionsSql(c.options);
  return [
    sqlStep({
      id: stepId(c.name, 'options'),
      endpoint: 'target',
      action: '~',
      summary: `ALTER SUBSCRIPTION ${readableName(c.name)} SET (${options})`,
      sql: statements(`ALTER SUBSCRIPTION ${quoteIdent(c.name)} SET (${options})`),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.subscriptionOptions,
      provides: [Tag.subscriptionConfigured(c.name)],
    }),
  ];
}

/** DISABLE comes early (a pause); ENABLE after the connection and options are right. */
export function subscriptionEnabledSteps(c: SetSubscriptionEnabled): DraftStep[] {
  const verb = c.enabled ? 'ENABLE' : 'DISABLE';
  return [
    sqlStep({
      id: stepId(c.name, c.enabled ? 'enable' : 'disable'),
      endpoint: 'target',
      action: '~',
      summary: `ALTER SUBSCRIPTION ${readableName(c.name)} ${verb}`,
      sql: statements(`ALTER SUBSCRIPTION ${quoteIdent(c.name)} ${verb}`),
      transactional: true,
      reasons: c.reasons,
      phase: c.enabled ? Phase.subscriptionEnable : Phase.subscriptionDisable,
      needs: c.enabled ? [Tag.subscriptionConfigured(c.name)] : [],
      provides: c.enabled ? [Tag.subscriptionEnabled(c.name), Tag.subscriptionSyncing(c.name)] : [],
      postcondition: post.subscriptionEnabled(c.name, c.enabled),
    }),
  ];
}

/**
 * SET PUBLICATION refreshes (outside a transaction) unless the subscription is disabled, where
 * PostgreSQL refuses the refresh. Dropping a publication from the list stops replicating its
 * tables: destructive, and ordered with the other destructive steps.
 */
export function subscriptionPublicationsSteps(c: SetSubscriptionPublications): DraftStep[] {
  const destructive = c.removed.length > 0;
  return [
    sqlStep({
      id: stepId(c.name, 'publications'),
      endpoint: 'target',
      action: '~',
      summary: `ALTER SUBSCRIPTION ${readableName(c.name)} SET PUBLICATION ${c.publications.map(readableName).join(', ')}`,
      sql: statements(
        `ALTER SUBSCRIPTION ${quoteIdent(c.name)} SET PUBLICATION ${c.publications.map(quoteIdent).join(', ')}${
          c.refresh ? (c.copyData ? '' : ' WITH (copy_data = false)') : ' WITH (refresh = false)'
        }`,
      ),
      transactional: !c.refresh,
      destructive,
      reasons: c.reasons,
      phase: destructive ? Phase.subscriptionPublicationsRemoved : Phase.subscriptionPublications,
      // A refresh copies into the target tables; without one, changes stream into them.
      needs: [
        Tag.targetTables,
        Tag.subscriptionEnabled(c.name),
        Tag.subscriptionTablesEmptied(c.name),
        ...c.publications.flatMap((p) => [Tag.publication(p), Tag.publicationMembers(p)]),
      ],
      provides: [
        Tag.subscriptionPublications(c.name),
        ...(c.refresh ? [Tag.subscriptionSyncing(c.name)] : []),
        ...c.removed.map(Tag.publicationReleased),
      ],
      postcondition: post.subscriptionPublications(c.name, [...new Set(c.publications)].sort()),
    }),
  ];
}

/** ADD/DROP TABLE on a publication reaches the subscriber only after REFRESH PUBLICATION. */
export function refreshSubscriptionSteps(c: RefreshSubscription): DraftStep[] {
  if (c.releasesStale) {
    return [
      sqlStep({
        id: stepId(c.name, 'release-stale-tables'),
        endpoint: 'target',
        action: '~',
        summary: `ALTER SUBSCRIPTION ${readableName(c.name)} REFRESH PUBLICATION (tables an interrupted removal left, to copy them again)`,
        sql: statements(
          `ALTER SUBSCRIPTION ${quoteIdent(c.name)} REFRESH PUBLICATION${c.copyData ? '' : ' WITH (copy_data = false)'}`,
        ),
        transactional: false,
        reasons: c.reasons,
        phase: Phase.publicationOptions,
        // On the publications the subscription has now, before any SET PUBLICATION (which runs
        // after the members are back). It may also take in a member whose own refresh never ran:
        // after the truncate, and copying only as copy_data says.
        needs: [Tag.subscriptionEnabled(c.name), Tag.subscriptionTablesEmptied(c.name)],
        provides: [Tag.staleTablesReleased],
      }),
    ];
  }
  return [
    sqlStep({
      id: stepId(c.name, c.afterRemoval ? 'refresh-after-removal' : 'refresh'),
      endpoint: 'target',
      action: c.afterRemoval ? '-' : '~',
      summary: `ALTER SUBSCRIPTION ${readableName(c.name)} REFRESH PUBLICATION${c.afterRemoval ? ' (tables removed)' : ''}`,
      sql: statements(
        `ALTER SUBSCRIPTION ${quoteIdent(c.name)} REFRESH PUBLICATION${c.copyData ? '' : ' WITH (copy_data = false)'}`,
      ),
      transactional: false,
      destructive: c.afterRemoval,
      reasons: c.reasons,
      phase: c.afterRemoval ? Phase.refreshAfterRemoval : Phase.subscriptionRefresh,
      needs: [
        Tag.subscriptionEnabled(c.name),
        Tag.subscriptionPublications(c.name),
        Tag.subscriptionTablesEmptied(c.name),
        ...c.publications.map(c.afterRemoval ? Tag.publicationShrunk : Tag.publicationMembers),
      ],
      provides: c.afterRemoval ? [] : [Tag.subscriptionSyncing(c.name)],
    }),
  ];
}

/** Before the copy it makes room for; destructive, as it deletes the rows left on the target. */
export function truncateTablesSteps(c: TruncateTargetTables): DraftStep[] {
  const tables = c.tables.map(sqlTable);
  return [
    sqlStep({
      id: stepId(c.subscription, 'truncate-tables'),
      endpoint: 'target',
      action: '-',
      summary: `TRUNCATE ${counted(c.tables.length, 'target table')} before ${readableName(c.subscription)} copies them again`,
      sql: statements(`TRUNCATE TABLE ${tables.join(', ')}`),
      transactional: true,
      destructive: true,
      reasons: c.reasons,
      phase: Phase.targetTruncate,
      needs: [Tag.targetTables],
      provides: [Tag.subscriptionTablesEmptied(c.subscription)],
    }),
  ];
}

export function waitSyncedSteps(c: WaitSubscriptionSynced): DraftStep[] {
  return [
    waitStep({
      id: stepId(c.name, 'wait-synced'),
      endpoint: 'target',
      summary: `Wait until every table of subscription ${readableName(c.name)} is ready`,
      condition: { kind: 'subscription-synced', subscription: c.name },
      reasons: c.reasons,
      phase: Phase.syncWait,
      needs: [Tag.subscriptionSyncing(c.name)],
    }),
  ];
}

/** Drops the slot on the source too, so it runs alone; before the publications it used. */
export function dropSubscriptionSteps(c: DropSubscription): DraftStep[] {
  return [
    sqlStep({
      id: stepId(c.name, 'drop'),
      endpoint: 'target',
      action: '-',
      summary: `DROP SUBSCRIPTION ${readableName(c.name)}`,
      sql: statements(`DROP SUBSCRIPTION ${quoteIdent(c.name)}`),
      transactional: false,
      destructive: true,
      reasons: c.reasons,
      phase: Phase.subscriptionDrop,
      provides: [Tag.subscriptionDropped, ...c.publications.map(Tag.publicationReleased)],
      postcondition: post.subscriptionExists(c.name, false),
    }),
  ];
}
