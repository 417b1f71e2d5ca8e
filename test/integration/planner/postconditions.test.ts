import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePostconditions } from '../../../src/apply/postconditions.js';
import { withClient } from '../../../src/local/with-client.js';
import type { Postcondition } from '../../../src/planner/plan.js';
import {
  columnsExist,
  publicationHasTables,
  restartedWith,
  schemasExist,
  selectGranted,
  tablesExist,
  usageGranted,
} from '../../../src/planner/postconditions.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

let local: TestLocalEnv;

beforeAll(async () => {
  local = await startLocalEnv();
});
afterAll(async () => {
  await local?.stop();
});

const logical = restartedWith([{ name: 'wal_level', setting: 'logical', equal: true }]);

/** The planner's postconditions are SQL: these run them on a real server. */
describe.sequential('restartedWith', () => {
  it('does not hold right after ALTER SYSTEM and a reload, in the session that reloaded', async () => {
    await withClient(local.sourceUrl, async (c) => {
      await c.query(`ALTER SYSTEM SET wal_level = 'logical'`);
      await c.query('SELECT pg_catalog.pg_reload_conf()');
      // This session may not have processed the reload yet: pending_restart can still read false.
      expect(await evaluatePostconditions(c, [logical])).toEqual([false]);
      // Nor once it has.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await c.query('SELECT 1');
      expect(
        (await c.query(`SELECT pending_restart FROM pg_settings WHERE name = 'wal_level'`)).rows,
      ).toEqual([{ pending_restart: true }]);
      expect(await evaluatePostconditions(c, [logical])).toEqual([false]);
    });
  });

  it('holds once the source was restarted, comparing as pg_settings types read values', async () => {
    await local.environment.source.restart();
    await withClient(local.sourceUrl, async (c) => {
      const [walLevel, senders] = [
        (await c.query('SHOW wal_level')).rows[0].wal_level,
        (await c.query('SHOW max_wal_senders')).rows[0].max_wal_senders,
      ];
      expect(walLevel).toBe('logical');
      expect(
        await evaluatePostconditions(c, [
          logical,
          restartedWith([{ name: 'wal_level', setting: 'LOGICAL', equal: true }]),
          restartedWith([{ name: 'max_wal_senders', setting: `${senders}.0`, equal: true }]),
          // A reset is done when the value moved off the old one.
          restartedWith([{ name: 'wal_level', setting: 'replica', equal: false }]),
          restartedWith([{ name: 'wal_level', setting: 'logical', equal: false }]),
          restartedWith([{ name: 'no_such_setting', setting: 'x', equal: true }]),
          restartedWith([]),
        ]),
      ).toEqual([true, true, true, true, false, false, true]);
    });
  });
});

describe('columnsExist', () => {
  it('holds when every table has its column, and not when one lacks it', async () => {
    await withClient(local.sourceUrl, async (c) => {
      expect(
        await evaluatePostconditions(c, [
          columnsExist(['public.users', 'public."Customer Notes"'], ['email', 'Note Text']),
          columnsExist(['public.users', 'public.orders'], ['email', 'email']),
          columnsExist(['public.no_such_table'], ['id']),
        ]),
      ).toEqual([true, false, false]);
    });
  });
});

/**
 * "Every one of the list" conditions, written as NOT EXISTS one that is not (so the usual check
 * before a step stops at the first name): a missing name, a name not granted or not a member, an
 * empty list and a name listed twice.
 */
describe('conditions over a list of names', () => {
  it('hold only when every name does', async () => {
    await withClient(local.sourceUrl, async (c) => {
      await c.query('CREATE ROLE pc_reader');
      await c.query('GRANT USAGE ON SCHEMA public TO pc_reader');
      await c.query('GRANT SELECT ON public.users, public."Customer Notes" TO pc_reader');
      await c.query('CREATE PUBLICATION pc_publication FOR TABLE public.users');
      try {
        const users = '"public"."users"';
        const notes = '"public"."Customer Notes"';
        const orders = '"public"."orders"';
        const missing = '"public"."no_such_table"';
        // Each condition with whether it holds.
        const cases: readonly (readonly [Postcondition, boolean])[] = [
          [selectGranted('pc_reader', [users, notes], true), true],
          [selectGranted('pc_reader', [users, orders], false), false],
          [selectGranted('pc_reader', [users, orders], true), false],
          [selectGranted('pc_reader', [users, missing], true), false],
          [selectGranted('pc_reader', [users, users], true), true],
          [selectGranted('pc_reader', [], true), true],
          [selectGranted('no_such_role', [users], true), false],
          [publicationHasTables('pc_publication', [users], true), true],
          [publicationHasTables('pc_publication', [users, orders], true), false],
          [publicationHasTables('pc_publication', [orders], false), true],
          [publicationHasTables('no_such_publication', [users], true), false],
          [usageGranted('pc_reader', ['public'], true), true],
          // PUBLIC's USAGE on pg_catalog is not a grant to the role.
          [usageGranted('pc_reader', ['public', 'pg_catalog'], true), false],
          [schemasExist(['public', 'pg_catalog']), true],
          [schemasExist(['public', 'no_such_schema']), false],
          [tablesExist([users, notes, orders]), true],
          [tablesExist([users, missing]), false],
          [tablesExist([]), true],
        ];
        const held = await evaluatePostconditions(
          c,
          cases.map(([condition]) => condition),
        );
        expect(held).toEqual(cases.map(([, holds]) => holds));
      } finally {
        await c.query('DROP PUBLICATION pc_publication');
        await c.query('DROP OWNED BY pc_reader');
        await c.query('DROP ROLE pc_reader');
      }
    });
  });
});
