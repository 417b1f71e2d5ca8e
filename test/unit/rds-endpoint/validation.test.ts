import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../src/local/rds-endpoint/catalogue.js';
import { parameterValueProblem } from '../../../src/local/rds-endpoint/validation.js';
import { FILES, SETTINGS } from './settings-fixture.js';

const catalogue = buildCatalogue(SETTINGS, FILES);
const problem = (name: string, value: string) => parameterValueProblem(catalogue.find(name)!, value);

describe('parameterValueProblem', () => {
  it('accepts values of the right type within range', () => {
    expect(problem('max_worker_processes', '20')).toBeUndefined();
    expect(problem('log_min_duration_statement', '-1')).toBeUndefined();
    expect(problem('random_page_cost', '1.1')).toBeUndefined();
    expect(problem('random_page_cost', '2e3')).toBeUndefined();
    expect(problem('autovacuum', '0')).toBeUndefined();
    expect(problem('rds.logical_replication', '1')).toBeUndefined();
    expect(problem('log_statement', 'ddl')).toBeUndefined();
    expect(problem('search_path', '"$user", public')).toBeUndefined();
  });

  it('refuses integers out of range, with the range in the message', () => {
    expect(problem('max_worker_processes', '262144')).toMatch(/max_worker_processes.*0-262143/);
    expect(problem('rds.log_retention_period', '60')).toMatch(/1440-10080/);
  });

  it('refuses text that is not of the type', () => {
    expect(problem('max_worker_processes', '20.5')).toMatch(/integer/);
    expect(problem('max_worker_processes', '1GB')).toMatch(/integer/);
    expect(problem('random_page_cost', 'fast')).toMatch(/number/);
  });

  it('takes RDS booleans as 0/1 only', () => {
    expect(problem('autovacuum', 'on')).toMatch(/0 or 1/);
    expect(problem('rds.logical_replication', 'true')).toMatch(/0 or 1/);
  });

  it('refuses enum values outside the choices', () => {
    expect(problem('log_statement', 'everything')).toMatch(/one of none, ddl, mod, all/);
  });

  it('refuses NUL characters', () => {
    expect(problem('search_path', 'a\0b')).toMatch(/NUL/);
  });
});
