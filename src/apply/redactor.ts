/**
 * Scrubs resolved secret values from any text leaving the engine: error messages, journal rows,
 * progress lines (design §5: secrets never appear in the journal, logs or error messages).
 *
 * A secret can reappear escaped, e.g. PostgreSQL echoing a statement or a conninfo, so each value is
 * scrubbed in its SQL-literal, backslash and libpq-conninfo spellings too.
 */
export class Redactor {
  readonly #needles = new Set<string>();
  #ordered: readonly string[] = [];

  add(secret: string): void {
    if (secret === '') return;
    for (const variant of spellings(secret)) this.#needles.add(variant);
    // Longest first, so a variant that contains another is replaced whole.
    this.#ordered = [...this.#needles].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const needle of this.#ordered) out = out.replaceAll(needle, '<redacted>');
    // A role's password goes to the server as its SCRAM verifier (fresh salt every time, so never
    // a needle): as good as the password for an offline guess, and echoed by a failed statement.
    return out.replace(SCRAM_VERIFIER, '<redacted>');
  }
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, as pg_authid holds it. */
const SCRAM_VERIFIER = /SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/g;

const escapes: readonly ((s: string) => string)[] = [
  (s) => s.replaceAll("'", "''"), // SQL string literal
  (s) => s.replaceAll('\\', '\\\\'), // E'' literal body
  (s) => s.replaceAll('\\', '\\\\').replaceAll("'", "\\'"), // libpq conninfo value
];

/** The value and every composition of up to three escapes (a conninfo inside an E'' literal, …). */
function spellings(secret: string): readonly string[] {
  let found = new Set([secret]);
  for (let depth = 0; depth < 3; depth++) {
    const next = new Set(found);
    for (const s of found) for (const spell of escapes) next.add(spell(s));
    found = next;
  }
  return [...found];
}
