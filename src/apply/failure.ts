import { type ExitCode, ReplctlError } from '../errors.js';

/** Thrown by apply when a run ends without finishing; the message says how to resume. */
export class ApplyError extends ReplctlError {
  constructor(
    message: string,
    exitCode: ExitCode,
    readonly runId: string | undefined,
    readonly stepId: string | undefined,
  ) {
    super(message, exitCode);
    this.name = 'ApplyError';
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

const lostConnection =
  /Connection terminated|not queryable|Connection ended|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * What the subscriber relays (as 08P01) when its connection to the publisher was cut: the source
 * restarting under a CREATE SUBSCRIPTION, for one.
 */
const publisherGone =
  /terminating connection due to administrator command|server closed the connection unexpectedly|the database system is (starting up|shutting down|in recovery mode)|could not connect to the (publisher|server)/i;

/**
 * The server went away or is not accepting connections (restart, reboot, network). 08P01
 * (protocol_violation) only when it relays a lost publisher connection: a live server otherwise
 * sends it as its verdict, e.g. relaying a publisher's refusal to CREATE SUBSCRIPTION
 * ("replication slot … already exists"), which no re-run gets past.
 */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === '08P01') return error instanceof Error && publisherGone.test(error.message);
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  if (/^E[A-Z]+$/.test(code) && lostConnection.test(code)) return true;
  return error instanceof Error && lostConnection.test(error.message);
}

/**
 * Errors that a re-run may get past without anyone fixing anything: lost connections, lock and
 * statement timeouts, serialization failures, deadlocks, resource exhaustion.
 */
export function isTransientDbError(error: unknown): boolean {
  if (isConnectionError(error)) return true;
  const code = codeOf(error);
  return ['40001', '40P01', '55P03', '57014'].includes(code) || code.startsWith('53');
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = codeOf(error);
    return /^[0-9A-Z]{5}$/.test(code) ? `${error.message} (SQLSTATE ${code})` : error.message;
  }
  return String(error);
}
