/**
 * replctl keeps a fingerprint of the secrets it set (a role's password, a subscription's
 * connection) in the object's COMMENT, so a rotation is seen without reading a secret back
 * (design §8). The format is `replctl:<fingerprint>`; other comments belong to the users.
 */
export const FINGERPRINT_COMMENT_PREFIX = 'replctl:';

/** The COMMENT text that records `fingerprint`. */
export function fingerprintComment(fingerprint: string): string {
  return `${FINGERPRINT_COMMENT_PREFIX}${fingerprint}`;
}

/** The fingerprint a COMMENT records, or undefined when replctl did not write it. */
export function parseFingerprintComment(comment: string | null | undefined): string | undefined {
  if (!comment?.startsWith(FINGERPRINT_COMMENT_PREFIX)) return undefined;
  const fingerprint = comment.slice(FINGERPRINT_COMMENT_PREFIX.length).trim();
  return fingerprint === '' ? undefined : fingerprint;
}
