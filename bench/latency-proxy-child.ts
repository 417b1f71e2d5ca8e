/**
 * A child process of the benchmark: latency proxies in a process of their own, so that their
 * timers do not share an event loop with the client being measured (the hand-written setups run in
 * the bench's own process). It replies with one port per upstream, then proxies until the parent
 * disconnects (or dies); asked `connections`, it replies how many each proxy accepted.
 * Usage: latency-proxy-child.ts <one-way-delay-ms> <host:port>...
 */
import { reply } from './child-process.js';
import { type LatencyProxy, startLatencyProxy } from './latency-proxy.js';

const [delay, ...upstreams] = process.argv.slice(2);
const proxies: LatencyProxy[] = [];
// Asked, it tells how many connections each proxy has accepted (the bench records that the
// measured clients did go through them).
process.on('message', (message) => {
  if (message === 'connections') process.send?.({ connections: proxies.map((p) => p.connections()) });
});
process.once('disconnect', () => {
  void Promise.all(proxies.map((p) => p.close())).then(() => process.exit(0));
});
await reply(
  async () => {
    const oneWayDelayMs = Number(delay);
    if (!Number.isFinite(oneWayDelayMs) || oneWayDelayMs < 0 || upstreams.length === 0)
      throw new Error('usage: latency-proxy-child.ts <one-way-delay-ms> <host:port>...');
    for (const upstream of upstreams) {
      const at = upstream.lastIndexOf(':');
      proxies.push(
        await startLatencyProxy({
          upstreamHost: upstream.slice(0, at),
          upstreamPort: Number(upstream.slice(at + 1)),
          oneWayDelayMs,
        }),
      );
    }
    return proxies.map((p) => p.port);
  },
  { stayConnected: true },
);
