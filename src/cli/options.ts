import { InvalidArgumentError } from 'commander';

/** Shared option parsers, so every command says the same thing about the same mistake. */
export function parseVersionOption(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    throw new InvalidArgumentError(`expected a changeset version (a positive integer), but got "${text}"`);
  }
  return Number(text);
}

export function parseSecondsOption(text: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) {
    throw new InvalidArgumentError(`expected a number of seconds, but got "${text}"`);
  }
  return Number(text);
}

/** `--parallel N`: connections per database, 1 to 16 (more would crowd small servers' lock tables). */
export function parseParallelOption(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > MAX_PARALLEL) {
    throw new InvalidArgumentError(
      `expected a number of connections from 1 to ${MAX_PARALLEL}, but got "${text}"`,
    );
  }
  return Number(text);
}

const MAX_PARALLEL = 16;

export function choiceParser<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    const found = choices.find((c) => c === text);
    if (found === undefined) {
      throw new InvalidArgumentError(`expected ${listOfChoices(choices)}, but got "${text}"`);
    }
    return found;
  };
}

/** `a or b`, `a, b or c`. */
function listOfChoices(choices: readonly string[]): string {
  return choices.length < 2 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}
