import type { RDSClient } from '@aws-sdk/client-rds';
import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { resolveEnvironment } from '../config/resolve-environment.js';
import { InputError, ReplctlError } from '../errors.js';
import { EnvironmentClients } from './environment-clients.js';

export type EnvironmentAvailability =
  | { readonly available: true }
  | {
      readonly available: false;
      /** Why not, without any secret: the variable that is not set, the endpoint that did not answer. */
      readonly reason: string;
    };

/**
 * Whether an environment can be planned live: its references resolve (the variables are set), both
 * databases accept a connection and, when it has an RDS instance, the AWS SDK finds credentials and
 * a region. Used to fall back to an offline plan where CI has no credentials (forks, or a job given
 * database access but no AWS role); any other problem is not caught here and fails the live plan.
 */
export async function environmentAvailability(
  project: Project,
  name: string | undefined,
  ctx: ResolveContext,
): Promise<EnvironmentAvailability> {
  let clients: EnvironmentClients;
  try {
    // Asked once: an endpoint that does not answer now means an offline plan, not a wait.
    clients = new EnvironmentClients(resolveEnvironment(project.config, name, ctx), undefined, {
      connectRetryMs: 0,
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { available: false, reason: error.diagnostics.map((d) => d.message).join('; ') };
  }
  try {
    for (const role of ['source', 'target-admin'] as const) {
      const client = await clients.connect(role);
      await client.end();
    }
    const rds = clients.rds();
    if (rds !== undefined) {
      const missing = await missingAwsConfiguration(rds.client);
      if (missing !== undefined) return { available: false, reason: missing };
    }
    return { available: true };
  } catch (error) {
    if (!(error instanceof ReplctlError)) throw error;
    return { available: false, reason: error.message };
  } finally {
    clients.close();
  }
}

/**
 * Resolves the SDK's credential chain and region without calling the API: what it cannot find is
 * what a live plan would fail on. The SDK's messages name the providers tried, never a key.
 */
async function missingAwsConfiguration(client: RDSClient): Promise<string | undefined> {
  try {
    await client.config.credentials();
  } catch (error) {
    return `no AWS credentials for the RDS API (${messageOf(error)})`;
  }
  try {
    await client.config.region();
  } catch (error) {
    return `no AWS region for the RDS API (${messageOf(error)})`;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]!.trim() : String(error);
}
