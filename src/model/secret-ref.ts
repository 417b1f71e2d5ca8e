/**
 * Secrets are never literal values in YAML, plans, the journal or logs: only references, resolved at
 * the moment a command needs the value (design §2, §3).
 */
export type SecretRef = { readonly env: string } | { readonly file: string };

export function describeSecretRef(ref: SecretRef): string {
  return 'env' in ref ? `env:${ref.env}` : `file:${ref.file}`;
}

/** A value that may be given literally or, like a port, through the environment. */
export type ValueOrRef<T> = T | SecretRef;
