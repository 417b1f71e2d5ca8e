/**
 * The journal's own schema history (design §5), as ordered SQL: migration N brings the journal from
 * version N-1 to N. Never edit a released migration; append a new one. Each takes the quoted schema.
 */
export const journalMigrations: readonly ((schema: string) => string)[] = [
  (s) => `
CREATE TABLE ${s}.runs (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('apply', 'rollback')),
  environment text NOT NULL,
  started_by text NOT NULL,
  host text NOT NULL,
  git_commit text,
  ci_url text,
  tool_version text NOT NULL,
  target_version integer NOT NULL,
  plan_hash text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'stopped', 'crashed')),
  error text
);
CREATE INDEX runs_environment_started_at ON ${s}.runs (environment, started_at DESC);

-- One row per step and run; status moves intent -> done | failed | stopped, or is skipped outright.
CREATE TABLE ${s}.steps (
  run_id uuid NOT NULL REFERENCES ${s}.runs (id) ON DELETE CASCADE,
  step_id text NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL,
  endpoint text NOT NULL,
  summary text NOT NULL,
  statement text,
  status text NOT NULL CHECK (status IN ('intent', 'done', 'failed', 'skipped', 'stopped')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  note text,
  error text,
  PRIMARY KEY (run_id, step_id)
);

CREATE TABLE ${s}.applied_changesets (
  environment text NOT NULL,
  version integer NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL,
  run_id uuid NOT NULL REFERENCES ${s}.runs (id),
  PRIMARY KEY (environment, version)
);

-- For display only: the advisory lock is what serializes runs; this says who holds it.
CREATE TABLE ${s}.lock_holder (
  environment text PRIMARY KEY,
  run_id uuid NOT NULL,
  started_by text NOT NULL,
  host text NOT NULL,
  ci_url text,
  since timestamptz NOT NULL
);
`,
];

export const JOURNAL_SCHEMA_VERSION = journalMigrations.length;
