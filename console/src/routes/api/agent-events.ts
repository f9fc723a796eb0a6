import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { agentEventQuery, parseQuery } from './params.ts';

/**
 * GET /api/v1/drift: the change events agents reported themselves, unchanged since before the
 * console kept its own drift records (GET /api/v1/drift-records), which link to them.
 */
export function createAgentEventRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => {
    const { siteId, assetId, state, ...page } = parseQuery(c, agentEventQuery);
    return c.json(services.agentEvents.listDrift({ siteId, assetId, state, sites: scopeOf(c) }, page));
  });
}
