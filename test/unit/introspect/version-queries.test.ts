import { describe, expect, it } from 'vitest';
import { FILE_SETTINGS_READABLE, settingsQuery } from '../../../src/introspect/settings-catalog.js';
import {
  GRANTS_QUERY,
  hbaQuery,
  publicationMembersQuery,
  publicationsQuery,
  ROLES_QUERY,
  SOURCE_SERVER_QUERY,
  slotsQuery,
} from '../../../src/introspect/source-queries.js';
import { TABLES_QUERY } from '../../../src/introspect/table-catalog.js';
import {
  SCHEMAS_QUERY,
  SUBSCRIPTION_OPTION_COLUMNS,
  SUBSCRIPTION_TABLES_QUERY,
  subscriptionOptionColumns,
  subscriptionsQuery,
  TARGET_SERVER_QUERY,
} from '../../../src/introspect/target-queries.js';

const VERSIONS = [120022, 130018, 140015, 150010, 160006, 170002, 180001] as const;
/** Every pg_subscription column but subconninfo: what a superuser (or anyone on 14+) reads. */
const ALL_COLUMNS = [...new Set(SUBSCRIPTION_OPTION_COLUMNS.map((c) => c.column))];
/** What PUBLIC may read on 12 and 13. */
const PUBLIC_ON_12 = ['subdbid', 'subname', 'subowner', 'subenabled', 'subslotname', 'subpublications'];

describe('version-dependent source queries', () => {
  it.each(VERSIONS)('picks the publication columns of %i', (v) => {
    expect(publicationsQuery(v).includes('p.pubviaroot')).toBe(v >= 130000);
    expect(publicationsQuery(v).includes('p.pubgencols')).toBe(v >= 180000);
    const members = publicationMembersQuery(v);
    expect(members.includes('pr.prattrs')).toBe(v >= 150000);
    expect(members.includes('pr.prqual')).toBe(v >= 150000);
    expect(members.includes('pg_publication_namespace')).toBe(v >= 150000);
    // Membership as stored, never the expanded view (design §8).
    expect(members).not.toMatch(/pg_publication_tables/);
  });

  it.each(VERSIONS)('picks the slot and hba columns of %i', (v) => {
    expect(slotsQuery(v).includes('s.wal_status')).toBe(v >= 130000);
    expect(hbaQuery(v).includes('h.file_name')).toBe(v >= 160000);
  });

  it('reads pg_file_settings only when the login may', () => {
    expect(settingsQuery(true)).toMatch(/pg_file_settings/);
    expect(settingsQuery(false)).not.toMatch(/pg_file_settings/);
    expect(SOURCE_SERVER_QUERY).toContain(FILE_SETTINGS_READABLE);
  });
});

describe('subscription options by version', () => {
  const names = (v: number, readable: readonly string[] = ALL_COLUMNS) =>
    subscriptionOptionColumns(v, readable).map((c) => c.option);

  /** What each major added, from the release notes; each version has its own and all before. */
  const ADDED: readonly (readonly [number, readonly string[]])[] = [
    [120022, ['synchronous_commit']],
    [130018, []],
    [140015, ['binary', 'streaming']],
    [150010, ['two_phase', 'disable_on_error']],
    [160006, ['password_required', 'run_as_owner', 'origin']],
    [170002, ['failover']],
    [180001, []],
  ];

  it.each(ADDED.map(([v], i) => [v, ADDED.slice(0, i + 1).flatMap(([, added]) => added)] as const))(
    '%i has %j',
    (v, expected) => {
      expect(names(v)).toEqual(expected);
    },
  );

  it('reads substream as a bool on 14–15 and as a char (parallel) from 16', () => {
    const streaming = (v: number) =>
      subscriptionOptionColumns(v, ALL_COLUMNS).find((c) => c.option === 'streaming');
    expect(streaming(150010)?.expression).toMatch(/WHEN s\.substream THEN 'on'/);
    expect(streaming(160006)?.expression).toMatch(/WHEN 'p' THEN 'parallel'/);
  });

  it('leaves out what a plain login cannot read on 12–13', () => {
    expect(names(120022, PUBLIC_ON_12)).toEqual([]);
    expect(subscriptionsQuery(120022, PUBLIC_ON_12)).toMatch(/json_build_object\(\) AS options/);
    expect(subscriptionsQuery(120022, PUBLIC_ON_12)).not.toMatch(/subsynccommit/);
  });

  it.each(VERSIONS)('never selects subconninfo, pg_subscription.oid or * on %i', (v) => {
    const sql = subscriptionsQuery(v, ALL_COLUMNS);
    expect(sql).not.toMatch(/subconninfo/);
    expect(sql).not.toMatch(/\*/);
    expect(sql).not.toMatch(/\bs\.oid\b/);
    expect(SUBSCRIPTION_TABLES_QUERY).not.toMatch(/\bpg_subscription\b/);
  });
});

describe('every catalog query', () => {
  const all = [
    SOURCE_SERVER_QUERY,
    settingsQuery(true),
    ROLES_QUERY,
    GRANTS_QUERY,
    TABLES_QUERY,
    TARGET_SERVER_QUERY,
    SCHEMAS_QUERY,
    SUBSCRIPTION_TABLES_QUERY,
    ...VERSIONS.flatMap((v) => [
      publicationsQuery(v),
      publicationMembersQuery(v),
      slotsQuery(v),
      hbaQuery(v),
      subscriptionsQuery(v, ALL_COLUMNS),
    ]),
  ];

  it('never reads pg_authid (it holds the password verifiers)', () => {
    for (const sql of all) expect(sql).not.toMatch(/(FROM|JOIN)\s+(pg_catalog\.)?pg_authid\b/);
  });

  it('takes names as text[] bind parameters, never as text in the SQL', () => {
    for (const sql of all) {
      for (const match of sql.matchAll(/ANY \((\$\d)/g)) expect(sql).toContain(`${match[1]}::text[]`);
      expect(sql).not.toMatch(/'\$\d/);
    }
  });
});
