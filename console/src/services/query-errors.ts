import { formatIssues } from '@plantwatch/protocol';
import { PlantwatchError } from '@plantwatch/shared';
import type { z } from 'zod';

/** Runs a read and turns a database failure into an internal error that says what was being read. */
export function reading<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PlantwatchError) throw error;
    throw new PlantwatchError('internal', `cannot read ${what}`, { cause: error });
  }
}

/** A zod failure on input (a request, a form, a command line), as a client error naming each failing field. */
export function invalidInput(error: z.ZodError): PlantwatchError {
  return new PlantwatchError('invalid_argument', formatIssues(error, 5).join('; '));
}
