import { PlantwatchError } from '@plantwatch/shared';
import type { Context } from 'hono';
import type { z } from 'zod';
import { actorSchema } from '../../governance/inputs.ts';
import { invalidInput } from '../errors.ts';

/**
 * Who is acting. There are no accounts yet (a later issue): the client names the person in this
 * header and the audit log records it. A later auth layer will set the actor from the session
 * instead, in this one place.
 */
export const ACTOR_HEADER = 'X-Plantwatch-Actor';

export function requireActor(c: Context): string {
  const parsed = actorSchema.safeParse(c.req.header(ACTOR_HEADER) ?? '');
  if (!parsed.success) {
    throw new PlantwatchError(
      'invalid_argument',
      `${ACTOR_HEADER} header: ${parsed.error.issues[0]?.message ?? 'is not valid'}`,
    );
  }
  return parsed.data;
}

/** Parses a JSON request body against a schema; a body that is not JSON is a client error. */
export async function parseJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new PlantwatchError(
      'invalid_argument',
      'the request body must be JSON (Content-Type: application/json)',
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
