import { PlantwatchError } from '@plantwatch/shared';
import { Hono } from 'hono';
import { requireSite, type SiteScope } from '../../auth/principal.ts';
import type { BulkDecisionInput } from '../../governance/inputs.ts';
import {
  bulkDecisionInputSchema,
  decisionInputSchema,
  resolutionInputSchema,
} from '../../governance/inputs.ts';
import type { BulkDecisionResult } from '../../services/governance/decision-service.ts';
import type { DriftRecordDetail } from '../../services/governance/drift-record-views.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { scopeOf } from '../scope.ts';
import { parseJsonBody, requireAllowed } from './mutations.ts';
import { driftFilter, driftQuery, idParams, parseParams, parseQuery } from './params.ts';

/** The console's drift records: list with filters, one in detail, decisions (one or many), resolution. */
export function createDriftRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      const query = parseQuery(c, driftQuery);
      return c.json(services.drift.list({ ...driftFilter(query), sites: scopeOf(c) }, query));
    })
    .post('/decisions', async (c) => {
      const { actor, sites } = requireAllowed(c, 'decide');
      return c.json(decideVisible(services, sites, await parseJsonBody(c, bulkDecisionInputSchema), actor));
    })
    .get('/:id', (c) => c.json(visibleRecord(services, scopeOf(c), parseParams(c, idParams).id)))
    .post('/:id/decision', async (c) => {
      const { actor, sites } = requireAllowed(c, 'decide');
      const { id } = parseParams(c, idParams);
      requireVisibleRecord(services, sites, id);
      services.decisions.decide(id, await parseJsonBody(c, decisionInputSchema), actor);
      return c.json(services.drift.get(id));
    })
    .post('/:id/resolve', async (c) => {
      const { actor, sites } = requireAllowed(c, 'decide');
      const { id } = parseParams(c, idParams);
      requireVisibleRecord(services, sites, id);
      services.decisions.resolve(id, (await parseJsonBody(c, resolutionInputSchema)).note, actor);
      return c.json(services.drift.get(id));
    });
}

/** A drift record of a site the caller may see; otherwise `not_found`, as if it did not exist. */
export function visibleRecord(services: ConsoleServices, sites: SiteScope, id: number): DriftRecordDetail {
  requireVisibleRecord(services, sites, id);
  return services.drift.get(id);
}

/**
 * The access check alone, before a decision: only the record's site is read (the decision loads
 * the record itself). An unknown id is `not_found` with the same message as reading it.
 */
export function requireVisibleRecord(services: ConsoleServices, sites: SiteScope, id: number): void {
  const siteId = services.drift.siteOf(id);
  if (siteId === undefined) throw new PlantwatchError('not_found', `no drift record ${id}`);
  requireSite(sites, siteId, `drift record ${id}`);
}

/**
 * Bulk decisions on the records the caller may see; the others fail one by one as `not_found`,
 * exactly like ids that do not exist.
 */
export function decideVisible(
  services: ConsoleServices,
  sites: SiteScope,
  input: BulkDecisionInput,
  actor: string,
): BulkDecisionResult {
  const hidden = new Set(
    sites === null
      ? []
      : input.ids.filter((id) => {
          const siteId = services.drift.siteOf(id);
          // An unknown id is left to the service, which reports it.
          return siteId !== undefined && !sites.includes(siteId);
        }),
  );
  const visible = input.ids.filter((id) => !hidden.has(id));
  const result: BulkDecisionResult =
    visible.length === 0
      ? { decided: [], failed: [] }
      : services.decisions.decideMany({ ...input, ids: visible }, actor);
  for (const id of hidden) result.failed.push({ id, code: 'not_found', message: `no drift record ${id}` });
  return result;
}
