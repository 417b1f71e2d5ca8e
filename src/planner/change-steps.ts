import type { Change } from './changes.js';
import type { PlanContext } from './context.js';
import type { DraftStep } from './draft-step.js';
import { connectSteps, selectSteps, usageSteps } from './steps-grants.js';
import {
  addPublicationTablesSteps,
  createPublicationSteps,
  dropPublicationSteps,
  dropPublicationTablesSteps,
  publicationOptionsSteps,
  replacePublicationTablesSteps,
} from './steps-publications.js';
import {
  attachGroupSteps,
  createParameterGroupSteps,
  modifyParametersSteps,
  rebootSteps,
  resetParametersSteps,
  waitInSyncSteps,
} from './steps-rds.js';
import { alterRoleSteps, createRoleSteps, dropRoleSteps, setRolePasswordSteps } from './steps-roles.js';
import { reloadSteps, resetSettingSteps, restartSteps, setSettingSteps } from './steps-settings.js';
import {
  createSubscriptionSteps,
  dropSubscriptionSteps,
  refreshSubscriptionSteps,
  subscriptionConnectionSteps,
  subscriptionEnabledSteps,
  subscriptionOptionsSteps,
  subscriptionPublicationsSteps,
  truncateTablesSteps,
  waitSyncedSteps,
} from './steps-subscriptions.js';
import {
  addColumnsSteps,
  createDatabaseSteps,
  createSchemasSteps,
  createTablesSteps,
} from './steps-target.js';

/** The unordered steps of one change. */
export function changeSteps(change: Change, context: PlanContext): DraftStep[] {
  switch (change.kind) {
    case 'SetSetting':
      return setSettingSteps(change);
    case 'ResetSetting':
      return resetSettingSteps(change);
    case 'ReloadSource':
      return reloadSteps(change);
    case 'RestartSource':
      return restartSteps(change, context.restart);
    case 'CreateRole':
      return createRoleSteps(change);
    case 'AlterRole':
      return alterRoleSteps(change);
    case 'SetRolePassword':
      return setRolePasswordSteps(change);
    case 'DropRole':
      return dropRoleSteps(change);
    case 'GrantConnect':
    case 'RevokeConnect':
      return connectSteps(change);
    case 'GrantUsage':
    case 'RevokeUsage':
      return usageSteps(change);
    case 'GrantSelect':
    case 'RevokeSelect':
      return selectSteps(change);
    case 'CreatePublication':
      return createPublicationSteps(change);
    case 'SetPublicationOptions':
      return publicationOptionsSteps(change);
    case 'AddPublicationTables':
      return addPublicationTablesSteps(change);
    case 'ReplacePublicationTables':
      return replacePublicationTablesSteps(change);
    case 'DropPublicationTables':
      return dropPublicationTablesSteps(change);
    case 'DropPublication':
      return dropPublicationSteps(change);
    case 'CreateTargetDatabase':
      return createDatabaseSteps(change);
    case 'CreateTargetSchemas':
      return createSchemasSteps(change);
    case 'CreateTargetTables':
      return createTablesSteps(change);
    case 'AddTargetColumns':
      return addColumnsSteps(change);
    case 'CreateParameterGroup':
      return createParameterGroupSteps(change);
    case 'ModifyParameterGroup':
      return modifyParametersSteps(change);
    case 'ResetParameters':
      return resetParametersSteps(change);
    case 'AttachParameterGroup':
      return attachGroupSteps(change);
    case 'RebootInstance':
      return rebootSteps(change);
    case 'WaitInstanceInSync':
      return waitInSyncSteps(change);
    case 'CreateSubscription':
      return createSubscriptionSteps(change);
    case 'SetSubscriptionConnection':
      return subscriptionConnectionSteps(change);
    case 'SetSubscriptionOptions':
      return subscriptionOptionsSteps(change);
    case 'SetSubscriptionPublications':
      return subscriptionPublicationsSteps(change);
    case 'SetSubscriptionEnabled':
      return subscriptionEnabledSteps(change);
    case 'RefreshSubscription':
      return refreshSubscriptionSteps(change);
    case 'TruncateTargetTables':
      return truncateTablesSteps(change);
    case 'WaitSubscriptionSynced':
      return waitSyncedSteps(change);
    case 'DropSubscription':
      return dropSubscriptionSteps(change);
  }
}
