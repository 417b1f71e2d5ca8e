import type { Changeset } from '../changesets/changeset.js';
import { foldSteps, foldWithOrigins } from '../changesets/fold.js';
import type { EnvironmentConfig } from '../config/config.js';
import { isSecretRef } from '../config/resolve.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { describeSecretRef, type ValueOrRef } from '../model/secret-ref.js';
import type { PlanContext, SecretStatus, SubscriptionConnection } from '../planner/context.js';
import { plan as buildPlan } from '../planner/index.js';
import { managedScope } from '../planner/managed-scope.js';
import type { Plan } from '../planner/plan.js';
import {
  OFFLINE_CONNECTION_FINGERPRINT,
  offlineSecretFingerprint,
  synthesizeLiveState,
} from '../planner/synthesize-live-state.js';

/** The newest PostgreSQL replctl supports: offline, no feature is refused for the server's age. */
const ASSUMED_SERVER_VERSION_NUM = 180000;

export interface OfflinePlanRequest {
  readonly environment: string;
  readonly config: EnvironmentConfig;
  /** The changesets taken as applied (the base's); empty: nothing applied yet. */
  readonly base: readonly Changeset[];
  /** The changesets to plan (the branch's), up to their latest version. */
  readonly head: readonly Changeset[];
  readonly toolVersion: string;
  readonly createdAt: string;
}

export interface OfflinePlan {
  readonly plan: Plan;
  /** The live state the plan was made against: the base's, as if applied. */
  readonly live: LiveState;
}

/**
 * The plan of `head` against the live state the base's changesets would have left (pure): for pull
 * requests where no database can be reached (forks, CI without secrets). Nothing is resolved: the
 * environment's references show as placeholders, and secrets compare by reference.
 */
export function offlinePlan(request: OfflinePlanRequest): OfflinePlan {
  const { base, head, config } = request;
  const history = [...foldSteps(base)].map((step) => step.state);
  const applied: DesiredState = history.pop() ?? {};
  const folded = foldWithOrigins(head);
  const desired = folded.state;
  const connection = config.subscriptionConnection;
  const sourceDatabase =
    connection === undefined || isSecretRef(connection.dbname) ? '<source database>' : connection.dbname;
  const rdsInstance = config.target.rds === undefined ? undefined : placeholder(config.target.rds.instance);
  const live = synthesizeLiveState(applied, {
    history,
    alsoNamed: [...foldSteps(head)].map((step) => step.state),
    sourceVersionNum: ASSUMED_SERVER_VERSION_NUM,
    targetVersionNum: familyVersionNum(desired) ?? ASSUMED_SERVER_VERSION_NUM,
    sourceDatabase,
    targetDatabase: 'postgres',
    ...(rdsInstance === undefined ? {} : { rdsInstance }),
  });
  const subscriptionConnection = offlineConnection(config);
  const context: PlanContext = {
    environment: request.environment,
    targetVersion: folded.version,
    changesetChecksums: Object.fromEntries(head.map((c) => [String(c.version), c.checksum])),
    toolVersion: request.toolVersion,
    createdAt: request.createdAt,
    sourceDatabase,
    restart: config.source.restart.kind === 'manual' ? 'manual' : { command: config.source.restart.command },
    ...(rdsInstance === undefined ? {} : { rdsInstance }),
    ...(subscriptionConnection ? { subscriptionConnection } : {}),
    secrets: offlineSecrets(desired, live),
  };
  const managed = managedScope([...base, ...head].map((c) => c.document));
  return { plan: buildPlan(desired, live, context, managed), live };
}

/** A configuration value as written, a reference as `<env:NAME>`: nothing is resolved offline. */
function placeholder(value: ValueOrRef<string | number>): string {
  return isSecretRef(value) ? `<${describeSecretRef(value)}>` : String(value);
}

function offlineConnection(config: EnvironmentConfig): SubscriptionConnection | undefined {
  const c = config.subscriptionConnection;
  if (c === undefined || c.password === undefined) return undefined;
  return {
    host: placeholder(c.host),
    port: c.port === undefined ? '5432' : placeholder(c.port),
    dbname: placeholder(c.dbname),
    user: placeholder(c.user),
    password: c.password,
    ...(c.sslmode === undefined ? {} : { sslmode: placeholder(c.sslmode) }),
  };
}

/** As `secretStatuses` does live, with reference fingerprints in place of the values' (see synthesis). */
function offlineSecrets(desired: DesiredState, live: LiveState): PlanContext['secrets'] {
  const roles: Record<string, SecretStatus> = {};
  for (const [name, role] of Object.entries(desired.source?.roles ?? {})) {
    if (role.password === undefined) continue;
    const fingerprint = offlineSecretFingerprint(role.password);
    roles[name] = { matches: live.source.roles[name]?.passwordFingerprint === fingerprint, fingerprint };
  }
  const subscriptions: Record<string, SecretStatus> = {};
  for (const name of Object.keys(desired.target?.subscriptions ?? {})) {
    subscriptions[name] = {
      matches: live.target.subscriptions[name]?.connectionFingerprint === OFFLINE_CONNECTION_FINGERPRINT,
      fingerprint: OFFLINE_CONNECTION_FINGERPRINT,
    };
  }
  return { roles, subscriptions };
}

/** `postgres17` -> 170000: the target's major as the parameter group's family says. */
function familyVersionNum(desired: DesiredState): number | undefined {
  const match = /^postgres(\d+)$/.exec(desired.target?.parameterGroup?.family ?? '');
  return match ? Number(match[1]) * 10000 : undefined;
}
