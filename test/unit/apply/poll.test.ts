import { describe, expect, it } from 'vitest';
import { pollUntil, WaitTimeoutError } from '../../../src/apply/poll.js';
import { fakeClock } from './fake-clock.js';

function options(probe: () => Promise<{ done: boolean; status: string }>, statuses: string[] = []) {
  return {
    what: 'the thing',
    timeoutMs: 10_000,
    intervalMs: 3000,
    clock: fakeClock(),
    probe,
    isTransient: (e: unknown) => (e as Error).message === 'down',
    describeError: (e: unknown) => (e as Error).message,
    onStatus: (status: string) => {
      statuses.push(status);
    },
  };
}

describe('pollUntil', () => {
  it('returns once the probe says done, reporting every status seen', async () => {
    const answers = ['a', 'b', 'done'];
    const statuses: string[] = [];
    await pollUntil(
      options(async () => ({ done: answers[0] === 'done', status: answers.shift()! }), statuses),
    );
    expect(statuses).toEqual(['a', 'b', 'done']);
  });

  it('times out at the deadline with what it last saw', async () => {
    const opts = options(async () => ({ done: false, status: 'still pending' }));
    await expect(pollUntil(opts)).rejects.toThrow(
      new WaitTimeoutError('Timed out after 10s waiting for the thing; last seen: still pending.'),
    );
    // 3 + 3 + 3 + 1: the last sleep is cut to the deadline, never past it.
    expect(opts.clock.slept).toEqual([3000, 3000, 3000, 1000]);
  });

  it('keeps polling through transient errors and reports them', async () => {
    let calls = 0;
    const statuses: string[] = [];
    await pollUntil(
      options(async () => {
        calls++;
        if (calls < 3) throw new Error('down');
        return { done: true, status: 'up' };
      }, statuses),
    );
    expect(statuses).toEqual(['unreachable: down', 'unreachable: down', 'up']);
  });

  it('ends the wait on any other error', async () => {
    await expect(
      pollUntil(
        options(async () => {
          throw new Error('subscription s does not exist');
        }),
      ),
    ).rejects.toThrow('subscription s does not exist');
  });
});
