import { describe, expect, it } from 'vitest';
import { discoveryRequest, selectObjects } from '../../../src/import/selection.js';
import type { Discovery } from '../../../src/introspect/discover.js';
import { handBuiltDiscovery, role } from './hand-built.js';

const request = { publications: [], subscriptions: [], connectionUser: 'replicator' };

function withSubscriptions(
  discovery: Discovery,
  subscriptions: Discovery['target']['subscriptions'],
): Discovery {
  return { ...discovery, target: { ...discovery.target, subscriptions } };
}

const other = {
  name: 'elsewhere',
  database: 'app',
  publications: ['my_publication'],
  slotName: 'elsewhere',
  enabled: true,
};

describe('selectObjects: what import brings under management', () => {
  it('takes every publication, the subscriptions replicating from this source, its roles and the attached group', () => {
    expect(selectObjects(handBuiltDiscovery(), request)).toEqual({
      publications: ['my_publication'],
      subscriptions: ['my_subscription'],
      roles: ['replicator'],
      settings: ['wal_level', 'max_replication_slots', 'max_wal_senders'],
      targetDatabase: 'app',
      parameterGroup: 'logical-replication-pg',
      findings: [],
    });
  });

  it('leaves out, and names, a subscription whose slot is not on this source', () => {
    const base = handBuiltDiscovery();
    const discovery = withSubscriptions(base, [...base.target.subscriptions, other]);
    const selection = selectObjects(discovery, request);
    expect(selection.subscriptions).toEqual(['my_subscription']);
    expect(selection.findings).toEqual([
      {
        kind: 'excluded',
        object: 'subscription elsewhere',
        message:
          'it uses replication slot elsewhere, which is not a slot of source database app: it connects to another server (or its slot was dropped)',
      },
    ]);
    expect(() => selectObjects(discovery, { ...request, subscriptions: ['elsewhere'] })).toThrow(
      /^cannot import subscription elsewhere: it uses replication slot elsewhere/,
    );
  });

  it('refuses subscriptions in several target databases, and names a publication or subscription that does not exist', () => {
    const base = handBuiltDiscovery();
    const discovery: Discovery = {
      ...withSubscriptions(base, [...base.target.subscriptions, { ...other, database: 'reports' }]),
      source: {
        ...base.source,
        slots: [
          ...base.source.slots,
          { name: 'elsewhere', slotType: 'logical', database: 'app', active: false, activeUser: null },
        ],
      },
    };
    expect(() => selectObjects(discovery, request)).toThrow(
      'expected the subscriptions to import to be in one target database (a changeset has one target.database), but got several: app (my_subscription); reports (elsewhere); choose with --subscription',
    );
    expect(selectObjects(discovery, { ...request, subscriptions: ['elsewhere'] })).toMatchObject({
      subscriptions: ['elsewhere'],
      targetDatabase: 'reports',
    });
    expect(() => selectObjects(discovery, { ...request, publications: ['nope'] })).toThrow(
      'expected --publication to name a publication of source database app (my_publication), but got "nope"',
    );
    expect(() => selectObjects(discovery, { ...request, subscriptions: ['nope'] })).toThrow(
      /but got "nope"$/,
    );
  });

  it('never imports a superuser, and skips a default parameter group', () => {
    const base = handBuiltDiscovery();
    const discovery: Discovery = {
      ...base,
      source: { ...base.source, roles: [role('postgres', { superuser: true, named: true }), role('etl')] },
      rds: { ...base.rds!, parameterGroupName: 'default.postgres16' },
    };
    const selection = selectObjects(discovery, { ...request, connectionUser: 'postgres' });
    expect(selection.roles).toEqual(['etl']);
    expect(selection.parameterGroup).toBeUndefined();
    expect(selection.findings.map((f) => [f.kind, f.object])).toEqual([
      ['excluded', 'role postgres'],
      ['excluded', 'parameter group default.postgres16'],
    ]);
  });

  it('with --as-patch, reads exactly what the project manages, plus what is asked for', () => {
    const managed = {
      publications: ['my_publication', 'gone'],
      subscriptions: ['my_subscription'],
      roles: ['replicator'],
      settings: ['wal_level'],
      targetDatabase: 'app',
      parameterGroup: 'logical-replication-pg',
    };
    expect(discoveryRequest(handBuiltDiscovery().target, { ...request, managed })).toEqual({
      publications: ['gone', 'my_publication'],
      roles: ['replicator'],
    });
    expect(selectObjects(handBuiltDiscovery(), { ...request, managed })).toMatchObject({
      publications: ['gone', 'my_publication'],
      subscriptions: ['my_subscription'],
      roles: ['replicator'],
      settings: ['wal_level'],
    });
  });

  it('asks the source about every publication when nothing is named, else about those named and received', () => {
    const target = handBuiltDiscovery().target;
    expect(discoveryRequest(target, request)).toEqual({ publications: 'all', roles: ['replicator'] });
    expect(discoveryRequest(target, { ...request, subscriptions: ['my_subscription'] })).toMatchObject({
      publications: ['my_publication'],
    });
  });
});
