import type { ActionHandler } from './context.js';
import { RdsApiError } from './errors.js';
import { describeDBInstances, modifyDBInstance, rebootDBInstance } from './instances.js';
import {
  createDBParameterGroup,
  deleteDBParameterGroup,
  describeDBParameterGroups,
} from './parameter-groups.js';
import { describeDBParameters, modifyDBParameterGroup, resetDBParameterGroup } from './parameters.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js';

/** The RDS actions the local endpoint speaks; every other one is InvalidAction. */
const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  ['CreateDBParameterGroup', createDBParameterGroup],
  ['DescribeDBParameterGroups', describeDBParameterGroups],
  ['DescribeDBParameters', describeDBParameters],
  ['ModifyDBParameterGroup', modifyDBParameterGroup],
  ['ResetDBParameterGroup', resetDBParameterGroup],
  ['DeleteDBParameterGroup', deleteDBParameterGroup],
  ['DescribeDBInstances', describeDBInstances],
  ['ModifyDBInstance', modifyDBInstance],
  ['RebootDBInstance', rebootDBInstance],
  ['ListTagsForResource', listTagsForResource],
  ['AddTagsToResource', addTagsToResource],
  ['RemoveTagsFromResource', removeTagsFromResource],
]);

export const SUPPORTED_ACTIONS: readonly string[] = [...ACTIONS.keys()];

export function handlerFor(action: string): ActionHandler {
  const handler = ACTIONS.get(action);
  if (!handler) {
    throw new RdsApiError(
      'InvalidAction',
      `The action ${action} is not valid for this web service (local RDS endpoint)`,
    );
  }
  return handler;
}
