import type { Discovery } from '../introspect/discover.js';
import { PG13 } from '../introspect/server-version.js';
import type {
  DesiredGrants,
  DesiredParameterGroup,
  DesiredPublication,
  DesiredPublishedTable,
  DesiredRole,
  DesiredState,
  DesiredSubscription,
  DesiredTargetTable,
  SettingValue,
} from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { describeSecretRef, type SecretRef } from '../model/secret-ref.js';
import { publishedColumnsByTable } from '../planner/published-columns.js';
import { listedTables } from '../planner/subscribed-tables.js';
import type { ImportFinding } from './finding.js';
import { passwordReference } from './password-reference.js';
import { rowFilterText } from './row-filter-text.js';
import type { ImportSelection } from './selection.js';
import { settingLiteral } from './setting-literal.js';
import { expressibleSubscriptionOptions, optionValue } from './subscription-options.js';
import { targetTableForm } from './target-table-form.js';

export interface ImportedStateInput {
  readonly live: LiveState;
  readonly discovery: Discovery;
  readonly selection: ImportSelection;
  /** The environment's subscriptionConnection (its user's password reference is reused). */
  readonly connection?: { readonly user: string; readonly password?: SecretRef };
}

export interface ImportedState {
  /**
   * The selected live objects as a desired state, every attribute written out, defaults included
   * (`withoutDefaults` shortens it for people). Absent objects do not exist live.
   */
  readonly state: DesiredState;
  readonly findings: readonly ImportFinding[];
}

const OPERATIONS = ['insert', 'update', 'delete', 'truncate'] as const;

/**
 * The desired state that describes the selected live objects (pure): planning it against the same
 * live state changes nothing. What the format cannot express is reported, not approximated.
 */
export function importedState(input: ImportedStateInput): ImportedState {
  const findings: ImportFinding[] = [];
  const source = importedSource(input, findings);
  const target = importedTarget(input, source, findings);
  return {
    state: {
      ...(Object.keys(source).length > 0 ? { source } : {}),
      ...(Object.keys(target).length > 0 ? { target } : {}),
    },
    findings,
  };
}

type Source = NonNullable<DesiredState['source']>;
type Target = NonNullable<DesiredState['target']>;

function importedSource(input: ImportedStateInput, findings: ImportFinding[]): Source {
  const { live, selection, discovery } = input;
  const settings: [string, SettingValue][] = [];
  for (const name of selection.settings) {
    const setting = live.source.settings[name.toLowerCase()];
    if (setting === undefined) continue;
    settings.push([name, settingLiteral(setting)]);
    if (setting.pendingRestart) {
      findings.push({
        kind: 'note',
        object: `setting ${name}`,
        message: `a changed value waits for a restart of the source; the changeset records the running value ${setting.setting}, and plan will show the restart`,
      });
    }
  }

  const roles: [string, DesiredRole][] = [];
  const grants: [string, DesiredGrants][] = [];
  for (const name of selection.roles) {
    const role = live.source.roles[name];
    if (role === undefined || role.superuser) continue;
    const password = role.login ? passwordReference(name, input.connection) : undefined;
    roles.push([
      name,
      {
        login: role.login,
        replication: role.replication,
        connectionLimit: role.connectionLimit,
        ...(password ? { password } : {}),
      },
    ]);
    if (password) {
      const whose =
        input.connection?.user === name && input.connection.password !== undefined
          ? "the environment's subscriptionConnection password"
          : 'named after the role';
      findings.push({
        kind: 'note',
        object: `role ${name}`,
        message: `its password is written as the reference ${describeSecretRef(password)} (${whose}), which must hold the role's current password`,
      });
    }
    const granted = live.source.grants[name] ?? { connect: false, usage: [], select: [] };
    grants.push([
      name,
      {
        connect: granted.connect,
        usage: [...granted.usage].sort(),
        select: Object.fromEntries([...granted.select].sort().map((t) => [t, {}])),
      },
    ]);
    const discovered = discovery.source.roles.find((r) => r.name === name);
    const extras = [
      ...(discovered?.otherAttributes ?? []),
      ...(discovered?.memberOf.length ? [`membership in ${discovered.memberOf.join(', ')}`] : []),
    ];
    if (extras.length > 0) {
      findings.push({ kind: 'unexpressible', object: `role ${name}`, message: `has ${extras.join(', ')}` });
    }
  }
  reportOtherPrivileges(input, new Set(roles.map(([name]) => name)), findings);

  const publications: [string, DesiredPublication][] = [];
  for (const name of selection.publications) {
    const publication = live.source.publications[name];
    if (publication === undefined) continue;
    const tables = Object.keys(publication.tables)
      .sort()
      .map((table): [string, DesiredPublishedTable] => {
        const member = publication.tables[table]!;
        return [
          table,
          {
            ...(member.columns === undefined ? {} : { columns: [...member.columns] }),
            ...(member.where === undefined ? {} : { where: rowFilterText(member.where) }),
          },
        ];
      });
    publications.push([
      name,
      {
        publish: OPERATIONS.filter((op) => publication.publish.includes(op)),
        ...(live.source.serverVersionNum >= PG13
          ? { publishViaPartitionRoot: publication.publishViaPartitionRoot }
          : {}),
        allTables: publication.allTables,
        tables: Object.fromEntries(tables),
        schemas: Object.fromEntries([...publication.schemas].sort().map((s) => [s, {}])),
      },
    ]);
    if (publication.publishGeneratedColumns === 'stored') {
      findings.push({
        kind: 'unexpressible',
        object: `publication ${name}`,
        message: 'publishes generated columns (publish_generated_columns = stored)',
      });
    }
  }
  coverPublishedTables(publications, roles, grants, input.connection?.user, findings);

  return {
    ...(settings.length > 0 ? { settings: Object.fromEntries(settings) } : {}),
    ...(roles.length > 0 ? { roles: Object.fromEntries(roles) } : {}),
    ...(grants.length > 0 ? { grants: Object.fromEntries(grants) } : {}),
    ...(publications.length > 0 ? { publications: Object.fromEntries(publications) } : {}),
  };
}

function reportOtherPrivileges(
  input: ImportedStateInput,
  roles: ReadonlySet<string>,
  findings: ImportFinding[],
): void {
  const byRole = new Map<string, string[]>();
  for (const p of input.discovery.source.otherPrivileges) {
    if (!roles.has(p.role)) continue;
    const list = byRole.get(p.role) ?? [];
    list.push(`${p.privilege} on ${p.table}`);
    byRole.set(p.role, list);
  }
  for (const [role, privileges] of [...byRole].sort(([a], [b]) => (a < b ? -1 : 1))) {
    findings.push({
      kind: 'unexpressible',
      object: `role ${role}`,
      message: `holds ${privileges.join('; ')} (a changeset grants SELECT on whole tables only)`,
    });
  }
}

/**
 * Validation wants a SELECT grant for a replication role on every published table. A table only
 * its owner (or a role membership) can read gets one in the changeset, for the connection's user
 * (else the first replication role): plan will then GRANT it, which is said here.
 */
function coverPublishedTables(
  publications: readonly [string, DesiredPublication][],
  roles: readonly [string, DesiredRole][],
  grants: [string, DesiredGrants][],
  connectionUser: string | undefined,
  findings: ImportFinding[],
): void {
  const replication = roles.filter(([, r]) => r.replication).map(([name]) => name);
  const readable = new Set(
    grants.filter(([role]) => replication.includes(role)).flatMap(([, g]) => Object.keys(g.select ?? {})),
  );
  const grantee = replication.includes(connectionUser ?? '') ? connectionUser : replication[0];
  if (grantee === undefined) return;
  const entry = grants.find(([role]) => role === grantee)!;
  const added = new Set<string>();
  for (const [, publication] of publications) {
    for (const table of Object.keys(publication.tables ?? {})) if (!readable.has(table)) added.add(table);
  }
  if (added.size === 0) return;
  const select = Object.fromEntries(
    [...Object.keys(entry[1].select ?? {}), ...added].sort().map((t) => [t, {}]),
  );
  entry[1] = { ...entry[1], select };
  findings.push({
    kind: 'note',
    object: `role ${grantee}`,
    message: `no replication role holds a direct SELECT grant on ${[...added].sort().join(', ')}; changesets need one, so the changeset lists it and plan will GRANT it`,
  });
}

function importedTarget(input: ImportedStateInput, source: Source, findings: ImportFinding[]): Target {
  const { live, selection } = input;
  const subscriptions: [string, DesiredSubscription][] = [];
  const received = new Set<string>();
  const sourceState: DesiredState = { source };
  for (const name of selection.subscriptions) {
    const subscription = live.target.subscriptions[name];
    if (subscription === undefined) continue;
    subscriptions.push([name, importedSubscription(name, subscription, findings)]);
    for (const table of listedTables(sourceState, subscription.publications)) received.add(table);
    for (const table of Object.keys(subscription.tables)) {
      if (live.target.tables[table] !== undefined) received.add(table);
    }
    if (Object.values(subscription.tables).some((t) => t.state !== 'r')) {
      findings.push({
        kind: 'note',
        object: `subscription ${name}`,
        message: 'some tables are still being synchronised; plan will wait for them until they are',
      });
    }
  }

  const published = publishedColumnsByTable(sourceState);
  const tables: [string, DesiredTargetTable][] = [];
  for (const table of [...received].sort()) {
    const existing = live.target.tables[table];
    if (existing === undefined) {
      tables.push([table, { from: 'source' }]);
      findings.push({
        kind: 'note',
        object: `target table ${table}`,
        message: 'is published to a subscription but missing on the target; plan will create it',
      });
      continue;
    }
    const form = targetTableForm(existing, live.source.tables[table], published(table));
    tables.push([table, form.table]);
    if (form.differences.length > 0) {
      findings.push({
        kind: 'note',
        object: `target table ${table}`,
        message: `written with explicit columns: it ${form.differences.join('; ')}`,
      });
    }
    if (form.generated.length > 0) {
      findings.push({
        kind: 'unexpressible',
        object: `target table ${table}`,
        message: `generated column ${form.generated.join(', ')} (left out of the explicit columns)`,
      });
    }
  }

  const parameterGroup = importedParameterGroup(input, findings);
  return {
    ...(selection.targetDatabase === undefined ? {} : { database: selection.targetDatabase }),
    ...(parameterGroup === undefined ? {} : { parameterGroup }),
    ...(tables.length > 0 ? { tables: Object.fromEntries(tables) } : {}),
    ...(subscriptions.length > 0 ? { subscriptions: Object.fromEntries(subscriptions) } : {}),
  };
}

function importedSubscription(
  name: string,
  live: LiveState['target']['subscriptions'][string],
  findings: ImportFinding[],
): DesiredSubscription {
  const expressible = expressibleSubscriptionOptions();
  const options: [string, SettingValue][] = [];
  for (const option of Object.keys(live.options).sort()) {
    if (expressible.has(option)) options.push([option, optionValue(live.options[option]!)]);
    else {
      findings.push({
        kind: 'unexpressible',
        object: `subscription ${name}`,
        message: `option ${option} = ${live.options[option]}`,
      });
    }
  }
  if (live.slotName !== name) options.push(['slot_name', live.slotName ?? 'none']);
  return {
    publications: [...live.publications],
    enabled: live.enabled,
    options: Object.fromEntries(options.sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

function importedParameterGroup(
  input: ImportedStateInput,
  findings: ImportFinding[],
): DesiredParameterGroup | undefined {
  const name = input.selection.parameterGroup;
  const rds = input.live.rds;
  const group = rds?.parameterGroup;
  if (name === undefined || rds === undefined || group?.name.toLowerCase() !== name.toLowerCase()) {
    return undefined;
  }
  if (rds.instance.parameterGroupName.toLowerCase() === name.toLowerCase()) {
    if (rds.instance.parameterApplyStatus !== 'in-sync' || rds.instance.status !== 'available') {
      findings.push({
        kind: 'note',
        object: `RDS instance ${rds.instance.identifier}`,
        message: `is ${rds.instance.status} with parameters ${rds.instance.parameterApplyStatus}; plan will reboot it or wait until it is available and in-sync`,
      });
    }
  }
  const parameters = Object.keys(group.parameters)
    .sort()
    .flatMap((parameter): [string, SettingValue][] => {
      const value = group.parameters[parameter]!.value;
      return value === undefined ? [] : [[parameter, parameterLiteral(value)]];
    });
  return {
    name: group.name,
    family: group.family,
    description: group.description,
    parameters: Object.fromEntries(parameters),
  };
}

/** RDS gives every value as text; integers are written as numbers when that reads back the same. */
export function parameterLiteral(value: string): SettingValue {
  return /^-?[0-9]+$/.test(value) && String(Number(value)) === value ? Number(value) : value;
}
