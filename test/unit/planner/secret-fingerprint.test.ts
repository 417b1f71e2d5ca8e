import { describe, expect, it } from 'vitest';
import {
  fingerprintMatches,
  fingerprintMatchesAsync,
  fingerprintSecret,
  fingerprintSecretAsync,
} from '../../../src/planner/secret-fingerprint.js';

describe('fingerprintSecret', () => {
  it('has the replctl:v1:scrypt:<salt>:<hash> form and never holds the secret', () => {
    const fingerprint = fingerprintSecret('correct horse', 'c2FsdA');
    expect(fingerprint).toMatch(/^replctl:v1:scrypt:c2FsdA:[A-Za-z0-9_-]{43}$/);
    expect(fingerprint).not.toContain('correct');
  });

  it('is deterministic for a given salt and differs between salts', () => {
    expect(fingerprintSecret('pw', 'salt1')).toBe(fingerprintSecret('pw', 'salt1'));
    expect(fingerprintSecret('pw', 'salt1')).not.toBe(fingerprintSecret('pw', 'salt2'));
  });

  it('draws a fresh salt by default', () => {
    expect(fingerprintSecret('pw')).not.toBe(fingerprintSecret('pw'));
  });

  it('refuses a salt that would break the format', () => {
    expect(() => fingerprintSecret('pw', 'a:b')).toThrow(/base64url/);
  });
});

describe('fingerprintMatches', () => {
  const fingerprint = fingerprintSecret('s3cret', 'abc');

  it('matches the secret it was made from', () =>
    expect(fingerprintMatches(fingerprint, 's3cret')).toBe(true));
  it('does not match a rotated secret', () => expect(fingerprintMatches(fingerprint, 's3cret2')).toBe(false));
  it('matches the comment payload without its replctl: marker', () => {
    expect(fingerprintMatches(fingerprint.slice('replctl:'.length), 's3cret')).toBe(true);
  });
  it.each([
    [undefined],
    [''],
    ['a comment someone wrote'],
    ['replctl:v1:scrypt:abc'],
    ['replctl:v1:scrypt:abc:short'],
    ['replctl:v2:scrypt:abc:AAAA'],
    [`${fingerprint}:extra`],
  ])('is false for %j', async (value) => {
    expect(fingerprintMatches(value, 's3cret')).toBe(false);
    expect(await fingerprintMatchesAsync(value, 's3cret')).toBe(false);
  });
});

describe('the threadpool forms', () => {
  it('make and check the same fingerprints as the synchronous ones', async () => {
    expect(await fingerprintSecretAsync('pw', 'salt1')).toBe(fingerprintSecret('pw', 'salt1'));
    expect(await fingerprintMatchesAsync(fingerprintSecret('pw', 'abc'), 'pw')).toBe(true);
    expect(await fingerprintMatchesAsync(fingerprintSecret('pw', 'abc'), 'pw2')).toBe(false);
    expect(fingerprintMatches(await fingerprintSecretAsync('pw'), 'pw')).toBe(true);
  });

  it('refuse a salt that would break the format', async () => {
    await expect(fingerprintSecretAsync('pw', 'a:b')).rejects.toThrow(/base64url/);
  });
});
