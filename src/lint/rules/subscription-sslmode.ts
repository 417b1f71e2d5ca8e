import type { LintRule } from '../lint-rule.js';
import { loopbackAddresses } from '../subscription-endpoint.js';

const SECURE = new Set(['require', 'verify-ca', 'verify-full']);

/**
 * Subscription connections should use sslmode=require or verify-* (design §8, runbook security
 * note 2): with prefer or allow a server without SSL, or anyone in between, gets the replication
 * role's password exchange and every replicated row in clear text. A loopback host never leaves
 * the machine, so it is not reported.
 */
export const subscriptionSslmodeInsecure: LintRule = {
  id: 'subscription-sslmode-insecure',
  severity: 'warning',
  summary: 'the subscription connection does not require SSL (sslmode=require or verify-*)',
  check({ desired, context }) {
    const connection = context.connection;
    if (connection === undefined) return [];
    const sslmode = connection.sslmode;
    if (sslmode !== undefined && SECURE.has(sslmode)) return [];
    if (connection.host.startsWith('/') || loopbackAddresses(connection.host) !== undefined) return [];
    return Object.keys(desired.target?.subscriptions ?? {})
      .sort()
      .map((name) => ({
        object: name,
        message:
          `Subscription ${name} connects to ${connection.host} with sslmode=${sslmode ?? 'prefer (the default)'}: ` +
          'the connection may run without SSL, so the replicated rows (and, with weak auth methods, the ' +
          'password) cross the network in clear text, and the server is not authenticated.',
        fix:
          'Set sslmode: require (or verify-full with the server CA) under subscriptionConnection in ' +
          'replctl.yaml, with ssl = on on the source and a hostssl line in pg_hba.conf; the next apply ' +
          'changes the subscription in place (ALTER SUBSCRIPTION … CONNECTION).',
      }));
  },
};
