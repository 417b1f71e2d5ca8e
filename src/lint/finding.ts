/** How much a finding matters: errors block `apply` (unless waived), warnings and infos inform. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * One lint finding: which rule, about which object, what is wrong and why it matters, and how to
 * fix it. `object` is what a waiver names (`lint.waive.<ruleId>.<object>`): a table in changeset
 * spelling (`public.audit_log`), a subscription, slot, setting or role name.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly object: string;
  /** What is wrong and why it matters. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** The reason given in the changeset's `lint.waive`, when the finding is waived. */
  readonly waived?: string;
}

/** Errors first, then warnings and infos; within a severity by rule id, then object. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.object, b.object) ||
    compare(a.message, b.message)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The findings that stop `apply`: errors nobody waived. */
export function blockingFindings(findings: readonly Finding[]): readonly Finding[] {
  return findings.filter((f) => f.severity === 'error' && f.waived === undefined);
}
