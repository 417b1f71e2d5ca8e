import type { Diagnostic } from '../errors.js';

/** By file, line and column, as compilers print them (stable: same place keeps found order). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const file = (d: Diagnostic) => d.position?.file ?? '';
  return [...diagnostics].sort(
    (a, b) =>
      file(a).localeCompare(file(b)) ||
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0),
  );
}
