/**
 * Errors the endpoint answers with, as RDS does: an error code the SDK maps to its exception class,
 * a message, and the HTTP status RDS uses for that code (design §6). Messages never carry the
 * backing cluster's connection string.
 */
export const RDS_ERROR_STATUS = {
  DBParameterGroupNotFound: 404,
  DBInstanceNotFound: 404,
  DBParameterGroupAlreadyExists: 400,
  InvalidDBParameterGroupState: 400,
  InvalidDBInstanceState: 400,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  MissingParameter: 400,
  InvalidAction: 400,
  // The SDK's retry strategies treat the code `Throttling` as a throttling error (400, as RDS sends it).
  Throttling: 400,
  InternalFailure: 500,
  ServiceUnavailable: 503,
} as const;

export type RdsErrorCode = keyof typeof RDS_ERROR_STATUS;

export class RdsApiError extends Error {
  constructor(
    readonly code: RdsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RdsApiError';
  }

  get status(): number {
    return RDS_ERROR_STATUS[this.code];
  }

  /** Query-protocol fault side: `Receiver` for the service's own failures, `Sender` otherwise. */
  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export function invalidValue(message: string): RdsApiError {
  return new RdsApiError('InvalidParameterValue', message);
}

export function invalidCombination(message: string): RdsApiError {
  return new RdsApiError('InvalidParameterCombination', message);
}

export function groupNotFound(name: string): RdsApiError {
  return new RdsApiError('DBParameterGroupNotFound', `DBParameterGroup not found: ${name}`);
}

export function instanceNotFound(identifier: string): RdsApiError {
  return new RdsApiError('DBInstanceNotFound', `DBInstance ${identifier} not found.`);
}
