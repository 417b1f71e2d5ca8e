import { describeEvent, formatDuration, type ProgressReporter } from './progress.js';

const CLEAR_LINE = '\r\x1b[2K';

/** For a terminal: waits redraw one status line in place with the elapsed time; the rest are lines. */
export function ttyProgress(write: (text: string) => void): ProgressReporter {
  let statusShown = false;
  return {
    report(event) {
      if (event.kind === 'waiting') {
        const elapsed = `${formatDuration(event.elapsedMs)} / ${formatDuration(event.timeoutMs)}`;
        write(`${CLEAR_LINE}  ⧗ ${event.status} (${elapsed})`);
        statusShown = true;
        return;
      }
      write(`${statusShown ? CLEAR_LINE : ''}${describeEvent(event)}\n`);
      statusShown = false;
    },
  };
}
