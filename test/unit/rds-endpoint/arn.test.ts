import { describe, expect, it } from 'vitest';
import { arnOf, parseArn } from '../../../src/local/rds-endpoint/arn.js';

describe('ARNs', () => {
  it('builds and parses parameter group and instance ARNs', () => {
    expect(arnOf('us-east-1', 'pg', 'logical')).toBe('arn:aws:rds:us-east-1:000000000000:pg:logical');
    expect(parseArn('arn:aws:rds:us-east-1:000000000000:db:Reporting-Replica', 'us-east-1')).toEqual({
      kind: 'db',
      name: 'reporting-replica',
    });
  });

  it('refuses other services, kinds, regions and accounts', () => {
    expect(() => parseArn('arn:aws:s3:::bucket', 'us-east-1')).toThrow(/Invalid resource name/);
    expect(() => parseArn('arn:aws:rds:us-east-1:000000000000:og:x', 'us-east-1')).toThrow(
      /Invalid resource name/,
    );
    expect(() => parseArn('arn:aws:rds:eu-west-1:000000000000:pg:x', 'us-east-1')).toThrow(/this region/);
    expect(() => parseArn('arn:aws:rds:us-east-1:123456789012:pg:x', 'us-east-1')).toThrow(/this region/);
  });
});
