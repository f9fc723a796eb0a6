import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseQuery, siteQuery } from './params.ts';

export function createAgentRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const { siteId, ...page } = parseQuery(c, siteQuery);
    return c.json(services.fleet.listAgents({ siteId }, page));
  });
}
