import * as rds from '@aws-sdk/client-rds';
import pg from 'pg';
import type { CapturedRdsCall, CapturedSession } from './query-capture.js';

type CommandClass = new (input: unknown) => Parameters<rds.RDSClient['send']>[0];

/** One replay of a plan's reads, both ways, in milliseconds. */
export interface Replay {
  /** Each session's statements over its connection, one session after the other, then the RDS calls. */
  readonly sequentialMs: number;
  /** The sessions and the RDS calls at once, as introspection runs them. */
  readonly concurrentMs: number;
}

/**
 * The lower bound of a plan's reads: the captured statements sent again, alone, each session's
 * over one already-open connection in the same order, and the RDS calls through one client. Only
 * the sending is timed, sequentially and then concurrently, `repeats` times.
 */
export async function replayQueries(
  sessions: readonly CapturedSession[],
  rdsCalls: readonly CapturedRdsCall[],
  repeats: number,
): Promise<readonly Replay[]> {
  const replays: Replay[] = [];
  for (let r = 0; r < repeats; r++) {
    const clients = await Promise.all(
      sessions.map(async (s) => {
        const client = new pg.Client(s.config);
        await client.connect();
        return client;
      }),
    );
    const rdsClient = new rds.RDSClient({});
    const sendSession = async (i: number) => {
      for (const q of sessions[i]!.queries) {
        // A statement that failed in the plan (a catalog it may not read) fails here too.
        await clients[i]!.query(replayable(q.text), q.values as unknown[] | undefined).catch(() => undefined);
      }
    };
    const sendRds = async () => {
      for (const call of rdsCalls) {
        // Not-found answers are part of planning a fresh environment.
        await rdsClient.send(new (commandClass(call.command))(call.input)).catch(() => undefined);
      }
    };
    try {
      let started = performance.now();
      for (let i = 0; i < sessions.length; i++) await sendSession(i);
      await sendRds();
      const sequentialMs = performance.now() - started;
      started = performance.now();
      await Promise.all([...sessions.map((_, i) => sendSession(i)), sendRds()]);
      replays.push({ sequentialMs, concurrentMs: performance.now() - started });
    } finally {
      rdsClient.destroy();
      await Promise.all(clients.map((c) => c.end()));
    }
  }
  return replays;
}

/**
 * The statement as it can be sent again. A session that read a share of the tables imported the
 * snapshot another session exported (SET TRANSACTION SNAPSHOT); that snapshot is gone by the replay,
 * and importing it would fail and abort the transaction, so every later read would fail at once and
 * cost nothing. Replayed without the import, the session reads the same catalog in a snapshot of
 * its own: the same work.
 */
export function replayable(text: string): string {
  return text.replace(/;\s*SET TRANSACTION SNAPSHOT '[^']*'\s*$/i, '');
}

function commandClass(name: string): CommandClass {
  const found = (rds as Record<string, unknown>)[name];
  if (typeof found !== 'function') throw new Error(`not an RDS command: ${name}`);
  return found as CommandClass;
}
