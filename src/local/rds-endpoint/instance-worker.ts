import { setTimeout as sleep } from 'node:timers/promises';
import type { Catalogue } from './catalogue.js';
import type { EngineAdmin } from './engine-admin.js';
import {
  alterSystemStatements,
  appliedAfter,
  diffSettings,
  type EngineChange,
  engineNamesOf,
  engineTarget,
} from './engine-settings.js';
import {
  beginRebootApply,
  failApply,
  finishImmediate,
  finishModify,
  finishReboot,
} from './instance-machine.js';
import { groupParameters, withInstance } from './state.js';
import type { StateStore } from './state-store.js';

export interface WorkerDeps {
  readonly store: StateStore;
  readonly catalogue: Catalogue;
  readonly engine: EngineAdmin;
  /** How long a modification stays visible as `modifying`/`applying` before it completes. */
  readonly transitionDelayMs: number;
  readonly log: (line: string) => void;
}

/**
 * The instance's background work, one task at a time (a reboot never interleaves with an immediate
 * apply): completing a group change, rebooting with the group's values, applying immediate
 * changes. The API calls that start them return at once, as RDS's do.
 */
export class InstanceWorker {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WorkerDeps) {}

  /** Resolves when every queued task has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  finishModifyLater(): void {
    this.enqueue('modify', async () => {
      await sleep(this.deps.transitionDelayMs);
      await this.deps.store.update((s) => withInstance(s, finishModify(s.instance)));
    });
  }

  rebootLater(): void {
    this.enqueue('reboot', () => this.reboot());
  }

  applyImmediateLater(): void {
    this.enqueue('immediate apply', () => this.applyImmediate());
  }

  private enqueue(what: string, task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      this.deps.log(`rds-endpoint: ${what} failed: ${(error as Error).message}`);
    });
  }

  /** Runs the statements of a change one by one; returns the settings that went through. */
  private async runChange(change: EngineChange, reload: boolean): Promise<{ done: string[]; error?: Error }> {
    const statements = alterSystemStatements(change, this.deps.catalogue);
    const done: string[] = [];
    if (statements.length === 0) return { done };
    try {
      await this.deps.engine.withSuperuser(async (run) => {
        for (const statement of statements) {
          await run(statement.sql);
          done.push(statement.name);
        }
        if (reload) await run('SELECT pg_reload_conf()');
      });
      return { done };
    } catch (error) {
      return { done, error: error as Error };
    }
  }

  private async reboot(): Promise<void> {
    const { store, catalogue, engine } = this.deps;
    const started = await store.update((s) => withInstance(s, beginRebootApply(s.instance)));
    const instance = started.instance;
    const target = engineTarget(groupParameters(started, instance.parameterGroupName), catalogue);
    const change = diffSettings(instance.applied, target);
    const { done, error } = await this.runChange(change, false);
    const applied = appliedAfter(instance.applied, change, done);
    if (error) {
      this.deps.log(`rds-endpoint: the engine refused the group's values: ${error.message}`);
      await store.update((s) => withInstance(s, failApply(s.instance, applied)));
      return;
    }
    try {
      await engine.restart();
    } catch (restartError) {
      this.deps.log(
        `rds-endpoint: restarting the instance's cluster failed: ${(restartError as Error).message}`,
      );
      await store.update((s) => withInstance(s, failApply(s.instance, applied)));
      return;
    }
    await store.update((s) => withInstance(s, finishReboot(s.instance, applied)));
  }

  private async applyImmediate(): Promise<void> {
    const { store, catalogue } = this.deps;
    await sleep(this.deps.transitionDelayMs);
    const state = store.current;
    const instance = state.instance;
    const names = instance.pendingImmediate;
    if (names.length === 0) return;
    const target = engineTarget(groupParameters(state, instance.parameterGroupName), catalogue);
    const engineNames = names.flatMap((name) => {
      const def = catalogue.find(name);
      return def ? engineNamesOf(def) : [];
    });
    const change = diffSettings(instance.applied, target, engineNames);
    const { done, error } = await this.runChange(change, true);
    const applied = appliedAfter(instance.applied, change, done);
    if (error) {
      this.deps.log(`rds-endpoint: the engine refused an immediate change: ${error.message}`);
      await store.update((s) => withInstance(s, failApply(s.instance, applied, names)));
      return;
    }
    // A name changed again while this ran stays pending: the task queued by that change applies it.
    await store.update((s) => {
      const now = engineTarget(groupParameters(s, s.instance.parameterGroupName), catalogue);
      const settled = names.filter((name) => {
        const def = catalogue.find(name);
        return !def || engineNamesOf(def).every((e) => now[e] === applied[e]);
      });
      return withInstance(s, finishImmediate(s.instance, settled, applied));
    });
  }
}
