import type { RestartStep } from '../planner/plan.js';
import type { RunContext } from './run-context.js';
import { pendingRestartSettings } from './source-pending-restart.js';
import { OperatorNeeded } from './step-failure.js';

/**
 * Restarts the source with the environment's command, or stops for an operator when the
 * environment's restart is manual. An earlier run that already restarted (or asked an operator to)
 * is not repeated once the source shows no setting pending a restart.
 */
export async function runRestartStep(ctx: RunContext, step: RestartStep): Promise<string> {
  const restart = ctx.endpoints.restart;
  const earlier = ctx.inFlight.get(step.id);
  const pending = await pendingOnSource(ctx);
  if (earlier && pending?.length === 0) {
    return earlier === 'stopped'
      ? 'the source was restarted by an operator'
      : 'an earlier run already restarted the source';
  }
  if (restart.kind === 'manual') {
    const settings = pending && pending.length > 0 ? ` so that ${pending.join(', ')} take effect` : '';
    throw new OperatorNeeded(
      `Restart the source PostgreSQL server now${settings} (for example \`sudo systemctl restart postgresql\` ` +
        'or `pg_ctl restart -D <data directory>`), then re-run `replctl apply` to resume.',
    );
  }
  // Its connection dies with the server; drop it first rather than have it fail later.
  await ctx.connections.close('source');
  ctx.report({ kind: 'notice', message: `restarting the source: ${restart.description}` });
  await restart.run();
  return 'restart command succeeded';
}

/** undefined when the source cannot be asked (it may be down: the restart brings it back). */
async function pendingOnSource(ctx: RunContext): Promise<readonly string[] | undefined> {
  try {
    return await pendingRestartSettings((await ctx.connections.get('source')).client);
  } catch {
    await ctx.connections.close('source');
    return undefined;
  }
}
