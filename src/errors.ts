/**
 * Errors that reach the user. Commands throw; only `bin/replctl.js` turns the exit code into the
 * process's exit status (design §7).
 */
export const ExitCode = {
  ok: 0,
  error: 1,
  planHasChanges: 2,
  refusedStale: 3,
  lockHeld: 4,
  stoppedResumable: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A position in a user's file, 1-based, as editors show it. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One problem found in user input: where it is and what was expected instead. */
export interface Diagnostic {
  readonly position: SourcePosition | undefined;
  /** Stable code for tests and tooling, e.g. `schema.unknown-key`, `yaml.syntax`. */
  readonly code: string;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}: ` : '';
  return `${where}${d.message}`;
}

export class ReplctlError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.error,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReplctlError';
  }
}

/** Bad user input: every problem of the run, so users fix them all at once. */
export class InputError extends ReplctlError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'), ExitCode.error);
    this.name = 'InputError';
  }
}
