import { PlantwatchError } from '@plantwatch/shared';
import type { Context } from 'hono';
import type { z } from 'zod';
import { type Permission, type Principal, requirePermission } from '../../auth/principal.ts';
import type { AppEnv } from '../env.ts';
import { invalidInput } from '../errors.ts';

/** Who is acting: the signed-in user or the API token, as the audit log records it. */
export function requireActor(c: Context<AppEnv>): string {
  return c.get('principal').actor;
}

/** The principal after checking its role may do this. */
export function requireAllowed(c: Context<AppEnv>, permission: Permission): Principal {
  const principal = c.get('principal');
  requirePermission(principal, permission);
  return principal;
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
