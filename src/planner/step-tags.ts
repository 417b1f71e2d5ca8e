/**
 * Dependency tags: a step provides tags for what it brings about and needs tags for what must be
 * in place first. Plain strings so that `order` can link thousands of them through one Map.
 */
export const Tag = {
  sourceSettings: 'source:settings',
  sourceReloaded: 'source:reloaded',
  sourceRestarted: 'source:restarted',
  /** The source is back after a restart; every later source step needs it. */
  sourceUp: 'source:up',
  /** The RDS instance is available and in-sync; every target step needs it. */
  targetUp: 'target:up',
  targetDatabase: 'target:database',
  targetSchemas: 'target:schemas',
  /** Target tables and columns are in place: publication changes and subscriptions need them. */
  targetTables: 'target:tables',
  parameterGroup: (group: string) => `rds:group:${group}`,
  parameters: 'rds:parameters',
  groupAttached: 'rds:attached',
  rebooted: 'rds:rebooted',
  role: (role: string) => `role:${role}`,
  grants: (role: string) => `grants:${role}`,
  revoked: (role: string) => `revoked:${role}`,
  publication: (name: string) => `publication:${name}`,
  publicationMembers: (name: string) => `publication-members:${name}`,
  publicationShrunk: (name: string) => `publication-shrunk:${name}`,
  /** No subscription uses the publication any more. */
  publicationReleased: (name: string) => `publication-released:${name}`,
  unpublished: (table: string) => `unpublished:${table}`,
  subscriptionCreated: (name: string) => `subscription-created:${name}`,
  subscriptionConfigured: (name: string) => `subscription-configured:${name}`,
  subscriptionEnabled: (name: string) => `subscription-enabled:${name}`,
  subscriptionPublications: (name: string) => `subscription-publications:${name}`,
  subscriptionTablesEmptied: (name: string) => `subscription-tables-emptied:${name}`,
  /** Subscriptions let go of tables they held from an interrupted removal (before ADD TABLE). */
  staleTablesReleased: 'subscriptions:stale-released',
  /** Something the initial-sync wait of the subscription waits for. */
  subscriptionSyncing: (name: string) => `subscription-syncing:${name}`,
  subscriptionDropped: 'subscription:dropped',
} as const;
