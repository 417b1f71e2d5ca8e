import type { LintRule } from '../lint-rule.js';
import {
  initialSyncCapacity,
  logicalWorkersCapacity,
  replicationSlotsCapacity,
  walSendersBelowSlots,
  walSendersCapacity,
  workerProcessesCapacity,
} from './capacity.js';
import { copyDataNonEmptyTarget } from './copy-data-non-empty-target.js';
import { columnListMissingReplicaIdentity, rowFilterOutsideReplicaIdentity } from './identity-coverage.js';
import { pgHbaLineError, pgHbaNoMatch, pgHbaUnchecked } from './pg-hba.js';
import { publicationRequiresSuperuser } from './publication-requires-superuser.js';
import { replicaIdentityMissing } from './replica-identity-missing.js';
import { replicationRoleAttributes, replicationRoleSelectMissing } from './replication-role.js';
import { replicationSlotInactive, replicationSlotOrphan } from './replication-slots.js';
import { rdsRebootRequired, sourceRestartRequired } from './restart-required.js';
import { sequencesNotReplicated } from './sequences-not-replicated.js';
import { subscriptionSslmodeInsecure } from './subscription-sslmode.js';
import {
  targetColumnMissing,
  targetColumnNotNullUnpublished,
  targetColumnTypeIncompatible,
  targetColumnTypeLossy,
} from './target-columns.js';
import { walLevelNotLogical } from './wal-level-not-logical.js';

/** Every lint rule, in the order docs/lint-rules.md lists them. Ids are stable: waivers name them. */
export const LINT_RULES: readonly LintRule[] = [
  replicaIdentityMissing,
  rowFilterOutsideReplicaIdentity,
  columnListMissingReplicaIdentity,
  targetColumnMissing,
  targetColumnTypeIncompatible,
  targetColumnTypeLossy,
  targetColumnNotNullUnpublished,
  pgHbaNoMatch,
  pgHbaLineError,
  pgHbaUnchecked,
  subscriptionSslmodeInsecure,
  walLevelNotLogical,
  replicationRoleAttributes,
  replicationRoleSelectMissing,
  replicationSlotsCapacity,
  walSendersCapacity,
  walSendersBelowSlots,
  workerProcessesCapacity,
  logicalWorkersCapacity,
  initialSyncCapacity,
  replicationSlotInactive,
  replicationSlotOrphan,
  sequencesNotReplicated,
  copyDataNonEmptyTarget,
  publicationRequiresSuperuser,
  rdsRebootRequired,
  sourceRestartRequired,
];
