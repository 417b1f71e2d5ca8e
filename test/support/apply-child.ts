/**
 * Runs one apply in a child process, so a test can SIGKILL it mid-plan like a crash would:
 *   node --import tsx test/support/apply-child.ts <config.json>
 * The config holds the endpoint URLs, secrets and the plan. Progress goes to stdout a line per
 * state change; the exit status is apply's exit code.
 */
import { readFile } from 'node:fs/promises';
import { applyPlan, lineProgress } from '../../src/apply/index.js';
import { ReplctlError } from '../../src/errors.js';
import type { Plan } from '../../src/planner/plan.js';
import { type EndpointUrls, urlEndpoints } from './apply-endpoints.js';

export interface ApplyChildConfig {
  readonly urls: EndpointUrls;
  readonly secrets: Readonly<Record<string, string>>;
  readonly plan: Plan;
  readonly startedBy: string;
  /** Engine options over the defaults, e.g. `parallel`. */
  readonly engine?: { readonly parallel?: number; readonly maxStatementsPerTransaction?: number };
}

const config = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as ApplyChildConfig;
try {
  const result = await applyPlan(config.plan, urlEndpoints(config.urls, { secrets: config.secrets }), {
    metadata: { startedBy: config.startedBy, host: 'child' },
    progress: lineProgress((line) => process.stdout.write(`${line}\n`)),
    pollIntervalMs: 200,
    ...config.engine,
  });
  process.stdout.write(`result ${result.runId}\n`);
} catch (error) {
  process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ReplctlError ? error.exitCode : 1;
}
