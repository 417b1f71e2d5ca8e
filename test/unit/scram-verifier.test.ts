import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passwordForServer } from '../../src/sql/scram-verifier.js';

/** StoredKey and ServerKey recomputed from the verifier's own salt (RFC 5802 §3). */
function keysFor(password: string, salt: Buffer, iterations: number): [string, string] {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const stored = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest());
  return [stored.digest('base64'), createHmac('sha256', salted).update('Server Key').digest('base64')];
}

describe('the password a role is given', () => {
  it.each([`pa'ss\\ w"rd`, 'plain', `it's "q" \\ $HOME ünï 表`])(
    '%s: a SCRAM-SHA-256 verifier of it',
    (password) => {
      const verifier = passwordForServer(password);
      const [, iterations, salt, stored, server] =
        /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier) ?? [];
      expect(Number(iterations)).toBe(4096);
      expect([stored, server]).toEqual(keysFor(password, Buffer.from(salt!, 'base64'), 4096));
      expect(verifier).not.toContain(password);
    },
  );

  it('is a new salt each time', () => {
    expect(passwordForServer('same')).not.toBe(passwordForServer('same'));
  });

  it.each([
    ['a non-ASCII space SASLprep maps', 'pass\u00a0word'],
    ['a character SASLprep drops', 'pass\u00adword'],
    ['a form NFKC changes', 'ﬁle'],
    ['a right-to-left script', 'סיסמה'],
    ['a control character', 'pass\u0085word'],
  ])('is left as it is with %s (the server applies SASLprep itself)', (_what, password) => {
    expect(passwordForServer(password)).toBe(password);
  });
});
