import { arnOf } from './arn.js';
import type { ActionHandler, EndpointContext } from './context.js';
import { invalidValue, RdsApiError } from './errors.js';
import { allGroups, findGroup, requireGroup } from './groups.js';
import { paginate } from './paging.js';
import { parameterGroupFields } from './shapes.js';
import { parseTags } from './tags.js';
import { el } from './xml.js';

/** RDS's identifier rule: a letter first, then letters, digits and single hyphens, no hyphen last. */
const GROUP_NAME = /^[a-z](?:[a-z0-9]|-(?!-))*$/;

export function groupNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 255 || !GROUP_NAME.test(name) || name.endsWith('-')) {
    return (
      `The parameter DBParameterGroupName is not a valid identifier (${name}). Identifiers must begin with a ` +
      'letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain ' +
      'two consecutive hyphens.'
    );
  }
  return undefined;
}

/** The PostgreSQL families RDS has (postgres12…), up to the backing's own. */
function checkFamily(ctx: EndpointContext, family: string): void {
  const major = /^postgres(\d+)$/.exec(family);
  const newest = Math.max(18, Number(ctx.family.slice('postgres'.length)));
  if (!major || Number(major[1]) < 12 || Number(major[1]) > newest) {
    throw invalidValue(
      `DBParameterGroupFamily ${family} is not valid: expected postgres12 to postgres${newest}`,
    );
  }
}

export const createDBParameterGroup: ActionHandler = async (ctx, form) => {
  const name = form.required('DBParameterGroupName').toLowerCase();
  const family = form.required('DBParameterGroupFamily').toLowerCase();
  const description = form.required('Description');
  const problem = groupNameProblem(name);
  if (problem) throw invalidValue(problem);
  checkFamily(ctx, family);
  const tags = parseTags(form);
  const state = await ctx.store.update((s) => {
    if (findGroup(ctx, s, name)) {
      throw new RdsApiError('DBParameterGroupAlreadyExists', `Parameter group ${name} already exists`);
    }
    const arn = arnOf(ctx.region, 'pg', name);
    return {
      ...s,
      groups: { ...s.groups, [name]: { name, family, description, parameters: {} } },
      tags: tags.length > 0 ? { ...s.tags, [arn]: tags } : s.tags,
    };
  });
  return [el('DBParameterGroup', parameterGroupFields(ctx, requireGroup(ctx, state, name)))];
};

export const describeDBParameterGroups: ActionHandler = async (ctx, form) => {
  if (form.list('Filters', 'Filter').length > 0) {
    throw invalidValue('Filters are not supported by DescribeDBParameterGroups: use DBParameterGroupName');
  }
  const state = ctx.store.current;
  const name = form.string('DBParameterGroupName');
  const groups = name === undefined ? allGroups(ctx, state) : [requireGroup(ctx, state, name)];
  const page = paginate(groups, form);
  return [
    el(
      'DBParameterGroups',
      page.items.map((g) => el('DBParameterGroup', parameterGroupFields(ctx, g))),
    ),
    el('Marker', page.marker),
  ];
};

export const deleteDBParameterGroup: ActionHandler = async (ctx, form) => {
  const name = form.required('DBParameterGroupName').toLowerCase();
  await ctx.store.update((s) => {
    const group = requireGroup(ctx, s, name);
    if (group.isDefault) {
      throw new RdsApiError(
        'InvalidDBParameterGroupState',
        `Default DBParameterGroup cannot be deleted: ${name}`,
      );
    }
    if (s.instance.parameterGroupName === name) {
      throw new RdsApiError(
        'InvalidDBParameterGroupState',
        `One or more database instances are still members of this parameter group ${name}, so the group cannot be deleted`,
      );
    }
    const { [name]: _group, ...groups } = s.groups;
    const { [arnOf(ctx.region, 'pg', name)]: _tags, ...tags } = s.tags;
    return { ...s, groups, tags };
  });
  return undefined;
};
