import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type SchemaName, schemaCompiler, schemaUrl } from '../../../src/changesets/schema-validator.js';

describe('the shipped JSON Schemas', () => {
  // The validator skips this check at run time, to compile faster: it is made here instead.
  it.each(['changeset', 'config'] as SchemaName[])(
    '%s is valid draft 2020-12 and compiles strictly',
    (name) => {
      const schema = JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as object;
      const ajv = schemaCompiler({ validateSchema: true });
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
      expect(() => ajv.compile(schema)).not.toThrow();
    },
  );
});
