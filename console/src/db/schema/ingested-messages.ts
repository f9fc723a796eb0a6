import type { MessageType } from '@plantwatch/protocol';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every message ingested, by `(agentId, seq)`. MQTT QoS 1 delivers at least once, so the same
 * message can arrive twice (redelivery after a reconnect, a retained status): this key drops it.
 */
export const ingestedMessages = sqliteTable(
  'ingested_messages',
  {
    agentId: text('agent_id').notNull(),
    seq: integer('seq').notNull(),
    siteId: text('site_id').notNull(),
    type: text('type').$type<MessageType>().notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.agentId, table.seq] }),
    // Retention prunes by age.
    index('ingested_messages_received_idx').on(table.receivedAt),
  ],
);
