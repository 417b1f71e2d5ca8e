import type { ProgressReporter } from '../apply/progress.js';
import { lineProgress } from '../apply/progress-lines.js';
import { ttyProgress } from '../apply/progress-tty.js';
import type { Output } from './output.js';

/** Long waits redraw one line on a terminal; elsewhere (CI logs) each state change is a line. */
export function progressFor(output: Output): ProgressReporter {
  return output.isTTY
    ? ttyProgress((text) => process.stdout.write(text))
    : lineProgress((line) => output.out(line));
}
