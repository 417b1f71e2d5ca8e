import { parseArn } from './arn.js';
import type { ActionHandler, EndpointContext } from './context.js';
import { instanceNotFound, invalidCombination, invalidValue } from './errors.js';
import type { QueryForm } from './form.js';
import { requireGroup } from './groups.js';
import { attachGroup, requestReboot } from './instance-machine.js';
import { paginate } from './paging.js';
import { instanceFields } from './shapes.js';
import { type EndpointState, withInstance } from './state.js';
import { el } from './xml.js';

/** Identifiers are case-insensitive and may be given as ARNs. */
function identifierOf(ctx: EndpointContext, text: string): string {
  return text.startsWith('arn:') ? parseArn(text, ctx.region).name : text.toLowerCase();
}

function requireInstance(ctx: EndpointContext, state: EndpointState, text: string): void {
  const id = identifierOf(ctx, text);
  if (id !== state.instance.identifier) throw instanceNotFound(id);
}

/** DescribeDBInstances filters this endpoint understands. */
function matchesFilters(ctx: EndpointContext, state: EndpointState, form: QueryForm): boolean {
  return form.list('Filters', 'Filter').every((filter) => {
    const name = filter.string('Name');
    const values = filter.stringList('Values', 'Value');
    if (name === 'db-instance-id') {
      return values.some((v) => identifierOf(ctx, v) === state.instance.identifier);
    }
    if (name === 'engine') return values.includes('postgres');
    throw invalidValue(
      `Unrecognized filter name: ${name ?? ''}. This endpoint supports db-instance-id and engine`,
    );
  });
}

export const describeDBInstances: ActionHandler = async (ctx, form) => {
  const state = ctx.store.current;
  const id = form.string('DBInstanceIdentifier');
  if (id !== undefined) requireInstance(ctx, state, id);
  const instances = matchesFilters(ctx, state, form) ? [state] : [];
  const page = paginate(instances, form);
  return [
    el(
      'DBInstances',
      page.items.map((s) => el('DBInstance', instanceFields(ctx, s))),
    ),
    el('Marker', page.marker),
  ];
};

/** The only modification the local instance supports is its parameter group. */
const MODIFY_FIELDS = new Set([
  'Action',
  'Version',
  'DBInstanceIdentifier',
  'DBParameterGroupName',
  'ApplyImmediately',
]);

export const modifyDBInstance: ActionHandler = async (ctx, form) => {
  const id = form.required('DBInstanceIdentifier');
  requireInstance(ctx, ctx.store.current, id);
  const unsupported = form.keys().filter((k) => !MODIFY_FIELDS.has(k));
  if (unsupported.length > 0) {
    throw invalidCombination(
      `The local RDS endpoint can only change DBParameterGroupName; not supported: ${unsupported.join(', ')}`,
    );
  }
  form.boolean('ApplyImmediately'); // validated; a group change waits for a reboot either way
  const groupName = form.string('DBParameterGroupName')?.toLowerCase();
  if (groupName === undefined) throw invalidCombination('No modifications were requested');
  let attached = false;
  const state = await ctx.store.update((s) => {
    const group = requireGroup(ctx, s, groupName);
    if (group.family !== ctx.family) {
      throw invalidCombination(
        `The parameter group ${group.name} with DBParameterGroupFamily ${group.family} can't be used for this ` +
          `instance. Use a parameter group with DBParameterGroupFamily ${ctx.family}.`,
      );
    }
    const instance = attachGroup(s.instance, group.name);
    attached = instance !== s.instance;
    return withInstance(s, instance);
  });
  if (attached) ctx.worker.finishModifyLater();
  return [el('DBInstance', instanceFields(ctx, state))];
};

export const rebootDBInstance: ActionHandler = async (ctx, form) => {
  const id = form.required('DBInstanceIdentifier');
  requireInstance(ctx, ctx.store.current, id);
  if (form.boolean('ForceFailover') === true) {
    throw invalidCombination(
      `Cannot reboot DB instance ${identifierOf(ctx, id)} with failover: it is not Multi-AZ`,
    );
  }
  const state = await ctx.store.update((s) => withInstance(s, requestReboot(s.instance)));
  ctx.worker.rebootLater();
  return [el('DBInstance', instanceFields(ctx, state))];
};
