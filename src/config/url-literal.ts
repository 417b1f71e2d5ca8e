/**
 * What is wrong with a connection URL written literally in replctl.yaml, or undefined. Literal
 * URLs are fine for reaching a server, never for carrying its password (in the user part or as a
 * `password=` parameter): that must come from a reference, PGPASSWORD or ~/.pgpass. The URL is
 * not echoed, in case it holds a secret after all.
 */
export function literalUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'expected a postgresql://user@host:port/dbname URL, but got text that does not parse as one';
  }
  if (url.password !== '' || url.searchParams.has('password')) {
    return 'expected the URL as a reference { env: NAME } or { file: PATH } because it holds a password, but got the URL written literally (secrets are never literal values)';
  }
  return undefined;
}

/** A resolved URL's shape check; the value itself never goes into the message. */
export function isPostgresUrl(text: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
