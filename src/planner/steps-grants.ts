import { quoteIdent } from '../sql/quote.js';
import type {
  GrantConnect,
  GrantSelect,
  GrantUsage,
  RevokeConnect,
  RevokeSelect,
  RevokeUsage,
} from './changes.js';
import { type DraftStep, sqlStep, statements } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import type { Postcondition } from './plan.js';
import * as post from './postconditions.js';
import { counted, readableName } from './readable-name.js';
import { Tag } from './step-tags.js';
import { sqlTable } from './table-names.js';

/** How one privilege is granted: its SQL object clause, its summary and its revoke phase. */
interface Privilege {
  readonly name: 'CONNECT' | 'USAGE' | 'SELECT';
  readonly idVerb: string;
  /** `DATABASE "app"`, `SCHEMA "a", "b"`, `TABLE "s"."t", …`. */
  readonly objects: string;
  readonly objectsSummary: string;
  readonly revokePhase: number;
  /** Tags a revoke waits for (the tables leaving the publications first). */
  readonly revokeNeeds?: readonly string[];
  readonly postcondition: (granted: boolean) => Postcondition;
}

/** One GRANT (or REVOKE) statement for every object of the change. */
function privilegeSteps(
  c: { readonly role: string; readonly reasons: readonly string[] },
  grant: boolean,
  p: Privilege,
): DraftStep[] {
  const role = quoteIdent(c.role);
  return [
    sqlStep({
      id: formatPath('source', 'grant', c.role, grant ? p.idVerb : `revoke-${p.idVerb}`),
      endpoint: 'source',
      action: grant ? '+' : '-',
      summary: `${grant ? 'GRANT' : 'REVOKE'} ${p.name} ON ${p.objectsSummary} ${grant ? 'TO' : 'FROM'} ${readableName(c.role)}`,
      sql: statements(
        grant
          ? `GRANT ${p.name} ON ${p.objects} TO ${role}`
          : `REVOKE ${p.name} ON ${p.objects} FROM ${role}`,
      ),
      transactional: true,
      destructive: !grant,
      reasons: c.reasons,
      phase: grant ? Phase.grant : p.revokePhase,
      needs: grant ? [Tag.role(c.role)] : (p.revokeNeeds ?? []),
      provides: [grant ? Tag.grants(c.role) : Tag.revoked(c.role)],
      postcondition: p.postcondition(grant),
    }),
  ];
}

export function connectSteps(c: GrantConnect | RevokeConnect): DraftStep[] {
  return privilegeSteps(c, c.kind === 'GrantConnect', {
    name: 'CONNECT',
    idVerb: 'connect',
    objects: `DATABASE ${quoteIdent(c.database)}`,
    objectsSummary: `DATABASE ${readableName(c.database)}`,
    revokePhase: Phase.revokeConnect,
    postcondition: (granted) => post.connectGranted(c.role, c.database, granted),
  });
}

export function usageSteps(c: GrantUsage | RevokeUsage): DraftStep[] {
  return privilegeSteps(c, c.kind === 'GrantUsage', {
    name: 'USAGE',
    idVerb: 'usage',
    objects: `SCHEMA ${c.schemas.map(quoteIdent).join(', ')}`,
    objectsSummary: `SCHEMA ${c.schemas.map(readableName).join(', ')}`,
    revokePhase: Phase.revokeUsage,
    postcondition: (granted) => post.usageGranted(c.role, c.schemas, granted),
  });
}

/** A revoke waits until the tables are no longer published (the walsender reads them). */
export function selectSteps(c: GrantSelect | RevokeSelect): DraftStep[] {
  const tables = c.tables.map(sqlTable);
  return privilegeSteps(c, c.kind === 'GrantSelect', {
    name: 'SELECT',
    idVerb: 'select',
    objects: `TABLE ${tables.join(', ')}`,
    objectsSummary: counted(c.tables.length, 'table'),
    revokePhase: Phase.revokeSelect,
    revokeNeeds: c.tables.map(Tag.unpublished),
    postcondition: (granted) => post.selectGranted(c.role, tables, granted),
  });
}
