import { ExitCode, ReplctlError } from '../errors.js';
import type { Plan } from '../planner/plan.js';

/**
 * Refuses a saved plan (`apply plan.json`) when the live state it was made from has changed since, or
 * a changeset it was made from was edited or removed (design §5). Exit 3.
 */
export function assertPlanFresh(
  plan: Plan,
  currentLiveFingerprint: string,
  currentChecksums: Readonly<Record<string, string>>,
): void {
  const reasons: string[] = [];
  if (plan.liveFingerprint !== currentLiveFingerprint) {
    reasons.push('the live state of the databases or the RDS API changed since the plan was made');
  }
  for (const [version, checksum] of Object.entries(plan.changesetChecksums)) {
    const now = currentChecksums[version];
    if (now === undefined) reasons.push(`changeset ${version} no longer exists`);
    else if (now !== checksum) reasons.push(`changeset ${version} changed since the plan was made`);
  }
  if (reasons.length > 0) {
    throw new ReplctlError(
      `Refusing a stale plan (made ${plan.createdAt}):\n${reasons.map((r) => `  - ${r}`).join('\n')}\n` +
        'Make a new plan and review it.',
      ExitCode.refusedStale,
    );
  }
}
