import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { pageQuery, parseParams, parseQuery, siteParams } from './params.ts';
import { siteListQuery } from './view-params.ts';

export function createSiteRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json(services.fleet.listSites(scopeOf(c), parseQuery(c, siteListQuery))))
    .get('/:siteId', (c) => {
      const { siteId } = parseParams(c, siteParams);
      return c.json(services.fleet.getSite(scopeOf(c), siteId, parseQuery(c, pageQuery)));
    });
}
