import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../src/local/rds-endpoint/catalogue.js';
import { QueryForm } from '../../../src/local/rds-endpoint/form.js';
import { parseModifications, parseResets } from '../../../src/local/rds-endpoint/parameter-changes.js';
import { FILES, SETTINGS } from './settings-fixture.js';

const catalogue = buildCatalogue(SETTINGS, FILES);

function items(...params: Record<string, string>[]): readonly QueryForm[] {
  const fields: Record<string, string> = {};
  params.forEach((p, i) => {
    for (const [k, v] of Object.entries(p)) fields[`Parameters.Parameter.${i + 1}.${k}`] = v;
  });
  return QueryForm.of(fields).list('Parameters', 'Parameter');
}

describe('parseModifications', () => {
  it('accepts valid changes and lower-cases names', () => {
    expect(
      parseModifications(
        items(
          { ParameterName: 'RDS.Logical_Replication', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
          { ParameterName: 'log_statement', ParameterValue: 'ddl', ApplyMethod: 'immediate' },
        ),
        catalogue,
      ),
    ).toEqual([
      { name: 'rds.logical_replication', value: '1', applyMethod: 'pending-reboot' },
      { name: 'log_statement', value: 'ddl', applyMethod: 'immediate' },
    ]);
  });

  it('refuses immediate for static parameters', () => {
    expect(() =>
      parseModifications(
        items({ ParameterName: 'max_worker_processes', ParameterValue: '20', ApplyMethod: 'immediate' }),
        catalogue,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'InvalidParameterCombination',
        message: 'cannot use immediate apply method for static parameter',
      }),
    );
  });

  it('refuses more than 20 parameters and none at all', () => {
    const many = Array.from({ length: 21 }, () => ({
      ParameterName: 'max_worker_processes',
      ParameterValue: '20',
      ApplyMethod: 'pending-reboot',
    }));
    expect(() => parseModifications(items(...many), catalogue)).toThrow(/maximum of 20 parameters/);
    expect(() => parseModifications(items(...many.slice(0, 20)), catalogue)).not.toThrow();
    expect(() => parseModifications(items(), catalogue)).toThrow(
      expect.objectContaining({ code: 'MissingParameter' }),
    );
  });

  it('refuses unknown, unmodifiable and invalid parameters', () => {
    const one = (p: Record<string, string>) => () =>
      parseModifications(items({ ApplyMethod: 'pending-reboot', ParameterValue: '1', ...p }), catalogue);
    expect(one({ ParameterName: 'no_such_thing' })).toThrow(
      'Could not find parameter with name: no_such_thing',
    );
    expect(one({ ParameterName: 'block_size' })).toThrow(/cannot be modified/);
    expect(one({ ParameterName: 'max_worker_processes', ParameterValue: '-3' })).toThrow(/0-262143/);
    expect(one({ ParameterName: 'max_worker_processes', ApplyMethod: 'later' })).toThrow(
      /Invalid ApplyMethod/,
    );
    expect(() =>
      parseModifications(items({ ParameterName: 'autovacuum', ParameterValue: '1' }), catalogue),
    ).toThrow(/ApplyMethod is required/);
  });
});

describe('parseResets', () => {
  it('defaults the method by apply type and still refuses immediate for static ones', () => {
    expect(
      parseResets(
        items({ ParameterName: 'max_worker_processes' }, { ParameterName: 'autovacuum' }),
        catalogue,
      ),
    ).toEqual([
      { name: 'max_worker_processes', value: undefined, applyMethod: 'pending-reboot' },
      { name: 'autovacuum', value: undefined, applyMethod: 'immediate' },
    ]);
    expect(() =>
      parseResets(items({ ParameterName: 'max_worker_processes', ApplyMethod: 'immediate' }), catalogue),
    ).toThrow(/static parameter/);
  });
});
