import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's own default (scram_iterations, 16+; fixed before). */
const ITERATIONS = 4096;

/**
 * What `CREATE ROLE ... PASSWORD` is given for `password`: its SCRAM-SHA-256 verifier, as libpq's
 * PQencryptPasswordConn and psql's \password make it, so the plaintext never reaches the server,
 * where `log_statement = ddl` (common in production) or a failed statement would log it. A
 * password that SASLprep (RFC 4013) could change is returned as it is: the server then derives
 * the verifier itself, exactly as it would have.
 */
export function passwordForServer(password: string): string {
  if (!saslprepKeeps(password)) return password;
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Whether SASLprep leaves `password` as it is, so hashing it here gives the verifier PostgreSQL
 * would. Printable ASCII always; beyond it, only assigned letters, marks, numbers, punctuation and
 * symbols outside right-to-left scripts that NFKC does not change — no spaces to map, characters
 * to drop, prohibited characters or bidirectional rules to apply.
 */
function saslprepKeeps(password: string): boolean {
  if (/^[\x20-\x7e]*$/.test(password)) return true;
  if (password.normalize('NFKC') !== password) return false;
  for (const char of password) {
    if (/^[\x20-\x7e]$/.test(char)) continue;
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char)) return false;
    if (/^[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]$/u.test(char))
      return false;
    if (mappedToNothing(char.codePointAt(0)!)) return false;
  }
  return true;
}

/** RFC 3454 table B.1: characters SASLprep drops. */
function mappedToNothing(code: number): boolean {
  return (
    [0x00ad, 0x034f, 0x1806, 0x2060, 0xfeff].includes(code) ||
    (code >= 0x180b && code <= 0x180d) ||
    (code >= 0x200b && code <= 0x200d) ||
    (code >= 0xfe00 && code <= 0xfe0f)
  );
}
