import type { Finding, Severity } from './finding.js';

/** `2 errors, 1 warning, no infos (1 waived)`: the counts a report starts with. */
export function describeFindings(findings: readonly Finding[]): string {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const part = (n: number, word: string) => `${n === 0 ? 'no' : n} ${word}${n === 1 ? '' : 's'}`;
  const waived = findings.filter((f) => f.waived !== undefined).length;
  return `${part(count('error'), 'error')}, ${part(count('warning'), 'warning')}, ${part(count('info'), 'info')}${
    waived > 0 ? ` (${waived} waived)` : ''
  }`;
}
