import { invalidValue, RdsApiError } from './errors.js';

/**
 * A decoded Query-protocol request: `application/x-www-form-urlencoded` fields whose keys flatten
 * structures and lists (`Parameters.Parameter.1.ParameterName`). The SDK names list members after
 * the shape's member name (`Parameter`, `Tag`, `Filter`) or `member` when the model gives none;
 * both spellings are accepted for every list.
 */
export class QueryForm {
  private constructor(private readonly fields: ReadonlyMap<string, string>) {}

  static parse(body: string): QueryForm {
    const fields = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(body)) fields.set(key, value);
    return new QueryForm(fields);
  }

  static of(fields: Readonly<Record<string, string>>): QueryForm {
    return new QueryForm(new Map(Object.entries(fields)));
  }

  keys(): readonly string[] {
    return [...this.fields.keys()];
  }

  string(name: string): string | undefined {
    return this.fields.get(name);
  }

  /** A required field; empty counts as missing, as in RDS. */
  required(name: string): string {
    const value = this.fields.get(name);
    if (value === undefined || value === '') {
      throw new RdsApiError('MissingParameter', `The request must contain the parameter ${name}`);
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.fields.get(name);
    if (value === undefined) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidValue(`Invalid value '${value}' for ${name}: expected true or false`);
  }

  integer(name: string): number | undefined {
    const value = this.fields.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,9}$/.test(value))
      throw invalidValue(`Invalid value '${value}' for ${name}: expected an integer`);
    return Number(value);
  }

  /** The structures of list `name` in index order, each as a form of its own fields. */
  list(name: string, memberName: string): readonly QueryForm[] {
    return this.members(name, memberName, true).map((fields) => new QueryForm(fields));
  }

  /** The values of a list of strings (`TagKeys.member.1`). */
  stringList(name: string, memberName = 'member'): readonly string[] {
    return this.members(name, memberName, false).map((fields) => fields.get('') ?? '');
  }

  private members(name: string, memberName: string, nested: boolean): Map<string, string>[] {
    const byIndex = new Map<number, Map<string, string>>();
    const prefixes = [`${name}.${memberName}.`, `${name}.member.`];
    for (const [key, value] of this.fields) {
      const prefix = prefixes.find((p) => key.startsWith(p));
      if (prefix === undefined) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      const indexText = dot < 0 ? rest : rest.slice(0, dot);
      if (!/^[1-9]\d{0,4}$/.test(indexText)) {
        throw invalidValue(`Invalid list index in ${key}: expected a positive integer`);
      }
      if (nested !== dot >= 0) {
        throw invalidValue(`Invalid list member ${key}: ${nested ? 'expected fields' : 'expected a value'}`);
      }
      const index = Number(indexText);
      const fields = byIndex.get(index) ?? new Map<string, string>();
      fields.set(dot < 0 ? '' : rest.slice(dot + 1), value);
      byIndex.set(index, fields);
    }
    return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, fields]) => fields);
  }
}
