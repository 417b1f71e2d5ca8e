import { expect } from 'vitest';
import { withClient } from '../../../src/local/with-client.js';
import type { E2eEnvironment } from '../../support/e2e-environment.js';

export interface JournalStep {
  readonly runId: string;
  readonly stepId: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface JournalRun {
  readonly id: string;
  readonly kind: 'apply' | 'rollback';
  readonly targetVersion: number;
  readonly outcome: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly steps: readonly JournalStep[];
}

export interface JournalDocument {
  readonly liveVersion: number | null;
  readonly latestVersion: number;
  readonly lockHolder: unknown;
  readonly runs: readonly JournalRun[];
}

/** `replctl journal --format json --steps` with every run: it must exit 0 and parse. */
export async function readJournal(e: E2eEnvironment): Promise<JournalDocument> {
  const result = await e.run('journal', '--format', 'json', '--steps', '--limit', '10000');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JournalDocument;
}

/**
 * The most runs whose [started, finished] intervals overlap at one instant (1 when runs were
 * serialized). A run without a finish counts as open to the end.
 */
export function maxOverlappingRuns(runs: readonly JournalRun[]): number {
  const edges = runs.flatMap((run) => [
    { at: Date.parse(run.startedAt), delta: 1 },
    { at: run.finishedAt === null ? Number.POSITIVE_INFINITY : Date.parse(run.finishedAt), delta: -1 },
  ]);
  // An end and a start at the same millisecond do not overlap: ends sort first.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const edge of edges) {
    open += edge.delta;
    most = Math.max(most, open);
  }
  return most;
}

/**
 * Asserts a journal that concurrent runs have not corrupted: every run finished with an outcome
 * that says how (a failure names its error), runs never overlapped in time, every step lies inside
 * its own run's interval (so no step ran under another run's lock), and the applied changesets are
 * versions 1..live, each recorded by a run that succeeded.
 */
export async function expectJournalConsistent(e: E2eEnvironment, journal: JournalDocument): Promise<void> {
  for (const run of journal.runs) {
    expect(['succeeded', 'failed', 'stopped'], `run ${run.id}`).toContain(run.outcome);
    expect(run.finishedAt, `run ${run.id} finished`).not.toBeNull();
    if (run.outcome !== 'succeeded') expect(run.error, `run ${run.id} says why`).toBeTruthy();
    const [start, end] = [Date.parse(run.startedAt), Date.parse(run.finishedAt!)];
    for (const step of run.steps) {
      expect(step.runId).toBe(run.id);
      expect(
        Date.parse(step.startedAt),
        `${run.id} ${step.stepId} started in its run`,
      ).toBeGreaterThanOrEqual(start);
      if (step.finishedAt !== null)
        expect(Date.parse(step.finishedAt), `${run.id} ${step.stepId} ended in its run`).toBeLessThanOrEqual(
          end,
        );
      // A finished run leaves no step in flight.
      expect(['done', 'skipped', 'failed', 'stopped'], `${run.id} ${step.stepId}`).toContain(step.status);
    }
  }
  expect(maxOverlappingRuns(journal.runs), 'runs overlapping in time').toBeLessThanOrEqual(1);

  const applied = await withClient(e.local.targetAdminUrl('postgres'), async (c) => {
    const { rows } = await c.query<{ version: number; outcome: string | null }>(
      `SELECT a.version, r.outcome FROM replctl.applied_changesets a
         LEFT JOIN replctl.runs r ON r.id = a.run_id
        WHERE a.environment = 'local' ORDER BY a.version`,
    );
    return rows;
  });
  const live = journal.liveVersion ?? 0;
  expect(applied.map((a) => a.version)).toEqual(Array.from({ length: live }, (_, i) => i + 1));
  for (const a of applied) expect(a.outcome, `version ${a.version} recorded by a run`).toBe('succeeded');
}
