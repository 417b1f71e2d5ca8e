import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../errors.js';
import * as generated from './generated/schema-validators.js';
import type { JsonValue } from './json.js';
import { schemaDiagnostics } from './schema-diagnostics.js';
import type { SourceMap } from './source-map.js';

/** The JSON Schemas shipped in `schemas/` (package.json `files`), the same ones editors use. */
export type SchemaName = 'changeset' | 'config';

/**
 * Ajv's code for each schema, generated at build time (scripts/generate-schema-validators.ts):
 * compiling the schemas cost every process about 0.1 s before its first validation.
 */
const validators: Readonly<Record<SchemaName, Validator>> = generated;

/** What a standalone validator is: a test that leaves its errors on itself when it fails. */
interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Every schema violation in `value`, each at its line and column. */
export function validateAgainstSchema(
  name: SchemaName,
  value: JsonValue,
  positions: SourceMap,
): Diagnostic[] {
  const validate = validators[name];
  return validate(value) ? [] : schemaDiagnostics(validate.errors ?? [], positions);
}
