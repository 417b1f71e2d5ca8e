/**
 * What the linter needs besides the desired and live states: how the target reaches the source
 * (replctl.yaml `subscriptionConnection`, the password left out). Absent when the environment
 * has none; the rules about that connection then stay quiet.
 */
export interface LintContext {
  readonly connection?: {
    readonly host: string;
    readonly port: string;
    readonly dbname: string;
    readonly user: string;
    readonly sslmode?: string;
  };
}
