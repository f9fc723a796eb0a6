import { Hono } from 'hono';
import { z } from 'zod';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseJsonBody, requireActor } from './mutations.ts';

/** Governance settings: read (webhook secrets hidden), and update by partial merge (audited). */
export function createSettingsRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json(services.settings.redacted()))
    .put('/', async (c) => {
      const actor = requireActor(c);
      // The service validates the merged whole and names each failing path.
      const update = await parseJsonBody(c, z.record(z.string(), z.unknown()));
      return c.json(services.settings.update(update, actor));
    });
}
