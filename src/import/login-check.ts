import pg from 'pg';

/** What the source said when import logged in as a role with the password a reference holds. */
export type LoginCheck = 'accepted' | 'refused' | { readonly unverifiable: string };

/** SQLSTATE invalid_password: the server asked for a password and this one is wrong. */
const INVALID_PASSWORD = '28P01';

/**
 * What a failed login tells about the password (pure). Only a refused password proves it wrong;
 * anything else (no pg_hba.conf line for this client, a role that may not log in, a network
 * error) leaves it unknown. The message never holds the password: server messages name the user
 * at most, and client errors are reduced to their code.
 */
export function classifyLoginError(error: unknown): LoginCheck {
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === INVALID_PASSWORD) return 'refused';
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.message === 'string') {
    return { unverifiable: `the source said: ${e.message}` };
  }
  return {
    unverifiable: `could not connect to the source (${typeof e.code === 'string' ? e.code : 'error'})`,
  };
}

/**
 * Logs in to the source database as `user` with `password` and leaves at once: where pg_hba.conf
 * asks for a password (scram-sha-256, md5, password), success proves the password is the role's.
 * The source URL (or the PG* variables) gives host, port, database and TLS settings.
 */
export async function checkSourceLogin(
  sourceConnectionString: string | undefined,
  user: string,
  password: string,
): Promise<LoginCheck> {
  // In the URL, since pg lets a connection string's (absent) password override the option.
  const client = new pg.Client({
    ...(sourceConnectionString === undefined
      ? { user, password }
      : { connectionString: withLogin(sourceConnectionString, user, password) }),
    application_name: 'replctl import',
    connectionTimeoutMillis: 15_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return 'accepted';
  } catch (error) {
    return classifyLoginError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL with its user and password replaced (kept in memory only, never shown). */
export function withLogin(connectionString: string, user: string, password: string): string {
  const url = new URL(connectionString);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.searchParams.delete('user');
  url.searchParams.delete('password');
  return url.toString();
}
