import type { Action, Endpoint, Step } from '../planner/plan.js';
import { formatCount } from './count-format.js';

/** How many steps of each action; the numbers behind the `Plan: …` line and the Markdown table. */
export interface ActionCounts {
  readonly steps: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly restart: number;
  readonly wait: number;
  readonly manual: number;
  /** Steps flagged destructive, whatever their action (a revoke may be a `~`). */
  readonly destructive: number;
}

export interface EndpointCounts extends ActionCounts {
  readonly endpoint: Endpoint;
}

export interface PlanSummary extends ActionCounts {
  /** Only endpoints that have steps, in the order of `ENDPOINT_ORDER`. */
  readonly byEndpoint: readonly EndpointCounts[];
}

/** A fixed order, so the summary reads the same whatever order the planner chose. */
export const ENDPOINT_ORDER: readonly Endpoint[] = ['source', 'target-admin', 'target', 'rds', 'host'];

const ACTION_KEY: Readonly<Record<Action, keyof Omit<ActionCounts, 'steps' | 'destructive'>>> = {
  '+': 'add',
  '~': 'change',
  '-': 'destroy',
  restart: 'restart',
  wait: 'wait',
  manual: 'manual',
};

function count(steps: readonly Step[]): ActionCounts {
  const counts = { steps: steps.length, add: 0, change: 0, destroy: 0, restart: 0, wait: 0, manual: 0 };
  let destructive = 0;
  for (const step of steps) {
    counts[ACTION_KEY[step.action]]++;
    if (step.destructive) destructive++;
  }
  return { ...counts, destructive };
}

export function summarizePlan(steps: readonly Step[]): PlanSummary {
  const byEndpoint = ENDPOINT_ORDER.flatMap((endpoint) => {
    const own = steps.filter((s) => s.endpoint === endpoint);
    return own.length === 0 ? [] : [{ endpoint, ...count(own) }];
  });
  return { ...count(steps), byEndpoint };
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * `12 steps (8 to add, 2 to change, 1 to destroy, 1 restart, 2 waits) on source, target, rds`:
 * add/change/destroy always (as Terraform does), the other actions only when present.
 */
export function describeCounts(summary: PlanSummary): string {
  const parts = [
    `${formatCount(summary.add)} to add`,
    `${formatCount(summary.change)} to change`,
    `${formatCount(summary.destroy)} to destroy`,
  ];
  if (summary.restart > 0) parts.push(plural(summary.restart, 'restart', 'restarts'));
  if (summary.wait > 0) parts.push(plural(summary.wait, 'wait', 'waits'));
  if (summary.manual > 0) parts.push(plural(summary.manual, 'manual step', 'manual steps'));
  const endpoints = summary.byEndpoint.map((e) => e.endpoint).join(', ');
  return `${plural(summary.steps, 'step', 'steps')} (${parts.join(', ')}) on ${endpoints}`;
}

/** The sentence shown when a plan has no steps. */
export function noChangesLine(targetVersion: number): string {
  return `No changes. Live state matches version ${targetVersion}.`;
}
