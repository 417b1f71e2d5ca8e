import { arnOf, parseArn } from './arn.js';
import type { ActionHandler, EndpointContext } from './context.js';
import { instanceNotFound, invalidValue } from './errors.js';
import type { QueryForm } from './form.js';
import { requireGroup } from './groups.js';
import { tagList } from './shapes.js';
import type { EndpointState, Tag } from './state.js';
import { el } from './xml.js';

const MAX_TAGS = 50;

/** `Tags.Tag.N.Key` / `.Value`, checked as RDS does (keys 1–128 chars, values up to 256, no `aws:`). */
export function parseTags(form: QueryForm): readonly Tag[] {
  return form.list('Tags', 'Tag').map((t) => {
    const key = t.string('Key') ?? '';
    const value = t.string('Value') ?? '';
    if (key.length < 1 || key.length > 128) throw invalidValue('A tag key must be 1 to 128 characters long');
    if (key.toLowerCase().startsWith('aws:')) throw invalidValue(`Tag keys cannot start with aws: (${key})`);
    if (value.length > 256) throw invalidValue(`The value of tag ${key} is longer than 256 characters`);
    return { key, value };
  });
}

/** Later tags with the same key replace earlier ones. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): readonly Tag[] {
  const byKey = new Map(existing.map((t) => [t.key, t]));
  for (const t of added) byKey.set(t.key, t);
  if (byKey.size > MAX_TAGS) throw invalidValue(`A resource can have at most ${MAX_TAGS} tags`);
  return [...byKey.values()];
}

/** The canonical ARN of an existing resource, or the NotFound error of its kind. */
function existingResource(ctx: EndpointContext, state: EndpointState, arn: string): string {
  const resource = parseArn(arn, ctx.region);
  if (resource.kind === 'pg') return arnOf(ctx.region, 'pg', requireGroup(ctx, state, resource.name).name);
  if (resource.name !== state.instance.identifier) throw instanceNotFound(resource.name);
  return arnOf(ctx.region, 'db', resource.name);
}

export const listTagsForResource: ActionHandler = async (ctx, form) => {
  if (form.list('Filters', 'Filter').length > 0) {
    throw invalidValue('Filters are not supported by ListTagsForResource');
  }
  const state = ctx.store.current;
  const arn = existingResource(ctx, state, form.required('ResourceName'));
  return [el('TagList', tagList(state.tags[arn] ?? []))];
};

export const addTagsToResource: ActionHandler = async (ctx, form) => {
  const name = form.required('ResourceName');
  const added = parseTags(form);
  if (added.length === 0) throw invalidValue('Tags must contain at least one tag');
  await ctx.store.update((state) => {
    const arn = existingResource(ctx, state, name);
    return { ...state, tags: { ...state.tags, [arn]: mergeTags(state.tags[arn] ?? [], added) } };
  });
  return undefined;
};

export const removeTagsFromResource: ActionHandler = async (ctx, form) => {
  const name = form.required('ResourceName');
  const keys = new Set(form.stringList('TagKeys'));
  await ctx.store.update((state) => {
    const arn = existingResource(ctx, state, name);
    const kept = (state.tags[arn] ?? []).filter((t) => !keys.has(t.key));
    const { [arn]: _removed, ...others } = state.tags;
    return { ...state, tags: kept.length > 0 ? { ...others, [arn]: kept } : others };
  });
  return undefined;
};
