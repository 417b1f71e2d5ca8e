import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LatencyProxy, startLatencyProxy } from '../../../bench/latency-proxy.js';

let echo: Server | undefined;
let proxy: LatencyProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  proxy = undefined;
  echo = undefined;
});

/** A server that sends back what it receives and half-closes when its peer does. */
async function startEcho(): Promise<number> {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => echo!.listen(0, '127.0.0.1', resolve));
  return (echo.address() as { port: number }).port;
}

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Everything `s` receives until its peer ends the stream. */
function readToEnd(s: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    s.once('end', () => resolve(Buffer.concat(chunks)));
    s.once('error', reject);
  });
}

describe('the bench latency proxy', () => {
  it('delivers every byte in order both ways, then the end of the stream', async () => {
    proxy = await startLatencyProxy({
      upstreamHost: '127.0.0.1',
      upstreamPort: await startEcho(),
      oneWayDelayMs: 1.5,
    });
    const client = await connectTo(proxy.port);
    const received = readToEnd(client);
    const sent: Buffer[] = [];
    // Chunks of many sizes, some written back to back, some apart: they must come out in one order.
    for (let i = 0; i < 200; i++) {
      const chunk = randomBytes(1 + ((i * 7919) % 9000));
      sent.push(chunk);
      client.write(chunk);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    client.end();
    expect((await received).equals(Buffer.concat(sent))).toBe(true);
    expect(proxy.connections()).toBe(1);
  });

  it('passes bytes straight through at no delay', async () => {
    proxy = await startLatencyProxy({
      upstreamHost: '127.0.0.1',
      upstreamPort: await startEcho(),
      oneWayDelayMs: 0,
    });
    const client = await connectTo(proxy.port);
    const received = readToEnd(client);
    client.end(Buffer.from('hello'));
    expect((await received).toString()).toBe('hello');
  });

  it('closes the client when the upstream cannot be reached', async () => {
    const port = await startEcho();
    await new Promise<void>((resolve) => echo!.close(() => resolve()));
    echo = undefined;
    proxy = await startLatencyProxy({ upstreamHost: '127.0.0.1', upstreamPort: port, oneWayDelayMs: 1 });
    const client = await connectTo(proxy.port);
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => client.once('close', () => resolve()));
  });
});
