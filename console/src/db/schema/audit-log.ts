import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every human action, append-only and hash-chained: `hash` is the SHA-256 of the row's fields and
 * the previous row's hash, so editing or deleting a row breaks the chain from there on (see
 * services/audit/audit-chain.ts). Triggers refuse UPDATE and DELETE (migration 0002).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    /** 1, 2, 3... without gaps: a gap is a deleted row. */
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** Canonical JSON, hashed as stored. */
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    index('audit_log_at_idx').on(table.at),
    index('audit_log_actor_idx').on(table.actor, table.seq),
    index('audit_log_entity_idx').on(table.entityType, table.entityId, table.seq),
  ],
);
