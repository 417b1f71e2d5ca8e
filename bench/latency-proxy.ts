import { createServer, type Server, Socket } from 'node:net';

/**
 * A TCP proxy that delays every byte by a fixed one-way time in each direction, so that loopback
 * behaves like a network with round-trip time 2 × oneWayDelayMs (bandwidth and loss are not
 * modelled). Bytes keep their order: each direction is one FIFO queue of chunks with release
 * times, and since the delay is constant, release times only grow.
 *
 * Timers fire on a 1 ms grid at best (Node truncates their delays to whole milliseconds and
 * checks them against the event loop's cached clock), so one timer per chunk would add a skew of
 * its own: a timer is armed only for the queue's head, and when it fires every chunk that is due
 * by then, or within half a tick of it, goes out in one write pass. What the proxy actually adds
 * is measured, not assumed: see probeRoundTrip.
 */
export interface LatencyProxyOptions {
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  /** Added to each direction; the round trip grows by twice this. */
  readonly oneWayDelayMs: number;
}

export interface LatencyProxy {
  /** Where to connect instead of the upstream (on 127.0.0.1). */
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  // Half-open on both sides: a side that ends its stream still gets the bytes delayed towards it.
  const server: Server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
    accepted++;
    const acceptedAt = performance.now();
    const upstream = new Socket({ allowHalfOpen: true });
    for (const s of [client, upstream]) {
      open.add(s);
      s.setNoDelay(true);
      s.on('close', () => open.delete(s));
      // Either side failing ends both: the peer sees the connection drop, as over a network.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // A real connection pays a round trip for its handshake before the first byte can leave.
    const toUpstream = new DelayLine(upstream, options.oneWayDelayMs, acceptedAt + 2 * options.oneWayDelayMs);
    const toClient = new DelayLine(client, options.oneWayDelayMs, acceptedAt);
    client.on('data', (chunk: Buffer) => toUpstream.push(chunk));
    client.on('end', () => toUpstream.end());
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    upstream.on('end', () => toClient.end());
    // What is still on its way to a side that is gone has nowhere to go; the rest keeps flowing.
    client.on('close', () => toClient.discard());
    upstream.on('close', () => toUpstream.discard());
    upstream.connect(options.upstreamPort, options.upstreamHost);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
  return {
    port: address.port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * How much later than asked Node's timers fire here: about 0.1–0.2 ms on a quiet machine. Timers
 * are armed that much early. Each sample counts for at most MAX_LATENESS_MS: a process that waited
 * for a CPU under load is jitter the proxy cannot take back, and must not stop it from delaying.
 */
let timerLatenessMs = 0.15;
const LATENESS_GAIN = 0.05;
const MAX_LATENESS_MS = 0.5;

/**
 * A timer for `waitMs` on the 1 ms grid: the whole milliseconds below or above it, picked at random
 * so that on average it fires `waitMs` from now (always rounding up would add half a millisecond
 * to every hop, always rounding down take it away).
 */
function ditheredTimer(waitMs: number, fire: () => void): NodeJS.Timeout | NodeJS.Immediate {
  const aim = waitMs - timerLatenessMs;
  const whole = Math.floor(aim);
  const ms = aim <= 0 ? 0 : whole + (Math.random() < aim - whole ? 1 : 0);
  if (ms === 0) return setImmediate(fire);
  const deadline = performance.now() + ms;
  return setTimeout(() => {
    const late = Math.min(MAX_LATENESS_MS, Math.max(0, performance.now() - deadline));
    timerLatenessMs += LATENESS_GAIN * (late - timerLatenessMs);
    fire();
  }, ms);
}

/** One direction of a proxied connection: chunks written to `out` `delayMs` after they arrived. */
class DelayLine {
  /** Chunks not yet written, oldest first; `null` is the end of the stream. */
  private readonly queue: { readonly at: number; readonly chunk: Buffer | null }[] = [];
  private first = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private discarded = false;

  constructor(
    private readonly out: Socket,
    private readonly delayMs: number,
    /** Nothing leaves before this time plus the delay (the connection's handshake). */
    private readonly notBefore: number,
  ) {}

  push(chunk: Buffer): void {
    this.enqueue(chunk);
  }

  /** The sender half-closed: pass that on after the bytes before it. */
  end(): void {
    this.enqueue(null);
  }

  /** The receiving side is gone: drop what is queued. */
  discard(): void {
    this.discarded = true;
    this.queue.length = 0;
    this.first = 0;
  }

  private enqueue(chunk: Buffer | null): void {
    if (this.discarded) return;
    const now = performance.now();
    const at = Math.max(now, this.notBefore) + this.delayMs;
    if (at <= now && this.first === this.queue.length) {
      this.write(chunk);
      return;
    }
    this.queue.push({ at, chunk });
    if (this.timer === undefined) this.arm(now);
  }

  private arm(now: number): void {
    const head = this.queue[this.first];
    if (head !== undefined) this.timer = ditheredTimer(head.at - now, this.release);
  }

  /** The head's timer fired: the head goes out, with every chunk due by now or by the head's time. */
  private readonly release = (): void => {
    this.timer = undefined;
    if (this.discarded) return;
    const now = performance.now();
    const due = Math.max(now, this.queue[this.first]?.at ?? now);
    while (this.first < this.queue.length && this.queue[this.first]!.at <= due) {
      this.write(this.queue[this.first++]!.chunk);
    }
    if (this.first === this.queue.length) {
      this.queue.length = 0;
      this.first = 0;
    } else if (this.first > 1024) {
      this.queue.splice(0, this.first);
      this.first = 0;
    }
    this.arm(now);
  };

  private write(chunk: Buffer | null): void {
    if (this.out.destroyed) return;
    if (chunk === null) this.out.end();
    else this.out.write(chunk);
  }
}
