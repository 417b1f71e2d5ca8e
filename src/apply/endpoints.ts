import type { RDSClient } from '@aws-sdk/client-rds';
import type { SecretRef } from '../model/secret-ref.js';
import type { DatabaseEndpoint, DbClient } from './db-client.js';

/** What the engine needs of an RDS client: `send`. The real `RDSClient` is one. */
export type RdsSender = Pick<RDSClient, 'send'>;

/** How the source is restarted: the environment's command, or by an operator (design §3). */
export type SourceRestart =
  | {
      readonly kind: 'command';
      /** Shown in progress and the journal, e.g. the command line. */
      readonly description: string;
      /** Resolves when the restart command succeeded; rejects with its output otherwise. */
      readonly run: () => Promise<void>;
    }
  | { readonly kind: 'manual' };

/**
 * Everything apply touches in the world, passed in (I/O at the edges). The caller builds these from
 * the environment; tests build them from local clusters.
 */
export interface ApplyEndpoints {
  /**
   * A new connected client. `journal` is the database the target URL names (it exists before the
   * first step); `target` is the replicated database, which may be the same one.
   */
  connect(endpoint: DatabaseEndpoint | 'journal'): Promise<DbClient>;
  /** Absent when the environment has no RDS API; a plan with AWS steps is then refused. */
  readonly rds?: RdsSender;
  readonly restart: SourceRestart;
  resolveSecret(ref: SecretRef): string | Promise<string>;
}
