import { stringify } from 'yaml';

/**
 * How an AWS call's input is shown to people: keys sorted at every level, so the same call always
 * reads the same whatever order the planner built the object in. The JSON document keeps the input as
 * the planner made it.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Compact YAML for the terminal (`lineWidth: 0`: long values are never folded). */
export function awsInputYaml(input: Readonly<Record<string, unknown>>): string {
  if (Object.keys(input).length === 0) return '{}';
  return stringify(sortKeys(input), { lineWidth: 0 }).trimEnd();
}

/** Indented JSON for Markdown's ```json fences. */
export function awsInputJson(input: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(sortKeys(input), null, 2);
}
