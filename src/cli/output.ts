import pc from 'picocolors';

/** Colour only on a TTY and never with NO_COLOR (design §7); FORCE_COLOR is honoured for tests. */
export function colorsFor(stream: NodeJS.WriteStream): ReturnType<typeof pc.createColors> {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const force = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  return pc.createColors(!noColor && (force || stream.isTTY === true));
}

/** Where commands print. Passed in so commands can be run and checked in-process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  readonly colors: ReturnType<typeof pc.createColors>;
  readonly isTTY: boolean;
}

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    colors: colorsFor(process.stdout),
    isTTY: process.stdout.isTTY === true,
  };
}
