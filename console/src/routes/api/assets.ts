import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { assetParams, pageQuery, parseParams, parseQuery, siteQuery } from './params.ts';

/** Mounted at the API root: assets are listed fleet-wide and addressed under their site. */
export function createAssetRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/assets', (c) => {
      const { siteId, ...page } = parseQuery(c, siteQuery);
      return c.json(services.assets.listAssets({ siteId }, page));
    })
    .get('/sites/:siteId/assets/:assetId', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      return c.json(services.assets.getAsset(siteId, assetId));
    })
    .get('/sites/:siteId/assets/:assetId/links', (c) => {
      const { siteId, assetId } = parseParams(c, assetParams);
      return c.json(services.assets.listLinks(siteId, assetId, parseQuery(c, pageQuery)));
    });
}
