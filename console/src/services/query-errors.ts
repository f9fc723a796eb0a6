import { PlantwatchError } from '@plantwatch/shared';

/** Runs a read and turns a database failure into an internal error that says what was being read. */
export function reading<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PlantwatchError) throw error;
    throw new PlantwatchError('internal', `cannot read ${what}`, { cause: error });
  }
}
