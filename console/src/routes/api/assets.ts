import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { assetParams, pageQuery, parseParams, parseQuery } from './params.ts';
import { diffQuery, inventoryFilter, inventoryQuery } from './view-params.ts';

/** Mounted at the API root: assets are listed fleet-wide and addressed under their site. */
export function createAssetRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/assets', (c) => {
      const { limit, offset, sort, dir, ...filter } = parseQuery(c, inventoryQuery);
      return c.json(
        services.assets.listAssets(scopeOf(c), inventoryFilter(filter), { limit, offset, sort, dir }),
      );
    })
    .get('/sites/:siteId/assets/:assetId', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      return c.json(services.assets.getAsset(scopeOf(c), siteId, assetId));
    })
    .get('/sites/:siteId/assets/:assetId/links', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      return c.json(services.assets.listLinks(scopeOf(c), siteId, assetId, parseQuery(c, pageQuery)));
    })
    .get('/sites/:siteId/assets/:assetId/diff', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      const { from, to } = parseQuery(c, diffQuery.required());
      return c.json(services.assets.diffVersions(scopeOf(c), siteId, assetId, from, to));
    });
}
