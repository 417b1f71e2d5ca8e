import { RDSClient } from '@aws-sdk/client-rds';
import pg from 'pg';

/** One statement as a session sent it, with its bind parameters. */
export interface CapturedQuery {
  readonly text: string;
  readonly values: readonly unknown[] | undefined;
}

/** Everything one pg.Client sent, and how to open another session like it. */
export interface CapturedSession {
  readonly config: pg.ClientConfig;
  readonly queries: CapturedQuery[];
}

export interface CapturedRdsCall {
  /** The command class name, e.g. `DescribeDBParametersCommand`. */
  readonly command: string;
  readonly input: unknown;
}

export interface Capture {
  readonly sessions: CapturedSession[];
  readonly rdsCalls: CapturedRdsCall[];
  /** Puts pg and the RDS client back as they were. */
  stop(): void;
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
type SendFn = (this: RDSClient, ...args: unknown[]) => unknown;

/**
 * Records, until `stop`, the exact SQL and parameters every pg.Client of this process sends and
 * every RDS API command: what `plan` asks of each endpoint, to be replayed alone as its lower bound.
 */
export function captureQueries(): Capture {
  const sessions: CapturedSession[] = [];
  const rdsCalls: CapturedRdsCall[] = [];
  const byClient = new WeakMap<pg.Client, CapturedSession>();
  const clientPrototype = pg.Client.prototype as unknown as { query: QueryFn };
  const rdsPrototype = RDSClient.prototype as unknown as { send: SendFn };
  const originalQuery = clientPrototype.query;
  const originalSend = rdsPrototype.send;

  clientPrototype.query = function (this: pg.Client, ...args: unknown[]) {
    let session = byClient.get(this);
    if (session === undefined) {
      session = { config: sessionConfig(this), queries: [] };
      byClient.set(this, session);
      sessions.push(session);
    }
    const [first, second] = args;
    if (typeof first === 'string') {
      session.queries.push({ text: first, values: Array.isArray(second) ? second : undefined });
    } else if (first !== null && typeof first === 'object' && 'text' in first) {
      const config = first as { text: string; values?: unknown[] };
      session.queries.push({ text: config.text, values: config.values });
    }
    return originalQuery.apply(this, args);
  };
  rdsPrototype.send = function (this: RDSClient, ...args: unknown[]) {
    const command = args[0] as { constructor: { name: string }; input: unknown };
    rdsCalls.push({ command: command.constructor.name, input: command.input });
    return originalSend.apply(this, args);
  };
  return {
    sessions,
    rdsCalls,
    stop() {
      clientPrototype.query = originalQuery;
      rdsPrototype.send = originalSend;
    },
  };
}

/** Where and as whom a client is connected (the password included: the replay logs in the same way). */
function sessionConfig(client: pg.Client): pg.ClientConfig {
  const p = (client as unknown as { connectionParameters: pg.ClientConfig }).connectionParameters;
  return {
    ...(p.host === undefined ? {} : { host: p.host }),
    ...(p.port === undefined ? {} : { port: p.port }),
    ...(p.user === undefined ? {} : { user: p.user }),
    ...(p.password === undefined ? {} : { password: p.password }),
    ...(p.database === undefined ? {} : { database: p.database }),
  };
}
