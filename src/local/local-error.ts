import { ReplctlError } from '../errors.js';

/**
 * A local environment that cannot do what was asked (binaries missing, a directory the server
 * cannot reach, a server that did not start): the user's machine to fix, not a bug, so the CLI
 * shows the message without a stack.
 */
export class LocalEnvironmentError extends ReplctlError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, undefined, options);
    this.name = 'LocalEnvironmentError';
  }
}
