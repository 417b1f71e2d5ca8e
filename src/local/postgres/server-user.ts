import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { LocalEnvironmentError } from '../local-error.js';

const run = promisify(execFile);

/** An OS account that the PostgreSQL server processes run as. */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** The dedicated account created when replctl runs as root; `REPLCTL_PG_USER` names another. */
export const DEFAULT_SERVER_USER = 'replctl-pg';

/**
 * PostgreSQL refuses to run as root. As root, returns the unprivileged account to run initdb,
 * pg_ctl and the server as, creating `replctl-pg` (a system account without login or home) when it
 * does not exist. Other users run the server as themselves: returns undefined.
 */
export async function serverUser(): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.REPLCTL_PG_USER || DEFAULT_SERVER_USER;
  const existing = await lookup(name);
  if (existing) return existing;
  if (name !== DEFAULT_SERVER_USER)
    throw new LocalEnvironmentError(`REPLCTL_PG_USER names ${name}, which does not exist`);
  // Parallel test workers may race here: useradd fails on an existing name or a locked /etc/passwd;
  // success is whatever `id` says afterwards.
  for (let attempt = 0; attempt < 10; attempt++) {
    await run(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name],
      {
        timeout: 30_000,
      },
    ).catch(() => undefined);
    const created = await lookup(name);
    if (created) return created;
    await new Promise((r) => setTimeout(r, 200 + attempt * 100));
  }
  throw new LocalEnvironmentError(
    `could not create the system user ${name} to run PostgreSQL as (useradd failed)`,
  );
}

/**
 * The account an existing cluster runs as (its state names it). Only root can act as another
 * account, so anyone else gets a clear error instead of pg_ctl's "permission denied".
 */
export async function existingServerUser(name: string | undefined): Promise<ServerUser | undefined> {
  if (name === undefined) return undefined;
  if (process.getuid?.() !== 0) {
    throw new LocalEnvironmentError(
      `this cluster runs as the OS user ${name} and was set up by root: run replctl as root`,
    );
  }
  const found = await lookup(name);
  if (!found)
    throw new LocalEnvironmentError(`the OS user ${name} that this cluster runs as no longer exists`);
  return found;
}

async function lookup(name: string): Promise<ServerUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Throws a clear error when `user` cannot reach `path` (for a directory: enter it), because some
 * ancestor lacks the search bit for it — e.g. a project under /root, which is 0700. Without this,
 * initdb fails with a bare "permission denied".
 */
export async function assertReachable(path: string, user: ServerUser): Promise<void> {
  for (let dir = dirname(path), prev = ''; dir !== prev; prev = dir, dir = dirname(dir)) {
    const s = await stat(dir);
    const bit = s.uid === user.uid ? 0o100 : s.gid === user.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) {
      throw new LocalEnvironmentError(
        `PostgreSQL runs as the unprivileged user ${user.name}, which cannot enter ${dir} ` +
          `(needed to reach ${path}); use a directory it can reach, or allow it with chmod o+x ${dir}`,
      );
    }
  }
}
