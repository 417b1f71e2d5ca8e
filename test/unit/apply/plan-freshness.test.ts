import { describe, expect, it } from 'vitest';
import { assertPlanFresh } from '../../../src/apply/plan-freshness.js';
import { planHash } from '../../../src/apply/plan-hash.js';
import { sqlStep, testPlan } from '../../support/apply-plans.js';

describe('assertPlanFresh', () => {
  const plan = testPlan([], { liveFingerprint: 'fp1', changesetChecksums: { 1: 'a', 2: 'b' } });

  it('accepts a plan made from the current state and changesets', () => {
    expect(() => assertPlanFresh(plan, 'fp1', { 1: 'a', 2: 'b', 3: 'new' })).not.toThrow();
  });

  it('refuses with exit 3 when the live state changed', () => {
    expect(() => assertPlanFresh(plan, 'fp2', { 1: 'a', 2: 'b' })).toThrow(
      expect.objectContaining({
        exitCode: 3,
        message: expect.stringMatching(/live state .* changed since the plan/),
      }),
    );
  });

  it('refuses with exit 3 naming each changed or removed changeset', () => {
    try {
      assertPlanFresh(plan, 'fp1', { 1: 'edited' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ exitCode: 3 });
      expect((error as Error).message).toContain('changeset 1 changed since the plan was made');
      expect((error as Error).message).toContain('changeset 2 no longer exists');
    }
  });
});

describe('planHash', () => {
  it('ignores when the plan was made, but not what it does', () => {
    const a = testPlan([sqlStep('a', 'source', 'SELECT 1')]);
    expect(planHash({ ...a, createdAt: '2030-01-01T00:00:00Z' })).toBe(planHash(a));
    expect(planHash(testPlan([sqlStep('a', 'source', 'SELECT 2')]))).not.toBe(planHash(a));
    expect(planHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order the plan was built in', () => {
    const a = testPlan([sqlStep('a', 'source', 'SELECT 1'), sqlStep('b', 'target', 'SELECT 2')]);
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    expect(JSON.stringify(reversed(a))).not.toBe(JSON.stringify(a));
    expect(planHash(reversed(a) as typeof a)).toBe(planHash(a));
  });
});
