import { describe, expect, it } from 'vitest';
import {
  columnListMissingReplicaIdentity,
  rowFilterOutsideReplicaIdentity,
} from '../../../src/lint/rules/identity-coverage.js';
import { replicaIdentityMissing } from '../../../src/lint/rules/replica-identity-missing.js';
import type { DesiredPublication, DesiredState } from '../../../src/model/desired-state.js';
import type { LiveTable } from '../../../src/model/live-state.js';
import { column, table } from '../planner/builders.js';
import { cleanDesired, cleanLive, run, withSource } from './states.js';

const AUDIT = table([column('at', 'timestamptz'), column('message', 'text')]);
const ORDERS = table(
  [column('id', 'bigint', true), column('user_id', 'bigint', true), column('total', 'numeric(10,2)')],
  ['id'],
);

/** The runbook with one more publication `extra` of `tables`, and those source tables. */
function publishing(
  publication: DesiredPublication,
  tables: Record<string, LiveTable>,
  version = 160004,
): [DesiredState, ReturnType<typeof cleanLive>] {
  const base = cleanDesired();
  const live = cleanLive();
  return [
    {
      ...base,
      source: { ...base.source, publications: { ...base.source!.publications, extra: publication } },
    },
    withSource(live, { serverVersionNum: version, tables: { ...live.source.tables, ...tables } }),
  ];
}

describe('replica-identity-missing', () => {
  it('fires for a published table without primary key when update/delete are published', () => {
    const findings = run(
      replicaIdentityMissing,
      ...publishing({ tables: { 'public.audit_log': {} } }, { 'public.audit_log': AUDIT }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'replica-identity-missing',
        severity: 'error',
        object: 'public.audit_log',
      }),
    ]);
    expect(findings[0]!.message).toContain('publication extra');
    expect(findings[0]!.fix).toContain('ALTER TABLE "public"."audit_log" REPLICA IDENTITY FULL');
  });

  it('fires for REPLICA IDENTITY NOTHING even with a primary key', () => {
    const findings = run(
      replicaIdentityMissing,
      ...publishing(
        { publish: ['update'], tables: { 'public.orders': {} } },
        { 'public.orders': { ...ORDERS, replicaIdentity: 'n' } },
      ),
    );
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('NOTHING')]);
  });

  it('is quiet for insert-only publications, FULL, a replica identity index, and a primary key', () => {
    expect(
      run(
        replicaIdentityMissing,
        ...publishing(
          { publish: ['insert', 'truncate'], tables: { 'public.audit_log': {} } },
          { 'public.audit_log': AUDIT },
        ),
      ),
    ).toEqual([]);
    expect(
      run(
        replicaIdentityMissing,
        ...publishing(
          { tables: { 'public.audit_log': {} } },
          { 'public.audit_log': { ...AUDIT, replicaIdentity: 'f' } },
        ),
      ),
    ).toEqual([]);
    expect(
      run(
        replicaIdentityMissing,
        ...publishing(
          { tables: { 'public.audit_log': {} } },
          { 'public.audit_log': { ...AUDIT, replicaIdentity: 'i', replicaIdentityColumns: ['at'] } },
        ),
      ),
    ).toEqual([]);
    expect(run(replicaIdentityMissing)).toEqual([]);
  });
});

describe('row-filter-outside-replica-identity (15+)', () => {
  it('fires when the filter uses a column outside the primary key', () => {
    const findings = run(
      rowFilterOutsideReplicaIdentity,
      ...publishing(
        { tables: { 'public.orders': { where: 'total > 100 AND "user_id" <> 0' } } },
        { 'public.orders': ORDERS },
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('columns user_id, total');
  });

  it('is quiet for key columns, FULL, insert-only publications, and before 15', () => {
    const where = { tables: { 'public.orders': { where: '(total > (100)::numeric)' } } };
    expect(
      run(
        rowFilterOutsideReplicaIdentity,
        ...publishing({ tables: { 'public.orders': { where: 'id > 5' } } }, { 'public.orders': ORDERS }),
      ),
    ).toEqual([]);
    expect(
      run(
        rowFilterOutsideReplicaIdentity,
        ...publishing(where, { 'public.orders': { ...ORDERS, replicaIdentity: 'f' } }),
      ),
    ).toEqual([]);
    expect(
      run(
        rowFilterOutsideReplicaIdentity,
        ...publishing({ ...where, publish: ['insert'] }, { 'public.orders': ORDERS }),
      ),
    ).toEqual([]);
    expect(
      run(rowFilterOutsideReplicaIdentity, ...publishing(where, { 'public.orders': ORDERS }, 140010)),
    ).toEqual([]);
  });

  it('does not take function names, casts or string contents for columns', () => {
    expect(
      run(
        rowFilterOutsideReplicaIdentity,
        ...publishing(
          { tables: { 'public.orders': { where: "total(id) > 0::total AND id <> 'total'" } } },
          { 'public.orders': ORDERS },
        ),
      ),
    ).toEqual([]);
  });
});

describe('column-list-missing-replica-identity (15+)', () => {
  it('fires when the list leaves out a key column, or any column under FULL', () => {
    const byKey = run(
      columnListMissingReplicaIdentity,
      ...publishing(
        { tables: { 'public.orders': { columns: ['user_id', 'total'] } } },
        { 'public.orders': ORDERS },
      ),
    );
    expect(byKey.map((f) => f.message)).toEqual([
      expect.stringContaining('leaves out column id of the replica identity (primary key id)'),
    ]);
    const full = run(
      columnListMissingReplicaIdentity,
      ...publishing(
        { tables: { 'public.orders': { columns: ['id', 'total'] } } },
        { 'public.orders': { ...ORDERS, replicaIdentity: 'f' } },
      ),
    );
    expect(full.map((f) => f.message)).toEqual([expect.stringContaining('column user_id')]);
  });

  it('is quiet when the key is listed, or only insert is published', () => {
    expect(run(columnListMissingReplicaIdentity)).toEqual([]);
    expect(
      run(
        columnListMissingReplicaIdentity,
        ...publishing(
          { publish: ['insert'], tables: { 'public.orders': { columns: ['total'] } } },
          { 'public.orders': ORDERS },
        ),
      ),
    ).toEqual([]);
  });
});
