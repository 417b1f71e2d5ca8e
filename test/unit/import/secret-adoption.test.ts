import { describe, expect, it } from 'vitest';
import { adoptionFindings } from '../../../src/import/adoption-findings.js';
import { classifyLoginError, type LoginCheck, withLogin } from '../../../src/import/login-check.js';
import { plannedSecrets } from '../../../src/import/planned-secrets.js';
import { adoptSecrets, type SecretAdoptionInput } from '../../../src/import/secret-adoption.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { SecretRef } from '../../../src/model/secret-ref.js';
import { fingerprintMatches, fingerprintSecret } from '../../../src/planner/secret-fingerprint.js';
import { context, lines, planFor, runbookDesired } from '../planner/builders.js';
import { CONNECTION, handBuiltDiscovery, handBuiltLive, role } from './hand-built.js';

const PASSWORD = 'correct horse battery staple';

function input(overrides: Partial<SecretAdoptionInput> = {}): SecretAdoptionInput & { logins: string[] } {
  const logins: string[] = [];
  const discovery = handBuiltDiscovery();
  return {
    desired: runbookDesired(),
    live: handBuiltLive(),
    roles: discovery.source.roles,
    slots: discovery.source.slots,
    connection: CONNECTION,
    resolve: (ref: SecretRef) => {
      if ('env' in ref && ref.env === 'REPLICATOR_PASSWORD') return PASSWORD;
      throw new Error(
        `${'env' in ref ? ref.env : ref.file}: expected environment variable to be set, but it is not`,
      );
    },
    checkLogin: async (user: string, password: string): Promise<LoginCheck> => {
      logins.push(user);
      return password === PASSWORD ? 'accepted' : 'refused';
    },
    logins,
    ...overrides,
  };
}

describe('adoptSecrets: fingerprints for a setup replctl did not make', () => {
  it('records fingerprints of the secrets the source accepts, logging in once per user and password', async () => {
    const i = input();
    const adoptions = await adoptSecrets(i);
    expect(adoptions.map((a) => [a.object, a.name, a.secret, a.outcome.kind])).toEqual([
      ['role', 'replicator', 'env:REPLICATOR_PASSWORD', 'record'],
      ['subscription', 'my_subscription', 'the subscriptionConnection (env:REPLICATOR_PASSWORD)', 'record'],
    ]);
    const [roleFp, connectionFp] = adoptions.map((a) =>
      a.outcome.kind === 'record' ? a.outcome.fingerprint : '',
    );
    expect(fingerprintMatches(roleFp, PASSWORD)).toBe(true);
    expect(
      fingerprintMatches(
        connectionFp,
        `host=10.0.0.5 port=5432 dbname=app user=replicator password='${PASSWORD}' sslmode=require`,
      ),
    ).toBe(true);
    expect(i.logins).toEqual(['replicator']);
    // Said to be recorded only once it is; with --no-record-fingerprints, what plan will do instead.
    expect(adoptionFindings(adoptions, 'stopped')).toEqual([]);
    expect(adoptionFindings(adoptions, 'off').map((f) => f.message)).toEqual([
      'no fingerprint of env:REPLICATOR_PASSWORD recorded (--no-record-fingerprints): plan will show ALTER ROLE replicator PASSWORD, which sets the password to the value of env:REPLICATOR_PASSWORD',
      "no fingerprint of the subscriptionConnection (env:REPLICATOR_PASSWORD) recorded (--no-record-fingerprints): plan will show ALTER SUBSCRIPTION my_subscription CONNECTION with the environment's subscriptionConnection",
    ]);
  });

  it('with them recorded, plan has nothing to do; without, it shows the password and connection steps', async () => {
    const live = handBuiltLive();
    const desired = runbookDesired();
    const adoptions = await adoptSecrets(input());
    // The hand-built live state has an extra target column and a row filter; plan only those away.
    const plannedDesired: DesiredState = {
      ...desired,
      source: {
        ...desired.source,
        publications: {
          my_publication: {
            tables: {
              'public.users': {},
              'public.orders': { columns: ['id', 'user_id', 'total'], where: 'total > 100' },
            },
          },
        },
      },
    };
    const recorded = context({ secrets: plannedSecrets(plannedDesired, adoptions, true) });
    expect(lines(planFor(plannedDesired, live, { context: recorded }))).toEqual([]);
    const unrecorded = context({ secrets: plannedSecrets(plannedDesired, adoptions, false) });
    expect(lines(planFor(plannedDesired, live, { context: unrecorded })).map((l) => l.split(':')[0])).toEqual(
      ['source.role.replicator.password', 'target.subscription.my_subscription.connection'],
    );
  });

  it('records nothing where the source refuses the secret, or the subscription logs in as someone else', async () => {
    const discovery = handBuiltDiscovery();
    const adoptions = await adoptSecrets(
      input({
        checkLogin: async () => 'refused',
        slots: [{ ...discovery.source.slots[0]!, activeUser: 'legacy_sync' }],
      }),
    );
    expect(adoptions.map((a) => a.outcome)).toEqual([
      { kind: 'refused' },
      { kind: 'other-user', user: 'legacy_sync' },
    ]);
    const findings = adoptionFindings(adoptions, 'done');
    expect(findings.map((f) => f.message)).toEqual([
      'the source refused env:REPLICATOR_PASSWORD as the password: no fingerprint recorded, and plan will show ALTER ROLE replicator PASSWORD, which sets the password to the value of env:REPLICATOR_PASSWORD; set env:REPLICATOR_PASSWORD to the current password and import again',
      "it replicates as user legacy_sync, not as the subscriptionConnection's user: no fingerprint recorded, and plan will show ALTER SUBSCRIPTION my_subscription CONNECTION with the environment's subscriptionConnection; correct replctl.yaml if legacy_sync is right",
    ]);
    for (const f of findings) expect(f.message).not.toContain(PASSWORD);
  });

  it('records an unverifiable secret, saying so, and replaces no fingerprint replctl recorded', async () => {
    const base = handBuiltLive();
    const live = {
      ...base,
      source: {
        ...base.source,
        roles: {
          replicator: { ...base.source.roles.replicator!, passwordFingerprint: fingerprintSecret('older') },
        },
      },
    };
    const adoptions = await adoptSecrets(
      input({
        live,
        roles: [role('replicator', { comment: 'reporting sync, ask #dba' })],
        checkLogin: async () => ({ unverifiable: 'the source said: no pg_hba.conf entry for host' }),
      }),
    );
    expect(adoptions.map((a) => a.outcome.kind)).toEqual(['rotation', 'record']);
    expect(adoptionFindings(adoptions, 'done').map((f) => f.message)).toEqual([
      'replctl recorded a fingerprint of another password earlier: plan will show ALTER ROLE replicator PASSWORD, which sets the password to the value of env:REPLICATOR_PASSWORD (a rotation)',
      'recorded a fingerprint of the subscriptionConnection (env:REPLICATOR_PASSWORD) in its COMMENT (not verified: the source said: no pg_hba.conf entry for host); the connection itself is unchanged',
    ]);
  });

  it('says which variable is missing, and lets plan stop at it rather than guess', async () => {
    const adoptions = await adoptSecrets(
      input({
        resolve: () => {
          throw new Error(
            'env:REPLICATOR_PASSWORD: expected environment variable REPLICATOR_PASSWORD to be set, but it is not',
          );
        },
      }),
    );
    expect(adoptions.map((a) => a.outcome.kind)).toEqual(['unresolved', 'unresolved']);
    expect(plannedSecrets(runbookDesired(), adoptions, true).roles.replicator?.matches).toBe(true);
    expect(adoptionFindings(adoptions, 'done')[0]?.message).toMatch(
      /^env:REPLICATOR_PASSWORD: expected environment variable REPLICATOR_PASSWORD to be set, but it is not: nothing recorded/,
    );
  });
});

describe('the login check', () => {
  it('takes only a refused password as proof that it is wrong', () => {
    expect(
      classifyLoginError({ code: '28P01', message: 'password authentication failed for user "replicator"' }),
    ).toBe('refused');
    expect(
      classifyLoginError({ code: '28000', message: 'no pg_hba.conf entry for host "10.0.0.9"' }),
    ).toEqual({
      unverifiable: 'the source said: no pg_hba.conf entry for host "10.0.0.9"',
    });
    expect(
      classifyLoginError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.5:5432' }),
    ).toEqual({
      unverifiable: 'could not connect to the source (ECONNREFUSED)',
    });
  });

  it('logs in as the role to the source URL, with no other user or password of the URL left', () => {
    const url = withLogin(
      'postgresql://admin:s3cret@db.example:6432/app?sslmode=require&password=x',
      'replicator',
      'p@ss word',
    );
    const parsed = new URL(url);
    expect([parsed.username, decodeURIComponent(parsed.password), parsed.host, parsed.pathname]).toEqual([
      'replicator',
      'p@ss word',
      'db.example:6432',
      '/app',
    ]);
    expect(parsed.searchParams.get('password')).toBeNull();
    expect(parsed.searchParams.get('sslmode')).toBe('require');
  });
});
