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
 * Whether an environment can be planned live: its references resolve (the variables are set) and
 * both databases accept a connection. Used to fall back to an offline plan where CI has no
 * credentials (forks); any other problem is not caught here and fails the live plan as usual.
 */
export async function environmentAvailability(
  project: Project,
  name: string | undefined,
  ctx: ResolveContext,
): Promise<EnvironmentAvailability> {
  let clients: EnvironmentClients;
  try {
    clients = new EnvironmentClients(resolveEnvironment(project.config, name, ctx), undefined);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { available: false, reason: error.diagnostics.map((d) => d.message).join('; ') };
  }
  try {
    for (const role of ['source', 'target-admin'] as const) {
      const client = await clients.connect(role);
      await client.end();
    }
    return { available: true };
  } catch (error) {
    if (!(error instanceof ReplctlError)) throw error;
    return { available: false, reason: error.message };
  } finally {
    clients.close();
  }
}
