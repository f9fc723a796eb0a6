import { Hono } from 'hono';
import { z } from 'zod';
import { requireAllSites, requireSite } from '../../auth/principal.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { requireAllowed } from './mutations.ts';
import { assetParams, isoTimeParam, pageQuery, parseParams, parseQuery, siteParams } from './params.ts';

export const asOfQuery = z.object({ at: isoTimeParam.optional() });
export const siteChangesQuery = pageQuery.extend({ from: isoTimeParam, to: isoTimeParam.optional() });

/** Mounted at the API root: configuration history, as-of queries, site changes, pruning. */
export function createHistoryRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/sites/:siteId/assets/:assetId/history', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      requireSite(scopeOf(c), siteId);
      return c.json(services.history.assetHistory(siteId, assetId, parseQuery(c, pageQuery)));
    })
    .get('/sites/:siteId/assets/:assetId/config', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      requireSite(scopeOf(c), siteId);
      const { at } = parseQuery(c, asOfQuery);
      return c.json(services.history.asOf(siteId, assetId, at ?? new Date().toISOString()));
    })
    .get('/sites/:siteId/changes', (c) => {
      const { siteId } = parseParams(c, siteParams);
      requireSite(scopeOf(c), siteId);
      const { from, to, ...page } = parseQuery(c, siteChangesQuery);
      return c.json(services.history.siteChanges(siteId, from, to ?? new Date().toISOString(), page));
    })
    .post('/history/prune', (c) => {
      const principal = requireAllowed(c, 'administer');
      requireAllSites(principal);
      return c.json(services.retention.prune(principal.actor));
    });
}
