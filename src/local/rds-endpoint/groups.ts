import type { EndpointContext } from './context.js';
import { groupNotFound } from './errors.js';
import type { EndpointState, UserParameter } from './state.js';

/** A parameter group as the API shows it: a stored one or the default group of the family. */
export interface GroupView {
  readonly name: string;
  readonly family: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, UserParameter>>;
  readonly isDefault: boolean;
}

function defaultGroup(ctx: EndpointContext): GroupView {
  return {
    name: ctx.defaultGroupName,
    family: ctx.family,
    description: `Default parameter group for ${ctx.family}`,
    parameters: {},
    isDefault: true,
  };
}

export function findGroup(ctx: EndpointContext, state: EndpointState, name: string): GroupView | undefined {
  const key = name.toLowerCase();
  if (key === ctx.defaultGroupName) return defaultGroup(ctx);
  const stored = state.groups[key];
  return stored ? { ...stored, isDefault: false } : undefined;
}

export function requireGroup(ctx: EndpointContext, state: EndpointState, name: string): GroupView {
  const group = findGroup(ctx, state, name);
  if (!group) throw groupNotFound(name);
  return group;
}

/** Sorted by name, as RDS lists them. */
export function allGroups(ctx: EndpointContext, state: EndpointState): readonly GroupView[] {
  const stored = Object.values(state.groups).map((g) => ({ ...g, isDefault: false }));
  return [defaultGroup(ctx), ...stored].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
