import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AlertPayload } from '../../alerts/alert-payload.ts';

/**
 * Alerts waiting to be delivered, one row per event and target, written in the transaction that
 * caused the event (so an alert exists if and only if its cause was stored, and survives a
 * restart). The dispatcher delivers them with retries; ingest never waits for a delivery.
 */
export const alertOutbox = sqliteTable(
  'alert_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    event: text('event').notNull(),
    targetKind: text('target_kind', { enum: ['webhook', 'syslog'] }).notNull(),
    targetId: text('target_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<AlertPayload>().notNull(),
    createdAt: text('created_at').notNull(),
    state: text('state', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    deliveredAt: text('delivered_at'),
  },
  (table) => [
    index('alert_outbox_due_idx').on(table.state, table.nextAttemptAt),
    index('alert_outbox_created_idx').on(table.createdAt),
  ],
);
