import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Diagnostic } from '../errors.js';
import type { JsonValue } from './json.js';
import { schemaDiagnostics } from './schema-diagnostics.js';
import type { SourceMap } from './source-map.js';

/** The JSON Schemas shipped in `schemas/` (package.json `files`), the same ones editors use. */
export type SchemaName = 'changeset' | 'config';

const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    // dist/changesets/ and src/changesets/ are both two levels below the package root.
    const url = new URL(`../../schemas/${name}.schema.json`, import.meta.url);
    const ajv = new Ajv2020.default({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // Annotations for our messages: what to say was expected, and values never to echo.
    ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
    validate = ajv.compile(JSON.parse(readFileSync(url, 'utf8')) as object);
    compiled.set(name, validate);
  }
  return validate;
}

/** Every schema violation in `value`, each at its line and column. */
export function validateAgainstSchema(
  name: SchemaName,
  value: JsonValue,
  positions: SourceMap,
): Diagnostic[] {
  const validate = validatorFor(name);
  return validate(value) ? [] : schemaDiagnostics(validate.errors ?? [], positions);
}
