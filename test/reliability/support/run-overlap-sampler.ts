import type pg from 'pg';
import { applyLockKey } from '../../../src/apply/apply-lock.js';
import { withClient } from '../../../src/local/with-client.js';
import { quoteIdent } from '../../../src/sql/quote.js';

export interface OverlapSample {
  /** Most journal runs seen `running` at one instant. */
  readonly maxRunning: number;
  /** Most sessions seen holding the environment's apply lock at one instant. */
  readonly maxLockHolders: number;
  /** Samples taken (a sample fails while the target reboots; those are not counted). */
  readonly samples: number;
  /** Distinct run ids the lock_holder row named. */
  readonly holders: ReadonlySet<string>;
}

export interface OverlapSampler {
  stop(): Promise<OverlapSample>;
}

/**
 * Watches the journal database while runs compete: how many runs the journal shows `running`, and
 * how many sessions hold the apply lock, every `intervalMs`. Independent of the journal's own
 * timestamps, so it would see two runs at once even if both wrote plausible times.
 */
export function startOverlapSampler(
  journalUrl: string,
  options: { readonly schema?: string; readonly environment?: string; readonly intervalMs?: number } = {},
): OverlapSampler {
  const schema = options.schema ?? 'replctl';
  const environment = options.environment ?? 'local';
  const key = applyLockKey(schema, environment);
  let stopping = false;
  let maxRunning = 0;
  let maxLockHolders = 0;
  let samples = 0;
  const holders = new Set<string>();
  const loop = (async () => {
    while (!stopping) {
      // A connection per sample: the target may reboot (RDS reboot step) between two of them.
      await withClient(journalUrl, (c) => sampleOnce(c, key, schema, environment)).then(
        (sample) => {
          samples += 1;
          maxRunning = Math.max(maxRunning, sample.running);
          maxLockHolders = Math.max(maxLockHolders, sample.lockHolders);
          if (sample.holder) holders.add(sample.holder);
        },
        () => undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
      return { maxRunning, maxLockHolders, samples, holders };
    },
  };
}

async function sampleOnce(client: pg.Client, key: string, schema: string, environment: string) {
  const locks = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 1
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid = (($1::bigint >> 32) & 4294967295)::oid
        AND objid = ($1::bigint & 4294967295)::oid`,
    [key],
  );
  const lockHolders = locks.rows[0]!.n;
  const journal = await client.query<{ present: boolean }>(
    `SELECT to_regclass(quote_ident($1) || '.lock_holder') IS NOT NULL AS present`,
    [schema],
  );
  if (!journal.rows[0]!.present) return { lockHolders, running: 0, holder: undefined };
  const s = quoteIdent(schema);
  const { rows } = await client.query<{ running: number; holder: string | null }>(
    `SELECT (SELECT count(*)::int FROM ${s}.runs WHERE environment = $1 AND outcome = 'running') AS running,
            (SELECT run_id::text FROM ${s}.lock_holder WHERE environment = $1) AS holder`,
    [environment],
  );
  return { lockHolders, running: rows[0]!.running, holder: rows[0]!.holder ?? undefined };
}
