import { expect } from 'vitest';
import { ReplctlError } from '../../src/errors.js';

/** Polls `probe` until it returns a value, for conditions another process brings about. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ReplctlError a promise rejects with (the test fails if it resolves or throws anything else). */
export async function rejection(promise: Promise<unknown>): Promise<ReplctlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReplctlError);
  return error as ReplctlError;
}
