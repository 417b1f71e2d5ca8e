import { describe, expect, it } from 'vitest';
import { describeCounts, summarizePlan } from '../../../src/render/plan-summary.js';
import { manualStep, restartStep, sqlStep, waitStep } from './builders.js';

const add = (id: string, endpoint: 'source' | 'target') =>
  sqlStep({ id, endpoint, action: '+', summary: id, sql: ['SELECT 1'] });

describe('describeCounts', () => {
  it('always names add, change and destroy, and the other actions only when present, in singular or plural', () => {
    expect(describeCounts(summarizePlan([add('a', 'target')]))).toBe(
      '1 step (1 to add, 0 to change, 0 to destroy) on target',
    );
    const steps = [
      add('a', 'target'),
      add('b', 'source'),
      restartStep({ id: 'r', endpoint: 'host', action: 'restart', summary: 'r' }),
      waitStep({
        id: 'w',
        endpoint: 'source',
        action: 'wait',
        summary: 'w',
        condition: { kind: 'source-no-pending-restart' },
      }),
      manualStep({ id: 'm1', endpoint: 'source', action: 'manual', summary: 'm', instruction: 'i' }),
      manualStep({ id: 'm2', endpoint: 'source', action: 'manual', summary: 'm', instruction: 'i' }),
    ];
    expect(describeCounts(summarizePlan(steps))).toBe(
      '6 steps (2 to add, 0 to change, 0 to destroy, 1 restart, 1 wait, 2 manual steps) on source, target, host',
    );
  });

  it('counts destructive steps whatever their action', () => {
    const revoke = sqlStep({
      id: 'v',
      endpoint: 'source',
      action: '~',
      summary: 'v',
      destructive: true,
      sql: ['REVOKE'],
    });
    expect(summarizePlan([revoke, add('a', 'source')])).toMatchObject({ change: 1, add: 1, destructive: 1 });
  });
});
