import fc from 'fast-check';
import type {
  DesiredPublishedTable,
  DesiredState,
  DesiredTargetTable,
} from '../../../src/model/desired-state.js';
import type { LiveColumn, LivePublication, LiveState, LiveTable } from '../../../src/model/live-state.js';
import { publication, runbookDesired, runbookLive, subscription } from './builders.js';

/**
 * Random (desired, live) pairs around tables, publications and subscriptions, for differential
 * tests: a rewritten pass must say what the straightforward one says. Table keys come in more
 * than one spelling, columns in aliased types, tables on either side or neither.
 */

/** Canonical names; desired keys may spell them with needless quotes. */
const TABLES = [
  'public.users',
  'public.orders',
  'sales.items',
  'Sales.Lines',
  '"my.schema".odd',
  'public."x""y"',
];
const RESPELLED: Readonly<Record<string, string>> = {
  'public.users': 'public."users"',
  'sales.items': '"sales".items',
};
const TYPES = [
  'bigint',
  'int8',
  'integer',
  'text',
  'varchar(20)',
  'character varying(20)',
  'numeric(10,2)',
  'timestamptz',
  'timestamp without time zone',
  'uuid',
  'jsonb',
  'json',
  'date',
];
const COLUMN_NAMES = Array.from({ length: 20 }, (_, i) => `c${i}`);

const columnArb = (name: string): fc.Arbitrary<LiveColumn> =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      notNull: fc.boolean(),
      extra: fc.constantFrom('none', 'none', 'default', 'generated'),
    })
    .map(({ type, notNull, extra }) => ({
      name,
      type,
      notNull,
      ...(extra === 'default' ? { hasDefault: true as const } : {}),
      ...(extra === 'generated' ? { generated: 'stored' as const } : {}),
    }));

const columnsArb: fc.Arbitrary<LiveColumn[]> = fc
  .subarray(COLUMN_NAMES, { minLength: 1 })
  .chain((names) => fc.tuple(...names.map(columnArb)));

const liveTableArb: fc.Arbitrary<LiveTable> = fc
  .record({
    columns: columnsArb,
    keyed: fc.boolean(),
    identity: fc.constantFrom('d', 'n', 'f', 'i') as fc.Arbitrary<'d' | 'n' | 'f' | 'i'>,
    rows: fc.integer({ min: -1, max: 5 }),
    empty: fc.option(fc.boolean(), { nil: undefined }),
    sequence: fc.boolean(),
  })
  .map(({ columns, keyed, identity, rows, empty, sequence }) => ({
    columns,
    primaryKey: keyed ? [columns[0]!.name] : [],
    ...(sequence ? { sequences: [{ column: columns[0]!.name, sequence: 'public.seq' }] } : {}),
    replicaIdentity: identity,
    ...(identity === 'i' ? { replicaIdentityColumns: [columns[0]!.name] } : {}),
    kind: 'r' as const,
    isPartition: false,
    estimatedRows: rows,
    ...(empty === undefined ? {} : { empty }),
  }));

function tablesArb<T>(value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc
    .subarray(TABLES)
    .chain((names) => fc.tuple(...names.map((n) => value.map((v) => [n, v] as const))))
    .map((entries) => Object.fromEntries(entries));
}

const spelled = (table: string, respell: boolean) => (respell ? (RESPELLED[table] ?? table) : table);

const desiredTargetTableArb: fc.Arbitrary<DesiredTargetTable> = fc.oneof(
  fc.constant({ from: 'source' as const }),
  fc
    .subarray(COLUMN_NAMES.slice(0, 8), { minLength: 1 })
    .chain((names) =>
      fc.tuple(
        ...names.map((n) =>
          fc.record({ type: fc.constantFrom(...TYPES), notNull: fc.boolean() }).map((c) => [n, c] as const),
        ),
      ),
    )
    .map((entries) => ({ columns: Object.fromEntries(entries) })),
);

const memberArb: fc.Arbitrary<DesiredPublishedTable> = fc.oneof(
  fc.constant({}),
  fc.subarray(COLUMN_NAMES.slice(0, 10), { minLength: 1 }).map((columns) => ({ columns })),
  fc.constant({ where: '(c0 > 0)' }),
);

const livePublicationArb: fc.Arbitrary<LivePublication> = fc
  .record({
    tables: tablesArb(memberArb),
    publish: fc.subarray(['insert', 'update', 'delete', 'truncate'] as const, { minLength: 1 }),
  })
  .map(({ tables, publish }) => publication(tables as LivePublication['tables'], { publish }));

export interface Scenario {
  readonly desired: DesiredState;
  readonly live: LiveState;
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    sourceTables: tablesArb(liveTableArb),
    targetTables: tablesArb(liveTableArb),
    wantedTargets: tablesArb(desiredTargetTableArb),
    members: fc.tuple(tablesArb(memberArb), tablesArb(memberArb)),
    publishes: fc.tuple(
      fc.option(fc.subarray(['insert', 'update', 'delete', 'truncate'] as const, { minLength: 1 }), {
        nil: undefined,
      }),
      fc.option(fc.subarray(['insert', 'update', 'delete', 'truncate'] as const, { minLength: 1 }), {
        nil: undefined,
      }),
    ),
    livePublications: fc.record(
      { p1: livePublicationArb, unmanaged: livePublicationArb },
      { requiredKeys: [] },
    ),
    subscriptions: fc.tuple(
      fc.subarray(['p1', 'p2', 'unmanaged'], { minLength: 1 }),
      fc.subarray(['p2', 'unmanaged'], { minLength: 1 }),
      fc.constantFrom(undefined, true, 'off', 'on'),
      fc.boolean(),
    ),
    respell: fc.boolean(),
    selects: tablesArb(fc.constant({})),
    liveSelects: fc.subarray(TABLES),
    subscribed: fc.subarray(TABLES),
    targetExists: fc.boolean(),
    version: fc.constantFrom(140000, 160000),
  })
  .map((r) => {
    const base = runbookDesired();
    const respell = (record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).map(([k, v]) => [spelled(k, r.respell), v]));
    const [p1, p2] = r.members;
    const [firstPublications, secondPublications, binary, twoSubscriptions] = r.subscriptions;
    const desired: DesiredState = {
      ...base,
      source: {
        ...base.source,
        grants: {
          replicator: { connect: true, usage: ['public', 'sales'], select: respell(r.selects) as never },
        },
        publications: {
          p1: { ...(r.publishes[0] ? { publish: r.publishes[0] } : {}), tables: respell(p1) as never },
          p2: { ...(r.publishes[1] ? { publish: r.publishes[1] } : {}), tables: respell(p2) as never },
        },
      },
      target: {
        ...base.target,
        tables: respell(r.wantedTargets) as never,
        subscriptions: {
          s1: { publications: firstPublications, ...(binary === undefined ? {} : { options: { binary } }) },
          ...(twoSubscriptions ? { s2: { publications: secondPublications, enabled: false } } : {}),
        },
      },
    };
    const live0 = runbookLive();
    const live: LiveState = {
      ...live0,
      source: {
        ...live0.source,
        serverVersionNum: r.version,
        tables: r.sourceTables,
        publications: r.livePublications,
        grants: { replicator: { connect: true, usage: ['public'], select: r.liveSelects } },
      },
      target: {
        ...live0.target,
        databaseExists: r.targetExists,
        schemas: ['public', 'Sales'],
        tables: r.targetTables,
        subscriptions: {
          s1: subscription({
            publications: ['p1'],
            options: { binary: 'true', streaming: 'off' },
            tables: Object.fromEntries(r.subscribed.map((t) => [t, { state: 'r' }])),
          }),
        },
      },
    };
    return { desired, live };
  });
