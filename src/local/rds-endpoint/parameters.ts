import type { ActionHandler, EndpointContext } from './context.js';
import { invalidCombination, invalidValue } from './errors.js';
import { type GroupView, requireGroup } from './groups.js';
import { noteParameterChanges, type ParameterChange } from './instance-machine.js';
import { paginate } from './paging.js';
import {
  defaultResetMethod,
  parseModifications,
  parseResets,
  type RequestedChange,
} from './parameter-changes.js';
import { parameterFields } from './shapes.js';
import type { EndpointState, UserParameter } from './state.js';
import { el } from './xml.js';

const SOURCES = ['user', 'engine-default', 'system'] as const;

export const describeDBParameters: ActionHandler = async (ctx, form) => {
  const state = ctx.store.current;
  const group = requireGroup(ctx, state, form.required('DBParameterGroupName'));
  const source = form.string('Source');
  if (source !== undefined && !(SOURCES as readonly string[]).includes(source)) {
    throw invalidValue(`Invalid value '${source}' for Source: expected ${SOURCES.join(', ')}`);
  }
  if (form.list('Filters', 'Filter').length > 0) {
    throw invalidValue('Filters are not supported by DescribeDBParameters: use Source');
  }
  const rows = ctx.catalogue.parameters
    .map((def) => ({ def, user: group.parameters[def.name] }))
    .filter(({ def, user }) => source === undefined || (user ? 'user' : def.defaultSource) === source);
  const page = paginate(rows, form);
  return [
    el(
      'Parameters',
      page.items.map(({ def, user }) => el('Parameter', parameterFields(def, user))),
    ),
    el('Marker', page.marker),
  ];
};

function writableGroup(ctx: EndpointContext, state: EndpointState, name: string): GroupView {
  const group = requireGroup(ctx, state, name);
  if (group.isDefault) throw invalidValue('Cannot modify a default parameter group.');
  return group;
}

/**
 * Stores the group's new values and tells the instance about those that really changed: immediate
 * ones are applied in the background, the others wait for a reboot.
 */
async function changeGroup(
  ctx: EndpointContext,
  name: string,
  compute: (group: GroupView) => readonly RequestedChange[],
): Promise<void> {
  let immediate = false;
  await ctx.store.update((state) => {
    const group = writableGroup(ctx, state, name);
    const parameters: Record<string, UserParameter> = { ...group.parameters };
    const effective: ParameterChange[] = [];
    for (const change of compute(group)) {
      const before = parameters[change.name];
      if (change.value === undefined) delete parameters[change.name];
      else parameters[change.name] = { value: change.value, applyMethod: change.applyMethod };
      if (before?.value !== change.value) effective.push(change);
    }
    const instance = noteParameterChanges(state.instance, group.name, effective);
    immediate = instance !== state.instance && effective.some((c) => c.applyMethod === 'immediate');
    const stored = state.groups[group.name]!;
    return { ...state, groups: { ...state.groups, [group.name]: { ...stored, parameters } }, instance };
  });
  if (immediate) ctx.worker.applyImmediateLater();
}

export const modifyDBParameterGroup: ActionHandler = async (ctx, form) => {
  const name = form.required('DBParameterGroupName').toLowerCase();
  // The group is checked first: a missing group is a 404 whatever the parameters say.
  writableGroup(ctx, ctx.store.current, name);
  const changes = parseModifications(form.list('Parameters', 'Parameter'), ctx.catalogue);
  await changeGroup(ctx, name, () => changes);
  return [el('DBParameterGroupName', name)];
};

export const resetDBParameterGroup: ActionHandler = async (ctx, form) => {
  const name = form.required('DBParameterGroupName').toLowerCase();
  writableGroup(ctx, ctx.store.current, name);
  const all = form.boolean('ResetAllParameters') ?? false;
  const items = form.list('Parameters', 'Parameter');
  if (all && items.length > 0) {
    throw invalidCombination('Specify either ResetAllParameters or Parameters, not both');
  }
  if (!all && items.length === 0) {
    throw invalidCombination('Specify ResetAllParameters=true or the Parameters to reset');
  }
  const listed = all ? [] : parseResets(items, ctx.catalogue);
  await changeGroup(ctx, name, (group) =>
    all
      ? Object.keys(group.parameters).flatMap((p) => {
          const def = ctx.catalogue.find(p);
          return def ? [{ name: p, value: undefined, applyMethod: defaultResetMethod(def) }] : [];
        })
      : listed,
  );
  return [el('DBParameterGroupName', name)];
};
