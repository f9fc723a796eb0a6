import { idSchema } from '@plantwatch/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireAllSites } from '../../auth/principal.ts';
import type { ConsoleServices } from '../../services/index.ts';
import type { AppEnv } from '../env.ts';
import { pageQuery, parseQuery } from './params.ts';

const alertQuery = pageQuery.extend({
  state: z.enum(['pending', 'delivered', 'failed']).optional(),
  targetId: idSchema.optional(),
});
const deliveryQuery = pageQuery.extend({ outboxId: z.coerce.number().int().min(1).optional() });

/** Alerts (the outbox, with each alert's state) and the delivery log of every attempt. */
export function createAlertRoutes(services: ConsoleServices): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      requireAllSites(c.get('principal'));
      await next();
    })
    .get('/', (c) => {
      const { state, targetId, ...page } = parseQuery(c, alertQuery);
      return c.json(services.alerts.listAlerts({ state, targetId }, page));
    })
    .get('/deliveries', (c) => {
      const { outboxId, ...page } = parseQuery(c, deliveryQuery);
      return c.json(services.alerts.listDeliveries({ outboxId }, page));
    });
}
