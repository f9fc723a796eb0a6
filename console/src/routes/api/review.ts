import { idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireSite } from '../../auth/principal.ts';
import { ownershipInputSchema, resolutionInputSchema } from '../../governance/inputs.ts';
import { REVIEW_ORIGINS, REVIEW_STATUSES } from '../../governance/vocabulary.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { parseJsonBody, requireAllowed } from './mutations.ts';
import { idParams, pageQuery, parseParams, parseQuery } from './params.ts';

export const reviewQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  origin: z.enum(REVIEW_ORIGINS).optional(),
});

/** The new-asset review queue: list, accept (owner and purpose), ignore (note). */
export function createReviewRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const { siteId, status, origin, ...page } = parseQuery(c, reviewQuery);
      return c.json(services.review.list({ siteId, status, origin, sites: scopeOf(c) }, page));
    })
    .post('/:id/accept', async (c) => {
      const { actor, sites } = requireAllowed(c, 'own');
      const { id } = parseParams(c, idParams);
      requireSite(sites, services.review.get(id).siteId, `review item ${id}`);
      return c.json(services.review.accept(id, await parseJsonBody(c, ownershipInputSchema), actor));
    })
    .post('/:id/ignore', async (c) => {
      const { actor, sites } = requireAllowed(c, 'own');
      const { id } = parseParams(c, idParams);
      requireSite(sites, services.review.get(id).siteId, `review item ${id}`);
      return c.json(services.review.ignore(id, (await parseJsonBody(c, resolutionInputSchema)).note, actor));
    });
}
