import {
  DBInstanceNotFoundFault,
  DBParameterGroupNotFoundFault,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  type Parameter,
  paginateDescribeDBParameters,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { ExitCode, ReplctlError } from '../errors.js';
import type { LiveRds, LiveRdsParameter } from '../model/live-state.js';

export interface RdsScope {
  /** The DBInstanceIdentifier of the target. */
  readonly instance: string;
  /** The desired parameter group and the parameter names the desired state sets in it. */
  readonly parameterGroup?: { readonly name: string; readonly parameters: readonly string[] };
}

export interface RdsIntrospection {
  readonly live: LiveRds;
  /** API calls made (each page of a paginated read counts). */
  readonly calls: number;
}

/** The most DescribeDBParameters returns per page: fewer round trips. */
const PAGE_SIZE = 100;

/**
 * Reads the instance and the desired parameter group: DescribeDBInstances, DescribeDBParameterGroups,
 * the group's user-set parameters (one page of 100 in practice), and, only when a desired
 * parameter is not user-set, the whole group once more for its ApplyType (a fixed number of pages
 * per engine family, ~4 for postgres; the instance's current group while the desired one does not
 * exist yet). Nothing depends on the number of tables.
 */
export async function introspectRds(client: RDSClient, scope: RdsScope): Promise<RdsIntrospection> {
  let calls = 0;
  const send: RDSClient['send'] = (command: Parameters<RDSClient['send']>[0]) => {
    calls++;
    return client.send(command);
  };
  const readParameters = async (group: string, userOnly: boolean) => {
    const parameters: Parameter[] = [];
    const pages = paginateDescribeDBParameters(
      { client, pageSize: PAGE_SIZE },
      { DBParameterGroupName: group, ...(userOnly ? { Source: 'user' } : {}) },
    );
    for await (const page of pages) {
      calls++;
      parameters.push(...(page.Parameters ?? []));
    }
    return parameters;
  };

  const instance = await describeInstance(send, scope.instance);
  const desired = scope.parameterGroup;
  if (desired === undefined) return { live: { instance }, calls };

  const group = await describeGroup(send, desired.name);
  const user = group ? await readParameters(desired.name, true) : [];
  const applyTypes = new Map<string, 'static' | 'dynamic'>();
  for (const p of user) if (p.ParameterName) applyTypes.set(p.ParameterName.toLowerCase(), applyTypeOf(p));
  const missing = desired.parameters.filter((name) => !applyTypes.has(name.toLowerCase()));
  if (missing.length > 0) {
    // The desired group holds every engine parameter; a group not created yet is read from the one
    // the instance uses now (the same engine, so the same ApplyType).
    const all = await readParameters(group ? desired.name : instance.parameterGroupName, false);
    const wanted = new Set(missing.map((name) => name.toLowerCase()));
    for (const p of all) {
      const name = p.ParameterName?.toLowerCase();
      if (name && wanted.has(name)) applyTypes.set(name, applyTypeOf(p));
    }
  }
  const desiredNames = new Set(desired.parameters.map((name) => name.toLowerCase()));
  return {
    live: {
      instance,
      ...(group
        ? {
            parameterGroup: {
              ...group,
              parameters: Object.fromEntries(
                user.filter((p) => p.ParameterName).map((p) => [p.ParameterName!, parseParameter(p)]),
              ),
            },
          }
        : {}),
      applyTypes: Object.fromEntries([...applyTypes].filter(([name]) => desiredNames.has(name))),
    },
    calls,
  };
}

async function describeInstance(send: RDSClient['send'], identifier: string): Promise<LiveRds['instance']> {
  const output = await send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier })).catch(
    (error: unknown) => {
      if (!(error instanceof DBInstanceNotFoundFault)) throw error;
      throw new ReplctlError(
        `Expected the RDS instance ${identifier} to exist, but DescribeDBInstances found none`,
        ExitCode.error,
        { cause: error },
      );
    },
  );
  const db = output.DBInstances?.[0];
  const group = db?.DBParameterGroups?.[0];
  if (!db || !group?.DBParameterGroupName) {
    throw new ReplctlError(
      `Expected DescribeDBInstances to return the instance ${identifier} with its parameter group, but got none`,
    );
  }
  return {
    identifier: db.DBInstanceIdentifier ?? identifier,
    status: db.DBInstanceStatus ?? 'unknown',
    engineVersion: db.EngineVersion ?? 'unknown',
    parameterGroupName: group.DBParameterGroupName,
    parameterApplyStatus: group.ParameterApplyStatus ?? 'unknown',
  };
}

type LiveGroup = Omit<NonNullable<LiveRds['parameterGroup']>, 'parameters'>;

async function describeGroup(send: RDSClient['send'], name: string): Promise<LiveGroup | undefined> {
  try {
    const output = await send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: name }));
    const group = output.DBParameterGroups?.[0];
    if (!group) return undefined;
    return {
      name: group.DBParameterGroupName ?? name,
      family: group.DBParameterGroupFamily ?? '',
      description: group.Description ?? '',
    };
  } catch (error) {
    if (error instanceof DBParameterGroupNotFoundFault) return undefined;
    throw error;
  }
}

function parseParameter(p: Parameter): LiveRdsParameter {
  return {
    value: p.ParameterValue,
    applyType: applyTypeOf(p),
    source: p.Source ?? 'unknown',
    isModifiable: p.IsModifiable ?? false,
  };
}

/** Anything but `dynamic` is treated as static: pending-reboot is always accepted, immediate is not. */
function applyTypeOf(p: Parameter): 'static' | 'dynamic' {
  return p.ApplyType === 'dynamic' ? 'dynamic' : 'static';
}
