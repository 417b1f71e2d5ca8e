import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { startedSteps } from '../support/kill-and-resume.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';

const INSTRUCTION =
  'error: step source.restart needs an operator: Restart the source PostgreSQL server so that wal_level take effect, then run replctl apply again. Then re-run `replctl apply` to resume.\n';

let e: E2eEnvironment;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment({ restart: 'manual' }), buildOnce()]);
});
afterAll(async () => {
  await e?.stop();
});

async function walLevel(): Promise<string> {
  return withClient(e.local.sourceUrl, async (c) => (await c.query('SHOW wal_level')).rows[0].wal_level);
}

describe.sequential('a source whose restart is manual (replctl.yaml: restart: manual)', () => {
  it('stops apply at the restart with exit 5 and the instruction, before anything that needs it', async () => {
    const stopped = await e.run('apply', '--auto-approve');
    expect(stopped.code, stopped.stdout).toBe(5);
    expect(stopped.stderr).toMatch(
      new RegExp(`^${literal(INSTRUCTION)}Run [0-9a-f-]{36} stopped; re-run \`replctl apply\` to resume`),
    );
    expect(startedSteps(stopped.stdout)).toEqual([
      'source.setting.wal_level.set',
      'source.settings.reload',
      'source.restart',
    ]);
    expect(await walLevel()).toBe('replica');
  });

  it('stops again when re-run before anyone restarted the source', async () => {
    const again = await e.run('apply', '--auto-approve');
    expect(again.code, again.stdout).toBe(5);
    expect(again.stderr).toMatch(new RegExp(`^${literal(INSTRUCTION)}`));
    expect(again.durationMs).toBeLessThan(60_000);
  });

  it('finishes once the operator restarted the source', async () => {
    const restarted = await e.run('local', 'restart', 'source');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(await walLevel()).toBe('logical');
    const resumed = await e.run('apply', '--auto-approve');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(startedSteps(resumed.stdout)).not.toContain('source.restart');
    expect((await e.run('plan', '--detailed-exitcode')).code).toBe(0);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl);
    const journal = JSON.parse((await e.run('journal', '--format', 'json')).stdout);
    expect(journal.runs.map((r: { outcome: string }) => r.outcome)).toEqual([
      'succeeded',
      'stopped',
      'stopped',
    ]);
  });
});

/** `text` as a regular expression that matches exactly it. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
