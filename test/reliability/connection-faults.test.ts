import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { reliabilitySize, reportFigures } from '../support/reliability.js';
import { type CliResult, ReplctlProcess } from '../support/replctl-cli.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';
import { startWriteLoad } from '../support/write-load.js';
import {
  type ClusterSide,
  holdInitialCopy,
  restartCluster,
  startCluster,
  stopCluster,
} from './support/cluster-restarts.js';

/**
 * Design §9: the source or the target restarts while `apply` runs, under a write load. Apply
 * reconnects and finishes, or stops resumably (exit 5) saying so, and a re-run converges. A run
 * started while a server is still coming back waits for it (bounded) instead of failing.
 */
type Scenario =
  | { readonly kind: 'restart-during-copy'; readonly side: ClusterSide }
  | { readonly kind: 'restart-at-step'; readonly side: ClusterSide; readonly step: string }
  | { readonly kind: 'down-at-start'; readonly side: ClusterSide }
  /** What a CREATE SUBSCRIPTION cut off after the source made its slot leaves: the slot, unused. */
  | { readonly kind: 'slot-left-behind' };

const SCENARIOS = reliabilitySize<readonly Scenario[]>({
  ci: [
    { kind: 'restart-during-copy', side: 'target' },
    { kind: 'down-at-start', side: 'source' },
    { kind: 'slot-left-behind' },
  ],
  full: [
    { kind: 'restart-during-copy', side: 'source' },
    { kind: 'restart-during-copy', side: 'target' },
    { kind: 'restart-at-step', side: 'source', step: 'source.publication.my_publication.create' },
    { kind: 'restart-at-step', side: 'target', step: 'target.tables.create' },
    { kind: 'restart-at-step', side: 'source', step: 'target.subscription.my_subscription.create' },
    { kind: 'down-at-start', side: 'source' },
    { kind: 'down-at-start', side: 'target' },
    { kind: 'restart-at-step', side: 'target', step: 'target.subscription.my_subscription.create' },
    { kind: 'slot-left-behind' },
  ],
});
const TIMEOUT = 1_200_000;
/** How long a server stays down in `down-at-start`: within the CLI's bounded connect retry. */
const DOWN_FOR_MS = 5000;

let e: E2eEnvironment | undefined;
beforeAll(() => buildOnce(), 300_000);
afterEach(async () => {
  await e?.stop();
  e = undefined;
});

const output = (r: CliResult) => `${r.stdout}\n${r.stderr}`;
const spawn = (env: E2eEnvironment, ...args: string[]) =>
  new ReplctlProcess(args, { project: env.project, env: env.env, timeoutMs: TIMEOUT });

function describeScenario(s: Scenario): string {
  switch (s.kind) {
    case 'restart-during-copy':
      return `${s.side} restarted while apply waits for the initial copy`;
    case 'restart-at-step':
      return `${s.side} restarted as apply starts ${s.step}`;
    case 'down-at-start':
      return `${s.side} down for ${DOWN_FOR_MS / 1000} s as apply starts`;
    case 'slot-left-behind':
      return 'subscription gone, its slot left on the source';
  }
}

/** Lets `apply` reach the scenario's point, then restarts (or stops and starts) the server. */
async function interrupt(env: E2eEnvironment, apply: ReplctlProcess, s: Scenario): Promise<void> {
  switch (s.kind) {
    case 'restart-during-copy': {
      await apply.line(/^\[\d+\/\d+\] target\.tables\.create: /, 600_000);
      const hold = await holdInitialCopy(env.targetAppUrl, 'public.users');
      try {
        await apply.line(/^\[\d+\/\d+\] target\.subscription\.my_subscription\.wait-synced: /, 600_000);
        await restartCluster(env.local, s.side);
      } finally {
        await hold.release();
      }
      return;
    }
    case 'restart-at-step':
      await apply.line(new RegExp(`^\\[\\d+/\\d+\\] ${s.step.replaceAll('.', '\\.')}: `), 600_000);
      await restartCluster(env.local, s.side);
      return;
    case 'down-at-start':
    case 'slot-left-behind':
      return;
  }
}

/**
 * Applies, then drops the subscription while keeping its slot on the source, and journals a run cut
 * off in CREATE SUBSCRIPTION (its step left at `intent`): the state a target restart leaves when it
 * cuts CREATE SUBSCRIPTION off after the source created the slot. Without that journal record the
 * slot could be another subscriber's, and apply must not take it (a planner unit test covers that).
 */
async function leaveSlotBehind(env: E2eEnvironment): Promise<void> {
  const applied = await spawn(env, 'apply', '--auto-approve').exited;
  expect(applied.code, output(applied)).toBe(0);
  await withClient(env.targetAppUrl, async (c) => {
    await c.query('ALTER SUBSCRIPTION my_subscription DISABLE');
    await c.query('ALTER SUBSCRIPTION my_subscription SET (slot_name = NONE)');
    await c.query('DROP SUBSCRIPTION my_subscription');
  });
  await withClient(env.local.targetAdminUrl('postgres'), async (c) => {
    const cutOff = randomUUID();
    await c.query(
      `INSERT INTO replctl.runs (id, kind, environment, started_by, host, tool_version, target_version,
                                 plan_hash, started_at, outcome)
       VALUES ($1, 'apply', 'local', 'test', 'test', 'test', 4, 'test', now(), 'running')`,
      [cutOff],
    );
    await c.query(
      `INSERT INTO replctl.steps (run_id, step_id, position, kind, endpoint, summary, status, started_at)
       VALUES ($1, 'target.subscription.my_subscription.create', 0, 'sql', 'target', 'create', 'intent', now())`,
      [cutOff],
    );
  });
}

describe.each(SCENARIOS.map((s) => [describeScenario(s), s] as const))('%s', (_name, scenario) => {
  it('apply reconnects or stops resumably, and a re-run converges', { timeout: TIMEOUT }, async () => {
    const started = Date.now();
    const env = await startE2eEnvironment();
    e = env;
    const load = startWriteLoad(env.local.sourceUrl);
    try {
      await load.more(10);
      if (scenario.kind === 'down-at-start') await stopCluster(env.local, scenario.side);
      if (scenario.kind === 'slot-left-behind') await leaveSlotBehind(env);
      // Re-creating the subscription empties the target tables it copies into: destructive.
      const apply = spawn(env, 'apply', '--auto-approve', '--allow-destructive');
      if (scenario.kind === 'down-at-start') {
        await sleep(DOWN_FOR_MS);
        await startCluster(env.local, scenario.side);
      }
      await interrupt(env, apply, scenario);
      const first = await apply.exited;

      // Finished, or stopped resumably and saying how to resume; never a failure to fix.
      expect([0, 5], output(first)).toContain(first.code);
      const reruns: CliResult[] = [];
      if (first.code === 5) {
        expect(first.stderr).toMatch(/stopped; re-run `replctl apply` to resume/);
        // At once: the server may still be coming back, which the re-run waits for.
        reruns.push(await spawn(env, 'apply', '--auto-approve', '--allow-destructive').exited);
        expect(reruns[0]!.code, output(reruns[0]!)).toBe(0);
      }
      const last = reruns.at(-1) ?? first;
      expect(last.stdout).toMatch(/Live at version 4\.$/m);

      await load.more(10, 120_000);
      // verify compares a snapshot: the load stops first, so every row it wrote is due on the target.
      const { committed, failed } = await load.stop();
      const plan = await spawn(env, 'plan', '--detailed-exitcode').exited;
      expect(plan.code, output(plan)).toBe(0);
      const verify = await spawn(env, 'verify').exited;
      expect(verify.code, output(verify)).toBe(0);
      await expectTargetToMatchSource(env.local.sourceUrl, env.targetAppUrl);

      const journal = JSON.parse((await spawn(env, 'journal', '--format', 'json').exited).stdout) as {
        runs: { outcome: string }[];
      };
      const notices = [first, ...reruns].flatMap((r) =>
        r.stdout.split('\n').filter((l) => /unreachable|retrying/i.test(l)),
      );
      reportFigures(`connection faults (${describeScenario(scenario)})`, {
        'first apply exit': first.code ?? String(first.signal),
        ...(first.code === 5 ? { 'it said': first.stderr.split('\n')[0]!.slice(0, 160) } : {}),
        're-runs': reruns.length,
        'reconnect notices': notices.length,
        'journal runs': journal.runs.map((r) => r.outcome).join('/'),
        'rows written': committed,
        'writes failed during restarts': failed,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    } finally {
      await load.stop();
    }
  });
});
