import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { AlterRole, CreateRole, DropRole, SetRolePassword } from './changes.js';
import { type DraftStep, sqlStep, statements } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import type { Sql } from './plan.js';
import * as post from './postconditions.js';
import { readableName } from './readable-name.js';
import { Tag } from './step-tags.js';

function roleOptions(c: Pick<AlterRole, 'login' | 'replication' | 'connectionLimit'>): string[] {
  return [
    ...(c.login === undefined ? [] : [c.login ? 'LOGIN' : 'NOLOGIN']),
    ...(c.replication === undefined ? [] : [c.replication ? 'REPLICATION' : 'NOREPLICATION']),
    ...(c.connectionLimit === undefined ? [] : [`CONNECTION LIMIT ${Math.trunc(c.connectionLimit)}`]),
  ];
}

export function createRoleSteps(c: CreateRole): DraftStep[] {
  const role = quoteIdent(c.name);
  const options = [...roleOptions(c), ...(c.password ? ['PASSWORD '] : [])];
  const create: Sql = [
    `CREATE ROLE ${role}${options.length > 0 ? ` WITH ${options.join(' ')}` : ''}`,
    ...(c.password ? [{ secretLiteral: c.password.ref }] : []),
  ];
  return [
    sqlStep({
      id: formatPath('source', 'role', c.name, 'create'),
      endpoint: 'source',
      action: '+',
      summary: `CREATE ROLE ${readableName(c.name)}${roleOptions(c)
        .map((o) => ` ${o}`)
        .join('')}${c.password ? ' PASSWORD <secret>' : ''}`,
      sql: statements(
        create,
        ...(c.password ? [`COMMENT ON ROLE ${role} IS ${quoteLiteral(c.password.fingerprint)}`] : []),
      ),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.role,
      provides: [Tag.role(c.name)],
      postcondition: post.roleExists(c.name, true),
    }),
  ];
}

export function alterRoleSteps(c: AlterRole): DraftStep[] {
  const options = roleOptions(c).join(' ');
  return [
    sqlStep({
      id: formatPath('source', 'role', c.name, 'alter'),
      endpoint: 'source',
      action: '~',
      summary: `ALTER ROLE ${readableName(c.name)} ${options}`,
      sql: statements(`ALTER ROLE ${quoteIdent(c.name)} WITH ${options}`),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.role,
      provides: [Tag.role(c.name)],
      postcondition: post.roleAttributes(c.name, c),
    }),
  ];
}

/** The password and the fingerprint comment that lets the next plan see a rotation, together. */
export function setRolePasswordSteps(c: SetRolePassword): DraftStep[] {
  const role = quoteIdent(c.name);
  const sql = c.password
    ? statements(
        [`ALTER ROLE ${role} WITH PASSWORD `, { secretLiteral: c.password.ref }],
        `COMMENT ON ROLE ${role} IS ${quoteLiteral(c.password.fingerprint)}`,
      )
    : statements(`ALTER ROLE ${role} WITH PASSWORD NULL`, `COMMENT ON ROLE ${role} IS NULL`);
  return [
    sqlStep({
      id: formatPath('source', 'role', c.name, 'password'),
      endpoint: 'source',
      action: c.password ? '~' : '-',
      summary: c.password
        ? `ALTER ROLE ${readableName(c.name)} PASSWORD <secret> (rotated)`
        : `ALTER ROLE ${readableName(c.name)} PASSWORD NULL`,
      sql,
      transactional: true,
      reasons: c.reasons,
      phase: Phase.role,
      provides: [Tag.role(c.name)],
      postcondition: post.roleComment(c.name, c.password ? c.password.fingerprint : null),
    }),
  ];
}

/** After its privileges are revoked, and after every subscription drop (which logs in as it). */
export function dropRoleSteps(c: DropRole): DraftStep[] {
  return [
    sqlStep({
      id: formatPath('source', 'role', c.name, 'drop'),
      endpoint: 'source',
      action: '-',
      summary: `DROP ROLE ${readableName(c.name)}`,
      sql: statements(`DROP ROLE ${quoteIdent(c.name)}`),
      transactional: true,
      destructive: true,
      reasons: c.reasons,
      phase: Phase.roleDrop,
      needs: [Tag.revoked(c.name), Tag.subscriptionDropped],
      postcondition: post.roleExists(c.name, false),
    }),
  ];
}
