import type { ImportFinding } from './finding.js';
import type { SecretAdoption } from './secret-adoption.js';

/**
 * Whether the fingerprints were recorded: `done`, `off` (--no-record-fingerprints), or `stopped`
 * (import stopped before recording: a refused plan, a failed COMMENT).
 */
export type Recording = 'done' | 'off' | 'stopped';

/** What import did or did not do about each secret, in words (pure; never a secret's value). */
export function adoptionFindings(
  adoptions: readonly SecretAdoption[],
  recording: Recording,
): ImportFinding[] {
  return adoptions.flatMap((a): ImportFinding[] => {
    const message = messageFor(a, recording);
    return message === undefined ? [] : [{ kind: 'note', object: `${a.object} ${a.name}`, message }];
  });
}

function messageFor(a: SecretAdoption, recording: Recording): string | undefined {
  const thing = a.object === 'role' ? 'password' : 'connection';
  const setStep =
    a.object === 'role'
      ? `ALTER ROLE ${a.name} PASSWORD, which sets the password to the value of ${a.secret}`
      : `ALTER SUBSCRIPTION ${a.name} CONNECTION with the environment's subscriptionConnection`;
  const outcome = a.outcome;
  switch (outcome.kind) {
    case 'matches':
      return undefined;
    case 'record': {
      if (recording === 'stopped') return undefined;
      if (recording === 'off') {
        return `no fingerprint of ${a.secret} recorded (--no-record-fingerprints): plan will show ${setStep}`;
      }
      const checked = outcome.verified
        ? 'the source accepted it'
        : `not verified: ${outcome.why ?? 'unknown'}`;
      const replaced =
        a.replacesComment === undefined ? '' : `; this replaces its comment "${a.replacesComment}"`;
      return `recorded a fingerprint of ${a.secret} in its COMMENT (${checked}); the ${thing} itself is unchanged${replaced}`;
    }
    case 'rotation':
      return `replctl recorded a fingerprint of another ${thing} earlier: plan will show ${setStep} (a rotation)`;
    case 'unresolved':
      return `${outcome.reason}: nothing recorded; set it, then import again (or plan will want to set it)`;
    case 'refused':
      return `the source refused ${a.secret} as the password: no fingerprint recorded, and plan will show ${setStep}; set ${a.secret} to the current password and import again`;
    case 'other-user':
      return `it replicates as user ${outcome.user}, not as the subscriptionConnection's user: no fingerprint recorded, and plan will show ${setStep}; correct replctl.yaml if ${outcome.user} is right`;
  }
}
