/**
 * The hostile-input corpus of hostile-input.test.ts: each case is the valid project in
 * test/fixtures/hostile/base with files added, replaced or linked, says what it attacks, and which
 * error it must end in: the file and line (`at`), and what the message says. Every case must be
 * refused by `plan` and `apply` before any connection; `validate` reads only files, so it accepts
 * the few cases that only resolving a reference can refuse (`validate: 'accepts'`).
 */

/** A file of a case: text, bytes, a symbolic link (to a path outside the project), or removed. */
export type CaseFile = string | Buffer | { readonly symlinkTo: string } | null;

export interface HostileCase {
  readonly name: string;
  readonly attacks: string;
  /** Relative path → content, over the base project. */
  readonly files: Readonly<Record<string, CaseFile>>;
  /** Variables over the base environment; undefined removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `file:line` of the problem, when it is a file's. */
  readonly at?: string;
  readonly says: RegExp;
  readonly validate?: 'refuses' | 'accepts';
  /** A secret the case writes somewhere: no output may show it. */
  readonly secret?: string;
}

const PATCH = 'changesets/0002-hostile.yaml';
const CONFIG = 'replctl.yaml';

/** Changeset 2 with `body` after its version and description: body line N is file line N + 2. */
function patch(body: string): Record<string, string> {
  return { [PATCH]: `version: 2\ndescription: hostile\n${body}` };
}
/** `file:line` of body line N of the patch. */
const patchLine = (n: number) => `${PATCH}:${n + 2}`;

/** replctl.yaml whose local environment is `environment` (YAML lines indented four spaces). */
function config(environment: string, top = 'changesets: changesets\n'): Record<string, string> {
  return { [CONFIG]: `${top}environments:\n  local:\n${environment}` };
}
const SOURCE = '    source: { url: { env: SOURCE_DATABASE_URL }, restart: manual }\n';
const TARGET = '    target: { url: { env: TARGET_DATABASE_URL }, rds: { instance: reporting-replica } }\n';
const SUBSCRIPTION = (password: string) =>
  `    subscriptionConnection: { host: 127.0.0.1, port: { env: SOURCE_PORT }, dbname: app, user: replicator, password: ${password} }\n`;
const FULL_ENVIRONMENT = SOURCE + TARGET + SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }');

const billionLaughs = [
  'lint:',
  '  waive:',
  '    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: 8 }, (_, i) => {
    const [from, to] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
    return `    ${to}: &${to} [*${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}]`;
  }),
].join('\n');

const deepBlock = (() => {
  let text = 'lint:\n  waive:\n';
  let indent = '    ';
  for (let i = 0; i < 1200; i++) {
    text += `${indent}k:\n`;
    indent += ' ';
  }
  return `${text}${indent}x: 1\n`;
})();

export const hostileCases: readonly HostileCase[] = [
  // YAML that costs more than it looks, or is ambiguous.
  {
    name: 'billion-laughs',
    attacks: 'nine levels of aliases: 9^9 strings from a few hundred bytes',
    files: patch(billionLaughs),
    at: patchLine(4),
    says: /expected a value written out, but got the alias \*a/,
  },
  {
    name: 'scalar-alias',
    attacks: 'an anchored scalar reused elsewhere (an alias where a value is expected)',
    files: patch('source:\n  roles:\n    replicator: { login: &t true, replication: *t }\n'),
    at: patchLine(3),
    says: /alias \*t/,
  },
  {
    name: 'merge-key-alias',
    attacks: 'a YAML 1.1 merge key `<<: *base` pulling a map in by alias',
    files: patch(
      'source:\n  roles:\n    base: &base { login: true }\n    other: { <<: *base, replication: true }\n',
    ),
    at: patchLine(4),
    says: /alias \*base/,
  },
  {
    name: 'merge-key-inline',
    attacks: 'a merge key without an alias: YAML 1.2 reads `<<` as an ordinary key',
    files: patch('source:\n  roles:\n    replicator: { <<: { login: false } }\n'),
    at: patchLine(3),
    says: /unknown key "<<"/,
  },
  {
    name: 'oversized-changeset',
    attacks: 'a changeset over 1 MiB (comments only: cheap to write, costly to parse)',
    files: {
      [PATCH]: `version: 2\ndescription: big\n${'# padding padding padding padding\n'.repeat(33_000)}`,
    },
    at: `${PATCH}:1`,
    says: /expected a file of at most 1 MiB/,
  },
  {
    name: 'oversized-config',
    attacks: 'a replctl.yaml over 1 MiB',
    files: { [CONFIG]: `${'# padding padding padding padding\n'.repeat(33_000)}environments: {}\n` },
    at: `${CONFIG}:1`,
    says: /expected a file of at most 1 MiB/,
  },
  {
    name: 'deep-flow-nesting',
    attacks: '200,000 nested flow lists: a parser that recurses per level runs out of stack',
    files: patch(`lint: { waive: { x: ${'['.repeat(200_000)}${']'.repeat(200_000)} } }\n`),
    at: patchLine(1),
    says: /expected a document nested at most a few hundred levels deep/,
  },
  {
    name: 'deep-block-nesting',
    attacks: '1,200 levels of indented maps',
    files: patch(deepBlock),
    says: /expected a document nested at most a few hundred levels deep/,
  },
  {
    name: 'megabyte-name',
    attacks: 'a 900 KB table name: the error must not echo it whole',
    files: patch(`target:\n  tables:\n    public.${'x'.repeat(900_000)}: { from: source }\n`),
    at: patchLine(3),
    says: /expected a key of at most 1024 characters \(a name is at most 63 bytes\), but got a longer one/,
  },
  {
    name: 'duplicate-key-config',
    attacks: 'the same environment twice in replctl.yaml (which one wins?)',
    files: config(`${FULL_ENVIRONMENT}  local:\n${FULL_ENVIRONMENT}`),
    at: `${CONFIG}:7`,
    says: /expected each key once in a map, but got "local" again/,
  },
  {
    name: 'duplicate-key-role',
    attacks: 'a role written twice with different privileges',
    files: patch(
      'source:\n  roles:\n    replicator: { login: true }\n    replicator: { login: true, replication: false }\n',
    ),
    at: patchLine(4),
    says: /"replicator" again/,
  },
  {
    name: 'tag-python-object',
    attacks: 'a PyYAML object tag that runs a command in unsafe loaders',
    files: patch('description2: !!python/object/apply:os.system ["touch /tmp/pwned"]\n'),
    at: patchLine(1),
    says: /expected plain YAML values, but got a tag/,
  },
  {
    name: 'tag-js-function',
    attacks: "js-yaml's old !!js/function tag",
    files: patch('lint: { waive: { x: { y: !!js/function "function () { return 1 }" } } }\n'),
    at: patchLine(1),
    says: /but got a tag/,
  },
  {
    name: 'tag-binary',
    attacks: 'a YAML 1.1 !!binary value where text is expected',
    files: patch('description: !!binary aGVsbG8=\n'),
    says: /tag|expected/,
  },
  {
    name: 'raw-nul-byte',
    attacks: 'a NUL byte in a description (C strings end there; PostgreSQL text cannot hold it)',
    files: { [PATCH]: Buffer.from('version: 2\ndescription: "before\0after"\n') },
    at: `${PATCH}:2`,
    says: /NUL/,
  },
  {
    name: 'escaped-nul-in-role',
    attacks: 'a role name cut short by an escaped NUL ("rep\\0 ..." would become "rep")',
    files: patch('source:\n  roles:\n    "rep\\0licator": { login: true }\n'),
    at: patchLine(3),
    says: /NUL/,
  },
  {
    name: 'invalid-utf8',
    attacks: 'bytes that are not UTF-8 in a table name (silently becoming U+FFFD)',
    files: {
      [PATCH]: Buffer.concat([
        Buffer.from('version: 2\ndescription: bytes\ntarget:\n  tables:\n    public.us'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('rs: { from: source }\n'),
      ]),
    },
    at: `${PATCH}:5`,
    says: /expected UTF-8 text/,
  },
  {
    name: 'second-document',
    attacks: 'a second YAML document after `---` that a reviewer may not scroll to',
    files: patch('---\nversion: 2\ndescription: the real one\n'),
    at: patchLine(1),
    says: /expected one YAML document per file/,
  },
  {
    name: 'top-level-list',
    attacks: 'a list where a changeset map is expected',
    files: { [PATCH]: '- version: 2\n- description: list\n' },
    at: `${PATCH}:1`,
    says: /expected a changeset/,
  },
  {
    name: 'top-level-scalar',
    attacks: 'a bare number as the whole changeset',
    files: { [PATCH]: '42\n' },
    at: `${PATCH}:1`,
    says: /expected a changeset/,
  },
  {
    name: 'empty-changeset-file',
    attacks: 'an empty file in the changesets folder',
    files: { [PATCH]: '' },
    says: /expected/,
  },
  // Wrong types.
  {
    name: 'yaml11-boolean',
    attacks: '`login: yes` (true in YAML 1.1, the text "yes" in 1.2)',
    files: patch('source:\n  roles:\n    replicator: { login: yes }\n'),
    at: patchLine(3),
    says: /expected .*(true|boolean).*but got/,
  },
  {
    name: 'infinite-number',
    attacks: 'a number no JSON or PostgreSQL integer holds (1e400 is Infinity)',
    files: patch('source:\n  roles:\n    replicator: { connectionLimit: 1e400 }\n'),
    at: patchLine(3),
    says: /expected a finite number/,
  },
  {
    name: 'version-as-text',
    attacks: 'version "2" as text',
    files: { [PATCH]: 'version: "2"\ndescription: text version\n' },
    at: `${PATCH}:1`,
    says: /expected a positive integer/,
  },
  {
    name: 'version-fraction',
    attacks: 'version 2.5',
    files: { [PATCH]: 'version: 2.5\ndescription: fraction\n' },
    at: `${PATCH}:1`,
    says: /expected a positive integer/,
  },
  {
    name: 'version-gap',
    attacks: 'changeset 3 without a changeset 2 (a version skipped)',
    files: { 'changesets/0003-skip.yaml': 'version: 3\ndescription: skip\n' },
    says: /version|0003/,
  },
  {
    name: 'version-duplicate',
    attacks: 'two files claiming version 2 (which one applies?)',
    files: {
      'changesets/0002-a.yaml': 'version: 2\ndescription: a\n',
      'changesets/0002-b.yaml': 'version: 2\ndescription: b\n',
    },
    says: /version 2|0002/,
  },
  {
    name: 'version-not-file-number',
    attacks: 'file 0002 claiming version 1 (replaying the first changeset)',
    files: { [PATCH]: 'version: 1\ndescription: replay\n' },
    at: `${PATCH}:1`,
    says: /version/,
  },
  {
    name: 'publications-as-list',
    attacks: 'a list where the publications map is expected',
    files: patch('source:\n  publications: [my_publication]\n'),
    at: patchLine(2),
    says: /expected a map of publications/,
  },
  {
    name: 'publish-as-text',
    attacks: '`publish: insert, delete` as one string',
    files: patch('source:\n  publications:\n    my_publication: { publish: "insert, delete" }\n'),
    at: patchLine(3),
    says: /expected a list of operations/,
  },
  {
    name: 'enabled-as-text',
    attacks: '`enabled: "false"` (a non-empty string is truthy)',
    files: patch('target:\n  subscriptions:\n    my_subscription: { enabled: "false" }\n'),
    at: patchLine(3),
    says: /expected true or false, but got text "false"/,
  },
  // SQL injection in every field that names an object: the payloads PostgreSQL could not hold
  // as one name (a name with only quotes and semicolons is legal, quoted, and covered end to
  // end by unusual-identifiers.test.ts).
  {
    name: 'inject-table-unbalanced-quote',
    attacks: 'a table key that closes its quote early: public."users; DROP TABLE public.orders; --',
    files: patch(
      "source:\n  grants:\n    replicator:\n      select: { 'public.\"users; DROP TABLE public.orders; --': {} }\n",
    ),
    at: patchLine(4),
    says: /expected a schema-qualified table name/,
  },
  {
    name: 'inject-table-three-parts',
    attacks: 'a table key smuggling a statement through dots: public.users; DROP TABLE public.orders',
    files: patch('target:\n  tables:\n    "public.users; DROP TABLE public.orders": { from: source }\n'),
    at: patchLine(3),
    says: /expected a schema-qualified table name/,
  },
  {
    name: 'inject-column-newline',
    attacks: 'a published column name with a line break (forges a plan line)',
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.users: { columns: ["id\\n  - DROP TABLE public.users"] } }\n',
    ),
    at: patchLine(4),
    says: /control or text-direction characters.*U\+000A/,
  },
  {
    name: 'inject-schema-nul',
    attacks: 'a USAGE schema cut short by NUL',
    files: patch(
      'source:\n  grants:\n    replicator: { usage: ["public\\0; DROP SCHEMA public CASCADE"] }\n',
    ),
    at: patchLine(3),
    says: /NUL/,
  },
  {
    name: 'inject-role-newline',
    attacks: 'a role name with a line break and a GRANT after it',
    files: patch('source:\n  roles:\n    "evil\\nGRANT pg_write_server_files TO evil": { login: true }\n'),
    at: patchLine(3),
    says: /U\+000A/,
  },
  {
    name: 'inject-publication-truncation',
    attacks: 'a 64-byte publication name that PostgreSQL would truncate onto another',
    files: patch(
      `source:\n  publications:\n    ${'my_publication_'.padEnd(64, 'x')}: { tables: { public.users: {} } }\n`,
    ),
    at: patchLine(3),
    says: /at most 63 bytes \(UTF-8\), but got 64 bytes/,
  },
  {
    name: 'inject-subscription-bidi',
    attacks: 'a subscription name with a right-to-left override (reads differently in review)',
    files: patch(
      'target:\n  subscriptions:\n    "my_sub\\u202Enoitpircsbus": { publications: [my_publication] }\n',
    ),
    at: patchLine(3),
    says: /U\+202E/,
  },
  {
    name: 'inject-database-newline',
    attacks: 'a target database name with a line break and a DROP DATABASE',
    files: patch('target:\n  database: "app\\nDROP DATABASE postgres"\n'),
    at: patchLine(2),
    says: /U\+000A/,
  },
  {
    name: 'inject-target-column-escape',
    attacks:
      'a target column name with a terminal escape sequence (clears the screen of whoever reads the plan)',
    files: patch(
      'target:\n  tables:\n    public.audit: { columns: { "id\\e[2J\\e[H": { type: bigint } } }\n',
    ),
    at: patchLine(3),
    says: /U\+001B/,
  },
  {
    name: 'inject-primary-key-nul',
    attacks: 'a primary key column cut short by NUL',
    files: patch(
      'target:\n  tables:\n    public.audit: { columns: { id: { type: bigint } }, primaryKey: ["id\\0, evil"] }\n',
    ),
    at: patchLine(3),
    says: /NUL/,
  },
  {
    name: 'inject-subscription-publication-64-bytes',
    attacks: 'a subscribed publication name of 64 bytes in two-byte letters (truncation)',
    files: patch(`target:\n  subscriptions:\n    my_subscription: { publications: [${'é'.repeat(32)}] }\n`),
    at: patchLine(3),
    says: /but got 64 bytes/,
  },
  {
    name: 'inject-grantee-carriage-return',
    attacks: 'a grantee with a carriage return (overwrites the line on a terminal)',
    files: patch('source:\n  grants:\n    "replicator\\rpostgres": { connect: true }\n'),
    at: patchLine(3),
    says: /U\+000D/,
  },
  {
    name: 'inject-published-schema-bidi',
    attacks: 'a FOR TABLES IN SCHEMA name with an invisible left-to-right isolate',
    files: patch('source:\n  publications:\n    my_publication: { schemas: { "pub\\u2066lic": {} } }\n'),
    at: patchLine(3),
    says: /U\+2066/,
  },
  {
    name: 'inject-setting-name',
    attacks: 'a setting name carrying a second statement',
    files: patch('source:\n  settings: { "wal_level = logical; DROP TABLE public.users; --": x }\n'),
    at: patchLine(2),
    says: /expected a parameter name such as wal_level/,
  },
  {
    name: 'inject-setting-value-newline',
    attacks: 'a setting value with a line break: a second line in postgresql.auto.conf',
    files: patch('source:\n  settings: { wal_level: "logical\\nshared_preload_libraries = \'evil\'" }\n'),
    at: patchLine(2),
    says: /expected a setting value on one line.*U\+000A/,
  },
  {
    name: 'inject-rds-parameter-name',
    attacks: 'an RDS parameter name carrying more parameters',
    files: patch(
      'target:\n  parameterGroup:\n    parameters: { "rds.logical_replication&Parameters.member.2.ParameterName=x": 1 }\n',
    ),
    at: patchLine(3),
    says: /expected a parameter name/,
  },
  {
    name: 'inject-rds-parameter-value-newline',
    attacks: 'an RDS parameter value with a line break',
    files: patch('target:\n  parameterGroup:\n    parameters: { max_worker_processes: "20\\n30" }\n'),
    at: patchLine(3),
    says: /U\+000A/,
  },
  {
    name: 'inject-parameter-group-name',
    attacks: 'a parameter group name with shell and SQL metacharacters',
    files: patch('target:\n  parameterGroup: { name: "lr-pg; rm -rf /", family: postgres17 }\n'),
    at: patchLine(2),
    says: /expected a parameter group name/,
  },
  {
    name: 'inject-parameter-group-family',
    attacks: "a family with a quote and a comment: postgres17'--",
    files: patch('target:\n  parameterGroup: { name: lr-pg, family: "postgres17\'--" }\n'),
    at: patchLine(2),
    says: /expected a family postgresNN/,
  },
  {
    name: 'inject-subscription-option-name',
    attacks: 'an option name that writes two options: "copy_data = false, connect"',
    files: patch(
      'target:\n  subscriptions:\n    my_subscription: { options: { "copy_data = false, connect": false } }\n',
    ),
    at: patchLine(3),
    says: /expected a subscription option/,
  },
  {
    name: 'inject-subscription-option-value',
    attacks: 'a slot_name value with a line break',
    files: patch('target:\n  subscriptions:\n    my_subscription: { options: { slot_name: "s\\nx" } }\n'),
    at: patchLine(3),
    says: /U\+000A/,
  },
  {
    name: 'inject-row-filter-close-paren',
    attacks: 'a row filter that closes WHERE ( and runs DROP TABLE on the source',
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.users: { where: "true); DROP TABLE public.users; --" } }\n',
    ),
    at: patchLine(4),
    says: /expected a row filter that is one SQL expression, but got a "\)" that closes more/,
  },
  {
    name: 'inject-row-filter-semicolon',
    attacks: 'a row filter with a second statement inside balanced parentheses',
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.users: { where: "(true); (SELECT pg_sleep(1000))" } }\n',
    ),
    at: patchLine(4),
    says: /";" \(a second statement\)/,
  },
  {
    name: 'inject-row-filter-comment',
    attacks: 'a row filter whose comment swallows the closing parenthesis',
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.users: { where: "id > 0 --" } }\n',
    ),
    at: patchLine(4),
    says: /a comment/,
  },
  {
    name: 'inject-row-filter-escape-string',
    attacks: "an E'' string whose backslash-quote hides the end of the string from a naive scanner",
    files: patch(
      "source:\n  publications:\n    my_publication:\n      tables: { public.users: { where: \"email = E'\\\\\\\\'' ) ; DROP TABLE public.users; --'\" } }\n",
    ),
    at: patchLine(4),
    says: /backslash/,
  },
  {
    name: 'inject-row-filter-dollar-quote',
    attacks: 'a dollar-quoted string, which a quote-aware scanner does not see',
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.users: { where: "email = $x$ ) ; DROP TABLE public.users; --$x$" } }\n',
    ),
    at: patchLine(4),
    says: /dollar-quoted/,
  },
  {
    name: 'inject-column-type',
    attacks: 'a target column type that ends CREATE TABLE and drops a table',
    files: patch(
      'target:\n  tables:\n    public.audit: { columns: { id: { type: "bigint); DROP TABLE public.users; --" } } }\n',
    ),
    at: patchLine(3),
    says: /expected a type name such as bigint/,
  },
  {
    name: 'inject-column-type-default',
    attacks: 'a column type carrying a DEFAULT that calls a function',
    files: patch(
      'target:\n  tables:\n    public.audit: { columns: { id: { type: "text DEFAULT pg_read_file(\'/etc/passwd\')" } } }\n',
    ),
    at: patchLine(3),
    says: /expected a type name/,
  },
  {
    name: 'inject-row-filter-dollar-quote-unicode-tag',
    attacks:
      "a dollar quote tagged with a non-ASCII letter: PostgreSQL reads $é$'$é$ as a string, the rest as SQL",
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.users: { where: "$é$\'$é$ IS NOT NULL); DROP TABLE public.users; --\'" } }\n',
    ),
    at: patchLine(4),
    says: /dollar-quoted/,
  },
  {
    name: 'inject-column-type-default-with-digits',
    attacks: 'a column type whose DEFAULT calls a function with only digits in its parentheses',
    files: patch(
      'target:\n  tables:\n    public.audit: { columns: { id: { type: "integer DEFAULT pg_terminate_backend(12345)" } } }\n',
    ),
    at: patchLine(3),
    says: /expected a type name/,
  },
  {
    name: 'subscription-name-not-a-slot-name',
    attacks: 'a legal subscription name that cannot name its replication slot (apply would stop halfway)',
    files: patch(
      'target:\n  subscriptions:\n    my_subscription: null\n    "My Subscription": { publications: [my_publication] }\n',
    ),
    at: patchLine(4),
    says: /expected subscription "My Subscription" to have options\.slot_name/,
  },
  // Look-alike names: each is a legal name, but not the one it looks like.
  {
    name: 'confusable-cyrillic-table',
    attacks: 'public.usеrs with a Cyrillic е published while the grant names public.users',
    files: patch(
      'source:\n  publications:\n    my_publication:\n      tables: { public.usеrs: {} }\ntarget:\n  tables:\n    public.usеrs: { from: source }\n',
    ),
    says: /expected a SELECT grant on public\.usеrs/,
  },
  {
    name: 'confusable-zero-width-publication',
    attacks: 'a subscription naming my_publication followed by a zero-width space',
    files: patch(
      'target:\n  subscriptions:\n    my_subscription: { publications: ["my_publication\\u200B"] }\n',
    ),
    says: /expected a publication defined in source\.publications/,
  },
  // Secrets written where references belong, and references that reach out of the project.
  {
    name: 'secret-literal-password',
    attacks: 'a password literal in a changeset',
    files: patch('source:\n  roles:\n    replicator: { password: hunter2-LITERAL }\n'),
    at: patchLine(3),
    says: /secrets are never written literally/,
    secret: 'hunter2-LITERAL',
  },
  {
    name: 'secret-value-object',
    attacks: 'a password as { value: ... } instead of a reference',
    files: patch('source:\n  roles:\n    replicator: { password: { value: hunter2-OBJECT } }\n'),
    at: patchLine(3),
    says: /expected one of env, file, but got unknown key "value"/,
    secret: 'hunter2-OBJECT',
  },
  {
    name: 'secret-url-literal',
    attacks: 'a source URL with its password written in replctl.yaml',
    files: config(
      `    source: { url: "postgresql://admin:hunter2-URL@127.0.0.1:1/app", restart: manual }\n${TARGET}${SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }')}`,
    ),
    at: `${CONFIG}:4`,
    says: /expected the URL as a reference \{ env: NAME \} or \{ file: PATH \} because it holds a password/,
    secret: 'hunter2-URL',
  },
  {
    name: 'secret-subscription-password-literal',
    attacks: "the subscription connection's password written in replctl.yaml",
    files: config(SOURCE + TARGET + SUBSCRIPTION('hunter2-CONN')),
    at: `${CONFIG}:6`,
    says: /expected/,
    secret: 'hunter2-CONN',
  },
  {
    name: 'env-name-shell',
    attacks: 'an env reference whose name is a shell command',
    files: patch(
      'source:\n  roles:\n    replicator: { password: { env: "REPLICATOR_PASSWORD; cat /etc/shadow" } }\n',
    ),
    at: patchLine(3),
    says: /expected an environment variable name/,
  },
  {
    name: 'env-name-empty',
    attacks: 'an env reference with an empty name',
    files: patch('source:\n  roles:\n    replicator: { password: { env: "" } }\n'),
    at: patchLine(3),
    says: /expected an environment variable name/,
  },
  {
    name: 'env-name-assignment',
    attacks: 'an env reference that assigns: A=B',
    files: config(
      `    source: { url: { env: "SOURCE_DATABASE_URL=postgresql://x" }, restart: manual }\n${TARGET}${SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }')}`,
    ),
    at: `${CONFIG}:4`,
    says: /expected/,
  },
  {
    name: 'env-name-unicode',
    attacks: 'an env reference with a look-alike letter (PАSSWORD with a Cyrillic А)',
    files: patch('source:\n  roles:\n    replicator: { password: { env: "PАSSWORD" } }\n'),
    at: patchLine(3),
    says: /expected an environment variable name/,
  },
  {
    name: 'env-unset-role-password',
    attacks: 'a role password from a variable that is not set: found only when resolved',
    files: patch('source:\n  roles:\n    replicator: { password: { env: HOSTILE_UNSET_PASSWORD } }\n'),
    at: patchLine(3),
    says: /expected environment variable HOSTILE_UNSET_PASSWORD to be set, but it is not/,
    validate: 'accepts',
  },
  {
    name: 'env-unset-source-url',
    attacks: 'a source URL variable that is not set (libpq would fall back to PG* defaults)',
    files: {},
    env: { SOURCE_DATABASE_URL: undefined },
    at: `${CONFIG}:7`,
    says: /expected environment variable SOURCE_DATABASE_URL to be set/,
    validate: 'accepts',
  },
  {
    name: 'env-url-not-postgres',
    attacks: 'a target URL variable holding something else than a postgresql:// URL',
    files: {},
    env: { TARGET_DATABASE_URL: 'http://127.0.0.1:1/?password=hunter2-HTTP' },
    at: `${CONFIG}:10`,
    says: /expected env:TARGET_DATABASE_URL to hold a postgresql:\/\/ URL, but it holds something else/,
    validate: 'accepts',
    secret: 'hunter2-HTTP',
  },
  {
    name: 'env-port-injection',
    attacks: 'a subscription port variable holding conninfo: "5432 password=x"',
    files: {},
    env: { SOURCE_PORT: '5432 host=evil.example password=x' },
    at: `${CONFIG}:14`,
    says: /to hold a port number from 1 to 65535/,
    validate: 'accepts',
  },
  {
    name: 'file-traversal',
    attacks: 'a { file } secret climbing out of the project: ../../../etc/passwd',
    files: patch('source:\n  roles:\n    replicator: { password: { file: ../../../etc/passwd } }\n'),
    at: patchLine(3),
    says: /expected a path inside the project directory/,
  },
  {
    name: 'file-traversal-inner',
    attacks: 'a { file } secret that climbs out after going in: secrets/../../../etc/passwd',
    files: patch('source:\n  roles:\n    replicator: { password: { file: secrets/../../../etc/passwd } }\n'),
    at: patchLine(3),
    says: /which leaves it through "\.\."/,
  },
  {
    name: 'file-absolute',
    attacks: 'a { file } secret at an absolute path: /etc/shadow',
    files: patch('source:\n  roles:\n    replicator: { password: { file: /etc/shadow } }\n'),
    at: patchLine(3),
    says: /expected a path relative to the project directory, but got the absolute path/,
  },
  {
    name: 'file-home',
    attacks: 'a { file } secret in the home directory: ~/.pgpass',
    files: patch('source:\n  roles:\n    replicator: { password: { file: ~/.pgpass } }\n'),
    at: patchLine(3),
    says: /absolute path/,
  },
  {
    name: 'file-windows-drive',
    attacks: 'a { file } secret on a Windows drive with backslashes',
    files: patch(
      'source:\n  roles:\n    replicator: { password: { file: "C:\\\\Users\\\\admin\\\\secret.txt" } }\n',
    ),
    at: patchLine(3),
    says: /absolute path/,
  },
  {
    name: 'file-backslash-traversal',
    attacks: 'a { file } secret climbing out with backslashes: ..\\..\\etc\\passwd',
    files: patch('source:\n  roles:\n    replicator: { password: { file: "..\\\\..\\\\etc\\\\passwd" } }\n'),
    at: patchLine(3),
    says: /leaves it through "\.\."/,
  },
  {
    name: 'file-nul',
    attacks: 'a { file } secret path cut short by NUL: secret.txt\\0/../../etc/passwd',
    files: patch(
      'source:\n  roles:\n    replicator: { password: { file: "secret.txt\\0/../../etc/passwd" } }\n',
    ),
    at: patchLine(3),
    says: /NUL/,
  },
  {
    name: 'file-symlink-out-role',
    attacks: 'a { file } secret inside the project that is a symlink to /etc/hostname',
    files: {
      ...patch('source:\n  roles:\n    reader: { login: true, password: { file: secrets/reader } }\n'),
      'secrets/reader': { symlinkTo: '/etc/hostname' },
    },
    at: patchLine(3),
    says: /expected file secrets\/reader inside the project directory, but it links to a file outside it/,
    validate: 'accepts',
  },
  {
    name: 'file-symlink-out-connection',
    attacks: "the subscription connection's { file } password as a symlink out of the project",
    files: {
      ...config(SOURCE + TARGET + SUBSCRIPTION('{ file: secrets/connection }')),
      'secrets/connection': { symlinkTo: '/etc/hostname' },
    },
    says: /expected file secrets\/connection inside the project directory, but it links to a file outside it/,
    validate: 'accepts',
  },
  {
    name: 'file-symlink-out-url',
    attacks: 'the source URL as a { file } that links out of the project',
    files: {
      ...config(
        `    source: { url: { file: secrets/url }, restart: manual }\n${TARGET}${SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }')}`,
      ),
      'secrets/url': { symlinkTo: '/etc/hostname' },
    },
    at: `${CONFIG}:4`,
    says: /links to a file outside it/,
    validate: 'accepts',
  },
  {
    name: 'file-url-traversal',
    attacks: 'the target URL as a { file } climbing out of the project',
    files: config(
      `${SOURCE}    target: { url: { file: ../../etc/passwd } }\n${SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }')}`,
    ),
    at: `${CONFIG}:5`,
    says: /expected a path inside the project directory/,
  },
  {
    name: 'changesets-folder-traversal',
    attacks: 'a changesets folder outside the project: ../../etc',
    files: config(FULL_ENVIRONMENT, 'changesets: ../../etc\n'),
    at: `${CONFIG}:1`,
    says: /expected a path inside the project directory/,
  },
  {
    name: 'changesets-folder-absolute',
    attacks: 'a changesets folder at an absolute path: /etc',
    files: config(FULL_ENVIRONMENT, 'changesets: /etc\n'),
    at: `${CONFIG}:1`,
    says: /absolute path/,
  },
  {
    name: 'environment-name-injection',
    attacks: 'an environment name with shell metacharacters',
    files: { [CONFIG]: `changesets: changesets\nenvironments:\n  "local; rm -rf /":\n${FULL_ENVIRONMENT}` },
    at: `${CONFIG}:3`,
    says: /expected/,
  },
  {
    name: 'environments-as-list',
    attacks: 'environments as a list',
    files: { [CONFIG]: 'changesets: changesets\nenvironments:\n  - local\n' },
    at: `${CONFIG}:3`,
    says: /expected/,
  },
  {
    name: 'restart-command-wrong-type',
    attacks: 'a restart command given as a list (argv splitting differs by shell)',
    files: config(
      `    source: { url: { env: SOURCE_DATABASE_URL }, restart: { command: [sh, -c, "reboot"] } }\n${TARGET}${SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }')}`,
    ),
    at: `${CONFIG}:4`,
    says: /expected/,
  },
  {
    name: 'journal-schema-nul',
    attacks: 'a journal schema name with NUL',
    files: config(
      `${SOURCE}    target: { url: { env: TARGET_DATABASE_URL }, journalSchema: "replctl\\0; DROP SCHEMA public" }\n${SUBSCRIPTION('{ env: REPLICATOR_PASSWORD }')}`,
    ),
    at: `${CONFIG}:5`,
    says: /NUL/,
  },
];
