import { arnOf } from './arn.js';
import type { ParameterDefinition } from './catalogue.js';
import type { EndpointContext } from './context.js';
import type { GroupView } from './groups.js';
import { parameterApplyStatus } from './instance-machine.js';
import type { EndpointState, Tag, UserParameter } from './state.js';
import { el, type XmlElement } from './xml.js';

/**
 * The XML shapes of RDS's output structures, with the element names the SDK's deserializer looks
 * for (list members: `<Parameter>`, `<DBParameterGroup>`, `<DBInstance>`, `<Tag>`).
 */

export function parameterGroupFields(ctx: EndpointContext, g: GroupView): readonly XmlElement[] {
  return [
    el('DBParameterGroupName', g.name),
    el('DBParameterGroupFamily', g.family),
    el('Description', g.description),
    el('DBParameterGroupArn', arnOf(ctx.region, 'pg', g.name)),
  ];
}

export function parameterFields(
  def: ParameterDefinition,
  user: UserParameter | undefined,
): readonly XmlElement[] {
  return [
    el('ParameterName', def.name),
    el('ParameterValue', user ? user.value : def.defaultValue),
    el('Description', def.description),
    el('Source', user ? 'user' : def.defaultSource),
    el('ApplyType', def.applyType),
    el('DataType', def.dataType),
    el('AllowedValues', def.allowedValues),
    el('IsModifiable', def.isModifiable),
    el('ApplyMethod', user ? user.applyMethod : 'pending-reboot'),
  ];
}

export function tagList(tags: readonly Tag[]): readonly XmlElement[] {
  return tags.map((t) => el('Tag', [el('Key', t.key), el('Value', t.value)]));
}

export function instanceFields(ctx: EndpointContext, state: EndpointState): readonly XmlElement[] {
  const i = state.instance;
  const arn = arnOf(ctx.region, 'db', i.identifier);
  return [
    el('DBInstanceIdentifier', i.identifier),
    el('DBInstanceClass', 'db.t3.micro'),
    el('Engine', 'postgres'),
    el('DBInstanceStatus', i.status),
    el('Endpoint', [el('Address', ctx.address), el('Port', ctx.port)]),
    el('AllocatedStorage', 20),
    el('InstanceCreateTime', i.createdAt),
    el('DBParameterGroups', [
      el('DBParameterGroup', [
        el('DBParameterGroupName', i.parameterGroupName),
        el('ParameterApplyStatus', parameterApplyStatus(i)),
      ]),
    ]),
    el('AvailabilityZone', `${ctx.region}a`),
    el('PendingModifiedValues', []),
    el('MultiAZ', false),
    el('EngineVersion', ctx.engineVersion),
    el('AutoMinorVersionUpgrade', false),
    el('PubliclyAccessible', false),
    el('StorageType', 'gp3'),
    el('StorageEncrypted', false),
    el('DbiResourceId', `db-local-${i.identifier}`),
    el('DBInstanceArn', arn),
    el('TagList', tagList(state.tags[arn] ?? [])),
    el('DeletionProtection', false),
  ];
}
