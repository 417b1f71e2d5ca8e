import type { ErrorObject } from 'ajv';
import type { Diagnostic, SourcePosition } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import { childPointer } from './json-pointer.js';
import type { SourceMap } from './source-map.js';

interface SchemaNode {
  readonly 'x-expected'?: string;
  readonly 'x-secret'?: boolean;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly type?: string | readonly string[];
}

/**
 * Turns ajv's errors (run with allErrors and verbose) into diagnostics that say what was expected
 * and what was found, at the key or value they are about. Values under an `x-secret` schema are
 * described by their type only, so a password written by mistake is never echoed.
 */
export function schemaDiagnostics(errors: readonly ErrorObject[], positions: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const diagnostic = translate(error, positions);
    if (!diagnostic) continue;
    const key = `${diagnostic.position?.line}:${diagnostic.position?.column}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}

function translate(error: ErrorObject, positions: SourceMap): Diagnostic | undefined {
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const secret = parent['x-secret'] === true;
  const got = describe(error.data, secret);
  const expected = parent['x-expected'];
  const at = (position: SourcePosition, code: string, message: string): Diagnostic => ({
    position,
    code,
    message,
  });
  const valueAt = positions.value(error.instancePath);

  // A bad key in a map with propertyNames: ajv reports the key's own error, then a summary to skip.
  if (error.keyword === 'propertyNames') return undefined;
  if (error.propertyName !== undefined) {
    const name = error.propertyName;
    const position = positions.key(childPointer(error.instancePath, name));
    const allowed =
      error.keyword === 'enum' ? (error.params as { allowedValues: string[] }).allowedValues : [];
    const list = allowed.length > 0 ? ` (one of ${allowed.join(', ')})` : '';
    return at(
      position,
      'schema.key',
      `expected ${expected ?? 'a valid key'}${list}, but got "${name}"${didYouMean(name, allowed)}`,
    );
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(parent.properties ?? {});
      const position = positions.key(childPointer(error.instancePath, key));
      const wanted = known.length > 0 ? `one of ${known.join(', ')}` : (expected ?? 'no keys here');
      return at(
        position,
        'schema.unknown-key',
        `expected ${wanted}, but got unknown key "${key}"${didYouMean(key, known)}`,
      );
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const what = parent.properties?.[missing]?.['x-expected'];
      return at(
        positions.key(error.instancePath),
        'schema.required',
        `expected key "${missing}"${what ? ` (${what})` : ''}, but it is missing`,
      );
    }
    case 'type': {
      const takesText = [parent.type ?? []].flat().includes('string');
      if (secret && !takesText && typeof error.data !== 'object') {
        return at(
          valueAt,
          'schema.secret-literal',
          `expected ${expected ?? 'a secret reference'}, but got ${got}: secrets are never written literally, only where to find them`,
        );
      }
      return at(valueAt, 'schema.type', `expected ${expected ?? typeNames(parent.type)}, but got ${got}`);
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== null);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed.map(String)) : '';
      return at(
        valueAt,
        'schema.enum',
        `expected one of ${allowed.map(String).join(', ')}, but got ${got}${hint}`,
      );
    }
    case 'pattern':
      return at(
        valueAt,
        'schema.pattern',
        `expected ${expected ?? `text matching ${error.schema}`}, but got ${got}`,
      );
    case 'uniqueItems': {
      const { i } = error.params as { i: number; j: number };
      return at(
        positions.value(childPointer(error.instancePath, i)),
        'schema.unique',
        `expected ${expected ?? 'a list'} without repeats, but got ${describe((error.data as unknown[])[i], secret)} twice`,
      );
    }
    case 'minProperties':
    case 'maxProperties': {
      const keys = Object.keys((error.data ?? {}) as object);
      const found = keys.length === 0 ? 'an empty map' : `a map with ${keys.join(' and ')}`;
      return at(
        valueAt,
        'schema.size',
        `expected ${expected ?? `a map with ${error.message}`}, but got ${found}`,
      );
    }
    case 'minItems':
      return at(
        valueAt,
        'schema.size',
        `expected ${expected ?? 'a list'} with at least ${error.schema} item(s), but got ${got}`,
      );
    case 'minLength':
      return at(valueAt, 'schema.size', `expected ${expected ?? 'text'} (not empty), but got ${got}`);
    case 'maxLength':
      return at(
        valueAt,
        'schema.size',
        `expected ${expected ?? 'text'} of at most ${error.schema} characters, but got ${got}`,
      );
    case 'minimum':
    case 'maximum': {
      const bound = error.keyword === 'minimum' ? 'at least' : 'at most';
      return at(
        valueAt,
        'schema.range',
        `expected ${expected ?? `a number ${bound} ${error.schema}`}, but got ${got}`,
      );
    }
    default:
      return at(
        valueAt,
        'schema.invalid',
        `expected ${expected ?? 'a valid value'} (${error.message}), but got ${got}`,
      );
  }
}

function typeNames(type: string | readonly string[] | undefined): string {
  const names: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    string: 'text',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
  };
  // null is accepted only to delete a key in a patch: not worth suggesting.
  const list = [type ?? []].flat().filter((t) => t !== 'null');
  return list.map((t) => names[t] ?? t).join(' or ') || 'a value';
}

/** "text "abc"", "a list", "the number 3" ... (only the type for secrets). */
export function describe(value: unknown, secret = false): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty map' : 'a map';
  if (secret) return typeof value === 'string' ? 'text' : `a ${typeof value}`;
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return value === '' ? 'empty text' : `text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'boolean') return String(value);
  return `the number ${value}`;
}
