import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/replctl.js', import.meta.url));

/** How a `replctl` subprocess ended. */
export interface CliResult {
  /** The exit status; null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface CliOptions {
  /** The project directory (`-C`). */
  readonly project: string;
  /** The whole environment of the process (no inheritance, so no variable leaks in from the test run). */
  readonly env: Readonly<Record<string, string>>;
  /** Killed after this long, so a hung CLI fails its test instead of the suite (default 3 minutes). */
  readonly timeoutMs?: number;
}

/**
 * The real `bin/replctl.js` (which runs dist/: see build-once.ts) in a process of its own, with
 * stdin, stdout and stderr as pipes, so none of them is a terminal. Lines of stdout can be watched
 * while it runs, to kill it at a chosen point.
 */
export class ReplctlProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CliResult>;
  private stdout = '';
  private stderr = '';
  private readonly watchers: { readonly pattern: RegExp; readonly resolve: (line: string) => void }[] = [];

  constructor(
    readonly args: readonly string[],
    options: CliOptions,
  ) {
    const started = Date.now();
    this.child = spawn(process.execPath, [bin, '-C', options.project, ...args], {
      cwd: options.project,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdin?.end();
    let partial = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.notify(line);
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (partial !== '') this.notify(partial);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr, durationMs: Date.now() - started });
      });
    });
  }

  /** The first stdout line (printed so far or later) matching `pattern`; rejects if the process ends first. */
  line(pattern: RegExp, timeoutMs = 120_000): Promise<string> {
    const seen = this.stdout.split('\n').find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no stdout line matched ${pattern} within ${timeoutMs} ms:\n${this.output()}`)),
        timeoutMs,
      );
      this.watchers.push({
        pattern,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      void this.exited.then((result) => {
        clearTimeout(timer);
        reject(
          new Error(
            `replctl ${this.args.join(' ')} exited (${result.code ?? result.signal}) before a line matched ${pattern}:\n${this.output()}`,
          ),
        );
      });
    });
  }

  /** Sends SIGKILL (no cleanup of any kind runs) and waits for the process to end. */
  async kill(): Promise<CliResult> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** What it printed so far, for failure messages. */
  output(): string {
    return `--- stdout\n${this.stdout}--- stderr\n${this.stderr}`;
  }

  private notify(line: string): void {
    for (const [i, watcher] of [...this.watchers.entries()].reverse()) {
      if (watcher.pattern.test(line)) {
        this.watchers.splice(i, 1);
        watcher.resolve(line);
      }
    }
  }
}

/** Runs `replctl <args>` to its end; never throws on a non-zero exit. */
export function replctl(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new ReplctlProcess(args, options).exited;
}
