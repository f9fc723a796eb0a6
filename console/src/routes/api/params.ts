import { idSchema } from '@plantwatch/protocol';
import type { Context } from 'hono';
import { z } from 'zod';
import { DRIFT_STATES } from '../../states.ts';
import { invalidInput } from '../errors.ts';

/** Query and path parameter schemas shared by the API and the pages. */

export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 500;

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});

export const siteQuery = pageQuery.extend({ siteId: idSchema.optional() });

export const driftQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  assetId: idSchema.optional(),
  state: z.enum(DRIFT_STATES).optional(),
});

export const siteParams = z.object({ siteId: idSchema });
export const assetParams = z.object({ siteId: idSchema, assetId: idSchema });

/** Parses the query string; an empty parameter (`?siteId=`) counts as absent, as a form sends it. */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export function parseParams<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
