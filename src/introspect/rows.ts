/**
 * Typed reads of catalog rows. The SQL casts every column to the type read here, so a mismatch is
 * a bug in a query (or a driver with other type parsers), reported with the column and the value.
 */
export type Row = Readonly<Record<string, unknown>>;

function mismatch(column: string, expected: string, value: unknown): Error {
  return new Error(`Expected column ${column} to be ${expected}, but got: ${JSON.stringify(value)}`);
}

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw mismatch(column, 'text', value);
  return value;
}

export function optionalText(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : text(row, column);
}

export function bool(row: Row, column: string): boolean {
  const value = row[column];
  if (typeof value !== 'boolean') throw mismatch(column, 'a boolean', value);
  return value;
}

/** int4 and float8 arrive as numbers; numeric and int8 as strings, accepted when finite. */
export function num(row: Row, column: string): number {
  const value = row[column];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw mismatch(column, 'a number', value);
  return n;
}

export function optionalNum(row: Row, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : num(row, column);
}

export function textArray(row: Row, column: string): string[] {
  const value = row[column];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw mismatch(column, 'a text[]', value);
  }
  return value;
}

export function optionalTextArray(row: Row, column: string): string[] | null {
  const value = row[column];
  return value === null || value === undefined ? null : textArray(row, column);
}

/** A json column, parsed by the driver. */
export function json(row: Row, column: string): unknown {
  const value = row[column];
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** One of `allowed`, by value. */
export function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[]): T {
  const value = text(row, column);
  if (!(allowed as readonly string[]).includes(value)) throw mismatch(column, allowed.join(' | '), value);
  return value as T;
}
