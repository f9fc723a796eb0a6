import type { Context } from 'hono';
import type { z } from 'zod';
import { CSRF_FIELD } from '../auth/authenticate.ts';
import type { AppEnv } from '../env.ts';
import { invalidInput } from '../errors.ts';

/**
 * Plain HTML forms (no JavaScript). The actor is the signed-in user; the CSRF token every form
 * carries was checked by the authentication middleware and is dropped here with the other
 * fields that are not the form's own.
 */
export async function parseForm<T extends z.ZodType>(
  c: Context<AppEnv>,
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
  const { [CSRF_FIELD]: _csrf, ...rest } = fields;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) throw invalidInput(parsed.error);
  return { actor: c.get('principal').actor, input: parsed.data };
}

/** After a successful form POST: see the result with a GET (a reload does not repeat the action). */
export function seeOther(c: Context, location: string): Response {
  return c.redirect(location, 303);
}
