import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../../src/changesets/json.js';

/**
 * Documents shaped like changesets: keys `m*` always hold maps and keys `v*` always hold leaves
 * (scalars or whole lists), as the changeset schema guarantees, so patches never turn a map into
 * a leaf. `nulls` lets patches delete members.
 */
const leaf: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.constantFrom('logical', 'on', 'public.users', ''),
  fc.boolean(),
  fc.array(fc.constantFrom('insert', 'update', 'delete', 'truncate'), { maxLength: 3 }),
);

function shaped(depth: number, nulls: boolean): fc.Arbitrary<JsonObject> {
  const maybeNull = <T extends JsonValue>(arb: fc.Arbitrary<T>): fc.Arbitrary<JsonValue> =>
    nulls ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: arb }) : arb;
  const members: Record<string, fc.Arbitrary<JsonValue>> = {
    v1: maybeNull(leaf),
    v2: maybeNull(leaf),
    v3: maybeNull(leaf),
  };
  if (depth > 0) {
    members.m1 = maybeNull(shaped(depth - 1, nulls));
    members.m2 = maybeNull(shaped(depth - 1, nulls));
  }
  return fc.record(members, { requiredKeys: [] }) as fc.Arbitrary<JsonObject>;
}

export const shapedDocument = shaped(3, false);
export const shapedPatch = shaped(3, true);

/** Any JSON value with no null inside an object (a state a merge patch can produce). */
export const nullFreeJson: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.boolean(),
    fc.array(fc.oneof(fc.constant(null), tie('value')), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', '__proto__'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Any JSON value, nulls anywhere. */
export const anyJson: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__'), tie('value'), { maxKeys: 3 }),
  ),
})).value;
