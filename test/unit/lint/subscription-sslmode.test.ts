import { describe, expect, it } from 'vitest';
import { subscriptionSslmodeInsecure } from '../../../src/lint/rules/subscription-sslmode.js';
import { CONNECTION, cleanDesired, cleanLive, run } from './states.js';

const at = (host: string, sslmode?: string) => ({
  connection: { ...CONNECTION, host, ...(sslmode === undefined ? { sslmode: undefined } : { sslmode }) },
});

describe('subscription-sslmode-insecure', () => {
  it.each([['prefer'], ['allow'], ['disable'], [undefined]])(
    'fires for sslmode %s to a remote host',
    (sslmode) => {
      const findings = run(
        subscriptionSslmodeInsecure,
        cleanDesired(),
        cleanLive(),
        at('db.example.com', sslmode),
      );
      expect(findings).toEqual([expect.objectContaining({ severity: 'warning', object: 'my_subscription' })]);
      expect(findings[0]!.fix).toContain('sslmode: require');
    },
  );

  it.each([['require'], ['verify-ca'], ['verify-full']])('is quiet for sslmode %s', (sslmode) => {
    expect(
      run(subscriptionSslmodeInsecure, cleanDesired(), cleanLive(), at('db.example.com', sslmode)),
    ).toEqual([]);
  });

  it('is quiet for loopback and Unix-socket connections, which cross no network', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '/var/run/postgresql']) {
      expect(run(subscriptionSslmodeInsecure, cleanDesired(), cleanLive(), at(host, 'prefer'))).toEqual([]);
    }
    expect(run(subscriptionSslmodeInsecure, cleanDesired(), cleanLive(), {})).toEqual([]);
  });
});
