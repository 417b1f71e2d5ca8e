import { createServer, type Server } from 'node:net';

/**
 * Loopback TCP listeners standing where an environment's source, target and RDS API would be.
 * Each counts the connections it accepts and closes them at once, so a command that tries to
 * reach a database or the RDS API fails fast and is seen to have tried. Used to prove that
 * refused input never opens a connection.
 */
export interface CountingListeners {
  readonly sourcePort: number;
  readonly targetPort: number;
  readonly rdsPort: number;
  /** Connections accepted so far, by endpoint. */
  counts(): { readonly source: number; readonly target: number; readonly rds: number };
  close(): Promise<void>;
}

export async function startCountingListeners(): Promise<CountingListeners> {
  const [source, target, rds] = await Promise.all([listen(), listen(), listen()]);
  return {
    sourcePort: source.port,
    targetPort: target.port,
    rdsPort: rds.port,
    counts: () => ({ source: source.accepted(), target: target.accepted(), rds: rds.accepted() }),
    close: async () => {
      await Promise.all([source.close(), target.close(), rds.close()]);
    },
  };
}

async function listen(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return {
    port: address.port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
