import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../auth/roles.ts';

/**
 * A token for the JSON API, with its own role and site scope (like a user). Only its SHA-256 is
 * stored; the secret is shown once when it is created.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    tokenId: text('token_id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    role: text('role', { enum: ROLES }).notNull(),
    siteScope: text('site_scope'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (table) => [index('api_tokens_created_by_idx').on(table.createdBy)],
);
