/**
 * What must happen when the bench is interrupted (Ctrl-C, a CI timeout): the environments it
 * started are stopped, as they are on every other way out.
 */
const cleanups = new Set<() => Promise<void>>();

export function onInterrupt(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the bench environments…\n`);
      void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
    });
  }
}
