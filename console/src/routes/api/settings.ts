import { Hono } from 'hono';
import { z } from 'zod';
import { requireAllSites } from '../../auth/principal.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseJsonBody, requireAllowed } from './mutations.ts';

/** Governance settings: read (webhook secrets hidden), and update by partial merge (audited). */
export function createSettingsRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      requireAllSites(c.get('principal'));
      await next();
    })
    .get('/', (c) => c.json(services.settings.redacted()))
    .put('/', async (c) => {
      const { actor } = requireAllowed(c, 'administer');
      // The service validates the merged whole and names each failing path.
      const update = await parseJsonBody(c, z.record(z.string(), z.unknown()));
      return c.json(services.settings.update(update, actor));
    });
}
