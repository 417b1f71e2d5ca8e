import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { Severity } from './finding.js';
import type { LintContext } from './lint-context.js';

export interface LintInput {
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly context: LintContext;
}

/** What a rule reports; the registry adds the rule's id and severity. */
export interface RuleFinding {
  readonly object: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * A lint rule: a pure function of the desired state, the live state and the context. Rules reason
 * about the state after the plan where the plan changes what they look at (a table the plan
 * creates from the source will have the published columns; a setting the plan changes will have
 * the desired value), so a fresh environment gives no finding the plan itself resolves.
 */
export interface LintRule {
  /** Stable: waivers and CI name it. Kebab-case. */
  readonly id: string;
  readonly severity: Severity;
  /** One line for docs and help: what the rule checks. */
  readonly summary: string;
  check(input: LintInput): readonly RuleFinding[];
}
