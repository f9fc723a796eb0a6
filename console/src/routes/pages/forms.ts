import { PlantwatchError } from '@plantwatch/shared';
import type { Context } from 'hono';
import type { z } from 'zod';
import { actorSchema } from '../../governance/inputs.ts';
import { invalidInput } from '../errors.ts';

/**
 * Plain HTML forms (no JavaScript). Every action form carries an `actor` field: there are no
 * accounts yet, so the person names themselves and the audit log records the name. There is no
 * CSRF token either; the later accounts issue adds sessions, CSRF tokens and roles, and then the
 * actor comes from the session instead of the form.
 */
export async function parseForm<T extends z.ZodType>(
  c: Context,
  schema: T,
  arrays: readonly string[] = [],
): Promise<{ actor: string; input: z.output<T> }> {
  const body = await c.req.parseBody({ all: true });
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === 'string',
    );
    if (arrays.includes(key)) fields[key] = values.filter((item) => item !== '');
    // An empty field is an absent one, as a browser sends every field of a form.
    else if (values[0] !== undefined && values[0] !== '') fields[key] = values[0];
  }
  const { actor: rawActor, ...rest } = fields;
  const actor = actorSchema.safeParse(rawActor ?? '');
  if (!actor.success) {
    throw new PlantwatchError(
      'invalid_argument',
      `actor (your name): ${actor.error.issues[0]?.message ?? 'is not valid'}`,
    );
  }
  const parsed = schema.safeParse(rest);
  if (!parsed.success) throw invalidInput(parsed.error);
  return { actor: actor.data, input: parsed.data };
}

/** After a successful form POST: see the result with a GET (a reload does not repeat the action). */
export function seeOther(c: Context, location: string): Response {
  return c.redirect(location, 303);
}
