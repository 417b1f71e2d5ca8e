import type { DesiredState, SettingValue } from '../model/desired-state.js';
import type {
  LiveColumn,
  LiveGrants,
  LivePublication,
  LiveRds,
  LiveRole,
  LiveSetting,
  LiveState,
  LiveSubscription,
  LiveTable,
} from '../model/live-state.js';
import { describeSecretRef, type SecretRef } from '../model/secret-ref.js';
import { rdsValue } from './diff-rds.js';
import { publishedColumnsByTable } from './published-columns.js';
import { isKnownPostmasterSetting, knownRdsApplyType } from './restart-settings.js';
import { canonicalTableOrUndefined, tableSchema } from './table-names.js';

/** The type of a source column that no database was asked about. */
export const UNKNOWN_SOURCE_TYPE = '<type on the source>';

/** What the setting of a server that was never asked is taken to be: matches no desired value. */
const UNKNOWN_SETTING = '<unknown>';

/**
 * The fingerprint a synthesized object records for a secret: the reference, not a value (none is
 * resolved). A changed reference then shows as a rotation; a changed value behind the same one cannot.
 */
export function offlineSecretFingerprint(ref: SecretRef): string {
  return `<fingerprint of ${describeSecretRef(ref)}>`;
}

/** The connection fingerprint of every synthesized subscription: the environment's, unchanged. */
export const OFFLINE_CONNECTION_FINGERPRINT = '<fingerprint of the subscription connection>';

/** What a synthesized state assumes about servers it cannot ask. */
export interface SynthesisAssumptions {
  /** The states applied before `applied`, oldest first: target tables they created are kept. */
  readonly history?: readonly DesiredState[];
  /**
   * Other states the synthesized one will be compared with: the source tables and settings they
   * name exist on the servers whatever was applied, so the planner finds them.
   */
  readonly alsoNamed?: readonly DesiredState[];
  readonly sourceVersionNum: number;
  readonly targetVersionNum: number;
  readonly sourceDatabase: string;
  /** The target URL's database, when no desired state names the replicated one. */
  readonly targetDatabase: string;
  /** The RDS instance, when the environment has the RDS API. */
  readonly rdsInstance?: string;
}

/**
 * The live state an environment would have if `applied` had been applied by replctl and nothing
 * else had changed (pure). Planning `applied` against it gives an empty plan; planning a later
 * state against it gives what applying that state would do. This is the offline plan of a pull
 * request, made without database access: it cannot see drift, source column types, or the server
 * values of settings that no applied state set (those show as changes).
 */
export function synthesizeLiveState(applied: DesiredState, assumptions: SynthesisAssumptions): LiveState {
  const history = assumptions.history ?? [];
  const everything = [...history, applied, ...(assumptions.alsoNamed ?? [])];
  const sourceTables = synthesizeSourceTables(everything);
  return {
    source: {
      serverVersionNum: assumptions.sourceVersionNum,
      database: assumptions.sourceDatabase,
      settings: synthesizeSettings(applied, everything),
      roles: mapValues(applied.source?.roles ?? {}, (role) => liveRole(role)),
      grants: mapValues(applied.source?.grants ?? {}, (grants) => liveGrants(grants)),
      publications: mapValues(applied.source?.publications ?? {}, (p) => livePublication(p)),
      tables: sourceTables,
      slots: [],
    },
    target: {
      serverVersionNum: assumptions.targetVersionNum,
      database: applied.target?.database ?? assumptions.targetDatabase,
      databaseExists: applied.target !== undefined,
      ...synthesizeTargetTables([...history, applied], sourceTables),
      subscriptions: mapValues(applied.target?.subscriptions ?? {}, (s) => liveSubscription(applied, s)),
    },
    ...(assumptions.rdsInstance === undefined
      ? {}
      : { rds: synthesizeRds(applied, everything, assumptions.rdsInstance, assumptions.targetVersionNum) }),
  };
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

/** Applied settings as ALTER SYSTEM left them; every other named setting at an unknown value. */
function synthesizeSettings(
  applied: DesiredState,
  everything: readonly DesiredState[],
): Record<string, LiveSetting> {
  const settings: Record<string, LiveSetting> = {};
  for (const state of everything) {
    for (const name of Object.keys(state.source?.settings ?? {})) {
      settings[name.toLowerCase()] = {
        setting: UNKNOWN_SETTING,
        unit: null,
        vartype: 'string',
        context: isKnownPostmasterSetting(name) ? 'postmaster' : 'sighup',
        pendingRestart: false,
        inAutoConf: false,
      };
    }
  }
  for (const [name, value] of Object.entries(applied.source?.settings ?? {})) {
    settings[name.toLowerCase()] = {
      ...settings[name.toLowerCase()]!,
      ...settingAs(value),
      inAutoConf: true,
    };
  }
  return settings;
}

/** The type follows the value as written, so the planner compares like with like. */
function settingAs(value: SettingValue): Pick<LiveSetting, 'setting' | 'vartype'> {
  if (typeof value === 'boolean') return { setting: value ? 'on' : 'off', vartype: 'bool' };
  if (typeof value === 'number') return { setting: String(value), vartype: 'real' };
  return { setting: value, vartype: 'string' };
}

function liveRole(role: NonNullable<NonNullable<DesiredState['source']>['roles']>[string]): LiveRole {
  return {
    login: role.login ?? false,
    replication: role.replication ?? false,
    superuser: false,
    connectionLimit: role.connectionLimit ?? -1,
    ...(role.password === undefined ? {} : { passwordFingerprint: offlineSecretFingerprint(role.password) }),
  };
}

function liveGrants(grants: NonNullable<NonNullable<DesiredState['source']>['grants']>[string]): LiveGrants {
  return {
    connect: grants.connect === true,
    usage: grants.usage ?? [],
    select: tableKeys(grants.select),
  };
}

function livePublication(
  publication: NonNullable<NonNullable<DesiredState['source']>['publications']>[string],
): LivePublication {
  const tables: Record<string, { columns?: readonly string[]; where?: string }> = {};
  for (const [key, member] of Object.entries(publication.tables ?? {})) {
    const table = canonicalTableOrUndefined(key);
    if (table === undefined) continue;
    tables[table] = {
      ...(member.columns === undefined ? {} : { columns: member.columns }),
      ...(member.where === undefined ? {} : { where: member.where }),
    };
  }
  return {
    owner: 'replctl',
    allTables: publication.allTables ?? false,
    publish: publication.publish ?? ['insert', 'update', 'delete', 'truncate'],
    publishViaPartitionRoot: publication.publishViaPartitionRoot ?? false,
    tables,
    schemas: Object.keys(publication.schemas ?? {}),
  };
}

/** A subscription that finished its initial sync of every table its publications list. */
function liveSubscription(
  applied: DesiredState,
  subscription: NonNullable<NonNullable<DesiredState['target']>['subscriptions']>[string],
): LiveSubscription {
  const tables: Record<string, { state: string }> = {};
  for (const name of subscription.publications) {
    for (const table of tableKeys(applied.source?.publications?.[name]?.tables))
      tables[table] = { state: 'r' };
  }
  return {
    enabled: subscription.enabled ?? true,
    publications: subscription.publications,
    slotName: null,
    options: mapValues(subscription.options ?? {}, (value) => String(value)),
    connectionFingerprint: OFFLINE_CONNECTION_FINGERPRINT,
    tables,
  };
}

/**
 * Every table any state names exists on the source, with the columns column lists name (in order of
 * first mention) and an unknown type; other columns only the source knows.
 */
function synthesizeSourceTables(states: readonly DesiredState[]): Record<string, LiveTable> {
  const columns = new Map<string, string[]>();
  const note = (key: string, names: readonly string[] = []) => {
    const table = canonicalTableOrUndefined(key);
    if (table === undefined) return;
    const known = columns.get(table) ?? [];
    for (const name of names) if (!known.includes(name)) known.push(name);
    columns.set(table, known);
  };
  for (const state of states) {
    for (const publication of Object.values(state.source?.publications ?? {})) {
      for (const [key, member] of Object.entries(publication.tables ?? {})) note(key, member.columns);
    }
    for (const grants of Object.values(state.source?.grants ?? {})) {
      for (const key of Object.keys(grants.select ?? {})) note(key);
    }
    for (const key of Object.keys(state.target?.tables ?? {})) note(key);
  }
  return Object.fromEntries(
    [...columns].map(([table, names]) => [
      table,
      plainTable(names.map((name) => ({ name, type: UNKNOWN_SOURCE_TYPE, notNull: false }))),
    ]),
  );
}

/**
 * The target tables replctl created for any applied state (they are kept when a later state drops
 * them), with the columns each state published; the schemas they are in.
 */
function synthesizeTargetTables(
  applied: readonly DesiredState[],
  sourceTables: Readonly<Record<string, LiveTable>>,
): { schemas: string[]; tables: Record<string, LiveTable> } {
  const tables = new Map<string, LiveColumn[]>();
  for (const state of applied) {
    const published = publishedColumnsByTable(state);
    for (const [key, table] of Object.entries(state.target?.tables ?? {})) {
      const name = canonicalTableOrUndefined(key);
      if (name === undefined) continue;
      const wanted = published(name);
      const definition: LiveColumn[] =
        table.from !== 'source' && table.columns !== undefined
          ? Object.entries(table.columns).map(([column, c]) => ({
              name: column,
              type: c.type,
              notNull: c.notNull ?? false,
            }))
          : (sourceTables[name]?.columns ?? []).filter((c) => wanted === 'all' || wanted.has(c.name));
      const known = tables.get(name) ?? [];
      for (const column of definition) if (!known.some((k) => k.name === column.name)) known.push(column);
      tables.set(name, known);
    }
  }
  const schemas = new Set(['public', ...[...tables.keys()].map(tableSchema)]);
  return {
    schemas: [...schemas].sort(),
    tables: Object.fromEntries([...tables].map(([name, columns]) => [name, plainTable(columns)])),
  };
}

function plainTable(columns: readonly LiveColumn[]): LiveTable {
  return { columns, primaryKey: [], replicaIdentity: 'd', kind: 'r', isPartition: false, estimatedRows: -1 };
}

/** The applied parameter group, attached and in sync; ApplyTypes as the engine is known to have them. */
function synthesizeRds(
  applied: DesiredState,
  everything: readonly DesiredState[],
  instance: string,
  targetVersionNum: number,
): LiveRds {
  const group = applied.target?.parameterGroup;
  const major = Math.floor(targetVersionNum / 10000);
  const applyTypes: Record<string, 'static' | 'dynamic'> = {};
  for (const state of everything) {
    for (const name of Object.keys(state.target?.parameterGroup?.parameters ?? {})) {
      // Keyed as the changesets spell them: the planner looks parameters up by that name.
      applyTypes[name] = knownRdsApplyType(name);
    }
  }
  return {
    instance: {
      identifier: instance,
      status: 'available',
      engineVersion: String(major),
      parameterGroupName: group?.name.toLowerCase() ?? `default.postgres${major}`,
      parameterApplyStatus: 'in-sync',
    },
    ...(group === undefined
      ? {}
      : {
          parameterGroup: {
            name: group.name.toLowerCase(),
            family: group.family,
            description: group.description ?? '',
            parameters: Object.fromEntries(
              Object.entries(group.parameters ?? {}).map(([name, value]) => [
                name,
                {
                  value: rdsValue(value),
                  applyType: knownRdsApplyType(name),
                  source: 'user',
                  isModifiable: true,
                },
              ]),
            ),
          },
        }),
    applyTypes,
  };
}

function tableKeys(record: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.keys(record ?? {}).flatMap((key) => {
    const table = canonicalTableOrUndefined(key);
    return table === undefined ? [] : [table];
  });
}
