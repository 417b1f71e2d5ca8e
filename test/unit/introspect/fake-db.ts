import type { Queryable, QueryRows, Session } from '../../../src/introspect/queryable.js';

export type Reply = readonly Record<string, unknown>[] | Error;

/**
 * A scripted session: `reply` answers each statement (by its SQL text) with rows or an error to
 * throw; every statement is recorded, so tests see what was sent and in which order.
 */
export class FakeDb implements Session {
  readonly sent: string[] = [];
  ended = false;

  constructor(private readonly reply: (sql: string, params: readonly unknown[]) => Reply) {}

  async query(text: string, params: readonly unknown[] = []): Promise<QueryRows> {
    this.sent.push(text);
    const result = this.reply(text, params);
    if (result instanceof Error) throw result;
    return { rows: result };
  }

  async end(): Promise<void> {
    this.ended = true;
  }
}

/** An error as node-postgres raises it, with a SQLSTATE. */
export function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export type { Queryable };
