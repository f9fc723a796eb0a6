import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A single-use, time-limited token with which one agent enrolls at one site. Only its SHA-256
 * is stored.
 */
export const enrollmentTokens = sqliteTable(
  'enrollment_tokens',
  {
    tokenId: text('token_id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    siteId: text('site_id').notNull(),
    owner: text('owner').notNull(),
    purpose: text('purpose').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    usedByAgentId: text('used_by_agent_id'),
  },
  (table) => [index('enrollment_tokens_site_idx').on(table.siteId)],
);
