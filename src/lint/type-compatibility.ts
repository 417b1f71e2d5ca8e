/**
 * Whether a target column can take what logical replication sends for a source column. In text
 * mode (the default) the apply worker feeds the source type's output text to the target type's
 * input function, so a different type works when it reads every value the source can write:
 *
 * - `same`: the same type (aliases such as int8/bigint and varchar/character varying count);
 * - `lossless`: another type that takes every value (int4 → bigint, varchar(50) → text,
 *   numeric(10,2) → numeric, json → jsonb, anything → text);
 * - `lossy`: the same kind of value, but some values fail or change (bigint → int4 overflows,
 *   text → varchar(20) is too long, numeric(12,2) → numeric(10,0) rounds, timestamp ↔ timestamptz
 *   shifts by the subscriber's time zone);
 * - `incompatible`: values of one cannot be read as the other (bigint → timestamp, text → uuid).
 *
 * With `binary = true` the receive function reads the source's send format: anything but `same`
 * is incompatible.
 */
export type TypeCompatibility = 'same' | 'lossless' | 'lossy' | 'incompatible';

/** Answers already worked out, by binary mode, source type and target type. */
const answers = [false, true].map(() => new Map<string, Map<string, TypeCompatibility>>());
const MAX_ANSWERS = 10_000;
let answerCount = 0;

export function typeCompatibility(sourceType: string, targetType: string, binary = false): TypeCompatibility {
  // Asked for every column of every subscribed table, most often about the very same type (a table
  // the plan creates from the source), else about a handful of distinct type pairs.
  if (sourceType === targetType) return 'same';
  const bySource = answers[binary ? 1 : 0]!;
  let byTarget = bySource.get(sourceType);
  let answer = byTarget?.get(targetType);
  if (answer === undefined) {
    answer = compatibilityOf(sourceType, targetType, binary);
    if (answerCount >= MAX_ANSWERS) {
      for (const map of answers) map.clear();
      answerCount = 0;
      byTarget = undefined;
    }
    if (byTarget === undefined) {
      byTarget = new Map();
      bySource.set(sourceType, byTarget);
    }
    byTarget.set(targetType, answer);
    answerCount++;
  }
  return answer;
}

function compatibilityOf(sourceType: string, targetType: string, binary: boolean): TypeCompatibility {
  const from = parseType(sourceType);
  const to = parseType(targetType);
  if (from.name === to.name && from.modifiers.join() === to.modifiers.join() && from.array === to.array) {
    return 'same';
  }
  if (binary) return 'incompatible';
  if (from.array !== to.array) return to.name === 'text' && !to.array ? 'lossless' : 'incompatible';
  return scalar(from, to);
}

interface ParsedType {
  readonly name: string;
  readonly modifiers: readonly number[];
  readonly array: boolean;
}

const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
  bool: 'boolean',
  float8: 'double precision',
  float: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
  varbit: 'bit varying',
};

/** `character varying(200)[]` → { name: 'character varying', modifiers: [200], array: true }. */
export function parseType(text: string): ParsedType {
  let rest = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let array = false;
  while (rest.endsWith('[]')) {
    array = true;
    rest = rest.slice(0, -2).trim();
  }
  const modifiers: number[] = [];
  // Modifiers sit after the name (`numeric(12,2)`) or inside it (`timestamp(3) with time zone`).
  rest = rest.replace(/\s*\(([\d\s,]*)\)/, (_, inside: string) => {
    for (const part of inside.split(',')) if (part.trim() !== '') modifiers.push(Number(part));
    return '';
  });
  rest = rest.replace(/^pg_catalog\./, '').trim();
  const name = ALIASES[rest] ?? rest;
  return { name, modifiers, array };
}

const INTEGER_RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 };
/** Decimal digits the largest value of each integer type has. */
const INTEGER_DIGITS: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 };
const FLOATS = new Set(['real', 'double precision']);
const TEXTS = new Set(['text', 'character varying', 'character', 'name', 'citext']);
const TIMESTAMPS = new Set(['timestamp without time zone', 'timestamp with time zone']);
const JSONS = new Set(['json', 'jsonb']);

function scalar(from: ParsedType, to: ParsedType): TypeCompatibility {
  // Every output text is a valid text value.
  if ((to.name === 'text' || to.name === 'citext') && to.modifiers.length === 0) return 'lossless';
  if (to.name === 'character varying' && to.modifiers.length === 0) return 'lossless';
  if (TEXTS.has(from.name) && TEXTS.has(to.name)) return lengthFits(from, to) ? 'lossless' : 'lossy';
  if (isNumeric(from.name) && isNumeric(to.name)) return numericFits(from, to) ? 'lossless' : 'lossy';
  // Other precision, or the other time zone handling: values round or shift.
  if (TIMESTAMPS.has(from.name) && TIMESTAMPS.has(to.name)) return 'lossy';
  if (from.name === 'date' && TIMESTAMPS.has(to.name)) return 'lossless';
  if (TIMESTAMPS.has(from.name) && to.name === 'date') return 'lossy';
  if (JSONS.has(from.name) && JSONS.has(to.name)) return 'lossless';
  if (from.name === to.name) return 'lossy';
  return 'incompatible';
}

function isNumeric(name: string): boolean {
  return name in INTEGER_RANK || name === 'numeric' || FLOATS.has(name);
}

/** Whether every value of `from` fits `to` (both numeric types). */
function numericFits(from: ParsedType, to: ParsedType): boolean {
  const fromRank = INTEGER_RANK[from.name];
  const toRank = INTEGER_RANK[to.name];
  if (fromRank !== undefined && toRank !== undefined) return toRank >= fromRank;
  if (to.name === 'numeric') {
    if (FLOATS.has(from.name)) return to.modifiers.length === 0;
    if (to.modifiers.length === 0) return true;
    const [precision = 0, scale = 0] = to.modifiers;
    if (fromRank !== undefined) return precision - scale >= INTEGER_DIGITS[from.name]!;
    if (from.name !== 'numeric' || from.modifiers.length === 0) return false;
    const [fromPrecision = 0, fromScale = 0] = from.modifiers;
    return scale >= fromScale && precision - scale >= fromPrecision - fromScale;
  }
  // Floats keep 6 (real) or 15 (double) significant digits: only small integers fit exactly.
  if (to.name === 'double precision')
    return from.name === 'real' || from.name === 'smallint' || from.name === 'integer';
  if (to.name === 'real') return from.name === 'smallint';
  return false;
}

/** Whether every value of text type `from` fits the length of `to`. */
function lengthFits(from: ParsedType, to: ParsedType): boolean {
  const limit = to.modifiers[0];
  if (limit === undefined) return to.name !== 'character' && to.name !== 'name';
  const length = from.modifiers[0];
  return length !== undefined && length <= limit && from.name !== 'text';
}
