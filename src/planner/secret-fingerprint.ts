import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

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
  checkSalt(salt);
  return format(salt, hash(value, salt));
}

/** `fingerprintSecret` on the libuv threadpool, so the caller's thread can go on meanwhile. */
export async function fingerprintSecretAsync(
  value: string,
  salt: string = randomBytes(16).toString('base64url'),
): Promise<string> {
  checkSalt(salt);
  return format(salt, await hashAsync(value, salt));
}

/**
 * Whether `fingerprint` was made from `value`. Accepts the fingerprint as recorded or without its
 * leading `replctl:` (the COMMENT marker, which introspection may strip). Anything else is false.
 */
export function fingerprintMatches(fingerprint: string | undefined, value: string): boolean {
  const recorded = parseFingerprint(fingerprint);
  return recorded !== undefined && timingSafeEqual(recorded.hash, hash(value, recorded.salt));
}

/** `fingerprintMatches` on the libuv threadpool. */
export async function fingerprintMatchesAsync(
  fingerprint: string | undefined,
  value: string,
): Promise<boolean> {
  const recorded = parseFingerprint(fingerprint);
  return recorded !== undefined && timingSafeEqual(recorded.hash, await hashAsync(value, recorded.salt));
}

function parseFingerprint(fingerprint: string | undefined): { salt: string; hash: Buffer } | undefined {
  if (fingerprint === undefined) return undefined;
  const full = fingerprint.startsWith('replctl:') ? fingerprint : `replctl:${fingerprint}`;
  if (!full.startsWith(PREFIX)) return undefined;
  const [salt, encoded, ...rest] = full.slice(PREFIX.length).split(':');
  if (salt === undefined || encoded === undefined || rest.length > 0 || !SALT_PATTERN.test(salt))
    return undefined;
  const expected = Buffer.from(encoded, 'base64url');
  return expected.length === KEY_LENGTH ? { salt, hash: expected } : undefined;
}

function checkSalt(salt: string): void {
  if (!SALT_PATTERN.test(salt)) throw new Error('a fingerprint salt is base64url text');
}

function format(salt: string, digest: Buffer): string {
  return `${PREFIX}${salt}:${digest.toString('base64url')}`;
}

function hash(value: string, salt: string): Buffer {
  return scryptSync(value, salt, KEY_LENGTH);
}

function hashAsync(value: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(value, salt, KEY_LENGTH, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
