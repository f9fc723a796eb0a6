import { idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireSite } from '../../auth/principal.ts';
import { changeWindowInputSchema } from '../../governance/inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { parseJsonBody, requireAllowed } from './mutations.ts';
import { idParams, isoTimeParam, pageQuery, parseParams, parseQuery } from './params.ts';

export const changeWindowQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  activeAt: isoTimeParam.optional(),
  includeCancelled: z.enum(['true', 'false']).optional(),
});

/** Planned changes: list, read, create, cancel. */
export function createChangeWindowRoutes(services: ConsoleServices): Hono<AppEnv> {
  const windows = services.changeWindows;
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const { siteId, activeAt, includeCancelled, ...page } = parseQuery(c, changeWindowQuery);
      return c.json(
        windows.list(
          { siteId, activeAt, includeCancelled: includeCancelled === 'true', sites: scopeOf(c) },
          page,
        ),
      );
    })
    .get('/:id', (c) => {
      const window = windows.get(parseParams(c, idParams).id);
      requireSite(scopeOf(c), window.siteId, `change window ${window.id}`);
      return c.json(window);
    })
    .post('/', async (c) => {
      const { actor, sites } = requireAllowed(c, 'decide');
      const input = await parseJsonBody(c, changeWindowInputSchema);
      requireSite(sites, input.siteId);
      return c.json(windows.create(input, actor), 201);
    })
    .post('/:id/cancel', (c) => {
      const { actor, sites } = requireAllowed(c, 'decide');
      const { id } = parseParams(c, idParams);
      requireSite(sites, windows.get(id).siteId, `change window ${id}`);
      return c.json(windows.cancel(id, actor));
    });
}
