import { type ErrorCode, PlantwatchError } from '@plantwatch/shared';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { invalidInput } from '../services/query-errors.ts';

export { invalidInput };

/**
 * The one mapping from errors to HTTP. Client errors keep their code and message; everything else
 * becomes a 500 `internal` whose message says nothing about the cause (it is logged instead).
 */
const CLIENT_STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  invalid_argument: 400,
  invalid_config: 400,
  invalid_message: 400,
  not_found: 404,
  conflict: 409,
  unauthenticated: 401,
  permission_denied: 403,
  rate_limited: 429,
};

export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

export interface HttpError {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  /** True when the error is the server's fault and must be logged with its cause. */
  serverFault: boolean;
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof z.ZodError) return toHttpError(invalidInput(error));
  if (error instanceof PlantwatchError && error.kind === 'client') {
    return {
      status: CLIENT_STATUS[error.code] ?? 400,
      code: error.code,
      message: error.message,
      serverFault: false,
    };
  }
  // Hono's own exceptions (a malformed URL, for instance) carry the status to send.
  if (error instanceof HTTPException && error.status < 500) {
    return { status: error.status, code: 'invalid_argument', message: error.message, serverFault: false };
  }
  return { status: 500, code: 'internal', message: 'internal error', serverFault: true };
}

export function errorBody(error: HttpError, requestId: string): ErrorBody {
  return { error: { code: error.code, message: error.message, requestId } };
}

export const NOT_FOUND: HttpError = {
  status: 404,
  code: 'not_found',
  message: 'no such route',
  serverFault: false,
};
