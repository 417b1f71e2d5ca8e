import { describeEvent, formatDuration, type ProgressReporter } from './progress.js';

/**
 * For logs and CI: one line per state change. A wait prints when its status changes, not on every
 * poll, so a long wait does not flood the log.
 */
export function lineProgress(writeLine: (line: string) => void): ProgressReporter {
  let lastWait = '';
  return {
    report(event) {
      if (event.kind !== 'waiting') {
        lastWait = '';
        writeLine(describeEvent(event));
        return;
      }
      const key = `${event.stepId}\0${event.status}`;
      if (key === lastWait) return;
      lastWait = key;
      writeLine(
        `  waiting: ${event.status} (${formatDuration(event.elapsedMs)} of ${formatDuration(event.timeoutMs)})`,
      );
    },
  };
}
