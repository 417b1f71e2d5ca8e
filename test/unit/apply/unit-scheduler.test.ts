import { describe, expect, it } from 'vitest';
import { applyUnits } from '../../../src/apply/apply-units.js';
import {
  type SchedulableUnit,
  type SchedulerLimits,
  schedulableUnits,
  UnitScheduler,
} from '../../../src/apply/unit-scheduler.js';
import type { Step } from '../../../src/planner/plan.js';
import { awsStep, restartStep, sqlStep } from '../../support/apply-plans.js';

const two: SchedulerLimits = { connectionsPerEndpoint: 2, statementsPerEndpoint: 1000 };

const target = (dependsOn: number[] = [], statements = 1): SchedulableUnit => ({
  endpoint: 'target',
  dependsOn,
  statements,
});
const source = (dependsOn: number[] = [], statements = 1): SchedulableUnit => ({
  endpoint: 'source',
  dependsOn,
  statements,
});
const alone = (dependsOn: number[] = []): SchedulableUnit => ({
  endpoint: undefined,
  dependsOn,
  statements: 1,
});

/**
 * Runs the scheduler to the end, finishing the oldest running unit each round; returns what
 * started in each round.
 */
function rounds(units: readonly SchedulableUnit[], limits: SchedulerLimits = two): number[][] {
  const scheduler = new UnitScheduler(units, limits);
  const result: number[][] = [];
  const running: number[] = [];
  while (!scheduler.done) {
    const started = scheduler.start();
    result.push(started);
    running.push(...started);
    const oldest = running.shift();
    if (oldest === undefined) throw new Error('stalled');
    scheduler.finish(oldest);
  }
  return result.filter((r) => r.length > 0);
}

describe('UnitScheduler', () => {
  it('starts independent units of one endpoint up to N at a time, in plan order', () => {
    const scheduler = new UnitScheduler([target(), target(), target(), target()], two);
    expect(scheduler.start()).toEqual([0, 1]);
    expect(scheduler.start()).toEqual([]);
    scheduler.finish(1);
    expect(scheduler.start()).toEqual([2]);
    scheduler.finish(0);
    expect(scheduler.start()).toEqual([3]);
    scheduler.finish(2);
    scheduler.finish(3);
    expect(scheduler.done).toBe(true);
  });

  it('counts the limit per endpoint: source and target work overlap', () => {
    const scheduler = new UnitScheduler([source(), source(), source(), target(), target(), target()], two);
    expect(scheduler.start()).toEqual([0, 1, 3, 4]);
  });

  it('starts a unit only after every unit it depends on finished', () => {
    const scheduler = new UnitScheduler([target(), target(), source([0]), source()], two);
    expect(scheduler.start()).toEqual([0, 1]);
    scheduler.finish(1);
    expect(scheduler.start()).toEqual([]);
    scheduler.finish(0);
    expect(scheduler.start()).toEqual([2, 3]);
  });

  it('lets a ready unit of another endpoint pass one that waits for its dependencies', () => {
    const scheduler = new UnitScheduler([target(), source([0]), target()], two);
    expect(scheduler.start()).toEqual([0, 2]);
  });

  it('keeps plan order within an endpoint: a waiting unit holds back later ones of its endpoint', () => {
    const scheduler = new UnitScheduler([source(), target(), target([0]), target()], two);
    expect(scheduler.start()).toEqual([0, 1]);
    scheduler.finish(0);
    expect(scheduler.start()).toEqual([2]);
  });

  it('keeps the statements in flight per endpoint within the budget', () => {
    const limits = { connectionsPerEndpoint: 2, statementsPerEndpoint: 1000 };
    const scheduler = new UnitScheduler([target([], 600), target([], 500), target([], 400)], limits);
    expect(scheduler.start()).toEqual([0]);
    scheduler.finish(0);
    expect(scheduler.start()).toEqual([1, 2]);
  });

  it('runs a unit larger than the budget alone on its endpoint, as one connection did', () => {
    const scheduler = new UnitScheduler([target([], 5000), target()], two);
    expect(scheduler.start()).toEqual([0]);
    scheduler.finish(0);
    expect(scheduler.start()).toEqual([1]);
  });

  it('runs a barrier after everything before it and before anything after it', () => {
    expect(rounds([source(), target(), alone(), source(), target()])).toEqual([[0, 1], [2], [3, 4]]);
    const scheduler = new UnitScheduler([target(), target(), alone(), target()], two);
    expect(scheduler.start()).toEqual([0, 1]);
    scheduler.finish(0);
    expect(scheduler.start()).toEqual([]);
    scheduler.finish(1);
    expect(scheduler.start()).toEqual([2]);
    expect(scheduler.start()).toEqual([]);
    scheduler.finish(2);
    expect(scheduler.start()).toEqual([3]);
  });

  it('runs everything in plan order, one at a time, with one connection per endpoint', () => {
    const one = { connectionsPerEndpoint: 1, statementsPerEndpoint: 1000 };
    expect(rounds([source(), target(), target(), alone(), source()], one)).toEqual([[0], [1], [2], [3], [4]]);
  });

  it('refuses to finish a unit that is not running', () => {
    const scheduler = new UnitScheduler([target(), target()], two);
    expect(() => scheduler.finish(0)).toThrow('unit 0 is not running');
  });
});

describe('schedulableUnits', () => {
  const withDeps = (step: Step, ...dependsOn: string[]): Step => ({ ...step, dependsOn });

  it('links units through their steps’ dependencies and counts their statements', () => {
    const steps = [
      sqlStep('schemas', 'target', 'CREATE SCHEMA a'),
      withDeps(sqlStep('tables.1', 'target', 'CREATE TABLE a.t1 ();\nCREATE TABLE a.t2 ()'), 'schemas'),
      withDeps(sqlStep('tables.2', 'target', 'CREATE TABLE a.t3 ()'), 'schemas'),
      sqlStep('grants', 'source', 'GRANT USAGE ON SCHEMA a TO r'),
      withDeps(sqlStep('publication', 'source', 'CREATE PUBLICATION p'), 'tables.1', 'tables.2'),
    ];
    // A budget of three statements: the schema joins the first table step, the second runs apart;
    // the source batch waits for both target units, as its publication step needs their tables.
    const units = applyUnits(steps, 3);
    expect(schedulableUnits(units)).toEqual([
      { endpoint: 'target', dependsOn: [], statements: 3 },
      { endpoint: 'target', dependsOn: [0], statements: 1 },
      { endpoint: 'source', dependsOn: [0, 1], statements: 2 },
    ]);
  });

  it('runs AWS, restart, wait, manual and destructive steps alone; non-transactional SQL overlaps', () => {
    const units = applyUnits([
      awsStep('aws', 'ModifyDBInstance', {}),
      restartStep('restart'),
      sqlStep('revoke', 'source', 'REVOKE SELECT ON t FROM r', { destructive: true }),
      sqlStep('subscription', 'target', 'CREATE SUBSCRIPTION s', { transactional: false }),
    ]);
    expect(schedulableUnits(units).map((u) => u.endpoint)).toEqual([
      undefined,
      undefined,
      undefined,
      'target',
    ]);
  });
});
