/**
 * PostgreSQL writes sizes and durations with units in postgresql.conf (`shared_buffers = 128MB`);
 * RDS shows them as plain numbers in the parameter's base unit (pg_settings.unit, e.g. `8kB`).
 */
const MEMORY_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};
const TIME_UNITS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

interface UnitScale {
  readonly table: Readonly<Record<string, number>>;
  readonly factor: number;
}

/** `8kB` → memory, 8192 bytes; `min` → time, 60000 ms. */
function scaleOf(unit: string): UnitScale | undefined {
  const match = /^(\d*)\s*([a-zA-Z]+)$/.exec(unit);
  if (!match) return undefined;
  const multiplier = match[1] === '' ? 1 : Number(match[1]);
  const name = match[2]!;
  for (const table of [MEMORY_UNITS, TIME_UNITS]) {
    const factor = table[name];
    if (factor !== undefined) return { table, factor: factor * multiplier };
  }
  return undefined;
}

/**
 * Converts a configuration-file value to the parameter's base unit, as a string RDS would show.
 * Returns undefined when the text is not a number with a unit of the same kind.
 */
export function toBaseUnits(text: string, baseUnit: string | null, integer: boolean): string | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]);
  const unit = match[2]!;
  if (unit === '') return integer ? String(Math.round(number)) : String(number);
  if (baseUnit === null) return undefined;
  const base = scaleOf(baseUnit);
  const given = scaleOf(unit);
  if (!base || !given || base.table !== given.table) return undefined;
  const value = (number * given.factor) / base.factor;
  return integer ? String(Math.round(value)) : String(value);
}
