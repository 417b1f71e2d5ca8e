import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { desiredTargetTableByName, desiredTargetTables } from '../../../src/planner/desired-tables.js';

const explicit = { columns: { id: { type: 'bigint' } } };
const copied = { from: 'source' as const };

describe('desired target tables', () => {
  it('sorts by canonical name, and keeps the first spelling of a name twice written', () => {
    const desired: DesiredState = {
      target: { tables: { 'public.b': copied, 'public."a"': explicit, 'public.a': copied, users: copied } },
    };
    const tables = desiredTargetTables(desired);
    expect(tables.sorted.map((t) => t.key)).toEqual(['public."a"', 'public.a', 'public.b']);
    expect(tables.invalidKey).toBe('users');
    expect(desiredTargetTableByName(desired).get('public.a')).toBe(explicit);
  });

  it('is built once per state object', () => {
    const desired: DesiredState = { target: { tables: { 'public.a': copied } } };
    expect(desiredTargetTables(desired)).toBe(desiredTargetTables(desired));
    expect(desiredTargetTables({ target: { tables: { 'public.a': copied } } })).not.toBe(
      desiredTargetTables(desired),
    );
  });
});
