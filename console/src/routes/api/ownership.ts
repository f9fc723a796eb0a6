import { idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireSite } from '../../auth/principal.ts';
import { ownershipInputSchema } from '../../governance/inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { parseJsonBody, requireAllowed } from './mutations.ts';
import { assetParams, pageQuery, parseParams, parseQuery } from './params.ts';

export const gapQuery = pageQuery.extend({
  type: z.enum(['asset', 'agent']).default('asset'),
  siteId: idSchema.optional(),
});

/** Mounted at the API root: owners of assets and agents, and the governance gaps (what has none). */
export function createOwnershipRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .put('/sites/:siteId/assets/:assetId/owner', async (c) => {
      const { actor, sites } = requireAllowed(c, 'own');
      const { siteId, assetId } = parseParams(c, assetParams);
      requireSite(sites, siteId);
      return c.json(
        services.ownership.setAssetOwner(
          siteId,
          assetId,
          await parseJsonBody(c, ownershipInputSchema),
          actor,
        ),
      );
    })
    .put('/agents/:agentId/owner', async (c) => {
      const { actor, sites } = requireAllowed(c, 'own');
      const { agentId } = parseParams(c, z.object({ agentId: idSchema }));
      requireSite(sites, services.ownership.agentSite(agentId), `agent ${agentId}`);
      return c.json(
        services.ownership.setAgentOwner(agentId, await parseJsonBody(c, ownershipInputSchema), actor),
      );
    })
    .get('/governance/gaps', (c) => {
      const { type, siteId, ...page } = parseQuery(c, gapQuery);
      const sites = scopeOf(c);
      return c.json({
        ...services.ownership.gaps(type, { siteId, sites }, page),
        // The console-wide counts would tell a limited user about other sites.
        ...(sites === null ? { counts: services.ownership.gapCounts() } : {}),
      });
    });
}
