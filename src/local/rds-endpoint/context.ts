import type { Catalogue } from './catalogue.js';
import type { QueryForm } from './form.js';
import type { InstanceWorker } from './instance-worker.js';
import type { StateStore } from './state-store.js';
import type { XmlElement } from './xml.js';

/** What every action handler works with. */
export interface EndpointContext {
  readonly region: string;
  /** `postgres17`: the family of the backing's major version. */
  readonly family: string;
  /** `default.postgres17`: exists without being created, cannot be modified or deleted. */
  readonly defaultGroupName: string;
  readonly engineVersion: string;
  readonly address: string;
  readonly port: number;
  readonly catalogue: Catalogue;
  readonly store: StateStore;
  readonly worker: InstanceWorker;
}

/** Returns the children of `<ActionResult>`, or undefined for operations without output. */
export type ActionHandler = (
  ctx: EndpointContext,
  form: QueryForm,
) => Promise<readonly XmlElement[] | undefined>;
