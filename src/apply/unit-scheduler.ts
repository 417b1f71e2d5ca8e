import { statementCount } from '../planner/sql-text.js';
import { type ApplyUnit, isDatabaseEndpoint } from './apply-units.js';
import type { DatabaseEndpoint } from './db-client.js';

/** What the scheduler knows of a unit: where it runs, what it waits for, what it holds. */
export interface SchedulableUnit {
  /**
   * The database endpoint of a SQL unit that may overlap with others; undefined for a unit that
   * runs alone (AWS calls, restarts, waits, manual steps and destructive steps).
   */
  readonly endpoint: DatabaseEndpoint | undefined;
  /** Indexes of earlier units holding a step this unit's steps depend on. */
  readonly dependsOn: readonly number[];
  /** Statements the unit's transaction holds (and their locks) until it commits. */
  readonly statements: number;
}

export interface SchedulerLimits {
  /** Units in flight per database endpoint (its connections). 1 runs the whole plan in order. */
  readonly connectionsPerEndpoint: number;
  /**
   * Statements in flight per endpoint: the lock table is shared by the server's sessions, so N
   * transactions together hold no more than one did when the engine used a single connection.
   */
  readonly statementsPerEndpoint: number;
}

/**
 * The units' scheduling facts, from the steps' `dependsOn` (plan order is a topological order, so
 * every unit depends on earlier ones only).
 */
export function schedulableUnits(units: readonly ApplyUnit[]): SchedulableUnit[] {
  const unitOfStep = new Map<string, number>();
  return units.map((unit, index) => {
    const steps = unit.kind === 'batch' ? unit.steps : [unit.step];
    const dependsOn = new Set<number>();
    for (const step of steps) {
      for (const id of step.dependsOn) {
        const owner = unitOfStep.get(id);
        if (owner !== undefined) dependsOn.add(owner);
      }
    }
    for (const step of steps) unitOfStep.set(step.id, index);
    const overlaps =
      unit.kind === 'batch' || (unit.step.kind === 'sql' && isDatabaseEndpoint(unit.step.endpoint));
    const destructive = steps.some((s) => s.destructive);
    return {
      endpoint: overlaps && !destructive ? (steps[0]!.endpoint as DatabaseEndpoint) : undefined,
      dependsOn: [...dependsOn].sort((a, b) => a - b),
      statements: steps.reduce((sum, s) => sum + (s.kind === 'sql' ? statementCount(s.sql) : 1), 0),
    };
  });
}

type UnitState = 'waiting' | 'running' | 'finished';

/**
 * Decides which units may start (pure: no I/O, the caller runs them and reports back). A SQL unit
 * may start once every unit it depends on has finished and its endpoint has a free connection and
 * room in the statement budget; units that run alone start after everything before them finished,
 * and nothing after them starts before they finished. Units start in plan order: a unit that cannot
 * start yet holds back the later units of its endpoint, so no endpoint's work is reordered for size.
 */
export class UnitScheduler {
  readonly #units: readonly SchedulableUnit[];
  readonly #limits: SchedulerLimits;
  readonly #state: UnitState[];
  /** Every unit before this index has finished. */
  #firstUnfinished = 0;
  #running = 0;
  readonly #inFlight = new Map<DatabaseEndpoint, { units: number; statements: number }>();

  constructor(units: readonly SchedulableUnit[], limits: SchedulerLimits) {
    if (!(limits.connectionsPerEndpoint >= 1))
      throw new Error('expected at least one connection per endpoint');
    this.#units = units;
    this.#limits = limits;
    this.#state = units.map(() => 'waiting');
  }

  /** True once every unit has finished. */
  get done(): boolean {
    return this.#firstUnfinished === this.#units.length;
  }

  /** The units that may start now, in plan order; they count as running from here on. */
  start(): number[] {
    const started: number[] = [];
    const heldBack = new Set<DatabaseEndpoint>();
    const sequential = this.#limits.connectionsPerEndpoint === 1;
    for (let i = this.#firstUnfinished; i < this.#units.length; i++) {
      const unit = this.#units[i]!;
      if (unit.endpoint === undefined || sequential) {
        const free = i === this.#firstUnfinished && this.#running === 0;
        if (free && this.#state[i] === 'waiting') this.#begin(i, started);
        break;
      }
      if (this.#state[i] !== 'waiting') continue;
      if (heldBack.has(unit.endpoint)) continue;
      if (!this.#dependenciesFinished(unit) || !this.#fits(unit)) {
        heldBack.add(unit.endpoint);
        continue;
      }
      this.#begin(i, started);
    }
    return started;
  }

  /** Records that a running unit finished successfully. */
  finish(index: number): void {
    if (this.#state[index] !== 'running') throw new Error(`unit ${index} is not running`);
    this.#state[index] = 'finished';
    this.#running--;
    const endpoint = this.#units[index]!.endpoint;
    if (endpoint !== undefined) {
      const load = this.#inFlight.get(endpoint)!;
      load.units--;
      load.statements -= this.#units[index]!.statements;
    }
    while (this.#state[this.#firstUnfinished] === 'finished') this.#firstUnfinished++;
  }

  #begin(index: number, started: number[]): void {
    this.#state[index] = 'running';
    this.#running++;
    started.push(index);
    const { endpoint, statements } = this.#units[index]!;
    if (endpoint === undefined) return;
    const load = this.#inFlight.get(endpoint) ?? { units: 0, statements: 0 };
    load.units++;
    load.statements += statements;
    this.#inFlight.set(endpoint, load);
  }

  #dependenciesFinished(unit: SchedulableUnit): boolean {
    return unit.dependsOn.every((d) => this.#state[d] === 'finished');
  }

  /** A free connection, and room in the statement budget (a unit alone may exceed it, as before). */
  #fits(unit: SchedulableUnit): boolean {
    const load = this.#inFlight.get(unit.endpoint!);
    if (load === undefined || load.units === 0) return true;
    return (
      load.units < this.#limits.connectionsPerEndpoint &&
      load.statements + unit.statements <= this.#limits.statementsPerEndpoint
    );
  }
}
