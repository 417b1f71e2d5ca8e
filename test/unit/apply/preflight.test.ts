import { describe, expect, it } from 'vitest';
import { preflight } from '../../../src/apply/preflight.js';
import { ReplctlError } from '../../../src/errors.js';
import type { Plan } from '../../../src/planner/plan.js';
import { awsStep, sqlStep, testPlan, waitStep } from '../../support/apply-plans.js';

const ok = { allowDestructive: false, hasRds: true };

function refusal(plan: Plan, options = ok): ReplctlError {
  try {
    preflight(plan, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ReplctlError);
    return error as ReplctlError;
  }
  throw new Error('expected preflight to refuse the plan');
}

describe('preflight', () => {
  it('accepts a plan the engine can run', () => {
    expect(() =>
      preflight(testPlan([sqlStep('a', 'source', 'x'), awsStep('b', 'RebootDBInstance', {})]), ok),
    ).not.toThrow();
  });

  it('lists every destructive step, exit 1, unless allowed', () => {
    const plan = testPlan([
      sqlStep('keep', 'source', 'x'),
      sqlStep('drop-pub', 'source', 'x', { destructive: true }),
      sqlStep('revoke', 'source', 'x', { destructive: true }),
    ]);
    const error = refusal(plan);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('2 destructive step(s); nothing was changed');
    expect(error.message).toContain('- drop-pub: drop-pub');
    expect(error.message).toContain('- revoke: revoke');
    expect(() => preflight(plan, { ...ok, allowDestructive: true })).not.toThrow();
  });

  it('names every step it cannot run, at once', () => {
    const plan = testPlan([
      awsStep('a', 'DeleteDBInstance', {}),
      sqlStep('b', 'source', 'x'),
      sqlStep('b', 'source', 'x'),
      { ...sqlStep('c', 'source', 'x'), endpoint: 'rds' },
    ]);
    const error = refusal(plan);
    expect(error.message).toContain('step a: unknown RDS operation DeleteDBInstance');
    expect(error.message).toContain('step id b appears more than once');
    expect(error.message).toContain(
      'step c: expected a SQL step on source, target or target-admin, but got endpoint rds',
    );
  });

  it('refuses RDS steps and waits when the environment has no RDS API', () => {
    const plan = testPlan([
      awsStep('a', 'ModifyDBInstance', {}),
      waitStep('w', { kind: 'rds-instance-in-sync', instance: 'db1' }),
    ]);
    const error = refusal(plan, { ...ok, hasRds: false });
    expect(error.message).toContain('step a: the environment has no RDS API configured');
    expect(error.message).toContain('step w: the environment has no RDS API configured');
  });

  it('refuses a plan of another format version', () => {
    const plan = { ...testPlan([]), formatVersion: 2 } as unknown as Plan;
    expect(refusal(plan).message).toMatch(/Expected a plan of formatVersion 1, but got: 2/);
  });
});
