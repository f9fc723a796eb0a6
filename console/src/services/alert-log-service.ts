import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { ConsoleDatabase } from '../db/client.ts';
import { alertDeliveries, alertOutbox } from '../db/schema/index.ts';
import { reading } from './query-errors.ts';
import type { Page, PageRequest } from './views.ts';

export type AlertView = typeof alertOutbox.$inferSelect;
export type AlertDeliveryView = typeof alertDeliveries.$inferSelect;

export interface AlertLogService {
  /** Alerts queued, delivered or failed, newest first. */
  listAlerts(
    filter: { state?: AlertView['state'] | undefined; targetId?: string | undefined },
    page: PageRequest,
  ): Page<AlertView>;
  /** The delivery log, newest first. */
  listDeliveries(filter: { outboxId?: number | undefined }, page: PageRequest): Page<AlertDeliveryView>;
}

export function createAlertLogService(db: ConsoleDatabase): AlertLogService {
  return {
    listAlerts(filter, page) {
      return reading('alerts', () => {
        const conditions: SQL[] = [];
        if (filter.state !== undefined) conditions.push(eq(alertOutbox.state, filter.state));
        if (filter.targetId !== undefined) conditions.push(eq(alertOutbox.targetId, filter.targetId));
        const where = conditions.length > 0 ? and(...conditions) : undefined;
        const items = db
          .select()
          .from(alertOutbox)
          .where(where)
          .orderBy(desc(alertOutbox.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items,
          total: db.select({ total: count() }).from(alertOutbox).where(where).get()?.total ?? 0,
        };
      });
    },
    listDeliveries(filter, page) {
      return reading('alert deliveries', () => {
        const where =
          filter.outboxId === undefined ? undefined : eq(alertDeliveries.outboxId, filter.outboxId);
        const items = db
          .select()
          .from(alertDeliveries)
          .where(where)
          .orderBy(desc(alertDeliveries.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        return {
          items,
          total: db.select({ total: count() }).from(alertDeliveries).where(where).get()?.total ?? 0,
        };
      });
    },
  };
}
