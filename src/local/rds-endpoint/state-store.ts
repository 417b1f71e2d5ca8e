import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EndpointState } from './state.js';

/**
 * Holds the state in memory and writes it to a JSON file after each change (atomically: a
 * temporary file renamed over the old one), so a crash leaves either the old or the new state.
 * Without a file the state lives as long as the process.
 */
export class StateStore {
  private state: EndpointState;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    state: EndpointState,
  ) {
    this.state = state;
  }

  static async open(file: string | undefined, initial: () => EndpointState): Promise<StateStore> {
    if (file === undefined) return new StateStore(undefined, initial());
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const store = new StateStore(file, initial());
      await store.persist();
      return store;
    }
    return new StateStore(file, parseState(file, text));
  }

  get current(): EndpointState {
    return this.state;
  }

  /**
   * Applies a change (which may throw to refuse it: nothing changes then) and persists the result
   * before resolving, so an answered call is on disk.
   */
  async update(change: (state: EndpointState) => EndpointState): Promise<EndpointState> {
    const next = change(this.state);
    if (next === this.state) return next;
    this.state = next;
    await this.persist();
    return next;
  }

  /** Writes are chained so that the file always ends with the latest state. */
  private persist(): Promise<void> {
    const file = this.file;
    if (file === undefined) return Promise.resolve();
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const snapshot = `${JSON.stringify(this.state, null, 2)}\n`;
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, snapshot, { mode: 0o600 });
        await rename(temporary, file);
      });
    return this.writing;
  }
}

function parseState(file: string, text: string): EndpointState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`RDS endpoint state file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const v = value as Partial<EndpointState> | null;
  const instance = v?.instance;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.formatVersion !== 1 ||
    typeof v.groups !== 'object' ||
    typeof v.tags !== 'object' ||
    typeof instance !== 'object' ||
    typeof instance.identifier !== 'string' ||
    typeof instance.parameterGroupName !== 'string' ||
    !Array.isArray(instance.pendingImmediate) ||
    typeof instance.applied !== 'object'
  ) {
    throw new Error(`RDS endpoint state file ${file} is not a replctl RDS endpoint state (formatVersion 1)`);
  }
  return v as EndpointState;
}
