import {
  CreateDBParameterGroupCommand,
  type CreateDBParameterGroupCommandInput,
  DeleteDBParameterGroupCommand,
  type DeleteDBParameterGroupCommandInput,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
  ModifyDBParameterGroupCommand,
  type ModifyDBParameterGroupCommandInput,
  RebootDBInstanceCommand,
  type RebootDBInstanceCommandInput,
  ResetDBParameterGroupCommand,
  type ResetDBParameterGroupCommandInput,
} from '@aws-sdk/client-rds';
import type { RdsSender } from './endpoints.js';

type Input = Readonly<Record<string, unknown>>;

/** The plan carries inputs as JSON data; the planner shapes each for its operation. */
function shaped<T>(input: Input): T {
  return input as T;
}

/**
 * The RDS actions the planner emits, by operation name, each sent as its SDK command (the planner
 * shapes the input for its operation). A plan naming any other operation is refused before apply
 * changes anything.
 */
export const awsOperations = {
  CreateDBParameterGroup: (rds: RdsSender, input: Input) =>
    rds.send(new CreateDBParameterGroupCommand(shaped<CreateDBParameterGroupCommandInput>(input))),
  ModifyDBParameterGroup: (rds: RdsSender, input: Input) =>
    rds.send(new ModifyDBParameterGroupCommand(shaped<ModifyDBParameterGroupCommandInput>(input))),
  ResetDBParameterGroup: (rds: RdsSender, input: Input) =>
    rds.send(new ResetDBParameterGroupCommand(shaped<ResetDBParameterGroupCommandInput>(input))),
  DeleteDBParameterGroup: (rds: RdsSender, input: Input) =>
    rds.send(new DeleteDBParameterGroupCommand(shaped<DeleteDBParameterGroupCommandInput>(input))),
  ModifyDBInstance: (rds: RdsSender, input: Input) =>
    rds.send(new ModifyDBInstanceCommand(shaped<ModifyDBInstanceCommandInput>(input))),
  RebootDBInstance: (rds: RdsSender, input: Input) =>
    rds.send(new RebootDBInstanceCommand(shaped<RebootDBInstanceCommandInput>(input))),
} as const;

export type AwsOperation = keyof typeof awsOperations;

export function isAwsOperation(name: string): name is AwsOperation {
  return Object.hasOwn(awsOperations, name);
}
