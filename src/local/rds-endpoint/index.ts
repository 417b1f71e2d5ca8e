/**
 * A local Amazon RDS Query-protocol endpoint backed by a real PostgreSQL cluster (design §6): the
 * real `@aws-sdk/client-rds` talks to it through AWS_ENDPOINT_URL_RDS. See docs/local-rds-endpoint.md.
 */
export type { RdsInstanceBacking } from './backing.js';
export { type RdsEndpoint, type RdsEndpointOptions, startRdsEndpoint } from './endpoint.js';
export { FAULTS_ENV, type FaultConfig, parseFaultSpec } from './faults.js';
export { SUPPORTED_ACTIONS } from './router.js';
export { ADMIN_FAULTS_PATH } from './server.js';
