/**
 * Everything the endpoint remembers, as plain JSON-able data (persisted by `state-store.ts`).
 * Default groups are not stored: they exist for the backing's family and hold no user values.
 */
export type ApplyMethod = 'immediate' | 'pending-reboot';

export interface UserParameter {
  readonly value: string;
  readonly applyMethod: ApplyMethod;
}

export interface ParameterGroupRecord {
  readonly name: string;
  readonly family: string;
  readonly description: string;
  /** Only the parameters the user set (Source `user`), by lower-case name. */
  readonly parameters: Readonly<Record<string, UserParameter>>;
}

export type InstanceStatus = 'available' | 'modifying' | 'rebooting' | 'incompatible-parameters';
export type ParameterApplyStatus = 'in-sync' | 'pending-reboot' | 'applying';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface InstanceRecord {
  readonly identifier: string;
  readonly createdAt: string;
  readonly parameterGroupName: string;
  readonly status: InstanceStatus;
  /** A static change, a pending-reboot change or a group change waits for the next reboot. */
  readonly pendingReboot: boolean;
  /** Parameters of the attached group changed with ApplyMethod immediate and not yet applied. */
  readonly pendingImmediate: readonly string[];
  /** Engine settings this endpoint has written with ALTER SYSTEM, as the engine spells the values. */
  readonly applied: Readonly<Record<string, string>>;
}

export interface EndpointState {
  readonly formatVersion: 1;
  readonly groups: Readonly<Record<string, ParameterGroupRecord>>;
  /** By resource ARN. */
  readonly tags: Readonly<Record<string, readonly Tag[]>>;
  readonly instance: InstanceRecord;
}

export function initialState(identifier: string, defaultGroupName: string, now: Date): EndpointState {
  return {
    formatVersion: 1,
    groups: {},
    tags: {},
    instance: {
      identifier,
      createdAt: now.toISOString(),
      parameterGroupName: defaultGroupName,
      status: 'available',
      pendingReboot: false,
      pendingImmediate: [],
      applied: {},
    },
  };
}

/** The user values of a group; a default group (or a vanished one) has none. */
export function groupParameters(state: EndpointState, name: string): Readonly<Record<string, UserParameter>> {
  return state.groups[name]?.parameters ?? {};
}

export function withInstance(state: EndpointState, instance: InstanceRecord): EndpointState {
  return instance === state.instance ? state : { ...state, instance };
}
