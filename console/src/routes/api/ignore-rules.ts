import { Hono } from 'hono';
import { z } from 'zod';
import { requireAllSites } from '../../auth/principal.ts';
import { ignoreRuleInputSchema } from '../../governance/inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseJsonBody, requireAllowed } from './mutations.ts';
import { idParams, pageQuery, parseParams, parseQuery } from './params.ts';

const listQuery = pageQuery.extend({ enabled: z.enum(['true', 'false']).optional() });

/** Noise filters: list, read with versions, create, replace (a new version), enable and disable. */
export function createIgnoreRuleRoutes(services: ConsoleServices): Hono<AppEnv> {
  const rules = services.ignoreRules;
  return (
    new Hono<AppEnv>()
      // Rules can span sites (global, by model): people limited to some sites neither see nor change them.
      .use(async (c, next) => {
        requireAllSites(c.get('principal'));
        await next();
      })
      .get('/', (c) => {
        const { enabled, ...page } = parseQuery(c, listQuery);
        return c.json(rules.list({ enabled: enabled === undefined ? undefined : enabled === 'true' }, page));
      })
      .get('/:id', (c) => c.json(rules.get(parseParams(c, idParams).id)))
      .post('/', async (c) => {
        const { actor } = requireAllowed(c, 'decide');
        return c.json(rules.create(await parseJsonBody(c, ignoreRuleInputSchema), actor), 201);
      })
      .put('/:id', async (c) => {
        const { actor } = requireAllowed(c, 'decide');
        const { id } = parseParams(c, idParams);
        return c.json(rules.update(id, await parseJsonBody(c, ignoreRuleInputSchema), actor));
      })
      .post('/:id/disable', (c) => {
        const { actor } = requireAllowed(c, 'decide');
        return c.json(rules.setEnabled(parseParams(c, idParams).id, false, actor));
      })
      .post('/:id/enable', (c) => {
        const { actor } = requireAllowed(c, 'decide');
        return c.json(rules.setEnabled(parseParams(c, idParams).id, true, actor));
      })
  );
}
