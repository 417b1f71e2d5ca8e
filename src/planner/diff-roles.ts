import type { DesiredRole } from '../model/desired-state.js';
import type { LiveRole } from '../model/live-state.js';
import type { AlterRole, Change } from './changes.js';
import type { PlanContext, SecretStatus } from './context.js';
import { type DiffInput, sortedKeys } from './diff-input.js';
import { isMentioned, mentionedKeys } from './managed-scope.js';
import { formatPath } from './paths.js';

/**
 * Roles on the source: create the missing ones (with password and its fingerprint comment), alter
 * the attributes the desired state names and the live role lacks, rotate a password whose recorded
 * fingerprint no longer matches, drop managed roles that left the desired state.
 */
export function diffRoles({ desired, live, context, managed }: DiffInput): Change[] {
  const wanted = desired.source?.roles ?? {};
  const changes: Change[] = [];
  for (const name of sortedKeys(wanted)) {
    const role = wanted[name]!;
    const current = live.source.roles[name];
    const path = formatPath('source', 'roles', name);
    const password = role.password && {
      ref: role.password,
      fingerprint: secretStatus(context, name).fingerprint,
    };
    if (current === undefined) {
      changes.push({
        kind: 'CreateRole',
        name,
        ...definedAttributes(role),
        ...(password ? { password } : {}),
        reasons: [path],
      });
      continue;
    }
    const alter = changedAttributes(role, current);
    if (alter !== undefined) changes.push({ kind: 'AlterRole', name, ...alter, reasons: [path] });
    const passwordPath = formatPath('source', 'roles', name, 'password');
    if (password !== undefined && !secretStatus(context, name).matches) {
      changes.push({ kind: 'SetRolePassword', name, password, reasons: [passwordPath] });
    } else if (
      password === undefined &&
      current.passwordFingerprint !== undefined &&
      isMentioned(managed, ['source', 'roles', name, 'password'])
    ) {
      changes.push({ kind: 'SetRolePassword', name, password: null, reasons: [passwordPath] });
    }
  }
  for (const name of [...mentionedKeys(managed, ['source', 'roles'])].sort()) {
    if (name in wanted || live.source.roles[name] === undefined) continue;
    changes.push({ kind: 'DropRole', name, reasons: [formatPath('source', 'roles', name)] });
  }
  return changes;
}

/** The caller computes secret status for every desired role with a password (see PlanContext). */
function secretStatus(context: PlanContext, role: string): SecretStatus {
  const status = context.secrets.roles[role];
  if (status === undefined) throw new Error(`PlanContext.secrets.roles lacks role ${JSON.stringify(role)}`);
  return status;
}

type Attributes = Pick<AlterRole, 'login' | 'replication' | 'connectionLimit'>;

function definedAttributes(role: DesiredRole): Attributes {
  return {
    ...(role.login === undefined ? {} : { login: role.login }),
    ...(role.replication === undefined ? {} : { replication: role.replication }),
    ...(role.connectionLimit === undefined ? {} : { connectionLimit: role.connectionLimit }),
  };
}

/** Attributes the desired role names with another value than the live one; undefined if none. */
function changedAttributes(role: DesiredRole, current: LiveRole): Attributes | undefined {
  const changed: Attributes = {
    ...(role.login === undefined || role.login === current.login ? {} : { login: role.login }),
    ...(role.replication === undefined || role.replication === current.replication
      ? {}
      : { replication: role.replication }),
    ...(role.connectionLimit === undefined || role.connectionLimit === current.connectionLimit
      ? {}
      : { connectionLimit: role.connectionLimit }),
  };
  return Object.keys(changed).length === 0 ? undefined : changed;
}
