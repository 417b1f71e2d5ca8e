import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { backingAddress, type RdsInstanceBacking } from './backing.js';
import { buildCatalogue } from './catalogue.js';
import type { EndpointContext } from './context.js';
import { pgEngineAdmin } from './engine-admin.js';
import { type FaultConfig, FaultInjector, resolveFaults } from './faults.js';
import { recoverInstance } from './instance-machine.js';
import { InstanceWorker } from './instance-worker.js';
import { createRdsServer } from './server.js';
import { initialState, withInstance } from './state.js';
import { StateStore } from './state-store.js';

export interface RdsEndpointOptions {
  readonly backing: RdsInstanceBacking;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** JSON file the state is saved to after each change and loaded from at start. */
  readonly stateFile?: string;
  /** Fault injection; merged over REPLCTL_RDS_FAULTS (options win). */
  readonly faults?: FaultConfig;
  /** Default us-east-1; appears in ARNs and the availability zone. */
  readonly region?: string;
  /** How long a group change stays `modifying` and an immediate change `applying`. Default 500 ms. */
  readonly transitionDelayMs?: number;
  /** Background failures and internal errors; default stderr. */
  readonly log?: (line: string) => void;
}

export interface RdsEndpoint {
  /** `http://127.0.0.1:PORT`: give it to the SDK as `endpoint` or AWS_ENDPOINT_URL_RDS. */
  readonly url: string;
  /** Stops listening and waits for background work (a reboot in progress) to finish. */
  close(): Promise<void>;
}

export async function startRdsEndpoint(o: RdsEndpointOptions): Promise<RdsEndpoint> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const faults = new FaultInjector(resolveFaults(o.faults, process.env));
  const engine = pgEngineAdmin(o.backing);
  const info = await engine.info();
  const family = `postgres${info.major}`;
  const defaultGroupName = `default.${family}`;
  const catalogue = buildCatalogue(info.settings, info.files);
  const identifier = o.backing.identifier.toLowerCase();
  const store = await StateStore.open(o.stateFile, () =>
    initialState(identifier, defaultGroupName, new Date()),
  );
  if (store.current.instance.identifier !== identifier) {
    throw new Error(
      `RDS endpoint state file ${o.stateFile} belongs to instance ${store.current.instance.identifier}, not ${identifier}`,
    );
  }
  const worker = new InstanceWorker({
    store,
    catalogue,
    engine,
    transitionDelayMs: o.transitionDelayMs ?? 500,
    log,
  });
  const recovery = recoverInstance(store.current.instance);
  await store.update((s) => withInstance(s, recovery.instance));
  if (recovery.resumeReboot) worker.rebootLater();
  if (recovery.resumeImmediate) worker.applyImmediateLater();

  const ctx: EndpointContext = {
    region: o.region ?? 'us-east-1',
    family,
    defaultGroupName,
    engineVersion: info.version,
    address: backingAddress(o.backing.superuserUrl),
    port: info.port,
    catalogue,
    store,
    worker,
  };
  const server = createRdsServer({ ctx, faults, log });
  const host = o.host ?? '127.0.0.1';
  server.listen(o.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
      await worker.idle();
    },
  };
}
