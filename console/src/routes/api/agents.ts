import { Hono } from 'hono';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { pageQuery, parseQuery } from './params.ts';
import { agentQuery } from './view-params.ts';

export function createAgentRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const { siteId, state, version, ...page } = parseQuery(c, agentQuery);
      const agents = services.agents.list(scopeOf(c), { siteId, state, agentVersion: version }, page);
      // Gaps in each agent's sequence numbers: messages lost on the way (services/sequence-gaps.ts).
      const gaps = services.sequenceGaps.forAgents(agents.items);
      return c.json({
        ...agents,
        items: agents.items.map((agent) => ({ ...agent, sequenceGaps: gaps[agent.agentId] })),
      });
    })
    .get('/by-site', (c) => c.json(services.agents.siteHealth(scopeOf(c), parseQuery(c, pageQuery))))
    .get('/versions', (c) => c.json({ items: services.agents.versions(scopeOf(c)) }));
}
