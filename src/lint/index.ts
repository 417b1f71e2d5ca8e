export { blockingFindings, compareFindings, type Finding, SEVERITIES, type Severity } from './finding.js';
export { lint, UNKNOWN_WAIVER_RULE } from './lint.js';
export type { LintContext } from './lint-context.js';
export type { LintInput, LintRule, RuleFinding } from './lint-rule.js';
export { LINT_RULES } from './rules/index.js';
