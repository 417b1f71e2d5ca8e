import type { Catalogue, ParameterDefinition } from './catalogue.js';
import { invalidCombination, invalidValue, RdsApiError } from './errors.js';
import type { QueryForm } from './form.js';
import type { ApplyMethod } from './state.js';
import { parameterValueProblem } from './validation.js';

/** RDS takes at most 20 parameters per ModifyDBParameterGroup / ResetDBParameterGroup call. */
export const MAX_PARAMETERS_PER_CALL = 20;

export interface RequestedChange {
  readonly name: string;
  /** Undefined for a reset. */
  readonly value: string | undefined;
  readonly applyMethod: ApplyMethod;
}

function checkCount(items: readonly QueryForm[]): void {
  if (items.length === 0) {
    throw new RdsApiError(
      'MissingParameter',
      'The request must contain at least one parameter in Parameters',
    );
  }
  if (items.length > MAX_PARAMETERS_PER_CALL) {
    throw invalidValue(
      `A maximum of ${MAX_PARAMETERS_PER_CALL} parameters can be modified in a single request (got ${items.length})`,
    );
  }
}

function definitionFor(item: QueryForm, catalogue: Catalogue): ParameterDefinition {
  const name = item.string('ParameterName')?.toLowerCase();
  if (!name) throw new RdsApiError('MissingParameter', 'Each parameter must have a ParameterName');
  const def = catalogue.find(name);
  if (!def) throw invalidValue(`Could not find parameter with name: ${name}`);
  if (!def.isModifiable) throw invalidValue(`The parameter ${name} cannot be modified.`);
  return def;
}

function applyMethodOf(
  item: QueryForm,
  def: ParameterDefinition,
  fallback: ApplyMethod | undefined,
): ApplyMethod {
  const given = item.string('ApplyMethod');
  const method = given === undefined || given === '' ? fallback : given;
  if (method === undefined)
    throw new RdsApiError('MissingParameter', `ApplyMethod is required for parameter ${def.name}`);
  if (method !== 'immediate' && method !== 'pending-reboot') {
    throw invalidValue(
      `Invalid ApplyMethod '${method}' for parameter ${def.name}: expected immediate or pending-reboot`,
    );
  }
  if (method === 'immediate' && def.applyType === 'static') {
    throw invalidCombination('cannot use immediate apply method for static parameter');
  }
  return method;
}

/** ModifyDBParameterGroup's Parameters: every item valid or the whole call refused. */
export function parseModifications(
  items: readonly QueryForm[],
  catalogue: Catalogue,
): readonly RequestedChange[] {
  checkCount(items);
  return items.map((item) => {
    const def = definitionFor(item, catalogue);
    const value = item.string('ParameterValue');
    if (value === undefined)
      throw new RdsApiError('MissingParameter', `ParameterValue is required for ${def.name}`);
    const problem = parameterValueProblem(def, value);
    if (problem) throw invalidValue(problem);
    return { name: def.name, value, applyMethod: applyMethodOf(item, def, undefined) };
  });
}

/**
 * ResetDBParameterGroup's Parameters. Without an ApplyMethod, dynamic parameters reset at once and
 * static ones at the next reboot (what ResetAllParameters does).
 */
export function parseResets(items: readonly QueryForm[], catalogue: Catalogue): readonly RequestedChange[] {
  checkCount(items);
  return items.map((item) => {
    const def = definitionFor(item, catalogue);
    return {
      name: def.name,
      value: undefined,
      applyMethod: applyMethodOf(item, def, defaultResetMethod(def)),
    };
  });
}

export function defaultResetMethod(def: ParameterDefinition): ApplyMethod {
  return def.applyType === 'static' ? 'pending-reboot' : 'immediate';
}
