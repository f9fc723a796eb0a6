/**
 * One error type for the whole product. The code says what went wrong in a way a program can act on;
 * `kind` says whose fault it is, which the console maps to an HTTP status in one place.
 */
export type ErrorCode =
  | 'invalid_config'
  | 'invalid_argument'
  | 'invalid_message'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'permission_denied'
  | 'rate_limited'
  | 'timeout'
  | 'device_error'
  | 'unavailable'
  | 'internal';

const CLIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'invalid_config',
  'invalid_argument',
  'invalid_message',
  'not_found',
  'conflict',
  'unauthenticated',
  'permission_denied',
  'rate_limited',
]);

export class PlantwatchError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlantwatchError';
    this.code = code;
    this.details = options.details;
  }

  get kind(): 'client' | 'server' {
    return CLIENT_CODES.has(this.code) ? 'client' : 'server';
  }
}

export function isPlantwatchError(error: unknown, code?: ErrorCode): error is PlantwatchError {
  return error instanceof PlantwatchError && (code === undefined || error.code === code);
}

/** A one-line message for any thrown value, for logs and user-facing output. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
