import type { ParameterDefinition } from './catalogue.js';

/**
 * Parameters that exist only on RDS. `rds.logical_replication` is the one that matters: RDS runs
 * the engine with wal_level=logical when it is 1 (replica otherwise), and it takes a reboot. The
 * others are common in real parameter groups; they are validated and stored, and have no effect
 * on the local engine.
 */
export const RDS_ONLY_PARAMETERS: readonly ParameterDefinition[] = [
  {
    name: 'rds.logical_replication',
    effect: 'wal-level',
    dataType: 'boolean',
    applyType: 'static',
    isModifiable: true,
    description: 'Enables logical decoding.',
    allowedValues: '0,1',
    defaultValue: '0',
    defaultSource: 'engine-default',
  },
  {
    name: 'rds.force_ssl',
    effect: 'none',
    dataType: 'boolean',
    applyType: 'dynamic',
    isModifiable: true,
    description: 'Force SSL connections.',
    allowedValues: '0,1',
    defaultValue: '0',
    defaultSource: 'system',
  },
  {
    name: 'rds.log_retention_period',
    effect: 'none',
    dataType: 'integer',
    applyType: 'dynamic',
    isModifiable: true,
    description: 'Amazon RDS for PostgreSQL will delete PostgreSQL logs that are older than N minutes.',
    allowedValues: '1440-10080',
    range: { min: 1440, max: 10080 },
    defaultValue: '4320',
    defaultSource: 'system',
  },
];
