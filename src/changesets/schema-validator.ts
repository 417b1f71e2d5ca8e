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
let compiler: Ajv2020.default | undefined;

/** The schema's URL: dist/changesets/ and src/changesets/ are both two levels below the package root. */
export function schemaUrl(name: SchemaName): URL {
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

/**
 * One Ajv for both schemas, and no check of the schemas against the draft 2020-12 meta-schema
 * at run time (a unit test does it): compiling is what every command pays before its first
 * validation, and those two choices halve it.
 */
export function schemaCompiler(options: { readonly validateSchema: boolean }): Ajv2020.default {
  const ajv = new Ajv2020.default({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    validateSchema: options.validateSchema,
  });
  // Annotations for our messages: what to say was expected, and values never to echo.
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  return ajv;
}

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    compiler ??= schemaCompiler({ validateSchema: false });
    validate = compiler.compile(JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as object);
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
