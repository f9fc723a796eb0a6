import { idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { changeWindowInputSchema } from '../../governance/inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseJsonBody, requireActor } from './mutations.ts';
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
      return c.json(windows.list({ siteId, activeAt, includeCancelled: includeCancelled === 'true' }, page));
    })
    .get('/:id', (c) => c.json(windows.get(parseParams(c, idParams).id)))
    .post('/', async (c) => {
      const actor = requireActor(c);
      return c.json(windows.create(await parseJsonBody(c, changeWindowInputSchema), actor), 201);
    })
    .post('/:id/cancel', (c) => {
      const actor = requireActor(c);
      return c.json(windows.cancel(parseParams(c, idParams).id, actor));
    });
}
