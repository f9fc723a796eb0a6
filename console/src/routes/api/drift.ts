import { Hono } from 'hono';
import {
  bulkDecisionInputSchema,
  decisionInputSchema,
  resolutionInputSchema,
} from '../../governance/inputs.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { parseJsonBody, requireActor } from './mutations.ts';
import { driftFilter, driftQuery, idParams, parseParams, parseQuery } from './params.ts';

/** The console's drift records: list with filters, one in detail, decisions (one or many), resolution. */
export function createDriftRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const query = parseQuery(c, driftQuery);
      return c.json(services.drift.list(driftFilter(query), query));
    })
    .post('/decisions', async (c) => {
      const actor = requireActor(c);
      return c.json(services.decisions.decideMany(await parseJsonBody(c, bulkDecisionInputSchema), actor));
    })
    .get('/:id', (c) => c.json(services.drift.get(parseParams(c, idParams).id)))
    .post('/:id/decision', async (c) => {
      const actor = requireActor(c);
      const { id } = parseParams(c, idParams);
      services.decisions.decide(id, await parseJsonBody(c, decisionInputSchema), actor);
      return c.json(services.drift.get(id));
    })
    .post('/:id/resolve', async (c) => {
      const actor = requireActor(c);
      const { id } = parseParams(c, idParams);
      services.decisions.resolve(id, (await parseJsonBody(c, resolutionInputSchema)).note, actor);
      return c.json(services.drift.get(id));
    });
}
