import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * A fingerprint of a secret that replctl set, recorded in a COMMENT (`COMMENT ON ROLE … IS '…'`,
 * `COMMENT ON SUBSCRIPTION … IS '…'`), so a rotation is seen without ever reading the secret or
 * its verifier back (design §8). scrypt with a per-fingerprint salt makes the comment useless for
 * guessing the secret offline.
 *
 * Format: `replctl:v1:scrypt:<salt>:<hash>` (salt and hash base64url).
 */
const PREFIX = 'replctl:v1:scrypt:';
const KEY_LENGTH = 32;
const SALT_PATTERN = /^[A-Za-z0-9_-]+$/;

export function fingerprintSecret(
  value: string,
  salt: string = randomBytes(16).toString('base64url'),
): string {
  if (!SALT_PATTERN.test(salt)) throw new Error('a fingerprint salt is base64url text');
  return `${PREFIX}${salt}:${hash(value, salt).toString('base64url')}`;
}

/**
 * Whether `fingerprint` was made from `value`. Accepts the fingerprint as recorded or without its
 * leading `replctl:` (the COMMENT marker, which introspection may strip). Anything else is false.
 */
export function fingerprintMatches(fingerprint: string | undefined, value: string): boolean {
  if (fingerprint === undefined) return false;
  const full = fingerprint.startsWith('replctl:') ? fingerprint : `replctl:${fingerprint}`;
  if (!full.startsWith(PREFIX)) return false;
  const [salt, encoded, ...rest] = full.slice(PREFIX.length).split(':');
  if (salt === undefined || encoded === undefined || rest.length > 0 || !SALT_PATTERN.test(salt))
    return false;
  const expected = Buffer.from(encoded, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  return timingSafeEqual(expected, hash(value, salt));
}

function hash(value: string, salt: string): Buffer {
  return scryptSync(value, salt, KEY_LENGTH);
}
