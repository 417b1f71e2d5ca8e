import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onInterrupt } from './interrupts.js';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ChildOptions {
  /** Extra environment on top of this process's. */
  readonly env: Readonly<Record<string, string>>;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
}

export interface ChildResult<T> {
  readonly value: T;
  /** From fork to exit: Node's start-up and module loading included. */
  readonly processMs: number;
}

/**
 * Runs a compiled child script (see buildChildren) on plain Node in a process of its own and returns
 * what it `reply`s. A process of its own gives every measurement a fresh heap, so its peak RSS is
 * its own.
 */
export function runChild<T>(
  script: string,
  args: readonly string[],
  options: ChildOptions,
): Promise<ChildResult<T>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(script, [...args], {
      cwd: REPO_ROOT,
      // As bin/replctl.js does: the SDK's notice about its future Node versions is not the bench's.
      env: { ...process.env, ...options.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      execArgv: [...(options.nodeFlags ?? [])],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // Interrupted, the bench stops its environments: a child must not outlive them, waiting on one.
    const forget = onInterrupt(async () => {
      child.kill();
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    let reply:
      | { readonly ok: true; readonly value: T }
      | { readonly ok: false; readonly error: string }
      | undefined;
    child.on('message', (message) => {
      reply = message as typeof reply;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      forget();
      const processMs = performance.now() - started;
      if (reply?.ok) resolve({ value: reply.value, processMs });
      else
        reject(
          new Error(
            `${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${reply?.ok === false ? reply.error : stderr}`,
          ),
        );
    });
  });
}

/**
 * In a child: sends the result (or the error) to the parent, then lets the process end, unless
 * `stayConnected` (a child that goes on serving, such as the latency proxies, until the parent
 * disconnects).
 */
export async function reply<T>(
  work: () => Promise<T>,
  options: { stayConnected?: boolean } = {},
): Promise<void> {
  try {
    const value = await work();
    process.send?.({ ok: true, value });
    if (options.stayConnected) return;
  } catch (error) {
    process.send?.({
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exitCode = 1;
  }
  process.disconnect?.();
}
