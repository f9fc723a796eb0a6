import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { driftQuery, parseQuery } from './params.ts';

export function createDriftRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const { siteId, assetId, state, ...page } = parseQuery(c, driftQuery);
    return c.json(services.drift.listDrift({ siteId, assetId, state }, page));
  });
}
