/**
 * `replctl.yaml` (design §3): environments with every secret as a reference, resolved only when a
 * command needs it. `loadProject` is where every command starts.
 */
export type {
  ConfigLocation,
  EnvironmentConfig,
  LoadedConfig,
  ReplctlConfig,
  RestartConfig,
  SourceConfig,
  SslMode,
  SubscriptionConnectionConfig,
  TargetConfig,
} from './config.js';
export { CONFIG_FILE, loadProject, type Project } from './load-project.js';
export {
  DEFAULT_CHANGESETS_FOLDER,
  DEFAULT_JOURNAL_SCHEMA,
  type ParsedConfig,
  parseConfig,
} from './parse-config.js';
export { isSecretRef, resolveSecret, resolveValue } from './resolve.js';
export { processResolveContext, type ResolveContext } from './resolve-context.js';
export {
  type ResolvedEnvironment,
  type ResolvedSubscriptionConnection,
  resolveEnvironment,
  selectEnvironment,
} from './resolve-environment.js';
