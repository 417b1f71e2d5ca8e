/**
 * `npm run demo`: the README's quick start. Brings up the local environment (a source PostgreSQL, an
 * RDS-like target and an RDS API endpoint, all on loopback), then plans and applies the repo's
 * changesets version by version exactly as a user would type it, and shows rows flowing from source
 * to target over the subscription.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pc from 'picocolors';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'replctl.js');
const say = (text: string) => console.log(`\n${pc.bold(pc.cyan(`== ${text}`))}`);

/** Runs `replctl …` with the terminal attached, so users see what they would see. */
function replctl(args: readonly string[], env: NodeJS.ProcessEnv = process.env, okCodes = [0]): number {
  console.log(pc.dim(`$ replctl ${args.join(' ')}`));
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'inherit' });
  const code = result.status ?? 1;
  if (!okCodes.includes(code)) {
    console.error(pc.red(`replctl ${args.join(' ')} exited with ${code}; the demo stops here.`));
    process.exit(code);
  }
  return code;
}

/** `replctl local env` prints `export NAME='value'` lines for a shell; read them into an env object. */
function localEnv(): NodeJS.ProcessEnv {
  const result = spawnSync(process.execPath, [bin, 'local', 'env'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`replctl local env failed:\n${result.stderr}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const line of result.stdout.split('\n')) {
    const m = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replaceAll(`'\\''`, "'");
  }
  return env;
}

async function showRowsFlowing(env: NodeJS.ProcessEnv): Promise<void> {
  const source = new pg.Client({ connectionString: env.SOURCE_DATABASE_URL });
  const targetUrl = new URL(env.TARGET_DATABASE_URL!);
  targetUrl.pathname = '/app';
  const target = new pg.Client({ connectionString: targetUrl.toString() });
  await Promise.all([source.connect(), target.connect()]);
  try {
    const { rows } = await source.query<{ id: string }>(
      `INSERT INTO public.users (id, email, name)
       SELECT coalesce(max(id), 0) + 1, 'demo-' || now()::text || '@example.com', 'Demo user' FROM public.users
       RETURNING id`,
    );
    const id = rows[0]!.id;
    console.log(`Inserted users.id=${id} on the source; waiting for it on the target…`);
    const started = Date.now();
    for (;;) {
      const found = await target.query('SELECT email FROM public.users WHERE id = $1', [id]);
      if (found.rowCount === 1) {
        console.log(pc.green(`users.id=${id} arrived on the target after ${Date.now() - started} ms.`));
        break;
      }
      if (Date.now() - started > 30_000) throw new Error('the row did not arrive within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const status = await source.query<{ application_name: string; state: string }>(
      'SELECT application_name, state FROM pg_stat_replication ORDER BY 1',
    );
    for (const r of status.rows) console.log(`walsender for ${r.application_name}: ${pc.bold(r.state)}`);
    for (const table of ['users', 'orders', 'order_items', '"Customer Notes"']) {
      const count = `SELECT count(*) AS n FROM public.${table}`;
      const s = await source.query<{ n: string }>(count);
      const d = await target.query<{ n: string }>(count);
      console.log(`${table}: source ${s.rows[0]!.n} rows, target ${d.rows[0]!.n} rows`);
    }
  } finally {
    await Promise.all([source.end(), target.end()]);
  }
}

say('1. Start the local environment (source, RDS-like target, RDS API endpoint)');
replctl(['local', 'up', '--fresh']);
const env = localEnv();

say('2. Validate the changesets');
replctl(['validate'], env);

for (const [version, note, flags] of [
  [
    1,
    'the whole runbook: settings + restart, role, grants, publication, RDS parameter group + reboot, target DB, tables, subscription',
    [],
  ],
  [2, 'one more table: grant, publication member, target table, REFRESH PUBLICATION', []],
  [
    3,
    'a member removed (destructive: needs --allow-destructive) and one added with a column list',
    ['--allow-destructive'],
  ],
  [4, 'a table whose name needs quoting', []],
] as const) {
  say(`3.${version} Apply changeset ${version}: ${note}`);
  console.log(pc.dim('apply prints its plan, then runs it step by step (--auto-approve skips the question)'));
  replctl(['apply', '--to', String(version), '--auto-approve', ...flags], env);
}

say('4. A second plan finds nothing to do');
replctl(['plan', '--detailed-exitcode'], env);

say('5. Rows inserted on the source appear on the target');
await showRowsFlowing(env);

say('6. The journal of runs');
replctl(['journal'], env);

console.log(
  `\n${pc.bold('Done.')} The environment keeps running: ${pc.cyan('eval "$(npx replctl local env)"')} to use it, ${pc.cyan('npx replctl local down')} to remove it.`,
);
