import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { alertOutbox } from './alert-outbox.ts';

/** The delivery log: every attempt to deliver an alert, with its outcome. */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => alertOutbox.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    /** The HTTP status for a webhook; null for syslog or when no answer came. */
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (table) => [
    index('alert_deliveries_outbox_idx').on(table.outboxId, table.id),
    index('alert_deliveries_at_idx').on(table.at),
  ],
);
