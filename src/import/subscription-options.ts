import { readFileSync } from 'node:fs';
import { PG16, PG18 } from '../introspect/server-version.js';
import type { SettingValue } from '../model/desired-state.js';

/**
 * The options a changeset may give a subscription: the changeset schema's list, so that import
 * and validation never disagree about what is expressible.
 */
export function expressibleSubscriptionOptions(): ReadonlySet<string> {
  cached ??= readOptionNames();
  return cached;
}

let cached: ReadonlySet<string> | undefined;

function readOptionNames(): ReadonlySet<string> {
  // dist/import/ and src/import/ are both two levels below the package root.
  const url = new URL('../../schemas/changeset.schema.json', import.meta.url);
  const schema = JSON.parse(readFileSync(url, 'utf8')) as {
    $defs: { subscription: { properties: { options: { propertyNames: { enum: string[] } } } } };
  };
  return new Set(schema.$defs.subscription.properties.options.propertyNames.enum);
}

/** An option as introspection reads it (text) as a changeset writes it: true/false, else text. */
export function optionValue(text: string): SettingValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/**
 * CREATE SUBSCRIPTION's default for an option on a target of `serverVersionNum`, in the form
 * `optionValue` gives; undefined for options without a fixed default. Options at their default
 * are left out of a first import, to keep it short: the planner only compares options a changeset
 * names, so leaving one out never plans a change.
 */
export function defaultOptionValue(option: string, serverVersionNum: number): SettingValue | undefined {
  switch (option) {
    case 'binary':
    case 'two_phase':
    case 'disable_on_error':
    case 'run_as_owner':
    case 'failover':
      return false;
    case 'password_required':
      return true;
    case 'streaming':
      return serverVersionNum >= PG18 ? 'parallel' : 'off';
    case 'origin':
      return serverVersionNum >= PG16 ? 'any' : undefined;
    case 'synchronous_commit':
      return 'off';
    default:
      return undefined;
  }
}
