import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that is free right now (the kernel picks it). Another process may take
 * it before we bind it for good, so callers that start a server retry with a new one on
 * "address in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port on 127.0.0.1'));
      });
    });
  });
}
