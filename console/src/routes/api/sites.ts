import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { pageQuery, parseParams, parseQuery, siteParams } from './params.ts';

export function createSiteRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json(services.fleet.listSites(parseQuery(c, pageQuery))))
    .get('/:siteId', (c) => {
      const { siteId } = parseParams(c, siteParams);
      return c.json(services.fleet.getSite(siteId, parseQuery(c, pageQuery)));
    });
}
