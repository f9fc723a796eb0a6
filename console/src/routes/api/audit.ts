import { Hono } from 'hono';
import { z } from 'zod';
import { requireAllSites } from '../../auth/principal.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { isoTimeParam, pageQuery, parseQuery } from './params.ts';

const term = z.string().min(1).max(200);
export const auditQuery = pageQuery.extend({
  actor: term.optional(),
  action: term.optional(),
  entityType: term.optional(),
  entityId: term.optional(),
  from: isoTimeParam.optional(),
  to: isoTimeParam.optional(),
});

/** The audit log: entries newest first with filters, and a check of its hash chain. */
export function createAuditRoutes(services: ConsoleServices): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      // Entries name entities of every site: the whole log is for people who see every site.
      .use(async (c, next) => {
        requireAllSites(c.get('principal'));
        await next();
      })
      .get('/', (c) => {
        const { limit, offset, ...filter } = parseQuery(c, auditQuery);
        return c.json(services.audit.list(filter, { limit, offset }));
      })
      .get('/verify', (c) => c.json(services.audit.verify()))
  );
}
