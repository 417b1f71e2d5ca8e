import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import type { Catalogue, ParameterDefinition } from './catalogue.js';
import type { UserParameter } from './state.js';

/**
 * From a group's values to the engine's settings, and from there to ALTER SYSTEM statements.
 * Pure; the worker runs the statements on the backing.
 */

/** The engine settings a parameter writes. */
export function engineNamesOf(def: ParameterDefinition): readonly string[] {
  if (def.effect === 'setting') return [def.name];
  if (def.effect === 'wal-level') return ['wal_level'];
  return [];
}

/** RDS booleans are 0/1; the engine's are off/on. */
function engineValue(def: ParameterDefinition, value: string): string {
  if (def.dataType === 'boolean') return value === '1' ? 'on' : 'off';
  return value;
}

/**
 * The settings the engine should run with for a group: every user value that reaches the engine,
 * and wal_level as RDS derives it (logical when rds.logical_replication is 1, replica otherwise).
 */
export function engineTarget(
  parameters: Readonly<Record<string, UserParameter>>,
  catalogue: Catalogue,
): Readonly<Record<string, string>> {
  const target: Record<string, string> = {};
  for (const [name, p] of Object.entries(parameters)) {
    const def = catalogue.find(name);
    if (def?.effect === 'setting') target[def.name] = engineValue(def, p.value);
  }
  const logical =
    parameters['rds.logical_replication']?.value ?? catalogue.find('rds.logical_replication')?.defaultValue;
  target.wal_level = logical === '1' ? 'logical' : 'replica';
  return target;
}

export interface EngineChange {
  readonly set: Readonly<Record<string, string>>;
  readonly reset: readonly string[];
}

/** What to SET and RESET to go from the applied settings to the target, optionally for some names only. */
export function diffSettings(
  applied: Readonly<Record<string, string>>,
  target: Readonly<Record<string, string>>,
  only?: readonly string[],
): EngineChange {
  const names = only ?? [...new Set([...Object.keys(applied), ...Object.keys(target)])];
  const set: Record<string, string> = {};
  const reset: string[] = [];
  for (const name of [...names].sort()) {
    const want = target[name];
    if (want === undefined) {
      if (applied[name] !== undefined) reset.push(name);
    } else if (applied[name] !== want) {
      set[name] = want;
    }
  }
  return { set, reset };
}

export function isEmptyChange(change: EngineChange): boolean {
  return change.reset.length === 0 && Object.keys(change.set).length === 0;
}

/**
 * Splits a list value (`"$user", public`) into items, honouring double quotes, so that each item
 * goes as its own literal: one literal `'a,b'` would be a single item named `a,b`.
 */
export function listItems(value: string): readonly string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') {
      if (quoted && value[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === ',' && !quoted) {
      items.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  items.push(current.trim());
  const kept = items.filter((item) => item !== '');
  // An empty list is one empty literal (`shared_preload_libraries = ''`).
  return kept.length > 0 ? kept : [''];
}

export interface SettingStatement {
  readonly name: string;
  readonly sql: string;
}

export function alterSystemStatements(
  change: EngineChange,
  catalogue: Catalogue,
): readonly SettingStatement[] {
  const statements: SettingStatement[] = [];
  for (const [name, value] of Object.entries(change.set)) {
    const items = catalogue.find(name)?.dataType === 'list' ? listItems(value) : [value];
    statements.push({
      name,
      sql: `ALTER SYSTEM SET ${quoteIdent(name)} TO ${items.map(quoteLiteral).join(', ')}`,
    });
  }
  for (const name of change.reset) statements.push({ name, sql: `ALTER SYSTEM RESET ${quoteIdent(name)}` });
  return statements;
}

/** The applied map after some statements of a change went through. */
export function appliedAfter(
  applied: Readonly<Record<string, string>>,
  change: EngineChange,
  done: readonly string[],
): Readonly<Record<string, string>> {
  const next: Record<string, string> = { ...applied };
  for (const name of done) {
    const value = change.set[name];
    if (value === undefined) delete next[name];
    else next[name] = value;
  }
  return next;
}
