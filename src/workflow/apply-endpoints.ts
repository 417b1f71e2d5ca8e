import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplyEndpoints } from '../apply/endpoints.js';
import { shellRestart } from '../apply/shell-restart.js';
import { resolveSecret } from '../config/resolve.js';
import type { ResolveContext } from '../config/resolve-context.js';
import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { SecretRef } from '../model/secret-ref.js';
import type { EnvironmentClients } from './environment-clients.js';

/** replctl's own bin folder, so a restart command written `replctl …` runs this replctl. */
const BIN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin');

/** What the apply engine touches, built from a resolved environment (I/O at the edges). */
export function applyEndpoints(
  clients: EnvironmentClients,
  environment: ResolvedEnvironment,
  ctx: ResolveContext,
): ApplyEndpoints {
  const restart = environment.source.restart;
  const rds = clients.rds();
  return {
    connect: (endpoint) => clients.connect(endpoint === 'journal' ? 'target-admin' : endpoint),
    ...(rds ? { rds: rds.client } : {}),
    restart:
      restart.kind === 'manual'
        ? { kind: 'manual' }
        : shellRestart(restart.command, {
            cwd: ctx.projectDir,
            env: { ...process.env, PATH: `${BIN_DIR}:${process.env.PATH ?? ''}` },
          }),
    resolveSecret: (ref: SecretRef) => resolveSecret(ref, { path: `a secret the plan references` }, ctx),
  };
}
