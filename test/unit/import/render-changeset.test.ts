import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../../src/changesets/json.js';
import { validateChangesetSources } from '../../../src/changesets/validate.js';
import { importHeader, sectionComments } from '../../../src/import/changeset-comments.js';
import { withoutDefaults } from '../../../src/import/defaults.js';
import { importedState } from '../../../src/import/imported-state.js';
import { renderChangeset } from '../../../src/import/render-changeset.js';
import { CONNECTION, HAND_BUILT_SELECTION, handBuiltDiscovery, handBuiltLive } from './hand-built.js';

function importedDocument(): JsonObject {
  const live = handBuiltLive();
  const { state } = importedState({
    live,
    discovery: handBuiltDiscovery(),
    selection: HAND_BUILT_SELECTION,
    connection: CONNECTION,
  });
  return {
    version: 1,
    description: 'Imported from environment local',
    ...(withoutDefaults(state, 160004) as JsonObject),
  };
}

function rendered(document: JsonObject): string {
  const live = handBuiltLive();
  const origin = {
    environment: 'local',
    at: new Date('2025-06-01T12:00:00Z'),
    sourceEndpoint: 'db.example:5432',
    targetEndpoint: 'replica.rds.example:5432',
    live,
    rds: { instance: 'reporting-replica', region: 'eu-west-1' },
  };
  return renderChangeset({
    document,
    schemaPath: '../schemas/changeset.schema.json',
    header: importHeader(origin),
    comments: sectionComments(document, origin),
  });
}

describe('renderChangeset: a changeset formatted for people', () => {
  it('reads back as the same document, and validates as changeset 1', () => {
    const document = importedDocument();
    const text = rendered(document);
    expect(parse(text)).toEqual(document);
    const { diagnostics } = validateChangesetSources([
      { file: '0001-imported.yaml', name: '0001-imported.yaml', text },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('starts with the modeline, says where each part came from, and orders keys as the reference does', () => {
    expect(
      rendered(importedDocument()),
    ).toBe(`# yaml-language-server: $schema=../schemas/changeset.schema.json
# Imported by replctl import from environment "local" on 2025-06-01T12:00:00.000Z:
# what was live then, so that replctl plan finds nothing to change. Later changes go in later
# changesets (a patch of this one each).
version: 1
description: Imported from environment local
# From the source: database app at db.example:5432 (PostgreSQL 16.4).
source:
  # As the source runs them (pg_settings).
  settings: { wal_level: logical, max_replication_slots: 10, max_wal_senders: 10 }
  # Replication roles. Passwords are references, never values:
  # env:REPLICATOR_PASSWORD for replicator must hold the current password.
  roles:
    replicator: { login: true, replication: true, password: { env: REPLICATOR_PASSWORD } }
  # Direct grants of those roles on the published tables (not through PUBLIC or membership).
  grants:
    replicator:
      connect: true
      usage: [ public ]
      select:
        public.orders: {}
        public.users: {}
  # Members as stored (pg_publication_rel); row filters as PostgreSQL prints them.
  publications:
    my_publication:
      publish: [ insert, update, delete, truncate ]
      tables:
        public.orders: { columns: [ id, user_id, total ], where: total > (100)::numeric }
        public.users: {}
# From the target: database app at replica.rds.example:5432 (PostgreSQL 16.4).
target:
  database: app
  # Attached to RDS instance reporting-replica (eu-west-1); the parameters a user set.
  parameterGroup:
    name: logical-replication-pg
    family: postgres16
    description: Parameter group for logical replication
    parameters:
      max_logical_replication_workers: 10
      max_worker_processes: 20
      rds.logical_replication: 1
  # from: source where the target table has exactly the published source columns, else its columns.
  tables:
    public.orders:
      columns:
        id: { type: bigint, notNull: true }
        user_id: { type: bigint, notNull: true }
        total: { type: "numeric(10,2)", notNull: false }
        loaded_at: { type: timestamp with time zone, notNull: false }
      primaryKey: [ id ]
    public.users: { from: source }
  # Their connection is the environment's subscriptionConnection (replctl.yaml); options at
  # PostgreSQL's defaults are left out.
  subscriptions:
    my_subscription: { publications: [ my_publication ], enabled: true, options: { binary: true } }
`);
  });

  it('quotes what YAML would read otherwise, so names and filters survive', () => {
    const document: JsonObject = {
      version: 1,
      description: 'x: y',
      source: {
        publications: {
          p: { tables: { '"My Schema"."Order #1"': { where: "note = 'a: b' AND x IS NOT NULL" } } },
        },
        settings: { 'rds.force_ssl': 'on', search_path: '"$user", public' },
      },
    };
    expect(parse(rendered(document))).toEqual(document);
  });
});
