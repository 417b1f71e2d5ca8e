import type { ParameterDefinition } from './catalogue.js';

const INTEGER = /^-?\d+$/;
const FLOAT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const MAX_VALUE_LENGTH = 4096;

/**
 * Checks a value against the parameter's type and range or choices, as RDS does before it stores
 * anything. Returns a message for InvalidParameterValue, or undefined when the value is fine.
 * Formulas such as `{DBInstanceClassMemory/32768}` are not understood here.
 */
export function parameterValueProblem(def: ParameterDefinition, value: string): string | undefined {
  const bad = (expected: string) =>
    `Invalid value '${value}' for parameter ${def.name}: expected ${expected}`;
  if (value.includes('\0')) return bad('text without NUL characters');
  if (value.length > MAX_VALUE_LENGTH) return bad(`at most ${MAX_VALUE_LENGTH} characters`);
  switch (def.dataType) {
    case 'boolean':
      return value === '0' || value === '1' ? undefined : bad('0 or 1');
    case 'integer':
    case 'float': {
      const pattern = def.dataType === 'integer' ? INTEGER : FLOAT;
      const kind = def.dataType === 'integer' ? 'an integer' : 'a number';
      if (!pattern.test(value)) return bad(def.range ? `${kind} in ${def.allowedValues}` : kind);
      const n = Number(value);
      if (def.range && (n < def.range.min || n > def.range.max))
        return bad(`${kind} in ${def.allowedValues}`);
      return undefined;
    }
    default:
      if (def.choices && !def.choices.includes(value)) return bad(`one of ${def.choices.join(', ')}`);
      return undefined;
  }
}
