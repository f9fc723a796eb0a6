import { idSchema } from '@plantwatch/protocol';
import type { Context } from 'hono';
import { z } from 'zod';
import { DRIFT_CLASSES, DRIFT_KINDS, DRIFT_RECORD_STATES, SEVERITIES } from '../../governance/vocabulary.ts';
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

/** The agents' own change events (GET /api/v1/drift). */
export const agentEventQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  assetId: idSchema.optional(),
  state: z.enum(DRIFT_STATES).optional(),
});

/** An ISO 8601 time with an offset, normalized to UTC with milliseconds (as stored). */
export const isoTimeParam = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString());

/** `state=open` or `state=open,planned`. */
const stateList = z
  .string()
  .max(200)
  .transform((value) => value.split(','))
  .pipe(z.array(z.enum(DRIFT_RECORD_STATES)).min(1).max(DRIFT_RECORD_STATES.length));

/** The console's drift records (GET /api/v1/drift-records, the drift inbox, exports). */
export const driftQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  assetId: idSchema.optional(),
  agentId: idSchema.optional(),
  state: stateList.optional(),
  kind: z.enum(DRIFT_KINDS).optional(),
  class: z.enum(DRIFT_CLASSES).optional(),
  /** At least this severity. */
  severity: z.enum(SEVERITIES).optional(),
  from: isoTimeParam.optional(),
  to: isoTimeParam.optional(),
});
export type DriftQuery = z.output<typeof driftQuery>;

/** The filter part of a drift query, as the drift record service takes it. */
export function driftFilter(query: DriftQuery) {
  const { limit: _limit, offset: _offset, state, ...rest } = query;
  return { ...rest, states: state };
}

export const idParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

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
