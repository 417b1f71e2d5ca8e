import pg from 'pg';
import { type IntrospectionEndpoints, quietly, type Session } from '../../../src/introspect/index.js';
import { withDatabase } from '../../support/local-env.js';

/** The login of a libpq URL replaced. */
export function withLogin(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Opens sessions the way the CLI does (one pg.Client per endpoint, another per extra target
 * database) and remembers them, so `close()` in afterAll ends every one even after a failure.
 */
export class Sessions {
  readonly #open = new Set<pg.Client>();

  async open(url: string): Promise<pg.Client & Session> {
    const client = new pg.Client({ connectionString: url, application_name: 'replctl introspect test' });
    this.#open.add(client);
    await client.connect();
    const end = client.end.bind(client);
    // introspection ends the sessions it opened; keep them off the list then.
    return Object.assign(client, {
      end: () => {
        this.#open.delete(client);
        return end();
      },
    });
  }

  /** The endpoints introspection reads: source and target logins as the product uses them. */
  async endpoints(sourceUrl: string, targetUrl: string): Promise<IntrospectionEndpoints> {
    const source = await this.open(sourceUrl);
    const admin = await this.open(targetUrl);
    return { source, target: { admin, connect: (database) => this.open(withDatabase(targetUrl, database)) } };
  }

  /**
   * As `endpoints`, with `helpers` more sessions per endpoint reading shares of the table catalog,
   * as `plan` reads (see TABLE_READERS). The source helpers are opened here: `open` them to fail.
   */
  async sharedEndpoints(
    sourceUrl: string,
    targetUrl: string,
    helpers: number,
    openSourceHelper: () => Promise<Session> = () => this.open(sourceUrl),
  ): Promise<IntrospectionEndpoints> {
    const endpoints = await this.endpoints(sourceUrl, targetUrl);
    const sourceHelpers = Array.from({ length: helpers }, () => quietly(openSourceHelper()));
    return { ...endpoints, sourceHelpers, target: { ...endpoints.target, helpers } };
  }

  /** How many sessions are still open. */
  get openCount(): number {
    return this.#open.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open].map((c) => c.end().catch(() => undefined)));
    this.#open.clear();
  }
}
