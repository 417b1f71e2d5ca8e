import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * schemas/plan.schema.json, the one definition of the JSON plan, compiled once on first use. The file
 * sits at the package root, two folders up from both src/render and dist/render. `verbose` gives each
 * error its schema node, from which messages name the alternatives a oneOf allows.
 */
let compiled: { readonly schema: SchemaNode; readonly validate: ValidateFunction } | undefined;

export type SchemaNode = { readonly [key: string]: unknown };

export function planJsonSchema(): { readonly schema: SchemaNode; readonly validate: ValidateFunction } {
  if (compiled === undefined) {
    const schema = createRequire(import.meta.url)('../../schemas/plan.schema.json') as SchemaNode;
    const ajv = new Ajv2020({ allErrors: true, strict: true, discriminator: true, verbose: true });
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled;
}
