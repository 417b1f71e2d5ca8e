import { describe, expect, it } from 'vitest';
import { QueryForm } from '../../../src/local/rds-endpoint/form.js';

describe('QueryForm', () => {
  it('decodes form encoding, + as space and percent escapes', () => {
    const form = QueryForm.parse('Action=CreateDBParameterGroup&Description=a+b%26c%3D%C3%A9');
    expect(form.string('Action')).toBe('CreateDBParameterGroup');
    expect(form.string('Description')).toBe('a b&c=é');
  });

  it('flattens lists keyed by the member name, in index order', () => {
    const form = QueryForm.parse(
      [
        'Parameters.Parameter.2.ParameterName=b',
        'Parameters.Parameter.1.ParameterName=a',
        'Parameters.Parameter.1.ParameterValue=1',
        'Parameters.Parameter.10.ParameterName=j',
      ].join('&'),
    );
    const items = form.list('Parameters', 'Parameter');
    expect(items.map((p) => p.string('ParameterName'))).toEqual(['a', 'b', 'j']);
    expect(items[0]!.string('ParameterValue')).toBe('1');
  });

  it('accepts .member.N. for the same list', () => {
    const form = QueryForm.parse('Parameters.member.1.ParameterName=a&Parameters.member.2.ParameterName=b');
    expect(form.list('Parameters', 'Parameter').map((p) => p.string('ParameterName'))).toEqual(['a', 'b']);
  });

  it('reads nested lists and lists of strings', () => {
    const form = QueryForm.parse(
      'Filters.Filter.1.Name=db-instance-id&Filters.Filter.1.Values.Value.1=x&Filters.Filter.1.Values.Value.2=y' +
        '&TagKeys.member.1=env&TagKeys.member.2=team',
    );
    const [filter] = form.list('Filters', 'Filter');
    expect(filter!.string('Name')).toBe('db-instance-id');
    expect(filter!.stringList('Values', 'Value')).toEqual(['x', 'y']);
    expect(form.stringList('TagKeys')).toEqual(['env', 'team']);
  });

  it('treats an empty list (Tags=) as no members', () => {
    expect(QueryForm.parse('Tags=').list('Tags', 'Tag')).toEqual([]);
  });

  it('refuses malformed list indexes', () => {
    expect(() =>
      QueryForm.parse('Parameters.Parameter.0.ParameterName=a').list('Parameters', 'Parameter'),
    ).toThrow(/positive integer/);
    expect(() =>
      QueryForm.parse('Parameters.Parameter.x.ParameterName=a').list('Parameters', 'Parameter'),
    ).toThrow(/positive integer/);
  });

  it('reports missing required fields as MissingParameter', () => {
    expect(() => QueryForm.parse('Action=X').required('DBParameterGroupName')).toThrow(
      expect.objectContaining({ code: 'MissingParameter' }),
    );
    expect(() => QueryForm.parse('DBParameterGroupName=').required('DBParameterGroupName')).toThrow(
      /DBParameterGroupName/,
    );
  });

  it('parses booleans and integers strictly', () => {
    const form = QueryForm.parse('A=true&B=false&C=yes&D=42&E=4x');
    expect(form.boolean('A')).toBe(true);
    expect(form.boolean('B')).toBe(false);
    expect(form.boolean('Z')).toBeUndefined();
    expect(() => form.boolean('C')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(form.integer('D')).toBe(42);
    expect(() => form.integer('E')).toThrow(/integer/);
  });
});
