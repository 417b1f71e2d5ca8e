import { describe, expect, it } from 'vitest';
import { applyUnits } from '../../../src/apply/apply-units.js';
import { awsStep, restartStep, sqlStep } from '../../support/apply-plans.js';

const shape = (steps: Parameters<typeof applyUnits>[0], max?: number) =>
  applyUnits(steps, max).map((u) =>
    u.kind === 'batch' ? `${u.endpoint}[${u.steps.map((s) => s.id).join(',')}]` : u.step.id,
  );

describe('applyUnits', () => {
  it('batches adjacent transactional SQL steps of one endpoint', () => {
    expect(
      shape([
        sqlStep('a', 'source', 'x'),
        sqlStep('b', 'source', 'x'),
        sqlStep('c', 'target', 'x'),
        sqlStep('d', 'target', 'x'),
        sqlStep('e', 'source', 'x'),
      ]),
    ).toEqual(['source[a,b]', 'target[c,d]', 'source[e]']);
  });

  it('runs non-transactional and non-SQL steps alone, splitting batches around them', () => {
    expect(
      shape([
        sqlStep('a', 'source', 'x'),
        sqlStep('alter-system', 'source', 'x', { transactional: false }),
        sqlStep('b', 'source', 'x'),
        restartStep('restart'),
        sqlStep('c', 'source', 'x'),
        awsStep('aws', 'ModifyDBInstance', {}),
        sqlStep('d', 'source', 'x'),
      ]),
    ).toEqual(['source[a]', 'alter-system', 'source[b]', 'restart', 'source[c]', 'aws', 'source[d]']);
  });

  it('keeps plan order (never reorders steps to batch more)', () => {
    expect(
      shape([sqlStep('a', 'source', 'x'), sqlStep('b', 'target', 'x'), sqlStep('c', 'source', 'x')]),
    ).toEqual(['source[a]', 'target[b]', 'source[c]']);
  });

  it('starts a new transaction when a batch reaches its size limit', () => {
    const steps = ['a', 'b', 'c', 'd', 'e'].map((id) => sqlStep(id, 'target', 'x'));
    expect(shape(steps, 2)).toEqual(['target[a,b]', 'target[c,d]', 'target[e]']);
    expect(applyUnits(Array.from({ length: 2500 }, (_, i) => sqlStep(`t${i}`, 'target', 'x')))).toHaveLength(
      3,
    );
  });

  it('sizes a transaction by statements, so steps of 1,000 CREATE TABLEs each get their own', () => {
    const creates = (n: number) =>
      Array.from({ length: n }, (_, i) => `CREATE TABLE t${i} (id int);`).join('\n');
    expect(
      shape([
        sqlStep('schemas', 'target', 'CREATE SCHEMA a;\nCREATE SCHEMA b;'),
        sqlStep('tables.1', 'target', creates(1000)),
        sqlStep('tables.2', 'target', creates(1000)),
        sqlStep('tables.3', 'target', creates(10)),
        sqlStep('comment', 'target', 'COMMENT ON TABLE t0 IS NULL;'),
      ]),
    ).toEqual(['target[schemas]', 'target[tables.1]', 'target[tables.2]', 'target[tables.3,comment]']);
  });

  it('runs a step with more statements than the limit alone rather than splitting it', () => {
    expect(
      shape(
        [sqlStep('a', 'target', 'x;'), sqlStep('big', 'target', 'x;\ny;\nz;'), sqlStep('b', 'target', 'x;')],
        2,
      ),
    ).toEqual(['target[a]', 'target[big]', 'target[b]']);
  });

  it('with units running at once, starts a new batch at a step that needs one of the open batch', () => {
    const steps = [
      sqlStep('schemas', 'target', 'x'),
      ...['t1', 't2', 't3', 't4'].map((id) => sqlStep(id, 'target', 'x', { dependsOn: ['schemas'] })),
      sqlStep('role', 'source', 'x'),
      sqlStep('grant', 'source', 'x', { dependsOn: ['role'] }),
    ];
    const split = (max: number) =>
      applyUnits(steps, max, { splitDependents: true }).map((u) =>
        u.kind === 'batch' ? u.steps.map((s) => s.id).join(',') : u.step.id,
      );
    // The tables need only the schemas: their batches can run side by side once it committed.
    expect(split(2)).toEqual(['schemas', 't1,t2', 't3,t4', 'role', 'grant']);
    // One at a time, nothing is gained by splitting: dependents share the transaction as before.
    expect(shape(steps, 3)).toEqual(['target[schemas,t1,t2]', 'target[t3,t4]', 'source[role,grant]']);
  });
});
