import { describe, expect, it } from 'vitest';
import { hbaVerdict } from '../../../src/lint/hba-match.js';
import { pgHbaLineError, pgHbaNoMatch, pgHbaUnchecked } from '../../../src/lint/rules/pg-hba.js';
import type { HbaRule } from '../../../src/model/live-state.js';
import { CONNECTION, cleanDesired, cleanLive, hbaLine, run, withSource } from './states.js';

function withHba(hba: HbaRule[] | undefined) {
  const live = cleanLive();
  return withSource(live, hba === undefined ? { hba: undefined } : { hba });
}

const LOOPBACK = { connection: { ...CONNECTION, host: '127.0.0.1', sslmode: 'prefer' } };

describe('pg-hba-no-match', () => {
  it('fires when only a replication line names the role: logical replication needs a database line', () => {
    const live = withHba([hbaLine(1, 'host replication replicator 10.0.0.0 255.0.0.0 md5')]);
    const findings = run(pgHbaNoMatch, cleanDesired(), live);
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'pg-hba-no-match', severity: 'error', object: 'replicator@app' }),
    ]);
    expect(findings[0]!.message).toContain('no line matches it');
    expect(findings[0]!.message).toContain('not checked');
    expect(findings[0]!.fix).toContain('host  app  replicator  <target address>/32  scram-sha-256');
  });

  it('names the line that rejects the connection first', () => {
    const live = withHba([
      hbaLine(1, 'host all all 127.0.0.0 255.0.0.0 reject'),
      hbaLine(2, 'host app replicator 127.0.0.1 255.255.255.255 md5'),
    ]);
    expect(run(pgHbaNoMatch, cleanDesired(), live, LOOPBACK)[0]!.message).toContain(
      'line 1 of pg_hba.conf (host all all 127.0.0.0 reject) rejects it',
    );
    // Where the target's address is not known, a reject line may not apply: only sure failures are reported.
    expect(run(pgHbaNoMatch, cleanDesired(), live)).toEqual([]);
  });

  it('matches the loopback address of a loopback connection against the line netmask', () => {
    const other = withHba([hbaLine(1, 'host app replicator 10.0.0.0 255.0.0.0 md5')]);
    expect(run(pgHbaNoMatch, cleanDesired(), other, LOOPBACK)[0]!.message).toContain('from 127.0.0.1');
    const local = withHba([hbaLine(1, 'host app replicator 127.0.0.1 255.255.255.255 scram-sha-256')]);
    expect(run(pgHbaNoMatch, cleanDesired(), local, LOOPBACK)).toEqual([]);
    const v6 = withHba([hbaLine(1, 'host app replicator ::1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff md5')]);
    expect(
      run(pgHbaNoMatch, cleanDesired(), v6, { connection: { ...LOOPBACK.connection, host: 'localhost' } }),
    ).toEqual([]);
    expect(run(pgHbaNoMatch, cleanDesired(), v6, LOOPBACK)).toHaveLength(1);
  });

  it('honours hostssl and hostnossl against sslmode', () => {
    const ssl = withHba([hbaLine(1, 'hostssl app replicator 10.0.0.0 255.0.0.0 md5')]);
    expect(run(pgHbaNoMatch, cleanDesired(), ssl)).toEqual([]);
    expect(
      run(pgHbaNoMatch, cleanDesired(), ssl, { connection: { ...CONNECTION, sslmode: 'disable' } }),
    ).toHaveLength(1);
    const nossl = withHba([hbaLine(1, 'hostnossl app replicator 10.0.0.0 255.0.0.0 md5')]);
    expect(run(pgHbaNoMatch, cleanDesired(), nossl)).toHaveLength(1);
    expect(
      run(pgHbaNoMatch, cleanDesired(), nossl, { connection: { ...CONNECTION, sslmode: 'prefer' } }),
    ).toEqual([]);
  });

  it('is quiet for all, sameuser, +role and regular expressions that match, and without subscriptions', () => {
    for (const line of [
      'host all all 0.0.0.0 0.0.0.0 md5',
      'host app +replicator 10.0.0.0 255.0.0.0 md5',
      'host /^ap+$ /^repl 10.0.0.0 255.0.0.0 md5',
      'host samerole replicator 10.0.0.0 255.0.0.0 md5',
    ]) {
      expect(run(pgHbaNoMatch, cleanDesired(), withHba([hbaLine(1, line)]))).toEqual([]);
    }
    const base = cleanDesired();
    const noSubscriptions = { ...base, target: { ...base.target, subscriptions: {} } };
    expect(run(pgHbaNoMatch, noSubscriptions, withHba([]))).toEqual([]);
  });

  it('skips lines with errors and local lines', () => {
    const live = withHba([
      hbaLine(1, 'local all all - - trust'),
      hbaLine(2, 'host app replicator 10.0.0.0 255.0.0.0 md5', 'invalid authentication method'),
    ]);
    expect(run(pgHbaNoMatch, cleanDesired(), live)).toHaveLength(1);
  });
});

describe('hbaVerdict', () => {
  it('takes a line that may match (a group, a host name) as accepting, not certain', () => {
    const verdict = hbaVerdict([hbaLine(1, 'host app +replicators source.example - md5')], {
      database: 'app',
      user: 'replicator',
      socket: false,
      addresses: ['10.1.1.1'],
      ssl: [true],
    });
    expect(verdict).toMatchObject({ kind: 'accepted', certain: false });
  });
});

describe('pg-hba-line-error', () => {
  it('fires per line with an error, naming the file and line', () => {
    const live = withHba([
      { ...hbaLine(3, 'host app replicator 10.0.0.0 255.0.0.0 md5'), fileName: '/etc/pg/pg_hba.conf' },
      { ...hbaLine(7, '- - - - - -', 'invalid connection type "hots"'), fileName: '/etc/pg/pg_hba.conf' },
    ]);
    const findings = run(pgHbaLineError, cleanDesired(), live);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'pg-hba-line-error',
        severity: 'error',
        object: '/etc/pg/pg_hba.conf:7',
      }),
    ]);
    expect(findings[0]!.message).toContain('invalid connection type "hots"');
    expect(run(pgHbaLineError)).toEqual([]);
  });
});

describe('pg-hba-unchecked', () => {
  it('is an info when pg_hba_file_rules could not be read', () => {
    expect(run(pgHbaUnchecked, cleanDesired(), withHba(undefined))).toEqual([
      expect.objectContaining({ ruleId: 'pg-hba-unchecked', severity: 'info', object: 'pg_hba.conf' }),
    ]);
    expect(run(pgHbaNoMatch, cleanDesired(), withHba(undefined))).toEqual([]);
    expect(run(pgHbaUnchecked)).toEqual([]);
  });
});
