import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fold } from '../../../src/changesets/fold.js';
import { validateChangesetSources } from '../../../src/changesets/validate.js';
import type { ResolvedEnvironment } from '../../../src/config/resolve-environment.js';
import { withoutDefaults } from '../../../src/import/defaults.js';
import { importedState } from '../../../src/import/imported-state.js';
import { checkPlanSteps, planAfterImport } from '../../../src/import/plan-check.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { CONNECTION, HAND_BUILT_SELECTION, handBuiltDiscovery, handBuiltLive } from './hand-built.js';

const environment: ResolvedEnvironment = {
  name: 'local',
  source: { connectionString: 'postgresql://db.example/app', restart: { kind: 'manual' } },
  target: {
    connectionString: 'postgresql://replica.example/postgres',
    rds: { instance: 'reporting-replica' },
    journalSchema: 'replctl',
  },
  subscriptionConnection: { ...CONNECTION, port: 5432, sslmode: 'require' },
};

const matching = { matches: true, fingerprint: 'replctl:v1:scrypt:c2FsdA:x' };
const secrets = { roles: { replicator: matching }, subscriptions: { my_subscription: matching } };

function changesets(...states: DesiredState[]) {
  const sources = states.map((state, i) => {
    const name = `000${i + 1}-c.yaml`;
    return { file: name, name, text: stringify({ version: i + 1, description: 'd', ...state }) };
  });
  const { changesets, diagnostics } = validateChangesetSources(sources);
  expect(diagnostics).toEqual([]);
  return changesets;
}

describe('the plan check before import writes', () => {
  it('plans nothing for the first changeset import makes of the hand-built setup', () => {
    const live = handBuiltLive();
    const { state } = importedState({
      live,
      discovery: handBuiltDiscovery(),
      selection: HAND_BUILT_SELECTION,
      connection: CONNECTION,
    });
    const all = changesets(withoutDefaults(state, live.target.serverVersionNum));
    const planned = planAfterImport({
      desired: fold(all),
      live,
      changesets: all,
      environment,
      secrets,
      now: new Date('2025-06-01T00:00:00Z'),
    });
    expect(planned.steps).toEqual([]);
    expect(checkPlanSteps(planned, 'changesets/0001-imported.yaml')).toEqual([]);
  });

  it('refuses a changeset whose plan would destroy something, naming the steps; reports the others', () => {
    const live = handBuiltLive();
    const first: DesiredState = {
      source: {
        roles: { replicator: { login: true, replication: true } },
        grants: { replicator: { select: { 'public.users': {} } } },
        publications: { my_publication: { tables: { 'public.users': {} } } },
      },
    };
    const second = { source: { publications: { my_publication: { tables: { 'public.users': null } } } } };
    const all = changesets(first, second as unknown as DesiredState);
    const planned = planAfterImport({
      desired: fold(all),
      live,
      changesets: all,
      environment,
      secrets,
      now: new Date(),
    });
    expect(() => checkPlanSteps(planned, 'changesets/0002-c.yaml')).toThrow(
      'refusing to write changesets/0002-c.yaml: the plan after it would be destructive (ALTER PUBLICATION my_publication DROP (1 table) (source.publications.my_publication.tables."public.users")); nothing was written',
    );
    const additive = changesets({
      source: { grants: { replicator: { select: { 'public.users': {}, 'public.invoices': {} } } } },
    });
    const grants = planAfterImport({
      desired: fold(additive),
      live,
      changesets: additive,
      environment,
      secrets,
      now: new Date(),
    });
    expect(checkPlanSteps(grants, 'changesets/0001-c.yaml')).toEqual([
      {
        kind: 'note',
        object: 'plan',
        message:
          'will still show GRANT SELECT ON 1 table TO replicator (source.grants.replicator.select."public.invoices")',
      },
    ]);
  });
});
