import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_MODULE,
  SCHEMA_NAMES,
  schemaCompiler,
  schemaUrl,
  schemaValidatorsModule,
} from '../../../scripts/generate-schema-validators.js';

describe('the shipped JSON Schemas', () => {
  it.each(SCHEMA_NAMES)('%s is valid draft 2020-12 and compiles strictly', (name) => {
    const schema = JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as object;
    const ajv = schemaCompiler({ validateSchema: true, standalone: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('are what the committed validators were generated from (else run npm run generate:schemas)', () => {
    expect(readFileSync(GENERATED_MODULE, 'utf8') === schemaValidatorsModule()).toBe(true);
  });
});
