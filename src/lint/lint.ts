import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { canonicalTableOrUndefined } from '../planner/table-names.js';
import { compareFindings, type Finding } from './finding.js';
import type { LintContext } from './lint-context.js';
import type { LintRule } from './lint-rule.js';
import { LINT_RULES } from './rules/index.js';

/** The rule that reports waivers naming no rule (a typo would otherwise waive nothing, silently). */
export const UNKNOWN_WAIVER_RULE = 'lint-waiver-unknown-rule';

/**
 * Lints the desired state against the live one (pure: no I/O), as the plan would leave things.
 * Findings the changeset waives (`lint.waive.<ruleId>.<object>: reason`, `*` for every object of
 * the rule) carry the reason in `waived`; they are reported, but do not block apply.
 *
 * @example
 * const findings = lint(prepared.desired, prepared.live, { connection });
 * if (blockingFindings(findings).length > 0) throw …
 */
export function lint(
  desired: DesiredState,
  live: LiveState,
  context: LintContext,
  rules: readonly LintRule[] = LINT_RULES,
): Finding[] {
  const input = { desired, live, context };
  const waivers = desired.lint?.waive ?? {};
  const findings: Finding[] = rules.flatMap((rule) =>
    rule.check(input).map((f) => {
      const waived = waiverFor(waivers[rule.id], f.object);
      return {
        ruleId: rule.id,
        severity: rule.severity,
        object: f.object,
        message: f.message,
        fix: f.fix,
        ...(waived === undefined ? {} : { waived }),
      };
    }),
  );
  const known = new Set([...LINT_RULES.map((r) => r.id), ...rules.map((r) => r.id), UNKNOWN_WAIVER_RULE]);
  for (const id of Object.keys(waivers)) {
    if (known.has(id)) continue;
    findings.push({
      ruleId: UNKNOWN_WAIVER_RULE,
      severity: 'warning',
      object: id,
      message: `lint.waive names ${JSON.stringify(id)}, which is no lint rule: it waives nothing.`,
      fix: 'Use a rule id that `replctl lint` prints (docs/lint-rules.md lists them all), or remove the waiver.',
    });
  }
  return findings.sort(compareFindings);
}

/** The reason waiving `object`: by exact name, by the same table spelled otherwise, or `*`. */
function waiverFor(
  objects: Readonly<Record<string, string>> | undefined,
  object: string,
): string | undefined {
  if (objects === undefined) return undefined;
  const exact = objects[object];
  if (exact !== undefined) return exact;
  const table = canonicalTableOrUndefined(object);
  if (table !== undefined) {
    for (const [key, reason] of Object.entries(objects)) {
      if (canonicalTableOrUndefined(key) === table) return reason;
    }
  }
  return objects['*'];
}
