import {
  CreateDBParameterGroupCommand,
  type CreateDBParameterGroupCommandOutput,
  type RDSClient,
} from '@aws-sdk/client-rds';
import {
  type RdsEndpoint,
  type RdsEndpointOptions,
  startRdsEndpoint,
} from '../../../src/local/rds-endpoint/index.js';
import { type ParameterTriple, rdsClient, setParameters } from './sdk-client.js';
import { startTargetCluster, type TargetCluster } from './target-cluster.js';

/** A target cluster, the endpoint in front of it and an SDK client: what each test file starts with. */
export interface EndpointFixture {
  readonly cluster: TargetCluster;
  readonly endpoint: RdsEndpoint;
  readonly rds: RDSClient;
  /** Creates a group of the backing's family. */
  createGroup(name: string, family?: string): Promise<CreateDBParameterGroupCommandOutput>;
  /** ModifyDBParameterGroup with `[name, value, method]` triples. */
  setParameters(group: string, ...params: readonly ParameterTriple[]): Promise<void>;
  close(): Promise<void>;
}

export async function startEndpointFixture(
  options: Partial<Omit<RdsEndpointOptions, 'backing'>> = {},
  identifier = 'reporting-replica',
): Promise<EndpointFixture> {
  const cluster = await startTargetCluster(identifier);
  const endpoint = await startRdsEndpoint({
    backing: cluster.backing,
    transitionDelayMs: 100,
    log: () => undefined,
    ...options,
  });
  const rds = rdsClient(endpoint.url);
  return {
    cluster,
    endpoint,
    rds,
    createGroup(name, family = 'postgres17') {
      return rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: name,
          DBParameterGroupFamily: family,
          Description: `group ${name}`,
        }),
      );
    },
    setParameters: (group, ...params) => setParameters(rds, group, ...params),
    async close() {
      rds.destroy();
      await endpoint.close();
      await cluster.stop();
    },
  };
}
